"""Services for closing an enquiry (ratings, the council's mandatory prompts), feedback, case settings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from msp.accounts.audit import audit
from msp.cases.choices import (
    FEEDBACK_QUESTIONS,
    ChangeKind,
    ConcernStatus,
    FeedbackMethod,
    OutcomeStatus,
    Stage,
)
from msp.cases.models import (
    Concern,
    CouncilCaseSettings,
    DesiredOutcome,
    Enquiry,
    Feedback,
    OutcomeCategory,
    OutcomeChange,
)
from msp.cases.rules import ClosureFacts, Prompt, PromptSettings, asked_about_outcomes, closure_prompts
from msp.cases.selectors import settings_for
from msp.cases.services._common import (
    audit_change,
    audit_create,
    lock_and_check,
    snapshot,
)
from msp.core.stale import StaleEditError

SETTINGS_FIELDS = (
    "decision_hours",
    "review_interval_days",
    "require_outcomes_asked",
    "require_outcomes_rated",
    "require_first_contact",
    "require_capacity",
    "require_risk_result",
)


@dataclass(frozen=True)
class FeedbackInput:
    """The person's answers to the five feedback questions, as given at closure or afterwards."""

    respondent: str
    answers: dict[str, str]
    answered_on: datetime.date
    comments: str = ""
    quote_consent: bool = False


class ClosureBlocked(Exception):
    """Mandatory prompts not met and no override reason given."""

    def __init__(self, prompts: list[Prompt]):
        self.prompts = prompts
        super().__init__("; ".join(p.message for p in prompts))


def prompt_settings(council) -> PromptSettings:
    s = settings_for(council)
    return PromptSettings(**{f: getattr(s, f) for f in PromptSettings.__dataclass_fields__})


def closure_check(enquiry: Enquiry, achievements: dict[int, str] | None = None) -> list[Prompt]:
    """The prompts the enquiry does not meet yet; `achievements` ({outcome id: code}) as if already saved."""
    achievements = achievements or {}
    outcomes = list(DesiredOutcome.objects.filter(concern=enquiry.concern).select_related("category"))
    unrated = [
        (o.pk, o.own_words[:80])
        for o in outcomes
        if o.status == OutcomeStatus.ACTIVE and not achievements.get(o.pk, o.achievement)
    ]
    facts = ClosureFacts(
        asked_answer=asked_about_outcomes(
            enquiry.concern.outcomes_asked, len(outcomes), said_by=enquiry.concern.said_by
        ),
        unrated_outcomes=unrated,
        first_contact_at=enquiry.first_contact_at,
        capacity=enquiry.capacity,
        capacity_support=enquiry.capacity_support,
        risk_result=enquiry.risk_result,
        risk_outcome=enquiry.risk_outcome,
    )
    return closure_prompts(facts, prompt_settings(enquiry.council))


def enquiry_close(
    *,
    enquiry: Enquiry,
    user,
    expected_revision: int | None,
    achievements: dict[int, str],
    override_reason: str = "",
    closed_at: datetime.datetime | None = None,
) -> Enquiry:
    """Rate each active outcome (fully / partially / not) and close. Raises ClosureBlocked while a mandatory
    prompt is unmet, unless an override reason is recorded; then the reason is kept on the enquiry."""
    if enquiry.closed_at is not None:
        raise ValidationError("This enquiry is already closed")
    valid = {"fully", "partially", "not"}
    bad = [code for code in achievements.values() if code and code not in valid]
    if bad:
        raise ValidationError(f"'{bad[0]}' is not an achievement; expected fully, partially or not")
    prompts = closure_check(enquiry, achievements)
    if prompts and not override_reason.strip():
        raise ClosureBlocked(prompts)
    now = closed_at or timezone.now()
    with transaction.atomic():
        lock_and_check(enquiry, expected_revision)
        outcomes = DesiredOutcome.objects.select_for_update().filter(
            concern=enquiry.concern, status=OutcomeStatus.ACTIVE
        )
        for outcome in outcomes:
            code = achievements.get(outcome.pk, "")
            if code and code != outcome.achievement:
                change = {"achievement": [outcome.achievement or None, code]}
                outcome.achievement = code
                outcome.revision += 1
                outcome.save(update_fields=["achievement", "revision", "updated_at"])
                OutcomeChange.objects.create(
                    council=outcome.council,
                    outcome=outcome,
                    kind=ChangeKind.RATED,
                    stage=Stage.CLOSURE,
                    at=now,
                    by=user,
                    changes=change,
                )
                audit(
                    user=user,
                    action="change",
                    obj=outcome,
                    summary="Desired outcome rated",
                    changes=change,
                )
        before = snapshot(
            Enquiry.objects.get(pk=enquiry.pk), ("closed_at", "closed_by", "closure_override_reason")
        )
        enquiry.closed_at, enquiry.closed_by = now, user
        enquiry.closure_override_reason = override_reason.strip() if prompts else ""
        enquiry.save()
        Concern.objects.filter(pk=enquiry.concern_id).update(status=ConcernStatus.CLOSED, updated_at=now)
        enquiry.concern.status = ConcernStatus.CLOSED
        summary = "Enquiry closed" + (f" over {len(prompts)} prompt(s), with a reason" if prompts else "")
        audit_change(
            user=user,
            obj=enquiry,
            before=before,
            fields=("closed_at", "closed_by", "closure_override_reason"),
            summary=summary,
        )
    return enquiry


