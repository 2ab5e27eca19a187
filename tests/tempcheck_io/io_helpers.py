"""Helpers for the import/export tests: valid interview rows for real councils, written as CSV or XLSX."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable

from django.core.management import call_command

from msp.councils.models import Council
from msp.tempcheck.instrument import build_instrument
from msp.tempcheck.models import Answer, Interview, Wave
from msp.tempcheck.services import items_for

FIELDWORK = datetime.date(2016, 5, 1)
ROLES = [
    "Head of safeguarding",
    "Other middle manager",
    "Senior manager",
    "SAB manager",
    "SAB chair",
    "Other",
]
# Invented free text, with the awkward characters a real file has: commas, quotes, a line break, a dash.
TEXTS = [
    "Putting the person’s own outcomes at the centre, and asking early",
    'Staff say "it is what we came into social work for"',
    "- more training for partner agencies\n- shared recording",
    "=a line that a spreadsheet would take for a formula",
    "Care providers’ managers now join the planning meetings",
]


def columns(wave: Wave | None = None) -> list[str]:
    wave = wave or Wave.objects.get(code="2016")
    return build_instrument(wave.instrument.source).column_codes()


def councils(count: int, day: datetime.date = FIELDWORK) -> list[Council]:
    found = list(Council.objects.valid_on(day).order_by("gss_code")[:count])
    assert len(found) == count, f"only {len(found)} councils valid on {day}"
    return found


def valid_row(council: Council, n: int = 0, wave: Wave | None = None, /, **overrides: str) -> dict[str, str]:
    """A complete, valid interview row for a council, varied by `n`; answers as printed labels."""
    wave = wave or Wave.objects.get(code="2016")
    day = datetime.date(2016, 5, 2) + datetime.timedelta(days=n % 50)
    row = {
        "council": council.name,
        # Both accepted date forms, so every import exercises both.
        "interview_date": day.isoformat() if n % 2 else f"{day:%d/%m/%Y}",
        "interviewer": f"Interviewer {n % 7 + 1}",
        "respondent_role": ROLES[n % len(ROLES)],
        "consent_to_attribution": "Yes" if n % 3 else "No",
    }
    items = items_for(wave.instrument)
    for k, item in enumerate(items):
        if item.options:
            if item.code.startswith("involvement.") and (n + k) % 4 == 0:
                row[item.code] = ""  # that agency was not discussed
            else:
                row[item.code] = item.options[(n + k) % len(item.options)].label
        elif item.code != "moderation_reason":
            row[item.code] = TEXTS[(n + k) % len(TEXTS)] if (n + k) % 3 else ""
    labels = [o.label for item in items if item.code == "achievement.self" for o in item.options]
    row["achievement.self"] = labels[n % 6]
    if n % 5 == 0:
        row["achievement.interviewer"] = labels[(n + 1) % 6]
        row["moderation_reason"] = "Evidence seen in case files puts the council a step further on."
    else:
        row["achievement.interviewer"] = labels[n % 6]
        row["moderation_reason"] = ""
    row.update(overrides)
    return row


def valid_rows(count: int, **overrides: str) -> list[dict[str, str]]:
    return [valid_row(council, n, **overrides) for n, council in enumerate(councils(count))]


def csv_bytes(rows: Iterable[dict[str, str]], header: list[str] | None = None, *, bom: bool = False) -> bytes:
    rows = list(rows)
    header = header or columns()
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(code, "") for code in header])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: Iterable[list], header: list[str] | None = None) -> bytes:
    """A workbook whose cells keep their Python types (a date stays a real Excel date)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or columns())
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run_import(tmp_path, data: bytes, *args: str, name: str = "interviews.csv") -> str:
    """Run `msp tempcheck_import` on the bytes; its standard output (raises CommandError on problems)."""
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("tempcheck_import", str(path), "--wave", "2016", *args, stdout=out)
    return out.getvalue()


def snapshot() -> tuple[int, int]:
    return Interview.objects.count(), Answer.objects.count()


def stored_data(wave_code: str = "2016") -> dict:
    """Everything an import writes, keyed by council: the facts and every answer."""
    data = {}
    for interview in Interview.objects.filter(wave__code=wave_code).select_related("council"):
        data[interview.council.gss_code] = {
            "facts": (
                interview.interview_date,
                interview.interviewer_name,
                interview.respondent_role,
                interview.consent_to_attribution,
                interview.status,
            ),
            "answers": {
                a.question.code: (a.choice, a.text) for a in interview.answers.select_related("question")
            },
        }
    return data
