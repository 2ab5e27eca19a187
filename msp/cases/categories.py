"""National (SAC) categories by reporting year, read from categories.yaml: codes, labels and lookups."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CATEGORIES_PATH = Path(__file__).with_name("categories.yaml")

SETS = (
    "gender",
    "ethnicity",
    "support_reason",
    "risk_type",
    "risk_location",
    "risk_source",
    "risk_result",
    "risk_outcome",
    "mental_capacity",
    "capacity_support",
    "asked_outcomes",
    "outcome_achievement",
)


class CategoryError(ValueError):
    """categories.yaml is malformed: a year inherits from nowhere, a set is missing, a code repeats."""


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    national: str = ""


@dataclass(frozen=True)
class CategorySet:
    name: str
    label: str
    options: tuple[Option, ...]
    asked_when: tuple[str, ...] = ()

    def codes(self) -> list[str]:
        return [o.code for o in self.options]

    def choices(self) -> list[tuple[str, str]]:
        return [(o.code, o.label) for o in self.options]

    def label_for(self, code: str) -> str:
        return next((o.label for o in self.options if o.code == code), "")


def reporting_year(day: datetime.date) -> str:
    """The SAC reporting year holding a date: 1 April to 31 March, written '2016-17'."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{str(start + 1)[-2:]}"


def build(data: dict) -> dict[str, dict[str, CategorySet]]:
    """Resolve `inherit` and turn the YAML mapping into {year: {set name: CategorySet}}."""
    raw_years = data.get("years") or {}
    years: dict[str, dict[str, CategorySet]] = {}
    for year, body in raw_years.items():  # YAML keeps file order; a year inherits from an earlier one
        body = dict(body or {})
        parent = body.pop("inherit", None)
        if parent is not None and parent not in years:
            raise CategoryError(f"year {year}: inherits from '{parent}', which is not an earlier year")
        sets = dict(years[parent]) if parent else {}
        for name, spec in body.items():
            if name not in SETS:
                raise CategoryError(
                    f"year {year}: unknown category set '{name}'; expected one of {', '.join(SETS)}"
                )
            options = tuple(
                Option(str(o["code"]), str(o["label"]), str(o.get("national", ""))) for o in spec["options"]
            )
            codes = [o.code for o in options]
            if len(set(codes)) != len(codes):
                raise CategoryError(f"year {year}, set {name}: a code appears twice")
            sets[name] = CategorySet(
                name, spec.get("label", name), options, tuple(spec.get("asked_when", ()))
            )
        missing = [name for name in SETS if name not in sets]
        if missing:
            raise CategoryError(f"year {year}: missing category sets {', '.join(missing)}")
        years[str(year)] = sets
    if not years:
        raise CategoryError("no reporting years defined")
    return years


@cache
def all_years() -> dict[str, dict[str, CategorySet]]:
    return build(yaml.safe_load(CATEGORIES_PATH.read_text(encoding="utf-8")))


def latest_year() -> str:
    return list(all_years())[-1]


def category_set(name: str, year: str | None = None) -> CategorySet:
    """One set for a reporting year; years after the last defined one use the latest."""
    years = all_years()
    if year is None or year not in years:
        year = latest_year() if year is None or year > latest_year() else next(iter(years))
    return years[year][name]


def label(name: str, code: str, year: str | None = None) -> str:
    """Label of a stored code: from the given year, else the latest year that had it, else the code itself."""
    if not code:
        return ""
    found = category_set(name, year).label_for(code)
    if found:
        return found
    for sets in reversed(all_years().values()):
        found = sets[name].label_for(code)
        if found:
            return found
    return code


def all_choices(name: str) -> list[tuple[str, str]]:
    """Every code ever defined for a set (latest label first), so old records stay valid."""
    seen: dict[str, str] = {}
    for sets in reversed(all_years().values()):
        for option in sets[name].options:
            seen.setdefault(option.code, option.label)
    return list(seen.items())


def code_for_label(name: str, text: str, year: str | None = None) -> str | None:
    """The code whose label (or code) matches text, ignoring case and spacing; None when nothing does."""
    wanted = " ".join(str(text).replace("–", "-").split()).casefold()
    for option in category_set(name, year).options:
        if wanted in (option.code.casefold(), " ".join(option.label.split()).casefold()):
            return option.code
    return None


# Model fields take these callables as `choices`, so migrations refer to the function and an edited label
# in the YAML needs no migration.
def gender_choices():
    return all_choices("gender")


def ethnicity_choices():
    return all_choices("ethnicity")


def support_reason_choices():
    return all_choices("support_reason")


def risk_type_choices():
    return all_choices("risk_type")


def risk_location_choices():
    return all_choices("risk_location")


def risk_source_choices():
    return all_choices("risk_source")


def risk_result_choices():
    return all_choices("risk_result")


def risk_outcome_choices():
    return all_choices("risk_outcome")


def mental_capacity_choices():
    return all_choices("mental_capacity")


def capacity_support_choices():
    return all_choices("capacity_support")


def outcome_achievement_choices():
    return all_choices("outcome_achievement")
