"""The cast for alert form tests: two current councils and one that has ended, their staff, a clean limit."""

import datetime

import pytest

from msp.accounts.models import Role
from msp.councils.models import Council, Region
from tests.conftest import make_user

ALERT_URL = "/report-a-concern/"
CHECK_URL = "/report-a-concern/check/"
DONE_URL = "/report-a-concern/sent/"


def step_url(slug: str) -> str:
    return f"{ALERT_URL}{slug}/"


def make_council(gss: str, name: str, **extra) -> Council:
    region, _ = Region.objects.get_or_create(gss_code="E12000097", defaults={"name": "Alert test region"})
    return Council.objects.create(
        gss_code=gss,
        name=f"{name} Council",
        short_name=name,
        council_type="Unitary authority",
        region=region,
        **extra,
    )


@pytest.fixture(autouse=True)
def alert_settings(settings):
    """The limit the tests count against (each test has a cache of its own: tests/conftest.py)."""
    settings.MSP_ALERT_RATE = "5/10m"
    return settings


@pytest.fixture
def council(db):
    return make_council("E06999901", "Ashbourne Vale")


@pytest.fixture
def other_council(db):
    return make_council("E06999902", "Brackenford")


@pytest.fixture
def ended_council(db):
    return make_council("E06999903", "Old Dunmere", valid_to=datetime.date(2019, 3, 31))


@pytest.fixture
def practitioner(council):
    return make_user("pat", Role.PRACTITIONER, council)


@pytest.fixture
def outsider(other_council):
    return make_user("ozzy", Role.PRACTITIONER, other_council)


def alert_data(council, **changes) -> dict:
    """A complete, valid alert about a synthetic person, as the browser would post it."""
    data = {
        "council": council.gss_code,
        "referrer_type": "care_provider",
        "referrer_name": "Dee Harper",
        "referrer_organisation": "Northgate Lodge Care Home",
        "referrer_phone": "01632 960 001",
        "referrer_email": "dee.harper@example.com",
        "given_name": "Marnie",
        "family_name": "Quillfeather",
        "known_as": "Marn",
        "date_of_birth_day": "14",
        "date_of_birth_month": "5",
        "date_of_birth_year": "1938",
        "approximate_age": "",
        "address": "Flat 2, 17 Example Row, Ashbourne Vale",
        "nhs_number": "943 476 5919",
        "knows_about_report": "agrees",
        "knows_about_report_why": "",
        "risk_types": ["financial", "psychological"],
        "location": "own_home",
        "source_of_risk": "known",
        "what_happened": "A visitor has been taking her bank card and she is frightened to say no.",
        "said_by": "person",
        "wants_to_happen": "For the visits to stop and to keep her flat.",
        "involvement_wishes": "Wants her niece with her at any meeting; phone calls in the morning.",
        "outcome-TOTAL_FORMS": "3",
        "outcome-INITIAL_FORMS": "0",
        "outcome-MIN_NUM_FORMS": "0",
        "outcome-MAX_NUM_FORMS": "10",
        "outcome-0-category": "stop_harm",
        "outcome-0-own_words": "I want him to stop coming round.",
        "outcome-1-category": "money_property",
        "outcome-1-own_words": "I want my money back.",
        "outcome-2-category": "",
        "outcome-2-own_words": "",
        "website": "",
    }
    data.update(changes)
    return data


def answer_pages(data: dict) -> list[tuple[str, dict]]:
    """(address, what the browser posts there) for each question page, from one alert's answers."""
    from django.http import QueryDict

    from msp.cases.alert_steps import STEPS, step_keys

    posted = QueryDict(mutable=True)
    for key, value in data.items():
        posted.setlist(key, value if isinstance(value, list) else [value])
    pages = []
    for step in STEPS:
        page = {key: posted.getlist(key) for key in step_keys(step, posted)}
        page["website"] = data.get("website", "")
        if step.outcomes and "add_outcome" in data:
            page["add_outcome"] = "1"
        pages.append((step_url(step.slug), page))
    return pages


def send(client, data, **extra):
    """Answer every question page, then send from check answers: the first page to refuse is the answer."""
    for url, page in answer_pages(data):
        response = client.post(url, page, **extra)
        if response.status_code != 302:
            return response
    return client.post(CHECK_URL, {"website": data.get("website", "")}, **extra)
