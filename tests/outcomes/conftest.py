"""Fixtures for the SAC return tests: councils, case records built directly with the ORM, and a varied
synthetic dataset (two councils over two years, with the awkward records the generator never draws)."""

from __future__ import annotations

import datetime
import itertools
import random
from zoneinfo import ZoneInfo

import pytest

from msp.cases.models import (
    Concern,
    ConcernRiskType,
    DesiredOutcome,
    Enquiry,
    OutcomeCategory,
    Person,
)
from msp.councils.models import Council, Region

UK = ZoneInfo("Europe/London")
_numbers = itertools.count(1)


def uk(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment on the UK clock (British Summer Time from the last Sunday of March)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UK)


def make_council(gss: str, name: str) -> Council:
    region, _ = Region.objects.get_or_create(gss_code="E12000096", defaults={"name": "Return test region"})
    return Council.objects.create(
        gss_code=gss, name=f"{name} Council", short_name=name, council_type="Unitary authority", region=region
    )


@pytest.fixture
def council(db):
    return make_council("E06999601", "Wrenfield")


@pytest.fixture
def other_council(db):
    return make_council("E06999602", "Copperdale")


def make_person(
    council,
    *,
    dob: datetime.date | None = datetime.date(1940, 6, 15),  # 83 on 31 March 2024: 75-84
    gender: str = "female",
    given: str = "Rosalind",
    family: str = "Pemberton",
    **extra,
) -> Person:
    return Person.objects.create(
        council=council, given_name=given, family_name=family, date_of_birth=dob, gender=gender, **extra
    )


CRITERIA = {"s42": (True, True, True), "other": (True, True, False), "none": (True, False, False)}


def make_case(
    council,
    person,
    received: datetime.datetime,
    *,
    decision: str = "",
    started: datetime.datetime | None = None,
    closed: datetime.datetime | None = None,
    types=(),
    location: str = "",
    source: str = "",
    asked: str = "",
    said_by: str = "",
    outcomes=(),
    capacity: str = "",
    support: str = "",
    result: str = "",
    risk: str = "",
) -> Concern:
    """One concern and, for a Section 42 or other decision, its enquiry (started `started`, default two hours
    after receipt; open unless `closed`). `outcomes`: one entry per desired outcome, its achievement
    ("fully", "partially", "not", "" unrated) or "withdrawn" (withdrawn, so unrated)."""
    enquiry = decision in ("s42", "other")
    decided = (started or received + datetime.timedelta(hours=2)) if decision else None
    status = "awaiting_decision" if not decision else ("in_enquiry" if enquiry and not closed else "closed")
    a, b, c = CRITERIA.get(decision, (None, None, None))
    concern = Concern.objects.create(
        council=council,
        person=person,
        reference=f"T{next(_numbers):07d}",
        received_at=received,
        referrer_type="care_provider",
        what_happened="Invented for a test of the return.",
        location=location,
        source_of_risk=source,
        outcomes_asked=asked,
        outcomes_not_asked_reason="Too unwell at the time." if asked == "not_asked" else "",
        said_by=said_by,
        decision_due_at=received + datetime.timedelta(hours=48),
        decision=decision,
        criterion_a=a,
        criterion_b=b,
        criterion_c=c,
        no_enquiry_outcome="no_further_action" if decision == "none" else "",
        decided_at=decided,
        status=status,
    )
    for code in types:
        ConcernRiskType.objects.create(council=council, concern=concern, code=code)
    category = OutcomeCategory.objects.filter(council=None).first()
    for n, achievement in enumerate(outcomes, start=1):
        withdrawn = achievement == "withdrawn"
        DesiredOutcome.objects.create(
            council=council,
            concern=concern,
            category=category,
            own_words=f"Outcome {n}, in their words.",
            status="withdrawn" if withdrawn else "active",
            achievement="" if withdrawn else achievement,
        )
    if enquiry:
        Enquiry.objects.create(
            council=council,
            concern=concern,
            started_at=decided,
            closed_at=closed,
            capacity=capacity,
            capacity_support=support,
            risk_result=result,
            risk_outcome=risk,
        )
    return concern


# --- A varied synthetic dataset ----------------------------------------------------------------------------

DATASET_SEED = 7


