"""The shared statistics helpers: half-up percentages, improvement scores, suppression; no database."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msp.core.stats import (
    CONFIDENTIAL,
    NOT_SUBMITTED,
    improvement_score,
    improvement_score_from_counts,
    is_suppressed,
    percent,
    percent_exact,
    percentages,
    publish_count,
    round_half_up,
    share,
    suppress,
    suppressed_groups,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.5"), 1),
        (Decimal("1.5"), 2),
        (Decimal("2.5"), 3),
        (Decimal("2.4999"), 2),
        (Decimal("-2.5"), -3),
        (Fraction(5, 2), 3),
        (7, 7),
        (Decimal("0.49"), 0),
    ],
)
def test_it_rounds_halves_up_never_to_even(value, expected):
    assert round_half_up(value) == expected


def test_percentages_round_half_up_from_the_counts():
    assert percent(1, 200) == 1  # 0.5%
    assert percent(5, 200) == 3  # 2.5%: banker's rounding would give 2
    assert percent(18, 115) == 16  # 15.65%: the 2016 report printed 15%
    assert percent(93, 115) == 81
    assert percent(0, 115) == 0
    assert percent(115, 115) == 100


def test_a_percentage_of_nothing_is_none():
    assert percent(0, 0) is None
    assert percent_exact(0, 0) is None


def test_it_refuses_impossible_counts():
    with pytest.raises(ValueError):
        percent(5, 4)
    with pytest.raises(ValueError):
        percent(-1, 4)


def test_a_share_adds_the_chosen_options():
    assert share({"very": 45, "fairly": 48, "not_very": 19}, ["very", "fairly"], 115) == (93, 81)


def test_the_improvement_score_is_involved_minus_not_involved():
    pcts = {"very": 36, "fairly": 38, "not_very": 2, "not_at_all": 0}
    assert improvement_score(pcts, ["very", "fairly"], ["not_very", "not_at_all"]) == 72
    assert improvement_score({"very": 36}, ["very", "fairly"], ["not_very"]) is None
    # Police, Table 3: (13 + 43 - 40 - 9) of 115 = 6.09%
    counts = {"very": 13, "fairly": 43, "not_very": 40, "not_at_all": 9}
    assert improvement_score_from_counts(counts, 115, ["very", "fairly"], ["not_very", "not_at_all"]) == 6
    assert improvement_score_from_counts({}, 0, ["very"], ["not_very"]) is None


def test_it_rounds_a_negative_score_half_away_from_zero():
    assert improvement_score_from_counts({"very": 0, "not_very": 1}, 200, ["very"], ["not_very"]) == -1


def test_small_counts_are_suppressed():
    assert suppress(4, 5) is None
    assert suppress(5, 5) == 5
    assert is_suppressed(4, 5) and not is_suppressed(5, 5) and not is_suppressed(0, 5)


def test_a_lone_small_group_takes_the_next_smallest_with_it():
    assert suppressed_groups({"North East": 3, "London": 26, "South West": 9, "Yorkshire": 9}, 5) == {
        "North East",
        "South West",
    }
    assert suppressed_groups({"A": 3, "B": 2, "C": 20}, 5) == {"A", "B"}
    assert suppressed_groups({"A": 30, "B": 20}, 5) == set()
    assert suppressed_groups({"A": 3}, 5) == {"A"}


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, CONFIDENTIAL),
        (4, CONFIDENTIAL),
        (5, "5"),
        (7, "5"),
        (8, "10"),
        (12, "10"),
        (13, "15"),
        (1002, "1000"),
        (None, NOT_SUBMITTED),
    ],
)
def test_published_counts_follow_the_sac_conventions(n, shown):
    assert publish_count(n) == shown


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=20))
def test_a_full_distribution_sums_to_within_its_number_of_options_of_100(counts):
    pcts = percentages(counts)
    if sum(counts) == 0:
        assert all(p is None for p in pcts)
    else:
        # Each rounding moves a percentage by at most a half.
        assert abs(sum(pcts) - 100) <= len(counts) / 2


@given(st.integers(min_value=1, max_value=100_000), st.data())
def test_a_percentage_is_within_a_half_of_the_exact_value(base, data):
    count = data.draw(st.integers(min_value=0, max_value=base))
    exact = Fraction(100 * count, base)
    assert -Fraction(1, 2) < percent(count, base) - exact <= Fraction(1, 2)
    assert 0 <= percent(count, base) <= 100


@given(st.integers(min_value=0, max_value=10**6))
def test_a_published_count_is_confidential_or_a_multiple_of_5_within_2(n):
    shown = publish_count(n)
    if n < 5:
        assert shown == CONFIDENTIAL
    else:
        assert int(shown) % 5 == 0 and abs(int(shown) - n) <= 2


@given(
    st.dictionaries(st.sampled_from("ABCDEFGHI"), st.integers(min_value=0, max_value=30)),
    st.integers(min_value=1, max_value=10),
)
def test_never_exactly_one_group_is_suppressed(sizes, threshold):
    hidden = suppressed_groups(sizes, threshold)
    small = {name for name, size in sizes.items() if 0 < size < threshold}
    assert small <= hidden
    populated = [name for name, size in sizes.items() if size > 0]
    assert len(hidden) != 1 or len(populated) == 1


def test_a_region_and_type_filter_cannot_be_subtracted_to_reveal_a_hidden_cell():
    # North: 6 county, 6 unitary, 2 metropolitan. North, North+county and North+unitary shown together would
    # give North+metropolitan as 14 - 6 - 6 = 2, so one more cell of North's breakdown must be hidden.
    from msp.reports.analysis import filter_suppressed
    from msp.reports.tabulate import Response

    cells = {
        ("North", "County council"): 6,
        ("North", "Unitary authority"): 6,
        ("North", "Metropolitan district"): 2,
        ("South", "County council"): 10,
        ("South", "Unitary authority"): 10,
        ("South", "Metropolitan district"): 10,
    }
    responses = [
        Response(answers={}, region=r, council_type=t) for (r, t), n in cells.items() for _ in range(n)
    ]

    def shown(region, council_type=""):
        return not filter_suppressed(responses, region, council_type, 5)

    assert not shown("North", "Metropolitan district")
    assert shown("North")
    assert not (shown("North", "County council") and shown("North", "Unitary authority"))
    assert shown("South", "County council")  # a region with no small cell keeps every combination
