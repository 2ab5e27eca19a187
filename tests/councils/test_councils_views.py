"""The council list (filtered by region, type and date) and the council page."""

import datetime

import pytest
from django.urls import reverse

LIST = reverse("councils:list")


def detail(code):
    return reverse("councils:detail", args=[code])


@pytest.mark.parametrize("url", [LIST, detail("E06000041")])
def test_it_sends_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", [LIST, detail("E06000041")])
def test_it_refuses_a_post(client, analyst, url):
    client.force_login(analyst)
    assert client.post(url).status_code == 405


def test_it_lists_the_councils_that_exist_today_by_default(client, interviewer, councils_db):
    client.force_login(interviewer)
    response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["councils"]) == 153
    assert response.context["valid_on"] == datetime.date.today()
    assert b"govuk-select" in response.content
    assert b"govuk-date-input" in response.content


def test_it_filters_by_region_type_and_date(client, analyst, councils_db):
    client.force_login(analyst)
    response = client.get(
        LIST,
        {
            "region": "E12000009",
            "council_type": "Unitary authority",
            "valid_on_day": "1",
            "valid_on_month": "6",
            "valid_on_year": "2016",
        },
    )
    names = [c.short_name for c in response.context["councils"]]
    assert "Poole" in names
    assert "Bournemouth, Christchurch and Poole" not in names
    assert "Dorset" not in names  # a county council in 2016
    assert "Leeds" not in names
    assert len(names) == 12
    assert "12 councils that existed on 1 June 2016" in response.content.decode()


def test_it_shows_every_date_when_asked(client, analyst, councils_db):
    client.force_login(analyst)
    response = client.get(LIST, {"region": "E12000007", "all_dates": "on"})
    assert len(response.context["councils"]) == 33
    response = client.get(LIST, {"all_dates": "on"})
    assert len(response.context["councils"]) == 163


def test_it_explains_an_impossible_date_and_still_lists_todays_councils(client, analyst, councils_db):
    client.force_login(analyst)
    response = client.get(LIST, {"valid_on_day": "31", "valid_on_month": "2", "valid_on_year": "2016"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter a real date" in response.content.decode()
    assert len(response.context["councils"]) == 153


def test_it_shows_a_councils_names_dates_links_and_board(client, analyst, councils_db):
    client.force_login(analyst)
    response = client.get(detail("E10000009"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-summary-list" in html
    assert "Dorset County Council" in html
    assert "Dorset County" in html  # an alias
    assert "31 March 2019" in html
    assert detail("E06000058") in html and detail("E06000059") in html  # successors
    assert "Dorset Safeguarding Adults Board" in html


def test_it_shows_a_shared_board_with_its_other_councils(client, analyst, councils_db):
    client.force_login(analyst)
    html = client.get(detail("e06000041")).content.decode()
    assert "Berkshire West Safeguarding Adults Board" in html
    assert detail("E06000038") in html and detail("E06000037") in html
    assert "Before 1 April 2016" in html and "Still exists" in html


def test_it_answers_404_for_an_unknown_code(client, analyst, councils_db):
    client.force_login(analyst)
    assert client.get(detail("E06999999")).status_code == 404
