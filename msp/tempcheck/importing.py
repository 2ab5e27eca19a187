"""Import a wave's interviews from a CSV or XLSX file: check every row, then write everything or nothing.

The file is the interchange format: one row per interview, a column per code (the instrument's facts, then
every item, grid rows as `engagement.board`). Each column is a small object that parses and checks its own
cell; phase one collects every problem with its row, column, value, rule and fix; phase two writes all the
interviews in one transaction. The `tempcheck_import` command and the upload page both call `import_file`.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from msp.core import tabular
from msp.core.tabular import (
    NO,
    YES,
    CellError,
    CollectsProblems,
    ImportProblem,
    Table,
    check_extra_cells,
    parse_date,
    plural,
    unguard_formula,
)
from msp.tempcheck.instrument import Fact, Item, Option, build_instrument
from msp.tempcheck.rules import IMPORT_WARNS, check_answers, describe_options, normalise_label, parse_choice

MAX_FILE_BYTES = 10 * 1024 * 1024
# Still importable from here: the exporter guards the same characters, and tests read cells through it.
FORMULA_START = tabular.FORMULA_START
cell_text = tabular.cell_text
# Interchange fact code -> Interview field.
FACT_FIELDS = {
    "council": "council",
    "interview_date": "interview_date",
    "interviewer": "interviewer_name",
    "respondent_role": "respondent_role",
    "consent_to_attribution": "consent_to_attribution",
}
# What an absent column means for the wave, said in the import's warnings.
ABSENT = {
    "interview_date": "no interview dates are recorded",
    "interviewer": "no interviewer is named",
    "respondent_role": "no respondent's role is recorded",
    "consent_to_attribution": "no council has agreed to be quoted by name",
    "road_map_step": "the road map will be empty",
}
FILE_WORDING = tabular.FileWording(
    max_bytes=MAX_FILE_BYTES,
    too_large_fix="Files must be smaller than 10 MB; split it or remove unused sheets.",
    headings_fix="Put the column codes (council, interview_date, ...) in row 1.",
)


@dataclass
class ParsedRow:
    row: int
    council: Any
    facts: dict[str, Any]  # Interview field -> value
    answers: dict[str, str]  # item code -> option code or text
    valid: bool = True


@dataclass
class ImportReport(CollectsProblems):
    file: str
    wave_code: str
    dry_run: bool = False
    replace: bool = False
    rows_read: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    to_replace: dict[int, int] = field(default_factory=dict)  # council id -> existing interview id
    created: int = 0
    replaced: int = 0
    written: bool = False
    table: Table | None = None  # the cells read, so that a checked file can be imported without re-reading

    @property
    def would_create(self) -> int:
        return len(self.rows) - len(self.to_replace)

    def summary_lines(self) -> list[str]:
        lines = [f"{self.file}: {plural(self.rows_read, 'row')} read for wave {self.wave_code}."]
        if self.problems:
            lines.append(f"{plural(len(self.problems), 'problem')} found; nothing was imported.")
        elif self.written:
            lines.append(f"{plural(self.created, 'interview')} created, {self.replaced} replaced.")
        else:
            lines.append(
                f"Dry run: {plural(self.would_create, 'interview')} would be created,"
                f" {len(self.to_replace)} replaced; nothing was written."
            )
        lines.append(f"{plural(len(self.warnings), 'warning')}.")
        lines.extend(f"Warning: {line}" for line in self.warning_lines())
        return lines

    def warning_lines(self) -> list[str]:
        """Each kind of row warning said once, with how many rows and which; other warnings one by one."""
        grouped: dict[str, list[int]] = {}
        lines = []
        for warning in self.warnings:
            if warning.rule in IMPORT_WARNS and warning.row:
                grouped.setdefault(warning.rule, []).append(warning.row)
            else:
                lines.append(str(warning))
        for rule, rows in grouped.items():
            shown = ", ".join(str(r) for r in rows[:20]) + (
                f" and {len(rows) - 20} more" if len(rows) > 20 else ""
            )
            which = "row" if len(rows) == 1 else "rows"
            lines.insert(0, f"{plural(len(rows), 'row')}: {IMPORT_WARNS[rule]} ({which} {shown})")
        return lines

    def headline(self) -> str:
        """What matters first when most problems are of one kind (e.g. every council already imported)."""
        found = tabular.dominant_problem(self.problems)
        if found is not None and found[0].rule == "council_already_in_wave":
            return (
                f"{plural(found[1], 'council')} already have an interview in wave {self.wave_code}:"
                " import with replace to overwrite them."
            )
        return tabular.headline(self.problems)


def read_table(name: str, data: bytes, report: ImportReport) -> Table | None:
    """CSV (UTF-8, with or without BOM) or XLSX (first sheet); None (problem reported) if unreadable."""
    return tabular.read_table(name, data, report, FILE_WORDING)


# --- Columns ------------------------------------------------------------------------------------------------


class Column:
    """One interchange column: parses and checks its own cell. A blank cell is "not answered"."""

    def __init__(self, code: str, *, required: bool = False):
        self.code = code
        self.required = required  # the column must be present (its cells may still be blank where allowed)

    def parse(self, raw: str, context: dict[str, Any]) -> Any:
        raise NotImplementedError


class TextColumn(Column):
    def __init__(self, code: str, *, required: bool = False, max_length: int | None = None):
        super().__init__(code, required=required)
        self.max_length = max_length

    def parse(self, raw: str, context: dict[str, Any]) -> str:
        text = unguard_formula(raw.strip())
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                "too_long",
                f"the text is {len(text)} characters long",
                f"Shorten it to at most {self.max_length} characters.",
            )
        return text


class ChoiceColumn(Column):
    def __init__(self, code: str, options: tuple[Option, ...], *, required: bool = False):
        super().__init__(code, required=required)
        self.options = options
        self._seen: dict[str, str | None] = {}  # values repeat down a column: parse each once

    def parse(self, raw: str, context: dict[str, Any]) -> str:
        if raw not in self._seen:
            self._seen[raw] = parse_choice(self.options, raw)
        code = self._seen[raw]
        if code is None:
            raise CellError(
                "unknown_option",
                f"'{raw.strip()}' is not an answer option",
                f"Expected {describe_options(self.options)}.",
            )
        return code


class YesNoColumn(Column):
    def parse(self, raw: str, context: dict[str, Any]) -> bool:
        value = normalise_label(raw)
        if value in YES:
            return True
        if value in NO:
            return False
        raise CellError(
            "unknown_option",
            f"'{raw.strip()}' is not yes or no",
            "Expected Yes or No (Y/N and true/false are accepted too).",
        )


class DateColumn(Column):
    def parse(self, raw: str, context: dict[str, Any]) -> datetime.date:
        day = parse_date(raw)
        if day > timezone.localdate():
            raise CellError(
                "date_in_future",
                f"{day:%d/%m/%Y} is in the future",
                "Give the date the interview took place.",
            )
        return day


class CouncilColumn(Column):
    """Resolves names through the one CouncilResolver, on the interview date (or the fieldwork start)."""

    def __init__(self, code: str, *, default_day: datetime.date | None, required: bool = True):
        super().__init__(code, required=required)
        self.default_day = default_day
        self._resolver = None

    @property
    def resolver(self):
        from msp.councils.resolver import CouncilResolver

        if self._resolver is None:
            self._resolver = CouncilResolver(on=self.default_day)  # built once: it loads every council
        return self._resolver

    def parse(self, raw: str, context: dict[str, Any]):
        day = context.get("interview_date") or self.default_day
        resolution = self.resolver.resolve(raw.strip(), on=day)
        if resolution.council is None:
            if resolution.ambiguous:
                message = resolution.error or f"'{raw.strip()}' matches several councils"
                raise CellError(
                    "ambiguous_council",
                    message.removesuffix(" Give the GSS code."),  # said by the fix instead
                    "Give the GSS code, or the full name, of the council meant.",
                )
            raise CellError(
                "unknown_council",
                resolution.error or f"'{raw.strip()}' is not a council",
                "Use the council's full name or GSS code, as on the councils list.",
            )
        if resolution.warning:
            context.setdefault("_warnings", []).append(resolution.warning)
        return resolution.council


def build_columns(wave, items: list[Item]) -> list[Column]:
    """The interchange columns of a wave's instrument version: facts, then every item."""
    from msp.tempcheck.models import Interview

    facts: list[Fact] = build_instrument(wave.instrument.source, where=wave.instrument.code).facts
    columns: list[Column] = []
    for fact in facts:
        if fact.ftype == "council":
            columns.append(CouncilColumn(fact.code, default_day=wave.fieldwork_start))
        elif fact.ftype == "date":
            columns.append(DateColumn(fact.code))
        elif fact.ftype == "single_choice" and {o.code for o in fact.options} == {"yes", "no"}:
            columns.append(YesNoColumn(fact.code))
        elif fact.ftype == "single_choice":
            columns.append(ChoiceColumn(fact.code, fact.options))
        else:
            field_name = FACT_FIELDS.get(fact.code, "")
            max_length = Interview._meta.get_field(field_name).max_length if field_name else None
            columns.append(TextColumn(fact.code, max_length=max_length))
    # Only the council is required: a blank cell, or a column left out, is "not answered" / "not recorded".
    for item in items:
        if item.is_closed:
            columns.append(ChoiceColumn(item.code, item.options))
        else:
            columns.append(TextColumn(item.code))
    return columns


