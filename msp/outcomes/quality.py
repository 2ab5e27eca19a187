"""Data-quality items: records of a council's year with a gap the return needs, listed so the team can fix
them before submitting. Each item is a queryset of the universe the return counts, so fixing the record
fixes the figure."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from msp.cases.models import Concern, ConcernRiskType, Enquiry
from msp.outcomes import selectors
from msp.outcomes.layout import layout_for
from msp.outcomes.periods import reporting_year


@dataclass(frozen=True)
class Gap:
    code: str
    title: str
    why: str  # what the gap does to the return
    kind: str  # "concerns" or "enquiries"
    where: Q


GAPS = (
    Gap(
        "no_date_of_birth",
        "Concerns about a person with no date of birth",
        "The person is counted in the SG1a Total but in no age band.",
        "concerns",
        Q(person__date_of_birth__isnull=True),
    ),
    Gap(
        "gender_not_recorded",
        "Concerns about a person whose gender is not recorded",
        "Counted as Not Known in SG1b.",
        "concerns",
        Q(person__gender=""),
    ),
    Gap(
        "no_location",
        "Concluded Section 42 enquiries with no location of risk",
        "Not in SG2b, so its Total falls short of the other tables.",
        "enquiries",
        Q(concern__location=""),
    ),
    Gap(
        "no_source",
        "Concluded Section 42 enquiries with no source of risk",
        "In the Total column of SG2a and SG2b but under no source.",
        "enquiries",
        Q(concern__source_of_risk=""),
    ),
    Gap(
        "no_risk_type",
        "Concluded Section 42 enquiries with no type of risk",
        "Not in SG2a.",
        "enquiries",
        ~Q(has_type=True),
    ),
    Gap(
        "no_risk_result",
        "Concluded Section 42 enquiries with no action taken and result",
        "Not in SG2c, so its Total falls short of the other tables.",
        "enquiries",
        Q(risk_result=""),
    ),
    Gap(
        "no_risk_outcome",
        "Risk identified and action taken, but no risk outcome",
        "Not in SG2e (remained, reduced or removed).",
        "enquiries",
        Q(risk_result="identified_action", risk_outcome=""),
    ),
    Gap(
        "no_capacity",
        "Concluded Section 42 enquiries with mental capacity not recorded",
        "Counted as not recorded in SG3a.",
        "enquiries",
        Q(capacity__in=["", "not_recorded"]),
    ),
    Gap(
        "no_capacity_support",
        "Lacked capacity, but no record of whether they were supported",
        "In the SG3a 'yes' row but in neither supported nor not supported.",
        "enquiries",
        Q(capacity="lacked", capacity_support__in=["", "dont_know"]),
    ),
    Gap(
        "asked_not_recorded",
        "Concluded Section 42 enquiries with no record of asking about desired outcomes",
        "Counted as not recorded in SG4a.",
        "enquiries",
        Q(state="", concern__outcomes_asked=""),
    ),
    Gap(
        "outcomes_not_rated",
        "Outcomes expressed but none rated at closure",
        "In the SG4a achieved Total but in none of fully, partially or not achieved.",
        "enquiries",
        Q(state="unrated"),
    ),
)


@dataclass
class GapRows:
    gap: Gap
    rows: QuerySet


def gaps(*, year: str, council) -> list[GapRows]:
    """Every gap with the council's records that have it (querysets; count or list them)."""
    period = reporting_year(year)
    layout = layout_for(period.label)
    concerns = selectors.concerns_received(period, layout).filter(council=council)
    concluded = (
        selectors.enquiries_concluded(period, layout, outcomes=True)
        .filter(council=council)
        .annotate(has_type=Exists(ConcernRiskType.objects.filter(concern_id=OuterRef("concern_id"))))
    )
    found = []
    for gap in GAPS:
        if gap.kind == "concerns":
            rows = Concern.objects.filter(pk__in=concerns.filter(gap.where).values("pk"))
        else:
            rows = Enquiry.objects.filter(pk__in=concluded.filter(gap.where).values("pk"))
        found.append(GapRows(gap, rows))
    return found


def gap(code: str, *, year: str, council) -> GapRows:
    return next(g for g in gaps(year=year, council=council) if g.gap.code == code)
