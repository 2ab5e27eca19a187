"""Fixtures for the capture pages: councils of our own, a practitioner, the 2016 wave and its answers."""

import pytest

from msp.accounts.models import Role
from msp.councils.models import Council, CouncilType, Region
from msp.tempcheck.models import Interview, Wave
from tests.conftest import make_user

# Answers that complete every section of the 2016 instrument (the ratings differ, so a reason is given).
COMPLETE_ANSWERS = {
    "msp_meaning": "Working with people towards the outcomes they choose.",
    "strategy_fit": "main",
    **{
        f"engagement.{row}": "fairly_well"
        for row in ("board", "corporate", "senior", "middle", "operational")
    },
    "involvement.police": "fairly",
    "asked_outcomes": "yes",
    "measuring_difference": "partly",
    "changed_recording": "yes",
    "recording_progress": "about_halfway",
    "user_engagement": "plans",
    "confidence_measuring": "partially",
    "staff_reaction": "fairly",
    "road_map_step": "4",
    "achievement.self": "B",
    "achievement.interviewer": "D",
    "moderation_reason": "The roll-out has not yet reached operational teams.",
}


def make_region(gss_code: str, name: str) -> Region:
    return Region.objects.get_or_create(gss_code=gss_code, defaults={"name": name})[0]


def make_council(
    gss_code: str, name: str, region: Region, council_type=CouncilType.UNITARY, **extra
) -> Council:
    return Council.objects.create(
        gss_code=gss_code,
        name=f"{name} Council",
        short_name=name,
        council_type=council_type,
        region=region,
        **extra,
    )


@pytest.fixture
def region(db):
    return make_region("E12999901", "Test North")


@pytest.fixture
def council(region):
    return make_council("E06999901", "Testshire", region)


@pytest.fixture
def practitioner(council):
    return make_user("pat", Role.PRACTITIONER, council=council)


@pytest.fixture
def wave(db):
    return Wave.objects.get(code="2016")


@pytest.fixture
def interview(wave, council, interviewer):
    return Interview.objects.create(wave=wave, council=council, recorded_by=interviewer)


def assert_access_battery(client, url, *, interviewer, analyst, practitioner, wrong_method="put"):
    """The same checks on every page: interviewer and analyst see it, a practitioner is refused, someone
    signed out is sent to sign in, and a method the page does not take is refused."""
    for user in (interviewer, analyst):
        client.force_login(user)
        assert client.get(url).status_code == 200, user.username
    assert getattr(client, wrong_method)(url).status_code == 405
    client.force_login(practitioner)
    assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
