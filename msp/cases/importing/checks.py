"""Phase one: check the headings, every row as it is read, and the rules across rows, before any writing.

Rows are checked as the file is read, 1,024 at a time. What the rules across rows need is kept as it goes
(the first row of each concern id, each person's details as first given); what the write needs is kept
compactly (a tuple of parsed values a row). The ids earlier imports created are then looked up for the ids
this file names only, a few thousand at a time, so the checks cost the same whatever the council holds.
"""

from __future__ import annotations

import datetime
import difflib
import re
from itertools import compress, repeat
from operator import is_, is_not
from typing import Any

from django.db.models import Q
from django.utils import timezone

from msp.cases import categories as cat
from msp.cases.bulk import in_batches, select_in
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
from msp.cases.importing.report import ImportReport, KnownIds, KnownPerson, Progress
from msp.cases.importing.row_rules import Facts, row_rules
from msp.cases.rules import is_repeat
from msp.core.reading import RowSource, Unreadable
from msp.core.tabular import ImportProblem, Table, column_letter, map_header

EARLIER_IMPORT_FIELDS = ("given_name", "family_name", "date_of_birth")
PROGRESS_EVERY = 4096  # rows
BATCH = 1024  # rows checked together, a column at a time


def check_header(table: Table, columns: list[Column], report) -> dict[str, int]:
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


class _Problems(ImportReport):
    """Problems collected on the side (the heading's), to be put first in the report."""


# --- One row ------------------------------------------------------------------------------------------------


