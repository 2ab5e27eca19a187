"""Find a person: by name, date of birth, NHS number or the id in the previous system, 50 a page, audited."""

import datetime
import re

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent
from tests.cases_lists.records import bulk_people

pytestmark = pytest.mark.django_db

URL = reverse("cases:people")


def _found(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'href="/cases/people/(\d+)/"', response.content.decode())]


def test_many_people_with_one_name_are_paged_with_the_whole_count(client, council, practitioner):
    people = bulk_people(council, 120)
    client.force_login(practitioner)
    first = client.get(URL, {"name": "quillfeather"})
    text = first.content.decode()
    assert "120 people found" in text and "Showing 1 to 50 of 120" in text
    assert _found(first) == [p.pk for p in people[:50]]  # Given0000, Given0001, ... by given name
    last = client.get(URL, {"name": "quillfeather", "page": 3})
    assert _found(last) == [p.pk for p in people[100:]]
    assert 'href="?name=quillfeather&amp;page=2" rel="prev"' in last.content.decode()


def test_it_finds_by_date_of_birth_nhs_number_or_id_in_the_previous_system(client, council, practitioner):
    [born] = bulk_people(council, 1, date_of_birth=datetime.date(1938, 5, 14))
    [numbered] = bulk_people(council, 1, nhs_number="9434765919")
    [imported] = bulk_people(council, 1, external_id="P-4411")
    bulk_people(council, 5)
    client.force_login(practitioner)
    by_birth = {"date_of_birth_day": "14", "date_of_birth_month": "5", "date_of_birth_year": "1938"}
    assert _found(client.get(URL, by_birth)) == [born.pk]
    assert _found(client.get(URL, {"nhs_number": "943 476 5919"})) == [numbered.pk]
    assert _found(client.get(URL, {"external_id": "P-4411"})) == [imported.pk]


def test_every_criterion_given_must_match(client, council, practitioner):
    [both] = bulk_people(council, 1, family="Attwater", external_id="P-1")
    bulk_people(council, 1, family="Attwater")
    client.force_login(practitioner)
    assert _found(client.get(URL, {"name": "attwater", "external_id": "P-1"})) == [both.pk]


def test_another_councils_people_are_never_found(client, council, other_council, practitioner):
    bulk_people(other_council, 3, external_id="")
    [theirs] = bulk_people(other_council, 1, external_id="P-9", family="Zephyrine")
    client.force_login(practitioner)
    for query in ({"name": "quillfeather"}, {"external_id": "P-9"}, {"name": "zephyrine"}):
        response = client.get(URL, query)
        assert _found(response) == [] and "No one found" in response.content.decode()
    assert theirs.pk


def test_a_search_is_audited_with_its_terms_and_not_who_was_found(client, council, practitioner):
    people = bulk_people(council, 3)
    client.force_login(practitioner)
    client.get(URL, {"name": "quillfeather", "external_id": "", "page": "1"})
    [event] = AuditEvent.objects.filter(action="search")
    assert (event.user, event.object_type, event.council) == (practitioner, "cases.Person", council)
    assert event.changes == {"name": "quillfeather"}
    assert event.summary == "Person search, page 1: 3 found"
    assert not any(str(p.pk) in str(event.changes) or p.given_name in event.summary for p in people)
