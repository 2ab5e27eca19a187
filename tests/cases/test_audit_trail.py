"""The council lead's audit trail: their council's events only, newest first, filtered by person, user and
date, paged and downloadable; reading it is audited; every other role is refused."""

import csv
import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from msp.accounts.audit import audit
from msp.accounts.models import AuditEvent, Role
from msp.cases import services
from msp.cases.services import retention
from tests.cases.conftest import make_concern, make_enquiry, make_person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = reverse("cases:audit_trail")
CSV_URL = reverse("cases:audit_trail_export")


@pytest.fixture
def other_lead(other_council):
    return make_user("olga", Role.SAFEGUARDING_LEAD, other_council)


def _rows(response) -> list[str]:
    """The table's rows, as text, in page order."""
    text = response.content.decode()
    if "<tbody" not in text:
        return []
    body = text.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [row.split("</tr>")[0] for row in body.split('<tr class="govuk-table__row">')[1:]]


def _at(event: AuditEvent, when: datetime.datetime) -> None:
    AuditEvent.objects.filter(pk=event.pk).update(at=when)


def test_events_about_a_persons_records_name_the_person(council, practitioner, manager):
    enquiry = make_enquiry(council, practitioner, manager)
    person_id = enquiry.concern.person_id
    outcome = enquiry.concern.outcomes.first()
    services.outcome_change(
        outcome=outcome,
        user=practitioner,
        expected_revision=outcome.revision,
        category=outcome.category.code,
        own_words="Feel safe at night",
        reason="Said on the visit",
    )
    services.enquiry_action_add(enquiry=enquiry, user=practitioner, description="Call the GP")
    kinds = set(AuditEvent.objects.filter(person_id=person_id).values_list("object_type", flat=True))
    assert {
        "cases.Person",
        "cases.Concern",
        "cases.Enquiry",
        "cases.DesiredOutcome",
        "cases.EnquiryAction",
    } <= kinds
    # Every event about one of those records names the person.
    about_records = AuditEvent.objects.filter(
        object_type__in=[
            "cases.Enquiry",
            "cases.DesiredOutcome",
            "cases.EnquiryAction",
            "cases.OutcomeChange",
        ]
    )
    assert about_records.exists() and not about_records.filter(person_id=None).exists()


def test_an_erased_persons_trail_keeps_their_number(council, lead, practitioner):
    person = make_person(council, practitioner)
    pk = person.pk
    retention.erase_person(person=person, user=lead)
    erased = AuditEvent.objects.get(action="delete", object_type="cases.Person")
    assert erased.person_id == pk
    assert AuditEvent.objects.filter(person_id=pk, action="create").exists()


def test_the_lead_sees_their_councils_trail_newest_first(client, council, lead, practitioner):
    concern = make_concern(council, practitioner)
    first = audit(user=practitioner, action="view", obj=concern, summary="First look")
    second = audit(user=practitioner, action="view", obj=concern, summary="Second look")
    _at(first, timezone.now() - datetime.timedelta(days=2))
    _at(second, timezone.now() - datetime.timedelta(days=1))
    client.force_login(lead)
    response = client.get(URL)
    assert response.status_code == 200
    rows = _rows(response)
    newer = next(i for i, row in enumerate(rows) if "Second look" in row)
    older = next(i for i, row in enumerate(rows) if "First look" in row)
    assert newer < older
    assert "Pat Okafor" in rows[newer]


def test_another_councils_lead_sees_nothing_of_this_council(client, council, other_lead, practitioner):
    concern = make_concern(council, practitioner)
    audit(user=practitioner, action="view", obj=concern, summary="Looked at the Ashbourne concern")
    client.force_login(other_lead)
    response = client.get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Looked at the Ashbourne concern" not in text and "Okafor" not in text
    # Not by naming this council's person either.
    response = client.get(URL, {"person": concern.person_id})
    assert not any("Concern" in row and "Looked at" in row for row in _rows(response))
    csv_text = client.get(CSV_URL).getvalue().decode("utf-8-sig")
    assert "Ashbourne" not in csv_text and "Okafor" not in csv_text


@pytest.mark.parametrize("who", ["practitioner", "manager"])
def test_other_council_roles_are_refused(client, who, practitioner, manager):
    client.force_login({"practitioner": practitioner, "manager": manager}[who])
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403
    assert not AuditEvent.objects.filter(object_type="accounts.AuditEvent").exists()


def test_an_analyst_and_anonymous_visitors_are_kept_out(client, db):
    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(make_user("ana", Role.ANALYST))
    assert client.get(URL).status_code == 403


def test_reading_the_trail_is_itself_audited_with_its_filters(client, council, lead, practitioner):
    client.force_login(lead)
    client.get(URL, {"user": practitioner.pk, "since_day": "1", "since_month": "1", "since_year": "2026"})
    event = AuditEvent.objects.get(object_type="accounts.AuditEvent")
    assert (event.user, event.action, event.council) == (lead, "view", council)
    assert event.changes == {"user": "pat", "since": "2026-01-01"}
    # The lead's own reading shows on the next look.
    assert any("Audit trail, page 1" in row for row in _rows(client.get(URL)))