def vary(councils, seed: int = DATASET_SEED) -> None:
    """Give the generated records what the generator never draws: no date of birth, under 18, 18th and
    65th birthdays on 1 April, 29 February birthdays, blank gender, outcomes said only by the referrer,
    outcomes with the asked answer blank, unrated and withdrawn outcomes, concluded enquiries with no type
    of risk, blank capacity or support, open enquiries, and records on both sides of 1 April 00:00 (BST)."""
    rng = random.Random(seed)
    birthdays = [
        None,
        None,
        datetime.date(2006, 1, 10),  # 17 on 31 March 2023, 18 on 31 March 2024
        datetime.date(2005, 4, 1),  # 17 on 31 March 2023 (18 the next day)
        datetime.date(1958, 4, 1),  # 64 on 31 March 2023, 65 on 31 March 2024
        datetime.date(1958, 3, 31),  # 65 on 31 March 2023
        datetime.date(1948, 2, 29),
        datetime.date(1928, 2, 29),  # 95 on 31 March 2023
        datetime.date(1929, 4, 1),  # 94 on 31 March 2024
    ]
    people = list(Person.objects.filter(council__in=councils).order_by("pk"))
    for person in people:
        if rng.random() < 0.12:
            person.date_of_birth = rng.choice(birthdays)
        if rng.random() < 0.04:
            person.gender = ""
    Person.objects.bulk_update(people, ["date_of_birth", "gender"])

    concerns = list(Concern.objects.filter(council__in=councils).order_by("pk"))
    with_outcomes = set(
        DesiredOutcome.objects.filter(council__in=councils).values_list("concern_id", flat=True)
    )
    no_types = []
    boundaries = [
        uk(2023, 3, 31, 23, 30),
        uk(2023, 4, 1, 0, 30),
        uk(2024, 3, 31, 23, 30),
        uk(2024, 4, 1, 0, 30),
    ]
    for concern in concerns:
        if concern.pk in with_outcomes:
            roll = rng.random()
            if roll < 0.12:
                concern.said_by = "referrer"
                concern.outcomes_asked = rng.choice(["", "declined", "unknown", "not_asked", "asked"])
            elif roll < 0.17:
                concern.outcomes_asked = ""
        if rng.random() < 0.05:
            no_types.append(concern.pk)
        if rng.random() < 0.01:
            concern.received_at = rng.choice(boundaries)
    Concern.objects.bulk_update(concerns, ["said_by", "outcomes_asked", "received_at"])
    ConcernRiskType.objects.filter(concern_id__in=no_types).delete()

    enquiries = list(Enquiry.objects.filter(council__in=councils).order_by("pk"))
    for enquiry in enquiries:
        roll = rng.random()
        if roll < 0.04:
            enquiry.capacity, enquiry.capacity_support = "", ""
        elif roll < 0.08:
            enquiry.capacity, enquiry.capacity_support = "lacked", ""
        elif roll < 0.11:
            enquiry.risk_result, enquiry.risk_outcome = "", ""
        if rng.random() < 0.04:
            enquiry.closed_at = None
        elif rng.random() < 0.02:
            enquiry.started_at, enquiry.closed_at = rng.choice(
                [
                    (uk(2023, 3, 31, 23, 30), uk(2024, 3, 31, 23, 30)),
                    (uk(2023, 4, 1, 0, 30), uk(2024, 4, 1, 0, 30)),
                    (uk(2024, 3, 31, 23, 30), uk(2024, 4, 1, 0, 30)),
                ]
            )
    Enquiry.objects.bulk_update(
        enquiries, ["capacity", "capacity_support", "risk_result", "risk_outcome", "closed_at", "started_at"]
    )

    outcomes = list(DesiredOutcome.objects.filter(council__in=councils).order_by("pk"))
    for outcome in outcomes:
        roll = rng.random()
        if roll < 0.08:
            outcome.achievement = ""
        elif roll < 0.11:
            outcome.status, outcome.achievement = "withdrawn", ""
    DesiredOutcome.objects.bulk_update(outcomes, ["achievement", "status"])


@pytest.fixture
def varied_dataset(db):
    """Two councils, 2022-23 and 2023-24, about 250 concerns each a year, then varied (see `vary`)."""
    from msp.cases.synthetic import generate

    result = generate(councils=2, years=2, seed=DATASET_SEED, start_year=2022, per_year=250)
    councils = [council for council, _ in result.councils]
    vary(councils)
    return councils
