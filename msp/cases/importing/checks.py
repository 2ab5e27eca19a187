"""Phase one: check the headings, every row, and the rules across rows, before anything is written."""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

from django.db.models import Q
from django.utils import timezone

from msp.cases import categories as cat
from msp.cases.importing.columns import (
    ENQUIRY_DECISIONS,
    MAX_OUTCOMES,
    PERSON_FIELDS,
    Column,
    ListColumn,
    heading_key,
    normalise,
)
from msp.cases.importing.layout import build_columns
from msp.cases.importing.report import ImportReport, KnownIds, ParsedRow
from msp.cases.importing.row_rules import Facts, row_rules
from msp.cases.rules import is_repeat
from msp.core.tabular import CellError, Table, check_extra_cells, map_header


def check_header(table: Table, columns: list[Column], report: ImportReport) -> dict[str, int]:
    """Map each known column to its position; report unknown, duplicate, unnamed and missing columns."""
    names = [c.name for c in columns]
    return map_header(
        table,
        report,
        known={heading_key(name): name for name in names},
        key=heading_key,
        whose="the import",
        unnamed_fix="Give it a column name from docs/cases_import.md, or delete it.",
        unknown_fix=lambda heading: _unknown_column_fix(heading, names),
        required={c.name: f"Add a column headed `{c.name}`: {c.description}" for c in columns if c.required},
    )


def _unknown_column_fix(heading: str, names: list[str]) -> str:
    if re.match(r"outcome_\d+_", heading_key(heading)):
        return f"At most {MAX_OUTCOMES} desired outcomes per concern can be imported."
    close = difflib.get_close_matches(heading_key(heading), names, n=1, cutoff=0.6)
    return f"Did you mean `{close[0]}`?" if close else "Remove it; docs/cases_import.md lists every column."


def check_row(
    number: int, cells: list[str], columns: list[Column], positions: dict[str, int], report: ImportReport
) -> ParsedRow:
    """Parse every cell of a row, then apply the rules across its columns."""
    raw = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
    values: dict[str, Any] = {}
    failed: set[str] = set()
    year = None
    # The received date goes first: national labels are read with its reporting year.
    for column in sorted(columns, key=lambda c: c.name != "received_at"):
        text = raw.get(column.name, "")
        if not text:
            if column.required and column.name in positions:
                failed.add(column.name)
                report.problem(
                    "required",
                    f"`{column.name}` must be given",
                    f"Fill it in: {column.description}",
                    row=number,
                    column=column.name,
                )
            continue
        try:
            values[column.name] = column.parse(text, year)
        except CellError as exc:
            failed.add(column.name)
            report.problem(exc.rule, exc.message, exc.fix, row=number, column=column.name, value=text)
            continue
        if column.name == "received_at":
            year = cat.reporting_year(timezone.localtime(values["received_at"]).date())
        if isinstance(column, ListColumn) and (repeated := column.repeated(text, year)):
            report.warn(
                "repeated_value",
                f"{', '.join(repr(code) for code in dict.fromkeys(repeated))} is given more than once;"
                " it is imported once",
                "Nothing to do, unless another value was meant.",
                row=number,
                column=column.name,
                value=text,
            )
    for rule, name, message, fix in row_rules(Facts(values, failed)):
        report.problem(rule, message, fix, row=number, column=name, value=raw.get(name, ""))
    return ParsedRow(number, values, raw)


# --- Rules across rows, and the people they name ------------------------------------------------------------


def known_ids(council) -> KnownIds:
    """The people and concerns earlier imports into this council created, by their external ids."""
    from msp.cases.models import Concern, Person

    people = (
        Person.objects.filter(council=council)
        .exclude(external_id="")
        .only("pk", "external_id", "given_name", "family_name", "date_of_birth", "council")
    )
    concerns = Concern.objects.filter(council=council).exclude(external_id="")
    return KnownIds(
        people={p.external_id: p for p in people},
        concerns=dict(concerns.values_list("external_id", "reference")),
    )


def check_concern_ids(rows: list[ParsedRow], report: ImportReport) -> None:
    """A concern id once in the file, and never one imported into the council before."""
    first: dict[str, int] = {}
    for row in rows:
        external = row.values.get("external_concern_id")
        if external is None:
            continue
        if external in first:
            report.problem(
                "duplicate_concern_id",
                f"concern id '{external}' is also on row {first[external]}",
                "Give each concern its own id; keep one row per concern.",
                row=row.row,
                column="external_concern_id",
                value=external,
            )
        elif external in report.known.concerns:
            report.problem(
                "concern_already_imported",
                f"concern '{external}' was imported into {report.council.name} before"
                f" (reference {report.known.concerns[external]})",
                "Remove the row (a concern is imported once) and correct the concern in MSP instead.",
                row=row.row,
                column="external_concern_id",
                value=external,
            )
        first.setdefault(external, row.row)


