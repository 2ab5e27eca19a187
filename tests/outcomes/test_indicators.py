"""The MSP outcome indicators: the definitions file is checked, each kind of indicator counts what it says,
quarters add up to the year, and the indicators that share the return's definitions agree with it."""

from __future__ import annotations

import datetime

import pytest

from msp.cases.models import EnquiryInvolvement, Feedback
from msp.outcomes import indicators, sac
from msp.outcomes.indicators import IndicatorError, build
from tests.outcomes.conftest import make_case, make_person, uk

YEAR = "2023-24"


def figures(council, period=YEAR):
    return indicators.compute(YEAR, [council])[council][period]


def test_every_indicator_in_the_file_is_defined_once_and_counted():
    codes = [i.code for i in indicators.all_indicators()]
    assert len(codes) == len(set(codes)) >= 30
    for required in (
        "asked_outcomes",
        "asked_and_expressed",
        "outcomes_fully_achieved",
        "feels_safer_person_at_closure",
        "feels_safer_representative_independent",
        "spoken_within_24_hours",
        "involved_advocate",
        "lacking_capacity_supported",
        "conversion_rate",
        "no_enquiry_outcome_recorded",
        "repeat_concerns",
        "decided_in_time",
        "risk_reduced_or_removed",
    ):
        assert required in codes


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"code": "a", "name": "A", "records": "concerns", "scope": "national"}, "missing numerator"),
        (
            {"code": "a", "name": "A", "records": "people", "numerator": {}, "scope": "national"},
            "records must be one of",
        ),
        (
            {
                "code": "a",
                "name": "A",
                "records": "concerns",
                "numerator": {"colour": ["red"]},
                "scope": "local",
            },
            "'colour' is not a column of concerns",
        ),
        (
            {
                "code": "a",
                "name": "A",
                "records": "concerns",
                "numerator": {"repeat": "yes"},
                "scope": "local",
            },
            "give a list of quoted values",
        ),
        (
            {
                "code": "a",
                "name": "A",
                "records": "concerns",
                "numerator": {"repeat": [True]},
                "scope": "local",
            },
            "give a list of quoted values",
        ),
        (
            {"code": "a", "name": "A", "records": "concerns", "numerator": {}, "scope": "regional"},
            "scope must be national or local",
        ),
    ],
)
def test_a_malformed_definition_is_refused_with_its_place(spec, message):
    with pytest.raises(IndicatorError, match=message) as caught:
        build({"indicators": [spec]})
    assert "indicator 1 (a)" in str(caught.value)


def test_two_indicators_may_not_share_a_code():
    spec = {"code": "a", "name": "A", "records": "concerns", "numerator": {}, "scope": "local"}
    with pytest.raises(IndicatorError, match="used twice"):
        build({"indicators": [spec, spec]})


def test_concern_indicators_count_concerns_received_in_the_period(council):
    person = make_person(council)
    # Q1: decided within 48 hours, no enquiry; Q2: a repeat, decided late, Section 42; Q4: undecided.
    make_case(council, person, uk(2023, 5, 1, 9), decision="none")
    late = make_case(council, person, uk(2023, 8, 1, 9), decision="s42", started=uk(2023, 8, 9, 9))
    late.is_repeat = True
    late.save()
    make_case(council, person, uk(2024, 3, 30, 9))
    year = figures(council)
    assert (year["conversion_rate"].numerator, year["conversion_rate"].denominator) == (1, 3)
    assert (year["repeat_concerns"].numerator, year["repeat_concerns"].denominator) == (1, 3)
    assert (year["decided_in_time"].numerator, year["decided_in_time"].denominator) == (1, 2)
    assert (
        year["no_enquiry_outcome_recorded"].numerator,
        year["no_enquiry_outcome_recorded"].denominator,
    ) == (1, 1)
    assert (year["no_enquiry_no_further_action"].numerator, year["no_enquiry_info_advice"].numerator) == (
        1,
        0,
    )
    q2 = figures(council, "2023-24 Q2")
    assert (q2["decided_in_time"].numerator, q2["decided_in_time"].denominator) == (0, 1)
    assert sac.format_value(year["conversion_rate"].percent) == "33.3"


