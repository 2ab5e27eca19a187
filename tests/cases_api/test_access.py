"""The same access battery on every API endpoint: own council, roles, another council, national staff,
anonymous, wrong method and a bad id — all answered in JSON."""

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent
from tests.cases.conftest import make_concern

pytestmark = pytest.mark.django_db

# (url name, kwargs from the cast)
DETAILS = [
    ("cases_api:concern", lambda c: {"pk": c["concern"].pk}),
    ("cases_api:concern", lambda c: {"pk": c["enquiry"].concern_id}),
    ("cases_api:person", lambda c: {"pk": c["person"].pk}),
]
DETAIL_IDS = ["concern", "concern-in-enquiry", "person"]
ENDPOINTS = [(name, kwargs) for name, kwargs in DETAILS] + [("cases_api:concerns", lambda c: {})]
ENDPOINT_IDS = [*DETAIL_IDS, "concern-list"]


@pytest.mark.parametrize(("name", "kwargs"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("who", ["practitioner", "manager", "lead"])
def test_the_councils_staff_can_read_it(client, cast, request, who, name, kwargs):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name, kwargs=kwargs(cast)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(("name", "kwargs"), DETAILS, ids=DETAIL_IDS)
@pytest.mark.parametrize("who", ["outsider", "outsider_manager"])
def test_another_councils_staff_get_a_json_404(client, cast, request, who, name, kwargs):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name, kwargs=kwargs(cast)))
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}


def test_another_councils_staff_see_none_of_the_councils_concerns_in_the_list(
    client, cast, outsider, other_council
):
    theirs = make_concern(other_council, outsider)
    client.force_login(outsider)
    body = client.get(reverse("cases_api:concerns")).json()
    assert [row["id"] for row in body["results"]] == [theirs.pk]
    assert body["count"] == 1


@pytest.mark.parametrize(("name", "kwargs"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("who", ["analyst", "interviewer", "superuser"])
def test_national_staff_and_superusers_without_a_council_get_a_json_403(
    client, cast, request, who, name, kwargs
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name, kwargs=kwargs(cast)))
    assert response.status_code == 403
    assert response.json() == {"error": "forbidden"}


@pytest.mark.parametrize(("name", "kwargs"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_callers_get_a_json_401_not_a_redirect(client, cast, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs(cast)))
    assert response.status_code == 401
    assert response.json() == {"error": "not signed in"}


@pytest.mark.parametrize(("name", "kwargs"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_is_read_only(client, cast, practitioner, method, name, kwargs):
    client.force_login(practitioner)
    response = getattr(client, method)(reverse(name, kwargs=kwargs(cast)))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"error": "method not allowed"}


@pytest.mark.parametrize("name", ["cases_api:concern", "cases_api:person"])
def test_a_bad_id_is_a_json_404(client, cast, practitioner, name):
    client.force_login(practitioner)
    response = client.get(reverse(name, kwargs={"pk": 999_999}))
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}


@pytest.mark.parametrize("path", ["/api/cases/concerns/abc/", "/api/cases/nothing-here/", "/api/cases/"])
def test_an_unknown_path_under_the_api_is_a_json_404(client, practitioner, path):
    client.force_login(practitioner)
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}


def test_refused_and_missing_requests_write_no_view_event(client, cast, outsider, analyst):
    for user in (outsider, analyst):
        client.force_login(user)
        client.get(reverse("cases_api:concern", kwargs={"pk": cast["concern"].pk}))
        client.get(reverse("cases_api:person", kwargs={"pk": cast["person"].pk}))
    client.logout()
    client.get(reverse("cases_api:concern", kwargs={"pk": cast["concern"].pk}))
    assert not AuditEvent.objects.filter(action="view").exists()