def link_people(rows: list[ParsedRow], report: ImportReport) -> None:
    """Rows with the same external person id are one person: their details must agree with each other and
    with the person an earlier import created (who is linked to, never changed)."""
    seen: dict[str, dict[str, tuple[int, str, Any]]] = {}  # external id -> field -> (row, text, value)
    for row in rows:
        external = row.values.get("external_person_id")
        if external is None:
            continue
        details = seen.setdefault(external, {})
        for name in PERSON_FIELDS:
            mine = row.values.get(name)
            if mine is None:
                continue
            if name in details and not _same(details[name][2], mine):
                first_row, first_text, _ = details[name]
                report.problem(
                    "person_differs",
                    f"person '{external}' has {name} '{first_text}' on row {first_row}",
                    "Give one person the same details on every row, or give different people different"
                    " external_person_id values.",
                    row=row.row,
                    column=name,
                    value=row.raw[name],
                )
            elif name not in details:
                details[name] = (row.row, row.raw[name], mine)
                _check_earlier_import(report, external, name, row)
    report.people = {
        external: {name: value for name, (_, _, value) in details.items()}
        for external, details in seen.items()
    }


def _check_earlier_import(report: ImportReport, external: str, name: str, row: ParsedRow) -> None:
    earlier = report.known.people.get(external)
    if earlier is None or name not in ("given_name", "family_name", "date_of_birth"):
        return
    stored = getattr(earlier, name)
    if stored is not None and not _same(stored, row.values[name]):
        report.problem(
            "person_differs_from_imported",
            f"person '{external}' was imported before with {name} '{_text(stored)}'",
            "Give the same details as before (the import links to that person and never changes them),"
            " or correct the person in MSP first.",
            row=row.row,
            column=name,
            value=row.raw[name],
        )


def _same(a: Any, b: Any) -> bool:
    """Names match whatever their case and spacing; other details must be equal."""
    if isinstance(a, str) and isinstance(b, str):
        return normalise(a) == normalise(b)
    return a == b


def _text(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, datetime.date) else str(value)


def mark_repeats(rows: list[ParsedRow], report: ImportReport) -> None:
    """A repeat: the person had another concern in the 12 months before, in this file or already in MSP. A
    concern already in MSP that the file's earlier concerns now precede becomes a repeat too."""
    from msp.cases.models import Concern

    by_person: dict[str, list[tuple[datetime.datetime, ParsedRow | int, bool]]] = {}
    for row in rows:
        by_person.setdefault(row.values["external_person_id"], []).append(
            (row.values["received_at"], row, False)
        )
    linked = {report.known.people[e].pk: e for e in by_person if e in report.known.people}
    existing = Concern.objects.filter(person_id__in=list(linked)).values_list(
        "person_id", "pk", "received_at", "is_repeat"
    )
    for person_pk, pk, received, flagged in existing:
        by_person[linked[person_pk]].append((received, pk, flagged))
    for concerns in by_person.values():
        moments = [moment for moment, _, _ in concerns]
        for moment, item, flagged in concerns:
            repeat = is_repeat(moment, moments)
            if isinstance(item, ParsedRow):
                item.is_repeat = repeat
            elif repeat and not flagged:
                report.newly_repeats.append(item)


def validate_table(table: Table, report: ImportReport) -> None:
    from msp.cases.models import OutcomeCategory

    # Inactive categories too: old records may use one that is no longer offered.
    categories = OutcomeCategory.objects.filter(Q(council=None) | Q(council=report.council))
    columns = build_columns(list(categories))
    positions = check_header(table, columns, report)
    check_extra_cells(table, report)
    report.rows_read = len(table.rows)
    if not table.rows:
        report.problem("no_rows", "the file has headings but no concerns", "Add one row per concern.")
        return
    if any(p.rule == "missing_column" for p in report.problems):
        return  # every row would repeat the same problem; the heading says it once
    rows = [check_row(number, cells, columns, positions, report) for number, cells in table.rows]
    report.known = known_ids(report.council)
    check_concern_ids(rows, report)
    link_people(rows, report)
    report.problems.sort(key=lambda p: (p.row or 0, positions.get(p.column, -1)))
    if report.ok:
        report.rows = rows
        mark_repeats(rows, report)
        report.counts = _counts(report)


def _counts(report: ImportReport) -> dict[str, int]:
    rows = report.rows
    with_enquiry = [r for r in rows if r.values.get("decision") in ENQUIRY_DECISIONS]
    return {
        "concerns": len(rows),
        "repeats": sum(r.is_repeat for r in rows),
        "people_new": len(report.people.keys() - report.known.people.keys()),
        "people_linked": len(report.people.keys() & report.known.people.keys()),
        "enquiries": len(with_enquiry),
        "outcomes": sum(
            bool(r.values.get(f"outcome_{n}_words")) for r in rows for n in range(1, MAX_OUTCOMES + 1)
        ),
        "feedback": sum(bool(r.values.get("feedback_method")) for r in with_enquiry),
        "existing_now_repeats": len(report.newly_repeats),
    }
