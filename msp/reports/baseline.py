"""Previous-wave involvement scores for a wave's Figure 2: read, entered on a page, or imported from CSV.

The CSV has a header row `agency,score`: the agency by its row code (`involvement.police` or `police`) or its
label as the instrument prints it ("Police"); the score a number from -100 to +100. A blank score clears the
agency's. Every row is checked before anything is written, and every problem is reported with its row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from msp.accounts.audit import audit, field_changes
from msp.accounts.models import AuditEvent
from msp.reports import selectors
from msp.reports.findings import INVOLVEMENT
from msp.reports.models import InvolvementBaseline
from msp.tempcheck.models import Wave


@dataclass(frozen=True)
class Agency:
    code: str  # involvement.police
    label: str


def agencies(wave: Wave) -> list[Agency]:
    """The agencies of the wave's involvement grid (Table 3), in instrument order."""
    return [Agency(i.code, i.text) for i in selectors.wave_items(wave) if i.grid_code == INVOLVEMENT]


def scores(wave: Wave) -> dict[str, Decimal]:
    return dict(InvolvementBaseline.objects.filter(wave=wave).values_list("question_code", "score"))


def parse_score(text: str) -> Decimal | None:
    """ "-19" -> Decimal(-19); "" -> None; ValueError for anything not a number from -100 to +100."""
    text = (text or "").strip().replace("+", "", 1)
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number") from None
    if not value.is_finite() or not -100 <= value <= 100:
        raise ValueError(f"'{text}' is not a score from -100 to +100")
    if value != value.quantize(Decimal("0.1")):
        raise ValueError(f"'{text}' has more than one decimal place")
    return value


def parse_csv(text: str, known: list[Agency]) -> tuple[dict[str, Decimal | None], list[str]]:
    """{agency code: score or None (clear)} and the problems, each "row N, column `c`: ...; expected ..."."""
    by_name = {}
    for agency in known:
        for name in (agency.code, agency.code.split(".", 1)[1], agency.label):
            by_name[name.strip().lower()] = agency.code
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"agency", "score"} - {(h or "").strip().lower() for h in reader.fieldnames or []}
    if missing:
        return {}, [
            f"The file has no column `{name}`: the first row must be agency,score." for name in missing
        ]
    found: dict[str, Decimal | None] = {}
    problems = []
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
        code = by_name.get(row["agency"].strip().lower())
        if code is None:
            problems.append(
                f"row {number}, column `agency`: '{row['agency']}' is not an agency of Table 3;"
                f" expected one of {', '.join(a.label for a in known)}"
            )
            continue
        if code in found:
            problems.append(f"row {number}, column `agency`: '{row['agency']}' is given twice")
            continue
        try:
            found[code] = parse_score(row["score"])
        except ValueError as error:
            problems.append(f"row {number}, column `score`: {error}")
    return found, problems


def scores_save(*, wave: Wave, values: dict[str, Decimal | None], user) -> int:
    """Set (or, for None, clear) each named agency's score; audited. Returns how many changed."""
    changed = 0
    with transaction.atomic():
        current = {b.question_code: b for b in InvolvementBaseline.objects.filter(wave=wave)}
        before = {code: str(b.score) for code, b in current.items()}
        for code, value in values.items():
            row = current.get(code)
            if value is None:
                if row is not None:
                    row.delete()
                    changed += 1
            elif row is None or row.score != value:
                row = row or InvolvementBaseline(wave=wave, question_code=code)
                row.score, row.updated_by = value, user
                row.full_clean()
                row.save()
                changed += 1
        now = {b.question_code: str(b.score) for b in InvolvementBaseline.objects.filter(wave=wave)}
        after = {code: now.get(code) for code in {*before, *now}}  # a cleared score reads None
        if changed:
            audit(
                user=user,
                action=AuditEvent.Action.CHANGE,
                obj=wave,
                changes=field_changes(before, after),
                summary=f"Set the previous wave's involvement scores for the {wave.code} report"
                f" ({changed} changed)",
            )
    return changed
