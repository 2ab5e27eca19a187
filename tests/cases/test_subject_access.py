"""A subject access export: everything held about one person and who looked, as JSON and PDF, for the
council's lead only, audited."""

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from msp.accounts.models import AuditEvent
from msp.cases import services
from msp.cases.choices import FEEDBACK_QUESTIONS
from tests.cases.conftest import make_concern, make_person

pytestmark = pytest.mark.django_db


def url(person, fmt):
    return reverse("cases:person_subject_access", kwargs={"pk": person.pk, "fmt": fmt})


def test_the_lead_gets_everything_held_and_the_access_log(client, cast, practitioner, lead):
    person = cast["person"]
    client.force_login(practitioner)
    client.get(reverse("cases:person", kwargs={"pk": person.pk}))  # a view, to appear in the log
    client.force_login(lead)
    page = client.get(reverse("cases:person", kwargs={"pk": person.pk})).content.decode()
    assert url(person, "pdf") in page
    response = client.get(url(person, "json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    content = json.loads(response.content)
    text = json.dumps(content)
    assert content["person"]["Given name"] == person.given_name
    assert content["person"]["Date of birth"] == "1938-05-14"
    references = {c["reference"] for c in content["concerns"]}
    assert references == set(person.concerns.values_list("reference", flat=True))
    assert "Get my pension sorted" in text  # a desired outcome in the person's own words
    assert "A carer noticed missed medication" in text
    viewers = {(e["who"], e["what"]) for e in content["access_log"]}
    assert (practitioner.display_name, "Viewed") in viewers
    assert AuditEvent.objects.filter(
        user=lead, action="export", summary="Subject access export (JSON)"
    ).exists()


def test_the_pdf_reads_as_a_letter_with_every_concern(client, cast, lead):
    person = cast["person"]
    client.force_login(lead)
    response = client.get(url(person, "pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert person.family_name in text
    for reference in person.concerns.values_list("reference", flat=True):
        assert reference in text
    assert "Who looked at or changed these records" in text


def test_feedback_and_enquiries_are_in_it(client, council, practitioner, manager, lead):
    from tests.cases.conftest import make_enquiry

    enquiry = make_enquiry(council, practitioner, manager)
    services.feedback_record(
        enquiry=enquiry,
        user=practitioner,
        respondent="person",
        method="at_closure",
        answers={name: "yes" for name, _ in FEEDBACK_QUESTIONS},
        answered_on=timezone.localdate(),
        comments="They listened to me properly.",
    )
    services.enquiry_action_add(enquiry=enquiry, user=practitioner, description="Ring the bank")
    client.force_login(lead)
    content = json.loads(client.get(url(enquiry.concern.person, "json")).content)
    [item] = content["concerns"]
    assert "enquiry" in item and any("Ring the bank" in json.dumps(a) for a in item["enquiry"]["actions"])
    assert "They listened to me properly." in json.dumps(item["enquiry"]["feedback"])


def test_only_the_councils_lead_may_export(client, cast, practitioner, manager, outsider_manager):
    person = cast["person"]
    for user in (practitioner, manager):
        client.force_login(user)
        assert client.get(url(person, "json")).status_code == 403
    client.force_login(outsider_manager)
    assert client.get(url(person, "json")).status_code == 403


def test_another_councils_lead_cannot_find_the_person(client, cast, other_council):
    from msp.accounts.models import Role
    from tests.conftest import make_user

    client.force_login(make_user("olga", Role.SAFEGUARDING_LEAD, other_council))
    assert client.get(url(cast["person"], "json")).status_code == 404
    assert client.get(url(cast["person"], "csv")).status_code == 404


def test_someone_with_nothing_but_a_name_still_gets_a_complete_answer(client, council, lead):
    person = make_person(council, lead, given="Solo", family="Oneline")
    make_concern(council, lead, person, outcomes=False)
    client.force_login(lead)
    content = json.loads(client.get(url(person, "json")).content)
    assert len(content["concerns"]) == 1 and content["concerns"][0]["desired_outcomes"] == []
