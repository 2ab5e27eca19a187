"""Pure rules without a database: NHS numbers, names, 24 hours, the derived asked answer, repeats, prompts."""

import datetime

import pytest

from msp.cases.rules import (
    ClosureFacts,
    PromptSettings,
    asked_about_outcomes,
    closure_prompts,
    decision_problems,
    is_repeat,
    names_similar,
    nhs_number_is_valid,
    normalise_nhs_number,
    spoken_within_24_hours,
)

T0 = datetime.datetime(2017, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9999999999"])
def test_valid_nhs_numbers_pass_the_modulus_11_check(number):
    assert nhs_number_is_valid(number)


@pytest.mark.parametrize("number", ["9434765918", "943476591", "94347659190", "94347659l9", "", "1000000010"])
def test_invalid_nhs_numbers_fail(number):
    assert not nhs_number_is_valid(number)


def test_a_check_digit_of_ten_is_never_valid():
    # 1, 0, 0, 0, 0, 0, 0, 0, 1 -> 10 + 2 = 12; 11 - (12 % 11) = 10: no valid number starts like this
    assert not any(nhs_number_is_valid(f"100000001{d}") for d in range(10))


def test_nhs_numbers_are_stored_without_spaces_or_dashes():
    assert normalise_nhs_number(" 943 476-5919 ") == "9434765919"


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        (("Marnie", "Quillfeather"), ("Marny", "Quilfeather"), True),
        (("Jon", "O'Brien"), ("Jonathan", "OBrien"), True),
        (("Zoë", "Håkansson"), ("Zoe", "Hakansson"), True),
        (("Marnie", "Quillfeather"), ("Tobias", "Quillfeather"), False),
        (("Marnie", "Quillfeather"), ("Marnie", "Ashdown"), False),
    ],
)
def test_names_similar_enough_to_ask(a, b, similar):
    assert names_similar(*a, *b) is similar


def test_spoken_to_within_24_hours_is_derived_from_received_and_first_contact():
    assert spoken_within_24_hours(T0, T0 + datetime.timedelta(hours=24)) is True
    assert spoken_within_24_hours(T0, T0 + datetime.timedelta(hours=24, minutes=1)) is False
    assert spoken_within_24_hours(T0, None) is None


@pytest.mark.parametrize(
    ("asked", "expressed", "answer"),
    [
        ("asked", 2, "asked_expressed"),
        ("", 1, "asked_expressed"),  # outcomes on the record mean they were asked
        ("asked", 0, "asked_none"),
        ("declined", 0, "asked_none"),
        ("not_asked", 0, "not_asked"),
        ("unknown", 0, "dont_know"),
        ("", 0, "not_recorded"),
    ],
)
def test_the_asked_about_outcomes_answer_is_derived(asked, expressed, answer):
    assert asked_about_outcomes(asked, expressed) == answer


@pytest.mark.parametrize(
    ("asked", "expressed", "answer"),
    [
        ("", 2, "not_recorded"),  # the referrer's view of what the person wants: nobody asked the person
        ("", 0, "not_recorded"),
        ("asked", 2, "asked_expressed"),  # staff later recorded that the person was asked
        ("asked", 0, "asked_none"),
        ("declined", 2, "asked_none"),
        ("not_asked", 2, "not_asked"),
        ("unknown", 1, "dont_know"),
    ],
)
def test_outcomes_said_only_by_the_referrer_do_not_count_as_the_person_asked(asked, expressed, answer):
    assert asked_about_outcomes(asked, expressed, said_by="referrer") == answer


@pytest.mark.parametrize("said_by", ["person", "representative", ""])
def test_outcomes_said_by_the_person_or_for_them_count_as_asked_and_expressed(said_by):
    assert asked_about_outcomes("", 1, said_by=said_by) == "asked_expressed"


def test_repeat_means_another_concern_in_the_12_months_before():
    assert is_repeat(T0, [T0 - datetime.timedelta(days=364)])
    assert not is_repeat(T0, [T0 - datetime.timedelta(days=366)])
    assert not is_repeat(
        T0, [T0 + datetime.timedelta(days=1)]
    )  # a later concern does not make this one a repeat
    assert not is_repeat(T0, [])


def test_s42_needs_all_three_criteria_and_all_three_means_s42():
    base = {"no_enquiry_outcome": "", "reason": "x"}
    assert "decision" in decision_problems(
        decision="s42", criterion_a=True, criterion_b=False, criterion_c=True, **base
    )
    assert "decision" in decision_problems(
        decision="other", criterion_a=True, criterion_b=True, criterion_c=True, **base
    )
    assert (
        decision_problems(decision="s42", criterion_a=True, criterion_b=True, criterion_c=True, **base) == {}
    )
    assert "criterion_b" in decision_problems(
        decision="s42", criterion_a=True, criterion_b=None, criterion_c=True, **base
    )


FACTS = ClosureFacts(
    asked_answer="asked_expressed",
    unrated_outcomes=[],
    first_contact_at=T0,
    capacity="lacked",
    capacity_support="advocate",
    risk_result="identified_action",
    risk_outcome="reduced",
)


def test_a_complete_record_meets_every_prompt():
    assert closure_prompts(FACTS, PromptSettings(require_first_contact=True)) == []


def test_each_prompt_names_what_is_missing():
    facts = ClosureFacts(
        asked_answer="not_recorded",
        unrated_outcomes=[(7, "Stay at home")],
        first_contact_at=None,
        capacity="lacked",
        capacity_support="",
        risk_result="identified_action",
        risk_outcome="",
    )
    codes = [p.code for p in closure_prompts(facts, PromptSettings(require_first_contact=True))]
    assert codes == [
        "outcomes_not_asked",
        "outcome_unrated",
        "no_first_contact",
        "capacity_support_missing",
        "no_risk_outcome",
    ]


def test_prompts_the_council_switched_off_are_not_asked():
    facts = ClosureFacts(
        asked_answer="not_asked",
        unrated_outcomes=[(1, "x")],
        first_contact_at=None,
        capacity="",
        capacity_support="",
        risk_result="",
        risk_outcome="",
    )
    off = PromptSettings(
        require_outcomes_asked=False,
        require_outcomes_rated=False,
        require_capacity=False,
        require_risk_result=False,
    )
    assert closure_prompts(facts, off) == []
