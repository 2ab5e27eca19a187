"""What can be charted, pooled and benchmarked: every outcome indicator, the return's derived percentages and
its headline counts, each as a numerator over a denominator read from the summary tables. Pooling a group of
councils adds their numerators and denominators; percentages are never averaged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from msp.core import disclosure
from msp.core.stats import percent_exact
from msp.outcomes import indicators
from msp.outcomes.layout import TOTAL

Cell = tuple[str, str, str]


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    percent: bool  # a percentage (numerator over denominator), or a plain count
    indicator: str = ""  # read from the indicator figures, or
    numerator: tuple[Cell, ...] = ()  # from the return's cells (added up)
    denominator: tuple[Cell, ...] = ()
    group: str = ""


RETURN_MEASURES = (
    Measure("concerns", "Safeguarding concerns received", False, numerator=(("SG1f", "concerns", "cases"),)),
    Measure(
        "s42_enquiries",
        "Section 42 enquiries started",
        False,
        numerator=(("SG1f", "s42_enquiries", "cases"),),
    ),
    Measure(
        "individuals_with_concern",
        "People with a concern",
        False,
        numerator=(("SG1f", "concerns", "individuals"),),
    ),
    Measure(
        "sac_conversion_rate",
        "Conversion rate (enquiries started per 100 concerns)",
        True,
        numerator=(("SG1f", "s42_enquiries", "cases"), ("SG1f", "other_enquiries", "cases")),
        denominator=(("SG1f", "concerns", "cases"),),
    ),
    Measure(
        "sac_risk_reduced_or_removed",
        "Risk reduced or removed (SAC)",
        True,
        numerator=(("SG2e", "reduced", "enquiries"), ("SG2e", "removed", "enquiries")),
        denominator=(("SG2e", TOTAL, "enquiries"),),
    ),
    Measure(
        "sac_asked_and_expressed",
        "Asked and expressed desired outcomes (SAC)",
        True,
        numerator=(("SG4a", "asked_expressed", "enquiries"),),
        denominator=(("SG4a", TOTAL, "enquiries"),),
    ),
    Measure(
        "sac_fully_or_partially_achieved",
        "Expressed outcomes fully or partially achieved (SAC)",
        True,
        numerator=(("SG4a", "fully", "achieved"), ("SG4a", "partially", "achieved")),
        denominator=(("SG4a", TOTAL, "achieved"),),
    ),
    Measure(
        "sac_lacking_capacity_supported",
        "Lacking capacity and supported (SAC)",
        True,
        numerator=(("SG3a", "yes", "supported"),),
        denominator=(("SG3a", "yes", "enquiries"),),
    ),
)


@cache
def all_measures() -> dict[str, Measure]:
    found = {m.code: m for m in RETURN_MEASURES}
    for ind in indicators.all_indicators():
        found[ind.code] = Measure(ind.code, ind.name, True, indicator=ind.code, group=ind.records)
    return found


def measure(code: str) -> Measure:
    try:
        return all_measures()[code]
    except KeyError:
        raise KeyError(f"'{code}' is not a measure") from None


@dataclass(frozen=True)
class Value:
    """A measure for one council or a pool of councils: unrounded parts, and how many councils it covers."""

    numerator: int | None  # None: not submitted
    denominator: int | None
    councils: int = 1

    @property
    def submitted(self) -> bool:
        return self.numerator is not None

    @property
    def percent(self) -> Decimal | None:
        if self.numerator is None or not self.denominator:
            return None
        return percent_exact(self.numerator, self.denominator)


NOT_SUBMITTED = Value(None, None, 0)


def value_of(m: Measure, *, cells: dict | None, indicator: tuple[int, int] | None) -> Value:
    """A council's value from its stored return cells or indicator figure (None: not submitted)."""
    if m.indicator:
        return NOT_SUBMITTED if indicator is None else Value(*indicator)
    if not cells or any(cells.get(c) is None for c in m.numerator + m.denominator):
        return NOT_SUBMITTED
    numerator = sum(cells[c] for c in m.numerator)
    denominator = sum(cells[c] for c in m.denominator) if m.denominator else None
    return Value(numerator, denominator)


def pool(values: Iterable[Value]) -> Value:
    """Councils together: numerators and denominators added over the councils that submitted."""
    submitted = [v for v in values if v.submitted]
    if not submitted:
        return NOT_SUBMITTED
    numerator = sum(v.numerator for v in submitted)
    denominators = [v.denominator for v in submitted]
    denominator = None if any(d is None for d in denominators) else sum(denominators)
    return Value(numerator, denominator, len(submitted))


def sort_key(m: Measure, v: Value):
    return v.percent if m.percent else v.numerator


def quartile_band(rank: int, count: int) -> int:
    """1-4: the quartile band of a rank (1 = highest value) among `count` councils, by percentile: 1st-25th,
    26th-50th, 51st-75th, 76th-100th (domain.md)."""
    if count <= 0 or not 1 <= rank <= count:
        raise ValueError("rank must be between 1 and the number of councils")
    percentile = rank * 100 / count
    return 1 if percentile <= 25 else 2 if percentile <= 50 else 3 if percentile <= 75 else 4


def publishable(m: Measure, v: Value) -> bool:
    """Whether the value would be shown when published: a figure suppressed there is never ranked either,
    or its rank would give it away."""

    shown = (
        disclosure.publish_percent(v.numerator, v.denominator)
        if m.percent
        else disclosure.publish(v.numerator)
    )
    return not (shown.suppressed or shown.not_submitted) and shown.value is not None


def ranked(m: Measure, values: dict) -> dict:
    """{key: (rank, band)} over the values that can be published (rank 1 = highest; ties share a rank)."""
    scored = [(sort_key(m, v), key) for key, v in values.items() if v.submitted and publishable(m, v)]
    scored.sort(key=lambda pair: pair[0], reverse=True)
    result, count = {}, len(scored)
    rank, previous = 0, None
    for position, (score, key) in enumerate(scored, start=1):
        if score != previous:
            rank, previous = position, score
        result[key] = (rank, quartile_band(rank, count))
    return result
