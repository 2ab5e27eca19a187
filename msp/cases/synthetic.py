"""Synthetic safeguarding cases for real councils, with national-like proportions, fast enough for 100,000s.

Demos, benchmarks and tests only: every person is invented (common given names, family names built from
made-up syllables, NHS numbers from the 999 range kept for testing). Each council draws from its own random
stream, seeded from the seed and its GSS code, so a seed always gives the same cases. Rows are built unsaved,
then written through the bulk writer (msp.cases.bulk: COPY on PostgreSQL) in one transaction per council
with one audit event per council; no services and no per-row audit. Proportions follow the shape of the
published SAC figures (domain.md): neglect about a third of risks, own home about 45% of locations, about
three in four people asked and expressing outcomes, most expressed outcomes fully or partially achieved,
30-40% of concerns becoming enquiries, most of them Section 42. Volume per council and year follows its type
(there is no population data yet): county councils largest, then metropolitan districts, unitary
authorities and London boroughs, growing a little each year.
"""

from __future__ import annotations

import datetime
import functools
import math
import multiprocessing
import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone

from msp.cases import choices as ch
from msp.cases.bulk import BulkWriter, gc_paused
from msp.cases.rules import decision_due, is_repeat

BATCH_SIZE = 2000
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # as services.new_reference


class Weighted:
    """A fixed set of weighted choices, drawn quickly many times."""

    def __init__(self, weights: dict):
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def draw(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]

    def several(self, rng: random.Random, count: int) -> list:
        """Up to `count` different values (weighted, without replacement)."""
        chosen: list = []
        while len(chosen) < min(count, len(self.values)):
            value = self.draw(rng)
            if value not in chosen:
                chosen.append(value)
        return chosen


# --- Proportions (weights; need not add to 100) -------------------------------------------------------------

VOLUME_BY_TYPE = {  # concerns a year, first year; a council's size is drawn once within its range
    "County council": (2400, 3600),
    "Metropolitan district": (1300, 2600),
    "Unitary authority": (800, 2000),
    "London borough": (800, 1800),
}
YEARLY_GROWTH = 0.04
CONCERNS_PER_PERSON = Weighted({1: 72, 2: 17, 3: 7, 4: 3, 5: 1})
AGE_BANDS = Weighted({(18, 64): 34, (65, 74): 12, (75, 84): 22, (85, 94): 26, (95, 100): 6})
GENDER = Weighted({"female": 60, "male": 39, "not_known": 1})
ETHNICITY = Weighted(
    {"white": 82, "asian": 6, "black": 4, "mixed": 1.5, "other": 1.5, "refused": 1, "not_known": 4}
)
SUPPORT_REASON = Weighted(
    {
        "physical": 45,
        "mental_health": 15,
        "memory_cognition": 10,
        "learning_disability": 10,
        "social": 5,
        "sensory": 2,
        "none": 8,
        "not_known": 5,
    }
)
REFERRER = Weighted(
    {
        "police": 20,
        "care_provider": 22,
        "acute_hospital": 10,
        "gp": 6,
        "ambulance": 5,
        "mental_health_trust": 7,
        "housing": 6,
        "family_friend": 10,
        "self": 4,
        "other": 10,
    }
)
# Shares of risk-type rows: neglect about a third once several types per concern are drawn.
RISK_TYPE = Weighted(
    {
        "neglect": 40,
        "physical": 17,
        "psychological": 13,
        "financial": 13,
        "self_neglect": 8,
        "domestic_abuse": 5,
        "organisational": 3,
        "sexual": 3,
        "sexual_exploitation": 0.5,
        "discriminatory": 0.5,
        "modern_slavery": 0.3,
    }
)
RISK_TYPES_PER_CONCERN = Weighted({1: 72, 2: 22, 3: 6})
LOCATION = Weighted(
    {
        "own_home": 45,
        "care_home_residential": 14,
        "care_home_nursing": 9,
        "community": 8,
        "community_service": 5,
        "hospital_acute": 4,
        "hospital_mental_health": 2,
        "hospital_community": 1,
        "other": 7,
        "": 5,
    }
)
SOURCE = Weighted({"known": 58, "service_provider": 30, "unknown": 9, "": 3})
# (outcomes_asked, with outcome items): asked-and-expressed is derived from the items, about 3 in 4.
ASKED = Weighted(
    {
        ("asked", True): 75,
        ("asked", False): 5,
        ("declined", False): 5,
        ("not_asked", False): 8,
        ("unknown", False): 4,
        ("", False): 3,
    }
)
OUTCOMES_PER_PERSON = Weighted({1: 45, 2: 35, 3: 15, 4: 5})
OUTCOME_CATEGORY = Weighted(
    {
        "feel_safe": 22,
        "stop_harm": 20,
        "support": 14,
        "stay_home": 10,
        "money_property": 8,
        "relationships": 6,
        "justice": 6,
        "confidence": 6,
        "answers": 5,
        "other": 3,
    }
)
SAID_BY = Weighted({"person": 60, "representative": 25, "referrer": 15})
DECISION = Weighted({"s42": 27, "other": 8, "none": 65})  # conversion about 35%, s42 about 3 in 4 enquiries
NO_ENQUIRY_OUTCOME = Weighted({"info_advice": 35, "signposted": 20, "referred": 30, "no_further_action": 15})
CAPACITY = Weighted({"had": 60, "lacked": 25, "dont_know": 8, "not_recorded": 7})
CAPACITY_SUPPORT = Weighted({"family": 40, "advocate": 35, "friend": 5, "none": 12, "dont_know": 8})
RISK_RESULT = Weighted(
    {
        "identified_action": 60,
        "identified_no_action": 3,
        "inconclusive_action": 12,
        "inconclusive_no_action": 3,
        "none_action": 8,
        "none_no_action": 9,
        "ceased": 5,
    }
)
RISK_OUTCOME = Weighted({"reduced": 65, "removed": 25, "remained": 10})
ACHIEVEMENT = Weighted({"fully": 62, "partially": 30, "not": 8})
INVOLVEMENT = {"home_visit": 50, "phone": 50, "meetings": 30, "advocate": 15}  # each independently, in %
FEEDBACK_ANSWER = Weighted({"yes": 68, "partly": 18, "no": 8, "not_asked": 6})
SPOKEN_WITHIN_24H = 0.72
FIRST_CONTACT_UNRECORDED = 0.05
FEEDBACK_SHARE = 0.35

