"""Export a wave's submitted interviews: the wide interchange format (CSV, XLSX), or long CSV and codebook.

The wide format is the one `importing` reads, with option labels as printed, ISO dates and consent as yes/no,
so that importing an export gives the same data. The long format is for R and SPSS users: one row per answer,
with a codebook describing every question and option.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Prefetch

from msp.tempcheck.importing import FACT_FIELDS, FORMULA_START
from msp.tempcheck.instrument import Item, build_instrument

FORMATS = ("csv", "xlsx", "long")
LONG_COLUMNS = [
    "council_gss_code",
    "council",
    "region",
    "council_type",
    "question_code",
    "question_text",
    "table",
    "option_code",
    "option_label",
    "text",
]
CODEBOOK_COLUMNS = [
    "question_code",
    "question_text",
    "type",
    "table",
    "option_code",
    "option_label",
    "required",
    "condition",
]


@dataclass
class Download:
    filename: str
    content_type: str
    content: bytes
    interviews: int


def submitted_interviews(wave):
    """The wave's submitted interviews with council, region and answers, in council name order."""
    from msp.tempcheck.models import Answer, Interview

    return (
        Interview.objects.filter(wave=wave, status=Interview.Status.SUBMITTED)
        .select_related("council", "council__region")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("council__name")
    )


def _items(wave) -> list[Item]:
    from msp.tempcheck.services import items_for

    return items_for(wave.instrument)


def wide_rows(wave) -> tuple[list[str], list[list[Any]]]:
    """The interchange heading and one row per interview; dates stay dates for the XLSX writer."""
    instrument = build_instrument(wave.instrument.source, where=wave.instrument.code)
    items = _items(wave)
    role_labels = {
        o.code: o.label for f in instrument.facts if f.code == "respondent_role" for o in f.options
    }
    header = [f.code for f in instrument.facts] + [i.code for i in items]
    rows = []
    for interview in submitted_interviews(wave):
        answers = {a.question.code: a for a in interview.answers.all()}
        facts: dict[str, Any] = {
            "council": interview.council.name,
            "interview_date": interview.interview_date,
            "interviewer": interview.interviewer_name,
            "respondent_role": role_labels.get(interview.respondent_role, interview.respondent_role),
            "consent_to_attribution": {True: "yes", False: "no"}.get(interview.consent_to_attribution, ""),
        }
        row = [
            facts.get(f.code, getattr(interview, FACT_FIELDS.get(f.code, f.code), ""))
            for f in instrument.facts
        ]
        for item in items:
            answer = answers.get(item.code)
            if answer is None:
                row.append("")
            elif item.is_closed:
                row.append(answer.question.option_label(answer.choice))
            else:
                row.append(answer.text)
        rows.append(row)
    return header, rows


def _guard(value: Any) -> Any:
    """Stop spreadsheets running an answer as a formula; the import removes the apostrophe again."""
    if isinstance(value, str) and (value.startswith(FORMULA_START) or _looks_guarded(value)):
        return "'" + value
    return value


def _looks_guarded(value: str) -> bool:
    """Text that already starts like a guarded cell keeps its own apostrophe through the round trip."""
    return len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START


def _csv_bytes(header: list[str], rows: list[list[Any]], *, bom: bool) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_guard(v.isoformat() if hasattr(v, "isoformat") else v) for v in row])
    # Excel needs the BOM to read UTF-8; R and SPSS read the long files more easily without it.
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def wide_csv(wave) -> bytes:
    header, rows = wide_rows(wave)
    return _csv_bytes(header, rows, bom=True)


