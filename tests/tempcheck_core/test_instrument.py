"""The instrument file: it loads, and a broken file reports every problem with where it is."""

import textwrap

import pytest

from msp.tempcheck.instrument import InstrumentError, build_instrument, instrument_path, read_instrument

INTERCHANGE_CODES = [
    "strategy_fit",
    *[f"engagement.{r}" for r in ("board", "corporate", "senior", "middle", "operational")],
    *[
        f"involvement.{r}"
        for r in (
            "adult_social_care",
            "other_council_departments",
            "police",
            "ambulance_trust",
            "acute_hospital",
            "primary_care",
            "mental_health_trust",
            "other_nhs_provider",
            "housing_providers",
            "advocacy",
            "care_providers",
            "sab",
            "ccg",
            "other",
        )
    ],
    "asked_outcomes",
    "measuring_difference",
    "changed_recording",
    "recording_progress",
    "confidence_measuring",
    "staff_reaction",
    "achievement.self",
    "achievement.interviewer",
    "user_engagement",
    "road_map_step",
    "msp_meaning",
    "strengths",
    "blockages",
    "next_steps",
    "single_thing",
    "programme_wishes",
    "user_voice",
    "moderation_reason",
    "coaching_notes",
]
FACT_CODES = ["council", "interview_date", "interviewer", "respondent_role", "consent_to_attribution"]


def test_the_2016_instrument_uses_exactly_the_interchange_codes():
    instrument = read_instrument(instrument_path("tc2016"))
    assert [f.code for f in instrument.facts] == FACT_CODES
    assert sorted(i.code for i in instrument.items) == sorted(INTERCHANGE_CODES)


def test_the_2016_options_are_as_printed_in_the_report():
    instrument = read_instrument(instrument_path("tc2016"))
    labels = {i.code: [o.label for o in i.options] for i in instrument.items}
    assert labels["user_engagement"] == [
        "Little or no mechanisms",
        "Plans to set up mechanisms",
        "Links with existing user and carer groups",
        "Mature, range of ways to be involved",
    ]
    assert labels["recording_progress"] == [
        "Almost there",
        "About halfway there",
        "Just starting",
        "Not yet started",
    ]
    assert labels["involvement.police"][-1] == "Too soon to say"
    assert labels["staff_reaction"][-1] == "Too soon to tell"
    achievement = instrument.item("achievement.interviewer").options
    assert next((o.letter, o.label) for o in achievement) == ("A", "Fully implemented")
    assert next(o.label for o in instrument.item("road_map_step").options) == "Not yet started"
    assert len(instrument.item("road_map_step").options) == 10


def test_table_7_is_asked_only_after_table_6():
    item = read_instrument(instrument_path("tc2016")).item("recording_progress")
    assert item.condition == {"question": "changed_recording", "answered": True}
    assert item.required is False


def test_grid_rows_carry_the_grid_question():
    item = read_instrument(instrument_path("tc2016")).item("engagement.board")
    assert item.qtype == "grid_row"
    assert item.grid_code == "engagement"
    assert item.text == "Strategic/partnership/board"
    assert item.table == "Table 2"


BROKEN = textwrap.dedent(
    """
    code: broken
    title: A broken instrument
    option_sets:
      yn:
        - {code: y, label: "Yes"}
        - {code: y, label: "Yes"}
    sections:
      - code: one
        title: One
        questions:
          - {code: q1, type: single_choice, text: First, options: yn}
          - {code: q1, type: open_text, text: Again}
          - {code: q2, type: single_choice, text: No options}
          - {code: q3, type: single_choice, text: Bad set, options: nosuchset}
          - {code: q4, type: open_text, text: Conditional, condition: {question: nowhere, answered: true}}
          - {code: q5, type: open_text, text: Bad option in condition, condition: {question: q1, in: [maybe]}}
          - {code: q6, type: slider, text: Unknown type}
          - code: g
            type: grid
            text: A grid
            options: yn
            rows: [{code: a, label: A}, {code: a, label: A again}]
    """
)


def test_a_broken_instrument_reports_every_problem_with_its_location():
    with pytest.raises(InstrumentError) as caught:
        build_instrument(BROKEN, where="broken.yaml")
    problems = caught.value.problems
    expected = [
        "broken.yaml, option set 'yn', option 2: duplicate option code 'y'",
        "broken.yaml, section 'one', question 2 ('q1'): duplicate code 'q1' (first defined at broken.yaml,"
        " section 'one', question 1 ('q1'))",
        "broken.yaml, section 'one', question 3 ('q2'): a closed question needs a list of options",
        "broken.yaml, section 'one', question 4 ('q3'): options name an unknown option set 'nosuchset'",
        "broken.yaml, section 'one', question 5 ('q4'): condition names an unknown question 'nowhere'",
        "broken.yaml, section 'one', question 6 ('q5'): condition names an unknown option 'maybe' of 'q1'",
        "broken.yaml, section 'one', question 7 ('q6'): type 'slider' is not one of grid, open_text, rating,"
        " single_choice",
        "broken.yaml, section 'one', question 8 ('g'), row 2: duplicate code 'g.a'"
        " (first defined at broken.yaml, section 'one', question 8 ('g'), row 1)",
    ]
    for line in expected:
        assert line in problems
    assert len(problems) == len(expected) + 1  # the duplicate label of the option set too


def test_invalid_yaml_is_reported_not_raised_raw():
    with pytest.raises(InstrumentError) as caught:
        build_instrument("code: [unclosed", where="bad.yaml")
    assert caught.value.problems[0].startswith("bad.yaml: not valid YAML")