class RowChecker:
    """Checks the rows as they are read, a batch at a time, and keeps what the rules across rows and the write
    need.

    A batch's cells are parsed a column at a time (`Column.parse_column`: values that recur are looked up,
    not parsed again), then each row's rules are applied. Problems and warnings come out in the order a row
    at a time would give them: by row, then by column (the received date first), then the row's rules."""

    def __init__(self, columns: list[Column], positions: dict[str, int], report: ImportReport):
        self.report, self.positions = report, positions
        self.names = report.names
        # The received date goes first: national labels are read with its reporting year.
        ordered = sorted(columns, key=lambda c: c.name != "received_at")
        self.steps = [(c.name, positions[c.name], c) for c in ordered if c.name in positions]
        self.step_names = [name for name, _, _ in self.steps]
        self.width = max(positions.values(), default=-1) + 1
        self.zone = timezone.get_current_timezone()
        self.years: dict[datetime.date, str] = {}
        self.pending: list[tuple[int, list[str]]] = []
        self.concern_rows: dict[str, int] = {}  # external concern id -> its first row
        # external person id -> [values, cells, rows]: each detail as first given, in PERSON_FIELDS order
        self.people: dict[str, list[list]] = {}
        self.person_positions = [positions.get(name) for name in PERSON_FIELDS]
        self.across: list[ImportProblem] = []  # problems across rows, found while reading

    def add(self, number: int, cells: list[str]) -> None:
        self.pending.append((number, cells))
        if len(self.pending) == BATCH:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        width = self.width
        # Columns of the batch; a row longer than the headings has values of no column, cut off here.
        padded = (cells if len(cells) >= width else cells + [""] * width for _, cells in batch)
        grid = list(zip(*padded, strict=False))
        count = len(batch)
        years: list[str | None] = [None] * count
        found: dict[int, list] = {}  # row in batch -> its problems, in column order
        noted: dict[int, list] = {}  # row in batch -> its warnings
        failed: dict[int, set[str]] = {}
        columns = []
        for name, index, column in self.steps:
            cells = grid[index]
            values, errors = column.parse_column(cells, years)
            columns.append(values)
            if name == "received_at":
                years = [None if moment is None else self._year(moment) for moment in values]
            for i, exc in errors.items():
                failed.setdefault(i, set()).add(name)
                found.setdefault(i, []).append((exc.rule, exc.message, exc.fix, name, cells[i].strip()))
            if column.required and any(map(is_, values, repeat(None))):
                for i, value in enumerate(values):
                    if value is None and i not in errors:
                        failed.setdefault(i, set()).add(name)
                        fix = f"Fill it in: {column.description}"
                        found.setdefault(i, []).append(
                            ("required", f"`{name}` must be given", fix, name, None)
                        )
            if isinstance(column, ListColumn):
                for i, repeated in column.repeats(cells, years, values):
                    noted.setdefault(i, []).append((name, cells[i].strip(), repeated))
        for i, row in enumerate(zip(*columns, strict=True)):
            self._row(batch[i], row, found.get(i, ()), noted.get(i, ()), failed.get(i, set()))

    def _row(self, numbered, row: tuple, found, noted, failed: set[str]) -> None:
        report, (number, cells) = self.report, numbered
        given = map(is_not, row, repeat(None))  # blank cells are left out, as the rules expect
        values = dict(compress(zip(self.step_names, row, strict=True), given))
        for rule, message, fix, name, value in found:
            if value is None:
                report.problem(rule, message, fix, row=number, column=name)
            else:
                report.problem(rule, message, fix, row=number, column=name, value=value)
        for name, text, repeated in noted:
            report.warn(
                "repeated_value",
                f"{', '.join(repr(code) for code in dict.fromkeys(repeated))} is given more than once;"
                " it is imported once",
                "Nothing to do, unless another value was meant.",
                row=number,
                column=name,
                value=text,
            )
        for rule, name, message, fix in row_rules(Facts(values, failed)):
            report.problem(rule, message, fix, row=number, column=name, value=self._raw(cells, name))
        self._concern_id(number, values)
        self._person(number, cells, values)
        if not report.problems and not self.across:  # rows are kept only while they can all be written
            report.rows.append((number, *map(values.get, self.names)))
        elif report.rows:
            report.rows = []

    def _year(self, moment: datetime.datetime) -> str:
        day = moment.astimezone(self.zone).date()  # timezone.localtime, without its lookups
        if day not in self.years:
            self.years[day] = cat.reporting_year(day)
        return self.years[day]

    def _raw(self, cells: list[str], name: str) -> str:
        index = self.positions.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def _concern_id(self, number: int, values: dict[str, Any]) -> None:
        """A concern id once in the file (whether it was imported before is asked once every row is read)."""
        external = values.get("external_concern_id")
        if external is None:
            return
        first = self.concern_rows.setdefault(external, number)
        if first != number:
            self.across.append(
                ImportProblem(
                    "duplicate_concern_id",
                    f"concern id '{external}' is also on row {first}",
                    "Give each concern its own id; keep one row per concern.",
                    file=self.report.file,
                    row=number,
                    column="external_concern_id",
                    value=external,
                )
            )

    def _person(self, number: int, cells: list[str], values: dict[str, Any]) -> None:
        """Rows with the same external person id are one person: their details must agree."""
        external = values.get("external_person_id")
        if external is None:
            return
        entry = self.people.get(external)
        if entry is None:  # the person's first row: their details as given there
            texts = [cells[i] if i is not None and i < len(cells) else "" for i in self.person_positions]
            self.people[external] = [
                list(map(values.get, PERSON_FIELDS)),
                texts,
                [number] * len(PERSON_FIELDS),
            ]
            return
        given, texts, rows = entry
        for i, name in enumerate(PERSON_FIELDS):
            mine = values.get(name)
            if mine is None:
                continue
            if given[i] is None:
                given[i], texts[i], rows[i] = mine, self._raw(cells, name), number
            elif not _same(given[i], mine):
                self.across.append(
                    ImportProblem(
                        "person_differs",
                        f"person '{external}' has {name} '{texts[i].strip()}' on row {rows[i]}",
                        "Give one person the same details on every row, or give different people different"
                        " external_person_id values.",
                        file=self.report.file,
                        row=number,
                        column=name,
                        value=self._raw(cells, name),
                    )
                )


