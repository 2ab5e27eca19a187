"""Services for concerns: record one (with the person's three answers and outcome items) and decide on it."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from msp.accounts.audit import audit
from msp.cases.choices import Channel, ConcernStatus, Decision, Stage
from msp.cases.models import Concern, ConcernRiskType, OutcomeCategory, Person
from msp.cases.rules import decision_due, decision_problems, is_repeat
from msp.cases.selectors import settings_for
from msp.cases.services._common import audit_change, audit_create, lock_and_check, snapshot
from msp.cases.services.outcomes import outcome_add

# No 0/O, 1/I/L: a reference read out over the phone must not be misheard.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

CONCERN_FIELDS = (
    "person",
    "received_at",
    "channel",
    "referrer_type",
    "referrer_name",
    "referrer_contact",
    "location",
    "source_of_risk",
    "what_happened",
    "person_aware",
    "person_aware_reason",
    "wants_to_happen",
    "involvement_wishes",
    "outcomes_asked",
    "outcomes_not_asked_reason",
    "said_by",
    "decision_due_at",
    "is_repeat",
    "status",
)
DECISION_FIELDS = (
    "decision",
    "criterion_a",
    "criterion_b",
    "criterion_c",
    "decision_reason",
    "no_enquiry_outcome",
    "decided_at",
    "decided_by",
    "status",
)
ASKED_FIELDS = ("outcomes_asked", "outcomes_not_asked_reason", "said_by")


@dataclass(frozen=True)
class OutcomeInput:
    """One desired outcome as said at the front door: a category (instance or code) and the person's words."""

    category: OutcomeCategory | str
    own_words: str