# --- Phrase banks (invented) --------------------------------------------------------------------------------

GIVEN = {
    "female": "Ada Agnes Alice Amara Ann Beatrice Bridget Carol Chloe Dorothy Edith Eileen Elsie Fatima"
    " Florence Gladys Grace Hazel Irene Iris Jean Joan Joyce June Kathleen Lily Mabel Margaret Marnie"
    " Maureen Mavis Nora Olive Pamela Patricia Priya Rose Ruby Sandra Shirley Sylvia Vera Violet"
    " Winifred Yvonne".split(),
    "male": "Albert Alan Arthur Barry Bernard Brian Cecil Clifford Colin Dennis Derek Donald Ernest Frank"
    " Frederick Geoffrey George Gordon Harold Harry Ivan Jack Kenneth Leonard Malcolm Norman Omar Percy Ralph"
    " Raymond Reginald Roy Samuel Stanley Terence Trevor Victor Walter Wilfred".split(),
}
GIVEN["not_known"] = GIVEN["female"] + GIVEN["male"]
FAMILY_START = (
    "Ash Bram Cald Dun Elm Fen Gar Hal Ib Kel Lark Mor Nettle Orm Pell Quill Rook Sel Thorn Ul Wren".split()
)
FAMILY_END = (
    "by combe dale feather field ford gate holt hurst ley mere more ridge stead thwaite well wick".split()
)
AREAS = ("North locality", "South locality", "East locality", "West locality", "Central locality")
REFERRER_NAMES = {
    "police": ("Police control room", "Neighbourhood policing team"),
    "ambulance": ("Ambulance service crew",),
    "acute_hospital": ("Ward 7 discharge team", "Emergency department"),
    "gp": ("Beacon Lane Surgery", "Millbrook Medical Practice"),
    "mental_health_trust": ("Community mental health team",),
    "care_provider": ("Larkspur Lodge", "Heronsgate Care Home", "Bluebell Home Care", "Oakwell Court"),
    "housing": ("Tenancy support officer", "Sheltered housing scheme"),
    "family_friend": ("A daughter", "A neighbour", "A friend"),
    "self": ("The person",),
    "other": ("Day centre staff", "Bank fraud team", "Community pharmacist"),
}
WHAT_HAPPENED = {
    "neglect": (
        "Carers missed several calls and medication was not given.",
        "Found with untreated pressure sores after staff shortages.",
        "Left without food or heating for two days.",
    ),
    "physical": (
        "Bruising on both arms that could not be explained.",
        "A relative was seen pushing them during a visit.",
    ),
    "psychological": ("Shouted at and threatened by a family member.", "Told they would be put in a home."),
    "financial": (
        "Pension withdrawn by someone they do not know.",
        "Unpaid bills and a new loan in their name.",
    ),
    "self_neglect": (
        "The home is cluttered and unsafe; they refuse help.",
        "Not eating and not taking insulin.",
    ),
    "domestic_abuse": ("Partner controls their money and who they see.", "Police called to a row at home."),
    "organisational": ("Residents left in bed until midday on several days.",),
    "sexual": ("Disclosed unwanted touching by a visitor.",),
    "sexual_exploitation": ("Friends are taking photos and asking for favours.",),
    "discriminatory": ("Repeated abuse about their disability from neighbours.",),
    "modern_slavery": ("Made to work without pay and sleeps in a shed.",),
}
OUTCOME_WORDS = {
    "feel_safe": ("I want to feel safe in my own home.", "I just want to feel safe again."),
    "stop_harm": ("I want it to stop.", "I don't want him coming round any more."),
    "support": ("I'd like more help with the carers.", "Someone to help me with my letters."),
    "stay_home": ("I want to stay in my flat.", "I don't want to move into a home."),
    "money_property": ("I want my money back.", "I want my bank card sorted out."),
    "relationships": ("I still want to see my grandson.", "Keep seeing my friends at the club."),
    "justice": ("I want the police to deal with it.", "They should be held to account."),
    "confidence": ("I want to feel in charge of my life.", "To be able to say no."),
    "answers": ("I want to know why it happened.", "I want someone to explain it to me."),
    "other": ("I want my cat looked after if I go into hospital.",),
}
WANTS = (
    "For things to settle down at home.",
    "I want the carers changed.",
    "Just want it sorted quietly.",
    "I want my daughter to know.",
    "Don't want any fuss.",
    "I want the police involved.",
)
INVOLVEMENT_WISHES = (
    "Visit me at home.",
    "Talk to my son as well.",
    "Phone me first, please.",
    "I want my advocate there.",
    "Meet me at the day centre.",
)
NOT_ASKED_REASONS = ("Too unwell to talk at the time.", "Could not be contacted before the decision.")
REASONS = {
    "other": ("Not all criteria met, but the risk is high enough to look into.",),
    "none": (
        "Needs met by the current care plan.",
        "Concern resolved by the provider the same day.",
        "The person declined any involvement and has capacity.",
    ),
}
COMMENTS = ("They listened to me.", "It took a long time.", "I feel safer now.", "Nobody rang me back.")


