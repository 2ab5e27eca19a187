"""Read case records, always scoped to the user's council: search, queues, derived answers, export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from msp.cases import categories as cat
from msp.cases.choices import ConcernStatus, OutcomeStatus
from msp.cases.models import Concern, DesiredOutcome, Enquiry, Feedback, OutcomeCategory, Person
from msp.cases.rules import FEEDBACK_WINDOW, asked_about_outcomes, names_similar, normalise_nhs_number
from msp.cases.scope import for_user
from msp.cases.services._common import settings_for


def possible_duplicates(
    *,
    council,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    nhs_number: str = "",
    exclude_pk: int | None = None,
) -> list[Person]:
    """People of the council who may be this person: the same NHS number, or a similar name with the same date
    of birth (or, when no date of birth is given, the same family name and a similar given name)."""
    match = Q(pk__in=[])
    if nhs_number:
        match |= Q(nhs_number=normalise_nhs_number(nhs_number))
    if date_of_birth is not None:
        match |= Q(date_of_birth=date_of_birth)
    else:
        match |= Q(family_name__iexact=family_name.strip())
    rows = Person.objects.filter(council=council).filter(match)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return [
        p
        for p in rows[:200]
        if (nhs_number and p.nhs_number == normalise_nhs_number(nhs_number))
        or names_similar(given_name, family_name, p.given_name, p.family_name)
    ]


def people_search(
    user,
    *,
    name: str = "",
    date_of_birth: datetime.date | None = None,
    nhs_number: str = "",
) -> QuerySet[Person]:
    """The user's council's people; every word of `name` must match a given, family or known-as name."""
    rows = for_user(Person.objects.all(), user)
    for word in name.split():
        rows = rows.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(known_as__icontains=word)
        )
    if date_of_birth:
        rows = rows.filter(date_of_birth=date_of_birth)
    if nhs_number:
        rows = rows.filter(nhs_number=normalise_nhs_number(nhs_number))
    return rows.order_by("family_name", "given_name", "id")


def concerns_for(user) -> QuerySet[Concern]:
    return for_user(Concern.objects.all(), user).select_related("person")


def outcome_categories_for(council) -> QuerySet[OutcomeCategory]:
    """The national list plus the council's own additions, active ones only."""
    return OutcomeCategory.objects.filter(Q(council=None) | Q(council=council), active=True)


def asked_answer(concern: Concern) -> str:
    """The SAC 'asked about desired outcomes' code for a concern (derived; see rules.asked_about_outcomes)."""
    return asked_about_outcomes(concern.outcomes_asked, concern.outcomes.count(), said_by=concern.said_by)


def asked_answer_label(concern: Concern) -> str:
    return cat.label("asked_outcomes", asked_answer(concern))


def case_detail(user, pk: int) -> Concern:
    """One concern of the user's council with what its page shows; raises Concern.DoesNotExist otherwise."""
    return (
        concerns_for(user)
        .select_related("person", "decided_by", "created_by", "enquiry__lead_worker", "enquiry__closed_by")
        .prefetch_related(
            "risk_types",
            Prefetch(
                "outcomes",
                queryset=DesiredOutcome.objects.select_related("category").prefetch_related("changes__by"),
            ),
        )
        .get(pk=pk)
    )


# --- Work queues --------------------------------------------------------------------------------------------


def queue_awaiting_decision(user) -> QuerySet[Concern]:
    """Concerns awaiting a decision, the longest overdue first (earliest due date first)."""
    return concerns_for(user).filter(status=ConcernStatus.AWAITING_DECISION).order_by("decision_due_at", "id")


@dataclass
class WorkerQueue:
    worker: object | None  # a User, or None for "not assigned"
    enquiries: list[Enquiry]


def queue_open_enquiries_by_worker(user) -> list[WorkerQueue]:
    rows = (
        for_user(Enquiry.objects.filter(closed_at__isnull=True), user)
        .select_related("concern__person", "lead_worker")
        .order_by(
            F("lead_worker__last_name").asc(nulls_first=True),
            "lead_worker__first_name",
            "lead_worker_id",
            "started_at",
        )
    )
    groups: dict[int | None, WorkerQueue] = {}
    for enquiry in rows:
        groups.setdefault(enquiry.lead_worker_id, WorkerQueue(enquiry.lead_worker, [])).enquiries.append(
            enquiry
        )
    return list(groups.values())


