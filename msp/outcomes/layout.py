"""The SAC return's tables, rows and columns, read from sac_layout.yaml: the 148 cells in template order."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LAYOUT_PATH = Path(__file__).with_name("sac_layout.yaml")
TOTAL = "Total"
DIMENSIONS = (
    "gender",
    "risk_source",
    "risk_type",
    "risk_location",
    "risk_result",
    "risk_outcome",
    "mental_capacity",
    "capacity_support",
    "asked_outcomes",
    "outcome_achievement",
)
SG1F_ROWS = ("concerns", "s42_enquiries", "other_enquiries")
SG1_COLUMNS = ("concerns_individuals", "s42_individuals")
DERIVED_ROWS = (
    "conversion_rate",
    "pct_risk_reduced_or_removed",
    "pct_asked_and_expressed",
    "pct_expressed_fully_or_partially_achieved",
    "pct_lacking_capacity_supported",
)
TABLE_TITLES = {
    "SG1a": "Individuals by age band",
    "SG1b": "Individuals by gender",
    "SG1f": "Concerns and enquiries: cases and individuals",
    "SG2a": "Concluded Section 42 enquiries by type and source of risk",
    "SG2b": "Concluded Section 42 enquiries by location and source of risk",
    "SG2c": "Concluded Section 42 enquiries by action taken and result",
    "SG2e": "Risk outcome where risk was identified and action taken",
    "SG3a": "Mental capacity, and support where capacity was lacking",
    "SG4a": "Asked about desired outcomes, and whether expressed outcomes were achieved",
    "DERIVED": "Derived measures (%)",
}


class LayoutError(ValueError):
    """sac_layout.yaml is malformed."""


@dataclass(frozen=True)
class Row:
    label: str
    codes: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class Layout:
    from_year: str
    age_bands: tuple[Row, ...]
    dimensions: dict[str, tuple[Row, ...]]

    def rows(self, dimension: str) -> tuple[Row, ...]:
        return self.age_bands if dimension == "age_band" else self.dimensions[dimension]

    def labels(self, dimension: str) -> list[str]:
        return [row.label for row in self.rows(dimension)]

    def row_for(self, dimension: str, code: str) -> str | None:
        """The row a stored code is counted in, or None (not in any row: Total only)."""
        return next((row.label for row in self.rows(dimension) if code in row.codes), None)

    def grids(self) -> list[Grid]:
        """The return's tables as they are laid out: rows down, columns across (SG4a has two blocks)."""
        sources = (*self.labels("risk_source"), TOTAL)
        capacity = self.labels("mental_capacity")
        return [
            Grid("SG1a", (*self.labels("age_band"), TOTAL), SG1_COLUMNS),
            Grid("SG1b", (*self.labels("gender"), TOTAL), SG1_COLUMNS),
            Grid("SG1f", SG1F_ROWS, ("cases", "individuals")),
            Grid("SG2a", (*self.labels("risk_type"), TOTAL), sources),
            Grid("SG2b", (*self.labels("risk_location"), TOTAL), sources),
            Grid("SG2c", (*self.labels("risk_result"), TOTAL), ("enquiries",)),
            Grid("SG2e", (*self.labels("risk_outcome"), TOTAL), ("enquiries",)),
            Grid(
                "SG3a",
                (*capacity, TOTAL),
                ("enquiries", *self.labels("capacity_support")),
                only_first_row=self.labels("capacity_support"),
            ),
            Grid("SG4a", (*self.labels("asked_outcomes"), TOTAL), ("enquiries",)),
            Grid("SG4a", (*self.labels("outcome_achievement"), TOTAL), ("achieved",)),
            Grid("DERIVED", DERIVED_ROWS, ("percent",)),
        ]

    def counted_cells(self) -> list[tuple[str, str, str]]:
        """The cells that are counts: every cell but the derived percentages (worked out from these)."""
        return [cell for cell in self.cells() if cell[0] != "DERIVED"]

    def cells(self) -> list[tuple[str, str, str]]:
        """Every (table, row, column) in the template's order: down the rows, then across the columns."""
        return [(g.table, row, column) for g in self.grids() for row, column in g.positions()]


@dataclass(frozen=True)
class Grid:
    table: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    only_first_row: tuple[str, ...] | list[str] = ()  # columns that only the first row has (SG3a support)

    def has(self, row: str, column: str) -> bool:
        return column not in self.only_first_row or row == self.rows[0]

    def positions(self) -> list[tuple[str, str]]:
        """Down the rows and across the columns; the first row's extra columns last (as SG3a lists them)."""
        main = [(r, c) for r in self.rows for c in self.columns if c not in self.only_first_row]
        return main + [(self.rows[0], c) for c in self.only_first_row]


def build(data: dict) -> list[Layout]:
    layouts = []
    for number, spec in enumerate(data.get("layouts") or [], start=1):
        where = f"layout {number}"
        try:
            bands = tuple(
                Row(str(b["row"]), min_age=int(b["min"]), max_age=b.get("max")) for b in spec["age_bands"]
            )
            dims = {
                name: tuple(Row(str(r["row"]), tuple(str(c) for c in r["codes"])) for r in spec[name])
                for name in DIMENSIONS
            }
        except (KeyError, TypeError) as exc:
            raise LayoutError(f"{where}: missing or malformed {exc}") from None
        for name, rows in dims.items():
            codes = [c for r in rows for c in r.codes]
            if len(codes) != len(set(codes)):
                raise LayoutError(f"{where}, {name}: a code is in two rows")
        layouts.append(Layout(str(spec["from_year"]), bands, dims))
    if not layouts:
        raise LayoutError("no layouts defined")
    return sorted(layouts, key=lambda layout: layout.from_year)


@cache
def display_labels() -> dict[str, str]:
    return {str(k): str(v) for k, v in (_data().get("display") or {}).items()}


def display(code: str, *, context: str = "") -> str:
    """How a row or column code is shown to people; SG4a's 'no' is about being asked, not capacity."""
    if context == "SG4a" and code == "no":
        return "No, not asked"
    return display_labels().get(code, code)


@cache
def _data() -> dict:
    return yaml.safe_load(LAYOUT_PATH.read_text(encoding="utf-8"))


@cache
def all_layouts() -> tuple[Layout, ...]:
    return tuple(build(_data()))


def layout_for(year: str) -> Layout:
    """The layout in force in a reporting year: the latest that starts on or before it."""
    layouts = all_layouts()
    return next((lay for lay in reversed(layouts) if lay.from_year <= year), layouts[0])
