"""Services for the person's desired outcomes: add, change, withdraw, review; every change kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from msp.accounts.audit import audit
from msp.cases.choices import ChangeKind, ConcernStatus, OutcomeStatus, Stage
from msp.cases.models import Concern, DesiredOutcome, Enquiry, OutcomeCategory, OutcomeChange
from msp.cases.services._common import lock_and_check

OUTCOME_FIELDS = ("category", "own_words", "status")


def outcome_category(council, value: OutcomeCategory | str) -> OutcomeCategory:
    """A category the council may use: its own or a national one, by instance or code."""
    if isinstance(value, OutcomeCategory):
        if value.council_id not in (None, council.pk):
            raise ValidationError({"category": "That outcome category belongs to another council"})
        return value
    own = OutcomeCategory.objects.filter(council=council, code=value).first()
    found = own or OutcomeCategory.objects.filter(council=None, code=value).first()
    if found is None:
        raise ValidationError({"category": f"'{value}' is not an outcome category"})
    return found


def _stage_for(concern: Concern) -> str:
    if concern.status == ConcernStatus.AWAITING_DECISION:
        return Stage.CONCERN
    if concern.status == ConcernStatus.IN_ENQUIRY:
        return Stage.ENQUIRY
    raise ValidationError("This case is closed; its outcomes can no longer be changed")


def _mark_reviewed(concern: Concern, at) -> None:
    """Outcomes changed during an enquiry count as reviewed now (for the work queue)."""
    Enquiry.objects.filter(concern=concern, closed_at__isnull=True).update(outcomes_reviewed_at=at)


def _history(outcome: DesiredOutcome, *, user, kind: str, stage: str, at, changes: dict, reason: str):
    OutcomeChange.objects.create(
        council=outcome.council,
        outcome=outcome,
        kind=kind,
        stage=stage,
        at=at,
        by=user,
        changes=changes,
        reason=reason,
    )
    audit(
        user=user,
        action="create" if kind == ChangeKind.ADDED else "change",
        obj=outcome,
        summary=f"Desired outcome {ChangeKind(kind).label.lower()}",
        changes=changes,
    )


def outcome_add(
    *,
    concern: Concern,
    user,
    category: OutcomeCategory | str,
    own_words: str,
    reason: str = "",
    stage: str | None = None,
) -> DesiredOutcome:
    """A new desired outcome in the person's own words, at the concern or later during the enquiry."""

    if not own_words.strip():
        raise ValidationError({"own_words": "Write the outcome in the person's own words"})
    stage = stage or _stage_for(concern)
    outcome = DesiredOutcome(
        council=concern.council,
        concern=concern,
        own_words=own_words.strip(),
        stage=stage,
        category=outcome_category(concern.council, category),
        created_by=user,
    )
    outcome.full_clean()
    now = timezone.now()
    with transaction.atomic():
        outcome.save()
        _history(
            outcome,
            user=user,
            kind=ChangeKind.ADDED,
            stage=stage,
            at=now,
            reason=reason.strip(),
            changes={"category": [None, outcome.category.code], "own_words": [None, outcome.own_words]},
        )
        if stage == Stage.ENQUIRY:
            _mark_reviewed(concern, now)
    return outcome


def outcome_change(
    *,
    outcome: DesiredOutcome,
    user,
    expected_revision: int | None,
    category: OutcomeCategory | str,
    own_words: str,
    reason: str,
) -> DesiredOutcome:
    """The person now wants something different: keep what it was, when it changed and why."""

    if not reason.strip():
        raise ValidationError({"reason": "Say why the outcome changed"})
    if not own_words.strip():
        raise ValidationError({"own_words": "Write the outcome in the person's own words"})
    stage = _stage_for(outcome.concern)
    with transaction.atomic():
        lock_and_check(outcome, expected_revision)
        current = DesiredOutcome.objects.select_related("category").get(pk=outcome.pk)
        if current.status != OutcomeStatus.ACTIVE:
            raise ValidationError("A withdrawn outcome cannot be changed; add a new one")
        new_category = outcome_category(outcome.council, category)
        changes = {}
        if current.category_id != new_category.pk:
            changes["category"] = [current.category.code, new_category.code]
        if current.own_words != own_words.strip():
            changes["own_words"] = [current.own_words, own_words.strip()]
        if not changes:
            raise ValidationError(
                "Nothing changed; to record a review with no change, use 'reviewed, no change'"
            )
        outcome.category, outcome.own_words = new_category, own_words.strip()
        outcome.full_clean()
        outcome.save()
        now = timezone.now()
        _history(
            outcome,
            user=user,
            kind=ChangeKind.CHANGED,
            stage=stage,
            at=now,
            changes=changes,
            reason=reason.strip(),
        )
        _mark_reviewed(outcome.concern, now)
    return outcome


def outcome_withdraw(
    *,
    outcome: DesiredOutcome,
    user,
    expected_revision: int | None,
    reason: str,
) -> DesiredOutcome:
    """The person no longer wants this outcome: kept on the record, withdrawn, not rated at closure."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the outcome was withdrawn"})
    stage = _stage_for(outcome.concern)
    with transaction.atomic():
        lock_and_check(outcome, expected_revision)
        if DesiredOutcome.objects.get(pk=outcome.pk).status == OutcomeStatus.WITHDRAWN:
            raise ValidationError("This outcome is already withdrawn")
        outcome.status = OutcomeStatus.WITHDRAWN
        outcome.achievement = ""
        outcome.save()
        now = timezone.now()
        _history(
            outcome,
            user=user,
            kind=ChangeKind.WITHDRAWN,
            stage=stage,
            at=now,
            reason=reason.strip(),
            changes={"status": [OutcomeStatus.ACTIVE, OutcomeStatus.WITHDRAWN]},
        )
        _mark_reviewed(outcome.concern, now)
    return outcome


def outcomes_reviewed(*, enquiry: Enquiry, user, note: str = "") -> int:
    """Outcomes talked through with the person, nothing changed: a 'reviewed' entry per active outcome."""
    if enquiry.closed_at is not None:
        raise ValidationError("This enquiry is closed")
    now = timezone.now()
    with transaction.atomic():
        active = list(DesiredOutcome.objects.filter(concern=enquiry.concern, status=OutcomeStatus.ACTIVE))
        for outcome in active:
            OutcomeChange.objects.create(
                council=outcome.council,
                outcome=outcome,
                kind=ChangeKind.REVIEWED,
                stage=Stage.ENQUIRY,
                at=now,
                by=user,
                reason=note.strip(),
            )
        Enquiry.objects.filter(pk=enquiry.pk).update(outcomes_reviewed_at=now)
        enquiry.outcomes_reviewed_at = now
        audit(
            user=user,
            action="change",
            obj=enquiry,
            summary="Desired outcomes reviewed, no change",
            changes={"outcomes_reviewed_at": [None, str(now)]},
        )
    return len(active)