# --- Planning one council's cases (no database writes) ------------------------------------------------------


@dataclass
class Plan:
    """One council's unsaved rows, linked to each other by object (the writer fills in the ids)."""

    council: object
    people: list = field(default_factory=list)
    concerns: list = field(default_factory=list)
    risk_types: list = field(default_factory=list)
    enquiries: list = field(default_factory=list)
    involvement: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    feedback: list = field(default_factory=list)


@dataclass(frozen=True)
class Setting:
    """What a plan needs from the database, read once: outcome categories, staff, decision time, now."""

    categories: dict  # code -> OutcomeCategory
    workers: list  # the council's practitioners and managers (may be empty)
    deciders: list
    decision_hours: int
    now: datetime.datetime


def council_rng(seed: int, council) -> random.Random:
    return random.Random(f"{seed}/{council.gss_code}")


def yearly_volumes(council, rng: random.Random, years: int, per_year: int | None) -> list[int]:
    """Concerns to start in each year: `per_year` each, or the council's drawn size growing a little."""
    if per_year is not None:
        return [per_year] * years
    low, high = VOLUME_BY_TYPE.get(council.council_type, (800, 2000))
    size = rng.uniform(low, high)
    return [max(low, round(size * (1 + YEARLY_GROWTH) ** y * rng.uniform(0.93, 1.07))) for y in range(years)]


