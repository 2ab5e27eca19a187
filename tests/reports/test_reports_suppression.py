"""Groups too small to keep councils anonymous are suppressed: no count in JSON, CSV, Markdown or HTML."""

import re

import pytest
from django.core.management import CommandError
from django.urls import reverse

from msp.tempcheck.models import Interview
from tests.reports.conftest import run_tables, tables_json

pytestmark = pytest.mark.django_db

# In the fixture: North East has 9 interviews (6 unitary), East Midlands 9, East of England 8, London 26.


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def row_text(html: str, table_id: str, name: str) -> str:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return next(text_of(row) for row in table.split("<tr")[1:] if name in row)


def main_content(html: str) -> str:
    return html.split('id="main-content"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_the_command_refuses_a_region_below_the_threshold_in_every_format(wave2016, settings, fmt):
    settings.MSP_SUPPRESSION_THRESHOLD = 10
    with pytest.raises(CommandError) as caught:
        run_tables("--format", fmt, "--region", "North East")
    message = str(caught.value)
    assert "too few submitted interviews" in message
    assert not re.search(r"\b9\b", message)  # not even the group's size


def test_the_next_smallest_group_is_suppressed_when_only_one_is_below_the_threshold(wave2016, settings):
    settings.MSP_SUPPRESSION_THRESHOLD = 9  # only East of England (8) is too small ...
    with pytest.raises(CommandError):
        run_tables("--region", "East of England")
    with pytest.raises(CommandError):  # ... so the first of the next smallest (9) goes too
        run_tables("--region", "East Midlands")
    assert tables_json("--region", "North East")["interviews"] == 9


def test_a_region_and_type_is_suppressed_when_the_rest_of_the_region_would_be_small(wave2016, settings):
    settings.MSP_SUPPRESSION_THRESHOLD = 5
    with pytest.raises(CommandError):  # 6 of North East's 9 are unitary: the other 3 would be revealed
        run_tables("--region", "North East", "--council-type", "Unitary authority")
    data = tables_json("--region", "South East", "--council-type", "Unitary authority")
    assert data["interviews"] == 10


def test_a_threshold_of_one_hides_nothing(wave2016, settings):
    settings.MSP_SUPPRESSION_THRESHOLD = 1
    assert tables_json("--region", "North East", "--council-type", "Metropolitan district")["interviews"] == 3


def test_the_breakdown_shows_a_suppressed_region_without_any_number(wave2016, client, analyst, settings):
    settings.MSP_SUPPRESSION_THRESHOLD = 10
    client.force_login(analyst)
    html = client.get(reverse("reports:wave", args=["2016"])).content.decode()
    for region in ("North East", "East Midlands", "East of England", "South West", "West Midlands"):
        row = row_text(html, "by-region", region)
        assert "Not shown" in row and not re.search(r"\d", row), row
    assert re.search(r"\d", row_text(html, "by-region", "London"))


def test_a_suppressed_regions_page_shows_no_figures_and_no_councils(wave2016, client, analyst, settings):
    settings.MSP_SUPPRESSION_THRESHOLD = 10
    client.force_login(analyst)
    response = client.get(reverse("reports:wave", args=["2016"]), {"region": "North East"})
    main = main_content(response.content.decode())
    assert 'id="suppressed"' in main
    assert "govuk-table" not in main
    assert "Sunderland" not in main and "Durham" not in main
    assert not re.search(r"\d", text_of(main.split('id="suppressed"', 1)[1]))


def test_a_suppressed_regions_downloads_are_not_found(wave2016, client, analyst, settings):
    settings.MSP_SUPPRESSION_THRESHOLD = 10
    client.force_login(analyst)
    for fmt in ("csv", "json"):
        url = reverse("reports:download", args=["2016", fmt])
        assert client.get(url, {"region": "North East"}).status_code == 404
        assert client.get(url, {"region": "London"}).status_code == 200


def test_a_council_in_a_suppressed_region_is_shown_only_beside_england(wave2016, client, analyst, settings):
    settings.MSP_SUPPRESSION_THRESHOLD = 10
    client.force_login(analyst)
    council = Interview.objects.filter(wave=wave2016, council__region__name="North East").first().council
    html = client.get(reverse("reports:council", args=["2016", council.gss_code])).content.decode()
    assert 'id="region-suppressed"' in html
    assert "North East (" not in html  # no regional column with its base
    assert "England (115 answering)" in html