def test_enquiry_indicators_count_enquiries_concluded_in_the_period(council):
    person = make_person(council)
    spoken = make_case(
        council,
        person,
        uk(2023, 6, 1, 9),
        decision="s42",
        closed=uk(2023, 7, 1),
        capacity="lacked",
        support="advocate",
    )
    spoken.enquiry.first_contact_at = uk(2023, 6, 2, 9)  # exactly 24 hours later: within
    spoken.enquiry.save()
    EnquiryInvolvement.objects.create(council=council, enquiry=spoken.enquiry, method="advocate")
    late = make_case(council, person, uk(2023, 6, 1, 9), decision="other", closed=uk(2023, 7, 1))
    late.enquiry.first_contact_at = uk(2023, 6, 2, 9, 1)
    late.enquiry.save()
    make_case(council, person, uk(2023, 6, 1, 9), decision="s42", closed=uk(2024, 4, 1, 0, 0))  # next year
    year = figures(council)
    assert (year["spoken_within_24_hours"].numerator, year["spoken_within_24_hours"].denominator) == (1, 2)
    assert (year["involved_advocate"].numerator, year["involved_advocate"].denominator) == (1, 2)
    assert (year["lacking_capacity_supported"].numerator, year["lacking_capacity_supported"].denominator) == (
        1,
        1,
    )


def test_feedback_is_counted_by_who_answered_and_how_it_was_asked(council):
    person = make_person(council)
    concern = make_case(council, person, uk(2023, 6, 1, 9), decision="s42", closed=uk(2023, 7, 1))
    answers = dict.fromkeys(
        ("listened_to", "treated_with_respect", "kept_informed", "made_difference"), "yes"
    )
    Feedback.objects.create(
        council=council,
        enquiry=concern.enquiry,
        respondent="person",
        method="at_closure",
        feels_safer="partly",
        answered_on=datetime.date(2023, 7, 1),
        **answers,
    )
    Feedback.objects.create(
        council=council,
        enquiry=concern.enquiry,
        respondent="representative",
        method="independent",
        feels_safer="not_asked",
        answered_on=datetime.date(2023, 8, 1),
        **answers,
    )
    year = figures(council)
    assert (
        year["feels_safer_person_at_closure"].numerator,
        year["feels_safer_person_at_closure"].denominator,
    ) == (0, 1)
    assert year["feels_safer_representative_independent"].denominator == 0  # not asked: not in the base
    assert year["feels_safer_representative_independent"].percent is None
    assert (
        year["listened_to_representative_independent"].numerator,
        year["listened_to_person_independent"].denominator,
    ) == (
        1,
        0,
    )


def test_quarters_add_up_to_the_year_and_shared_definitions_agree_with_the_return(varied_dataset):
    year = YEAR
    for council in varied_dataset:
        results = indicators.compute(year, [council])[council]
        cells = sac.compute(year, [council])[council].cells
        quarters = [p for p in results if p != year]
        for code, figure in results[year].items():
            assert figure.numerator == sum(results[q][code].numerator for q in quarters), code
            assert figure.denominator == sum(results[q][code].denominator for q in quarters), code
        ind = results[year]
        assert (ind["asked_and_expressed"].numerator, ind["asked_and_expressed"].denominator) == (
            cells["SG4a", "asked_expressed", "enquiries"],
            cells["SG4a", "Total", "enquiries"],
        )
        assert ind["outcomes_fully_achieved"].denominator == cells["SG4a", "Total", "achieved"]
        assert ind["outcomes_partially_achieved"].numerator == cells["SG4a", "partially", "achieved"]
        assert (
            ind["lacking_capacity_supported"].numerator,
            ind["lacking_capacity_supported"].denominator,
        ) == (
            cells["SG3a", "yes", "supported"],
            cells["SG3a", "yes", "enquiries"],
        )
        assert ind["risk_reduced_or_removed"].denominator == cells["SG2e", "Total", "enquiries"]
        assert ind["conversion_rate"].denominator == cells["SG1f", "concerns", "cases"]


def test_the_documentation_lists_every_indicator_as_defined():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert indicators.indicator_reference() in doc, "Regenerate the table from indicator_reference()"