def plan_council(
    council,
    *,
    seed: int,
    start_year: int,
    years: int,
    setting: Setting,
    per_year: int | None = None,
    flush: Callable[[Plan], None] | None = None,
) -> Plan:
    """Every person and case of one council over the years, drawn from the council's own random stream.

    With `flush`, each year's rows are handed over and dropped as soon as the year is drawn, so memory holds
    one year (a person's later concerns are drawn with their first, and refer to them by object).
    """
    rng = council_rng(seed, council)
    builder = _Builder(council, rng, setting)
    tomorrow = timezone.localdate(setting.now) + datetime.timedelta(days=1)
    window_end = datetime.date(start_year + years, 4, 1)  # later concerns of a person stay inside the window
    for offset, volume in enumerate(yearly_volumes(council, rng, years, per_year)):
        start = datetime.date(start_year + offset, 4, 1)
        year_end = datetime.date(start_year + offset + 1, 4, 1)
        end = min(year_end, tomorrow)
        if end < year_end:  # the current year so far: its share of the year's volume
            volume = round(volume * max(0, (end - start).days) / (year_end - start).days)
        made = 0
        while made < volume and start < end:
            made += builder.person_with_concerns(start, end, window_end)
        if flush is not None:
            flush(builder.plan)
            builder.plan = Plan(council)
    return builder.plan