# --- Phase one: check everything ----------------------------------------------------------------------------


def check_header(table: Table, columns: list[Column], report: ImportReport) -> dict[str, int]:
    """Map each known column code to its position; report unknown, duplicate, unnamed and missing columns."""
    codes = [c.code for c in columns]

    def unknown_fix(heading: str) -> str:
        close = difflib.get_close_matches(heading, codes, n=1, cutoff=0.6)
        return f"Did you mean `{close[0]}`?" if close else "Remove the column; the codebook lists every code."

    return tabular.map_header(
        table,
        report,
        known={code.casefold(): code for code in codes},
        key=str.casefold,
        whose="this instrument",
        unnamed_fix="Give it one of the instrument's codes as its heading, or delete it.",
        unknown_fix=unknown_fix,
        required={c.code: f"Add a column headed `{c.code}`." for c in columns if c.required},
    )


def check_row(
    row_number: int,
    cells: list[str],
    columns: list[Column],
    positions: dict[str, int],
    items: list[Item],
    report: ImportReport,
) -> ParsedRow:
    """Parse one interview row, reporting every problem in it; `valid` when it has none."""
    before = len(report.problems)
    raw = {code: (cells[i] if i < len(cells) else "") for code, i in positions.items()}
    context: dict[str, Any] = {}
    values: dict[str, Any] = {}
    # The council is resolved on the interview date, so it is parsed last.
    for column in sorted(columns, key=lambda c: isinstance(c, CouncilColumn)):
        if column.code not in raw:
            continue
        text = raw[column.code]
        if not text.strip():
            if column.code == "council":
                report.problem(
                    "required",
                    "`council` must be given",
                    "Name the council interviewed.",
                    row=row_number,
                    column=column.code,
                )
            continue  # not answered, or not recorded
        try:
            values[column.code] = column.parse(text, context)
        except CellError as exc:
            report.problem(
                exc.rule, exc.message, exc.fix, row=row_number, column=column.code, value=text.strip()
            )
            continue
        if column.code == "interview_date":
            context["interview_date"] = values[column.code]
    for warning in context.get("_warnings", []):
        report.warnings.append(
            ImportProblem(
                "council_warning",
                warning,
                "Check that this is the council meant.",
                report.file,
                row_number,
                "council",
                raw.get("council", "").strip(),
            )
        )
    item_codes = {item.code for item in items}
    answers = {code: value for code, value in values.items() if code in item_codes}
    failed = {p.column for p in report.problems[before:]}
    for problem in check_answers(items, answers, complete=False):
        if problem.question in failed:
            continue  # already reported
        if problem.rule in IMPORT_WARNS:
            report.warnings.append(
                ImportProblem(
                    problem.rule,
                    problem.message,
                    problem.fix,
                    report.file,
                    row_number,
                    problem.question,
                    raw.get(problem.question, "").strip(),
                )
            )
            continue
        report.problem(
            problem.rule,
            problem.message,
            problem.fix,
            row=row_number,
            column=problem.question,
            value=raw.get(problem.question, "").strip(),
        )
    facts = {FACT_FIELDS[code]: value for code, value in values.items() if code in FACT_FIELDS}
    council = facts.pop("council", None)
    return ParsedRow(
        row_number, council, facts, answers, valid=council is not None and len(report.problems) == before
    )


