"""The concerns CSV: every column as the record says, the list's filters applied, one read per batch."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases import categories as cat
from msp.cases.models import Concern
from msp.cases.rules import asked_about_outcomes
from msp.cases.selectors import EXPORT_COLUMNS, age_band
from msp.cases.synthetic import generate_council
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _yes_no(value) -> str:
    return "" if value is None else ("yes" if value else "no")


def expected_row(c: Concern) -> tuple:
    """The row worked out from the model instance, field by field, as the case pages show it."""
    enquiry = getattr(c, "enquiry", None)
    expressed = c.outcomes.count()
    return (
        c.reference,
        c.received_at.isoformat(),
        c.get_channel_display(),
        c.get_referrer_type_display(),
        "; ".join(cat.label("risk_type", r.code) for r in c.risk_types.order_by("pk")),
        cat.label("risk_location", c.location),
        cat.label("risk_source", c.source_of_risk),
        "yes" if c.is_repeat else "no",
        c.get_status_display(),
        c.get_decision_display(),
        _yes_no(c.criterion_a),
        _yes_no(c.criterion_b),
        _yes_no(c.criterion_c),
        c.get_no_enquiry_outcome_display(),
        c.decision_due_at.isoformat(),
        c.decided_at.isoformat() if c.decided_at else "",
        cat.label("asked_outcomes", asked_about_outcomes(c.outcomes_asked, expressed, said_by=c.said_by)),
        str(expressed),
        str(c.person_id),
        age_band(c.person.date_of_birth, c.received_at.date(), approximate_age=c.person.approximate_age),
        enquiry.closed_at.isoformat() if enquiry and enquiry.closed_at else "",
    )


@pytest.fixture
def year_of_cases():
    from msp.councils.models import Council

    council = Council.objects.get(gss_code="E10000016")  # Kent
    now = timezone.make_aware(datetime.datetime(2024, 6, 1, 12))
    generate_council(council.pk, seed=4, start_year=2022, years=2, per_year=150, now=now)
    return council


def _download(client, **filters) -> list[list[str]]:
    response = client.get(reverse("cases:concerns_export"), filters)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # so Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(body[1:])))


def test_every_column_of_every_row_is_what_the_record_says(client, year_of_cases):
    client.force_login(make_user("worker", "practitioner", year_of_cases))
    rows = _download(client)
    concerns = Concern.objects.filter(council=year_of_cases).order_by("received_at", "id")
    assert rows[0] == list(EXPORT_COLUMNS)
    assert len(rows) - 1 == concerns.count() > 250
    assert [tuple(r) for r in rows[1:]] == [expected_row(c) for c in concerns]
    # The synthetic year has the variety the columns need to be checked on.
    column = {name: {r[i] for r in rows[1:]} for i, name in enumerate(EXPORT_COLUMNS)}
    assert any(";" in value for value in column["risk_types"])
    assert {"yes", "no"} <= column["is_repeat"] and len(column["enquiry_closed_at"]) > 10


def test_the_lists_filters_choose_the_rows_and_are_audited(client, year_of_cases):
    user = make_user("worker", "practitioner", year_of_cases)
    client.force_login(user)
    rows = _download(
        client,
        received_from_day="1",
        received_from_month="4",
        received_from_year="2023",
        status="closed",
    )
    start = timezone.make_aware(datetime.datetime(2023, 4, 1))
    chosen = Concern.objects.filter(council=year_of_cases, received_at__gte=start, status="closed")
    assert 0 < chosen.count() < Concern.objects.filter(council=year_of_cases).count()
    assert sorted(r[0] for r in rows[1:]) == sorted(chosen.values_list("reference", flat=True))
    event = AuditEvent.objects.filter(user=user, action="export").get()
    assert event.changes["status"] == "closed" and "2023-04-01" in event.changes["received_from"]


def test_the_queries_do_not_grow_with_the_rows(client, year_of_cases):
    client.force_login(make_user("worker", "practitioner", year_of_cases))
    with CaptureQueriesContext(connection) as queries:
        rows = _download(client)
    assert len(rows) > 250
    # Session, user, council, audit, the ids, then three reads for the one batch these rows fill.
    assert len(queries) <= 12


def test_the_list_links_to_the_export_of_what_it_shows(client, year_of_cases):
    client.force_login(make_user("worker", "practitioner", year_of_cases))
    text = client.get(reverse("cases:concerns"), {"status": "closed"}).content.decode()
    assert f"{reverse('cases:concerns_export')}?status=closed" in text
    count = Concern.objects.filter(council=year_of_cases, status="closed").count()
    assert f"Download these {count:,} concerns as CSV" in text
    assert "Download all concerns as CSV" in client.get(reverse("cases:concerns")).content.decode()