def wide_xlsx(wave) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    header, rows = wide_rows(wave)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"Wave {wave.code}")
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    heading = []
    for code in header:
        cell = WriteOnlyCell(sheet, value=code)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", "'" + value if _looks_guarded(value) else value)
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def long_rows(wave) -> list[list[str]]:
    """One row per answer, with the council's code, region and type beside it."""
    rows = []
    for interview in submitted_interviews(wave):
        council = interview.council
        answers = sorted(interview.answers.all(), key=lambda a: a.question.position)
        for answer in answers:
            question = answer.question
            closed = question.qtype != "open_text"
            rows.append(
                [
                    council.gss_code,
                    council.name,
                    council.region.name,
                    council.council_type,
                    question.code,
                    _question_text(question.grid_text, question.text),
                    question.table,
                    answer.choice if closed else "",
                    question.option_label(answer.choice) if closed else "",
                    "" if closed else answer.text,
                ]
            )
    return rows


def _question_text(grid_text: str, text: str) -> str:
    return f"{grid_text}: {text}" if grid_text else text


def _condition_text(condition: dict[str, Any] | None) -> str:
    if not condition:
        return ""
    if "in" in condition:
        return f"asked when {condition['question']} is {' or '.join(str(v) for v in condition['in'])}"
    return (
        f"asked when {condition['question']} is {'answered' if condition.get('answered', True) else 'blank'}"
    )


def codebook_rows(wave) -> list[list[str]]:
    """One row per option of every closed question, and one row for each open question."""
    rows = []
    for item in _items(wave):
        common = [item.code, _question_text(item.grid_text, item.text), item.qtype, item.table]
        tail = ["yes" if item.required else "no", _condition_text(item.condition)]
        if item.options:
            rows.extend([*common, option.code, option.label, *tail] for option in item.options)
        else:
            rows.append([*common, "", "", *tail])
    return rows


def long_csv(wave) -> bytes:
    return _csv_bytes(LONG_COLUMNS, long_rows(wave), bom=False)


def codebook_csv(wave) -> bytes:
    return _csv_bytes(CODEBOOK_COLUMNS, codebook_rows(wave), bom=False)


def codebook_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}_codebook.csv")


def export_stem(wave, fmt: str) -> str:
    return f"tempcheck-{wave.code}" + ("-long" if fmt == "long" else "")


def export_download(wave, fmt: str, *, user=None) -> Download:
    """One file to download: wide CSV, XLSX, or a zip of the long CSV and its codebook. Logged."""
    stem = export_stem(wave, fmt)
    if fmt == "csv":
        download = Download(f"{stem}.csv", "text/csv; charset=utf-8", wide_csv(wave), 0)
    elif fmt == "xlsx":
        download = Download(
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            wide_xlsx(wave),
            0,
        )
    elif fmt == "long":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{stem}.csv", long_csv(wave))
            archive.writestr(f"{stem}_codebook.csv", codebook_csv(wave))
        download = Download(f"{stem}.zip", "application/zip", out.getvalue(), 0)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    download.interviews = submitted_interviews(wave).count()
    _audit(wave, fmt, download.interviews, download.filename, user=user)
    return download


def export_to_path(wave, out: Path, fmt: str, *, user=None) -> list[Path]:
    """Write the export to `out` (and, for the long format, the codebook beside it); the files written."""
    out = Path(out)
    if fmt == "csv":
        out.write_bytes(wide_csv(wave))
        written = [out]
    elif fmt == "xlsx":
        out.write_bytes(wide_xlsx(wave))
        written = [out]
    elif fmt == "long":
        out.write_bytes(long_csv(wave))
        codebook_path(out).write_bytes(codebook_csv(wave))
        written = [out, codebook_path(out)]
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    _audit(wave, fmt, submitted_interviews(wave).count(), out.name, user=user)
    return written


def _audit(wave, fmt: str, count: int, filename: str, *, user=None) -> None:
    from msp.accounts.audit import audit

    audit(
        user=user,
        action="export",
        object_type="tempcheck.Wave",
        object_id=wave.code,
        summary=f"Exported {count} interviews as {fmt} ({filename[:150]})",
        changes={"format": fmt, "interviews": count, "file": filename},
    )
