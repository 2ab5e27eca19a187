"""The generated HTML report and the report pages in a real browser: no axe violations; they read right."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from msp.reports import selectors
from msp.reports.documents import build
from tests.conftest import axe_violations
from tests.reports.conftest import FIXTURE_2016
from tests.reports.test_reports_browser import sign_in_by_session

SHOTS = Path(os.environ.get("MSP_SHOTS", "/tmp/msp-shots"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_accessible(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"documents-{name}.png"), full_page=True)
    assert axe_violations(page) == [], name


def test_the_html_reports_pass_axe(page):
    call_command("tempcheck_import", str(FIXTURE_2016), wave="2016", stdout=io.StringIO())
    data = build.wave_data(selectors.wave_by_code("2016"), threshold=9)
    for region in ("", "London", "East of England"):
        html = build.generate(data, "html", region).content.decode()
        page.set_content(html)
        assert page.get_by_role(
            "img", name="Figure 1: Partners reported to be very involved in MSP"
        ).is_visible()
        assert page.get_by_role("table", name="Table 4: Are people who experience").is_visible()
        assert_accessible(page, f"report-{build.scope_slug(region)}")


def test_an_analyst_writes_a_narrative_and_finds_the_downloads(live_server, page, analyst):
    call_command("tempcheck_import", str(FIXTURE_2016), wave="2016", stdout=io.StringIO())
    sign_in_by_session(page, live_server, analyst)
    page.goto(f"{live_server.url}/reports/waves/2016/reports/")
    assert page.get_by_role("link", name="PDF of the London report").is_visible()
    assert_accessible(page, "list")

    page.goto(f"{live_server.url}/reports/waves/2016/narratives/?scope=london")
    assert_accessible(page, "narratives")
    page.get_by_role("link", name="Write summary of findings: opening text").click()
    page.get_by_label("Summary of findings").fill("London moved fastest.")
    assert_accessible(page, "narrative-edit")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved 'Summary of findings' for London.").is_visible()
    assert page.get_by_text("London moved fastest.").is_visible()


def test_an_analyst_edits_the_drafted_findings_and_enters_figure_2s_scores(live_server, page, analyst):
    call_command("tempcheck_import", str(FIXTURE_2016), wave="2016", stdout=io.StringIO())
    sign_in_by_session(page, live_server, analyst)
    page.goto(f"{live_server.url}/reports/waves/2016/narratives/")
    page.get_by_role("link", name="Change summary of findings: findings").click()
    field = page.get_by_label("Summary of findings: Findings")
    assert "77% were rolling it out" in field.input_value()  # the draft, ready to edit
    assert_accessible(page, "findings-edit")
    field.fill("Most councils are rolling MSP out.")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Most councils are rolling MSP out.").is_visible()
    page.get_by_role("link", name="Change summary of findings: findings").click()
    assert_accessible(page, "findings-edited")
    page.get_by_role("button", name="Go back to the draft").click()
    assert page.get_by_text("back to the text drafted from the data").is_visible()

    page.goto(f"{live_server.url}/reports/waves/2016/baseline/")
    assert_accessible(page, "baseline")
    page.get_by_label("Police").fill("+12")
    page.get_by_role("button", name="Save scores").click()
    assert page.get_by_text("Saved the scores: 1 changed.").is_visible()
    assert page.get_by_label("Police").input_value() == "12"
