"""Counts, percentages, who sees exact figures, and the test helper: examples worked out by hand."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msp.accounts.models import Role
from msp.cases.scope import RECORDERS
from msp.core.disclosure import (
    EXACT_ROLES,
    NO_BASE,
    Published,
    exact_for,
    is_published_text,
    publish,
    publish_percent,
    rounded_count,
    sees_exact,
)
from msp.core.stats import publish_count, round_half_up_to


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "[c]"),
        (1, "[c]"),
        (4, "[c]"),
        (5, "5"),
        (7, "5"),
        (8, "10"),
        (12, "10"),
        (13, "15"),
        (17, "15"),
        (18, "20"),
        (1002, "1000"),
        (1003, "1005"),
        (None, "[x]"),
    ],
)
def test_a_count_is_confidential_below_5_and_otherwise_rounded_to_the_nearest_5(n, shown):
    assert publish(n).text == shown
    assert publish_count(n) == shown  # the same rule as the older string-only helper


def test_not_submitted_is_x_and_never_zero():
    missing, zero = publish(None), publish(0)
    assert (
        missing.text == "[x]" and missing.not_submitted and not missing.suppressed and missing.value is None
    )
    assert zero.text == "[c]" and zero.suppressed and not zero.not_submitted and zero.value is None


def test_a_count_chosen_by_secondary_suppression_is_confidential_however_large():
    assert publish(250, hidden=True).text == "[c]"


def test_the_councils_own_staff_see_the_count_as_it_is():
    assert publish(3, exact=True) == Published("3", 3, exact=True)
    assert publish(13, exact=True).text == "13"
    assert publish(None, exact=True).text == "[x]"


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        publish(-1)


@pytest.mark.parametrize(
    ("count", "base", "places", "shown"),
    [
        (49, 400, 1, "12.3%"),  # 12.25: half up, never to even
        (49, 400, 0, "12%"),
        (10, 80, 1, "12.5%"),
        (10, 80, 0, "13%"),  # 12.5 rounds up
        (5, 200, 0, "3%"),  # 2.5 rounds up
        (5, 200, 1, "2.5%"),
        (25, 1000, 1, "2.5%"),
        (30, 30, 1, "[c]"),  # everyone: the complement (0) is confidential
        (120, 100, 1, "120.0%"),  # a rate above its base has no complement
    ],
)
def test_a_percentage_is_computed_from_the_unrounded_counts_and_rounded_half_up(count, base, places, shown):
    assert publish_percent(count, base, places=places).text == shown


def test_a_percentage_is_not_computed_from_rounded_counts():
    # 12 of 17 are published as 10 and 15; 10/15 would be 66.7%, but 12/17 is 70.6%.
    assert publish_percent(12, 17).text == "70.6%"
    assert publish(12).text == "10" and publish(17).text == "15"


@pytest.mark.parametrize(
    ("count", "base", "why"),
    [
        (0, 0, "no base"),
        (2, 4, "base suppressed"),
        (4, 4, "base suppressed"),
        (3, 40, "numerator suppressed: 3 of 38-42 is the only count giving 7.5%"),
        (0, 40, "numerator suppressed"),
        (38, 40, "complement suppressed: 95.0% of 40 gives the 2 left out"),
        (40, 40, "complement of 0"),
    ],
)
def test_a_percentage_is_suppressed_when_it_would_give_a_small_count_back(count, base, why):
    assert publish_percent(count, base).text == "[c]", why


def test_a_percentage_whose_count_or_base_is_hidden_in_its_table_is_suppressed():
    assert publish_percent(20, 60, hidden=True).text == "[c]"


def test_a_percentage_of_a_figure_not_submitted_is_x():
    assert publish_percent(None, 40).text == "[x]"
    assert publish_percent(4, None).text == "[x]"


def test_the_councils_own_staff_see_every_percentage():
    assert publish_percent(3, 40, exact=True).text == "7.5%"
    assert publish_percent(3, 4, exact=True, places=0).text == "75%"
    assert publish_percent(0, 0, exact=True).text == NO_BASE


def test_published_values_render_the_same_everywhere():
    count, pct, hidden = publish(13), publish_percent(49, 400), publish(2)
    assert str(count) == "15" and count.export_value == 15
    assert pct.value == Decimal("12.3") and pct.export_value == 12.3 and pct.percent
    assert hidden.export_value == "[c]"
    assert hidden.as_dict() == {"text": "[c]", "value": None, "suppressed": True, "not_submitted": False}
    assert count.as_dict() == {"text": "15", "value": 15, "suppressed": False, "not_submitted": False}


def test_rounding_to_places_is_half_up():
    assert round_half_up_to(Decimal("12.25"), 1) == Decimal("12.3")
    assert round_half_up_to(Decimal("12.35"), 1) == Decimal("12.4")
    assert round_half_up_to(Decimal("2.5"), 0) == Decimal("3")
    assert str(round_half_up_to(7, 1)) == "7.0"


@given(st.integers(min_value=0, max_value=10**7))
def test_every_published_count_is_confidential_or_a_multiple_of_5_within_2(n):
    shown = publish(n)
    if n < 5:
        assert shown.suppressed and shown.value is None
    else:
        assert shown.value == rounded_count(n) and shown.value % 5 == 0 and abs(shown.value - n) <= 2
        assert shown.value >= 5 and is_published_text(shown)


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=5000))
def test_a_shown_percentage_never_rests_on_a_small_count(count, base):
    shown = publish_percent(count, base)
    if not shown.suppressed:
        assert base >= 5 and count >= 5 and (count > base or base - count >= 5)
        assert is_published_text(shown)


# Who sees what


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "safeguarding_lead"])
def test_a_councils_staff_see_their_own_councils_unrounded_figures(role):
    assert sees_exact(role, 7, 7)


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "safeguarding_lead"])
def test_a_councils_staff_see_another_councils_figures_published(role):
    assert not sees_exact(role, 7, 8)


@pytest.mark.parametrize("role", ["practitioner", "safeguarding_lead"])
def test_a_councils_staff_see_a_board_region_or_england_figure_published(role):
    assert not sees_exact(role, 7, None)


@pytest.mark.parametrize("role", ["sab_member", "regional_lead", "analyst", "interviewer", "", None])
def test_everyone_else_sees_published_figures_even_for_their_own_council(role):
    assert not sees_exact(role, 7, 7)


def test_a_council_role_without_a_council_sees_nothing_exact():
    assert not sees_exact("safeguarding_lead", None, None)


def test_the_exact_roles_are_the_council_roles():
    assert {str(role) for role in RECORDERS} == EXACT_ROLES


def test_exact_for_reads_a_user():
    lead = SimpleNamespace(is_authenticated=True, role=Role.SAFEGUARDING_LEAD, council_id=7)
    board = SimpleNamespace(is_authenticated=True, role="sab_member", council_id=None)
    anonymous = SimpleNamespace(is_authenticated=False)
    assert exact_for(lead, 7) and not exact_for(lead, 8)
    assert not exact_for(board, 7) and not exact_for(anonymous, 7)


# The test helper for other outputs


@pytest.mark.parametrize(
    "text", ["[c]", "[x]", "5", "15", "1000", "1,005", "12,345,670", "12.5%", "13%", "0.0%", " 15 "]
)
def test_published_text_is_recognised(text):
    assert is_published_text(text)


@pytest.mark.parametrize("text", ["0", "3", "12", "1,234", "12.5", "", "abc", "05", "1,23", "-5", "[C]"])
def test_unpublished_text_is_not(text):
    assert not is_published_text(text)


def test_the_helper_takes_published_values():
    assert is_published_text(publish(13)) and not is_published_text(publish(13, exact=True))
