"""Retention: people whose records all closed long ago are listed for the lead, and erased with every record
about them, the council's figures for those years kept as they were."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases.models import Concern, DesiredOutcome, Enquiry, Person
from msp.cases.services import retention
from msp.outcomes import figures, summaries
from msp.outcomes.models import FigureSet
from tests.cases.conftest import make_concern, make_enquiry, make_person

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(datetime.datetime(2016, 6, 1, 10))  # reporting year 2016-17


def old_closed_case(council, practitioner, manager, given: str):
    """A person with one concern received in 2016 whose enquiry closed that summer."""
    person = make_person(council, practitioner, given=given)
    enquiry = make_enquiry(council, practitioner, manager, person=person, received_at=LONG_AGO)
    person = enquiry.concern.person
    Concern.objects.filter(pk=enquiry.concern_id).update(
        status="closed", decided_at=LONG_AGO + datetime.timedelta(days=1)
    )
    Enquiry.objects.filter(pk=enquiry.pk).update(
        started_at=LONG_AGO + datetime.timedelta(days=1), closed_at=LONG_AGO + datetime.timedelta(days=60)
    )
    return person


def test_only_people_with_every_record_closed_before_the_cut_off_are_due(council, practitioner, manager):
    old = old_closed_case(council, practitioner, manager, "Oldest")
    recent = make_person(council, practitioner, given="Recent")
    make_concern(council, practitioner, recent)  # awaiting a decision now
    mixed = old_closed_case(council, practitioner, manager, "Mixed")
    make_concern(council, practitioner, mixed)  # an old closed case and a new open one
    due = list(retention.due_for_review(council))
    assert due == [old]
    assert due[0].last_closed.date() == datetime.date(2016, 7, 31)


def test_the_lead_erases_a_person_and_every_record_and_the_figures_stay(
    client, council, practitioner, manager, lead
):
    person = old_closed_case(council, practitioner, manager, "Gone")
    figures.refresh("2016-17", [council])
    before = summaries.council_cells(council, "2016-17")
    assert before["SG1f", "concerns", "cases"] == 1
    client.force_login(lead)
    listing = client.get(reverse("cases:retention")).content.decode()
    assert reverse("cases:person_erase", kwargs={"pk": person.pk}) in listing
    page = client.get(reverse("cases:person_erase", kwargs={"pk": person.pk})).content.decode()
    assert "2016-17" in page and "cannot be undone" in page
    refused = client.post(reverse("cases:person_erase", kwargs={"pk": person.pk}), {})
    assert refused.status_code == 200 and Person.objects.filter(pk=person.pk).exists()  # not confirmed
    done = client.post(
        reverse("cases:person_erase", kwargs={"pk": person.pk}), {"confirm": "on"}, follow=True
    )
    assert "Erased: one person, 1 concerns and 1 enquiries" in done.content.decode()
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Concern.objects.filter(person_id=person.pk).exists()
    assert not DesiredOutcome.objects.filter(concern__person_id=person.pk).exists()
    # The council's published figures for that year are as they were, and stay so after a refresh.
    summaries.refresh_changed(["2016-17"])
    figures.refresh("2016-17", [council])
    assert FigureSet.objects.get(council=council, year="2016-17").source == FigureSet.Source.KEPT
    assert summaries.council_cells(council, "2016-17") == before
    event = AuditEvent.objects.get(action="delete", object_type="cases.Person")
    assert event.user == lead and "2016-17" in event.summary and "Gone" not in event.summary


def test_a_person_not_due_cannot_be_erased_and_others_may_not_see_the_review(
    client, council, practitioner, manager, lead
):
    recent = make_person(council, practitioner, given="Recent")
    make_concern(council, practitioner, recent)
    client.force_login(lead)
    assert client.get(reverse("cases:person_erase", kwargs={"pk": recent.pk})).status_code == 404
    for user in (practitioner, manager):
        client.force_login(user)
        assert client.get(reverse("cases:retention")).status_code == 403
