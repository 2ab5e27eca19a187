"""The synthetic 2016 wave reproduces the report's counts, keeps every answer rule, and scales to any size."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from msp.tempcheck import rules
from msp.tempcheck.instrument import instrument_path, read_instrument
from msp.tempcheck.synthetic import (
    generate_wave_rows as generate,
)
from msp.tempcheck.synthetic import (
    largest_remainder,
    phrases,
    read_sample,
    synthetic_councils,
    write_rows_csv,
)

APPENDIX_4 = Path(__file__).parent.parent / "councils" / "appendix4.csv"
INSTRUMENT = read_instrument(instrument_path("tc2016"))
ACHIEVEMENT = [
    "Fully implemented",
    "Planning completed and rolling out",
    "Roll out currently stalled",
    "Piloting and testing stage",
    "Still developing and planning",
    "Have not yet really started",
]
ENGAGEMENT = ["Very well", "Fairly well", "Not very well", "Not at all", "Don't know"]
INVOLVEMENT = [
    "Very involved",
    "Fairly involved",
    "Not very involved",
    "Not at all involved",
    "Don't know",
    "Too soon to say",
]


def by_label(labels, counts):
    return {label: count for label, count in zip(labels, counts, strict=True) if count}


# The 2016 report, by label as printed (zero counts left out, since nobody gave that answer).
EXPECTED = {
    "strategy_fit": {
        "The overriding strategic objective": 8,
        "One of our main strategic objectives": 62,
        "A particular task among a collection of others": 11,
        "It isn't in the strategy": 3,
        "Other": 31,
    },
    "engagement.board": by_label(ENGAGEMENT, (45, 48, 19, 2, 1)),
    "engagement.corporate": by_label(ENGAGEMENT, (22, 47, 37, 2, 7)),
    "engagement.senior": by_label(ENGAGEMENT, (58, 49, 7, 0, 1)),
    "engagement.middle": by_label(ENGAGEMENT, (45, 61, 9, 0, 0)),
    "engagement.operational": by_label(ENGAGEMENT, (39, 68, 7, 1, 0)),
    "involvement.adult_social_care": by_label(INVOLVEMENT, (63, 50, 1, 0, 0, 1)),
    "involvement.other_council_departments": by_label(INVOLVEMENT, (11, 28, 44, 17, 10, 4)),
    "involvement.police": by_label(INVOLVEMENT, (13, 43, 40, 9, 6, 4)),
    "involvement.ambulance_trust": by_label(INVOLVEMENT, (5, 11, 47, 35, 11, 5)),
    "involvement.acute_hospital": by_label(INVOLVEMENT, (8, 52, 39, 10, 2, 4)),
    "involvement.primary_care": by_label(INVOLVEMENT, (6, 29, 52, 14, 6, 5)),
    "involvement.mental_health_trust": by_label(INVOLVEMENT, (17, 61, 29, 6, 1, 0)),
    "involvement.other_nhs_provider": by_label(INVOLVEMENT, (4, 14, 10, 6, 49, 4)),
    "involvement.housing_providers": by_label(INVOLVEMENT, (10, 36, 38, 18, 9, 4)),
    "involvement.advocacy": by_label(INVOLVEMENT, (44, 32, 12, 11, 11, 1)),
    "involvement.care_providers": by_label(INVOLVEMENT, (6, 47, 38, 11, 5, 5)),
    "involvement.sab": by_label(INVOLVEMENT, (51, 47, 10, 0, 2, 1)),
    "involvement.ccg": by_label(INVOLVEMENT, (38, 37, 32, 5, 2, 0)),
    "involvement.other": by_label(INVOLVEMENT, (5, 16, 4, 2, 0, 4)),
    "asked_outcomes": {"Yes": 79, "Partly": 32, "No": 4},
    "measuring_difference": {"Yes": 35, "Partly": 62, "No": 18},
    "changed_recording": {"Yes": 98, "No": 17},
    "recording_progress": {
        "Almost there": 18,
        "About halfway there": 3,
        "Just starting": 12,
        "Not yet started": 2,
    },
    "confidence_measuring": {
        "Totally confident": 6,
        "Reasonably confident": 38,
        "Partially confident": 44,
        "Not very confident": 23,
        "We're not measuring it at all": 4,
    },
    "staff_reaction": {
        "Very positively": 57,
        "Fairly positively": 54,
        "Not very positively": 2,
        "Don't know": 1,
        "Too soon to tell": 1,
    },
    "achievement.interviewer": by_label(ACHIEVEMENT, (7, 66, 14, 9, 19, 0)),
    "user_engagement": {
        "Little or no mechanisms": 28,
        "Plans to set up mechanisms": 22,
        "Links with existing user and carer groups": 40,
        "Mature, range of ways to be involved": 25,
    },
    "respondent_role": {
        "Head of safeguarding": 60,
        "Other middle manager": 23,
        "Senior manager": 23,
        "SAB manager": 4,
        "SAB chair": 1,
        "Other": 4,
    },
}
CUTS = re.compile(r"\bcuts?\b|\bresources?\b", re.IGNORECASE)
INVOLVEMENT_BASES = [115, 114, 115, 114, 115, 112, 114, 87, 115, 111, 112, 111, 114, 31]


@pytest.fixture(scope="module")
def councils():
    return read_sample()


@pytest.fixture(scope="module")
def rows(councils):
    return generate(councils, seed=2016)


def counts(rows, column):
    return dict(Counter(row[column] for row in rows if row[column]))


def as_codes(row):
    answers = {}
    for item in INSTRUMENT.items:
        value = row[item.code]
        answers[item.code] = (
            (rules.parse_choice(item.options, value) or "!") if value and item.options else value
        )
    return answers


def test_the_sample_is_the_115_councils_of_appendix_4(councils):
    assert len(councils) == 115
    assert len({code for code, _ in councils}) == 115
    # The councils app's fixture maps every printed name to its council, checked against the resolver.
    with open(APPENDIX_4, encoding="utf-8", newline="") as handle:
        printed = [(row["expected_gss_code"], row["printed_name"]) for row in csv.DictReader(handle)]
    assert councils == printed


@pytest.mark.parametrize("column", sorted(EXPECTED))
def test_counts_match_the_2016_report_exactly(rows, column):
    assert counts(rows, column) == EXPECTED[column]


def test_each_involvement_row_has_its_own_base(rows):
    grid = [item.code for item in INSTRUMENT.items if item.grid_code == "involvement"]
    assert [sum(counts(rows, code).values()) for code in grid] == INVOLVEMENT_BASES


def test_recording_progress_is_asked_of_all_no_and_18_yes(rows):
    answered = [row for row in rows if row["recording_progress"]]
    assert Counter(row["changed_recording"] for row in answered) == {"No": 17, "Yes": 18}
    assert {row["recording_progress"] for row in answered if row["changed_recording"] == "Yes"} == {
        "Almost there"
    }


def test_14_ratings_were_moderated_13_of_them_lowered(rows):
    moderated = [row for row in rows if row["achievement.self"] != row["achievement.interviewer"]]
    lowered = [
        row
        for row in moderated
        if ACHIEVEMENT.index(row["achievement.self"]) < ACHIEVEMENT.index(row["achievement.interviewer"])
    ]
    assert (len(moderated), len(lowered)) == (14, 13)
    assert all(row["moderation_reason"] for row in moderated)
    assert not any(row["moderation_reason"] for row in rows if row not in moderated)


def test_the_road_map_step_follows_the_achievement_rating(rows):
    steps = INSTRUMENT.item("road_map_step").options
    expected = {"A": range(8, 11), "B": range(5, 8), "C": range(4, 7), "D": [3], "E": [2]}
    for row in rows:
        letter = "ABCDEF"[ACHIEVEMENT.index(row["achievement.interviewer"])]
        assert int(rules.parse_choice(steps, row["road_map_step"])) in expected[letter]


def test_every_row_keeps_the_answer_rules(rows):
    for row in rows:
        assert rules.check_answers(INSTRUMENT.items, as_codes(row), complete=True) == [], row["council"]


def test_facts_are_plausible(rows, councils):
    assert [row["council"] for row in rows] == [name for _, name in councils]
    assert all("2016-05-01" <= row["interview_date"] <= "2016-06-30" for row in rows)
    assert len({row["interviewer"] for row in rows}) == 5
    assert counts(rows, "consent_to_attribution") == {"Yes": 46, "No": 69}
    assert list(rows[0]) == INSTRUMENT.column_codes()


def test_fully_implemented_councils_ask_about_outcomes(rows):
    assert {row["asked_outcomes"] for row in rows if row["achievement.interviewer"] == ACHIEVEMENT[0]} == {
        "Yes"
    }


def test_open_answers_have_the_reported_themes(rows):
    meanings = [row["msp_meaning"].lower() for row in rows]
    assert 0.4 <= sum("outcome" in text for text in meanings) / len(rows) <= 0.6
    assert 0.15 <= sum("social work" in text for text in meanings) / len(rows) <= 0.3
    cuts = sum(bool(CUTS.search(row["blockages"])) for row in rows)
    assert 0.2 <= cuts / len(rows) <= 0.3
    assert all(
        row[code] for row in rows for code in ("strengths", "next_steps", "single_thing", "user_voice")
    )
    assert len({row["msp_meaning"] for row in rows}) > 100  # varied, not one stock answer


def test_phrase_banks_keep_their_themes_apart():
    bank = phrases()
    plain = bank["meaning_core"] + bank["meaning_openers"]
    assert not any("outcome" in text.lower() or "social work" in text.lower() for text in plain)
    assert all("outcome" in text.lower() for text in bank["meaning_outcome"])
    assert not any("outcome" in text.lower() for text in bank["meaning_social_work"])
    assert all("social work" in text.lower() for text in bank["meaning_social_work"])
    for name, theme in bank["blockage_themes"].items():
        for text in theme["sentences"]:
            assert bool(CUTS.search(text)) == (name == "staff_resources"), text


def test_the_same_seed_gives_the_same_rows(councils):
    assert generate(councils, seed=7) == generate(councils, seed=7)
    assert generate(councils, seed=7) != generate(councils, seed=8)


def test_any_number_of_councils_keeps_the_reported_proportions():
    rows = generate(synthetic_councils(1000), seed=1)
    assert len(rows) == 1000
    for column, expected in EXPECTED.items():
        total = sum(expected.values())
        got = counts(rows, column)
        for label, count in expected.items():
            # Within one row of the report's share: the rounding is largest-remainder.
            assert abs(got.get(label, 0) - count * 1000 / 115) <= 1, (column, label)
        if column.startswith("involvement."):
            assert abs(sum(got.values()) - total * 1000 / 115) <= 1
    moderated = [row for row in rows if row["achievement.self"] != row["achievement.interviewer"]]
    assert len(moderated) == 122  # 14 of 115
    for row in rows:
        assert rules.check_answers(INSTRUMENT.items, as_codes(row), complete=True) == []


def test_small_waves_work():
    for n in (1, 2, 5):
        assert len(generate(synthetic_councils(n), seed=3)) == n


def test_largest_remainder_keeps_the_total():
    assert largest_remainder({"a": 1, "b": 1, "c": 1}, 10) == {"a": 4, "b": 3, "c": 3}
    assert largest_remainder({"a": 79, "b": 32, "c": 4}, 115) == {"a": 79, "b": 32, "c": 4}
    assert sum(largest_remainder({"a": 7, "b": 66, "c": 14}, 1000).values()) == 1000


def test_rows_write_as_a_csv_with_the_interchange_columns(rows, tmp_path):
    path = tmp_path / "wave.csv"
    write_rows_csv(path, rows, INSTRUMENT.column_codes())
    with open(path, encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert read == rows