def test_the_trail_filters_by_person_user_and_date(client, council, lead, practitioner, manager):
    one = make_concern(
        council, practitioner, make_person(council, practitioner, given="Ada", family="Quince")
    )
    two = make_concern(council, practitioner, make_person(council, practitioner, given="Bo", family="Reed"))
    old = audit(user=manager, action="view", obj=one, summary="Old look at one")
    _at(old, timezone.now() - datetime.timedelta(days=40))
    audit(user=manager, action="view", obj=two, summary="Manager looks at two")
    audit(user=practitioner, action="view", obj=one, summary="Practitioner looks at one")
    client.force_login(lead)

    by_person = " ".join(_rows(client.get(URL, {"person": one.person_id})))
    assert "Practitioner looks at one" in by_person and "Old look at one" in by_person
    assert "Manager looks at two" not in by_person

    by_user = " ".join(_rows(client.get(URL, {"user": manager.pk})))
    assert "Manager looks at two" in by_user and "Old look at one" in by_user
    assert "Practitioner looks at one" not in by_user

    start = timezone.localdate() - datetime.timedelta(days=41)
    end = timezone.localdate() - datetime.timedelta(days=39)
    dates = {
        "since_day": start.day,
        "since_month": start.month,
        "since_year": start.year,
        "until_day": end.day,
        "until_month": end.month,
        "until_year": end.year,
    }
    by_date = _rows(client.get(URL, dates))
    assert len(by_date) == 1 and "Old look at one" in by_date[0]


def test_an_end_before_the_start_is_an_error(client, lead):
    client.force_login(lead)
    response = client.get(
        URL,
        {
            "since_day": "5",
            "since_month": "3",
            "since_year": "2026",
            "until_day": "1",
            "until_month": "3",
            "until_year": "2026",
        },
    )
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_the_trail_is_paged(client, council, lead, practitioner):
    concern = make_concern(council, practitioner)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=practitioner,
                action="view",
                object_type="cases.Concern",
                object_id=str(concern.pk),
                council=council,
                person_id=concern.person_id,
                summary=f"Look {n}",
            )
            for n in range(60)
        ]
    )
    client.force_login(lead)
    first = client.get(URL)
    assert len(_rows(first)) == 50 and "Showing 1 to 50 of" in first.content.decode()
    second = client.get(URL, {"page": "2"})
    assert 0 < len(_rows(second)) <= 50 and "Showing 51 to" in second.content.decode()


def test_the_national_programmes_events_about_the_council_are_not_on_its_trail(client, council, lead):
    audit(
        user=None,
        action="change",
        object_type="tempcheck.Interview",
        object_id="7",
        council=council,
        summary="Interview answers saved",
    )
    client.force_login(lead)
    assert "Interview answers saved" not in client.get(URL).content.decode()


def test_the_download_is_the_filtered_trail_without_values_and_is_audited(
    client, council, lead, practitioner
):
    enquiry = make_enquiry(council, practitioner, lead)
    services.enquiry_record_risk(
        enquiry=enquiry, user=practitioner, expected_revision=enquiry.revision, risk_result="none_no_action"
    )
    client.force_login(lead)
    response = client.get(CSV_URL, {"user": practitioner.pk})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["When (UK time)", "Who", "Username", "What"]
    assert {row[2] for row in rows[1:]} == {"pat"}
    risk = next(row for row in rows[1:] if "risk_result" in row[8])
    assert risk[4] == "Enquiry" and "none_no_action" not in ",".join(risk)
    assert risk[6] == str(enquiry.concern.person_id)
    event = AuditEvent.objects.get(object_type="accounts.AuditEvent", action="export")
    assert event.user == lead and event.changes == {"user": "pat"}


def test_the_lead_finds_the_trail_from_their_pages(client, council, lead, practitioner):
    person = make_person(council, practitioner)
    client.force_login(lead)
    assert f'href="{URL}"' in client.get(reverse("cases:queues")).content.decode()
    assert (
        f'href="{URL}?person={person.pk}"'
        in client.get(reverse("cases:person", kwargs={"pk": person.pk})).content.decode()
    )
    client.force_login(practitioner)
    assert (
        f'href="{URL}' not in client.get(reverse("cases:person", kwargs={"pk": person.pk})).content.decode()
    )


def test_the_backfill_names_the_person_and_council_of_events_written_before(council, practitioner, manager):
    enquiry = make_enquiry(council, practitioner, manager)
    AuditEvent.objects.update(person_id=None)
    AuditEvent.objects.filter(object_type="cases.Enquiry").update(council=None)
    gone = AuditEvent.objects.create(action="delete", object_type="cases.Person", object_id="987654")
    migration = importlib.import_module("msp.accounts.migrations.0004_audit_person")
    migration.backfill(apps, None)
    person_id = enquiry.concern.person_id
    for kind in ("cases.Person", "cases.Concern", "cases.Enquiry", "cases.DesiredOutcome"):
        events = AuditEvent.objects.filter(object_type=kind).exclude(pk=gone.pk)
        assert events.exists() and set(events.values_list("person_id", flat=True)) == {person_id}, kind
    assert set(AuditEvent.objects.filter(object_type="cases.Enquiry").values_list("council", flat=True)) == {
        council.pk
    }
    gone.refresh_from_db()
    assert gone.person_id == 987654
