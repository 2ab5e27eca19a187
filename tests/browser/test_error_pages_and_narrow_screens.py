"""Error pages in the site layout with a way back, and pages that fit a 375 px phone: axe finds nothing."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from msp.accounts.models import Role
from tests.conftest import axe_violations, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(os.environ.get("MSP_SHOTS", "/tmp/msp-shots"))
PHONE = {"width": 375, "height": 800}


def look(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in_by_session(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def page_scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_a_missing_page_offers_sign_in_or_the_public_form(page, live_server):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert page.title().startswith("Page not found – ")
    assert page.locator(".govuk-header").is_visible() and page.locator(".govuk-footer").is_visible()
    look(page, "error-404-signed-out")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sign in to MSP").click()
    page.wait_for_url("**/accounts/sign-in/")


def test_a_forbidden_page_leads_home(page, live_server):
    sign_in_by_session(page, live_server, make_user("ida", Role.INTERVIEWER))
    response = page.goto(live_server.url + "/cases/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot open this page"
    look(page, "error-403")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Go to the MSP home page").click()
    page.wait_for_url(live_server.url + "/")


def test_the_server_error_page_is_in_the_layout(page, live_server):
    from django.test import RequestFactory

    from msp.core.views import server_error

    request = RequestFactory().get("/")
    request.user = make_user("ivo", Role.INTERVIEWER)
    request.csp_nonce = ""
    page.goto(live_server.url + "/no-such-page/")  # same origin, so the page's stylesheet loads
    page.set_content(server_error(request).content.decode())
    assert page.get_by_role("heading", level=1).inner_text() == "Sorry, there is a problem with the service"
    assert page.get_by_role("link", name="Go to the MSP home page").is_visible()
    look(page, "error-500")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/councils/", "/temperature-check/"])
def test_at_375_px_wide_tables_scroll_inside_their_box_not_the_page(browser, live_server, path):
    context = browser.new_context(viewport=PHONE, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    sign_in_by_session(page, live_server, make_user("ana", Role.ANALYST))
    page.goto(live_server.url + path)
    table = page.locator("table.govuk-table").first
    assert table.is_visible()
    assert not page_scrolls_sideways(page)
    # The table is wider than the screen and scrolls within itself.
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    look(page, f"narrow-375{path.strip('/').replace('/', '-')}")
    assert axe_violations(page) == []
    context.close()
