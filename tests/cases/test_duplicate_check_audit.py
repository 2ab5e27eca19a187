"""The possible-duplicate check shows other people's details, so it is audited as a search."""

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent
from tests.cases.conftest import make_person

pytestmark = pytest.mark.django_db


def test_showing_possible_duplicates_is_audited_as_a_search(client, council, practitioner):
    known = make_person(council, practitioner, nhs_number="9434765919")
    client.force_login(practitioner)
    before = AuditEvent.objects.count()

    page = client.post(
        reverse("cases:person_new"),
        {"given_name": "Someone", "family_name": "Else", "approximate_age": "80", "nhs_number": "9434765919"},
    )

    assert known.family_name in page.content.decode()
    event = AuditEvent.objects.order_by("pk")[before:].get()
    assert (event.action, event.object_type, event.council, event.user) == (
        "search",
        "cases.Person",
        council,
        practitioner,
    )
    assert event.changes == {"candidates": [known.pk]}
