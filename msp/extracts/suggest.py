"""Suggestions for a new mapping: the heading of each MSP column, how dates are written, what values mean.

Only suggestions: the user sees each one and accepts or changes it. A heading is suggested for a column when
its name is close to the column's name, description or a name case systems commonly use, and its values fit
the column (dates for a date column, values of the list for a list column). A source value is suggested an
option when it is the option's label or code, contains or is contained in the label, or abbreviates it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from msp.cases.importing.columns import Column, ListColumn, normalise
from msp.extracts.mapping import (
    BLANK,
    DATE_FORMATS,
    Mapping,
    Source,
    is_dated,
    options_of,
    parse_source_date,
    recognised,
    split_values,
)

# Headings seen in case systems' extracts, by the MSP column they hold (lower case, any spacing).
COMMON_HEADINGS: dict[str, tuple[str, ...]] = {
    "external_person_id": ("client id", "person id", "service user id", "su id", "mosaic id", "lcs id"),
    "given_name": ("first name", "forename", "forenames", "first names"),
    "family_name": ("surname", "last name"),
    "known_as": ("preferred name", "known as"),
    "date_of_birth": ("dob", "birth date", "date of birth"),
    "nhs_number": ("nhs no", "nhs number", "nhs num"),
    "gender": ("sex", "gender"),
    "ethnicity": ("ethnic origin", "ethnic group", "ethnicity"),
    "support_reason": ("primary support reason", "psr", "client group"),
    "area": ("locality", "locality team", "team area", "area", "district", "team"),
    "external_concern_id": ("referral id", "concern id", "safeguarding id", "contact id", "case id"),
    "received_at": ("referral date", "date of referral", "contact date", "date received", "concern date"),
    "referrer_type": ("source of referral", "referral source", "referrer type", "referred by"),
    "referrer_name": ("referrer", "referrer name", "referring organisation"),
    "referrer_contact": ("referrer contact", "referrer phone", "referrer telephone"),
    "risk_types": ("abuse type", "type of abuse", "category of abuse", "risk type"),
    "location": ("location of abuse", "location of risk", "where abuse occurred", "setting"),
    "source_of_risk": ("source of risk", "alleged perpetrator", "person alleged to be responsible"),
    "what_happened": ("concern details", "details", "description", "summary of concern"),
    "wants_to_happen": ("desired outcome", "what does the person want", "wishes"),
    "outcomes_asked": ("outcomes asked", "msp asked", "asked desired outcomes"),
    "decision": ("decision", "outcome of concern", "s42 decision", "concern outcome"),
    "decided_at": ("decision date", "date of decision"),
    "criterion_a": ("crit a", "criteria a", "s42 criterion a", "has care and support needs"),
    "criterion_b": ("crit b", "criteria b", "s42 criterion b", "experiencing or at risk of abuse"),
    "criterion_c": ("crit c", "criteria c", "s42 criterion c", "unable to protect themselves"),
    "first_contact_at": ("first contact", "date of first contact"),
    "capacity": ("lacks capacity", "mental capacity", "capacity"),
    "capacity_support": ("advocacy", "advocate", "support where lacking capacity"),
    "risk_result": ("action taken and result", "risk result", "result"),
    "risk_outcome": ("risk outcome", "outcome for risk"),
    "closed_at": ("closure date", "date closed", "end date", "enquiry end date"),
}
NAME_CUTOFF = 0.78  # a heading this close to a column's names is suggested (if its values do not forbid it)
VALUE_CUTOFF = 0.72
_NUMBERED = re.compile(r"^(.*?)[\s_\-]*\(?(\d{1,2})\)?$")  # "Abuse Type 2", "abuse_type_2", "Abuse type (2)"


@dataclass
class Suggestion:
    source: Source
    why: str  # said beside the field: "the heading's name", "its values"


def similarity(heading: str, column: Column) -> float:
    key = normalise(heading).replace("_", " ")
    names = {column.name.replace("_", " "), normalise(column.description).rstrip(".?")}
    names.update(COMMON_HEADINGS.get(column.name, ()))
    return max(difflib.SequenceMatcher(None, key, name).ratio() for name in names)


def values_fit(column: Column, values: dict[str, int]) -> float | None:
    """Share of the heading's rows whose value the column could take; None when values tell nothing."""
    if not values:
        return None
    total = sum(values.values())
    if is_dated(column):
        fitting = sum(n for v, n in values.items() if detect_date_format({v: n})[0])
        return fitting / total
    if options_of(column):
        fitting = sum(
            n
            for v, n in values.items()
            if all(suggest_value(column, part) is not None for part in split_values(column, v))
        )
        return fitting / total
    return None


