"""The same access battery on every case page: own council, roles, another council, national staff, anonymous,
wrong method and a bad id."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (url name, kwargs from the cast, methods allowed, roles allowed: "all" council roles or "deciders"/"lead")
PAGES = [
    ("cases:person", lambda c: {"pk": c["person"].pk}, "GET", "all"),
    ("cases:person_edit", lambda c: {"pk": c["person"].pk}, "GET", "all"),
    ("cases:representative_new", lambda c: {"pk": c["person"].pk}, "GET", "all"),
    ("cases:concern_new", lambda c: {"pk": c["person"].pk}, "GET", "all"),
    ("cases:concern", lambda c: {"pk": c["concern"].pk}, "GET", "all"),
    ("cases:concern_decide", lambda c: {"pk": c["concern"].pk}, "POST", "deciders"),
    ("cases:concern_asked", lambda c: {"pk": c["concern"].pk}, "GET", "all"),
    ("cases:enquiry", lambda c: {"pk": c["enquiry"].pk}, "GET", "all"),
    ("cases:enquiry_assign", lambda c: {"pk": c["enquiry"].pk}, "GET", "deciders"),
    ("cases:enquiry_contact", lambda c: {"pk": c["enquiry"].pk}, "GET", "all"),
    ("cases:enquiry_risk", lambda c: {"pk": c["enquiry"].pk}, "GET", "all"),
    ("cases:action_new", lambda c: {"pk": c["enquiry"].pk}, "GET", "all"),
    ("cases:action_done", lambda c: {"pk": c["enquiry"].pk, "action_pk": c["action"].pk}, "POST", "all"),
    ("cases:outcome_new", lambda c: {"pk": c["enquiry"].pk}, "GET", "all"),
    ("cases:outcomes_reviewed", lambda c: {"pk": c["enquiry"].pk}, "GET", "all"),
    ("cases:outcome_edit", lambda c: {"pk": c["enquiry"].pk, "outcome_pk": c["outcome"].pk}, "GET", "all"),
    ("cases:enquiry_close", lambda c: {"pk": c["enquiry"].pk}, "GET", "deciders"),
    ("cases:feedback_new", lambda c: {"pk": c["closed"].pk}, "GET", "all"),
]
LISTS = ["cases:queues", "cases:people", "cases:concerns", "cases:concerns_export"]
PAGE_IDS = [p[0] for p in PAGES]


def _request(client, method, url):
    return client.post(url) if method == "POST" else client.get(url)


@pytest.mark.parametrize(("name", "kwargs", "method", "roles"), PAGES, ids=PAGE_IDS)
def test_a_practitioner_of_the_council_can_open_it_unless_it_is_for_managers(
    client, cast, practitioner, name, kwargs, method, roles
):
    client.force_login(practitioner)
    response = _request(client, method, reverse(name, kwargs=kwargs(cast)))
    expected = {200, 302} if roles == "all" else {403}
    assert response.status_code in expected
    assert "/sign-in/" not in response.get("Location", "")  # a redirect of the page's own, not to sign in


@pytest.mark.parametrize(("name", "kwargs", "method", "roles"), PAGES, ids=PAGE_IDS)
def test_a_team_manager_can_open_it(client, cast, manager, name, kwargs, method, roles):
    client.force_login(manager)
    response = _request(client, method, reverse(name, kwargs=kwargs(cast)))
    assert response.status_code in {200, 302}
    assert "/sign-in/" not in response.get("Location", "")  # a redirect of the page's own, not to sign in


@pytest.mark.parametrize(("name", "kwargs", "method", "roles"), PAGES, ids=PAGE_IDS)
@pytest.mark.parametrize("who", ["outsider", "outsider_manager"])
def test_another_councils_staff_get_404(client, cast, request, who, name, kwargs, method, roles):
    client.force_login(request.getfixturevalue(who))
    assert _request(client, method, reverse(name, kwargs=kwargs(cast))).status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "method", "roles"), PAGES, ids=PAGE_IDS)
def test_national_staff_are_refused(client, cast, analyst, name, kwargs, method, roles):
    client.force_login(analyst)
    assert _request(client, method, reverse(name, kwargs=kwargs(cast))).status_code == 403


@pytest.mark.parametrize(("name", "kwargs", "method", "roles"), PAGES, ids=PAGE_IDS)
def test_a_superuser_without_a_council_is_refused(client, cast, superuser, name, kwargs, method, roles):
    client.force_login(superuser)
    assert _request(client, method, reverse(name, kwargs=kwargs(cast))).status_code == 403


@pytest.mark.parametrize(("name", "kwargs", "method", "roles"), PAGES, ids=PAGE_IDS)
def test_anonymous_visitors_are_sent_to_sign_in(client, cast, name, kwargs, method, roles):
    url = reverse(name, kwargs=kwargs(cast))
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kwargs", "method", "roles"), PAGES, ids=PAGE_IDS)
def test_the_wrong_method_is_refused(client, cast, manager, name, kwargs, method, roles):
    client.force_login(manager)
    url = reverse(name, kwargs=kwargs(cast))
    response = client.get(url) if method == "POST" else client.delete(url)
    assert response.status_code == 405


@pytest.mark.parametrize(("name", "kwargs", "method", "roles"), PAGES, ids=PAGE_IDS)
def test_a_bad_id_is_404(client, cast, manager, name, kwargs, method, roles):
    client.force_login(manager)
    bad = {key: 987654 for key in kwargs(cast)}
    assert _request(client, method, reverse(name, kwargs=bad)).status_code == 404


@pytest.mark.parametrize("name", LISTS)
def test_lists_open_for_council_staff(client, cast, practitioner, name):
    client.force_login(practitioner)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", LISTS)
def test_lists_refuse_national_staff_and_send_anonymous_to_sign_in(client, cast, analyst, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(analyst)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", LISTS)
def test_lists_refuse_posts(client, cast, practitioner, name):
    client.force_login(practitioner)
    assert client.post(reverse(name)).status_code == 405


def test_settings_are_for_the_safeguarding_lead_only(client, cast, practitioner, manager, lead):
    url = reverse("cases:settings")
    for user, status in ((practitioner, 403), (manager, 403), (lead, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status


def test_another_council_sees_none_of_this_councils_records_in_lists_search_and_export(
    client, cast, outsider
):
    client.force_login(outsider)
    person, concern = cast["person"], cast["concern"]
    pages = [
        client.get(reverse("cases:queues")),
        client.get(reverse("cases:concerns")),
        client.get(reverse("cases:people"), {"name": person.family_name}),
        client.get(
            reverse("cases:people"),
            {"date_of_birth_day": "14", "date_of_birth_month": "5", "date_of_birth_year": "1938"},
        ),
    ]
    for response in pages:
        text = response.content.decode()
        assert reverse("cases:person", kwargs={"pk": person.pk}) not in text
        assert concern.reference not in text
    assert "No one found" in pages[2].content.decode()
    export = b"".join(client.get(reverse("cases:concerns_export")).streaming_content).decode()
    assert concern.reference not in export
    assert len(export.strip().splitlines()) == 1  # the header only


@pytest.mark.parametrize(
    ("name", "kwargs", "method", "roles"),
    [p for p in PAGES if p[2] == "GET"],
    ids=[p[0] for p in PAGES if p[2] == "GET"],
)
def test_opening_any_case_page_is_audited_as_a_view(client, cast, manager, name, kwargs, method, roles):
    from msp.accounts.models import AuditEvent

    client.force_login(manager)
    before = AuditEvent.objects.filter(action="view", user=manager).count()
    client.get(reverse(name, kwargs=kwargs(cast)))
    assert AuditEvent.objects.filter(action="view", user=manager).count() == before + 1
