"""Another council's team manager cannot reach this council's concern, by link or by queue."""

import pytest
from playwright.sync_api import expect

from tests.browser_cases.conftest import assert_accessible, make_concern
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_another_councils_manager_gets_404_and_the_queue_does_not_list_it(
    page, live_server, council, manager, other_council, outsider_manager
):
    theirs = make_concern(council, manager)
    own = make_concern(other_council, outsider_manager, given="Ffion", family="Trelawny")
    sign_in(page, live_server, "otto")

    for path in (
        f"/cases/concerns/{theirs.pk}/",
        f"/cases/people/{theirs.person.pk}/",
        f"/cases/people/{theirs.person.pk}/concerns/new/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
        expect(page.locator("body")).not_to_contain_text(theirs.reference)
        expect(page.locator("body")).not_to_contain_text("Penberthy")

    page.goto(f"{live_server.url}/cases/")
    awaiting = page.locator("#awaiting + p + table")
    expect(awaiting.get_by_role("link", name=own.reference)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(theirs.reference)
    expect(page.locator("main")).not_to_contain_text("Penberthy")
    assert_accessible(page, "queues-other-council")