class _Builder:
    """Draws people and their concerns into a Plan."""

    def __init__(self, council, rng: random.Random, setting: Setting):
        self.council, self.rng, self.s = council, rng, setting
        self.council_pk = council.pk  # ids, not instances: setting a relation by instance costs more
        self.plan = Plan(council)
        self.zone = timezone.get_default_timezone()
        self.areas = AREAS[: rng.randint(3, len(AREAS))]

    def person_with_concerns(
        self, start: datetime.date, end: datetime.date, window_end: datetime.date
    ) -> int:
        """A person whose first concern falls between start and end; later ones follow within the window."""
        rng = self.rng
        moments = [self._moment(start, end)]
        for _ in range(CONCERNS_PER_PERSON.draw(rng) - 1):
            following = moments[-1] + datetime.timedelta(
                days=1 + rng.expovariate(1 / 150), hours=rng.random()
            )
            if following.date() >= window_end or following > self.s.now:
                break
            moments.append(following)
        person = self._person(moments[0].date())
        for index, moment in enumerate(moments):
            self._concern(person, moment, is_repeat(moment, moments[:index]))
        return len(moments)

    def _moment(self, start: datetime.date, end: datetime.date) -> datetime.datetime:
        rng = self.rng
        while True:
            day = start + datetime.timedelta(days=rng.randrange((end - start).days))
            if day.weekday() < 5 or rng.random() < 0.4:  # fewer concerns at weekends
                break
        hour = rng.randint(8, 17) if rng.random() < 0.8 else rng.randint(0, 23)
        moment = datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)), tzinfo=self.zone)
        return min(moment, self.s.now - datetime.timedelta(minutes=1))

    def _person(self, first_concern: datetime.date):
        from msp.cases.models import Person

        rng = self.rng
        gender = GENDER.draw(rng)
        low, high = AGE_BANDS.draw(rng)
        age_days = rng.randint(low * 365 + 1, high * 365 + 364)
        person = Person(
            council_id=self.council_pk,
            given_name=rng.choice(GIVEN[gender]),
            family_name=rng.choice(FAMILY_START) + rng.choice(FAMILY_END),
            date_of_birth=first_concern - datetime.timedelta(days=age_days),
            nhs_number=synthetic_nhs_number(rng) if rng.random() < 0.7 else "",
            gender=gender,
            ethnicity=ETHNICITY.draw(rng),
            support_reason=SUPPORT_REASON.draw(rng),
            area=rng.choice(self.areas),
        )
        self.plan.people.append(person)
        return person

    def _concern(self, person, received: datetime.datetime, repeat: bool) -> None:
        from msp.cases.models import Concern, ConcernRiskType

        rng = self.rng
        referrer = REFERRER.draw(rng)
        risks = RISK_TYPE.several(rng, RISK_TYPES_PER_CONCERN.draw(rng))
        asked, expressed = ASKED.draw(rng)
        spoke = asked in ("asked", "declined")
        concern = Concern(
            council_id=self.council_pk,
            person=person,
            channel=ch.Channel.STAFF,
            received_at=received,
            referrer_type=referrer,
            referrer_name=rng.choice(REFERRER_NAMES[referrer]),
            location=LOCATION.draw(rng),
            source_of_risk=SOURCE.draw(rng),
            what_happened=rng.choice(WHAT_HAPPENED[risks[0]]),
            wants_to_happen=rng.choice(WANTS) if spoke and rng.random() < 0.85 else "",
            involvement_wishes=rng.choice(INVOLVEMENT_WISHES) if spoke and rng.random() < 0.8 else "",
            outcomes_asked=asked,
            outcomes_not_asked_reason=rng.choice(NOT_ASKED_REASONS) if asked == "not_asked" else "",
            said_by=SAID_BY.draw(rng) if spoke else "",
            decision_due_at=decision_due(received, self.s.decision_hours),
            is_repeat=repeat,
            status=ch.ConcernStatus.AWAITING_DECISION,
        )
        self.plan.concerns.append(concern)
        self.plan.risk_types += [
            ConcernRiskType(council_id=self.council_pk, concern=concern, code=c) for c in risks
        ]
        outcomes = self._outcomes(concern) if expressed else []
        self._decide(concern)
        if concern.decision in ("s42", "other"):
            self._enquiry(concern, outcomes)

    def _outcomes(self, concern) -> list:
        from msp.cases.models import DesiredOutcome

        rng, outcomes = self.rng, []
        for code in OUTCOME_CATEGORY.several(rng, OUTCOMES_PER_PERSON.draw(rng)):
            outcome = DesiredOutcome(
                council_id=self.council_pk,
                concern=concern,
                category_id=self.s.categories[code].pk,
                own_words=rng.choice(OUTCOME_WORDS[code]),
                stage=ch.Stage.CONCERN,
            )
            outcomes.append(outcome)
            added = {"category": [None, code], "own_words": [None, outcome.own_words]}
            self._change(outcome, "added", "concern", concern.received_at, added)
        self.plan.outcomes += outcomes
        return outcomes

    def _change(self, outcome, kind: str, stage: str, at, changes: dict) -> None:
        from msp.cases.models import OutcomeChange

        self.plan.changes.append(
            OutcomeChange(
                council_id=self.council_pk, outcome=outcome, kind=kind, stage=stage, at=at, changes=changes
            )
        )

    def _decide(self, concern) -> None:
        rng = self.rng
        decided = concern.received_at + datetime.timedelta(hours=rng.lognormvariate(math.log(20), 0.9))
        if decided > self.s.now:
            return  # still awaiting a decision
        decision = DECISION.draw(rng)
        if decision == "s42":
            criteria = (True, True, True)
        else:
            criteria = (rng.random() < 0.85, rng.random() < 0.6, False if rng.random() < 0.8 else None)
        concern.decision, concern.decided_at = decision, decided
        concern.criterion_a, concern.criterion_b, concern.criterion_c = criteria
        concern.decided_by_id = rng.choice(self.s.deciders).pk if self.s.deciders else None
        if decision != "s42":
            concern.decision_reason = rng.choice(REASONS[decision])
        if decision == "none":
            concern.no_enquiry_outcome = NO_ENQUIRY_OUTCOME.draw(rng)
            concern.status = ch.ConcernStatus.CLOSED
        else:
            concern.status = ch.ConcernStatus.IN_ENQUIRY

    def _enquiry(self, concern, outcomes: list) -> None:
        from msp.cases.models import Enquiry, EnquiryInvolvement

        rng, now = self.rng, self.s.now
        started = concern.decided_at
        contact = self._first_contact(concern.received_at)
        closed = started + datetime.timedelta(days=max(2.0, rng.lognormvariate(math.log(40), 0.7)))
        if contact is not None:
            closed = max(closed, contact + datetime.timedelta(days=1))  # nobody closes before meeting them
        enquiry = Enquiry(
            council_id=self.council_pk,
            concern=concern,
            started_at=started,
            first_contact_at=contact,
            lead_worker_id=rng.choice(self.s.workers).pk if self.s.workers else None,
        )
        self.plan.enquiries.append(enquiry)
        if enquiry.first_contact_at is not None:
            methods = (
                ["declined"]
                if rng.random() < 0.06
                else [m for m, p in INVOLVEMENT.items() if rng.random() * 100 < p]
            )
            self.plan.involvement += [
                EnquiryInvolvement(council_id=self.council_pk, enquiry=enquiry, method=m)
                for m in methods or ["phone"]
            ]
        if closed > now:
            if rng.random() < 0.6:
                enquiry.capacity = CAPACITY.draw(rng)
            if rng.random() < 0.5:
                enquiry.outcomes_reviewed_at = max(started, now - datetime.timedelta(days=rng.uniform(0, 35)))
            return
        self._close(enquiry, closed, outcomes)

    def _first_contact(self, received: datetime.datetime) -> datetime.datetime | None:
        rng = self.rng
        if rng.random() < FIRST_CONTACT_UNRECORDED:
            return None
        if rng.random() < SPOKEN_WITHIN_24H:
            contact = received + datetime.timedelta(hours=rng.uniform(0.5, 23.5))
        else:
            contact = received + datetime.timedelta(days=rng.uniform(1.05, 12))
        return contact if contact <= self.s.now else None

    def _close(self, enquiry, closed: datetime.datetime, outcomes: list) -> None:
        rng = self.rng
        enquiry.closed_at, enquiry.closed_by_id = closed, enquiry.lead_worker_id
        enquiry.concern.status = ch.ConcernStatus.CLOSED
        enquiry.capacity = CAPACITY.draw(rng)
        if enquiry.capacity == "lacked":
            enquiry.capacity_support = CAPACITY_SUPPORT.draw(rng)
        enquiry.risk_result = RISK_RESULT.draw(rng)
        if enquiry.risk_result == "identified_action":
            enquiry.risk_outcome = RISK_OUTCOME.draw(rng)
        for outcome in outcomes:
            outcome.achievement = ACHIEVEMENT.draw(rng)
            self._change(outcome, "rated", "closure", closed, {"achievement": [None, outcome.achievement]})
        if rng.random() < FEEDBACK_SHARE:
            self._feedback(enquiry, closed)

    def _feedback(self, enquiry, closed: datetime.datetime) -> None:
        from msp.cases.models import Feedback

        rng = self.rng
        independent = rng.random() < 0.25
        answered = timezone.localtime(closed).date() + datetime.timedelta(
            days=rng.randint(7, 56) if independent else 0
        )
        if answered > timezone.localdate(self.s.now):
            return
        self.plan.feedback.append(
            Feedback(
                council_id=self.council_pk,
                enquiry=enquiry,
                respondent="person" if rng.random() < 0.7 else "representative",
                method="independent" if independent else "at_closure",
                answered_on=answered,
                comments=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
                recorded_by_id=enquiry.lead_worker_id,
                **{name: FEEDBACK_ANSWER.draw(rng) for name, _ in ch.FEEDBACK_QUESTIONS},
            )
        )


