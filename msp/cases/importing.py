"""Import concerns and enquiries from another system's CSV or XLSX: check every row, then write all or none.

One row per concern, with its person, decision, enquiry, desired outcomes (numbered columns) and feedback.
Each column is a small object that parses and checks its own cell: national categories by label or code
(`categories.code_for_label`), local lists by label or code, UK or ISO dates, never US. Phase one collects
every problem with its file, row, column, value, rule and fix, including rules across columns (a risk outcome
only where risk was identified and action taken) and across rows (a concern id twice). Phase two writes every
row with bulk_create in one transaction and logs one audit event. The `cases_import` command calls
`import_file`; `column_reference()` writes the column tables of docs/cases_import.md.

External ids: the old system's person and concern ids are kept on Person and Concern (`external_id`, unique
per council). That is what links a later import's rows to people imported before and refuses a concern
imported twice.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from msp.cases import categories as cat
from msp.cases import choices as ch
from msp.cases.rules import decision_due, is_repeat, nhs_number_is_valid, normalise_nhs_number
from msp.tempcheck.importing import CellError, ImportProblem, Table, cell_text, parse_date

MAX_FILE_BYTES = 50 * 1024 * 1024  # a large council's extract over several years
MAX_OUTCOMES = 5
SEPARATOR = ";"
BATCH_SIZE = 1000
FORMULA_START = ("=", "+", "-", "@")
YES, NO = {"yes", "y", "true"}, {"no", "n", "false"}
_WITH_TIME = re.compile(r"^(\S+?)(?:[ T]|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")
DATETIME_FIX = "Write it as day/month/year hours:minutes (03/04/2019 14:30) or 2019-04-03 14:30."
ENQUIRY_DECISIONS = (ch.Decision.S42, ch.Decision.OTHER)
ENQUIRY_COLUMNS = (
    "first_contact_at",
    "involvement",
    "capacity",
    "capacity_support",
    "risk_result",
    "risk_outcome",
    "closed_at",
)
FEEDBACK_ANSWERS = tuple(f"feedback_{name}" for name, _ in ch.FEEDBACK_QUESTIONS)
FEEDBACK_REQUIRED = ("feedback_respondent", "feedback_method", "feedback_answered_on", *FEEDBACK_ANSWERS)
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "known_as",
    "date_of_birth",
    "nhs_number",
    "gender",
    "ethnicity",
    "support_reason",
    "area",
)
GROUPS = {
    "person": "The person",
    "concern": "The concern and the three questions",
    "outcome": "Desired outcomes",
    "decision": "The decision",
    "enquiry": "The enquiry (only where the decision is an enquiry)",
    "feedback": "Feedback (optional; only where there is an enquiry)",
}


def normalise(text: str) -> str:
    """Case, spacing, dashes and curly apostrophes do not matter when matching a label or a heading."""
    text = str(text).replace("–", "-").replace("—", "-").replace("’", "'")
    return " ".join(text.split()).casefold()


def heading_key(text: str) -> str:
    return normalise(text).replace(" ", "_").replace("-", "_")


# --- Reading the file ---------------------------------------------------------------------------------------


def read_table(name: str, data: bytes, report: ImportReport) -> Table | None:
    """CSV (UTF-8, with or without BOM) or XLSX (first sheet); None (problem reported) if unreadable."""
    if len(data) > MAX_FILE_BYTES:
        report.problem(
            "file_too_large",
            f"the file is {len(data) / 1024 / 1024:.0f} MB",
            f"Split it into files smaller than {MAX_FILE_BYTES // 1024 // 1024} MB, for example by year.",
        )
        return None
    if data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, report)
    if name.lower().endswith((".xls", ".ods")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        report.problem(
            "unsupported_file",
            "this kind of spreadsheet cannot be read",
            "Save it as an Excel workbook (.xlsx) or as CSV UTF-8.",
        )
        return None
    try:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise UnicodeDecodeError("utf-16", data, 0, 2, "UTF-16")
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.problem(
            "bad_encoding",
            f"the file is not UTF-8 text (line {line} cannot be read)",
            "In Excel choose Save As, 'CSV UTF-8 (Comma delimited)', or send the .xlsx.",
        )
        return None
    try:
        return _table(list(csv.reader(io.StringIO(text, newline=""))), report)
    except csv.Error as exc:
        report.problem("unreadable_file", f"the file is not valid CSV ({exc})", "Save it again as CSV UTF-8.")
        return None


def _read_xlsx(data: bytes, report: ImportReport) -> Table | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        report.problem(
            "unreadable_file",
            f"the file is not a readable Excel workbook ({exc.__class__.__name__})",
            "Open it in Excel and save it again as .xlsx, or save it as CSV UTF-8.",
        )
        return None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong sheet size; read every row there is
        records = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(records, report)


def _table(records: list[list[str]], report: ImportReport) -> Table | None:
    if not records or not any(c.strip() for c in records[0]):
        report.problem(
            "empty_file",
            "the first row has no column headings",
            "Put the column names (external_person_id, given_name, ...) in row 1.",
            row=1,
        )
        return None
    header = [c.strip() for c in records[0]]
    while header and not header[-1]:
        header.pop()
    rows = [(n, cells) for n, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)]
    return Table(header, rows)


# --- Columns: each parses and checks its own cell -----------------------------------------------------------


class Column:
    """One column. `required`: every row needs a value; `needed_when` says when it is needed otherwise."""

    group = ""

    def __init__(self, name: str, description: str, example: str = "", *, required=False, needed_when=""):
        self.name, self.description, self.example = name, description, example
        self.required, self.needed_when = required, needed_when

    def parse(self, text: str, year: str | None) -> Any:
        return text

    def allowed(self) -> str:
        return "Text"


class TextColumn(Column):
    def __init__(self, *args, max_length: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length

    def parse(self, text: str, year: str | None) -> str:
        if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
            text = text[1:]  # undo an export's guard against spreadsheet formulas
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                "too_long",
                f"the text is {len(text)} characters long",
                f"Shorten it to at most {self.max_length} characters.",
            )
        return text

    def allowed(self) -> str:
        return f"Text, at most {self.max_length} characters" if self.max_length else "Text"


class DateColumn(Column):
    def parse(self, text: str, year: str | None) -> datetime.date:
        day = parse_date(text)
        if day > timezone.localdate():
            raise CellError("in_future", f"{day:%d/%m/%Y} is in the future", "Check the date.")
        if day.year < 1900:
            raise CellError("bad_date", f"{day:%d/%m/%Y} is before 1900", "Check the year.")
        return day

    def allowed(self) -> str:
        return "A date, day first (31/03/2019) or ISO (2019-03-31); never month first"


class DateTimeColumn(Column):
    def parse(self, text: str, year: str | None) -> datetime.datetime:
        moment = parse_datetime(text)
        if moment > timezone.now():
            raise CellError("in_future", f"{shown(moment)} is in the future", "Check the date and time.")
        return moment

    def allowed(self) -> str:
        return (
            "Date and time, UK clock: 31/03/2019 14:30 or 2019-03-31 14:30 (seconds optional);"
            " a date alone means 00:00 that day"
        )


def shown(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"


def parse_datetime(text: str) -> datetime.datetime:
    """A UK day-first or ISO date with an optional 24-hour time, as an aware UK time."""
    text = text.strip()
    match = _WITH_TIME.match(text)
    try:
        if match:
            day = parse_date(match[1])
            clock = datetime.time(int(match[2]), int(match[3]), int(match[4] or 0))
        else:
            day, clock = parse_date(text), datetime.time()
    except CellError as exc:
        raise CellError("bad_datetime", exc.message, DATETIME_FIX) from None
    except ValueError:
        raise CellError("bad_datetime", f"'{text}' does not have a real time of day", DATETIME_FIX) from None
    return timezone.make_aware(datetime.datetime.combine(day, clock))


class ChoiceColumn(Column):
    """A value from a list, given as its label or its code. Subclasses say where the list comes from."""

    set_label = "answer"

    def options(self, year: str | None = None) -> list[tuple[str, str]]:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._seen: dict[tuple[str, str | None], str | None] = {}  # values repeat down a column

    def parse(self, text: str, year: str | None) -> Any:
        if (text, year) not in self._seen:
            self._seen[text, year] = self.lookup(text, year)
        code = self._seen[text, year]
        if code is None:
            raise self.unknown(text, year)
        return code

    def lookup(self, text: str, year: str | None) -> str | None:
        wanted = normalise(text)
        return next(
            (c for c, label in self.options(year) if wanted in (c.casefold(), normalise(label))), None
        )

    def unknown(self, text: str, year: str | None) -> CellError:
        labels = [label for _, label in self.options(year)]
        keys = {normalise(label): label for label in labels}
        close = difflib.get_close_matches(normalise(text), list(keys), n=1, cutoff=0.6)
        hint = f"Did you mean '{keys[close[0]]}'? " if close else ""
        return CellError(
            "unknown_option",
            f"'{text}' is not a {self.set_label}",
            f"{hint}Expected one of: {'; '.join(labels)}.",
        )

    def allowed(self) -> str:
        return "<br>".join(f"{label} (`{code}`)" for code, label in self.options())


class NationalColumn(ChoiceColumn):
    """A national (SAC) category, read with the labels of the concern's reporting year."""

    def __init__(self, *args, set_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_name = set_name
        self.set_label = cat.category_set(set_name).label.lower()

    def options(self, year: str | None = None) -> list[tuple[str, str]]:
        return cat.category_set(self.set_name, year).choices()

    def lookup(self, text: str, year: str | None) -> str | None:
        return cat.code_for_label(self.set_name, text, year)


class LocalColumn(ChoiceColumn):
    """A value from one of MSP's own lists (msp.cases.choices)."""

    def __init__(self, *args, choices: type[models.TextChoices], set_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices, self.set_label = choices, set_label

    def options(self, year: str | None = None) -> list[tuple[str, str]]:
        return list(self.choices.choices)


class OutcomeCategoryColumn(ChoiceColumn):
    """A desired-outcome category: the national list and the council's own, by label or code."""

    set_label = "desired-outcome category"

    def __init__(self, *args, categories: list, **kwargs):
        super().__init__(*args, **kwargs)
        # The council's own category wins over a national one with the same code.
        self.by_code = {c.code: c for c in sorted(categories, key=lambda c: c.council_id is not None)}

    def options(self, year: str | None = None) -> list[tuple[str, str]]:
        return [(c.code, c.label) for c in self.by_code.values()]

    def parse(self, text: str, year: str | None):
        return self.by_code[super().parse(text, year)]


class ListColumn(Column):
    """Several values of a choice column in one cell, separated by semicolons."""

    def __init__(self, *args, item: ChoiceColumn, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item

    def parse(self, text: str, year: str | None) -> tuple[str, ...]:
        codes = []
        for part in (p.strip() for p in text.split(SEPARATOR)):
            if part:
                try:
                    codes.append(self.item.parse(part, year))
                except CellError as exc:
                    raise CellError(exc.rule, exc.message, f"Separate values with ';'. {exc.fix}") from None
        return tuple(dict.fromkeys(codes))

    def allowed(self) -> str:
        return "One or more, separated by `;`:<br>" + self.item.allowed()


class YesNoColumn(Column):
    def parse(self, text: str, year: str | None) -> bool:
        value = normalise(text)
        if value in YES or value in NO:
            return value in YES
        raise CellError("unknown_option", f"'{text}' is not yes or no", "Write Yes or No, or leave it blank.")

    def allowed(self) -> str:
        return "Yes or No (or Y/N, true/false); blank: not recorded"


class NhsNumberColumn(Column):
    def parse(self, text: str, year: str | None) -> str:
        number = normalise_nhs_number(text)
        if not nhs_number_is_valid(number):
            raise CellError(
                "invalid_nhs_number",
                f"'{text}' is not a valid NHS number",
                "Give the 10 digits (spaces allowed); the last is a check digit, so a typing slip shows.",
            )
        return number

    def allowed(self) -> str:
        return "10 digits with a valid check digit; spaces or dashes allowed"


def _in_group(group: str, columns: list[Column]) -> list[Column]:
    for column in columns:
        column.group = group
    return columns


def build_columns(outcome_categories: list) -> list[Column]:
    """Every column of the extract, in the documented order."""
    text, date, when, national, local = TextColumn, DateColumn, DateTimeColumn, NationalColumn, LocalColumn
    person = [
        text(
            "external_person_id",
            "The person's id in the old system; rows with the same id are one person.",
            "P-10442",
            required=True,
            max_length=60,
        ),
        text("given_name", "Given name.", "Marnie", required=True, max_length=80),
        text("family_name", "Family name.", "Quillfeather", required=True, max_length=80),
        text("known_as", "The name they like to be called.", "Marn", max_length=80),
        date("date_of_birth", "Date of birth.", "14/05/1938"),
        NhsNumberColumn("nhs_number", "NHS number.", "943 476 5919"),
        national("gender", "Gender.", "Female", set_name="gender"),
        national("ethnicity", "Ethnicity.", "White", set_name="ethnicity"),
        national("support_reason", "Primary support reason.", "Physical support", set_name="support_reason"),
        text("area", "Locality or team area.", "North locality", max_length=80),
    ]
    concern = [
        text(
            "external_concern_id",
            "The concern's id in the old system; once per file, once per council.",
            "C-2019-0381",
            required=True,
            max_length=60,
        ),
        when("received_at", "When the concern was received.", "03/04/2019 14:30", required=True),
        local(
            "referrer_type",
            "Who raised it.",
            "Care provider",
            required=True,
            choices=ch.ReferrerType,
            set_label="kind of referrer",
        ),
        text("referrer_name", "Person or organisation that raised it.", "Larkspur Lodge", max_length=160),
        text("referrer_contact", "Their phone, email or address.", "01632 960123", max_length=200),
        ListColumn(
            "risk_types",
            "Types of risk.",
            "Neglect and acts of omission; Financial or material",
            item=national("", "", set_name="risk_type"),
        ),
        national("location", "Location of risk.", "Own home", set_name="risk_location"),
        national(
            "source_of_risk", "Source of risk.", "Other - known to the individual", set_name="risk_source"
        ),
        text("what_happened", "What happened.", "A carer noticed missed medication.", required=True),
        text("wants_to_happen", "What the person wants to happen.", "For it to stop."),
        text("involvement_wishes", "How they want to be involved.", "Visit me with my niece there."),
        local(
            "outcomes_asked",
            "Asked about their desired outcomes?",
            "Asked",
            choices=ch.OutcomesAsked,
            set_label="answer to 'asked about desired outcomes'",
        ),
        text(
            "outcomes_not_asked_reason",
            "Why they were not asked.",
            "Too unwell at the time.",
            needed_when="When outcomes_asked is Not asked",
        ),
        local("said_by", "Who gave the answers.", "The person", choices=ch.SaidBy, set_label="speaker"),
    ]
    outcome = []
    for n in range(1, MAX_OUTCOMES + 1):
        outcome += [
            OutcomeCategoryColumn(
                f"outcome_{n}_category",
                f"Desired outcome {n}: its category.",
                "To feel safe or safer",
                categories=outcome_categories,
                needed_when=f"When outcome_{n}_words is given",
            ),
            text(
                f"outcome_{n}_words",
                f"Desired outcome {n}, in the person's own words.",
                "I want to feel safe in my flat.",
                needed_when=f"When outcome_{n}_category is given",
            ),
            national(
                f"outcome_{n}_achievement",
                f"Desired outcome {n}: achieved? (at closure only)",
                "Partially achieved",
                set_name="outcome_achievement",
            ),
        ]
    decision = [
        local(
            "decision",
            "The decision; blank while awaiting one.",
            "Section 42 enquiry",
            choices=ch.Decision,
            set_label="decision",
        ),
        *(
            YesNoColumn(
                f"criterion_{x}",
                f"Section 42 criterion ({x}) met?",
                "Yes",
                needed_when="Yes, for a Section 42 enquiry",
            )
            for x in "abc"
        ),
        text("decision_reason", "Why (for other enquiry or no enquiry).", "Support already in place."),
        when("decided_at", "When it was decided.", "04/04/2019 10:00", needed_when="With a decision"),
        local(
            "no_enquiry_outcome",
            "What happened instead.",
            "Signposted to community or voluntary services",
            choices=ch.NoEnquiryOutcome,
            set_label="no-enquiry outcome",
            needed_when="For No enquiry",
        ),
    ]
    enquiry = [
        when("first_contact_at", "First contact with the person.", "04/04/2019 16:15"),
        ListColumn(
            "involvement",
            "How the person was involved.",
            "Home visit; By phone",
            item=local("", "", choices=ch.InvolvementMethod, set_label="way of involvement"),
        ),
        national(
            "capacity",
            "Lacked capacity for the enquiry's decisions?",
            "No, did not lack capacity",
            set_name="mental_capacity",
        ),
        national(
            "capacity_support",
            "Support, where capacity was lacking.",
            "Yes, by an advocate",
            set_name="capacity_support",
        ),
        national(
            "risk_result",
            "Action taken and result.",
            "Risk identified and action taken",
            set_name="risk_result",
        ),
        national(
            "risk_outcome",
            "Risk outcome (only where risk identified and action taken).",
            "Risk reduced",
            set_name="risk_outcome",
        ),
        when("closed_at", "When the enquiry closed; blank while open.", "20/05/2019 12:00"),
    ]
    feedback = [
        local(
            "feedback_respondent",
            "Who answered.",
            "The person",
            choices=ch.Respondent,
            set_label="respondent",
            needed_when="With any feedback",
        ),
        local(
            "feedback_method",
            "How it was asked.",
            "By the enquiry lead at closure",
            choices=ch.FeedbackMethod,
            set_label="way of asking",
            needed_when="With any feedback",
        ),
        date("feedback_answered_on", "When they answered.", "20/05/2019", needed_when="With any feedback"),
        *(
            local(
                f"feedback_{name}",
                question,
                "Yes",
                choices=ch.FeedbackAnswer,
                set_label="feedback answer",
                needed_when="With any feedback",
            )
            for name, question in ch.FEEDBACK_QUESTIONS
        ),
        text("feedback_comments", "Their comments, in their words.", "They listened to me."),
    ]
    return [
        *_in_group("person", person),
        *_in_group("concern", concern),
        *_in_group("outcome", outcome),
        *_in_group("decision", decision),
        *_in_group("enquiry", enquiry),
        *_in_group("feedback", feedback),
    ]


def column_reference(columns: list[Column] | None = None) -> str:
    """The column tables of docs/cases_import.md, made from the columns themselves so the two never differ."""
    if columns is None:
        from msp.cases.models import OutcomeCategory

        columns = build_columns(list(OutcomeCategory.objects.filter(council=None)))
    lines: list[str] = []
    for group, title in GROUPS.items():
        lines += [f"### {title}", "", "| Column | Required | What it holds | Allowed values | Example |"]
        lines.append("|---|---|---|---|---|")
        for column in columns:
            if column.group != group or re.match(r"outcome_[2-9]", column.name):
                continue
            required = "Yes" if column.required else (column.needed_when or "No")
            lines.append(
                f"| `{column.name}` | {required} | {column.description} | {column.allowed()}"
                f" | {column.example} |"
            )
        if group == "outcome":
            lines += [
                "",
                f"The same three columns follow for outcomes 2 to {MAX_OUTCOMES} (`outcome_2_category`, ...,"
                f" `outcome_{MAX_OUTCOMES}_achievement`). Categories: the national list above, and the"
                " council's own categories.",
            ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- The report ---------------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]  # column name -> parsed value; blank cells are absent
    raw: dict[str, str]
    is_repeat: bool = False


@dataclass
class KnownIds:
    """What earlier imports into the council created, by external id."""

    people: dict[str, Any] = field(default_factory=dict)  # external person id -> Person
    concerns: dict[str, str] = field(default_factory=dict)  # external concern id -> reference


@dataclass
class ImportReport:
    file: str
    council: Any
    dry_run: bool = False
    rows_read: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    known: KnownIds = field(default_factory=KnownIds)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # external person id -> details
    newly_repeats: list[int] = field(default_factory=list)  # concerns already in MSP that become repeats
    counts: dict[str, int] = field(default_factory=dict)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, rule: str, message: str, fix: str = "", **where: Any) -> None:
        self.problems.append(ImportProblem(rule, message, fix, file=self.file, **where))

    def summary_lines(self) -> list[str]:
        c = self.counts
        lines = [
            f"{self.file}: {self.rows_read} rows read for {self.council.name} ({self.council.gss_code})."
        ]
        if self.problems:
            return [*lines, f"{len(self.problems)} problems found; nothing was imported."]
        what = (
            f"{c['concerns']} concerns ({c['repeats']} repeats), {c['people_new']} new people"
            f" ({c['people_linked']} imported before), {c['enquiries']} enquiries,"
            f" {c['outcomes']} desired outcomes, {c['feedback']} feedback"
        )
        if self.written:
            return [*lines, f"Imported {what}."]
        return [*lines, f"Dry run: would import {what}; nothing was written."]


def describe(problem: ImportProblem) -> str:
    """One line a person can act on: file, row, column, value; what is wrong; how to fix it; the rule."""
    where = [problem.file or "file"]
    where += [f"row {problem.row}"] if problem.row else []
    where += [f"column `{problem.column}`"] if problem.column else []
    if problem.value and problem.value not in problem.message:
        where.append(f"value '{problem.value}'")
    fix = problem.fix.rstrip(".")
    fix = fix[0].lower() + fix[1:] if len(fix) > 1 and fix[1].islower() else fix
    return f"{', '.join(where)}: {problem.message}" + (f"; {fix}" if fix else "") + f" [{problem.rule}]"


# --- Phase one: check everything ----------------------------------------------------------------------------


def check_header(table: Table, columns: list[Column], report: ImportReport) -> dict[str, int]:
    """Map each known column to its position; report unknown, duplicate, unnamed and missing columns."""
    known = {heading_key(c.name): c.name for c in columns}
    positions: dict[str, int] = {}
    for index, heading in enumerate(table.header):
        letter = _letter(index)
        if not heading:
            if any(index < len(cells) and cells[index].strip() for _, cells in table.rows):
                report.problem(
                    "unnamed_column",
                    f"column {letter} has values but no heading",
                    "Give it a column name from docs/cases_import.md, or delete it.",
                    row=1,
                )
            continue
        name = known.get(heading_key(heading))
        if name is None:
            report.problem(
                "unknown_column",
                f"`{heading}` (column {letter}) is not a column of the import",
                _unknown_column_fix(heading, list(known.values())),
                row=1,
                column=heading,
                value=heading,
            )
        elif name in positions:
            report.problem(
                "duplicate_column",
                f"`{name}` appears more than once (columns {_letter(positions[name])} and {letter})",
                "Keep one of the columns.",
                row=1,
                column=name,
                value=heading,
            )
        else:
            positions[name] = index
    for column in columns:
        if column.required and column.name not in positions:
            report.problem(
                "missing_column",
                f"the file has no `{column.name}` column",
                f"Add a column headed `{column.name}`: {column.description}",
                row=1,
                column=column.name,
            )
    return positions


def _unknown_column_fix(heading: str, names: list[str]) -> str:
    if re.match(r"outcome_\d+_", heading_key(heading)):
        return f"At most {MAX_OUTCOMES} desired outcomes per concern can be imported."
    close = difflib.get_close_matches(heading_key(heading), names, n=1, cutoff=0.6)
    return f"Did you mean `{close[0]}`?" if close else "Remove it; docs/cases_import.md lists every column."


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def check_extra_cells(table: Table, report: ImportReport) -> None:
    width = len(table.header)
    for number, cells in table.rows:
        extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
        if extra is not None:
            report.problem(
                "cell_without_column",
                f"column {_letter(extra)} has a value but no heading",
                "Delete the value or give the column a heading.",
                row=number,
                value=cells[extra].strip(),
            )


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
    for rule, name, message, fix in row_rules(Facts(values, failed)):
        report.problem(rule, message, fix, row=number, column=name, value=raw.get(name, ""))
    return ParsedRow(number, values, raw)


@dataclass
class Facts:
    """A row's parsed values for the rules across columns; a rule stays silent about a cell that failed."""

    values: dict[str, Any]
    failed: set[str]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def known(self, *names: str) -> bool:
        return not any(name in self.failed for name in names)


RowProblem = tuple[str, str, str, str]  # rule, column, message, fix


def row_rules(f: Facts) -> Iterator[RowProblem]:
    for rules in (
        _decision_rules,
        _enquiry_rules,
        _date_rules,
        _asked_rules,
        _outcome_rules,
        _feedback_rules,
    ):
        yield from rules(f)


def _decision_rules(f: Facts) -> Iterator[RowProblem]:
    if not f.known(
        "decision", "decided_at", "criterion_a", "criterion_b", "criterion_c", "no_enquiry_outcome"
    ):
        return
    decision = f.get("decision", "")
    if decision and not f.get("decided_at"):
        yield (
            "decision_needs_date",
            "decided_at",
            "a decision needs the date and time it was made",
            "Give decided_at, for example 04/04/2019 10:00.",
        )
    if f.get("decided_at") and not decision:
        yield (
            "date_without_decision",
            "decision",
            "decided_at is given but there is no decision",
            "Give the decision, or leave decided_at blank for a concern awaiting a decision.",
        )
    criteria = {x: f.get(f"criterion_{x}") for x in "abc"}
    if decision == ch.Decision.S42:
        for x, met in criteria.items():
            if met is not True:
                yield (
                    "s42_needs_all_criteria",
                    f"criterion_{x}",
                    f"a Section 42 enquiry needs criteria (a), (b) and (c) all met; ({x}) is"
                    f" {'not met' if met is False else 'blank'}",
                    "Answer Yes to (a), (b) and (c), or record the decision as Other enquiry or No enquiry.",
                )
    elif decision and all(met is True for met in criteria.values()):
        yield (
            "criteria_met_needs_s42",
            "decision",
            "all three Section 42 criteria are met, so the decision must be a Section 42 enquiry",
            "Record the decision as Section 42 enquiry, or correct the criteria.",
        )
    if decision == ch.Decision.NONE and not f.get("no_enquiry_outcome"):
        yield (
            "no_enquiry_needs_outcome",
            "no_enquiry_outcome",
            "there is no enquiry, but not what happened instead",
            f"Give one of: {'; '.join(ch.NoEnquiryOutcome.labels)}.",
        )
    if f.get("no_enquiry_outcome") and decision != ch.Decision.NONE:
        yield (
            "only_without_enquiry",
            "no_enquiry_outcome",
            "what happened instead is given only when there is no enquiry",
            "Leave it blank, or record the decision as No enquiry.",
        )


def _enquiry_rules(f: Facts) -> Iterator[RowProblem]:
    if not f.known("decision"):
        return
    if f.get("decision") not in ENQUIRY_DECISIONS:
        for name in ENQUIRY_COLUMNS:
            if f.get(name):
                yield (
                    "only_with_enquiry",
                    name,
                    f"`{name}` is given but the concern has no enquiry",
                    "Leave it blank, or record the decision as Section 42 enquiry or Other enquiry.",
                )
        return
    if f.known("capacity") and f.get("capacity_support") and f.get("capacity") != "lacked":
        yield (
            "capacity_support_only_where_lacking",
            "capacity_support",
            "support where capacity was lacking is given, but capacity is not 'Yes, lacked capacity'",
            "Leave capacity_support blank, or set capacity to 'Yes, lacked capacity'.",
        )
    if f.known("risk_result") and f.get("risk_outcome") and f.get("risk_result") != "identified_action":
        yield (
            "risk_outcome_only_where_action",
            "risk_outcome",
            "a risk outcome is recorded only where risk was identified and action taken",
            "Leave risk_outcome blank, or set risk_result to 'Risk identified and action taken'.",
        )


def _date_rules(f: Facts) -> Iterator[RowProblem]:
    received, decided, closed = f.get("received_at"), f.get("decided_at"), f.get("closed_at")
    if received is None:
        return
    for name in ("decided_at", "first_contact_at", "closed_at"):
        moment = f.get(name)
        if moment is not None and moment < received:
            yield (
                f"{name.removesuffix('_at')}_before_received",
                name,
                f"{shown(moment)} is before the concern was received ({shown(received)})",
                "Check both dates: nothing can happen to a concern before it is received.",
            )
    if decided and closed and received <= closed < decided:
        yield (
            "closed_before_decided",
            "closed_at",
            f"the enquiry closed ({shown(closed)}) before the decision to make it ({shown(decided)})",
            "Check closed_at and decided_at.",
        )


def _asked_rules(f: Facts) -> Iterator[RowProblem]:
    if f.get("outcomes_asked") == ch.OutcomesAsked.NOT_ASKED and not f.get("outcomes_not_asked_reason"):
        yield (
            "not_asked_needs_reason",
            "outcomes_not_asked_reason",
            "the person was not asked about their desired outcomes, and no reason is given",
            "Say why they were not asked.",
        )


def _outcome_rules(f: Facts) -> Iterator[RowProblem]:
    closed = f.get("closed_at") is not None and f.get("decision") in ENQUIRY_DECISIONS
    for n in range(1, MAX_OUTCOMES + 1):
        category, words, rated = (f"outcome_{n}_{part}" for part in ("category", "words", "achievement"))
        if not f.known(category, words, rated):
            continue
        if f.get(words) and not f.get(category):
            yield (
                "outcome_needs_category",
                category,
                f"desired outcome {n} has words but no category",
                "Give its category ('Something else, in the person's own words' if none fits).",
            )
        if f.get(category) and not f.get(words):
            yield (
                "outcome_needs_words",
                words,
                f"desired outcome {n} has a category but no words",
                "Write the outcome in the person's own words.",
            )
        if f.get(rated) and not (f.get(words) or f.get(category)):
            yield (
                "achievement_without_outcome",
                rated,
                f"desired outcome {n} is rated but not given",
                f"Give outcome_{n}_category and outcome_{n}_words, or leave the rating blank.",
            )
        elif f.get(rated) and not closed and f.known("decision", "closed_at"):
            yield (
                "achievement_needs_closure",
                rated,
                "outcomes are rated when an enquiry closes, and this concern has no closed enquiry",
                "Leave the rating blank, or give the enquiry's closed_at.",
            )


def _feedback_rules(f: Facts) -> Iterator[RowProblem]:
    given = [n for n in (*FEEDBACK_REQUIRED, "feedback_comments") if f.get(n) or not f.known(n)]
    if not given or not f.known("decision"):
        return
    if f.get("decision") not in ENQUIRY_DECISIONS:
        yield (
            "feedback_needs_enquiry",
            given[0],
            "feedback is given but the concern has no enquiry",
            "Leave the feedback columns blank for a concern without an enquiry.",
        )
        return
    for name in FEEDBACK_REQUIRED:
        if not f.get(name) and f.known(name):
            yield (
                "feedback_incomplete",
                name,
                f"feedback is given but `{name}` is blank",
                "Give who answered, how, when, and every answer ('Not asked' for a question not asked).",
            )
    answered, decided, closed = f.get("feedback_answered_on"), f.get("decided_at"), f.get("closed_at")
    if answered and decided and answered < timezone.localtime(decided).date():
        yield (
            "feedback_before_enquiry",
            "feedback_answered_on",
            f"the feedback ({answered:%d/%m/%Y}) is dated before the enquiry began ({shown(decided)})",
            "Check feedback_answered_on and decided_at.",
        )
    independent = f.get("feedback_method") == ch.FeedbackMethod.INDEPENDENT
    if (
        independent
        and answered
        and f.known("closed_at")
        and (closed is None or answered < timezone.localtime(closed).date())
    ):
        yield (
            "independent_after_closure",
            "feedback_answered_on",
            "independent feedback is asked after the enquiry has closed",
            "Give the enquiry's closed_at, or correct the date or the way of asking.",
        )


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


# --- Phase two: write everything ----------------------------------------------------------------------------


def unique_references(count: int, make: Callable[[], str] | None = None) -> list[str]:
    """`count` new concern references, unique among themselves and in the database (checked in chunks)."""
    from msp.cases.models import Concern
    from msp.cases.services import new_reference

    make = make or new_reference
    chosen: dict[str, None] = {}
    while len(chosen) < count:
        batch: list[str] = []
        while len(chosen) + len(batch) < count:
            reference = make()
            if reference not in chosen and reference not in batch:
                batch.append(reference)
        for start in range(0, len(batch), 500):
            chunk = batch[start : start + 500]
            taken = set(Concern.objects.filter(reference__in=chunk).values_list("reference", flat=True))
            chosen.update((r, None) for r in chunk if r not in taken)
    return list(chosen)


def write_rows(report: ImportReport, user=None) -> None:
    """Create every person, concern, enquiry, outcome and feedback in one transaction, and log the import."""
    from msp.accounts.audit import audit
    from msp.cases.models import Concern
    from msp.councils.models import Council

    council = report.council
    author = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        # One import into a council at a time: a second waits here, then finds the first one's ids.
        list(Council.objects.select_for_update().filter(pk=council.pk).values_list("pk"))
        report.known = known_ids(council)
        check_concern_ids(report.rows, report)
        if report.problems:
            return
        people = _create_people(report, author)
        concerns = _create_concerns(report, people, author)
        Concern.objects.filter(pk__in=report.newly_repeats).update(is_repeat=True)
        _create_details(report, concerns, author)
        report.written = True
        audit(
            user=user,
            action="import",
            object_type="cases.Concern",
            council=council,
            summary=f"Imported {len(concerns)} concerns from {report.file[:150]}",
            changes={
                "file": report.file,
                "rows_read": report.rows_read,
                **report.counts,
            },
        )


def _create_people(report: ImportReport, author) -> dict[str, Any]:
    from msp.cases.models import Person

    people = {e: p for e, p in report.known.people.items() if e in report.people}
    blank = {name: "" for name in PERSON_FIELDS} | {"date_of_birth": None}
    new = {
        external: Person(council=report.council, created_by=author, external_id=external, **(blank | details))
        for external, details in report.people.items()
        if external not in people
    }
    Person.objects.bulk_create(new.values(), batch_size=BATCH_SIZE)
    return {**people, **new}


def _create_concerns(report: ImportReport, people: dict[str, Any], author) -> list:
    from msp.cases.models import Concern, ConcernRiskType
    from msp.cases.services import settings_for

    hours = settings_for(report.council).decision_hours
    references = unique_references(len(report.rows))
    concerns = [
        Concern(
            council=report.council,
            person=people[row.values["external_person_id"]],
            external_id=row.values["external_concern_id"],
            reference=reference,
            channel=ch.Channel.IMPORT,
            status=_status(row.values),
            decision_due_at=decision_due(row.values["received_at"], hours),
            is_repeat=row.is_repeat,
            created_by=author,
            **{name: row.values.get(name, default) for name, default in CONCERN_FIELDS.items()},
        )
        for row, reference in zip(report.rows, references, strict=True)
    ]
    Concern.objects.bulk_create(concerns, batch_size=BATCH_SIZE)
    risk_types = [
        ConcernRiskType(council=report.council, concern=concern, code=code)
        for row, concern in zip(report.rows, concerns, strict=True)
        for code in row.values.get("risk_types", ())
    ]
    ConcernRiskType.objects.bulk_create(risk_types, batch_size=BATCH_SIZE)
    return concerns


CONCERN_FIELDS: dict[str, Any] = {
    "received_at": None,
    "referrer_type": "",
    "referrer_name": "",
    "referrer_contact": "",
    "location": "",
    "source_of_risk": "",
    "what_happened": "",
    "wants_to_happen": "",
    "involvement_wishes": "",
    "outcomes_asked": "",
    "outcomes_not_asked_reason": "",
    "said_by": "",
    "decision": "",
    "criterion_a": None,
    "criterion_b": None,
    "criterion_c": None,
    "decision_reason": "",
    "no_enquiry_outcome": "",
    "decided_at": None,
}


def _status(values: dict[str, Any]) -> str:
    decision = values.get("decision", "")
    if not decision:
        return ch.ConcernStatus.AWAITING_DECISION
    if decision == ch.Decision.NONE or values.get("closed_at"):
        return ch.ConcernStatus.CLOSED
    return ch.ConcernStatus.IN_ENQUIRY


def _create_details(report: ImportReport, concerns: list, author) -> None:
    """Enquiries with their involvement and feedback; desired outcomes with their history."""
    from msp.cases.models import DesiredOutcome, Enquiry, EnquiryInvolvement, Feedback, OutcomeChange

    council, note = report.council, f"Imported from {report.file[:150]}"
    enquiries, involvement, feedback, outcomes, changes = [], [], [], [], []
    for row, concern in zip(report.rows, concerns, strict=True):
        v = row.values
        enquiry = None
        if v.get("decision") in ENQUIRY_DECISIONS:
            enquiry = Enquiry(
                council=council,
                concern=concern,
                started_at=v["decided_at"],
                first_contact_at=v.get("first_contact_at"),
                capacity=v.get("capacity", ""),
                capacity_support=v.get("capacity_support", ""),
                risk_result=v.get("risk_result", ""),
                risk_outcome=v.get("risk_outcome", ""),
                closed_at=v.get("closed_at"),
            )
            enquiries.append(enquiry)
            involvement += [
                EnquiryInvolvement(council=council, enquiry=enquiry, method=m)
                for m in v.get("involvement", ())
            ]
            if v.get("feedback_method"):
                feedback.append(_feedback(council, enquiry, v, author))
        for n in range(1, MAX_OUTCOMES + 1):
            if not v.get(f"outcome_{n}_words"):
                continue
            outcome = DesiredOutcome(
                council=council,
                concern=concern,
                category=v[f"outcome_{n}_category"],
                own_words=v[f"outcome_{n}_words"],
                achievement=v.get(f"outcome_{n}_achievement", ""),
                created_by=author,
            )
            outcomes.append(outcome)
            added = {"category": [None, outcome.category.code], "own_words": [None, outcome.own_words]}
            changes.append(_change(outcome, "added", "concern", concern.received_at, added, author, note))
            if outcome.achievement:
                rated = {"achievement": [None, outcome.achievement]}
                changes.append(_change(outcome, "rated", "closure", v["closed_at"], rated, author, note))
    Enquiry.objects.bulk_create(enquiries, batch_size=BATCH_SIZE)
    EnquiryInvolvement.objects.bulk_create(involvement, batch_size=BATCH_SIZE)
    Feedback.objects.bulk_create(feedback, batch_size=BATCH_SIZE)
    DesiredOutcome.objects.bulk_create(outcomes, batch_size=BATCH_SIZE)
    OutcomeChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)


def _change(outcome, kind: str, stage: str, at, changes: dict, author, reason: str):
    from msp.cases.models import OutcomeChange

    return OutcomeChange(
        council=outcome.council,
        outcome=outcome,
        kind=kind,
        stage=stage,
        at=at,
        by=author,
        changes=changes,
        reason=reason,
    )


def _feedback(council, enquiry, values: dict[str, Any], author):
    from msp.cases.models import Feedback

    return Feedback(
        council=council,
        enquiry=enquiry,
        respondent=values["feedback_respondent"],
        method=values["feedback_method"],
        answered_on=values["feedback_answered_on"],
        comments=values.get("feedback_comments", ""),
        recorded_by=author,
        **{name: values[f"feedback_{name}"] for name, _ in ch.FEEDBACK_QUESTIONS},
    )


# --- Entry points -------------------------------------------------------------------------------------------


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
    table: Table, *, council, file: str, dry_run: bool = False, user=None, report: ImportReport | None = None
) -> ImportReport:
    report = report or ImportReport(file=file, council=council, dry_run=dry_run)
    validate_table(table, report)
    if report.ok and not dry_run:
        write_rows(report, user=user)
    return report


def import_file(*, name: str, data: bytes, council, dry_run: bool = False, user=None) -> ImportReport:
    """Check a file and, unless `dry_run` or anything is wrong, import every row of it into the council."""
    report = ImportReport(file=name, council=council, dry_run=dry_run)
    table = read_table(name, data, report)
    if table is None:
        return report
    return import_table(table, council=council, file=name, dry_run=dry_run, user=user, report=report)
