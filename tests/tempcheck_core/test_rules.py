"""Answer rules shared by capture and import: parsing labels, conditions, required answers, moderation."""

import pytest

from msp.tempcheck.instrument import instrument_path, read_instrument
from msp.tempcheck.rules import check_answers, is_moderated, normalise_label, parse_choice

INSTRUMENT = read_instrument(instrument_path("tc2016"))


def options(code):
    return INSTRUMENT.item(code).options


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("It isn't in the strategy", "not_in_strategy"),
        ("  it ISN\u2019T in the   strategy ", "not_in_strategy"),
        ("not_in_strategy", "not_in_strategy"),
        ("It is not in the strategy", None),
        ("", None),
    ],
)
def test_labels_match_ignoring_case_spaces_and_apostrophes(raw, expected):
    assert parse_choice(options("strategy_fit"), raw) == expected


@pytest.mark.parametrize(
    "raw", ["A", "a", "A) Fully implemented", "a) fully implemented", "Fully implemented", "A"]
)
def test_achievement_accepts_letter_label_or_both(raw):
    assert parse_choice(options("achievement.interviewer"), raw) == "A"


def test_a_letter_with_the_wrong_label_is_refused():
    assert parse_choice(options("achievement.interviewer"), "A) Roll out currently stalled") is None


def test_normalise_label_folds_curly_quotes():
    assert normalise_label("Don\u2019t  know ") == "don't know"


def complete_answers(**overrides):
    answers = {item.code: item.options[0].code for item in INSTRUMENT.items if item.is_closed}
    answers.pop("recording_progress")
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def test_complete_answers_break_no_rule():
    assert check_answers(INSTRUMENT.items, complete_answers(), complete=True) == []


def test_a_missing_required_answer_is_reported_only_when_complete():
    answers = complete_answers(asked_outcomes=None)
    assert [p.rule for p in check_answers(INSTRUMENT.items, answers, complete=True)] == ["required"]
    assert check_answers(INSTRUMENT.items, answers, complete=False) == []


def test_table_7_answered_without_table_6_is_not_asked():
    answers = complete_answers(changed_recording=None, recording_progress="just_starting")
    problems = check_answers(INSTRUMENT.items, answers, complete=False)
    assert [(p.question, p.rule) for p in problems] == [("recording_progress", "not_asked")]


def test_differing_ratings_need_a_moderation_reason():
    answers = complete_answers(**{"achievement.self": "A", "achievement.interviewer": "B"})
    problems = check_answers(INSTRUMENT.items, answers, complete=False)
    assert [p.rule for p in problems] == ["moderation_reason_required"]
    assert is_moderated(answers)
    answers["moderation_reason"] = "Roll-out has not reached partner agencies yet."
    assert check_answers(INSTRUMENT.items, answers, complete=True) == []
