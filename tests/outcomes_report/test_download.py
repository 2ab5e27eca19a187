"""Downloading the regional report from the ranked councils page: the programme team any region, a regional
lead their own; refused to everyone else, and audited."""

from __future__ import annotations

import pytest

from msp.accounts.models import AuditEvent
from tests.outcomes_report.conftest import REGION, REGION_GSS, YEAR

pytestmark = pytest.mark.django_db
URL = f"/outcomes/councils/{REGION_GSS}/report.html"


def download(client, user, url=URL, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, {"year": YEAR, **params})


@pytest.mark.parametrize("who", ["regional_lead", "analyst"])
def test_the_regions_lead_and_the_programme_can_download_it(client, cast, who):
    response = download(client, cast[who])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="msp-outcomes-2023-24-return-test-region.html"'
    )
    assert f"Regional report: {REGION}" in response.content.decode()
    event = AuditEvent.objects.get(object_type="outcomes.RegionReport")
    assert event.user == cast[who] and event.action == "export" and event.object_id == REGION_GSS


def test_the_pdf_downloads_as_a_pdf(client, cast):
    response = download(client, cast["analyst"], url=URL.replace(".html", ".pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["practitioner", "lead", "other_regional_lead"])
def test_it_is_refused_to_anyone_else(client, cast, who):
    assert download(client, cast[who]).status_code == 403
    assert not AuditEvent.objects.filter(object_type="outcomes.RegionReport").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, cast):
    response = download(client, None)
    assert response.status_code == 302 and "sign-in" in response["Location"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/outcomes/councils/E12000999/report.html", {}),
        (URL.replace(".html", ".xlsx"), {}),
        (URL, {"year": "2023"}),
    ],
)
def test_an_unknown_region_format_or_year_is_not_found(client, cast, url, params):
    assert download(client, cast["analyst"], url=url, **params).status_code == 404


def test_it_only_answers_get(client, cast):
    client.force_login(cast["analyst"])
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize(
    ("who", "shown"),
    [("regional_lead", True), ("analyst", True), ("lead", False), ("other_regional_lead", False)],
)
def test_the_ranked_page_links_to_it_when_a_region_is_chosen(client, cast, who, shown):
    client.force_login(cast[who])
    page = client.get("/outcomes/councils/", {"year": YEAR, "region": REGION_GSS}).content.decode()
    assert (f"{URL}?year={YEAR}" in page) is shown
    unchosen = client.get("/outcomes/councils/", {"year": YEAR}).content.decode()
    assert "report.html" not in unchosen
