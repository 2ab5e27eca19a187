"""The analysis and council pages in a real browser: no axe violations; the filters and links work."""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from msp.tempcheck.models import Interview
from tests.conftest import axe_violations
from tests.reports.conftest import FIXTURE_2016

SHOTS = Path(os.environ.get("MSP_SHOTS", "/tmp/msp-shots"))


def sign_in_by_session(page, live_server, user) -> None:
    """A session made by Django's test client, handed to the browser (the sign-in form has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def assert_accessible(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"reports-{name}.png"), full_page=True)
    assert axe_violations(page) == [], name


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_analyst_reads_the_tables_filters_them_and_opens_a_council(live_server, page, analyst, settings):
    call_command("tempcheck_import", str(FIXTURE_2016), wave="2016", stdout=io.StringIO())
    settings.MSP_SUPPRESSION_THRESHOLD = 10
    sign_in_by_session(page, live_server, analyst)

    page.goto(f"{live_server.url}/reports/waves/2016/")
    assert page.get_by_role("heading", name="Tables and findings: England").is_visible()
    assert page.locator("#table-measuring_difference").get_by_role("row", name="No 18 16%").is_visible()
    assert_accessible(page, "wave")

    page.select_option("#id_region", "London")
    page.get_by_role("button", name="Show tables").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Tables and findings: London").is_visible()
    assert_accessible(page, "wave-london")

    page.select_option("#id_region", "North East")
    page.get_by_role("button", name="Show tables").click()
    page.wait_for_load_state()
    assert page.locator("#suppressed").is_visible()
    assert page.locator("table").count() == 0
    assert_accessible(page, "wave-suppressed")

    council = (
        Interview.objects.filter(council__region__name="London").select_related("council").first().council
    )
    page.goto(f"{live_server.url}/reports/waves/2016/#councils")
    page.get_by_role("link", name=council.short_name, exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=council.name).is_visible()
    assert page.get_by_text("Their answer").first.is_visible()
    assert_accessible(page, "council")
