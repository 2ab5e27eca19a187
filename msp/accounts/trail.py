"""Read the audit log: one council's trail for the people accountable for it, newest first, filtered."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from msp.accounts.models import AuditEvent

# The council's own records and its staff's accounts. The national programme's work about a council (its
# temperature-check interview, coding, reports) is not the council's to audit.
COUNCIL_RECORD_APPS = ("cases", "outcomes", "accounts")

RECORD_NAMES = {
    "cases.Person": "Person",
    "cases.Concern": "Concern",
    "cases.Enquiry": "Enquiry",
    "cases.DesiredOutcome": "Desired outcome",
    "cases.OutcomeChange": "Outcome history",
    "cases.EnquiryAction": "Action",
    "cases.Feedback": "Feedback",
    "cases.Representative": "Representative",
    "cases.CouncilCaseSettings": "Case settings",
    "cases.OutcomeCategory": "Kind of outcome",
    "accounts.User": "Staff account",
    "accounts.AuditEvent": "Audit trail",
}


def council_trail(
    council,
    *,
    person_id: int | None = None,
    user=None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The council's events, newest first: about one person's records, by one user, between two days (UK
    time, both included), as asked."""
    own = Q()
    for app in COUNCIL_RECORD_APPS:
        own |= Q(object_type__startswith=f"{app}.")
    events = AuditEvent.objects.filter(own, council=council)
    if person_id is not None:
        events = events.filter(person_id=person_id)
    if user is not None:
        events = events.filter(user=user)
    if since is not None:
        events = events.filter(at__gte=_start_of(since))
    if until is not None:
        events = events.filter(at__lt=_start_of(until + datetime.timedelta(days=1)))
    return events.order_by("-at", "-id")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def record_name(object_type: str) -> str:
    return RECORD_NAMES.get(object_type, object_type.split(".")[-1])


def changed_fields(event: AuditEvent) -> str:
    """Which fields changed, never their values: reading the trail must not become a view of the records."""
    return ", ".join(sorted(event.changes)) if isinstance(event.changes, dict) else ""
