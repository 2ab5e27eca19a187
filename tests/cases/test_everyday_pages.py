"""The everyday edges of case pages: times as people type them, decision errors in words, follow-up questions
revealed by the answer they follow, a banner after each save, closure prompts that link to their fix, and the
service that closes an enquiry with its feedback."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases import services
from msp.cases.forms import TIME_ERROR, ConcernForm, ContactForm, DecisionForm, FeedbackForm, parse_time
from msp.cases.models import Concern, Enquiry, Feedback
from msp.cases.rules import decision_problems
from tests.cases.conftest import make_enquiry

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# --- Times -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "clock"),
    [
        ("9.30am", (9, 30)),
        ("9:30", (9, 30)),
        ("09.30", (9, 30)),
        ("9.30 pm", (21, 30)),
        ("21:30", (21, 30)),
        ("9:30 P.M.", (21, 30)),
        ("9am", (9, 0)),
        ("12pm", (12, 0)),
        ("12.15am", (0, 15)),
        (" 14:05 ", (14, 5)),
        ("0:00", (0, 0)),
    ],
)
def test_a_time_is_read_as_people_type_it(typed, clock):
    assert parse_time(typed) == datetime.time(*clock)


@pytest.mark.parametrize("typed", ["9", "25:00", "9:75", "13.30pm", "0am", "half nine", "9:3", "930"])
def test_what_is_not_a_time_is_refused(typed):
    assert parse_time(typed) is None


def _contact(time_text: str, day: datetime.date | None = None) -> ContactForm:
    day = day or timezone.localdate()
    return ContactForm(
        {
            "revision": "1",
            "first_contact_on_day": str(day.day),
            "first_contact_on_month": str(day.month),
            "first_contact_on_year": str(day.year),
            "first_contact_time": time_text,
            "capacity": "had",
        }
    )


def test_a_twelve_hour_time_is_kept_as_the_24_hour_clock():
    form = _contact("9.30 pm", datetime.date(2026, 3, 2))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["first_contact_time"] == "21:30"
    assert timezone.localtime(form.cleaned_data["first_contact_at"]).time() == datetime.time(21, 30)


def test_a_time_that_is_not_one_gives_one_clear_error_not_two():
    form = _contact("9.75am")
    assert not form.is_valid()
    assert form.errors == {"first_contact_time": [TIME_ERROR]}


def test_a_missing_time_still_asks_for_it():
    form = _contact("")
    assert not form.is_valid()
    assert form.errors == {"first_contact_time": ["Enter the time of first contact"]}


def test_the_contact_page_saves_a_time_typed_with_am(client, cast, practitioner):
    enquiry = cast["enquiry"]
    # Received two days ago, so that a minute past midnight yesterday is after it whatever the time now.
    earlier = timezone.now() - datetime.timedelta(days=2)
    Concern.objects.filter(pk=enquiry.concern_id).update(received_at=earlier, decided_at=earlier)
    client.force_login(practitioner)
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk}),
        {
            "revision": str(enquiry.revision),
            "first_contact_on_day": str(day.day),
            "first_contact_on_month": str(day.month),
            "first_contact_on_year": str(day.year),
            "first_contact_time": "12.01am",
            "capacity": "had",
        },
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    first = timezone.localtime(enquiry.first_contact_at)
    assert (first.date(), first.time()) == (day, datetime.time(0, 1))


def test_the_contact_page_shows_one_error_for_a_time_it_cannot_read(client, cast, practitioner):
    enquiry = cast["enquiry"]
    # Received two days ago, so that a minute past midnight yesterday is after it whatever the time now.
    earlier = timezone.now() - datetime.timedelta(days=2)
    Concern.objects.filter(pk=enquiry.concern_id).update(received_at=earlier, decided_at=earlier)
    client.force_login(practitioner)
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk}),
        {
            "revision": str(enquiry.revision),
            "first_contact_on_day": str(day.day),
            "first_contact_on_month": str(day.month),
            "first_contact_on_year": str(day.year),
            "first_contact_time": "nine-ish",
        },
    )
    text = _text(response)
    assert text.count(f">{TIME_ERROR}</a>") == 1  # once in the summary
    assert "Enter the time of first contact" not in text
    assert 'value="nine-ish"' in text


# --- Decisions -------------------------------------------------------------------------------------------


def test_decision_errors_name_each_criterion_in_words(client, cast, manager):
    concern = cast["concern"]
    client.force_login(manager)
    response = client.post(
        reverse("cases:concern_decide", kwargs={"pk": concern.pk}),
        {"decision-revision": str(concern.revision), "decision-decision": "s42"},
    )
    text = _text(response)
    for letter, words in (
        ("a", "Say whether the person has care and support needs"),
        ("b", "Say whether the person is experiencing, or at risk of, abuse or neglect"),
        ("c", "Say whether, because of those needs, the person is unable to protect themselves"),
    ):
        assert f'href="#id_decision-criterion_{letter}_0">{words}</a>' in text
    assert "(a) is met" not in text


def test_the_decision_rules_name_each_criterion_in_words():
    problems = decision_problems(
        decision="s42", criterion_a=None, criterion_b=True, criterion_c=None, no_enquiry_outcome="", reason=""
    )
    assert problems == {
        "criterion_a": "Say whether the person has care and support needs",
        "criterion_c": "Say whether, because of those needs, the person is unable to protect themselves",
    }


def _decision(data: dict) -> DecisionForm:
    from msp.accounts.models import User

    return DecisionForm(
        {"decision-revision": "1", **{f"decision-{k}": v for k, v in data.items()}},
        prefix="decision",
        staff=User.objects.none(),
    )


def test_only_the_chosen_decisions_follow_ups_count():
    form = _decision(
        {
            "criterion_a": "yes",
            "criterion_b": "yes",
            "criterion_c": "no",
            "decision": "other",
            "reason_other": "Worried about the pattern of falls",
            "reason_none": "Typed before changing my mind",
            "no_enquiry_outcome": "signposted",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reason"] == "Worried about the pattern of falls"
    assert form.cleaned_data["no_enquiry_outcome"] == ""


def test_the_decision_page_reveals_each_decisions_follow_ups_under_it(client, cast, manager):
    client.force_login(manager)
    text = _text(client.get(reverse("cases:concern", kwargs={"pk": cast["concern"].pk})))
    assert 'data-module="govuk-radios"' in text
    assert 'data-aria-controls="conditional-id_decision-decision_2"' in text
    none_box = text.split('id="conditional-id_decision-decision_2"')[1].split('name="decision-lead_worker"')[
        0
    ]
    assert 'class="govuk-radios__conditional govuk-radios__conditional--hidden"' in text
    assert 'name="decision-no_enquiry_outcome"' in none_box and 'name="decision-reason_none"' in none_box
    # Each follow-up is on the page once: inside its reveal, not again on its own.
    assert text.count('name="decision-no_enquiry_outcome" type="radio" value="signposted"') == 1
    assert text.count('name="decision-reason_other"') == 1


def test_a_chosen_answer_shows_its_follow_ups_open_after_an_error(client, cast, manager):
    concern = cast["concern"]
    client.force_login(manager)
    response = client.post(
        reverse("cases:concern_decide", kwargs={"pk": concern.pk}),
        {"decision-revision": str(concern.revision), "decision-decision": "none"},
    )
    text = _text(response)
    assert '<div class="govuk-radios__conditional" id="conditional-id_decision-decision_2">' in text
    assert 'id="conditional-id_decision-decision_1" ' not in text
    hidden = "govuk-radios__conditional govuk-radios__conditional--hidden"
    assert f'<div class="{hidden}" id="conditional-id_decision-decision_1">' in text


def test_a_no_enquiry_reason_error_is_at_its_own_box(client, cast, manager):
    concern = cast["concern"]
    client.force_login(manager)
    response = client.post(
        reverse("cases:concern_decide", kwargs={"pk": concern.pk}),
        {
            "decision-revision": str(concern.revision),
            "decision-criterion_a": "yes",
            "decision-criterion_b": "no",
            "decision-criterion_c": "no",
            "decision-decision": "none",
            "decision-no_enquiry_outcome": "info_advice",
            "decision-reason_other": "Not this one",
        },
    )
    text = _text(response)
    assert 'href="#id_decision-reason_none">Say why there is no enquiry</a>' in text
    assert 'id="id_decision-reason_none-error"' in text
    assert Concern.objects.get(pk=concern.pk).decision == ""


def test_capacity_support_and_the_risk_outcome_are_revealed_by_their_answers(client, cast, practitioner):
    enquiry = cast["enquiry"]
    client.force_login(practitioner)
    contact = _text(client.get(reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk})))
    assert 'value="lacked" data-aria-controls="conditional-id_capacity_0"' in contact
    box = contact.split('id="conditional-id_capacity_0"')[1]
    assert box.index('name="capacity_support"') < box.index('value="had"')
    risk = _text(client.get(reverse("cases:enquiry_risk", kwargs={"pk": enquiry.pk})))
    box = risk.split('id="conditional-id_risk_result_0"')[1]
    assert box.index('name="risk_outcome"') < box.index('value="identified_no_action"')


def test_a_support_answer_left_behind_by_a_changed_capacity_answer_is_not_kept(client, cast, practitioner):
    enquiry = cast["enquiry"]
    client.force_login(practitioner)
    response = client.post(
        reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk}),
        {"revision": str(enquiry.revision), "capacity": "had", "capacity_support": "advocate"},
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.capacity, enquiry.capacity_support) == ("had", "")


# --- Banners ---------------------------------------------------------------------------------------------


def test_a_save_is_confirmed_in_a_success_banner_read_out_to_screen_readers(client, cast, practitioner):
    enquiry = cast["enquiry"]
    client.force_login(practitioner)
    response = client.post(
        reverse("cases:enquiry_risk", kwargs={"pk": enquiry.pk}),
        {"revision": str(enquiry.revision), "risk_result": "none_no_action"},
        follow=True,
    )
    text = _text(response)
    banner = text.split('class="govuk-notification-banner govuk-notification-banner--success"')[1][:600]
    assert 'role="alert"' in banner and "Risk assessment saved" in banner
    # Shown once: the next page has no banner.
    assert "govuk-notification-banner" not in _text(
        client.get(reverse("cases:enquiry", kwargs={"pk": enquiry.pk}))
    )


def test_a_decision_and_a_closure_are_confirmed_in_a_banner(client, cast, manager):
    concern = cast["concern"]
    client.force_login(manager)
    response = client.post(
        reverse("cases:concern_decide", kwargs={"pk": concern.pk}),
        {
            "decision-revision": str(concern.revision),
            "decision-criterion_a": "yes",
            "decision-criterion_b": "yes",
            "decision-criterion_c": "yes",
            "decision-decision": "s42",
        },
        follow=True,
    )
    assert "Decision saved: Section 42 enquiry" in _text(response)
    enquiry = Concern.objects.get(pk=concern.pk).enquiry
    response = client.post(
        reverse("cases:enquiry_close", kwargs={"pk": enquiry.pk}),
        {"close-revision": str(enquiry.revision), "close-override_reason": "Moved to Wales"},
        follow=True,
    )
    assert "govuk-notification-banner--success" in _text(response) and "Enquiry closed" in _text(response)


# --- Closure ---------------------------------------------------------------------------------------------


def test_each_closure_prompt_links_to_where_it_is_put_right(client, cast, manager):
    enquiry = cast["enquiry"]
    outcome = enquiry.concern.outcomes.order_by("pk").first()
    client.force_login(manager)
    text = _text(client.get(reverse("cases:enquiry", kwargs={"pk": enquiry.pk})))
    box = text.split("Before this enquiry can close")[1].split("</div>")[0]
    close = reverse("cases:enquiry_close", kwargs={"pk": enquiry.pk})
    assert f'href="{close}#id_close-outcome_{outcome.pk}_0"' in box
    assert f'href="{reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk})}#id_capacity_0"' in box
    assert f'href="{reverse("cases:enquiry_risk", kwargs={"pk": enquiry.pk})}#id_risk_result_0"' in box


def test_a_prompt_about_asking_links_to_the_asked_page(client, council, practitioner, manager):
    enquiry = make_enquiry(
        council,
        practitioner,
        manager,
        outcomes_asked="not_asked",
        outcomes_not_asked_reason="Too unwell that day",
        outcomes=False,
    )
    client.force_login(practitioner)
    text = _text(client.get(reverse("cases:enquiry", kwargs={"pk": enquiry.pk})))
    asked = reverse("cases:concern_asked", kwargs={"pk": enquiry.concern_id})
    assert f'href="{asked}#id_outcomes_asked_0"' in text
    # A practitioner cannot close, so the ratings prompt is not a link to the closure page for them.
    assert reverse("cases:enquiry_close", kwargs={"pk": enquiry.pk}) + "#" not in text


def test_the_closure_page_says_ratings_or_a_reason_will_do(client, cast, manager):
    client.force_login(manager)
    enquiry = cast["enquiry"]
    text = _text(client.get(reverse("cases:enquiry_close", kwargs={"pk": enquiry.pk})))
    # Its prompts lead to the ratings on the page itself.
    prompts = text.split("Your council asks for these before closing")[1].split("</ul>")[0]
    for outcome in enquiry.concern.outcomes.all():
        assert f'href="#id_close-outcome_{outcome.pk}_0"' in prompts
    assert "either rate every outcome below" in text and "Either will do." in text
    assert "otherwise a reason here will do instead" in text


def _answers(value="yes"):
    return {
        name: value
        for name in ("listened_to", "treated_with_respect", "kept_informed", "feels_safer", "made_difference")
    }


def test_the_closure_service_closes_and_records_feedback_together(cast, manager):
    enquiry = cast["enquiry"]
    services.enquiry_close_with_feedback(
        enquiry=enquiry,
        user=manager,
        expected_revision=enquiry.revision,
        achievements={o.pk: "fully" for o in enquiry.concern.outcomes.all()},
        override_reason="Risk result not needed: she moved away",
        feedback=services.FeedbackInput(
            respondent="person", answers=_answers("partly"), answered_on=timezone.localdate(), comments="Fine"
        ),
    )
    enquiry.refresh_from_db()
    assert enquiry.closed_at is not None
    feedback = Feedback.objects.get(enquiry=enquiry)
    assert (feedback.method, feedback.feels_safer, feedback.recorded_by) == ("at_closure", "partly", manager)
    assert AuditEvent.objects.filter(
        object_type="cases.Feedback", object_id=str(feedback.pk), action="create"
    ).exists()


def test_feedback_that_cannot_be_kept_leaves_the_enquiry_open(cast, manager):
    enquiry = cast["enquiry"]
    with pytest.raises(ValidationError) as error:
        services.enquiry_close_with_feedback(
            enquiry=enquiry,
            user=manager,
            expected_revision=enquiry.revision,
            achievements={},
            override_reason="Closing anyway",
            feedback=services.FeedbackInput(
                respondent="person",
                answers=_answers(),
                answered_on=enquiry.started_at.date() - datetime.timedelta(days=3),
            ),
        )
    assert "answered_on" in error.value.message_dict
    assert Enquiry.objects.get(pk=enquiry.pk).closed_at is None
    assert not Feedback.objects.filter(enquiry=enquiry).exists()


def test_the_closure_service_without_feedback_just_closes(cast, manager):
    enquiry = cast["enquiry"]
    services.enquiry_close_with_feedback(
        enquiry=enquiry,
        user=manager,
        expected_revision=enquiry.revision,
        achievements={},
        override_reason="x",
    )
    assert Enquiry.objects.get(pk=enquiry.pk).closed_at is not None
    assert not Feedback.objects.filter(enquiry=enquiry).exists()


def test_optional_feedback_left_blank_is_none_and_half_answered_asks_for_the_rest():
    blank = FeedbackForm({}, prefix="feedback", optional=True)
    assert blank.is_valid() and blank.feedback() is None
    half = FeedbackForm(
        {"feedback-respondent": "person", "feedback-listened_to": "yes"}, prefix="feedback", optional=True
    )
    assert not half.is_valid()
    assert set(half.errors) == {
        "treated_with_respect",
        "kept_informed",
        "feels_safer",
        "made_difference",
        "answered_on",
    }
    assert half.errors["kept_informed"] == ["Select an answer, or 'Not asked'"]


def test_a_first_contact_before_the_concern_is_shown_at_the_date(client, cast, practitioner):
    enquiry = cast["enquiry"]
    client.force_login(practitioner)
    day = timezone.localtime(enquiry.concern.received_at).date() - datetime.timedelta(days=1)
    response = client.post(
        reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk}),
        {
            "revision": str(enquiry.revision),
            "first_contact_on_day": str(day.day),
            "first_contact_on_month": str(day.month),
            "first_contact_on_year": str(day.year),
            "first_contact_time": "9.30am",
        },
    )
    text = _text(response)
    assert (
        'href="#id_first_contact_on_day">First contact cannot be before the concern was received</a>' in text
    )
    assert 'id="id_first_contact_on-error"' in text


def test_the_contact_page_saves_again_with_the_same_involvement(client, cast, practitioner):
    enquiry = cast["enquiry"]
    client.force_login(practitioner)
    url = reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk})
    for capacity in ("had", "dont_know"):
        enquiry.refresh_from_db()
        response = client.post(
            url,
            {"revision": str(enquiry.revision), "involvement": ["phone", "meetings"], "capacity": capacity},
        )
        assert response.status_code == 302, _text(response)
    enquiry.refresh_from_db()
    assert (sorted(enquiry.involvement_codes), enquiry.capacity) == (["meetings", "phone"], "dont_know")


def test_why_not_asked_is_revealed_under_not_asked_and_kept_only_then(client, cast, practitioner):
    concern = cast["concern"]
    client.force_login(practitioner)
    url = reverse("cases:concern_asked", kwargs={"pk": concern.pk})
    text = _text(client.get(url))
    box = text.split('id="conditional-id_outcomes_asked_2"')[1]
    assert box.index('name="outcomes_not_asked_reason"') < box.index('value="unknown"')
    response = client.post(
        url,
        {
            "revision": str(concern.revision),
            "outcomes_asked": "asked",
            "outcomes_not_asked_reason": "Left over",
        },
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.outcomes_asked, concern.outcomes_not_asked_reason) == ("asked", "")


def _received(time_text: str) -> ConcernForm:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return ConcernForm(
        {
            "received_on_day": str(yesterday.day),
            "received_on_month": str(yesterday.month),
            "received_on_year": str(yesterday.year),
            "received_time": time_text,
        }
    )


def test_the_time_a_concern_was_received_is_read_the_same_way():
    form = _received("9.30 pm")
    form.is_valid()
    assert "received_time" not in form.errors
    assert timezone.localtime(form.cleaned_data["received_at"]).time() == datetime.time(21, 30)
    form = _received("21:75")
    form.is_valid()
    assert form.errors["received_time"] == [TIME_ERROR]
    assert "received_on" not in form.errors