def suggest_columns(
    columns: list[Column], header: list[str], distinct: dict[str, dict[str, int]]
) -> dict[str, Suggestion]:
    """A heading (or numbered headings) for each column that has a likely one; each heading used once."""
    pairs = []
    for column in columns:
        for heading in header:
            if not heading:
                continue
            score = similarity(_stem(heading) if isinstance(column, ListColumn) else heading, column)
            if score < NAME_CUTOFF:
                continue
            fit = values_fit(column, distinct.get(heading, {}))
            if fit is not None and fit < 0.5:
                continue  # a name that fits with values that do not: not this heading
            why = "the heading's name and values" if fit else "the heading's name"
            pairs.append((score + (fit or 0) / 10, column, heading, why))
    used: set[str] = set()
    found: dict[str, Suggestion] = {}
    for _, column, heading, why in sorted(pairs, key=lambda p: -p[0]):
        if column.name in found or heading in used:
            continue
        headings = [heading]
        if isinstance(column, ListColumn):  # "Abuse Type 1", "Abuse Type 2", ...: all of them
            stem = _stem(heading)
            headings = sorted(
                (h for h in header if h and h not in used and _stem(h) == stem and _NUMBERED.match(h)),
                key=_number,
            ) or [heading]
        used.update(headings)
        date_format = detect_date_format(_merged(distinct, headings))[0] if is_dated(column) else ""
        found[column.name] = Suggestion(Source(headings=headings, date_format=date_format or ""), why)
    return found


def _stem(heading: str) -> str:
    match = _NUMBERED.match(heading.strip())
    return normalise(match[1] if match else heading)


def _number(heading: str) -> int:
    match = _NUMBERED.match(heading.strip())
    return int(match[2]) if match else 0


def _merged(distinct: dict[str, dict[str, int]], headings: list[str]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for heading in headings:
        for value, rows in distinct.get(heading, {}).items():
            merged[value] = merged.get(value, 0) + rows
    return merged


def detect_date_format(values: dict[str, int]) -> tuple[str, list[str]]:
    """The format every value is written in (day first preferred where both orders read), and every format
    that reads them all. ("", []) when none does."""
    samples = [v for v in values if v.strip()][:200]
    if not samples:
        return "", []
    readable = [key for key in DATE_FORMATS if all(parse_source_date(v, key, iso_too=False) for v in samples)]
    return (readable[0] if readable else ""), readable


def suggest_value(column: Column, text: str) -> str | None:
    """The code an option-list value most likely means; None when nothing is close."""
    code = recognised(column, text)
    if code is not None:
        return code
    options = options_of(column)
    wanted = normalise(text)
    if not wanted:
        return None
    if wanted in {"unknown", "not known", "n/k", "nk", "not recorded", "none recorded", "-"}:
        known = [c for c, label in options if normalise(label) in {"not known", "unknown"}]
        return known[0] if known else BLANK
    plain = re.sub(r"\(.*?\)", "", wanted).strip()  # "own home (incl. sheltered)" -> "own home"
    for code, label in options:
        if plain and plain == normalise(label):
            return code
    for code, label in options:
        name = normalise(label)
        if len(plain) >= 4 and (name.startswith(plain) or plain.startswith(name)):
            return code
    if wanted.isalpha():  # "NEG" -> "Neglect and acts of omission", "F" -> "Female": where only one fits
        starts = [code for code, label in options if normalise(label).startswith(wanted)]
        if len(starts) == 1:
            return starts[0]
    labels = {normalise(label): code for code, label in options}
    close = difflib.get_close_matches(plain or wanted, list(labels), n=1, cutoff=VALUE_CUTOFF)
    return labels[close[0]] if close else None


def suggest_values(
    mapping: Mapping, columns: list[Column], distinct: dict[str, dict[str, int]]
) -> dict[str, dict[str, tuple[int, str | None]]]:
    """For each mapped list column: each value of its headings -> (rows, suggested code or None).

    A value the mapping already maps keeps that mapping."""
    found: dict[str, dict[str, tuple[int, str | None]]] = {}
    for column in columns:
        source = mapping.columns.get(column.name)
        if source is None or source.value is not None or not options_of(column):
            continue
        counts: dict[str, int] = {}
        for text, rows in _merged(distinct, source.headings).items():
            for part in split_values(column, text):
                counts[part] = counts.get(part, 0) + rows
        found[column.name] = {
            value: (
                rows,
                mapping.value_for(column.name, value)
                if mapping.value_for(column.name, value) is not None
                else suggest_value(column, value),
            )
            for value, rows in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        }
    return found
