"""How the capture pages word, group and grade an interview: plain functions, no database."""

from msp.tempcheck.forms import field_anchor, problem_message
from msp.tempcheck.instrument import instrument_path, read_instrument
from msp.tempcheck.rules import Problem, check_answers
from msp.tempcheck.selectors import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    details_status,
    group_sections,
    option_text,
    section_status,
    summary_blocks,
)
from tests.tempcheck_capture.conftest import COMPLETE_ANSWERS

ITEMS = read_instrument(instrument_path("tc2016")).items
BY_CODE = {item.code: item for item in ITEMS}
SECTIONS = {section.code: section for section in group_sections(ITEMS)}


def status(section, answers):
    return section_status(SECTIONS[section], answers, check_answers(ITEMS, answers, complete=True))


def test_sections_come_in_interview_order_with_their_titles():
    assert [(s.code, s.title) for s in SECTIONS.values()] == [
        ("meaning", "What MSP means"),
        ("commitment", "Organisational commitment"),
        ("outcomes", "Measuring outcomes"),
        ("impact", "Impact"),
        ("coaching", "Coaching"),
        ("rating", "Rating of progress"),
    ]


def test_a_section_is_not_started_until_something_is_answered():
    assert status("commitment", {}) == NOT_STARTED


def test_a_section_with_a_required_gap_is_in_progress():
    assert status("commitment", {"strategy_fit": "main"}) == IN_PROGRESS


def test_a_section_with_every_required_answer_and_no_broken_rule_is_completed():
    assert status("commitment", COMPLETE_ANSWERS) == COMPLETED
    assert status("rating", COMPLETE_ANSWERS) == COMPLETED


def test_a_broken_rule_keeps_a_section_in_progress():
    assert status("rating", {**COMPLETE_ANSWERS, "moderation_reason": ""}) == IN_PROGRESS


def test_details_are_completed_only_when_every_fact_is_given():
    assert details_status({"interview_date": None, "interviewer_name": ""}) == NOT_STARTED
    assert details_status({"interview_date": None, "interviewer_name": "Robin"}) == IN_PROGRESS
    assert details_status({"consent_to_attribution": False, "interviewer_name": "Robin"}) == COMPLETED


def test_options_are_shown_with_their_letter_or_step_number():
    assert option_text(BY_CODE["achievement.self"], "A") == "A) Fully implemented"
    assert option_text(BY_CODE["road_map_step"], "1") == "1. Not yet started"
    assert option_text(BY_CODE["strategy_fit"], "main") == "One of our main strategic objectives"


def test_the_summary_groups_a_grid_under_its_question():
    blocks = summary_blocks(SECTIONS["commitment"].items, {"engagement.board": "very_well"})
    assert [(b.heading[:20], len(b.rows)) for b in blocks] == [
        ("", 1),
        ("How well is MSP enga", 5),
        ("How involved have th", 14),
    ]
    assert (blocks[1].rows[0].key, blocks[1].rows[0].value) == ("Strategic/partnership/board", "Very well")
    assert blocks[1].rows[1].value == "Not answered"


def test_the_summary_says_when_a_conditional_question_was_not_asked():
    [block] = summary_blocks(SECTIONS["outcomes"].items, {})
    assert {r.code: r.value for r in block.rows}["recording_progress"] == "Not asked"


def test_problems_are_worded_for_people():
    assert problem_message(Problem("involvement.police", "required", ""), BY_CODE) == (
        "Select an answer for ‘Police’"
    )
    assert (
        problem_message(Problem("interview_date", "required", ""), BY_CODE)
        == "Enter the date of the interview"
    )
    assert problem_message(Problem("moderation_reason", "moderation_reason_required", ""), BY_CODE) == (
        "Enter why the interviewer's rating differs from the respondent's"
    )


def test_links_go_to_the_first_input_of_each_field():
    assert field_anchor("interview_date", BY_CODE) == "id_interview_date_day"
    assert field_anchor("engagement.board", BY_CODE) == "id_engagement__board_0"
    assert field_anchor("moderation_reason", BY_CODE) == "id_moderation_reason"
