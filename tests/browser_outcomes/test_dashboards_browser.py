"""Dashboards and benchmarks in a real browser, as a council lead, a board member, a regional lead and the
programme team: each sees what their role allows, every page axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from msp.outcomes import figures
from tests.browser_cases.conftest import assert_accessible, follow
from tests.conftest import sign_in
from tests.outcomes_figures.conftest import YEAR, cast, region_councils  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def ready(cast):  # noqa: F811
    figures.refresh(YEAR)
    return cast


def show(page, **choices):
    for name, value in choices.items():
        page.select_option(f"#{name}", value)
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()


def test_the_lead_reads_the_dashboard_filters_it_and_compares(page, live_server, ready):
    sign_in(page, live_server, "lena")
    follow(page, "Outcomes")
    show(page, year=YEAR)
    expect(page.locator("h1")).to_have_text(f"Outcomes, {YEAR}")
    expect(page.locator("main")).to_contain_text("Your council's own figures, unrounded")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("75.0%")
    assert_accessible(page, "outcomes-dashboard-lead")

    page.locator("summary", has_text="Filter the indicators").click()
    show(page, location="hospital_acute")
    expect(page.locator("main")).to_contain_text("Filtered: computed now from the records that match.")
    assert_accessible(page, "outcomes-dashboard-filtered")

    follow(page, "Compare with other councils")
    expect(page.locator("h1")).to_contain_text("Asked and expressed desired outcomes: Ashcombe Council")
    expect(page.get_by_role("row", name="Another test region")).to_have_count(0)
    assert_accessible(page, "outcomes-benchmark")


def test_a_board_member_sees_the_boards_councils_published(page, live_server, ready):
    sign_in(page, live_server, "bo")
    follow(page, "Outcomes")
    options = page.locator("#council option").all_inner_texts()
    assert options == ["Ashcombe Council", "Birchley Council"]
    show(page, council="E06999622", year=YEAR)
    expect(page.locator("main")).to_contain_text("Published figures")
    expect(page.locator("main")).not_to_contain_text("Person0")
    assert_accessible(page, "outcomes-dashboard-board")


def test_the_regional_lead_and_the_programme_rank_the_councils(page, live_server, ready):
    sign_in(page, live_server, "reg")
    page.goto(f"{live_server.url}/outcomes/councils/?measure=asked_and_expressed&year={YEAR}")
    rows = page.locator("table").last.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Ashcombe Council")
    expect(rows.first).to_contain_text("75.0%")
    assert_accessible(page, "outcomes-league")


def test_the_programme_team_compares_every_council_and_a_region(page, live_server, ready):
    sign_in(page, live_server, "ana")
    follow(page, "Outcomes")
    options = page.locator("#council option").all_inner_texts()
    assert {"Ashcombe Council", "Dunmere Council"} <= set(options)  # every council, in any region
    page.goto(f"{live_server.url}/outcomes/councils/?measure=asked_and_expressed&year={YEAR}")
    expect(page.locator("main")).to_contain_text("4 councils with figures")
    show(page, region="E12000096")
    expect(page.locator("h1")).to_contain_text("Asked and expressed desired outcomes")
    expect(page.locator("main")).to_contain_text("3 councils with figures")
    assert_accessible(page, "outcomes-league-region-programme")
