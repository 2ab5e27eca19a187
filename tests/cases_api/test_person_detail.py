"""GET /api/cases/people/<id>/: the person's facts, representatives and concern ids; one audit event."""

import datetime

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent
from msp.cases import services
from tests.cases.conftest import make_concern, make_person, received

pytestmark = pytest.mark.django_db


def test_it_is_mounted_where_the_site_will_mount_it(cast):
    assert reverse("cases_api:person", kwargs={"pk": 7}) == "/api/cases/people/7/"


def test_it_shows_the_persons_facts_and_their_concern_ids_newest_first(client, council, practitioner):
    person = make_person(
        council,
        practitioner,
        known_as="Marn",
        nhs_number="9434765919",
        gender="female",
        ethnicity="white",
        support_reason="memory_cognition",
        area="North",
    )
    services.representative_add(person=person, user=practitioner, kind="family", name="Ruth Quillfeather")
    older = make_concern(council, practitioner, person, received_at=received(48))
    newer = make_concern(council, practitioner, person, received_at=received(1))
    client.force_login(practitioner)
    body = client.get(reverse("cases_api:person", kwargs={"pk": person.pk})).json()
    assert body == {
        "id": person.pk,
        "given_name": "Marnie",
        "family_name": "Quillfeather",
        "known_as": "Marn",
        "date_of_birth": "1938-05-14",
        "nhs_number": "9434765919",
        "gender": "female",
        "ethnicity": "white",
        "support_reason": "memory_cognition",
        "area": "North",
        "representatives": [{"kind": "family", "name": "Ruth Quillfeather", "contact": ""}],
        "concern_ids": [newer.pk, older.pk],
    }


def test_a_person_without_a_date_of_birth_or_concerns_shows_nulls_and_no_ids(client, council, practitioner):
    person = make_person(council, practitioner, dob=None)
    client.force_login(practitioner)
    body = client.get(reverse("cases_api:person", kwargs={"pk": person.pk})).json()
    assert (body["date_of_birth"], body["concern_ids"], body["representatives"]) == (None, [], [])


def test_it_writes_one_view_event_for_the_person(client, cast, practitioner, council):
    client.force_login(practitioner)
    AuditEvent.objects.all().delete()
    client.get(reverse("cases_api:person", kwargs={"pk": cast["person"].pk}))
    [event] = AuditEvent.objects.all()
    assert (event.user, event.action, event.object_type, event.object_id, event.council) == (
        practitioner,
        "view",
        "cases.Person",
        str(cast["person"].pk),
        council,
    )


def test_its_query_count_does_not_grow_with_concerns(
    client, council, practitioner, django_assert_max_num_queries
):
    person = make_person(council, practitioner)
    for n in range(5):
        services.representative_add(person=person, user=practitioner, kind="friend", name=f"Friend {n}")
        make_concern(council, practitioner, person, received_at=received(n + 1), outcomes=False)
    client.force_login(practitioner)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("cases_api:person", kwargs={"pk": person.pk})).json()
    assert (len(body["concern_ids"]), len(body["representatives"])) == (5, 5)
    assert datetime.date.fromisoformat(body["date_of_birth"]) == person.date_of_birth
