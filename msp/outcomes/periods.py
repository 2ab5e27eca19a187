"""Reporting periods: the financial year (1 April - 31 March, UK clock time) and its quarters."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """Not a reporting year written as 2023-24."""


@dataclass(frozen=True)
class Period:
    """A half-open span of UK clock time: `start` <= moment < `end`. `label` as councils write it."""

    label: str
    start: datetime.datetime
    end: datetime.datetime

    @property
    def last_day(self) -> datetime.date:
        return (self.end - datetime.timedelta(days=1)).date()


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=UK)


def reporting_year(text: str) -> Period:
    """'2023-24' -> 1 April 2023 00:00 to 1 April 2024 00:00 UK time. A record received at 23:30 on 31 March
    (British Summer Time or not) is in the year that ends that day."""
    match = YEAR_PATTERN.match(str(text).strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise PeriodError(
            f"'{text}' is not a reporting year; write it as 2023-24 (1 April 2023 to 31 March 2024)"
        )
    first = int(match.group(1))
    return Period(
        year_label(first),
        _midnight(datetime.date(first, 4, 1)),
        _midnight(datetime.date(first + 1, 4, 1)),
    )


def quarters(year: Period) -> list[Period]:
    """Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March."""
    first = year.start.year
    starts = [datetime.date(first, 4, 1), datetime.date(first, 7, 1), datetime.date(first, 10, 1)]
    starts += [datetime.date(first + 1, 1, 1), datetime.date(first + 1, 4, 1)]
    return [Period(f"{year.label} Q{n}", _midnight(starts[n - 1]), _midnight(starts[n])) for n in range(1, 5)]


def year_label(first: int) -> str:
    """The reporting year that starts on 1 April of `first`: 2023 -> '2023-24'."""
    return f"{first}-{str(first + 1)[-2:]}"


def years_between(first: int, last: int) -> list[str]:
    """The reporting years starting in `first` to `last`, oldest first."""
    return [year_label(y) for y in range(first, last + 1)]


def year_of(moment: datetime.datetime) -> str:
    """The reporting year holding a moment (aware), by UK clock time."""
    day = moment.astimezone(UK).date()
    return year_label(day.year if day.month >= 4 else day.year - 1)


def last_complete_year(now: datetime.datetime) -> str:
    """The latest reporting year that has ended: what a return or a dashboard shows first."""
    return year_of(now - datetime.timedelta(days=366))


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """Whole years; someone born on 29 February turns a year older on 1 March in other years."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def born_on_or_before(age: int, day: datetime.date) -> datetime.date:
    """The latest date of birth of someone at least `age` on `day` (31 March: always a real date)."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February in a year that has none: the day before
        return day.replace(year=day.year - age, day=28)
