"""Reading spreadsheet files for imports and reporting located problems: shared by every importer."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

YES = {"yes", "y", "true"}
NO = {"no", "n", "false"}
# An export guards text that spreadsheets would run as a formula with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@")
DATE_FIX = "Write the date as day/month/year (23/05/2016) or year-month-day (2016-05-23)."
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """'1 problem', '2 problems', '1,204 councils'."""
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


# --- Problems -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One broken rule, where it is, and how to put it right."""

    rule: str
    message: str
    fix: str = ""
    file: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    heading: str = ""  # the source file's heading, where a mapping renamed the column

    @property
    def location(self) -> str:
        parts = ([f"row {self.row}"] if self.row else []) + (
            [f"column `{self.column}`"] if self.column else []
        )
        return ", ".join(parts) or self.file or "file"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" + fix_clause(self.fix)


class CellError(ValueError):
    def __init__(self, rule: str, message: str, fix: str = ""):
        self.rule, self.message, self.fix = rule, message, fix
        super().__init__(message)


def fix_clause(fix: str) -> str:
    """The "; fix" that follows a message; its first letter is lowered unless it starts a code or acronym."""
    fix = fix.rstrip(".")
    if len(fix) > 1 and fix[1].islower():
        fix = fix[0].lower() + fix[1:]
    return f"; {fix}" if fix else ""


def describe(problem: ImportProblem) -> str:
    """One line a person can act on: file, row, column, value; what is wrong; how to fix it; the rule."""
    where = [problem.file or "file"]
    where += [f"row {problem.row}"] if problem.row else []
    where += [f"column `{problem.column}`"] if problem.column else []
    where += [f"heading '{problem.heading}'"] if problem.heading else []
    if problem.value and problem.value not in problem.message:
        where.append(f"value '{problem.value}'")
    return f"{', '.join(where)}: {problem.message}" + fix_clause(problem.fix) + f" [{problem.rule}]"


def dominant_problem(problems: list[ImportProblem]) -> tuple[ImportProblem, int] | None:
    """The first problem of the kind more than half of three or more problems share, and how many share it:
    what an import report should say first. None when no kind dominates."""
    if len(problems) < 3:
        return None
    rule, count = Counter(p.rule for p in problems).most_common(1)[0]
    if count * 2 <= len(problems):
        return None
    return next(p for p in problems if p.rule == rule), count


def headline(problems: list[ImportProblem]) -> str:
    """'40 of the 42 problems are of one kind: ... . Fix.' or '' when no kind dominates."""
    found = dominant_problem(problems)
    if found is None:
        return ""
    first, count = found
    total = plural(len(problems), "problem")
    return f"{count} of the {total} are of one kind: {first.message}. {first.fix}".rstrip()


class Reports(Protocol):
    def problem(self, rule: str, message: str, fix: str = "", **where: Any) -> None: ...


class CollectsProblems:
    """For an importer's report dataclass with `file` and `problems` fields."""

    file: str
    problems: list[ImportProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, rule: str, message: str, fix: str = "", **where: Any) -> None:
        self.problems.append(ImportProblem(rule, message, fix, file=self.file, **where))


# --- Cells --------------------------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text; a real Excel date becomes an ISO date."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def unguard_formula(text: str) -> str:
    """Undo an export's guard against spreadsheet formulas ('=A1 -> =A1)."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        return text[1:]
    return text


def parse_date(raw: str) -> datetime.date:
    """ISO (2016-05-23) or UK day/month/year (23/05/2016); never US month/day order."""
    text = raw.strip()
    iso, uk = _ISO_DATE.match(text), _UK_DATE.match(text)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if uk:
            return datetime.date(int(uk[3]), int(uk[2]), int(uk[1]))
    except ValueError:
        if uk and int(uk[1]) <= 12 < int(uk[2]):
            raise CellError(
                "bad_date", f"'{text}' looks like month/day/year, which is never accepted", DATE_FIX
            ) from None
        raise CellError("bad_date", f"'{text}' is not a real date", DATE_FIX) from None
    raise CellError("bad_date", f"'{text}' is not a date in a form we accept", DATE_FIX)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# --- Reading the file ---------------------------------------------------------------------------------------


@dataclass
class Table:
    """A file's cells as text: the heading row, then (spreadsheet row number, cells) for every other row."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass(frozen=True)
class FileWording:
    """What one importer accepts and says when its file cannot be read (the importers differ in these)."""

    max_bytes: int
    too_large_fix: str
    headings_fix: str  # for a first row with no headings
    size_format: str = ".1f"  # the size in MB in the too-large message
    unsupported: tuple[str, ...] = (".xls", ".ods", ".numbers")  # file endings refused outright
    utf16: str | None = "the file is UTF-16 text, not UTF-8"  # None: said as `not_utf8` on line 1
    not_utf8: str = "the file is not UTF-8 text (the bytes on line {line} cannot be read)"
    encoding_fix: str = "In Excel choose Save As, 'CSV UTF-8 (Comma delimited)', or upload the .xlsx."


def read_table(name: str, data: bytes, report: Reports, wording: FileWording) -> Table | None:
    """CSV (UTF-8, with or without BOM) or XLSX (first sheet), every row kept; None (the problem reported) if
    it cannot be read. The rows come from the one reader of imports, msp.core.reading, with its limits."""
    from msp.core.reading import Unreadable, open_rows

    source = open_rows(name, data, report, wording)
    if source is None:
        return None
    try:
        rows = [(number, cells) for number, cells in source.rows]
    except Unreadable as exc:
        exc.report(report)
        return None
    return Table(source.header, rows)


# --- Checking the headings and the shape --------------------------------------------------------------------


def map_header(
    table: Table,
    report: Reports,
    *,
    known: dict[str, str],
    key: Callable[[str], str],
    whose: str,
    unnamed_fix: str,
    unknown_fix: Callable[[str], str],
    required: dict[str, str],
) -> dict[str, int]:
    """Map each known column to its position; report unnamed, unknown, duplicate and missing columns.

    `known`: heading key -> column name; `key` turns a heading into its key; `whose` ends the unknown-column
    message ("this instrument"); `required`: column name -> the fix when the file lacks it.
    """
    positions: dict[str, int] = {}
    for index, heading in enumerate(table.header):
        letter = column_letter(index)
        if not heading:
            if any(index < len(cells) and cells[index].strip() for _, cells in table.rows):
                report.problem(
                    "unnamed_column", f"column {letter} has values but no heading", unnamed_fix, row=1
                )
            continue
        name = known.get(key(heading))
        if name is None:
            report.problem(
                "unknown_column",
                f"`{heading}` (column {letter}) is not a column of {whose}",
                unknown_fix(heading),
                row=1,
                column=heading,
                value=heading,
            )
        elif name in positions:
            report.problem(
                "duplicate_column",
                f"`{name}` appears more than once (columns {column_letter(positions[name])} and {letter})",
                "Keep one of the columns.",
                row=1,
                column=name,
                value=heading,
            )
        else:
            positions[name] = index
    for name, fix in required.items():
        if name not in positions:
            report.problem("missing_column", f"the file has no `{name}` column", fix, row=1, column=name)
    return positions


def check_extra_cells(table: Table, report: Reports) -> None:
    """A value to the right of the last heading: reported once a row, at the first such cell."""
    width = len(table.header)
    for number, cells in table.rows:
        extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
        if extra is not None:
            report.problem(
                "cell_without_column",
                f"column {column_letter(extra)} has a value but no heading",
                "Delete the value or give the column a heading.",
                row=number,
                value=cells[extra].strip(),
            )