def synthetic_nhs_number(rng: random.Random) -> str:
    """A valid NHS number from the 999 range, which is never issued to a real patient."""
    while True:
        digits = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return digits + str(check)


# --- Writing ------------------------------------------------------------------------------------------------


class Writer:
    """Writes one council's rows as they are planned, inside the caller's transaction, and counts them.

    Through the bulk writer (COPY on PostgreSQL) unless `insert` is given: `insert(model, rows, now=...)`,
    for comparison (`bulk_create_rows`)."""

    def __init__(self, council, *, seed: int, insert: Callable | None = None):
        self.council, self.insert = council, insert
        self.references = _maker(random.Random(f"{seed}/{council.gss_code}/references"))
        self.now = timezone.now()
        self.bulk: BulkWriter | None = None
        self.counts: dict[str, int] = dict.fromkeys(counts(Plan(council)), 0)

    def __call__(self, plan: Plan) -> None:
        from msp.cases.importing import unique_references
        from msp.cases.models import (
            Concern,
            ConcernRiskType,
            DesiredOutcome,
            Enquiry,
            EnquiryInvolvement,
            Feedback,
            OutcomeChange,
            Person,
        )

        for concern, reference in zip(
            plan.concerns, unique_references(len(plan.concerns), make=self.references), strict=True
        ):
            concern.reference = reference
        for model, rows in (
            (Person, plan.people),
            (Concern, plan.concerns),
            (ConcernRiskType, plan.risk_types),
            (Enquiry, plan.enquiries),
            (EnquiryInvolvement, plan.involvement),
            (DesiredOutcome, plan.outcomes),
            (OutcomeChange, plan.changes),
            (Feedback, plan.feedback),
        ):
            if self.insert is not None:
                self.insert(model, rows, now=self.now)
                continue
            if self.bulk is None:
                self.bulk = BulkWriter(using=router.db_for_write(model), now=self.now)
            # Only rows that other rows point at need their ids before they are written.
            insert_rows(
                model, rows, writer=self.bulk, with_ids=model in (Person, Concern, Enquiry, DesiredOutcome)
            )
        for name, n in counts(plan).items():
            self.counts[name] += n

    def audit(self, *, seed: int, note: str = "") -> None:
        """The one audit event for the council's run."""
        from msp.accounts.audit import audit

        audit(
            user=None,
            action="import",
            object_type="cases.Concern",
            council=self.council,
            summary=f"Generated {self.counts['concerns']} synthetic concerns (seed {seed}){note}",
            changes={"synthetic": True, "seed": seed, **self.counts},
        )


