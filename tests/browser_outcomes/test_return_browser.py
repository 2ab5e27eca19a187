"""The council's safeguarding lead prepares the return in a real browser: picks the year, reads the checks,
follows a figure to its records and a gap to the records to fix, and downloads the workbook. Axe-clean."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from msp.accounts.models import Role
from tests.browser_cases.conftest import assert_accessible, follow
from tests.conftest import make_user, sign_in
from tests.outcomes.conftest import make_case, make_council, make_person, uk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def prepared(db):
    council = make_council("E06999611", "Lowmoor")
    make_user("rhian", Role.SAFEGUARDING_LEAD, council, last_name="Castellan")
    ivy = make_person(council, given="Ivy", family="Trevanion", dob=None)
    make_case(
        council,
        ivy,
        uk(2023, 5, 4, 11),
        decision="s42",
        closed=uk(2023, 8, 30, 16),
        types=["financial", "psychological"],
        location="own_home",
        source="known",
        asked="asked",
        said_by="person",
        outcomes=["fully", "partially"],
        capacity="had",
        result="identified_action",
        risk="removed",
    )
    make_case(
        council,
        make_person(council, given="Neville", family="Quarrington"),
        uk(2024, 2, 2, 9),
        decision="none",
    )
    return council


def test_the_lead_checks_the_return_follows_figures_and_downloads_it(page, live_server, prepared):
    sign_in(page, live_server, "rhian")
    follow(page, "National return")
    page.select_option("#year", "2023-24")
    with page.expect_navigation():
        page.get_by_role("button", name="Show year").click()
    expect(page.locator("h1")).to_have_text("Safeguarding Adults Collection 2023-24")
    expect(page.locator("#checks ~ ul").first).to_contain_text(
        "SG1a concerns_individuals: the rows add up to 1"
    )
    assert_accessible(page, "return")

    with page.expect_navigation():
        page.get_by_role("link", name="2 records: Safeguarding concerns, Cases").click()
    expect(page.locator("main")).to_contain_text("Showing 1 to 2 of 2 concerns.")
    expect(page.locator("main")).to_contain_text("Ivy Trevanion")
    assert_accessible(page, "return-records")

    follow(page, "Back to the 2023-24 return")
    follow(page, "Concerns about a person with no date of birth")
    expect(page.locator("main")).to_contain_text("Showing 1 to 1 of 1 concerns.")
    assert_accessible(page, "return-gap")

    follow(page, "Back to the 2023-24 return")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the return (XLSX)").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sg2a = {row[0]: row[1:] for row in book["SG2a"].iter_rows(values_only=True) if row and row[0]}
    assert sg2a["Financial or Material"] == (0, 1, 0, 1)
    assert sg2a["Total"] == (0, 1, 0, 1)  # two types, one enquiry