def _same(a: Any, b: Any) -> bool:
    """Names match whatever their case and spacing; other details must be equal."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return normalise(a) == normalise(b)
    return False


def _text(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, datetime.date) else str(value)


# --- The whole file -----------------------------------------------------------------------------------------


def validate_rows(source: RowSource, report: ImportReport, progress: Progress | None = None) -> None:
    """Check every row as it is read, then the rules across rows; keep the rows if all of them are right."""
    from msp.cases.models import OutcomeCategory

    # Inactive categories too: old records may use one that is no longer offered.
    categories = OutcomeCategory.objects.filter(Q(council=None) | Q(council=report.council))
    columns = build_columns(list(categories))
    report.names = tuple(c.name for c in columns)
    heading = _Problems(file=report.file, council=report.council)  # said once every row is read, below
    positions = check_header(Table(source.header, []), columns, heading)
    missing = any(p.rule == "missing_column" for p in heading.problems)
    checker = None if missing else RowChecker(columns, positions, report)
    width = len(source.header)
    unnamed = {i: False for i, name in enumerate(source.header) if not name}  # has any row a value there?
    try:
        for number, cells in source.rows:
            report.rows_read += 1
            if len(cells) > width:
                _extra_cells(number, cells, width, report)
            for index in unnamed:
                if index < len(cells) and cells[index].strip():
                    unnamed[index] = True
            if checker is not None:
                checker.add(number, cells)
            if progress is not None and report.rows_read % PROGRESS_EVERY == 0:
                progress("Checking", source.position[0], source.size)
        if checker is not None:
            checker.flush()
    except Unreadable as exc:
        _refuse_file(report, exc)
        return
    # The heading's problems again, now that it is known which nameless columns hold values.
    marks = [(1, ["x" if unnamed.get(i) else "" for i in range(width)])]
    heading = _Problems(file=report.file, council=report.council)
    check_header(Table(source.header, marks), columns, heading)
    report.problems[:0] = heading.problems
    if not report.rows_read:
        report.problem("no_rows", "the file has headings but no concerns", "Add one row per concern.")
        return
    if checker is None:
        return  # a required column is missing: every row would say so; the heading says it once
    if progress is not None:
        progress("Checking", source.size, source.size)
    _across_rows(checker, report)
    report.problems.sort(key=lambda p: (p.row or 0, positions.get(p.column, -1)))
    if report.ok:
        report.people = {external: tuple(entry[0]) for external, entry in checker.people.items()}
        mark_repeats(report)
        report.counts = _counts(report)
    else:
        report.rows = []


def _extra_cells(number: int, cells: list[str], width: int, report: ImportReport) -> None:
    """A value to the right of the last heading: reported once a row, at the first such cell."""
    extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
    if extra is not None:
        report.problem(
            "cell_without_column",
            f"column {column_letter(extra)} has a value but no heading",
            "Delete the value or give the column a heading.",
            row=number,
            value=cells[extra].strip(),
        )


def _refuse_file(report: ImportReport, exc: Unreadable) -> None:
    """The file is unreadable part way: say that alone, as when it is refused before any row is read."""
    report.problems, report.warnings, report.rows, report.rows_read = [], [], [], 0
    exc.report(report)


def _across_rows(checker: RowChecker, report: ImportReport) -> None:
    """Concerns imported before, and people imported before with other details, among this file's ids."""
    report.known = known_ids(report.council, list(checker.concern_rows), list(checker.people))
    report.problems += checker.across
    for external, number in checker.concern_rows.items():
        if external in report.known.concerns:
            report.problems.append(_already_imported(report, external, number))
    for external, (given, texts, rows) in checker.people.items():
        earlier = report.known.people.get(external)
        if earlier is None:
            continue
        for name in EARLIER_IMPORT_FIELDS:
            i = PERSON_FIELDS.index(name)
            stored = getattr(earlier, name)
            if given[i] is not None and stored is not None and not _same(stored, given[i]):
                report.problem(
                    "person_differs_from_imported",
                    f"person '{external}' was imported before with {name} '{_text(stored)}'",
                    "Give the same details as before (the import links to that person and never changes"
                    " them), or correct the person in MSP first.",
                    row=rows[i],
                    column=name,
                    value=texts[i].strip(),
                )


