"""The work queues: each a page at a time, its whole count and the overdue count made by the database."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from msp.cases.models import Concern, Enquiry
from tests.cases.conftest import make_enquiry
from tests.cases_lists.records import bulk_concerns

pytestmark = pytest.mark.django_db

URL = reverse("cases:queues")


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _section(text: str, start: str, end: str | None = None) -> str:
    return text[text.index(f'id="{start}"') : text.index(f'id="{end}"') if end else None]


def test_overdue_concerns_are_counted_over_the_whole_queue_not_the_page(client, council, practitioner):
    bulk_concerns(council, 70, hours_ago=100)  # due 52 hours ago: overdue
    bulk_concerns(council, 10, hours_ago=1)  # due in 47 hours
    client.force_login(practitioner)
    text = _text(client.get(URL))
    assert "Concerns awaiting a decision (80, 70 overdue)" in text
    awaiting = _section(text, "awaiting", "open")
    assert "Showing 1 to 25 of 80" in awaiting
    assert awaiting.count("govuk-tag--red") == 25  # the first page: all overdue, the most overdue first


def test_the_last_page_of_the_queue_has_the_concerns_not_yet_due(client, council, practitioner):
    overdue = bulk_concerns(council, 70, hours_ago=100)
    fresh = bulk_concerns(council, 10, hours_ago=1)
    client.force_login(practitioner)
    text = _text(client.get(URL, {"decisions": 4}))
    awaiting = _section(text, "awaiting", "open")
    assert "Showing 76 to 80 of 80" in awaiting
    assert sum(c.reference in awaiting for c in fresh) == 5  # the 5 due last
    assert sum(c.reference in awaiting for c in overdue) == 0
    assert 'href="?decisions=3#awaiting" rel="prev"' in awaiting


def test_each_queue_keeps_the_others_pages_in_its_links(client, council, practitioner):
    bulk_concerns(council, 60, hours_ago=100)
    client.force_login(practitioner)
    text = _text(client.get(URL, {"decisions": 2, "reviews": 1}))
    assert 'href="?reviews=1&amp;decisions=3#awaiting" rel="next"' in text


def test_open_enquiries_are_counted_by_lead_worker_and_listed_for_one(client, council, practitioner, manager):
    mine = [make_enquiry(council, practitioner, manager) for _ in range(2)]
    theirs = make_enquiry(council, manager, manager)
    Enquiry.objects.filter(pk=theirs.pk).update(lead_worker=manager)
    unassigned = make_enquiry(council, practitioner, manager)
    Enquiry.objects.filter(pk=unassigned.pk).update(lead_worker=None)
    client.force_login(practitioner)
    text = _text(client.get(URL))
    assert "Open enquiries (4)" in text
    counts = re.findall(
        r">([^<>]+)</a></td>\s*<td class=\"govuk-table__cell govuk-table__cell--numeric\">(\d+)<", text
    )
    assert counts == [("Not assigned", "1"), ("Meg Lindqvist", "1"), ("Pat Okafor", "2")]
    one = _section(_text(client.get(URL, {"worker": practitioner.pk})), "open", "not-reviewed")
    assert "Open enquiries of Pat Okafor" in one
    assert all(e.concern.reference in one for e in mine) and theirs.concern.reference not in one
    none = _section(_text(client.get(URL, {"worker": "none"})), "open", "not-reviewed")
    assert unassigned.concern.reference in none and mine[0].concern.reference not in none


def test_outcomes_not_reviewed_and_feedback_due_are_counted(client, council, practitioner, manager):
    stale = make_enquiry(council, practitioner, manager)
    Enquiry.objects.filter(pk=stale.pk).update(started_at=timezone.now() - datetime.timedelta(days=40))
    make_enquiry(council, practitioner, manager)
    client.force_login(practitioner)
    text = _text(client.get(URL))
    assert "Outcomes not reviewed lately (1)" in text
    assert "Closures awaiting feedback (0)" in text


def test_another_councils_queues_are_never_counted_or_shown(
    client, council, other_council, practitioner, outsider
):
    theirs = bulk_concerns(other_council, 30, hours_ago=100)
    bulk_concerns(council, 2, hours_ago=100)
    client.force_login(practitioner)
    text = _text(client.get(URL))
    assert "Concerns awaiting a decision (2, 2 overdue)" in text
    assert not any(c.reference in text for c in theirs)
    assert Concern.objects.count() == 32
