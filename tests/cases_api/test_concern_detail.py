"""GET /api/cases/concerns/<id>/: the concern, the three questions, outcomes, the enquiry, derived answers."""

import datetime

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent
from msp.cases import services
from tests.cases.conftest import make_concern, make_enquiry, received

pytestmark = pytest.mark.django_db


def _get(client, user, concern_id):
    client.force_login(user)
    response = client.get(reverse("cases_api:concern", kwargs={"pk": concern_id}))
    assert response.status_code == 200
    return response.json()


def test_it_is_mounted_where_the_site_will_mount_it(cast):
    assert reverse("cases_api:concern", kwargs={"pk": 7}) == "/api/cases/concerns/7/"


def test_it_shows_the_concerns_facts_and_the_three_questions(client, cast, practitioner):
    concern = cast["concern"]
    body = _get(client, practitioner, concern.pk)
    assert {k: body[k] for k in ("id", "reference", "person_id", "channel", "status", "decision")} == {
        "id": concern.pk,
        "reference": concern.reference,
        "person_id": cast["person"].pk,
        "channel": "staff",
        "status": "awaiting_decision",
        "decision": "",
    }
    assert body["received_at"] == concern.received_at.isoformat()
    assert body["decision_due_at"] == concern.decision_due_at.isoformat()
    assert body["risk_types"] == ["neglect", "financial"]
    assert (body["location"], body["source_of_risk"], body["referrer_type"]) == (
        "own_home",
        "known",
        "care_provider",
    )
    assert body["what_happened"] == "A carer noticed missed medication and unpaid bills."
    assert body["criteria"] == {"a": None, "b": None, "c": None}
    assert body["three_questions"] == {
        "wants_to_happen": "For things to settle down at home.",
        "involvement_wishes": "Visit me at home, with my niece there.",
        "outcomes_asked": "asked",
        "outcomes_not_asked_reason": "",
        "said_by": "person",
    }
    assert body["enquiry"] is None


def test_it_shows_the_desired_outcomes_with_their_category_code_and_label(client, cast, practitioner):
    body = _get(client, practitioner, cast["concern"].pk)
    assert [
        (o["category"]["code"], o["own_words"], o["status"], o["achievement"]) for o in body["outcomes"]
    ] == [
        ("feel_safe", "I want to feel safe in my own flat", "active", ""),
        ("money_property", "Get my pension sorted", "active", ""),
    ]
    assert all(o["category"]["label"] for o in body["outcomes"])
    assert body["asked_about_outcomes"]["code"] == "asked_expressed"


def test_asked_about_outcomes_is_derived_when_there_are_no_outcome_items(client, council, practitioner):
    asked = make_concern(council, practitioner, outcomes=False)
    not_asked = make_concern(
        council, practitioner, outcomes=False, outcomes_asked="not_asked", outcomes_not_asked_reason="Asleep"
    )
    assert _get(client, practitioner, asked.pk)["asked_about_outcomes"]["code"] == "asked_none"
    assert _get(client, practitioner, not_asked.pk)["asked_about_outcomes"]["code"] == "not_asked"


def test_it_summarises_the_enquiry_with_spoken_to_within_24_hours_derived(client, cast, practitioner):
    enquiry = cast["enquiry"]
    services.enquiry_record_contact(
        enquiry=enquiry,
        user=practitioner,
        expected_revision=enquiry.revision,
        first_contact_at=enquiry.concern.received_at + datetime.timedelta(hours=1),
        involvement=["home_visit", "advocate"],
        capacity="lacked",
        capacity_support="advocate",
    )
    body = _get(client, practitioner, enquiry.concern_id)
    assert body["status"] == "in_enquiry"
    assert body["criteria"] == {"a": True, "b": True, "c": True}
    assert body["enquiry"]["id"] == enquiry.pk
    assert body["enquiry"]["started_at"] == enquiry.started_at.isoformat()
    assert body["enquiry"]["spoken_within_24_hours"] is True
    assert body["enquiry"]["involvement"] == ["home_visit", "advocate"]
    assert (body["enquiry"]["capacity"], body["enquiry"]["capacity_support"]) == ("lacked", "advocate")
    assert body["enquiry"]["closed_at"] is None


def test_first_contact_after_24_hours_is_not_spoken_to_in_time(client, council, practitioner, manager):
    enquiry = make_enquiry(council, practitioner, manager, received_at=received(48))
    services.enquiry_record_contact(
        enquiry=enquiry,
        user=practitioner,
        expected_revision=enquiry.revision,
        first_contact_at=enquiry.concern.received_at + datetime.timedelta(hours=30),
        involvement=["phone"],
        capacity="had",
    )
    assert _get(client, practitioner, enquiry.concern_id)["enquiry"]["spoken_within_24_hours"] is False


def test_without_a_first_contact_spoken_to_in_time_is_unknown(client, cast, practitioner):
    body = _get(client, practitioner, cast["enquiry"].concern_id)
    assert body["enquiry"]["first_contact_at"] is None
    assert body["enquiry"]["spoken_within_24_hours"] is None


def test_a_closed_enquiry_shows_when_it_closed_and_its_risk_result(client, council, practitioner, manager):
    enquiry = make_enquiry(council, practitioner, manager)
    services.enquiry_record_risk(
        enquiry=enquiry,
        user=practitioner,
        expected_revision=enquiry.revision,
        risk_result="identified_action",
        risk_outcome="reduced",
    )
    enquiry.refresh_from_db()
    outcomes = {o.pk: "partially" for o in enquiry.concern.outcomes.all()}
    services.enquiry_close(
        enquiry=enquiry,
        user=manager,
        expected_revision=enquiry.revision,
        achievements=outcomes,
        override_reason="Test closure",
    )
    enquiry.refresh_from_db()
    body = _get(client, practitioner, enquiry.concern_id)
    assert body["status"] == "closed"
    assert body["enquiry"]["closed_at"] == enquiry.closed_at.isoformat()
    assert (body["enquiry"]["risk_result"], body["enquiry"]["risk_outcome"]) == (
        "identified_action",
        "reduced",
    )
    assert {o["achievement"] for o in body["outcomes"]} == {"partially"}


def test_it_writes_one_view_event_for_the_concern(client, cast, practitioner, council):
    AuditEvent.objects.all().delete()
    _get(client, practitioner, cast["concern"].pk)
    [event] = AuditEvent.objects.exclude(action="sign_in")  # signing in is an event of its own
    assert (event.user, event.action, event.object_type, event.object_id, event.council) == (
        practitioner,
        "view",
        "cases.Concern",
        str(cast["concern"].pk),
        council,
    )


def test_its_query_count_does_not_grow_with_outcomes(
    client, council, practitioner, manager, django_assert_max_num_queries
):
    enquiry = make_enquiry(council, practitioner, manager)
    for n in range(6):
        services.outcome_add(
            concern=enquiry.concern, user=practitioner, category="support", own_words=f"Item {n}"
        )
    services.enquiry_record_contact(
        enquiry=enquiry,
        user=practitioner,
        expected_revision=enquiry.revision,
        first_contact_at=enquiry.started_at,
        involvement=["home_visit", "meetings", "phone"],
        capacity="had",
    )
    client.force_login(practitioner)
    with django_assert_max_num_queries(11):
        body = client.get(reverse("cases_api:concern", kwargs={"pk": enquiry.concern_id})).json()
    assert len(body["outcomes"]) == 8
