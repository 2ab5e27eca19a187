"""One JSON line per request: method, path, status, duration, user id and council id; never personal data,
query strings or what was posted."""

import json
import logging

import pytest
from django.conf import settings

from msp.accounts.models import Role
from tests.cases_alert.conftest import alert_data, make_council, step_url
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

FIELDS = {"time", "method", "path", "route", "status", "duration_ms", "user_id", "council_id"}


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="msp.requests")

    def lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "msp.requests"]

    return lines


def test_the_middleware_comes_first_so_it_times_everything():
    assert settings.MIDDLEWARE[0] == "msp.core.middleware.RequestLogMiddleware"


def test_one_json_line_per_request_without_the_query_string(client, request_log):
    council = make_council("E06999921", "Logwell")
    staff = make_user("lou", Role.PRACTITIONER, council)
    client.force_login(staff)
    client.get("/cases/people/?q=Marnie+Quillfeather&nhs=9434765919")
    [line] = request_log()
    record = json.loads(line)
    assert set(record) == FIELDS
    assert record["method"] == "GET"
    assert record["path"] == "/cases/people/"
    assert record["route"] == "cases/people/"
    assert record["status"] == 200
    assert record["duration_ms"] >= 0
    assert record["user_id"] == staff.pk
    assert record["council_id"] == council.pk
    for personal in ("Marnie", "Quillfeather", "9434765919", "lou", "Lou"):
        assert personal not in line
    assert "\n" not in line


PERSON_PAGE = step_url("the-person")  # a question page of the partner form: names, a date of birth


def test_nothing_that_was_posted_reaches_the_log(client, request_log):
    council = make_council("E06999922", "Postwick")
    data = alert_data(council)
    assert client.post(PERSON_PAGE, data).status_code == 302
    [line] = request_log()
    record = json.loads(line)
    assert (record["method"], record["path"], record["status"]) == ("POST", PERSON_PAGE, 302)
    assert record["user_id"] is None and record["council_id"] is None
    for field in ("given_name", "family_name", "nhs_number", "referrer_email", "address", "referrer_phone"):
        assert data[field] not in line


def test_a_request_that_never_looked_at_the_user_does_not_load_them(
    client, request_log, django_assert_max_num_queries
):
    client.force_login(make_user("hal"))
    client.get("/health/")  # migrations read once
    request_log().clear()
    with django_assert_max_num_queries(1):
        client.get("/health/")
    record = json.loads(request_log()[-1])
    assert record["user_id"] is None


def test_unknown_paths_and_errors_are_logged_too(client, request_log):
    client.get("/no-such-page/?name=Marnie")
    record = json.loads(request_log()[-1])
    assert (record["path"], record["route"], record["status"]) == ("/no-such-page/", None, 404)


def test_it_writes_nothing_when_the_log_is_off(client, caplog):
    caplog.set_level(logging.WARNING, logger="msp.requests")
    client.get("/health/")
    assert not [r for r in caplog.records if r.name == "msp.requests"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/sign-in/", "/report-a-concern/the-person/"])
def test_a_body_in_an_unknown_or_other_charset_is_a_bad_request_not_a_server_error(client, path):
    for charset in ("nonsense-9", "latin-1"):
        response = client.generic(
            "POST",
            path,
            b"username=abc&given_name=Ren%E9e",
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )
        assert response.status_code == 400, charset


@pytest.mark.django_db
def test_a_nul_in_the_path_the_query_or_a_form_field_is_a_bad_request(client):
    # On PostgreSQL each reached the database as an error (found by tests/core/test_fuzz.py).
    assert client.get("/api/figures/councils/E06%00/indicators/").status_code == 400
    assert client.get("/cases/concerns/", {"search": "Mar\x00nie"}).status_code == 400
    form = "application/x-www-form-urlencoded"
    page = "/report-a-concern/the-person/"
    assert client.post(page, "given_name=Mar%00nie", content_type=form).status_code == 400
    assert client.get("/health/").status_code == 200  # nothing else changes
