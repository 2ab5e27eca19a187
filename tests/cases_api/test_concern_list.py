"""GET /api/cases/concerns/: the council's concerns, newest first, 50 a page, no names; one audit event."""

import datetime

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent
from tests.cases.conftest import make_concern, make_person, received

pytestmark = pytest.mark.django_db

URL = "/api/cases/concerns/"


def test_it_is_mounted_where_the_site_will_mount_it():
    assert reverse("cases_api:concerns") == URL


def test_it_lists_the_councils_concerns_newest_first(client, cast, practitioner):
    client.force_login(practitioner)
    body = client.get(URL).json()
    received_at = [row["received_at"] for row in body["results"]]
    assert body["count"] == 3
    assert received_at == sorted(received_at, reverse=True)
    assert {row["id"] for row in body["results"]} == {
        cast["concern"].pk,
        cast["enquiry"].concern_id,
        cast["closed"].concern_id,
    }


def test_a_row_has_the_concerns_facts_and_the_persons_id_only(client, council, practitioner):
    person = make_person(council, practitioner)
    concern = make_concern(council, practitioner, person, received_at=received(5))
    client.force_login(practitioner)
    response = client.get(URL)
    [row] = response.json()["results"]
    assert row == {
        "id": concern.pk,
        "reference": concern.reference,
        "received_at": concern.received_at.isoformat(),
        "status": "awaiting_decision",
        "decision": "",
        "is_repeat": False,
        "risk_types": ["neglect", "financial"],
        "location": "own_home",
        "outcome_count": 2,
        "person_id": person.pk,
    }
    assert datetime.datetime.fromisoformat(row["received_at"]) == concern.received_at
    assert person.given_name not in response.content.decode()
    assert person.family_name not in response.content.decode()


def test_a_second_concern_within_a_year_is_marked_as_a_repeat(client, council, practitioner):
    person = make_person(council, practitioner)
    make_concern(council, practitioner, person, received_at=received(24 * 30))
    make_concern(council, practitioner, person, received_at=received(2), outcomes=False)
    client.force_login(practitioner)
    rows = client.get(URL).json()["results"]
    assert [(row["is_repeat"], row["outcome_count"]) for row in rows] == [(True, 0), (False, 2)]


@pytest.mark.parametrize(
    ("status", "which"),
    [("awaiting_decision", "concern"), ("in_enquiry", "enquiry"), ("closed", "closed")],
)
def test_it_filters_by_status(client, cast, practitioner, status, which):
    expected = cast[which].pk if which == "concern" else cast[which].concern_id
    client.force_login(practitioner)
    body = client.get(URL, {"status": status}).json()
    assert [row["id"] for row in body["results"]] == [expected]
    assert {row["status"] for row in body["results"]} == {status}


def test_an_unknown_status_is_a_400_naming_the_choices(client, cast, practitioner):
    client.force_login(practitioner)
    response = client.get(URL, {"status": "open"})
    assert response.status_code == 400
    assert "awaiting_decision, in_enquiry, closed" in response.json()["error"]


def _fifty_five_concerns(council, user):
    person = make_person(council, user)
    return [
        make_concern(council, user, person, received_at=received(hours), outcomes=False)
        for hours in range(1, 56)
    ]


def test_it_pages_fifty_at_a_time(client, council, practitioner):
    made = _fifty_five_concerns(council, practitioner)
    client.force_login(practitioner)
    first = client.get(URL).json()
    second = client.get(URL, {"page": 2}).json()
    assert (first["count"], first["pages"], first["page"], first["page_size"]) == (55, 2, 1, 50)
    assert len(first["results"]) == 50
    assert second["page"] == 2
    assert [row["id"] for row in first["results"] + second["results"]] == [c.pk for c in made]


@pytest.mark.parametrize(("page", "status"), [("3", 404), ("0", 404), ("two", 400)])
def test_a_page_past_the_end_or_not_a_number_is_refused(client, cast, practitioner, page, status):
    client.force_login(practitioner)
    response = client.get(URL, {"page": page})
    assert response.status_code == status
    assert "error" in response.json()


def test_an_empty_council_has_an_empty_first_page(client, council, practitioner):
    client.force_login(practitioner)
    assert client.get(URL).json() == {"count": 0, "page": 1, "pages": 1, "page_size": 50, "results": []}


def test_it_writes_one_audit_event_per_request_not_per_row(client, council, practitioner):
    _fifty_five_concerns(council, practitioner)
    client.force_login(practitioner)
    AuditEvent.objects.all().delete()
    client.get(URL, {"page": 2, "status": "awaiting_decision"})
    [event] = AuditEvent.objects.all()
    assert (event.user, event.action, event.object_type, event.council) == (
        practitioner,
        "view",
        "cases.Concern",
        council,
    )
    assert event.summary == "Concern list (API, page 2, awaiting_decision)"


def test_its_query_count_does_not_grow_with_the_rows(
    client, council, practitioner, django_assert_max_num_queries
):
    _fifty_five_concerns(council, practitioner)
    client.force_login(practitioner)
    # Session, user, council, count, the page's ids, its rows, their risk types, the audit event.
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.json()["results"]) == 50