def queue_outcomes_not_reviewed(user, now: datetime.datetime) -> QuerySet[Enquiry]:
    """Open enquiries whose outcomes were not added to, changed or reviewed within the council's interval
    (counting from the start of the enquiry when never reviewed)."""
    council = getattr(user, "council", None)
    if council is None:
        return Enquiry.objects.none()
    cutoff = now - datetime.timedelta(days=settings_for(council).review_interval_days)
    return (
        for_user(Enquiry.objects.filter(closed_at__isnull=True), user)
        .annotate(last_review=Coalesce("outcomes_reviewed_at", "started_at"))
        .filter(last_review__lt=cutoff)
        .select_related("concern__person", "lead_worker")
        .order_by("last_review", "id")
    )


def queue_awaiting_feedback(user, now: datetime.datetime) -> QuerySet[Enquiry]:
    """Closed in the last eight weeks with no feedback yet; soonest to leave the window first."""
    return (
        for_user(Enquiry.objects.filter(closed_at__isnull=False, closed_at__gte=now - FEEDBACK_WINDOW), user)
        .annotate(has_feedback=Exists(Feedback.objects.filter(enquiry=OuterRef("pk"))))
        .filter(has_feedback=False)
        .select_related("concern__person", "lead_worker")
        .order_by("closed_at", "id")
    )


# --- Export -------------------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "reference",
    "received_at",
    "channel",
    "referrer_type",
    "risk_types",
    "location",
    "source_of_risk",
    "is_repeat",
    "status",
    "decision",
    "criterion_a",
    "criterion_b",
    "criterion_c",
    "no_enquiry_outcome",
    "decision_due_at",
    "decided_at",
    "asked_about_outcomes",
    "outcomes_expressed",
    "person_id",
    "person_age_band",
    "enquiry_closed_at",
)


def age_band(
    date_of_birth: datetime.date | None, on: datetime.date, *, approximate_age: int | None = None
) -> str:
    """SAC age bands; age on the given day, or the approximate age as told when the date of birth is not
    known (a band is wide enough for an estimate)."""
    if date_of_birth is not None:
        age = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    elif approximate_age is not None:
        age = approximate_age
    else:
        return "Not known"
    for low, band in ((95, "95+"), (85, "85-94"), (75, "75-84"), (65, "65-74"), (18, "18-64")):
        if age >= low:
            return band
    return "Under 18"


def concern_export_rows(user):
    """Rows of the user's council's concerns for a CSV: codes as labels, no names (the person's id only)."""
    rows = (
        concerns_for(user)
        .select_related("enquiry")
        .prefetch_related("risk_types")
        .annotate(outcomes_expressed=Count("outcomes"))
        .order_by("received_at", "id")
    )
    yield EXPORT_COLUMNS
    for c in rows.iterator(chunk_size=2000):
        enquiry = getattr(c, "enquiry", None)
        yield (
            c.reference,
            c.received_at.isoformat(),
            c.get_channel_display(),
            c.get_referrer_type_display(),
            "; ".join(cat.label("risk_type", r.code) for r in c.risk_types.all()),
            cat.label("risk_location", c.location),
            cat.label("risk_source", c.source_of_risk),
            "yes" if c.is_repeat else "no",
            c.get_status_display(),
            c.get_decision_display(),
            *(
                "" if v is None else ("yes" if v else "no")
                for v in (c.criterion_a, c.criterion_b, c.criterion_c)
            ),
            c.get_no_enquiry_outcome_display(),
            c.decision_due_at.isoformat(),
            c.decided_at.isoformat() if c.decided_at else "",
            cat.label(
                "asked_outcomes",
                asked_about_outcomes(c.outcomes_asked, c.outcomes_expressed, said_by=c.said_by),
            ),
            c.outcomes_expressed,
            c.person_id,
            age_band(c.person.date_of_birth, c.received_at.date(), approximate_age=c.person.approximate_age),
            enquiry.closed_at.isoformat() if enquiry and enquiry.closed_at else "",
        )


def active_outcomes(concern: Concern) -> list[DesiredOutcome]:
    return [o for o in concern.outcomes.all() if o.status == OutcomeStatus.ACTIVE]