def check_councils(rows: list[ParsedRow], wave, report: ImportReport) -> None:
    """One interview per council: in the file, and in the wave unless replacing."""
    from msp.tempcheck.models import Interview

    first_row: dict[int, int] = {}
    for parsed in rows:
        if parsed.council.pk in first_row:
            report.problem(
                "duplicate_council_in_file",
                f"{parsed.council.name} is also on row {first_row[parsed.council.pk]}",
                "Keep one row per council.",
                row=parsed.row,
                column="council",
                value=parsed.council.name,
            )
        else:
            first_row[parsed.council.pk] = parsed.row
    existing = dict(
        Interview.objects.filter(wave=wave, council_id__in=first_row).values_list("council_id", "id")
    )
    for parsed in rows:
        if parsed.council.pk not in existing or first_row[parsed.council.pk] != parsed.row:
            continue
        if report.replace:
            report.to_replace[parsed.council.pk] = existing[parsed.council.pk]
        else:
            report.problem(
                "council_already_in_wave",
                f"{parsed.council.name} already has an interview in wave {wave.code}",
                "Remove the row, or import with replace to overwrite that interview.",
                row=parsed.row,
                column="council",
                value=parsed.council.name,
            )


def validate_table(table: Table, wave, report: ImportReport) -> None:
    from msp.tempcheck.services import items_for

    items = items_for(wave.instrument)
    columns = build_columns(wave, items)
    positions = check_header(table, columns, report)
    check_extra_cells(table, report)
    for column in columns:
        if column.code not in positions and column.code != "council":
            report.warnings.append(
                ImportProblem(
                    "absent_column",
                    f"column `{column.code}` is absent:"
                    f" {ABSENT.get(column.code, 'no council has an answer to it')} in this wave",
                    "Add the column if the answers were recorded.",
                    report.file,
                )
            )
    report.rows_read = len(table.rows)
    if not table.rows:
        report.problem("no_rows", "the file has headings but no interviews", "Add one row per interview.")
        return
    parsed = [check_row(n, cells, columns, positions, items, report) for n, cells in table.rows]
    # Councils are checked on every row that names one, so a row with other problems still gets these too.
    check_councils([row for row in parsed if row.council is not None], wave, report)
    report.rows = [row for row in parsed if row.valid]
    report.problems.sort(key=lambda p: (p.row or 0, positions.get(p.column, -1)))


