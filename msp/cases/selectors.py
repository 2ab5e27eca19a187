"""Read case records, always scoped to the user's council: search, queues, derived answers, export."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone

from msp.accounts.models import User
from msp.cases import categories as cat
from msp.cases.choices import ConcernStatus
from msp.cases.models import (
    Concern,
    CouncilCaseSettings,
    DesiredOutcome,
    Enquiry,
    Feedback,
    OutcomeCategory,
    Person,
)
from msp.cases.rules import FEEDBACK_WINDOW, asked_about_outcomes, names_similar, normalise_nhs_number
from msp.cases.scope import council_of, for_user


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


# --- Lists and search ---------------------------------------------------------------------------------------

# A reference as typed: "abcd2345", "ABCD-2345" (services.new_reference).
REFERENCE_PATTERN = re.compile(r"^([A-Za-z0-9]{4})-?([A-Za-z0-9]{4})$")
# Up to this many people matched by a concern search are passed to the concern query as a list of ids.
PEOPLE_AS_IDS = 1000


def _name_matches(name: str) -> Q:
    """Every word of `name` is in the given, family or known-as name. `icontains`: on PostgreSQL the
    trigram indexes of migration 0006 serve it (UPPER(name) LIKE '%WORD%'); elsewhere a plain scan."""
    match = Q()
    for word in name.split():
        match &= Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(known_as__icontains=word)
    return match


def people_search(
    user,
    *,
    name: str = "",
    date_of_birth: datetime.date | None = None,
    nhs_number: str = "",
    external_id: str = "",
) -> QuerySet[Person]:
    """The user's council's people matching every criterion given, by family name then given name."""
    rows = for_user(Person.objects.all(), user).filter(_name_matches(name))
    if date_of_birth:
        rows = rows.filter(date_of_birth=date_of_birth)
    if nhs_number:
        rows = rows.filter(nhs_number=normalise_nhs_number(nhs_number))
    if external_id:
        rows = rows.filter(external_id=external_id.strip())
    # Case-blind name order, which no index gives: PostgreSQL finds the matches on their own indexes and
    # sorts them, instead of walking every person of the council in name order until fifty match.
    return rows.order_by(Upper("family_name"), Upper("given_name"), "id")


def _people_like(council, text: str) -> QuerySet[Person]:
    """People of the council a concern search may mean: by name, NHS number or id in the previous system."""
    match = Q(external_id=text)
    if text.split():
        match |= _name_matches(text)
    digits = normalise_nhs_number(text)
    if len(digits) == 10 and digits.isdigit():
        match |= Q(nhs_number=digits)
    return Person.objects.filter(council=council).filter(match)


def _concern_search(rows: QuerySet[Concern], council, text: str) -> QuerySet[Concern]:
    """Concerns whose reference or id in the previous system is `text`, or whose person matches it.

    Each side is found on its own indexes first. The people found are passed as a list of ids: PostgreSQL
    then reads their concerns from the list indexes (which carry the person's id) instead of looking up
    the person of every concern in date order until fifty match; past PEOPLE_AS_IDS people, a subquery."""
    by_reference = Q(external_id=text)
    if found := REFERENCE_PATTERN.match(text):
        by_reference |= Q(reference=f"{found[1]}-{found[2]}".upper())
    concern_ids = list(
        Concern.objects.filter(council=council).filter(by_reference).values_list("pk", flat=True)
    )
    people = _people_like(council, text).values_list("pk", flat=True)
    person_ids = list(people[: PEOPLE_AS_IDS + 1])
    if len(person_ids) > PEOPLE_AS_IDS:
        return rows.filter(Q(pk__in=concern_ids) | Q(person__in=people))
    return rows.filter(Q(pk__in=concern_ids) | Q(person_id__in=person_ids))


CONCERN_SORTS = {  # the sort a list link asks for: the columns, with the id to make the order total
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "due": ("decision_due_at", "id"),
    "-due": ("-decision_due_at", "-id"),
}


def concerns_listed(
    user,
    *,
    now: datetime.datetime,
    search: str = "",
    status: str = "",
    area: str = "",
    decision: str = "",
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    overdue: bool = False,
    sort: str = "-received",
) -> QuerySet[Concern]:
    """The user's council's concerns, filtered and sorted; ids and order only (the page loads the rest).

    Every filter is on an index of migration 0006 together with the council; the received dates are whole
    UK days, compared as instants so the index on received_at serves them."""
    rows = for_user(Concern.objects.all(), user)
    council = council_of(user)
    if council is None:
        return rows
    if search.strip():
        rows = _concern_search(rows, council, search.strip())
    if status:
        rows = rows.filter(status=status)
    if decision:
        rows = rows.filter(decision=decision)
    if area:
        rows = rows.filter(person__in=Person.objects.filter(council=council, area=area).values("pk"))
    if received_from:
        rows = rows.filter(received_at__gte=_start_of(received_from))
    if received_to:
        rows = rows.filter(received_at__lt=_start_of(received_to + datetime.timedelta(days=1)))
    if overdue:
        rows = rows.filter(status=ConcernStatus.AWAITING_DECISION, decision_due_at__lt=now)
    return rows.order_by(*CONCERN_SORTS.get(sort, CONCERN_SORTS["-received"]))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def council_areas(user) -> list[str]:
    """The areas (localities, teams) the council's people are recorded in, for the list filter.

    SELECT DISTINCT would read every person of the council; this walks the (council_id, area) index of
    migration 0006 from one area to the next, a few index probes however many people there are."""
    council = council_of(user)
    if council is None:
        return []
    table = connection.ops.quote_name(Person._meta.db_table)
    first = f"SELECT area FROM {table} WHERE council_id = %s AND area > '' ORDER BY area LIMIT 1"
    after = f"SELECT area FROM {table} WHERE council_id = %s AND area > areas.area ORDER BY area LIMIT 1"
    sql = (
        f"WITH RECURSIVE areas(area) AS (SELECT ({first})"
        f" UNION ALL SELECT ({after}) FROM areas WHERE areas.area IS NOT NULL)"
        " SELECT area FROM areas WHERE area IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [council.pk, council.pk])
        return [area for (area,) in cursor.fetchall()]


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
class WorkerCount:
    worker: object | None  # a User, or None for "not assigned"
    open_enquiries: int


def queue_open_enquiry_counts(user) -> list[WorkerCount]:
    """How many open enquiries each lead worker has (counted by the database), not assigned first."""
    counts = dict(
        for_user(Enquiry.objects.filter(closed_at__isnull=True), user)
        .values_list("lead_worker")
        .annotate(n=Count("id"))
        .order_by()
    )
    workers = User.objects.in_bulk([pk for pk in counts if pk is not None])
    rows = [WorkerCount(workers.get(pk), n) for pk, n in counts.items()]
    return sorted(rows, key=lambda r: (r.worker is not None, _worker_order(r.worker)))


def _worker_order(worker) -> tuple:
    return (worker.last_name, worker.first_name, worker.pk) if worker else ()


def queue_open_enquiries(user, *, worker: int | str | None = "") -> QuerySet[Enquiry]:
    """Open enquiries, the longest open first; of one lead worker (None: not assigned), or everyone's ("")."""
    rows = for_user(Enquiry.objects.filter(closed_at__isnull=True), user)
    if worker != "":
        rows = rows.filter(lead_worker=worker)
    return rows.order_by("started_at", "id")


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


EXPORT_FIELDS = (
    "pk",
    "reference",
    "received_at",
    "channel",
    "referrer_type",
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
    "outcomes_asked",
    "said_by",
    "person_id",
    "person__date_of_birth",
    "person__approximate_age",
    "enquiry__closed_at",
)


EXPORT_BATCH = 5000  # concerns read at a time


def concern_export_rows(concerns: QuerySet[Concern]) -> Iterator[tuple]:
    """Rows of a CSV of the given concerns in the order received: codes as labels, no names (the person's id).

    Read as plain values a batch at a time, each batch the next EXPORT_BATCH concerns after the last one read
    (by the council's index on the time received), with its risk types and outcome counts read by the same
    batch as a subquery: no model instances and no long lists of ids sent back to the database.
    """
    from msp.cases.models import ConcernRiskType

    display = {
        name: dict(Concern._meta.get_field(name).flatchoices)
        for name in ("channel", "referrer_type", "status", "decision", "no_enquiry_outcome")
    }
    labels: dict[tuple[str, str], str] = {}

    def label(kind: str, code: str) -> str:
        if (kind, code) not in labels:
            labels[kind, code] = cat.label(kind, code)
        return labels[kind, code]

    def yes_no(value) -> str:
        return "" if value is None else ("yes" if value else "no")

    def when(value) -> str:
        return value.isoformat() if value else ""

    yield EXPORT_COLUMNS
    ordered = concerns.order_by("received_at", "pk")
    last = None
    while True:
        batch = ordered
        if last is not None:
            at, pk = last
            batch = batch.filter(Q(received_at__gt=at) | Q(received_at=at, pk__gt=pk), received_at__gte=at)
        batch = batch[:EXPORT_BATCH]
        found = list(batch.values_list(*EXPORT_FIELDS, named=True))
        if not found:
            return
        last = (found[-1].received_at, found[-1].pk)
        ids = batch.values("pk")
        risks: dict[int, list[str]] = {}
        chosen = ConcernRiskType.objects.filter(concern_id__in=ids).order_by("pk")
        for concern_id, code in chosen.values_list("concern_id", "code"):
            risks.setdefault(concern_id, []).append(label("risk_type", code))
        said = dict(
            DesiredOutcome.objects.filter(concern_id__in=ids)
            .order_by()
            .values("concern_id")
            .annotate(n=Count("pk"))
            .values_list("concern_id", "n")
        )
        for c in found:
            expressed = said.get(c.pk, 0)
            yield (
                c.reference,
                c.received_at.isoformat(),
                display["channel"].get(c.channel, c.channel),
                display["referrer_type"].get(c.referrer_type, c.referrer_type),
                "; ".join(risks.get(c.pk, ())),
                label("risk_location", c.location),
                label("risk_source", c.source_of_risk),
                "yes" if c.is_repeat else "no",
                display["status"].get(c.status, c.status),
                display["decision"].get(c.decision, c.decision),
                yes_no(c.criterion_a),
                yes_no(c.criterion_b),
                yes_no(c.criterion_c),
                display["no_enquiry_outcome"].get(c.no_enquiry_outcome, c.no_enquiry_outcome),
                c.decision_due_at.isoformat(),
                when(c.decided_at),
                label("asked_outcomes", asked_about_outcomes(c.outcomes_asked, expressed, said_by=c.said_by)),
                expressed,
                c.person_id,
                age_band(
                    c.person__date_of_birth, c.received_at.date(), approximate_age=c.person__approximate_age
                ),
                when(c.enquiry__closed_at),
            )


def settings_for(council):
    """The council's case settings; the defaults (unsaved) when it never changed them."""
    return CouncilCaseSettings.objects.filter(council=council).first() or CouncilCaseSettings(council=council)
