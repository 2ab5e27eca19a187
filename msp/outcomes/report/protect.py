"""Publish a region's figures council by council and pooled, so that no `[c]` can be worked out: pure.

A region's total is the sum of its councils' counts, so each measure's councils are published together as one
table through `msp.core.disclosure.protect_table` (rows: councils; columns: the numerator and the records left
out; totals: the region), never one by one. Measures whose numerators are separate parts of one denominator
(the three levels of outcomes achieved, the outcomes of concerns with no enquiry) share one table, since
their parts add up to it. England is one row of its own, protected the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from msp.core.disclosure import (
    NOT_SUBMITTED_FIGURE,
    SUPPRESSED,
    Published,
    protect_breakdown,
    protect_table,
    publish_percent,
)
from msp.outcomes.measures import NOT_SUBMITTED, Measure, Value

Values = Mapping[str, Mapping[Hashable, Value]]  # measure code -> council (or "england") -> Value


@dataclass(frozen=True)
class Family:
    """Percentages with one denominator whose numerators never count the same record twice."""

    codes: tuple[str, ...]


FAMILIES = (
    Family(("outcomes_fully_achieved", "outcomes_partially_achieved", "outcomes_not_achieved")),
    Family(
        (
            "no_enquiry_info_advice",
            "no_enquiry_signposted",
            "no_enquiry_referred",
            "no_enquiry_no_further_action",
        )
    ),
)


@dataclass
class Figures:
    """Published figures: `by_key[council][code]` and `pooled[code]` (the councils together)."""

    by_key: dict[Hashable, dict[str, Published]] = field(default_factory=dict)
    pooled: dict[str, Published] = field(default_factory=dict)

    def of(self, key: Hashable, code: str) -> Published:
        return self.by_key.get(key, {}).get(code, NOT_SUBMITTED_FIGURE)

    def pool(self, code: str) -> Published:
        return self.pooled.get(code, NOT_SUBMITTED_FIGURE)


def protect(
    measures: Sequence[Measure],
    values: Values,
    keys: Sequence[Hashable],
    *,
    side_by_side: Collection[str] | None = None,
) -> Figures:
    """Every measure for every key (council) and pooled. `side_by_side`: the measures shown together for
    each key (None: all of them). A family with two or more of them shown together is one table; otherwise
    each of its measures is protected on its own, and the pooled figures, always shown together, as one
    breakdown as well."""
    figures = Figures({key: {} for key in keys}, {})
    wanted = {m.code: m for m in measures}
    together = set(wanted) if side_by_side is None else set(side_by_side)
    done: set[str] = set()
    for family in FAMILIES:
        if not all(code in wanted for code in family.codes):
            continue
        if len(together.intersection(family.codes)) > 1:
            _family(family, values, keys, figures)
        else:
            for code in family.codes:
                _family(Family((code,)), values, keys, figures)
            _pooled_family(family, values, keys, figures)
        done.update(family.codes)
    for m in measures:
        if m.code in done:
            continue
        if m.percent:
            _family(Family((m.code,)), values, keys, figures)
        else:
            _count(m.code, values, keys, figures)
    return figures


def _count(code: str, values: Values, keys: Sequence[Hashable], figures: Figures) -> None:
    """A count: the councils' counts as a breakdown whose total is the pooled count."""
    counts = {key: values[code].get(key, NOT_SUBMITTED) for key in keys}
    submitted = {key: v.numerator for key, v in counts.items() if v.submitted}
    for key in keys:
        figures.by_key[key][code] = NOT_SUBMITTED_FIGURE
    if not submitted:
        figures.pooled[code] = NOT_SUBMITTED_FIGURE
        return
    breakdown = protect_breakdown(submitted)
    for key, shown in breakdown.groups.items():
        figures.by_key[key][code] = shown
    figures.pooled[code] = breakdown.total


def _family(family: Family, values: Values, keys: Sequence[Hashable], figures: Figures) -> None:
    codes = family.codes
    rows = {key: [values[code].get(key, NOT_SUBMITTED) for code in codes] for key in keys}
    submitted = [key for key in keys if all(v.submitted for v in rows[key])]
    for key in keys:
        figures.by_key[key].update(dict.fromkeys(codes, NOT_SUBMITTED_FIGURE))
    figures.pooled.update(dict.fromkeys(codes, NOT_SUBMITTED_FIGURE))
    if not submitted:
        return
    if not all(_parts_of_one_whole(rows[key]) for key in submitted):
        if len(codes) > 1:  # not separate parts after all: each measure as its own table
            for code in codes:
                _family(Family((code,)), values, keys, figures)
        else:
            _rate(codes[0], {key: rows[key][0] for key in submitted}, figures)
        return
    table = protect_table(_cells([rows[key] for key in submitted]))
    for j, code in enumerate(codes):
        for i, key in enumerate(submitted):
            figures.by_key[key][code] = table.percent(i, j)
        figures.pooled[code] = table.percent(len(submitted), j)


def _pooled_family(family: Family, values: Values, keys: Sequence[Hashable], figures: Figures) -> None:
    """Hide the pooled figures of a family that its pooled row, as one breakdown, would hide."""
    rows = [[values[code].get(key, NOT_SUBMITTED) for code in family.codes] for key in keys]
    rows = [row for row in rows if all(v.submitted for v in row)]
    if not rows or not all(_parts_of_one_whole(row) for row in rows):
        return
    pooled = [
        Value(sum(row[j].numerator for row in rows), sum(row[j].denominator for row in rows))
        for j in range(len(family.codes))
    ]
    table = protect_table(_cells([pooled]))
    for j, code in enumerate(family.codes):
        if table.percent(0, j).suppressed:
            figures.pooled[code] = SUPPRESSED


def _cells(rows: list[list[Value]]) -> list[list[int]]:
    """A row per council: each numerator, then the records in none of them (the row adds up to the
    denominator). Several parts that always cover the whole (outcomes fully, partially or not achieved) leave
    nothing over: that column of zeros is no figure at all, and is left out rather than protected."""
    cells = []
    for values in rows:
        parts = [v.numerator for v in values]
        cells.append([*parts, values[0].denominator - sum(parts)])
    if len(rows[0]) > 1 and not any(row[-1] for row in cells):
        return [row[:-1] for row in cells]
    return cells


def _parts_of_one_whole(values: list[Value]) -> bool:
    denominator = values[0].denominator
    return (
        denominator is not None
        and all(v.denominator == denominator for v in values)
        and sum(v.numerator for v in values) <= denominator
    )


def _rate(code: str, values: dict[Hashable, Value], figures: Figures) -> None:
    """A rate whose numerator can pass its denominator: numerators and denominators as two breakdowns, and
    the percentage hidden where either is."""
    numerators = protect_breakdown({key: v.numerator for key, v in values.items()})
    denominators = protect_breakdown({key: v.denominator for key, v in values.items()})
    for key, v in values.items():
        hidden = numerators.groups[key].suppressed or denominators.groups[key].suppressed
        figures.by_key[key][code] = publish_percent(v.numerator, v.denominator, hidden=hidden)
    hidden = numerators.total.suppressed or denominators.total.suppressed
    total_n = sum(v.numerator for v in values.values())
    total_d = sum(v.denominator for v in values.values())
    figures.pooled[code] = publish_percent(total_n, total_d, hidden=hidden)