# --- Phase two: write everything ----------------------------------------------------------------------------


def write_interviews(report: ImportReport, wave, user=None) -> None:
    """Create or replace every interview and its answers in one transaction, and log the import."""
    from msp.accounts.audit import audit
    from msp.tempcheck.models import Answer, Interview, Question

    now = timezone.now()
    questions = {q.code: q for q in Question.objects.filter(instrument=wave.instrument)}
    recorded_by = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        existing = {
            i.council_id: i
            for i in Interview.objects.select_for_update().filter(
                wave=wave, council__in=[r.council for r in report.rows]
            )
        }
        for council_id in existing.keys() - report.to_replace.keys():
            parsed = next(r for r in report.rows if r.council.pk == council_id)
            report.problem(
                "council_already_in_wave",
                f"{parsed.council.name} was given an interview in wave {wave.code} since the check",
                "Check the file again.",
                row=parsed.row,
                column="council",
                value=parsed.council.name,
            )
        if report.problems:
            return
        new, replaced = [], []
        for parsed in report.rows:
            interview = existing.get(parsed.council.pk)
            if interview is None:
                interview = Interview(wave=wave, council=parsed.council, created_at=now)
                new.append(interview)
            else:
                interview.revision += 1
                replaced.append(interview)
            for name, value in parsed.facts.items():
                setattr(interview, name, value)
            interview.status = Interview.Status.SUBMITTED
            interview.submitted_at = now
            interview.updated_at = now
            # A command run has no user: a replaced interview then keeps whoever recorded it.
            if recorded_by is not None:
                interview.recorded_by = recorded_by
            interview.full_clean(
                exclude=["wave", "council", "recorded_by"], validate_unique=False, validate_constraints=False
            )
        Interview.objects.bulk_create(new)
        Interview.objects.bulk_update(
            replaced,
            [
                *(f for f in FACT_FIELDS.values() if f != "council"),
                "status",
                "submitted_at",
                "updated_at",
                "revision",
                "recorded_by",
            ],
        )
        by_council = {i.council_id: i for i in [*new, *replaced]}
        wanted = [
            Answer(
                interview_id=by_council[parsed.council.pk].pk,
                question_id=questions[code].pk,
                **({"text": value} if questions[code].qtype == "open_text" else {"choice": value}),
            )
            for parsed in report.rows
            for code, value in parsed.answers.items()
        ]
        Answer.objects.bulk_create(_keep_unchanged(wanted, replaced), batch_size=1000)
        report.created, report.replaced, report.written = len(new), len(replaced), True
        audit(
            user=user,
            action="import",
            object_type="tempcheck.Wave",
            object_id=wave.code,
            summary=f"Imported {len(report.rows)} interviews from {report.file[:150]}: {len(new)} created,"
            f" {len(replaced)} replaced, {plural(len(report.warnings), 'warning')}",
            changes={
                "file": report.file,
                "rows_read": report.rows_read,
                "created": len(new),
                "replaced": len(replaced),
                "warnings": len(report.warnings),
                "replaced_councils": sorted(i.council.gss_code for i in replaced),
            },
        )


