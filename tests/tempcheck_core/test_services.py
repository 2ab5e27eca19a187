"""Publishing instruments and saving interviews: versions are never edited, stale saves are refused."""

import datetime

import pytest

from msp.core.stale import StaleEditError
from msp.councils.models import Council, Region
from msp.tempcheck.instrument import InstrumentError, build_instrument, instrument_path, read_instrument
from msp.tempcheck.models import Answer, InstrumentVersion, Interview, Question, Wave
from msp.tempcheck.services import (
    IncompleteInterviewError,
    instrument_publish,
    interview_answers,
    interview_save,
    interview_submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(db):
    region, _ = Region.objects.get_or_create(gss_code="E12000099", defaults={"name": "Test region"})
    return Council.objects.create(
        gss_code="E06999999",
        name="Testshire Council",
        short_name="Testshire",
        council_type="Unitary authority",
        region=region,
    )


@pytest.fixture
def interview(council):
    return Interview.objects.create(wave=Wave.objects.get(code="2016"), council=council)


def test_the_2016_instrument_and_wave_are_there_after_migrate():
    wave = Wave.objects.get(code="2016")
    assert wave.instrument.code == "tc2016"
    assert wave.baseline.code == "2014-15"
    assert wave.instrument.questions.count() == 39
    assert wave.baseline.baseline_figures.get(option_code="too_soon").percent == 23


def test_publishing_the_same_version_again_changes_nothing():
    version = instrument_publish(read_instrument(instrument_path("tc2016")))
    assert version == InstrumentVersion.objects.get(code="tc2016")
    assert Question.objects.filter(instrument=version).count() == 39


def test_a_published_version_is_never_edited():
    source = (
        instrument_path("tc2016").read_text().replace("What does Making", "What, in your words, does Making")
    )
    with pytest.raises(InstrumentError, match="never edited"):
        instrument_publish(build_instrument(source))
    assert "in your words" not in Question.objects.get(instrument__code="tc2016", code="msp_meaning").text


def test_a_new_version_gets_its_own_questions():
    # tc2099: tc2017 is taken (published by a migration).
    source = instrument_path("tc2016").read_text().replace("code: tc2016", "code: tc2099", 1)
    before = Question.objects.filter(code="strategy_fit").count()
    version = instrument_publish(build_instrument(source))
    assert version.questions.count() == 39
    assert Question.objects.filter(code="strategy_fit").count() == before + 1


def test_saving_answers_ties_them_to_the_version_answered(interview):
    interview_save(
        interview=interview, answers={"strategy_fit": "main", "msp_meaning": "Asking people first."}
    )
    answer = Answer.objects.get(interview=interview, question__code="strategy_fit")
    assert answer.question.instrument.code == "tc2016"
    assert interview_answers(interview) == {"strategy_fit": "main", "msp_meaning": "Asking people first."}


def test_a_blank_answer_removes_the_previous_one(interview):
    interview_save(interview=interview, answers={"strategy_fit": "main"})
    interview_save(interview=interview, answers={"strategy_fit": ""})
    assert interview_answers(interview) == {}


def test_a_stale_save_is_refused_and_keeps_the_newer_change(interview):
    opened_at = interview.revision
    interview_save(
        interview=Interview.objects.get(pk=interview.pk),
        answers={"strategy_fit": "main"},
        expected_revision=opened_at,
    )
    with pytest.raises(StaleEditError):
        interview_save(
            interview=Interview.objects.get(pk=interview.pk),
            answers={"strategy_fit": "other"},
            expected_revision=opened_at,
        )
    assert interview_answers(interview) == {"strategy_fit": "main"}


def test_submit_is_refused_while_answers_are_missing(interview):
    interview_save(
        interview=interview,
        answers={"strategy_fit": "main"},
        facts={
            "interview_date": datetime.date(2016, 5, 3),
            "interviewer_name": "Pat Interviewer",
            "respondent_role": "head_of_safeguarding",
            "consent_to_attribution": True,
        },
    )
    with pytest.raises(IncompleteInterviewError) as caught:
        interview_submit(interview=interview)
    assert {p.question for p in caught.value.problems} >= {"asked_outcomes", "engagement.board"}
    assert Interview.objects.get(pk=interview.pk).status == Interview.Status.DRAFT


def test_a_complete_interview_submits(interview):
    items = read_instrument(instrument_path("tc2016")).items
    answers = {i.code: i.options[0].code for i in items if i.is_closed and i.code != "recording_progress"}
    interview_save(
        interview=interview,
        answers=answers,
        facts={
            "interview_date": datetime.date(2016, 5, 3),
            "interviewer_name": "Pat Interviewer",
            "respondent_role": "head_of_safeguarding",
            "consent_to_attribution": False,
        },
    )
    interview_submit(interview=interview)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SUBMITTED
    assert interview.submitted_at is not None


def test_saving_a_section_again_keeps_unchanged_answers_and_audits_only_what_changed(interview):
    from msp.accounts.models import AuditEvent

    interview_save(
        interview=interview, answers={"strategy_fit": "main", "msp_meaning": "Asking people first."}
    )
    kept = Answer.objects.get(interview=interview, question__code="msp_meaning").pk
    interview_save(
        interview=interview, answers={"strategy_fit": "other", "msp_meaning": "Asking people first."}
    )

    assert Answer.objects.get(interview=interview, question__code="msp_meaning").pk == kept
    assert interview_answers(interview)["strategy_fit"] == "other"
    assert AuditEvent.objects.order_by("pk").last().changes == {"changed": ["strategy_fit"]}
