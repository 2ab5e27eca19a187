"""Retention: people whose records all closed more than MSP_RETENTION_YEARS ago, reviewed by the council's
lead and erased with their records, the council's published figures for those years kept as they were."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from msp.accounts.audit import audit
from msp.cases.choices import ConcernStatus
from msp.cases.models import Concern, Enquiry, Person


def cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    years = settings.MSP_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def due_for_review(council, now: datetime.datetime | None = None) -> QuerySet[Person]:
    """The council's people with no open concern whose last record closed before the cut-off, longest
    closed first; `last_closed` on each."""
    open_concern = Concern.objects.filter(person=OuterRef("pk")).exclude(status=ConcernStatus.CLOSED)
    # A concern ended when its enquiry closed, or else when it was decided (or received, if never decided).
    ended = Coalesce("concerns__enquiry__closed_at", "concerns__decided_at", "concerns__received_at")
    return (
        Person.objects.filter(council=council, concerns__isnull=False)
        .exclude(Exists(open_concern))
        .annotate(last_closed=Max(ended))
        .filter(last_closed__lt=cutoff(now))
        .order_by(F("last_closed").asc(), "pk")
    )


def reporting_years(person: Person) -> set[str]:
    """The reporting years whose figures count the person's records: when each concern came in, and when
    each enquiry started and closed."""
    from msp.outcomes.periods import year_of

    moments = []
    for concern in person.concerns.select_related("enquiry"):
        moments.append(concern.received_at)
        enquiry = getattr(concern, "enquiry", None)
        if enquiry is not None:
            moments += [m for m in (enquiry.started_at, enquiry.closed_at) if m is not None]
    return {year_of(m) for m in moments}


def erase_person(*, person: Person, user) -> dict[str, int]:
    """Erase the person and every record about them, after keeping the council's figures for every year
    those records count in. Returns what was erased, by kind."""
    from msp.outcomes import figures
    from msp.outcomes.models import FigureSet

    council = person.council
    years = reporting_years(person)
    with transaction.atomic():
        for year in sorted(years):
            figures.ensure_current(year, [council])
            FigureSet.objects.filter(council=council, year=year, source=FigureSet.Source.COMPUTED).update(
                source=FigureSet.Source.KEPT
            )
        concerns = Concern.objects.filter(person=person)
        erased = {
            "concerns": concerns.count(),
            "enquiries": Enquiry.objects.filter(concern__person=person).count(),
        }
        Enquiry.objects.filter(concern__person=person).delete()  # with involvement, actions and feedback
        concerns.delete()  # with risk types, desired outcomes and their history
        pk = person.pk
        person.delete()  # with representatives
        audit(
            user=user,
            action="delete",
            object_type="cases.Person",
            object_id=str(pk),
            council=council,
            summary=(
                f"Erased after retention review: a person, {erased['concerns']} concerns and"
                f" {erased['enquiries']} enquiries; figures kept for {', '.join(sorted(years))}"
            )[:300],
            changes={"figures_kept_for": sorted(years), **erased},
        )
    return erased
