"""Case pages end to end through the test client: audit of views, duplicates, forms that keep what was typed,
stale saves refused without loss, closure prompts, queues and the export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases import services
from msp.cases.models import (
    Concern,
    CouncilCaseSettings,
    DesiredOutcome,
    Enquiry,
    Feedback,
    OutcomeChange,
    Person,
)
from msp.cases.views._common import STALE_MESSAGE
from tests.cases.conftest import make_concern, make_enquiry, make_person, received

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_viewing_a_person_concern_and_enquiry_is_audited(client, cast, practitioner):
    client.force_login(practitioner)
    client.get(reverse("cases:person", kwargs={"pk": cast["person"].pk}))
    client.get(reverse("cases:concern", kwargs={"pk": cast["concern"].pk}))
    client.get(reverse("cases:enquiry", kwargs={"pk": cast["enquiry"].pk}))
    views = set(
        AuditEvent.objects.filter(user=practitioner, action="view").values_list("object_type", "object_id")
    )
    assert views == {
        ("cases.Person", str(cast["person"].pk)),
        ("cases.Concern", str(cast["concern"].pk)),
        ("cases.Enquiry", str(cast["enquiry"].pk)),
    }


def test_a_search_is_audited_and_finds_the_councils_people(client, cast, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("cases:people"), {"name": "marnie quill"})
    assert reverse("cases:person", kwargs={"pk": cast["person"].pk}) in _text(response)
    event = AuditEvent.objects.get(action="search")
    assert event.user == practitioner and event.changes == {"name": "marnie quill"}


def test_an_empty_search_asks_for_something_to_search_by(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("cases:people"), {"name": ""})
    assert "Enter a name, a date of birth, an NHS number or an ID in the previous system" in _text(response)
    assert not AuditEvent.objects.filter(action="search").exists()


PERSON_POST = {
    "given_name": "Marny",
    "family_name": "Quilfeather",
    "date_of_birth_day": "14",
    "date_of_birth_month": "5",
    "date_of_birth_year": "1938",
    "gender": "female",
    "ethnicity": "",
    "support_reason": "",
    "area": "North",
}


def test_recording_a_possible_duplicate_shows_the_matches_first(client, cast, practitioner):
    client.force_login(practitioner)
    before = Person.objects.count()
    response = client.post(reverse("cases:person_new"), PERSON_POST)
    assert response.status_code == 200
    assert "Possible matches" in _text(response)
    assert 'value="Quilfeather"' in _text(response)  # what was typed is kept
    assert Person.objects.count() == before
    response = client.post(reverse("cases:person_new"), {**PERSON_POST, "confirm_not_duplicate": "1"})
    assert response.status_code == 302
    assert Person.objects.filter(family_name="Quilfeather").exists()


def test_a_bad_nhs_number_is_a_govuk_error_and_the_form_keeps_its_input(client, practitioner):
    client.force_login(practitioner)
    response = client.post(reverse("cases:person_new"), {**PERSON_POST, "nhs_number": "123 456 7890"})
    text = _text(response)
    assert "govuk-error-summary" in text and "Enter a valid NHS number" in text
    assert 'value="123 456 7890"' in text and 'value="Marny"' in text


def test_an_approximate_age_and_address_are_recorded_and_shown_on_the_person_page(client, practitioner):
    client.force_login(practitioner)
    post = {
        **PERSON_POST,
        "date_of_birth_day": "",
        "date_of_birth_month": "",
        "date_of_birth_year": "",
        "approximate_age": "80",
        "address": "12 Example Street, Ashbourne Vale",
    }
    response = client.post(reverse("cases:person_new"), post)
    assert response.status_code == 302
    person = Person.objects.get(family_name="Quilfeather")
    assert (person.date_of_birth, person.approximate_age) == (None, 80)
    assert person.address == "12 Example Street, Ashbourne Vale"
    text = _text(client.get(reverse("cases:person", kwargs={"pk": person.pk})))
    assert "Approximate age" in text and "12 Example Street, Ashbourne Vale" in text
    edit = _text(client.get(reverse("cases:person_edit", kwargs={"pk": person.pk})))
    assert 'value="80"' in edit and 'value="12 Example Street, Ashbourne Vale"' in edit


def test_a_child_approximate_age_is_a_govuk_error(client, practitioner):
    client.force_login(practitioner)
    response = client.post(reverse("cases:person_new"), {**PERSON_POST, "approximate_age": "12"})
    text = _text(response)
    assert "govuk-error-summary" in text and "Approximate age must be 18 or more" in text
    assert not Person.objects.filter(family_name="Quilfeather").exists()


def test_the_approximate_age_is_not_shown_when_the_date_of_birth_is_known(client, cast, practitioner):
    client.force_login(practitioner)
    text = _text(client.get(reverse("cases:person", kwargs={"pk": cast["person"].pk})))
    assert "14 May 1938" in text and "Approximate age" not in text


def _concern_post(**extra):
    now = timezone.localtime()
    data = {
        "received_on_day": str(now.day),
        "received_on_month": str(now.month),
        "received_on_year": str(now.year),
        "received_time": f"{now:%H:%M}",
        "referrer_type": "gp",
        "referrer_name": "Dr Ilse Brannigan (synthetic)",
        "risk_types": ["neglect", "psychological"],
        "location": "own_home",
        "source_of_risk": "known",
        "what_happened": "Her son shouts at her and has stopped her carers coming in.",
        "wants_to_happen": "For my son to stop shouting.",
        "involvement_wishes": "Phone me first.",
        "outcomes_asked": "asked",
        "said_by": "person",
        "outcome-TOTAL_FORMS": "3",
        "outcome-INITIAL_FORMS": "0",
        "outcome-0-category": "stop_harm",
        "outcome-0-own_words": "I want the shouting to stop",
        "outcome-1-category": "stay_home",
        "outcome-1-own_words": "Keep living here",
        "outcome-2-category": "",
        "outcome-2-own_words": "",
    }
    data.update(extra)
    return data


def test_a_concern_is_recorded_with_its_outcome_items(client, cast, practitioner):
    client.force_login(practitioner)
    url = reverse("cases:concern_new", kwargs={"pk": cast["person"].pk})
    response = client.post(url, _concern_post())
    assert response.status_code == 302
    concern = Concern.objects.latest("id")
    assert concern.is_repeat  # the person already had a concern this year
    assert sorted(concern.risk_type_codes) == ["neglect", "psychological"]
    assert [o.own_words for o in concern.outcomes.all()] == [
        "I want the shouting to stop",
        "Keep living here",
    ]


def test_staff_record_whether_the_person_knows_about_the_report(client, cast, practitioner):
    client.force_login(practitioner)
    url = reverse("cases:concern_new", kwargs={"pk": cast["person"].pk})
    post = _concern_post(person_aware="does_not_agree", person_aware_reason="She fears her son will find out")
    assert client.post(url, post).status_code == 302
    concern = Concern.objects.latest("id")
    assert concern.person_aware == "does_not_agree"
    assert concern.person_aware_reason == "She fears her son will find out"
    text = _text(client.get(reverse("cases:concern", kwargs={"pk": concern.pk})))
    assert "Does the person know about this report?" in text
    assert "Knows but does not agree" in text and "She fears her son will find out" in text


def test_the_address_is_not_on_the_concern_page(client, council, practitioner):
    person = make_person(council, practitioner, address="12 Example Street, Ashbourne Vale")
    concern = make_concern(council, practitioner, person)
    client.force_login(practitioner)
    text = _text(client.get(reverse("cases:concern", kwargs={"pk": concern.pk})))
    assert "Does the person know about this report?" in text
    assert "12 Example Street" not in text


def test_adding_an_outcome_row_keeps_everything_typed(client, cast, practitioner):
    client.force_login(practitioner)
    url = reverse("cases:concern_new", kwargs={"pk": cast["person"].pk})
    before = Concern.objects.count()
    response = client.post(url, _concern_post(add_outcome="1"))
    text = _text(response)
    assert response.status_code == 200 and "govuk-error-summary" not in text
    assert 'name="outcome-3-own_words"' in text
    assert "I want the shouting to stop" in text and "Her son shouts at her" in text
    assert Concern.objects.count() == before


def test_a_concern_with_errors_is_not_saved_and_keeps_its_input(client, cast, practitioner):
    client.force_login(practitioner)
    url = reverse("cases:concern_new", kwargs={"pk": cast["person"].pk})
    before = Concern.objects.count()
    response = client.post(url, _concern_post(what_happened="", **{"outcome-2-own_words": "Words, no kind"}))
    text = _text(response)
    assert "Describe what happened" in text and "Select the kind of outcome" in text
    assert 'href="#id_outcome-2-category"' in text
    assert "I want the shouting to stop" in text
    assert Concern.objects.count() == before


def _decision_post(revision, **extra):
    return {
        "decision-revision": str(revision),
        "decision-criterion_a": "yes",
        "decision-criterion_b": "yes",
        "decision-criterion_c": "yes",
        "decision-decision": "s42",
        "decision-reason_s42": "Clear risk at home",
        "decision-lead_worker": "",
        **extra,
    }


def test_a_team_manager_decides_and_the_enquiry_opens(client, cast, manager):
    client.force_login(manager)
    concern = cast["concern"]
    response = client.post(
        reverse("cases:concern_decide", kwargs={"pk": concern.pk}), _decision_post(concern.revision)
    )
    concern.refresh_from_db()
    assert concern.status == "in_enquiry"
    assert response["Location"] == reverse("cases:enquiry", kwargs={"pk": concern.enquiry.pk})


def test_a_stale_decision_is_refused_and_nothing_typed_is_lost(client, cast, practitioner, manager):
    concern = cast["concern"]
    opened = concern.revision
    services.concern_record_asked(
        concern=Concern.objects.get(pk=concern.pk),
        user=practitioner,
        expected_revision=opened,
        outcomes_asked="declined",
    )
    client.force_login(manager)
    response = client.post(
        reverse("cases:concern_decide", kwargs={"pk": concern.pk}),
        _decision_post(opened, **{"decision-reason_s42": "My careful reasoning"}),
    )
    text = _text(response)
    assert response.status_code == 200
    assert STALE_MESSAGE.split(".")[0] in text
    assert "My careful reasoning" in text
    assert f'name="decision-revision" value="{opened + 1}"' in text
    concern.refresh_from_db()
    assert concern.decision == "" and concern.outcomes_asked == "declined"  # the other person's change stands


def test_a_stale_contact_save_keeps_both_peoples_work(client, cast, practitioner, manager):
    enquiry = cast["enquiry"]
    opened = enquiry.revision
    services.enquiry_record_risk(
        enquiry=Enquiry.objects.get(pk=enquiry.pk),
        user=manager,
        expected_revision=opened,
        risk_result="none_no_action",
    )
    client.force_login(practitioner)
    response = client.post(
        reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk}),
        {
            "revision": str(opened),
            "first_contact_on_day": "",
            "first_contact_on_month": "",
            "first_contact_on_year": "",
            "first_contact_time": "",
            "involvement": ["phone"],
            "capacity": "had",
        },
    )
    assert response.status_code == 200
    assert 'value="phone" checked' in _text(response)
    enquiry.refresh_from_db()
    assert enquiry.risk_result == "none_no_action" and enquiry.capacity == ""


def test_changing_an_outcome_keeps_the_history_on_the_page(client, cast, practitioner):
    client.force_login(practitioner)
    enquiry, outcome = cast["enquiry"], cast["outcome"]
    url = reverse("cases:outcome_edit", kwargs={"pk": enquiry.pk, "outcome_pk": outcome.pk})
    response = client.post(
        url,
        {
            "change-revision": str(outcome.revision),
            "change-category": "feel_safe",
            "change-own_words": "Feel safe when the door goes",
            "change-reason": "Said at visit",
        },
    )
    assert response.status_code == 302
    page = _text(client.get(reverse("cases:enquiry", kwargs={"pk": enquiry.pk})))
    assert "Feel safe when the door goes" in page and "Said at visit" in page
    assert OutcomeChange.objects.filter(outcome=outcome, kind="changed").exists()


def test_withdrawing_an_outcome_needs_a_reason(client, cast, practitioner):
    client.force_login(practitioner)
    enquiry, outcome = cast["enquiry"], cast["outcome"]
    url = reverse("cases:outcome_edit", kwargs={"pk": enquiry.pk, "outcome_pk": outcome.pk})
    response = client.post(url, {"withdraw-revision": str(outcome.revision), "withdraw-reason": ""})
    assert "Say why the outcome was withdrawn" in _text(response)
    client.post(url, {"withdraw-revision": str(outcome.revision), "withdraw-reason": "Sorted by the bank"})
    assert DesiredOutcome.objects.get(pk=outcome.pk).status == "withdrawn"


def _ready(enquiry, user):
    enquiry = services.enquiry_record_contact(
        enquiry=enquiry,
        user=user,
        expected_revision=enquiry.revision,
        first_contact_at=timezone.now(),
        involvement=["home_visit"],
        capacity="had",
    )
    return services.enquiry_record_risk(
        enquiry=enquiry,
        user=user,
        expected_revision=enquiry.revision,
        risk_result="identified_action",
        risk_outcome="removed",
    )


def test_closure_is_blocked_by_the_prompts_with_govuk_errors_and_keeps_the_ratings(client, cast, manager):
    enquiry = _ready(cast["enquiry"], manager)
    first, second = enquiry.concern.outcomes.all()
    client.force_login(manager)
    url = reverse("cases:enquiry_close", kwargs={"pk": enquiry.pk})
    response = client.post(
        url, {"close-revision": str(enquiry.revision), f"close-outcome_{first.pk}": "fully"}
    )
    text = _text(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in text and "Get my pension sorted" in text
    assert f'href="#id_close-outcome_{second.pk}_0"' in text
    assert (
        f'id="id_close-outcome_{first.pk}_0" name="close-outcome_{first.pk}" type="radio" '
        'value="fully" checked' in text
    )
    assert Enquiry.objects.get(pk=enquiry.pk).closed_at is None


def test_closure_goes_through_with_an_override_reason(client, cast, manager):
    enquiry = cast["enquiry"]
    client.force_login(manager)
    response = client.post(
        reverse("cases:enquiry_close", kwargs={"pk": enquiry.pk}),
        {
            "close-revision": str(enquiry.revision),
            "close-override_reason": "She moved to her daughter's in Wales",
        },
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.closed_at and enquiry.closure_override_reason == "She moved to her daughter's in Wales"


def test_closure_with_ratings_and_feedback_at_closure(client, cast, manager):
    enquiry = _ready(cast["enquiry"], manager)
    first, second = enquiry.concern.outcomes.all()
    client.force_login(manager)
    today = timezone.localdate()
    response = client.post(
        reverse("cases:enquiry_close", kwargs={"pk": enquiry.pk}),
        {
            "close-revision": str(enquiry.revision),
            f"close-outcome_{first.pk}": "fully",
            f"close-outcome_{second.pk}": "partially",
            "feedback-respondent": "person",
            "feedback-listened_to": "yes",
            "feedback-treated_with_respect": "yes",
            "feedback-kept_informed": "partly",
            "feedback-feels_safer": "yes",
            "feedback-made_difference": "yes",
            "feedback-answered_on_day": str(today.day),
            "feedback-answered_on_month": str(today.month),
            "feedback-answered_on_year": str(today.year),
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get(enquiry=enquiry)
    assert feedback.method == "at_closure" and feedback.kept_informed == "partly"
    assert sorted(
        DesiredOutcome.objects.filter(concern=enquiry.concern).values_list("achievement", flat=True)
    ) == ["fully", "partially"]


def test_half_answered_feedback_at_closure_blocks_and_nothing_closes(client, cast, manager):
    enquiry = _ready(cast["enquiry"], manager)
    first, second = enquiry.concern.outcomes.all()
    client.force_login(manager)
    response = client.post(
        reverse("cases:enquiry_close", kwargs={"pk": enquiry.pk}),
        {
            "close-revision": str(enquiry.revision),
            f"close-outcome_{first.pk}": "fully",
            f"close-outcome_{second.pk}": "not",
            "feedback-respondent": "representative",
        },
    )
    assert "Select an answer, or" in _text(response)
    assert Enquiry.objects.get(pk=enquiry.pk).closed_at is None


def test_the_queues_put_overdue_decisions_first_and_list_reviews_and_feedback_due(
    client, council, practitioner, manager
):
    late = make_concern(council, practitioner, received_at=received(100))
    fresh = make_concern(
        council, practitioner, make_person(council, practitioner, given="Ossian", family="Drey")
    )
    enquiry = make_enquiry(council, practitioner, manager)
    Enquiry.objects.filter(pk=enquiry.pk).update(started_at=timezone.now() - datetime.timedelta(days=40))
    closed = make_enquiry(council, practitioner, manager, outcomes=False)
    services.enquiry_close(
        enquiry=closed,
        user=manager,
        expected_revision=closed.revision,
        achievements={},
        override_reason="Testing",
    )
    client.force_login(practitioner)
    text = _text(client.get(reverse("cases:queues")))
    assert text.index(late.reference) < text.index(fresh.reference)
    assert "Overdue" in text
    not_reviewed = text[text.index('id="not-reviewed"') : text.index('id="feedback"')]
    assert enquiry.concern.reference in not_reviewed
    assert closed.concern.reference in text[text.index('id="feedback"') :]


def test_the_export_is_the_councils_concerns_only_without_names_and_audited(
    client, cast, practitioner, outsider, other_council
):
    make_concern(
        other_council, outsider, make_person(other_council, outsider, given="Zephyrine", family="Attwater")
    )
    client.force_login(practitioner)
    response = client.get(reverse("cases:concerns_export"))
    body = b"".join(response.streaming_content).decode()
    assert cast["concern"].reference in body
    assert Concern.objects.filter(council=other_council).get().reference not in body
    assert "Quillfeather" not in body and "Attwater" not in body
    assert AuditEvent.objects.filter(action="export", user=practitioner).exists()


def test_the_export_bands_an_approximate_age_and_leaves_out_the_address(client, council, practitioner):
    person = make_person(council, practitioner, dob=None, approximate_age=88, address="12 Example Street")
    concern = make_concern(council, practitioner, person)
    client.force_login(practitioner)
    response = client.get(reverse("cases:concerns_export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, row = rows[0], next(r for r in rows if r[0] == concern.reference)
    assert row[header.index("person_age_band")] == "85-94"
    assert "12 Example Street" not in "".join(",".join(r) for r in rows)


def test_the_safeguarding_lead_changes_settings_and_it_is_audited(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("cases:settings"),
        {
            "settings-revision": "1",
            "settings-decision_hours": "24",
            "settings-review_interval_days": "14",
            "settings-require_outcomes_asked": "on",
            "settings-require_outcomes_rated": "on",
        },
    )
    assert response.status_code == 302
    assert CouncilCaseSettings.objects.get(council=lead.council).decision_hours == 24
    assert AuditEvent.objects.filter(object_type="cases.CouncilCaseSettings", action="change").exists()


def test_the_lead_adds_a_council_outcome_category(client, lead, practitioner):
    client.force_login(lead)
    client.post(reverse("cases:settings"), {"category-label": "To keep my dog"})
    client.force_login(practitioner)
    person = make_person(lead.council, practitioner)
    text = _text(client.get(reverse("cases:concern_new", kwargs={"pk": person.pk})))
    assert "To keep my dog" in text
