"""Services for enquiries: start, assign the lead worker, record contact and involvement, risk, actions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from msp.accounts.audit import audit
from msp.cases.models import Concern, Enquiry, EnquiryAction, EnquiryInvolvement
from msp.cases.scope import RECORDERS
from msp.cases.services._common import audit_change, audit_create, lock_and_check, snapshot

CONTACT_FIELDS = ("first_contact_at", "capacity", "capacity_support")
RISK_FIELDS = ("risk_result", "risk_outcome")


def _check_open(enquiry: Enquiry) -> None:
    if enquiry.closed_at is not None:
        raise ValidationError("This enquiry is closed; it can no longer be changed")


def _check_worker(enquiry_council, worker) -> None:
    if worker is not None and (
        worker.council_id != enquiry_council.pk or worker.role not in RECORDERS or not worker.is_active
    ):
        raise ValidationError({"lead_worker": "Choose a member of staff of this council"})


def enquiry_start(
    *,
    concern: Concern,
    user,
    lead_worker=None,
    started_at: datetime.datetime | None = None,
) -> Enquiry:
    """Open the enquiry of a concern decided as a Section 42 or other enquiry (called by concern_decide)."""
    _check_worker(concern.council, lead_worker)
    enquiry = Enquiry(
        council=concern.council,
        concern=concern,
        lead_worker=lead_worker,
        started_at=started_at or timezone.now(),
    )
    enquiry.full_clean()
    with transaction.atomic():
        enquiry.save()
        audit_create(
            user=user,
            obj=enquiry,
            fields=("concern", "lead_worker", "started_at"),
            summary=f"Enquiry started for concern {concern.reference}",
        )
    return enquiry


def enquiry_assign(*, enquiry: Enquiry, user, expected_revision: int | None, lead_worker) -> Enquiry:
    _check_open(enquiry)
    _check_worker(enquiry.council, lead_worker)
    with transaction.atomic():
        lock_and_check(enquiry, expected_revision)
        before = snapshot(Enquiry.objects.get(pk=enquiry.pk), ("lead_worker",))
        enquiry.lead_worker = lead_worker
        enquiry.save()
        audit_change(
            user=user,
            obj=enquiry,
            before=before,
            fields=("lead_worker",),
            summary="Lead worker assigned",
        )
    return enquiry


def enquiry_record_contact(
    *,
    enquiry: Enquiry,
    user,
    expected_revision: int | None,
    first_contact_at: datetime.datetime | None,
    involvement: Sequence[str],
    capacity: str,
    capacity_support: str = "",
) -> Enquiry:
    """First contact, how the person was involved, mental capacity and any support where it was lacking."""
    _check_open(enquiry)
    if first_contact_at is not None and first_contact_at < enquiry.concern.received_at:
        raise ValidationError({"first_contact_at": "First contact cannot be before the concern was received"})
    if first_contact_at is not None and first_contact_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"first_contact_at": "First contact cannot be in the future"})
    if capacity == "lacked" and not capacity_support:
        raise ValidationError(
            {"capacity_support": "Say whether an advocate, family member or friend supported them"}
        )
    methods = list(dict.fromkeys(involvement))
    if "declined" in methods and len(methods) > 1:
        raise ValidationError(
            {"involvement": "'Chose not to be involved' cannot go with other ways of involvement"}
        )
    with transaction.atomic():
        lock_and_check(enquiry, expected_revision)
        current = Enquiry.objects.get(pk=enquiry.pk)
        before = {**snapshot(current, CONTACT_FIELDS), "involvement": ", ".join(current.involvement_codes)}
        enquiry.first_contact_at = first_contact_at
        enquiry.capacity = capacity
        enquiry.capacity_support = capacity_support if capacity == "lacked" else ""
        enquiry.full_clean()
        enquiry.save()
        rows = [EnquiryInvolvement(council=enquiry.council, enquiry=enquiry, method=m) for m in methods]
        # The rows held go first, so one kept is not a clash with itself (a failed check rolls this back).
        EnquiryInvolvement.objects.filter(enquiry=enquiry).delete()
        for row in rows:
            row.full_clean()
        EnquiryInvolvement.objects.bulk_create(rows)
        after = {**snapshot(enquiry, CONTACT_FIELDS), "involvement": ", ".join(methods)}
        changes = {
            k: [str(before[k]) if before[k] is not None else None, str(v) if v is not None else None]
            for k, v in after.items()
            if before[k] != v
        }
        if changes:
            audit(
                user=user,
                action="change",
                obj=enquiry,
                summary="Contact, involvement and capacity",
                changes=changes,
            )
    return enquiry


def enquiry_record_risk(
    *,
    enquiry: Enquiry,
    user,
    expected_revision: int | None,
    risk_result: str,
    risk_outcome: str = "",
) -> Enquiry:
    """Risk assessment result and, where risk was identified and action taken, whether it remained, reduced or
    was removed (national categories)."""
    _check_open(enquiry)
    if risk_result == "identified_action" and not risk_outcome:
        raise ValidationError({"risk_outcome": "Say whether the risk remained, was reduced or was removed"})
    with transaction.atomic():
        lock_and_check(enquiry, expected_revision)
        before = snapshot(Enquiry.objects.get(pk=enquiry.pk), RISK_FIELDS)
        enquiry.risk_result = risk_result
        enquiry.risk_outcome = risk_outcome if risk_result == "identified_action" else ""
        enquiry.full_clean()
        enquiry.save()
        audit_change(
            user=user,
            obj=enquiry,
            before=before,
            fields=RISK_FIELDS,
            summary="Risk assessment recorded",
        )
    return enquiry


def enquiry_action_add(
    *,
    enquiry: Enquiry,
    user,
    description: str,
    owner: str = "",
    due_on: datetime.date | None = None,
) -> EnquiryAction:
    _check_open(enquiry)
    action = EnquiryAction(
        council=enquiry.council,
        enquiry=enquiry,
        description=description.strip(),
        owner=owner.strip(),
        due_on=due_on,
        created_by=user,
    )
    action.full_clean()
    with transaction.atomic():
        action.save()
        audit_create(
            user=user,
            obj=action,
            fields=("enquiry", "description", "owner", "due_on"),
            summary=f"Action added to enquiry {enquiry.pk}",
        )
    return action


def enquiry_action_done(*, action: EnquiryAction, user, done_on: datetime.date | None = None):
    before = snapshot(action, ("done_on",))
    action.done_on = done_on or timezone.localdate()
    with transaction.atomic():
        action.save(update_fields=["done_on"])
        audit_change(
            user=user,
            obj=action,
            before=before,
            fields=("done_on",),
            summary="Action marked done",
        )
    return action
