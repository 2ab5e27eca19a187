"""Shared fixtures: a fixed cast of users, and a real Chromium for browser tests."""

import os
import uuid
from pathlib import Path

import pytest

from msp.accounts.models import Role, User

AXE_PATH = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("MSP_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher costs ~0.7 s a password; tests check behaviour, not hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def cache_of_its_own(settings):
    """A cache per test, so that one test's rate-limit counts never carry into another's."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(uuid.uuid4())}
    }


def reload_reference_data() -> None:
    """Run the project's data migrations again (they are idempotent) on the current models."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations, key=lambda k: (k[0] != "councils", k)):
        if not loader.disk_migrations[key].__module__.startswith("msp."):
            continue
        for operation in loader.disk_migrations[key].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)


@pytest.fixture(autouse=True)
def reference_data_after_flush(request):
    """A transactional test (live server, browser) empties the database when it ends, taking the reference
    data the migrations loaded: councils, the 2016 instrument and wave, national outcome categories. Put it
    back for the next one, so no test depends on the order the tests run in."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from msp.councils.models import Council

    if not Council.objects.exists():
        reload_reference_data()


def make_user(username: str, role: str = "", council=None, **extra) -> User:
    return User.objects.create_user(
        username=username,
        password="correct-horse-battery",
        role=role,
        council=council,
        first_name=username.title(),
        **extra,
    )


@pytest.fixture
def interviewer(db):
    return make_user("ivy", Role.INTERVIEWER)


@pytest.fixture
def analyst(db):
    return make_user("ana", Role.ANALYST)


@pytest.fixture
def superuser(db):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (Playwright cannot download its own here)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # axe-core is added to pages as an inline script, which MSP's Content-Security-Policy refuses; the policy
    # itself is checked in a browser that keeps it (tests/browser/test_content_security_policy.py).
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page and return its violations (WCAG 2.x A and AA rules)."""
    page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations
              .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target)}))"""
    )


def sign_in(page, live_server, username: str, password: str = "correct-horse-battery") -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(lambda url: "/sign-in/" not in url)
