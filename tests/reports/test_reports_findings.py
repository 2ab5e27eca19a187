"""Derived findings recomputed from responses built to the 2016 tables: the report's statements and slips."""

from decimal import Decimal

import pytest

from msp.reports.findings import breakdown, findings, very_involved_ranking
from msp.reports.profiles import council_profile, read_next_steps
from msp.reports.tabulate import tabulate
from msp.tempcheck.instrument import instrument_path, read_instrument
from tests.reports.printed_2016 import TABLE_9_2014_15, responses_from_printed

BASELINE = {"staff_reaction": {code: Decimal(p) for code, p in TABLE_9_2014_15.items()}}


@pytest.fixture(scope="module")
def items():
    return read_instrument(instrument_path("tc2016")).items


@pytest.fixture(scope="module")
def tabulation(items):
    return tabulate(items, responses_from_printed(items))


@pytest.fixture(scope="module")
def found(tabulation):
    return findings(tabulation, BASELINE)


def by_code(shares):
    return {s.code: s for s in shares}


def test_81_percent_of_boards_and_60_percent_corporately_engaged_very_or_fairly_well(found):
    engagement = by_code(found.engagement)
    assert (engagement["engagement.board"].count, engagement["engagement.board"].percent) == (93, 81)
    assert (engagement["engagement.corporate"].count, engagement["engagement.corporate"].percent) == (69, 60)


def test_97_percent_positive_staff_reaction_against_74_percent_the_wave_before(found):
    assert found.staff_reaction.percent == 97
    [comparison] = found.comparisons
    assert comparison.code == "staff_reaction"
    assert (comparison.positive.percent, comparison.baseline_positive) == (97, 74)
    assert [(row.percent, row.baseline_percent) for row in comparison.rows] == [
        (50, 36),
        (47, 38),
        (2, 2),
        (0, 0),
        (1, 1),
        (1, 23),
    ]


def test_14_ratings_were_moderated_of_which_13_lowered(tabulation):
    m = tabulation.moderation
    assert (m.rated, m.moderated, m.lowered, m.raised) == (115, 14, 13, 1)


def test_very_involved_asc_55_ccg_33_police_11(found):
    very = by_code(found.very_involved)
    assert [very[f"involvement.{a}"].percent for a in ("adult_social_care", "ccg", "police")] == [55, 33, 11]


def test_overall_involvement_asc_98_and_the_reports_ccg_and_police_figures_are_sums_of_rounded_cells(found):
    involved = by_code(found.involvement)
    assert involved["involvement.adult_social_care"].percent == 98  # 113 of 115
    # The report says CCG 65% and police 48%: it added the rounded cells (33% + 32%, 11% + 37%). From the
    # counts, CCG is 75 of 114 = 65.8% and police 56 of 115 = 48.7%; the computed value stands.
    assert (involved["involvement.ccg"].count, involved["involvement.ccg"].base) == (75, 114)
    assert involved["involvement.ccg"].percent == 66
    assert (involved["involvement.police"].count, involved["involvement.police"].percent) == (56, 49)


def test_the_reports_35_percent_corporate_involvement_is_34_from_the_counts(found):
    # Section 3.2 says 35% of other council departments are involved (10% + 25%); 39 of 114 is 34.2%.
    other = by_code(found.involvement)["involvement.other_council_departments"]
    assert (other.count, other.base, other.percent) == (39, 114, 34)


def test_senior_middle_and_operational_engagement_are_about_93_percent(found):
    engagement = by_code(found.engagement)
    # The report calls these "an almost identical 93%"; middle management is 106 of 115 = 92.2%.
    assert [engagement[f"engagement.{r}"].percent for r in ("senior", "middle", "operational")] == [
        93,
        92,
        93,
    ]


def test_the_ranking_of_very_involved_partners_puts_asc_first_and_ambulance_last(tabulation):
    ranking = very_involved_ranking(tabulation)
    assert [s.code for s in ranking[:4]] == [
        "involvement.adult_social_care",
        "involvement.sab",
        "involvement.advocacy",
        "involvement.ccg",
    ]
    assert ranking[-1].code == "involvement.ambulance_trust"
    assert [s.percent for s in ranking] == sorted((s.percent for s in ranking), reverse=True)