def bulk_create_rows(model, rows: list, *, now=None) -> None:
    """Plain bulk_create, kept to compare with the bulk writer (scripts/bench_cases_generate.py)."""
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def insert_rows(
    model, rows: list, *, writer: BulkWriter | None = None, with_ids: bool = True, now=None
) -> None:
    """Write unsaved instances through the bulk writer (msp.cases.bulk), inside a transaction.

    With `with_ids`, ids are reserved first and set on the instances, so rows written later can point at
    them. Values are read straight from each instance's __dict__ (a model field's descriptor costs a Python
    call a value); a relation set by instance gets the related row's id, known now that it has been written.
    The instances are the plan's, thrown away afterwards: they are not marked as saved (nothing saves them).
    """
    if not rows:
        return
    writer = writer or BulkWriter(using=router.db_for_write(model), now=now)
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    ]
    for relation in fields:
        if relation.is_relation:
            _fill_related_id(rows, relation)
    columns = [f.attname for f in fields]
    if with_ids:
        for row, pk in zip(rows, writer.ids(model, len(rows)), strict=True):
            row.pk = pk
        columns.append(model._meta.pk.attname)
    values = itemgetter(*columns)
    writer.write(model, columns, [values(row.__dict__) for row in rows])


def _fill_related_id(rows: list, field) -> None:
    """A relation set by instance before that instance had an id: copy the id in, as bulk_create does."""
    attname = field.attname
    for row in rows:
        state = row.__dict__
        if state[attname] is None and field.is_cached(row):
            related = field.get_cached_value(row)
            if related is not None:
                state[attname] = related.pk


def _maker(rng: random.Random) -> Callable[[], str]:
    def make() -> str:
        chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
        return f"{chars[:4]}-{chars[4:]}"

    return make


def counts(plan: Plan) -> dict[str, int]:
    return {
        "people": len(plan.people),
        "concerns": len(plan.concerns),
        "enquiries": len(plan.enquiries),
        "outcomes": len(plan.outcomes),
        "feedback": len(plan.feedback),
    }


# --- Choosing councils, and the whole run -------------------------------------------------------------------


class GenerateError(ValueError):
    """The run cannot start: too many councils asked for, or a window that has not begun."""


def choose_councils(count: int, *, seed: int, start: datetime.date, end: datetime.date) -> list:
    """`count` real councils that existed throughout the window, chosen reproducibly from the seed."""
    from msp.councils.models import Council

    eligible = list(
        Council.objects.valid_on(start).filter(pk__in=Council.objects.valid_on(end)).order_by("gss_code")
    )
    if count > len(eligible):
        raise GenerateError(
            f"{count} councils asked for, but only {len(eligible)} existed throughout"
            f" {start:%d/%m/%Y} to {end:%d/%m/%Y}."
        )
    return sorted(random.Random(seed).sample(eligible, count), key=lambda c: c.gss_code)