def new_reference() -> str:
    """'ABCD-2345': random, so a reference says nothing about how many concerns a council has."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def concern_create(
    *,
    council,
    person: Person,
    user,
    received_at: datetime.datetime,
    referrer_type: str,
    what_happened: str,
    referrer_name: str = "",
    referrer_contact: str = "",
    risk_types: Sequence[str] = (),
    location: str = "",
    source_of_risk: str = "",
    person_aware: str = "",
    person_aware_reason: str = "",
    wants_to_happen: str = "",
    involvement_wishes: str = "",
    outcomes_asked: str = "",
    outcomes_not_asked_reason: str = "",
    said_by: str = "",
    outcomes: Sequence[OutcomeInput] = (),
    channel: str = Channel.STAFF,
) -> Concern:
    """Record a concern about a person of the council; flag a repeat; outcome items become DesiredOutcomes."""

    if person.council_id != council.pk:
        raise ValidationError({"person": "The person belongs to another council"})
    if outcomes_asked == "not_asked" and not outcomes_not_asked_reason.strip():
        raise ValidationError({"outcomes_not_asked_reason": "Say why the person was not asked"})
    hours = settings_for(council).decision_hours
    concern = Concern(
        council=council,
        person=person,
        received_at=received_at,
        channel=channel,
        referrer_type=referrer_type,
        referrer_name=referrer_name.strip(),
        referrer_contact=referrer_contact.strip(),
        location=location,
        source_of_risk=source_of_risk,
        what_happened=what_happened.strip(),
        person_aware=person_aware,
        person_aware_reason=person_aware_reason.strip(),
        wants_to_happen=wants_to_happen.strip(),
        involvement_wishes=involvement_wishes.strip(),
        outcomes_asked=outcomes_asked,
        outcomes_not_asked_reason=outcomes_not_asked_reason.strip(),
        said_by=said_by,
        decision_due_at=decision_due(received_at, hours),
        created_by=user if channel == Channel.STAFF else None,
        reference=new_reference(),
    )
    concern.full_clean(exclude=["reference"])
    risk_rows = [
        ConcernRiskType(council=council, concern=concern, code=code) for code in dict.fromkeys(risk_types)
    ]
    for row in risk_rows:
        row.full_clean(exclude=["concern"])
    with transaction.atomic():
        earlier = list(
            Concern.objects.filter(person=person, received_at__lt=received_at).values_list(
                "received_at", flat=True
            )
        )
        concern.is_repeat = is_repeat(received_at, earlier)
        _save_with_unique_reference(concern)
        ConcernRiskType.objects.bulk_create(risk_rows)
        audit_create(
            user=user,
            obj=concern,
            fields=CONCERN_FIELDS,
            summary=f"Concern {concern.reference} recorded ({Channel(channel).label.lower()})"
            + (" - repeat" if concern.is_repeat else ""),
        )
        if risk_rows:
            audit(
                user=user,
                action="create",
                obj=concern,
                summary="Types of risk",
                changes={"risk_types": [None, ", ".join(r.code for r in risk_rows)]},
            )
        for item in outcomes:
            outcome_add(
                concern=concern,
                user=user,
                category=item.category,
                own_words=item.own_words,
                stage=Stage.CONCERN,
            )
    return concern


def _save_with_unique_reference(concern: Concern, attempts: int = 5) -> None:
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                concern.save()
            return
        except IntegrityError:
            if attempt == attempts - 1 or Concern.objects.filter(reference=concern.reference).first() is None:
                raise
            concern.reference = new_reference()


def concern_record_asked(
    *,
    concern: Concern,
    user,
    expected_revision: int | None,
    outcomes_asked: str,
    outcomes_not_asked_reason: str = "",
    said_by: str = "",
) -> Concern:
    """Record (or correct) whether the person was asked about their outcomes: the one place this is kept."""
    if outcomes_asked == "not_asked" and not outcomes_not_asked_reason.strip():
        raise ValidationError({"outcomes_not_asked_reason": "Say why the person was not asked"})
    with transaction.atomic():
        lock_and_check(concern, expected_revision)
        before = snapshot(Concern.objects.get(pk=concern.pk), ASKED_FIELDS)
        concern.outcomes_asked = outcomes_asked
        concern.outcomes_not_asked_reason = (
            outcomes_not_asked_reason.strip() if outcomes_asked == "not_asked" else ""
        )
        concern.said_by = said_by or concern.said_by
        concern.full_clean()
        concern.save()
        audit_change(
            user=user,
            obj=concern,
            before=before,
            fields=ASKED_FIELDS,
            summary="Asked about desired outcomes recorded",
        )
    return concern


def concern_decide(
    *,
    concern: Concern,
    user,
    expected_revision: int | None,
    decision: str,
    criterion_a: bool | None,
    criterion_b: bool | None,
    criterion_c: bool | None,
    reason: str = "",
    no_enquiry_outcome: str = "",
    decided_at: datetime.datetime | None = None,
    lead_worker=None,
) -> Concern:
    """Decide: Section 42 or other enquiry (opens the Enquiry) or no enquiry (closes the concern, saying
    what happened instead and why). Only a concern awaiting a decision can be decided."""
    from msp.cases.services.enquiries import enquiry_start

    problems = decision_problems(
        decision=decision,
        criterion_a=criterion_a,
        criterion_b=criterion_b,
        criterion_c=criterion_c,
        no_enquiry_outcome=no_enquiry_outcome,
        reason=reason,
    )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        lock_and_check(concern, expected_revision)
        current = Concern.objects.get(pk=concern.pk)
        if current.status != ConcernStatus.AWAITING_DECISION:
            raise ValidationError({"decision": "This concern has already been decided"})
        before = snapshot(current, DECISION_FIELDS)
        concern.decision = decision
        concern.criterion_a, concern.criterion_b, concern.criterion_c = criterion_a, criterion_b, criterion_c
        concern.decision_reason = reason.strip()
        concern.no_enquiry_outcome = no_enquiry_outcome if decision == Decision.NONE else ""
        concern.decided_at = decided_at or timezone.now()
        concern.decided_by = user
        concern.status = ConcernStatus.CLOSED if decision == Decision.NONE else ConcernStatus.IN_ENQUIRY
        concern.full_clean()
        concern.save()
        audit_change(
            user=user,
            obj=concern,
            before=before,
            fields=DECISION_FIELDS,
            summary=f"Decision: {Decision(decision).label}",
        )
        if decision != Decision.NONE:
            enquiry_start(
                concern=concern,
                user=user,
                lead_worker=lead_worker,
                started_at=concern.decided_at,
            )
    return concern
