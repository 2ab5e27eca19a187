"""A save that leaves out the revision it was opened at is refused like a stale one, on every editing form."""

import pytest
from django.urls import reverse

from msp.cases.models import Concern, CouncilCaseSettings, Enquiry, Person
from msp.cases.views._common import STALE_MESSAGE
from tests.cases.test_views import PERSON_POST, _decision_post

pytestmark = pytest.mark.django_db


def _without_revision(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.endswith("revision")}


def _post_both_ways(client, url: str, data: dict):
    """Without the revision (refused), then with it (saved): the form itself is valid."""
    refused = client.post(url, _without_revision(data))
    assert refused.status_code == 200
    assert STALE_MESSAGE.split(".")[0] in refused.content.decode()
    return refused, lambda: client.post(url, data)


def test_a_decision_without_its_revision_is_refused(client, cast, manager):
    client.force_login(manager)
    concern = cast["concern"]
    url = reverse("cases:concern_decide", kwargs={"pk": concern.pk})
    _, save = _post_both_ways(client, url, _decision_post(concern.revision))
    assert Concern.objects.get(pk=concern.pk).decision == ""
    assert save().status_code == 302
    assert Concern.objects.get(pk=concern.pk).decision == "s42"


def test_a_contact_save_without_its_revision_is_refused(client, cast, practitioner):
    client.force_login(practitioner)
    enquiry = cast["enquiry"]
    data = {
        "revision": str(enquiry.revision),
        "first_contact_on_day": "",
        "first_contact_on_month": "",
        "first_contact_on_year": "",
        "first_contact_time": "",
        "involvement": ["phone"],
        "capacity": "had",
    }
    _, save = _post_both_ways(client, reverse("cases:enquiry_contact", kwargs={"pk": enquiry.pk}), data)
    assert Enquiry.objects.get(pk=enquiry.pk).capacity == ""
    assert save().status_code == 302
    assert Enquiry.objects.get(pk=enquiry.pk).capacity == "had"


def test_a_person_edit_without_its_revision_is_refused(client, cast, practitioner):
    client.force_login(practitioner)
    person = cast["person"]
    data = {**PERSON_POST, "given_name": "Marnie", "area": "South", "revision": str(person.revision)}
    refused, save = _post_both_ways(client, reverse("cases:person_edit", kwargs={"pk": person.pk}), data)
    assert 'value="South"' in refused.content.decode()  # what was typed is kept
    assert Person.objects.get(pk=person.pk).area != "South"
    assert save().status_code == 302
    assert Person.objects.get(pk=person.pk).area == "South"


def test_the_councils_settings_without_their_revision_are_refused(client, lead):
    client.force_login(lead)
    data = {
        "settings-revision": "1",
        "settings-decision_hours": "24",
        "settings-review_interval_days": "14",
        "settings-require_outcomes_asked": "on",
        "settings-require_outcomes_rated": "on",
    }
    _, save = _post_both_ways(client, reverse("cases:settings"), data)
    assert not CouncilCaseSettings.objects.filter(council=lead.council, decision_hours=24).exists()
    assert save().status_code == 302
    assert CouncilCaseSettings.objects.get(council=lead.council).decision_hours == 24