def setting_for(council, now: datetime.datetime) -> Setting:
    from msp.accounts.models import Role, User
    from msp.cases.models import OutcomeCategory
    from msp.cases.services import settings_for

    staff = list(User.objects.filter(council=council, is_active=True).order_by("pk"))
    return Setting(
        categories={c.code: c for c in OutcomeCategory.objects.filter(council=None)},
        workers=[u for u in staff if u.role in (Role.PRACTITIONER, Role.TEAM_MANAGER)],
        deciders=[u for u in staff if u.role in (Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD)],
        decision_hours=settings_for(council).decision_hours,
        now=now,
    )


@dataclass
class RunResult:
    councils: list = field(default_factory=list)  # (council, counts)
    seconds: float = 0.0

    @property
    def concerns(self) -> int:
        return sum(c["concerns"] for _, c in self.councils)

    @property
    def rate(self) -> float:
        return self.concerns / self.seconds if self.seconds else 0.0


def generate(
    *,
    councils: int,
    years: int,
    seed: int,
    start_year: int = 2016,
    per_year: int | None = None,
    now: datetime.datetime | None = None,
    progress: Callable[[object, dict], None] | None = None,
    insert: Callable | None = None,
    workers: int = 1,
) -> RunResult:
    """Choose the councils, then plan and write each, a year at a time, in one transaction per council.

    With `workers` > 1 (PostgreSQL only), that many processes each take a council at a time: each council's
    cases are the same as in one process, only their ids interleave."""
    now = now or timezone.now()
    start = datetime.date(start_year, 4, 1)
    if start > timezone.localdate(now):
        raise GenerateError(f"The window starts on {start:%d/%m/%Y}, which is in the future.")
    from msp.councils.models import Council

    end = min(datetime.date(start_year + years, 3, 31), timezone.localdate(now))
    if workers > 1 and connections[router.db_for_write(Council)].vendor != "postgresql":
        raise GenerateError("Several workers need PostgreSQL: SQLite lets one process write at a time.")
    chosen = choose_councils(councils, seed=seed, start=start, end=end)
    work = functools.partial(
        generate_council,
        seed=seed,
        start_year=start_year,
        years=years,
        per_year=per_year,
        now=now,
        insert=insert,
    )
    result = RunResult()
    started = time.perf_counter()
    if workers > 1:
        from django.conf import settings

        connections.close_all()  # each process opens its own
        # Fresh processes, not forks: forking a process that runs other threads (a server, a test session)
        # can leave a child waiting forever on a lock a thread held at the fork.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_worker_setup,
            initargs=({alias: dict(connections[alias].settings_dict) for alias in settings.DATABASES},),
        ) as pool:
            done = zip(chosen, pool.map(work, [c.pk for c in chosen]), strict=True)
            _gather(result, done, progress)
    else:
        _gather(result, ((c, work(c.pk)) for c in chosen), progress)
    result.seconds = time.perf_counter() - started
    return result


def _worker_setup(databases: dict) -> None:
    """A worker process: Django set up with the parent's databases (a test run's test database included)."""
    import os

    import django
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    settings.DATABASES = databases  # before anything opens a connection
    django.setup()


def _gather(result: RunResult, done, progress) -> None:
    for council, written in done:
        result.councils.append((council, written))
        if progress:
            progress(council, written)


def generate_council(
    pk: int,
    *,
    seed: int,
    start_year: int,
    years: int,
    per_year: int | None,
    now: datetime.datetime,
    insert: Callable | None = None,
) -> dict[str, int]:
    """One council's cases in one transaction with its audit event; returns what was written."""
    from msp.councils.models import Council

    council = Council.objects.get(pk=pk)
    for attempt in range(3):
        writer = Writer(council, seed=seed, insert=insert)
        try:
            with gc_paused(), transaction.atomic():
                plan_council(
                    council,
                    seed=seed,
                    start_year=start_year,
                    years=years,
                    setting=setting_for(council, now),
                    per_year=per_year,
                    flush=writer,
                )
                writer.audit(seed=seed, note=f", {years} years from April {start_year}")
            return writer.counts
        except IntegrityError:
            # Another process took one of the references between the check and the write: draw again.
            if attempt == 2:
                raise
    return {}
