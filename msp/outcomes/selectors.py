"""The records a return or an indicator counts, as querysets: which records, in which period, for whom.

Each function gives one *universe* (SAC: concerns received, enquiries started, Section 42 enquiries concluded,
their types of risk) for a period and optionally some councils. The fields the counts need are annotated as
plain columns (codes, never labels), so a count is a condition on columns and the database does the counting.
Scoping to a user is the caller's job.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.lookups import Exact

from msp.cases.choices import Decision, OutcomesAsked, SaidBy
from msp.cases.models import Concern, ConcernRiskType, Enquiry
from msp.outcomes.layout import Layout
from msp.outcomes.periods import Period, born_on_or_before

ENQUIRY_KINDS = (Decision.S42, Decision.OTHER)
EXPRESSED_STATES = ("unrated", "fully", "partially", "not")  # expressed_state when outcomes were expressed


def age_band(date_of_birth: str, layout: Layout, on: datetime.date) -> Case:
    """The SAC age band on `on` (31 March) from the date of birth: '' when not known or under 18. The
    thresholds are dates, so the database compares dates and never computes an age."""
    whens = [
        When(**{f"{date_of_birth}__lte": born_on_or_before(band.min_age, on)}, then=Value(band.label))
        for band in sorted(layout.age_bands, key=lambda b: -b.min_age)
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def in_period(queryset: QuerySet, period: Period, field: str, councils=None) -> QuerySet:
    rows = queryset.filter(**{f"{field}__gte": period.start, f"{field}__lt": period.end})
    return rows if councils is None else rows.filter(council__in=councils)


def enquiries_asked(period: Period, layout: Layout, *, councils=None) -> QuerySet[Enquiry]:
    """SAC SG4a: the concluded Section 42 enquiries with what the person was asked and said."""
    return enquiries_concluded(period, layout, councils=councils, outcomes=True)


def concerns_received(period: Period, layout: Layout, *, councils=None) -> QuerySet[Concern]:
    """SAC: a concern counts in the year it was received."""
    rows = in_period(Concern.objects.all(), period, "received_at", councils)
    if councils is not None:  # the person is always the council's: lets the database read only its people
        rows = rows.filter(person__council__in=councils)
    return rows.annotate(
        council_ref=F("council_id"),
        person_ref=F("person_id"),
        band=age_band("person__date_of_birth", layout, period.last_day),
        sex=F("person__gender"),
    )


def enquiries_started(period: Period, layout: Layout, *, councils=None) -> QuerySet[Enquiry]:
    """SAC SG1: Section 42 and other enquiries count in the year they started."""
    rows = in_period(
        Enquiry.objects.filter(concern__decision__in=ENQUIRY_KINDS), period, "started_at", councils
    )
    if councils is not None:  # as above: only the council's people
        rows = rows.filter(concern__person__council__in=councils)
    return rows.annotate(
        council_ref=F("council_id"),
        person_ref=F("concern__person_id"),
        kind=F("concern__decision"),
        band=age_band("concern__person__date_of_birth", layout, period.last_day),
        sex=F("concern__person__gender"),
    )


def expressed_state(prefix: str = "concern__") -> Case:
    """The state of the concern's desired outcomes where they count as expressed, else '' (none, or only the
    referrer's view: msp.cases.rules.asked_about_outcomes). An aggregate over the outcomes joined to each
    enquiry, so the database counts them in one pass instead of one subquery per enquiry."""
    outcomes = f"{prefix}outcomes"
    rated = ~Q(**{f"{outcomes}__achievement": ""})
    n_rated = Count(f"{outcomes}__pk", filter=rated)
    referrers_view = Q(**{f"{prefix}said_by": SaidBy.REFERRER}) & ~Q(
        **{f"{prefix}outcomes_asked": OutcomesAsked.ASKED}
    )
    return Case(
        When(referrers_view, then=Value("")),
        When(Exact(Count(f"{outcomes}__pk"), 0), then=Value("")),
        When(Exact(n_rated, 0), then=Value("unrated")),
        When(
            Exact(Count(f"{outcomes}__pk", filter=Q(**{f"{outcomes}__achievement": "fully"})), n_rated),
            then=Value("fully"),
        ),
        When(
            Exact(Count(f"{outcomes}__pk", filter=Q(**{f"{outcomes}__achievement": "not"})), n_rated),
            then=Value("not"),
        ),
        default=Value("partially"),
        output_field=CharField(),
    )


def enquiries_concluded(
    period: Period, layout: Layout, *, councils=None, kinds=(Decision.S42,), outcomes: bool = False
) -> QuerySet:
    """SAC SG2-SG4: Section 42 enquiries concluded (closed) in the year; other enquiries never count there.
    With `outcomes`, the state of each enquiry's desired outcomes too (an aggregate over them: only the
    queries that need it pay for it)."""
    rows = Enquiry.objects.filter(concern__decision__in=kinds)
    rows = in_period(rows, period, "closed_at", councils)
    if outcomes:
        rows = rows.annotate(state=expressed_state())
    return rows.annotate(
        council_ref=F("council_id"),
        person_ref=F("concern__person_id"),
        kind=F("concern__decision"),
        place=F("concern__location"),
        source=F("concern__source_of_risk"),
        result=F("risk_result"),
        risk=F("risk_outcome"),
        lacked=F("capacity"),
        support=F("capacity_support"),
        answer=F("concern__outcomes_asked"),
    )


def concluded_risk_types(period: Period, layout: Layout, *, councils=None) -> QuerySet[ConcernRiskType]:
    """SAC SG2a: one row per type of risk of each concluded Section 42 enquiry. A type is stored once per
    concern, so the same type entered twice counts once."""
    rows = ConcernRiskType.objects.filter(
        concern__decision=Decision.S42,
        concern__enquiry__closed_at__gte=period.start,
        concern__enquiry__closed_at__lt=period.end,
    )
    if councils is not None:  # the enquiry's council too, so its (council, closed_at) index is used
        rows = rows.filter(council__in=councils, concern__enquiry__council__in=councils)
    return rows.annotate(
        council_ref=F("council_id"),
        enquiry_ref=F("concern__enquiry__id"),
        type_code=F("code"),
        source=F("concern__source_of_risk"),
    )


# --- The records the outcome indicators count ---------------------------------------------------------------


def yes_no(condition: Q, *, unknown: Q | None = None) -> Case:
    """'yes' / 'no' as a column (or '' where `unknown` holds), so indicators compare text only."""
    whens = [When(unknown, then=Value(""))] if unknown is not None else []
    return Case(*whens, When(condition, then=Value("yes")), default=Value("no"), output_field=CharField())


def quarter(field: str, period: Period) -> Case:
    """'1'-'4': the quarter of the reporting year a moment falls in."""
    from msp.outcomes.periods import quarters

    ends = [q.end for q in quarters(period)]
    whens = [When(**{f"{field}__lt": end}, then=Value(str(n))) for n, end in enumerate(ends[:3], start=1)]
    return Case(*whens, default=Value("4"), output_field=CharField())


def indicator_concerns(period: Period, *, councils=None) -> QuerySet[Concern]:
    """Concerns received in the period, with what happened to them."""
    return in_period(Concern.objects.all(), period, "received_at", councils).annotate(
        council_ref=F("council_id"),
        quarter=quarter("received_at", period),
        repeat=yes_no(Q(is_repeat=True)),
        decided=yes_no(~Q(decision="")),
        decided_in_time=yes_no(Q(decided_at__lte=F("decision_due_at")), unknown=Q(decided_at__isnull=True)),
    )


def indicator_enquiries(period: Period, layout: Layout, *, councils=None) -> QuerySet[Enquiry]:
    """Section 42 and other enquiries concluded in the period, with how the person was involved."""
    from msp.cases.choices import InvolvementMethod
    from msp.cases.models import EnquiryInvolvement
    from msp.cases.rules import SPOKEN_TO_WITHIN

    involved = {
        f"involved_{method}": yes_no(
            Q(Exists(EnquiryInvolvement.objects.filter(enquiry_id=OuterRef("pk"), method=method)))
        )
        for method in InvolvementMethod.values
    }
    within = ExpressionWrapper(F("concern__received_at") + SPOKEN_TO_WITHIN, output_field=DateTimeField())
    rows = enquiries_concluded(period, layout, councils=councils, kinds=ENQUIRY_KINDS, outcomes=True)
    return rows.annotate(
        quarter=quarter("closed_at", period),
        spoken_within_24_hours=yes_no(
            Q(first_contact_at__lte=within), unknown=Q(first_contact_at__isnull=True)
        ),
        **involved,
    )


def indicator_feedback(period: Period, *, councils=None):
    """Feedback on enquiries concluded in the period (the person's or their representative's, at closure or
    independently)."""
    from msp.cases.models import Feedback

    rows = Feedback.objects.filter(
        enquiry__closed_at__gte=period.start,
        enquiry__closed_at__lt=period.end,
        enquiry__concern__decision__in=ENQUIRY_KINDS,
    )
    if councils is not None:
        rows = rows.filter(council__in=councils)
    return rows.annotate(
        council_ref=F("council_id"),
        kind=F("enquiry__concern__decision"),
        quarter=quarter("enquiry__closed_at", period),
    )
