"""Import concerns and enquiries from another system's CSV or XLSX: check every row, then write all or none.

One row per concern, with its person, decision, enquiry, desired outcomes (numbered columns) and feedback.
Each column is a small object that parses and checks its own cell: national categories by label or code
(`categories.code_for_label`), local lists by label or code, UK or ISO dates, never US. Phase one reads the
file a row at a time and collects every problem with its file, row, column, value, rule and fix, including
rules across columns (a risk outcome only where risk was identified and action taken) and across rows (a
concern id twice). Phase two writes every row in one transaction through the bulk writer (COPY on
PostgreSQL) and logs one audit event. The `cases_import` command calls `import_file`; `column_reference()`
writes the column tables of docs/cases_import.md.

External ids: the old system's person and concern ids are kept on Person and Concern (`external_id`, unique
per council). That is what links a later import's rows to people imported before and refuses a concern
imported twice; only the ids the file names are looked up.

The package: `columns` (the kinds of column), `layout` (the extract's columns and their documentation),
`reading` (the file, a row at a time), `report`, `checks` and `row_rules` (phase one), `write` (phase two);
this module runs them.
"""

from __future__ import annotations

from typing import BinaryIO

from msp.cases.bulk import gc_paused
from msp.cases.importing.checks import validate_rows
from msp.cases.importing.columns import MAX_OUTCOMES, normalise, parse_datetime
from msp.cases.importing.layout import build_columns, column_reference
from msp.cases.importing.report import ImportReport, Progress
from msp.cases.importing.write import unique_references, write_rows
from msp.core import tabular
from msp.core.reading import RowSource, open_rows
from msp.core.tabular import ImportProblem, Table, describe

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_OUTCOMES",
    "ImportProblem",
    "ImportReport",
    "Progress",
    "build_columns",
    "column_reference",
    "council_for_import",
    "describe",
    "import_file",
    "import_table",
    "normalise",
    "parse_datetime",
    "read_table",
    "unique_references",
]

MAX_FILE_BYTES = 50 * 1024 * 1024  # a large council's extract over several years
FILE_WORDING = tabular.FileWording(
    max_bytes=MAX_FILE_BYTES,
    too_large_fix=(
        f"Split it into files smaller than {MAX_FILE_BYTES // 1024 // 1024} MB, for example by year."
    ),
    headings_fix="Put the column names (external_person_id, given_name, ...) in row 1.",
    size_format=".0f",
    unsupported=(".xls", ".ods"),
    utf16=None,
    not_utf8="the file is not UTF-8 text (line {line} cannot be read)",
    encoding_fix="In Excel choose Save As, 'CSV UTF-8 (Comma delimited)', or send the .xlsx.",
)


def read_table(name: str, data: bytes, report: ImportReport) -> Table | None:
    """CSV or XLSX read whole into a Table; None (problem reported) if unreadable."""
    return tabular.read_table(name, data, report, FILE_WORDING)


def council_for_import(text: str):
    """The council named by a GSS code (or its exact name), through the one CouncilResolver.

    Raises ValueError for anything unclear: personal records must never go to a guessed council.
    """
    from msp.councils.resolver import GSS_CODE, CouncilResolver

    resolution = CouncilResolver().resolve(text)
    if resolution.council is None:
        raise ValueError(resolution.error or f"'{text}' is not a council.")
    if resolution.warning and not GSS_CODE.match(text.strip().upper()):
        raise ValueError(f"{resolution.warning} Give the council's GSS code to be sure.")
    return resolution.council


def import_table(
    table: Table | RowSource,
    *,
    council,
    file: str,
    dry_run: bool = False,
    user=None,
    report: ImportReport | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    report = report or ImportReport(file=file, council=council, dry_run=dry_run)
    source = table if isinstance(table, RowSource) else RowSource(table.header, iter(table.rows))
    with gc_paused():
        validate_rows(source, report, progress)
        if report.ok and not dry_run:
            write_rows(report, user=user, progress=progress)
    return report


def import_file(
    *,
    name: str,
    data: bytes | BinaryIO,
    council,
    dry_run: bool = False,
    user=None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a file and, unless `dry_run` or anything is wrong, import every row of it into the council.

    `data` is the file's bytes or a binary file open for reading, which is read a row at a time.
    `progress(stage, done, total)` is told how far the check and the write have gone."""
    report = ImportReport(file=name, council=council, dry_run=dry_run)
    source = open_rows(name, data, report, FILE_WORDING)
    if source is None:
        return report
    return import_table(
        source, council=council, file=name, dry_run=dry_run, user=user, report=report, progress=progress
    )
