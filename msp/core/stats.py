"""Pure statistics for the temperature check reports and case dashboards: percentages, rounding, suppression.

Everything here works on plain numbers and is tested without a database. Percentages are always computed
from unrounded counts and rounded half up to whole numbers (never banker's rounding), as the 2016 report
shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from numbers import Rational

# SAC publication conventions: a count 0-4 is shown as "[c]" (confidential), a figure not submitted as "[x]".
CONFIDENTIAL = "[c]"
NOT_SUBMITTED = "[x]"
PUBLISH_MINIMUM = 5
PUBLISH_ROUNDING = 5

Number = int | Decimal | Rational


def round_half_up(value: Number) -> int:
    """Round to a whole number, halves away from zero (2.5 -> 3, -2.5 -> -3); exact for ints and fractions."""
    with localcontext() as context:
        # Enough digits that no quotient of realistic counts is rounded before it is rounded half up.
        context.prec = 60
        if isinstance(value, Rational) and not isinstance(value, int):
            exact = Decimal(value.numerator) / Decimal(value.denominator)
        else:
            exact = Decimal(value)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_half_up_to(value: Number, places: int) -> Decimal:
    """Round to `places` decimal places, halves away from zero (12.25 -> 12.3 at one place), exactly."""
    if places < 0:
        raise ValueError("places cannot be negative")
    with localcontext() as context:
        context.prec = 60
        if isinstance(value, Rational) and not isinstance(value, int):
            exact = Decimal(value.numerator) / Decimal(value.denominator)
        else:
            exact = Decimal(value)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_exact(count: int, base: int) -> Decimal | None:
    """count / base x 100, unrounded (to 60 significant digits); None when the base is 0."""
    if base == 0:
        return None
    with localcontext() as context:
        context.prec = 60
        return Decimal(count) * 100 / Decimal(base)


def percent(count: int, base: int) -> int | None:
    """count as a whole-number percentage of base, rounded half up; None when the base is 0 (no answers)."""
    if count < 0 or base < 0:
        raise ValueError("counts and bases cannot be negative")
    if count > base:
        raise ValueError(f"a count ({count}) cannot exceed its base ({base})")
    exact = percent_exact(count, base)
    return None if exact is None else round_half_up(exact)


def percentages(counts: Sequence[int]) -> list[int | None]:
    """Each count as a percentage of their sum (the base), rounded one by one, so they may not add to 100."""
    base = sum(counts)
    return [percent(count, base) for count in counts]


def share(counts: Mapping[str, int], codes: Iterable[str], base: int) -> tuple[int, int | None]:
    """How many fall in `codes` (e.g. very + fairly), and that as a percentage of base, from the counts."""
    count = sum(counts.get(code, 0) for code in codes)
    return count, percent(count, base)


def improvement_score(
    pcts: Mapping[str, Number], positive: Iterable[str], negative: Iterable[str]
) -> Decimal | None:
    """% involved minus % not involved (2016 report, Figure 2); None unless every named percentage is there.

    `pcts` maps option code to a percentage. For a wave with counts, pass exact percentages (`percent_exact`)
    and round the score at the end; a published baseline only has its printed percentages.
    """
    positive, negative = list(positive), list(negative)
    if any(code not in pcts or pcts[code] is None for code in positive + negative):
        return None
    with localcontext() as context:
        context.prec = 60
        return sum((Decimal(pcts[c]) for c in positive), Decimal(0)) - sum(
            (Decimal(pcts[c]) for c in negative), Decimal(0)
        )


def improvement_score_from_counts(
    counts: Mapping[str, int], base: int, positive: Iterable[str], negative: Iterable[str]
) -> int | None:
    """The improvement score from counts: (involved - not involved) / base x 100, rounded half up last."""
    if base == 0:
        return None
    involved = sum(counts.get(c, 0) for c in positive)
    not_involved = sum(counts.get(c, 0) for c in negative)
    return round_half_up(Decimal(involved - not_involved) * 100 / Decimal(base))


def suppress(count: int, threshold: int) -> int | None:
    """The count if it is at least `threshold`, else None (not shown): for published breakdowns."""
    return count if count >= threshold else None


def is_suppressed(count: int, threshold: int) -> bool:
    """A group with some members but fewer than `threshold` is too small to show without identifying them."""
    return 0 < count < threshold


def suppressed_groups(sizes: Mapping[str, int], threshold: int) -> set[str]:
    """The groups of one breakdown to suppress: those below the threshold, plus a second where only one is.

    With a single group suppressed, the total minus the groups shown would give it away, so the next smallest
    group (ties: the first by name) is suppressed as well (secondary suppression).
    """
    primary = {name for name, size in sizes.items() if is_suppressed(size, threshold)}
    if len(primary) == 1:
        others = sorted((size, name) for name, size in sizes.items() if name not in primary and size > 0)
        if others:
            primary.add(others[0][1])
    return primary


def publish_count(n: int | None) -> str:
    """A count as published: 0-4 as "[c]", otherwise rounded to the nearest 5; None (not submitted) as "[x]".

    Source: the Safeguarding Adults Collection publication conventions (counts 0-4 are confidential, every
    other count is rounded to the nearest 5); see docs "Publishing without revealing people".
    """
    if n is None:
        return NOT_SUBMITTED
    if n < 0:
        raise ValueError("a count cannot be negative")
    if n < PUBLISH_MINIMUM:
        return CONFIDENTIAL
    return str(PUBLISH_ROUNDING * round_half_up(Decimal(n) / PUBLISH_ROUNDING))
