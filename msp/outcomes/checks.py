"""The checks a council sees before it submits its return: counts that must agree, each failure named with
the cells that disagree. Plain functions over a return's cells; nothing is ever corrected silently."""

from __future__ import annotations

from dataclasses import dataclass

from msp.core.tabular import plural
from msp.outcomes.layout import SG1_COLUMNS, TOTAL, Layout

Cell = tuple[str, str, str]


@dataclass(frozen=True)
class Check:
    code: str
    message: str
    cells: tuple[Cell, ...]  # the cells that disagree, to link to the records behind them
    totals: tuple[Cell, ...] = ()  # where only the totals are worth marking (rows falling short of them)

    @property
    def marked(self) -> tuple[Cell, ...]:
        return self.totals or self.cells


def _rows_add_up(cells, layout, table, dimension, columns) -> list[Check]:
    """Exclusive categories: the rows of each column add up to its Total (a record without a category, or
    outside every row, makes them fall short)."""
    found = []
    rows = layout.labels(dimension)
    for column in columns:
        parts = [(table, row, column) for row in rows]
        total = (table, TOTAL, column)
        added = sum(cells[p] for p in parts)
        if added != cells[total]:
            found.append(
                Check(
                    "rows_do_not_add_up",
                    f"{table} {column}: the rows add up to {added:,}, but Total is {cells[total]:,}",
                    (*parts, total),
                    (total,),
                )
            )
    return found


def _sources_add_up(cells, layout, table, dimension) -> list[Check]:
    """SG2a/SG2b: the sources add up to the Total column; they fall short where no source is recorded. One
    check per table, naming every row that falls short."""
    sources = layout.labels("risk_source")
    short, involved, totals = [], [], []
    for row in [*layout.labels(dimension), TOTAL]:
        parts = [(table, row, source) for source in sources]
        total = (table, row, TOTAL)
        added = sum(cells[p] for p in parts)
        if added != cells[total]:
            short.append(f"{row} ({added:,} of {cells[total]:,})")
            involved += [*parts, total]
            totals.append(total)
    if not short:
        return []
    return [
        Check(
            "sources_do_not_add_up",
            f"{table}: the sources of risk do not add up to the Total column in {plural(len(short), 'row')}: "
            + "; ".join(short),
            tuple(involved),
            tuple(totals),
        )
    ]


def _equal(code: str, message: str, *cells_and_values) -> list[Check]:
    values = {cell: value for cell, value in cells_and_values}
    if len(set(values.values())) <= 1:
        return []
    listed = "; ".join(f"{t} {r} {c} = {v:,}" for (t, r, c), v in values.items())
    return [Check(code, f"{message}: {listed}", tuple(values))]


def check_return(cells: dict[Cell, object], layout: Layout) -> list[Check]:
    """Every check of sac.md, in the order of the tables."""
    found = []
    for column in SG1_COLUMNS:
        found += _rows_add_up(cells, layout, "SG1a", "age_band", [column])
        found += _rows_add_up(cells, layout, "SG1b", "gender", [column])
    for column, row in zip(SG1_COLUMNS, ("concerns", "s42_enquiries"), strict=True):
        a, f = ("SG1a", TOTAL, column), ("SG1f", row, "individuals")
        found += _equal(
            "sg1a_total_not_sg1f",
            "SG1a Total should equal the individuals of SG1f",
            (a, cells[a]),
            (f, cells[f]),
        )
    for row in ("concerns", "s42_enquiries", "other_enquiries"):
        people, cases = cells["SG1f", row, "individuals"], cells["SG1f", row, "cases"]
        if people > cases:
            found.append(
                Check(
                    "more_individuals_than_cases",
                    f"SG1f {row}: {people:,} individuals but only {cases:,} cases",
                    (("SG1f", row, "individuals"), ("SG1f", row, "cases")),
                )
            )
    found += _sources_add_up(cells, layout, "SG2a", "risk_type")
    found += _sources_add_up(cells, layout, "SG2b", "risk_location")
    found += _rows_add_up(cells, layout, "SG2b", "risk_location", [*layout.labels("risk_source"), TOTAL])
    found += _rows_add_up(cells, layout, "SG2c", "risk_result", ["enquiries"])
    found += _rows_add_up(cells, layout, "SG2e", "risk_outcome", ["enquiries"])
    found += _rows_add_up(cells, layout, "SG3a", "mental_capacity", ["enquiries"])
    found += _rows_add_up(cells, layout, "SG4a", "asked_outcomes", ["enquiries"])
    found += _rows_add_up(cells, layout, "SG4a", "outcome_achievement", ["achieved"])
    totals = [("SG2b", TOTAL, TOTAL), ("SG2c", TOTAL, "enquiries"), ("SG3a", TOTAL, "enquiries")]
    totals.append(("SG4a", TOTAL, "enquiries"))
    found += _equal(
        "concluded_totals_differ",
        "The concluded Section 42 enquiries should be the same in every table",
        *((cell, cells[cell]) for cell in totals),
    )
    action = ("SG2c", layout.labels("risk_result")[0], "enquiries")
    found += _equal(
        "risk_outcome_total_differs",
        "Every enquiry where risk was identified and action taken needs a risk outcome",
        (("SG2e", TOTAL, "enquiries"), cells["SG2e", TOTAL, "enquiries"]),
        (action, cells[action]),
    )
    lacked = layout.labels("mental_capacity")[0]
    support = [("SG3a", lacked, column) for column in layout.labels("capacity_support")]
    if sum(cells[c] for c in support) != cells["SG3a", lacked, "enquiries"]:
        found.append(
            Check(
                "support_not_recorded",
                f"SG3a: of {cells['SG3a', lacked, 'enquiries']:,} enquiries where the person lacked capacity,"
                f" {sum(cells[c] for c in support):,} say whether they were supported",
                (*support, ("SG3a", lacked, "enquiries")),
            )
        )
    return found
