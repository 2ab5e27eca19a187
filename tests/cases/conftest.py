"""The fixed cast for case tests: two councils, their staff, and helpers that build synthetic cases."""

import datetime

import pytest
from django.utils import timezone

from msp.accounts.models import Role
from msp.cases import services
from msp.cases.services import OutcomeInput
from msp.councils.models import Council, Region
from tests.conftest import make_user

PASSWORD = "correct-horse-battery"


def make_council(gss: str, name: str) -> Council:
    region, _ = Region.objects.get_or_create(gss_code="E12000098", defaults={"name": "Case test region"})
    return Council.objects.create(
        gss_code=gss, name=f"{name} Council", short_name=name, council_type="Unitary authority", region=region
    )


@pytest.fixture
def council(db):
    return make_council("E06999801", "Ashbourne Vale")


@pytest.fixture
def other_council(db):
    return make_council("E06999802", "Brackenford")


@pytest.fixture
def practitioner(council):
    return make_user("pat", Role.PRACTITIONER, council, last_name="Okafor")


@pytest.fixture
def manager(council):
    return make_user("meg", Role.TEAM_MANAGER, council, last_name="Lindqvist")


@pytest.fixture
def lead(council):
    return make_user("lee", Role.SAFEGUARDING_LEAD, council, last_name="Harrow")


@pytest.fixture
def outsider(other_council):
    """A practitioner of another council: must never see this council's people or cases."""
    return make_user("ozzy", Role.PRACTITIONER, other_council)


@pytest.fixture
def outsider_manager(other_council):
    return make_user("otto", Role.TEAM_MANAGER, other_council)


def received(hours_ago: float = 2) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours_ago)


def make_person(
    council, user, given="Marnie", family="Quillfeather", dob=datetime.date(1938, 5, 14), **extra
):
    return services.person_create(
        council=council,
        user=user,
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        confirmed_not_duplicate=True,
        **extra,
    )


def make_concern(council, user, person=None, *, received_at=None, outcomes=True, **extra):
    person = person or make_person(council, user)
    fields = {
        "received_at": received_at or received(),
        "referrer_type": "care_provider",
        "referrer_name": "Larkspur Lodge (synthetic)",
        "risk_types": ["neglect", "financial"],
        "location": "own_home",
        "source_of_risk": "known",
        "what_happened": "A carer noticed missed medication and unpaid bills.",
        "wants_to_happen": "For things to settle down at home.",
        "involvement_wishes": "Visit me at home, with my niece there.",
        "outcomes_asked": "asked",
        "said_by": "person",
        **extra,
    }
    items = (
        [
            OutcomeInput("feel_safe", "I want to feel safe in my own flat"),
            OutcomeInput("money_property", "Get my pension sorted"),
        ]
        if outcomes
        else []
    )
    return services.concern_create(council=council, person=person, user=user, outcomes=items, **fields)


def make_enquiry(council, user, decider, **extra):
    concern = make_concern(council, user, **extra)
    services.concern_decide(
        concern=concern,
        user=decider,
        expected_revision=concern.revision,
        decision="s42",
        criterion_a=True,
        criterion_b=True,
        criterion_c=True,
        lead_worker=user,
    )
    concern.refresh_from_db()
    return concern.enquiry


@pytest.fixture
def cast(council, practitioner, manager):
    """One of each: a person, a concern awaiting a decision, an open enquiry with an action, a closed one."""
    person = make_person(council, practitioner)
    waiting = make_concern(council, practitioner, person)
    enquiry = make_enquiry(council, practitioner, manager)
    action = services.enquiry_action_add(enquiry=enquiry, user=practitioner, description="Ring the bank")
    closed = make_enquiry(council, practitioner, manager, outcomes=False)
    services.enquiry_close(
        enquiry=closed,
        user=manager,
        expected_revision=closed.revision,
        achievements={},
        override_reason="Moved out of the area",
    )
    return {
        "person": person,
        "concern": waiting,
        "enquiry": enquiry,
        "action": action,
        "closed": closed,
        "outcome": enquiry.concern.outcomes.first(),
    }
