"""Publishing a region's figures: councils protected together with the region's total, never one by one."""

from __future__ import annotations

from msp.core.disclosure import is_published_text
from msp.outcomes.measures import Value, measure
from msp.outcomes.report.protect import protect

ACHIEVED = ("outcomes_fully_achieved", "outcomes_partially_achieved", "outcomes_not_achieved")


def measures(*codes):
    return [measure(code) for code in codes]


def test_a_small_council_count_gets_a_second_so_the_region_total_cannot_give_it_back():
    values = {"concerns": {"a": Value(30, None), "b": Value(3, None), "c": Value(52, None)}}
    figures = protect(measures("concerns"), values, ["a", "b", "c"])
    assert figures.of("b", "concerns").text == "[c]"
    assert figures.of("a", "concerns").text == "[c]"  # the smaller of the others
    assert figures.of("c", "concerns").text == "50"
    assert figures.pool("concerns").text == "85"


def test_a_council_that_did_not_submit_is_x_and_is_left_out_of_the_pool():
    values = {"asked_and_expressed": {"a": Value(30, 40), "b": Value(None, None, 0)}}
    figures = protect(measures("asked_and_expressed"), values, ["a", "b", "missing"])
    assert figures.of("b", "asked_and_expressed").text == "[x]"
    assert figures.of("missing", "asked_and_expressed").text == "[x]"
    assert figures.of("a", "asked_and_expressed").text == "75.0%"
    assert figures.pool("asked_and_expressed").text == "75.0%"


def test_nobody_submitting_leaves_the_pool_x_not_zero():
    values = {"concerns": {}, "asked_and_expressed": {}}
    figures = protect(measures("concerns", "asked_and_expressed"), values, ["a"])
    assert figures.pool("concerns").text == "[x]"
    assert figures.pool("asked_and_expressed").text == "[x]"


def test_the_pool_adds_counts_and_never_averages_percentages():
    values = {"asked_and_expressed": {"big": Value(90, 100), "small": Value(10, 20)}}
    figures = protect(measures("asked_and_expressed"), values, ["big", "small"])
    assert figures.pool("asked_and_expressed").text == "83.3%"  # 100 of 120; the average would be 70%


def test_a_percentage_whose_complement_is_small_is_hidden_with_another_in_the_region():
    values = {"risk_reduced_or_removed": {"a": Value(18, 20), "b": Value(40, 60), "c": Value(30, 50)}}
    figures = protect(measures("risk_reduced_or_removed"), values, ["a", "b", "c"])
    assert figures.of("a", "risk_reduced_or_removed").text == "[c]"  # 2 whose risk remained
    hidden = [k for k in "bc" if figures.of(k, "risk_reduced_or_removed").suppressed]
    assert hidden, "the region's total less the others would give the 2 back"


def test_parts_shown_side_by_side_are_protected_as_one_table():
    values = {
        "outcomes_fully_achieved": {"a": Value(20, 40), "b": Value(30, 60)},
        "outcomes_partially_achieved": {"a": Value(17, 40), "b": Value(25, 60)},
        "outcomes_not_achieved": {"a": Value(3, 40), "b": Value(5, 60)},
    }
    alone = protect(measures(*ACHIEVED), values, ["a", "b"], side_by_side=["outcomes_fully_achieved"])
    assert alone.of("a", "outcomes_fully_achieved").text == "50.0%"
    together = protect(measures(*ACHIEVED), values, ["a", "b"])
    row = [together.of("a", code).text for code in ACHIEVED]
    assert row.count("[c]") >= 2  # the 3 not achieved, and one more so that 40 less the rest cannot give it


def test_the_pooled_parts_are_protected_together_even_when_councils_show_one():
    values = {
        "outcomes_fully_achieved": {"a": Value(20, 40), "b": Value(30, 60)},
        "outcomes_partially_achieved": {"a": Value(19, 40), "b": Value(28, 60)},
        "outcomes_not_achieved": {"a": Value(1, 40), "b": Value(2, 60)},
    }
    figures = protect(measures(*ACHIEVED), values, ["a", "b"], side_by_side=["outcomes_fully_achieved"])
    pooled = [figures.pool(code).text for code in ACHIEVED]
    assert pooled.count("[c]") >= 2  # 3 not achieved in 100, and one more


def test_a_rate_above_its_base_is_still_published():
    values = {"conversion_rate": {"a": Value(60, 50), "b": Value(30, 50)}}
    figures = protect(measures("conversion_rate"), values, ["a", "b"])
    assert figures.of("a", "conversion_rate").text == "120.0%"
    assert figures.pool("conversion_rate").text == "90.0%"


def test_every_figure_is_published_never_exact():
    values = {
        "concerns": {"a": Value(12, None), "b": Value(1003, None)},
        "asked_and_expressed": {"a": Value(7, 12), "b": Value(501, 1003)},
    }
    figures = protect(measures("concerns", "asked_and_expressed"), values, ["a", "b"])
    shown = [*figures.pooled.values(), *(p for row in figures.by_key.values() for p in row.values())]
    assert all(is_published_text(p) and not p.exact for p in shown)