def enquiry_close_with_feedback(
    *,
    enquiry: Enquiry,
    user,
    expected_revision: int | None,
    achievements: dict[int, str],
    override_reason: str = "",
    feedback: FeedbackInput | None = None,
) -> Enquiry:
    """Close the enquiry and record the feedback taken at closure, both or neither: feedback that cannot be
    kept leaves the enquiry open, so nothing the person said is lost to a closed record."""
    with transaction.atomic():
        enquiry_close(
            enquiry=enquiry,
            user=user,
            expected_revision=expected_revision,
            achievements=achievements,
            override_reason=override_reason,
        )
        if feedback is not None:
            feedback_record(
                enquiry=enquiry,
                user=user,
                method=FeedbackMethod.AT_CLOSURE,
                respondent=feedback.respondent,
                answers=feedback.answers,
                answered_on=feedback.answered_on,
                comments=feedback.comments,
                quote_consent=feedback.quote_consent,
            )
    return enquiry


def feedback_record(
    *,
    enquiry: Enquiry,
    user,
    respondent: str,
    method: str,
    answers: dict[str, str],
    answered_on: datetime.date,
    representative=None,
    comments: str = "",
    quote_consent: bool = False,
) -> Feedback:
    """The person's (or representative's) view: five questions, who answered and how it was asked."""
    missing = [name for name, _ in FEEDBACK_QUESTIONS if not answers.get(name)]
    if missing:
        raise ValidationError({name: "Select an answer, or 'Not asked'" for name in missing})
    if answered_on < enquiry.started_at.date() or answered_on > timezone.localdate():
        raise ValidationError({"answered_on": "The date must be between the start of the enquiry and today"})
    if method == FeedbackMethod.INDEPENDENT and (
        enquiry.closed_at is None or answered_on < timezone.localtime(enquiry.closed_at).date()
    ):
        raise ValidationError({"method": "Independent feedback is asked after the enquiry has closed"})
    if representative is not None and representative.person_id != enquiry.concern.person_id:
        raise ValidationError({"representative": "Choose one of the person's representatives"})
    feedback = Feedback(
        council=enquiry.council,
        enquiry=enquiry,
        respondent=respondent,
        method=method,
        representative=representative,
        comments=comments.strip(),
        quote_consent=quote_consent and bool(comments.strip()),
        answered_on=answered_on,
        recorded_by=user,
        **{name: answers[name] for name, _ in FEEDBACK_QUESTIONS},
    )
    feedback.full_clean()
    with transaction.atomic():
        feedback.save()
        audit_create(
            user=user,
            obj=feedback,
            summary="Feedback recorded",
            fields=("respondent", "method", "answered_on", *[n for n, _ in FEEDBACK_QUESTIONS]),
        )
    return feedback


def case_settings_update(*, council, user, expected_revision: int | None, **fields) -> CouncilCaseSettings:
    """Change a council's decision time, review interval or mandatory prompts (safeguarding leads only)."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not case settings: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        obj, created = CouncilCaseSettings.objects.get_or_create(council=council)
        if not created:
            lock_and_check(obj, expected_revision)
        elif expected_revision not in (None, 1):
            raise StaleEditError(obj, 1)  # the form was not opened at the defaults (revision 1)
        before = snapshot(obj, SETTINGS_FIELDS)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        audit_change(
            user=user,
            obj=obj,
            before=before,
            fields=SETTINGS_FIELDS,
            summary="Case settings changed",
        )
    return obj


def outcome_category_add(*, council, user, label: str) -> OutcomeCategory:
    """A council's own kind of outcome, offered to its staff beside the national list."""
    code = slugify(label)[:40] or "outcome"
    taken = OutcomeCategory.objects.filter(Q(council=None) | Q(council=council))
    if taken.filter(Q(code=code) | Q(label__iexact=label.strip())).exists():
        raise ValidationError({"label": "That kind of outcome is already on the list"})
    category = OutcomeCategory(council=council, code=code, label=label.strip(), position=1000)
    category.full_clean()
    with transaction.atomic():
        category.save()
        audit_create(
            user=user,
            obj=category,
            fields=("code", "label"),
            summary=f"Outcome category added: {category.label}",
        )
    return category
