"""Publish a region's figures council by council and pooled, so that no `[c]` can be worked out: pure.

A region's total is the sum of its councils' counts, so each measure's councils are published together as one
table through `msp.core.disclosure.protect_table` (rows: councils; columns: the numerator and the records left
out; totals: the region), never one by one. Measures whose numerators are separate parts of one denominator
(the three levels of outcomes achieved, the outcomes of concerns with no enquiry) share one table, since
their parts add up to it. England is one row of its own, protected the same way.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from msp.core.disclosure import (
    NOT_SUBMITTED_FIGURE,
    Published,
    protect_breakdown,
    protect_table,
    publish_percent,
)
from msp.outcomes.measures import NOT_SUBMITTED, Measure, Value

Values = Mapping[str, Mapping[Hashable, Value]]  # measure code -> council (or "england") -> Value


@dataclass(frozen=True)
class Family:
    """Percentages with one denominator whose numerators never count the same record twice. `rest`, if
    given, is the code under which the records in none of them are published (as a percentage too)."""

    codes: tuple[str, ...]
    rest: str = ""


FAMILIES = (
    Family(("outcomes_fully_achieved", "outcomes_partially_achieved", "outcomes_not_achieved")),
    Family(
        ("no_enquiry_info_advice", "no_enquiry_signposted", "no_enquiry_referred", "no_enquiry_no_further_action"),
        rest="no_enquiry_none_recorded",
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


def protect(measures: Sequence[Measure], values: Values, keys: Sequence[Hashable]) -> Figures:
    """Every measure for every key (council) and pooled, each family of measures as one table."""
    figures = Figures({key: {} for key in keys}, {})
    wanted = {m.code: m for m in measures}
    done: set[str] = set()
    for family in FAMILIES:
        if all(code in wanted for code in family.codes):
            _family(family, values, keys, figures)
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
    shown = [*codes, family.rest] if family.rest else list(codes)
    rows = {key: [values[code].get(key, NOT_SUBMITTED) for code in codes] for key in keys}
    submitted = [key for key in keys if all(v.submitted for v in rows[key])]
    for key in keys:
        figures.by_key[key].update(dict.fromkeys(shown, NOT_SUBMITTED_FIGURE))
    figures.pooled.update(dict.fromkeys(shown, NOT_SUBMITTED_FIGURE))
    if not submitted:
        return
    if not all(_parts_of_one_whole(rows[key]) for key in submitted):
        if len(codes) > 1:  # not separate parts after all: each measure as its own table
            for code in codes:
                _family(Family((code,)), values, keys, figures)
        else:
            _rate(codes[0], {key: rows[key][0] for key in submitted}, figures)
        return
    cells = []
    for key in submitted:
        parts = [v.numerator for v in rows[key]]
        cells.append([*parts, rows[key][0].denominator - sum(parts)])
    table = protect_table(cells)
    for j, code in enumerate(shown):
        for i, key in enumerate(submitted):
            figures.by_key[key][code] = table.percent(i, j)
        figures.pooled[code] = table.percent(len(cells), j)


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
