"""MSP's Content-Security-Policy in a real browser that keeps it: the pages' own scripts run (GOV.UK Frontend
starts), nothing of theirs is refused, and a script injected into a page is."""

import pytest

from msp.accounts.models import Role
from tests.cases.conftest import make_concern, make_council, make_enquiry, make_person
from tests.conftest import make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Records each violation the browser reports, from before the page's own scripts run.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture
def strict_page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")  # the policy kept
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_every_kind_of_page_runs_under_the_policy_and_an_injected_script_is_refused(live_server, strict_page):
    council = make_council("E06999921", "Ashbourne Vale")
    worker = make_user("worker", Role.PRACTITIONER, council)
    manager = make_user("manny", Role.TEAM_MANAGER, council)
    concern = make_concern(council, worker, make_person(council, worker))
    enquiry = make_enquiry(council, worker, manager)
    page = strict_page
    page.goto(f"{live_server.url}/accounts/sign-in/")
    header = page.request.get(f"{live_server.url}/accounts/sign-in/").headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in header and "object-src 'none'" in header
    sign_in(page, live_server, "worker")
    for path in (
        "/cases/",
        "/cases/concerns/",
        f"/cases/concerns/{concern.pk}/",
        f"/cases/enquiries/{enquiry.pk}/",
        "/report-a-concern/",
        "/report-a-concern/council/?q=herts",  # with its own static script
    ):
        page.goto(f"{live_server.url}{path}")
        classes = page.evaluate("document.body.className")
        # The layout's inline script ran, and GOV.UK Frontend's module started its components.
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes, path
        page.wait_for_selector(
            "[data-govuk-button-init], [data-govuk-header-init], [data-govuk-skip-link-init]"
        )
        assert page.evaluate("window.__violations") == [], path
    # A script that found its way into a page (as an XSS would put it) does not run.
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';
                   document.body.appendChild(s); }"""
    )
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
