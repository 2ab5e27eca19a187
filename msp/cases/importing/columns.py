"""The kinds of column in a legacy extract: each parses and checks its own cell."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterator, Sequence
from itertools import compress, count, repeat
from operator import and_, is_, methodcaller
from typing import Any

from django.db import models
from django.utils import timezone

from msp.cases import categories as cat
from msp.cases import choices as ch
from msp.cases.rules import nhs_number_is_valid, normalise_nhs_number
from msp.core.tabular import NO, YES, CellError, parse_date, unguard_formula

MAX_OUTCOMES = 5
_UNSEEN = object()
_GUARDED = methodcaller("startswith", "'")  # a leading apostrophe may guard a formula
Parsed = tuple[list[Any], dict[int, CellError]]  # a column's values (None: blank) and errors, by row
SEPARATOR = ";"
_UK_MINUTE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})$")
_WITH_TIME = re.compile(r"^(\S+?)(?:[ T]|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")
DATETIME_FIX = "Write it as day/month/year hours:minutes (03/04/2019 14:30) or 2019-04-03 14:30."
ENQUIRY_DECISIONS = (ch.Decision.S42, ch.Decision.OTHER)
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


def normalise(text: str) -> str:
    """Case, spacing, dashes and curly apostrophes do not matter when matching a label or a heading."""
    text = str(text).replace("–", "-").replace("—", "-").replace("’", "'")
    return " ".join(text.split()).casefold()


def heading_key(text: str) -> str:
    return normalise(text).replace(" ", "_").replace("-", "_")


class Column:
    """One column. `required`: every row needs a value; `needed_when` says when it is needed otherwise."""

    group = ""

    def __init__(self, name: str, description: str, example: str = "", *, required=False, needed_when=""):
        self.name, self.description, self.example = name, description, example
        self.required, self.needed_when = required, needed_when

    def parse(self, text: str, year: str | None) -> Any:
        return text

    def parse_column(self, cells: Sequence[str], years: Sequence[str | None]) -> Parsed:
        """The column's cells in many rows at once: each value (None for a blank cell) and each cell's error.

        The same as `parse` on every stripped, non-blank cell; kinds of column with few distinct values
        look most of them up instead."""
        values: list[Any] = [None] * len(cells)
        errors: dict[int, CellError] = {}
        if not any(cells):
            return values, errors
        parse = self.parse
        for i, cell in enumerate(cells):
            if cell and (text := cell.strip()):
                try:
                    values[i] = parse(text, years[i])
                except CellError as exc:
                    errors[i] = exc
        return values, errors

    def _looked_up(
        self, cells: Sequence[str], keys: Sequence, years: Sequence[str | None], cache: dict
    ) -> Parsed:
        """`parse_column` for values that recur: each distinct cell is parsed once, then looked up."""
        values = list(map(cache.get, keys))
        errors: dict[int, CellError] = {}
        # Cells not looked up yet (a value not found, in a cell not blank), found without a loop in Python.
        for i in compress(count(), map(and_, map(is_, values, repeat(None)), map(bool, cells))):
            if text := cells[i].strip():
                try:
                    values[i] = cache[keys[i]] = self.parse(text, years[i])
                except CellError as exc:
                    errors[i] = exc
        return values, errors

    def allowed(self) -> str:
        return "Text"


class TextColumn(Column):
    def __init__(self, *args, max_length: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length

    def parse(self, text: str, year: str | None) -> str:
        text = unguard_formula(text)
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                "too_long",
                f"the text is {len(text)} characters long",
                f"Shorten it to at most {self.max_length} characters.",
            )
        return text

    def parse_column(self, cells: Sequence[str], years: Sequence[str | None]) -> Parsed:
        # Most cells need nothing done: no spaces around them, no formula guard, not too long.
        if (
            tuple(map(str.strip, cells)) == tuple(cells)
            and not any(map(_GUARDED, cells))
            and not (self.max_length and max(map(len, cells), default=0) > self.max_length)
        ):
            return [cell or None for cell in cells], {}
        return super().parse_column(cells, years)

    def allowed(self) -> str:
        return f"Text, at most {self.max_length} characters" if self.max_length else "Text"


class DateColumn(Column):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._seen: dict[str, datetime.date] = {}  # dates of birth repeat down a column
        self._today: datetime.date | None = None

    def parse_column(self, cells: Sequence[str], years: Sequence[str | None]) -> Parsed:
        return self._looked_up(cells, cells, years, self._seen)

    def parse(self, text: str, year: str | None) -> datetime.date:
        day = self._seen.get(text)
        if day is not None:
            return day
        day = parse_date(text)
        if self._today is None:
            self._today = timezone.localdate()  # once per import: "in the future" is after it began
        if day > self._today:
            raise CellError("in_future", f"{day:%d/%m/%Y} is in the future", "Check the date.")
        if day.year < 1900:
            raise CellError("bad_date", f"{day:%d/%m/%Y} is before 1900", "Check the year.")
        self._seen[text] = day
        return day

    def allowed(self) -> str:
        return "A date, day first (31/03/2019) or ISO (2019-03-31); never month first"


class DateTimeColumn(Column):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._now: datetime.datetime | None = None

    def parse(self, text: str, year: str | None) -> datetime.datetime:
        if self._now is None:
            self._now = timezone.now()  # once per import: "in the future" is after it began
            self._zone = timezone.get_current_timezone()
        moment = parse_datetime(text, self._zone)
        if moment > self._now:
            raise CellError("in_future", f"{shown(moment)} is in the future", "Check the date and time.")
        return moment

    def allowed(self) -> str:
        return (
            "Date and time, UK clock: 31/03/2019 14:30 or 2019-03-31 14:30 (seconds optional);"
            " a date alone means 00:00 that day"
        )


def shown(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"


def parse_datetime(text: str, zone: datetime.tzinfo | None = None) -> datetime.datetime:
    """A UK day-first or ISO date with an optional 24-hour time, as an aware UK time (in `zone`, by default
    the current time zone)."""
    text = text.strip()
    zone = zone or timezone.get_current_timezone()
    quick = _UK_MINUTE.match(text)
    if quick:  # the usual form, 31/03/2019 14:30, read without the general path's steps
        try:
            day, month, year, hour, minute = map(int, quick.groups())
            return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)
        except ValueError:
            pass  # the general path says what is wrong
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
    return timezone.make_aware(datetime.datetime.combine(day, clock), zone)


class ChoiceColumn(Column):
    """A value from a list, given as its label or its code. Subclasses say where the list comes from."""

    set_label = "answer"

    def options(self, year: str | None = None) -> list[tuple[str, str]]:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._seen: dict[tuple[str, str | None], str | None] = {}  # values repeat down a column
        self._cells: dict = {}  # cell as written (and year) -> value, for parse_column

    yearly = False  # are its labels those of the concern's reporting year?

    def parse_column(self, cells: Sequence[str], years: Sequence[str | None]) -> Parsed:
        if not any(cells):
            return [None] * len(cells), {}
        keys = list(zip(cells, years, strict=True)) if self.yearly else cells
        return self._looked_up(cells, keys, years, self._cells)

    def parse(self, text: str, year: str | None) -> Any:
        key = (text, year)
        code = self._seen.get(key, _UNSEEN)
        if code is _UNSEEN:
            code = self._seen[key] = self.lookup(text, year)
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

    yearly = True

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
        self._seen: dict[tuple[str, str | None], tuple[str, ...]] = {}  # the same cells recur down a column
        self._cells: dict = {}  # (cell as written, year) -> codes, for parse_column
        self._repeated: dict[tuple[str, str | None], list[str]] = {}

    def parse(self, text: str, year: str | None) -> tuple[str, ...]:
        codes = self._seen.get((text, year))
        if codes is not None:
            return codes
        found = []
        for part in (p.strip() for p in text.split(SEPARATOR)):
            if part:
                try:
                    found.append(self.item.parse(part, year))
                except CellError as exc:
                    raise CellError(exc.rule, exc.message, f"Separate values with ';'. {exc.fix}") from None
        codes = self._seen[text, year] = tuple(dict.fromkeys(found))
        return codes

    def parse_column(self, cells: Sequence[str], years: Sequence[str | None]) -> Parsed:
        if not any(cells):
            return [None] * len(cells), {}
        return self._looked_up(cells, list(zip(cells, years, strict=True)), years, self._cells)

    def repeats(
        self, cells: Sequence[str], years: Sequence[str | None], values: Sequence
    ) -> Iterator[tuple[int, list[str]]]:
        """The rows whose cell (parsed) gives a value twice, and the values given twice."""
        for i, cell in enumerate(cells):
            if values[i] is not None and SEPARATOR in cell:
                key = (cell, years[i])
                found = self._repeated.get(key)
                if found is None:
                    found = self._repeated[key] = self.repeated(cell.strip(), years[i])
                if found:
                    yield i, found

    def repeated(self, text: str, year: str | None) -> list[str]:
        """Values written twice in one cell ('neglect; Neglect'): kept once, but worth a warning."""
        if SEPARATOR not in text:
            return []
        codes = [self.item.parse(p.strip(), year) for p in text.split(SEPARATOR) if p.strip()]
        return [code for n, code in enumerate(codes) if code in codes[:n]]

    def allowed(self) -> str:
        return "One or more, separated by `;`:<br>" + self.item.allowed()


class YesNoColumn(Column):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cells: dict[str, bool] = {}

    def parse_column(self, cells: Sequence[str], years: Sequence[str | None]) -> Parsed:
        return self._looked_up(cells, cells, years, self._cells)

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
