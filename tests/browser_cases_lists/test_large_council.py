"""A council with tens of thousands of concerns: paging, filters, sorting and search in a browser; axe."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from msp.accounts.models import Role
from msp.cases.models import Concern, Person
from msp.cases.synthetic import choose_councils, generate
from tests.browser_cases.conftest import assert_accessible, follow, submit
from tests.conftest import make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SEED, YEARS, PER_YEAR = 7, 3, 8_000  # up to today: about 21,000 concerns


@pytest.fixture
def large_council(db):
    """Tens of thousands of synthetic concerns in one council, up to today, and a team manager there."""
    today = timezone.localdate()
    start_year = (today.year if today >= datetime.date(today.year, 4, 1) else today.year - 1) - YEARS + 1
    [council] = choose_councils(1, seed=SEED, start=datetime.date(start_year, 4, 1), end=today)
    make_user("meg", Role.TEAM_MANAGER, council, last_name="Lindqvist")
    generate(councils=1, years=YEARS, seed=SEED, start_year=start_year, per_year=PER_YEAR)
    return council


def showing(page) -> str:
    return page.locator("#showing").inner_text()


def test_a_manager_pages_filters_sorts_and_searches_tens_of_thousands_of_records(
    page, live_server, large_council
):
    concerns = Concern.objects.filter(council=large_council)
    total = concerns.count()
    assert total > 20_000
    sign_in(page, live_server, "meg")
    page.goto(f"{live_server.url}/cases/concerns/")
    expect(page.locator("#showing")).to_have_text(f"Showing 1 to 50 of {total:,} concerns.")
    newest = concerns.order_by("-received_at", "-id").first()
    expect(page.locator("tbody tr").first).to_contain_text(newest.reference)
    assert_accessible(page, "concerns-large")

    follow(page, "Next page")
    expect(page.locator("#showing")).to_have_text(f"Showing 51 to 100 of {total:,} concerns.")
    last = -(-total // 50)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Page {last}", exact=True).click()
    expect(page.locator("#showing")).to_have_text(
        f"Showing {(last - 1) * 50 + 1:,} to {total:,} of {total:,} concerns."
    )
    expect(page.locator("tbody tr").last).to_contain_text(
        concerns.order_by("received_at", "id").first().reference
    )
    assert_accessible(page, "concerns-large-last-page")

    # Filter: closed Section 42 enquiries, then sort them by reference.
    page.goto(f"{live_server.url}/cases/concerns/")
    page.get_by_text("Filter by status, decision, team or area, date received").click()
    page.get_by_label("Status", exact=True).select_option("closed")
    page.get_by_label("Decision", exact=True).select_option("s42")
    submit(page, "Search")
    closed = concerns.filter(status="closed", decision="s42")
    expect(page.locator("#showing")).to_have_text(f"Showing 1 to 50 of {closed.count():,} concerns found.")
    assert "status=closed" in page.url and "decision=s42" in page.url
    follow(page, "Reference (sort ascending)")
    expect(page.locator("tbody tr").first).to_contain_text(closed.order_by("reference").first().reference)
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Reference")
    follow(page, "Next page")
    assert re.search(r"status=closed.*decision=s42.*sort=reference.*page=2", page.url)
    expect(page.locator("#showing")).to_contain_text("Showing 51 to 100")
    assert_accessible(page, "concerns-large-filtered")

    # Search by a person's name, then by a reference typed in lower case.
    person = Person.objects.filter(council=large_council, concerns__isnull=False).order_by("id").first()
    theirs = concerns.filter(person=person)
    page.goto(f"{live_server.url}/cases/concerns/")
    page.get_by_label("Search concerns").fill(f"{person.given_name} {person.family_name}")
    submit(page, "Search")
    for concern in theirs:
        expect(page.locator("tbody")).to_contain_text(concern.reference)
    assert_accessible(page, "concerns-large-search")
    page.get_by_label("Search concerns").fill(theirs[0].reference.lower())
    submit(page, "Search")
    expect(page.locator("#showing")).to_have_text("Showing 1 to 1 of 1 concerns found.")

    # The queues count the whole council, and so does the person search.
    now = timezone.now()
    awaiting = Concern.objects.filter(council=large_council, status="awaiting_decision")
    overdue = awaiting.filter(decision_due_at__lt=now).count()
    family = Person.objects.filter(council=large_council).values_list("family_name", flat=True).first()
    namesakes = Person.objects.filter(council=large_council, family_name__icontains=family).count()
    page.goto(f"{live_server.url}/cases/")
    heading = f"Concerns awaiting a decision ({awaiting.count():,}" + (
        f", {overdue:,} overdue)" if overdue else ")"
    )
    expect(page.locator("#awaiting")).to_have_text(heading)
    assert_accessible(page, "queues-large")

    page.goto(f"{live_server.url}/cases/people/")
    page.get_by_label("Name", exact=True).fill(family)
    submit(page, "Search")
    expect(page.locator("#found")).to_contain_text(
        f"{namesakes:,} {'person' if namesakes == 1 else 'people'} found"
    )
    assert_accessible(page, "people-large-search")