def _keep_unchanged(wanted: list, replaced: list) -> list:
    """Delete a replaced interview's answers that changed or went; return the answers still to create.

    An answer that is the same in the new file is kept as it is, so that work attached to it (such as the
    coding of an open answer) survives a replace that did not change it.
    """
    from msp.tempcheck.models import Answer

    if not replaced:
        return wanted
    old = {(a.interview_id, a.question_id): a for a in Answer.objects.filter(interview__in=replaced)}
    keep, create = set(), []
    for answer in wanted:
        current = old.get((answer.interview_id, answer.question_id))
        if current is not None and (current.choice, current.text) == (answer.choice, answer.text):
            keep.add(current.pk)
        else:
            create.append(answer)
    Answer.objects.filter(pk__in=[a.pk for a in old.values() if a.pk not in keep]).delete()
    return create


def import_table(
    table: Table,
    *,
    wave,
    file: str,
    dry_run: bool = False,
    replace: bool = False,
    user=None,
    report: ImportReport | None = None,
) -> ImportReport:
    report = report or ImportReport(file=file, wave_code=wave.code, dry_run=dry_run, replace=replace)
    if wave.instrument is None:
        report.problem(
            "wave_not_importable",
            f"wave {wave.code} has published figures only, no instrument",
            "Choose a wave whose interviews are recorded in MSP.",
        )
        return report
    validate_table(table, wave, report)
    if report.ok and not dry_run:
        write_interviews(report, wave, user=user)
    return report


def import_file(
    *, name: str, data: bytes, wave, dry_run: bool = False, replace: bool = False, user=None
) -> ImportReport:
    """Check a file and, unless `dry_run` or anything is wrong, import every interview in it."""
    report = ImportReport(file=name, wave_code=wave.code, dry_run=dry_run, replace=replace)
    table = report.table = read_table(name, data, report)
    if table is None:
        return report
    return import_table(
        table, wave=wave, file=name, dry_run=dry_run, replace=replace, user=user, report=report
    )
