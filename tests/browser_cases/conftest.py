"""The cast and helpers for browser walks through case records: two councils, their managers, and a camera."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from msp.accounts.models import Role
from msp.cases import services
from msp.cases.services import OutcomeInput
from msp.councils.models import Council, Region
from tests.conftest import axe_violations, make_user

SHOTS = Path(os.environ.get("MSP_SHOTS", "/tmp/msp-shots"))


def make_council(gss: str, name: str) -> Council:
    region, _ = Region.objects.get_or_create(gss_code="E12000096", defaults={"name": "Browser case region"})
    return Council.objects.create(
        gss_code=gss, name=f"{name} Council", short_name=name, council_type="Unitary authority", region=region
    )


@pytest.fixture
def council(db):
    return make_council("E06999701", "Ashbourne Vale")


@pytest.fixture
def other_council(db):
    return make_council("E06999702", "Brackenford")


@pytest.fixture
def manager(council):
    return make_user("meg", Role.TEAM_MANAGER, council, last_name="Lindqvist")


@pytest.fixture
def practitioner(council):
    return make_user("pat", Role.PRACTITIONER, council, last_name="Okafor")


@pytest.fixture
def outsider_manager(other_council):
    return make_user("otto", Role.TEAM_MANAGER, other_council, last_name="Brandt")


def look(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cases-{name}.png"), full_page=True)


# govuk-frontend marks a radio that reveals follow-up questions aria-expanded, which ARIA does not allow on
# a radio; the Design System keeps it on purpose because screen readers announce it (alphagov/govuk-frontend
# issue 979, a documented known issue). Only that attribute on such a radio is let through.
GOVUK_REVEAL_RADIO = "input.govuk-radios__input[aria-controls][aria-expanded]"


def _govuk_reveal_only(page, violation: dict) -> bool:
    if violation["id"] != "aria-allowed-attr":
        return False
    return all(
        page.evaluate(
            """([target, allowed]) => { const e = document.querySelector(target);
                 if (!e || !e.matches(allowed)) return false;
                 const aria = [...e.attributes].map(a => a.name).filter(n => n.startsWith('aria-'));
                 return aria.every(n => n === 'aria-controls' || n === 'aria-expanded'); }""",
            [node[0], GOVUK_REVEAL_RADIO],
        )
        for node in violation["nodes"]
    )


def assert_accessible(page, name: str) -> None:
    """A screenshot for people to look at, then axe: no violations at all (but GOV.UK's own reveal radios)."""
    look(page, name)
    assert [v for v in axe_violations(page) if not _govuk_reveal_only(page, v)] == [], name


def submit(page, button: str) -> None:
    """Press a button and wait for the page that comes back (the same URL when a form is re-shown)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def follow(page, link: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=True).click()


def choose(page, name: str, value: str) -> None:
    """Tick a radio or checkbox by its field name and value (labels such as 'Yes' repeat on a page)."""
    page.check(f"input[name='{name}'][value='{value}']")


def fill_date(page, name: str, day: datetime.date) -> None:
    """The three GOV.UK date boxes, found by their names (date_of_birth_day, ...)."""
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.fill(f"input[name='{name}_{part}']", str(value))


def local_ago(hours: float) -> datetime.datetime:
    """A moment in the past in UK time, to the minute, as typed into a date and a time box."""
    return (timezone.localtime() - datetime.timedelta(hours=hours)).replace(second=0, microsecond=0)


def error_messages(page) -> list[str]:
    return [text.strip() for text in page.locator(".govuk-error-summary__list li").all_inner_texts()]


def make_concern(council, user, *, given="Idris", family="Penberthy", hours_ago: float = 5):
    """A synthetic person and a concern about them, awaiting a decision, made the way staff would."""
    person = services.person_create(
        council=council,
        user=user,
        given_name=given,
        family_name=family,
        date_of_birth=datetime.date(1952, 2, 11),
        confirmed_not_duplicate=True,
    )
    return services.concern_create(
        council=council,
        person=person,
        user=user,
        received_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        referrer_type="housing",
        referrer_name="Harbour Lane Housing (synthetic)",
        risk_types=["self_neglect"],
        location="own_home",
        source_of_risk="unknown",
        what_happened="Neighbours say he has stopped going out and the garden is full of rubbish.",
        wants_to_happen="To be left alone, but to have someone to talk to.",
        involvement_wishes="Phone first; no surprise visits.",
        outcomes_asked="asked",
        said_by="person",
        outcomes=[
            OutcomeInput("relationships", "Someone to chat to now and then"),
            OutcomeInput("stay_home", "Stay in my own house"),
        ],
    )
