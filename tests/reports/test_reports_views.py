"""The analysis pages: who may see them, what they show, and the links among them."""

import json

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent, Role
from msp.councils.models import Council
from msp.tempcheck.models import Interview
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner(db):
    return make_user("pat", Role.PRACTITIONER, council=Council.objects.order_by("pk").first())


@pytest.fixture
def a_council(wave2016):
    return Interview.objects.filter(wave=wave2016).select_related("council").order_by("pk").first().council


def urls(council_code="E06000015"):
    return [
        reverse("reports:index"),
        reverse("reports:wave", args=["2016"]),
        reverse("reports:download", args=["2016", "csv"]),
        reverse("reports:council", args=["2016", council_code]),
    ]


@pytest.mark.parametrize("who", ["analyst", "interviewer", "superuser"])
def test_the_programme_team_may_see_every_page(wave2016, a_council, client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in urls(a_council.gss_code):
        assert client.get(url).status_code == 200, url


def test_council_staff_are_refused(wave2016, a_council, client, practitioner):
    client.force_login(practitioner)
    for url in urls(a_council.gss_code):
        assert client.get(url).status_code == 403, url


def test_a_user_without_a_role_is_refused(wave2016, client):
    client.force_login(make_user("nobody"))
    assert client.get(reverse("reports:wave", args=["2016"])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(wave2016, a_council, client):
    for url in urls(a_council.gss_code):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url


def test_the_pages_only_answer_get(wave2016, a_council, client, analyst):
    client.force_login(analyst)
    for url in urls(a_council.gss_code):
        assert client.post(url).status_code == 405, url


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:wave", args=["1999"]),
        reverse("reports:wave", args=["2014-15"]),  # published figures only: nothing to tabulate
        reverse("reports:download", args=["2016", "xlsx"]),
        reverse("reports:council", args=["2016", "E99999999"]),
        reverse("reports:council", args=["1999", "E06000015"]),
    ],
)
def test_unknown_waves_councils_and_formats_are_not_found(wave2016, client, analyst, url):
    client.force_login(analyst)
    assert client.get(url).status_code == 404


def test_a_council_without_a_submitted_interview_is_not_found(wave2016, a_council, client, analyst):
    Interview.objects.filter(wave=wave2016, council=a_council).update(status=Interview.Status.DRAFT)
    client.force_login(analyst)
    assert client.get(reverse("reports:council", args=["2016", a_council.gss_code])).status_code == 404


def test_the_wave_page_shows_the_tables_and_findings(wave2016, client, analyst):
    client.force_login(analyst)
    html = client.get(reverse("reports:wave", args=["2016"])).content.decode()
    assert "Based on 115 submitted interviews" in html
    assert "Table 5: Has your organisation" in html
    assert "Table 3: How involved" in html and "Total answering" in html
    assert "81% (93 of 115)" in html  # boards engaged very or fairly well
    assert "14 of 115: 13 lowered, 1 raised" in html
    assert "Overall positive" in html and "74%" in html  # Table 9 beside 2014-15
    assert "Figure 1" in html and "Figure 2" in html and "Figure 3" in html
    assert 'id="by-region"' in html and 'id="by-council_type"' in html
    assert html.count('<caption class="govuk-table__caption') >= 12


def test_the_wave_page_links_to_every_council_interviewed(wave2016, a_council, client, analyst):
    client.force_login(analyst)
    html = client.get(reverse("reports:wave", args=["2016"])).content.decode()
    assert html.count(reverse("reports:council", args=["2016", "X"]).rsplit("X", 1)[0]) == 115
    assert reverse("reports:council", args=["2016", a_council.gss_code]) in html


def test_a_filtered_wave_page_shows_one_region(wave2016, client, analyst):
    client.force_login(analyst)
    html = client.get(reverse("reports:wave", args=["2016"]), {"region": "London"}).content.decode()
    assert "Tables and findings: London" in html
    assert "Based on 26 submitted interviews" in html
    assert 'id="by-region"' not in html and 'id="by-council_type"' in html


def test_an_unknown_filter_shows_an_error_and_england(wave2016, client, analyst):
    client.force_login(analyst)
    html = client.get(reverse("reports:wave", args=["2016"]), {"region": "Atlantis"}).content.decode()
    assert "There is a problem" in html and "Choose a region from the list" in html
    assert "Based on 115 submitted interviews" in html


def test_downloads_give_the_same_tables_as_the_command(wave2016, client, analyst):
    client.force_login(analyst)
    response = client.get(
        reverse("reports:download", args=["2016", "json"]), {"council_type": "London borough"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="tempcheck-2016-tables.json"'
    data = json.loads(response.content)
    assert data["interviews"] == 26 and data["filters"]["council_type"] == "London borough"
    csv_text = client.get(reverse("reports:download", args=["2016", "csv"])).content.decode()
    assert "measuring_difference,Table 5," in csv_text


def test_the_council_page_shows_its_answers_beside_region_and_england(wave2016, a_council, client, analyst):
    client.force_login(analyst)
    interview = Interview.objects.get(wave=wave2016, council=a_council)
    html = client.get(reverse("reports:council", args=["2016", a_council.gss_code])).content.decode()
    assert a_council.name in html
    assert "Their answer" in html
    assert f"{a_council.region.name} (" in html and "England (115 answering)" in html
    assert "Interviewer's rating" in html and "Road-map step" in html
    assert 'id="next-steps"' in html
    step = interview.answers.get(question__code="road_map_step").choice
    assert f"Step {step} of 10" in html
    assert reverse("reports:wave", args=["2016"]) in html


def test_viewing_a_council_page_is_audited(wave2016, a_council, client, analyst):
    client.force_login(analyst)
    client.get(reverse("reports:council", args=["2016", a_council.gss_code]))
    event = AuditEvent.objects.get(user=analyst, action=AuditEvent.Action.VIEW)
    assert event.council == a_council and event.object_type == "tempcheck.Interview"


def test_the_index_lists_waves_with_interviews_only(wave2016, client, analyst):
    client.force_login(analyst)
    html = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:wave", args=["2016"]) in html
    assert reverse("reports:wave", args=["2014-15"]) not in html