def test_improvement_scores_without_published_baseline_figures_have_no_change(found):
    police = by_code(found.improvement)["involvement.police"]
    assert (police.current, police.baseline, police.change) == (6, None, None)  # (13 + 43 - 40 - 9) of 115


def test_improvement_scores_compare_with_a_baseline_where_it_was_published(tabulation):
    baseline = {
        "involvement.police": {
            "very": Decimal(20),
            "fairly": Decimal(40),
            "not_very": Decimal(25),
            "not_at_all": Decimal(5),
        }
    }
    improvement = by_code(findings(tabulation, baseline).improvement)
    assert improvement["involvement.police"].baseline == 30
    assert improvement["involvement.police"].change == -24
    assert improvement["involvement.ccg"].baseline is None


def test_without_a_baseline_there_is_no_comparison(tabulation):
    assert findings(tabulation, None).comparisons == []


def test_the_achievement_and_road_map_distributions_are_there(found):
    assert [o.count for o in found.achievement.options] == [7, 66, 14, 9, 19, 0]
    assert found.road_map.code == "road_map_step"


def test_small_groups_are_suppressed_with_nothing_but_their_name(items):
    regions = ["Big"] * 10 + ["Bigger"] * 12 + ["Small"] * 3
    responses = [
        r.__class__(answers=r.answers, region=region)
        for r, region in zip(responses_from_printed(items)[:25], regions, strict=True)
    ]
    result = breakdown(items, responses, by="region", threshold=5, names=["Big", "Bigger", "Small", "Empty"])
    small = result.group("Small")
    assert small.suppressed and small.interviews is None and small.tabulation is None
    assert small.as_dict() == {"name": "Small", "suppressed": True}
    # With only one small group, the next smallest is hidden too: England minus the rest would give it away.
    assert result.group("Big").suppressed
    assert not result.group("Bigger").suppressed and result.group("Bigger").interviews == 12
    assert result.group("Empty").interviews == 0 and not result.group("Empty").suppressed


def test_the_threshold_is_configurable(items):
    responses = responses_from_printed(items, regions=["North", "South"])
    assert not breakdown(items, responses, by="region", threshold=5).group("North").suppressed
    assert breakdown(items, responses, by="region", threshold=100).group("North").suppressed


def test_a_council_profile_marks_its_answers_beside_region_and_england(items):
    responses = responses_from_printed(items, regions=["North", "South"])
    national = tabulate(items, responses)
    regional = tabulate(items, [r for r in responses if r.region == "North"])
    council = responses[0]
    profile = council_profile(items, council, national, regional)
    table1 = next(q for q in profile.questions if q.code == "strategy_fit")
    chosen = [row for row in table1.rows if row.chosen]
    assert [row.label for row in chosen] == ["The overriding strategic objective"]
    assert chosen[0].national_percent == 7 and table1.national_base == 115
    assert table1.region_base == 58
    progress = next(q for q in profile.questions if q.code == "recording_progress")
    assert progress.answered
    assert profile.interviewer_rating.label == "A) Fully implemented"
    assert profile.next_steps is None or profile.next_steps.step == int(profile.road_map.code)


def test_a_profile_without_its_region_shows_no_regional_figures(items):
    responses = responses_from_printed(items)
    profile = council_profile(items, responses[-1], tabulate(items, responses), None)
    assert not profile.region_shown
    assert all(row.region_percent is None for q in profile.questions for row in q.rows)
    assert profile.questions[0].region_base is None


def test_a_moderated_council_is_flagged(items):
    responses = responses_from_printed(items)
    moderated = next(
        r for r in responses if r.answers["achievement.self"] != r.answers["achievement.interviewer"]
    )
    assert council_profile(items, moderated, None, None).moderated


def test_every_road_map_step_has_suggested_next_steps():
    steps = read_next_steps()
    assert sorted(steps) == list(range(1, 11))
    assert all(step.aim and step.suggestions for step in steps.values())


def test_a_next_steps_file_missing_a_step_is_refused(tmp_path):
    path = tmp_path / "steps.yaml"
    path.write_text("1: {aim: Start, suggestions: [Begin]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="step 2"):
        read_next_steps(path)