def _already_imported(report: ImportReport, external: str, number: int) -> ImportProblem:
    return ImportProblem(
        "concern_already_imported",
        f"concern '{external}' was imported into {report.council.name} before"
        f" (reference {report.known.concerns[external]})",
        "Remove the row (a concern is imported once) and correct the concern in MSP instead.",
        file=report.file,
        row=number,
        column="external_concern_id",
        value=external,
    )


def known_ids(council, concern_ids: list[str], person_ids: list[str]) -> KnownIds:
    """The people and concerns earlier imports into this council created, among the given external ids."""
    from msp.cases.models import Concern, Person

    known = KnownIds()
    people = (
        f"SELECT id, external_id, given_name, family_name, date_of_birth FROM {Person._meta.db_table}"
        " WHERE council_id = %s AND NOT (external_id = '') AND external_id {in}"  # as the unique index
    )
    for pk, external, given, family, born in select_in(people, [council.pk], person_ids):
        known.people[external] = KnownPerson(pk, given, family, _date(born))
    concerns = (
        f"SELECT external_id, reference FROM {Concern._meta.db_table}"
        " WHERE council_id = %s AND NOT (external_id = '') AND external_id {in}"
    )
    known.concerns.update(select_in(concerns, [council.pk], concern_ids))
    return known


def _date(value) -> datetime.date | None:
    """A date as the ORM gives it (SQLite's driver gives text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def check_concern_ids(report: ImportReport) -> None:
    """Again, just before writing: no concern of the file imported meanwhile by another import."""
    at = report.index("external_concern_id")
    for row in report.rows:
        if row[at] in report.known.concerns:
            report.problems.append(_already_imported(report, row[at], row[0]))


def mark_repeats(report: ImportReport) -> None:
    """A repeat: the person had another concern in the 12 months before, in this file or already in MSP. A
    concern already in MSP that the file's earlier concerns now precede becomes a repeat too."""
    from msp.cases.models import Concern

    rows, person_at, received_at = (
        report.rows,
        report.index("external_person_id"),
        report.index("received_at"),
    )
    by_person: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_person.setdefault(row[person_at], []).append(i)
    linked = {report.known.people[e].pk: e for e in by_person if e in report.known.people}
    earlier: dict[str, list[tuple]] = {}  # only the linked people's concerns, never the council's
    for batch in in_batches(list(linked)):
        existing = Concern.objects.filter(person_id__in=batch)
        for person_pk, pk, received, flagged in existing.values_list(
            "person_id", "pk", "received_at", "is_repeat"
        ):
            earlier.setdefault(linked[person_pk], []).append((received, pk, flagged))
    report.repeats = [False] * len(rows)
    for external, indices in by_person.items():
        theirs = earlier.get(external, ())
        if len(indices) + len(theirs) < 2:
            continue  # one concern is never a repeat
        moments = [rows[i][received_at] for i in indices] + [received for received, _, _ in theirs]
        for i in indices:
            report.repeats[i] = is_repeat(rows[i][received_at], moments)
        for received, pk, flagged in theirs:
            if not flagged and is_repeat(received, moments):
                report.newly_repeats.append(pk)


def _counts(report: ImportReport) -> dict[str, int]:
    rows, at = report.rows, report.index
    decision, method = at("decision"), at("feedback_method")
    words = [at(f"outcome_{n}_words") for n in range(1, MAX_OUTCOMES + 1)]
    with_enquiry = [r for r in rows if r[decision] in ENQUIRY_DECISIONS]
    return {
        "concerns": len(rows),
        "repeats": sum(report.repeats),
        "people_new": len(report.people.keys() - report.known.people.keys()),
        "people_linked": len(report.people.keys() & report.known.people.keys()),
        "enquiries": len(with_enquiry),
        "outcomes": sum(bool(r[w]) for r in rows for w in words),
        "feedback": sum(bool(r[method]) for r in with_enquiry),
        "existing_now_repeats": len(report.newly_repeats),
    }
