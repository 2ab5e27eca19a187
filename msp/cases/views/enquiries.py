"""Enquiry pages: the summary, its sections (lead worker, contact and capacity, risk, actions, outcomes),
closure with ratings, prompts and feedback, and independent feedback after closure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from msp.accounts.access import role_required
from msp.cases import categories as cat
from msp.cases import services
from msp.cases.choices import FeedbackMethod, OutcomeStatus
from msp.cases.forms import (
    ActionForm,
    AssignForm,
    ClosureForm,
    ContactForm,
    FeedbackForm,
    OutcomeForm,
    ReviewedForm,
    RiskForm,
    WithdrawForm,
)
from msp.cases.models import DesiredOutcome, Enquiry, EnquiryAction
from msp.cases.rules import spoken_within_24_hours
from msp.cases.scope import DECIDERS, RECORDERS, can, get_for_user
from msp.cases.selectors import asked_answer, outcome_categories_for
from msp.cases.services.closure import prompt_settings
from msp.cases.views._common import (
    add_errors,
    council_staff,
    form_page,
    mark_stale,
    require,
    viewed,
    viewed_on_get,
)
from msp.core.stale import StaleEditError
from msp.core.templatetags.govuk import govuk_anchor


def _enquiry(request, pk: int) -> Enquiry:
    return get_for_user(
        Enquiry.objects.select_related("concern__person", "lead_worker", "closed_by"), request.user, pk=pk
    )


def _url(enquiry) -> str:
    return reverse("cases:enquiry", kwargs={"pk": enquiry.pk})


def _ctx(enquiry, title: str) -> dict:
    return {
        "enquiry": enquiry,
        "concern": enquiry.concern,
        "person": enquiry.concern.person,
        "page_title": title,
    }


def _open_or_redirect(enquiry):
    return None if enquiry.closed_at is None else redirect(_url(enquiry))


@require_safe
@role_required(*RECORDERS, council=True)
def enquiry_detail(request, pk: int):
    enquiry = _enquiry(request, pk)
    viewed(request, enquiry)
    concern = enquiry.concern
    outcomes = list(concern.outcomes.select_related("category").prefetch_related("changes__by"))
    return render(
        request,
        "cases/enquiry_detail.html",
        {
            **_ctx(enquiry, f"Enquiry {concern.reference}"),
            "outcomes": outcomes,
            "actions": enquiry.actions.all(),
            "feedback": enquiry.feedback.all(),
            "involvement": [m.get_method_display() for m in enquiry.involvement.all()],
            "spoken_within_24h": spoken_within_24_hours(concern.received_at, enquiry.first_contact_at),
            "asked_label": cat.label("asked_outcomes", asked_answer(concern)),
            "labels": {
                "capacity": cat.label("mental_capacity", enquiry.capacity),
                "capacity_support": cat.label("capacity_support", enquiry.capacity_support),
                "risk_result": cat.label("risk_result", enquiry.risk_result),
                "risk_outcome": cat.label("risk_outcome", enquiry.risk_outcome),
            },
            "can_decide": can(request.user, DECIDERS),
            "prompts": prompt_links(
                enquiry,
                services.closure_check(enquiry) if enquiry.closed_at is None else [],
                ratings_at=reverse("cases:enquiry_close", kwargs={"pk": pk})
                if can(request.user, DECIDERS)
                else None,
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def enquiry_assign(request, pk: int):
    enquiry = _enquiry(request, pk)
    require(request.user, DECIDERS)
    if (closed := _open_or_redirect(enquiry)) is not None:
        return closed
    form = AssignForm(
        request.POST or None,
        staff=council_staff(enquiry.council),
        initial={"lead_worker": enquiry.lead_worker_id, "revision": enquiry.revision},
    )
    return form_page(
        request,
        form=form,
        success="Lead worker saved",
        done_url=_url(enquiry),
        context={**_ctx(enquiry, "Lead worker"), "button": "Save"},
        save=lambda d: services.enquiry_assign(
            enquiry=enquiry,
            user=request.user,
            expected_revision=d["revision"],
            lead_worker=d["lead_worker"],
        ),
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def enquiry_contact(request, pk: int):
    enquiry = _enquiry(request, pk)
    if (closed := _open_or_redirect(enquiry)) is not None:
        return closed
    first = timezone.localtime(enquiry.first_contact_at) if enquiry.first_contact_at else None
    form = ContactForm(
        request.POST or None,
        initial={
            "first_contact_on": first.date() if first else None,
            "first_contact_time": f"{first:%H:%M}" if first else "",
            "involvement": enquiry.involvement_codes,
            "capacity": enquiry.capacity,
            "capacity_support": enquiry.capacity_support,
            "revision": enquiry.revision,
        },
    )
    return form_page(
        request,
        form=form,
        success="Contact, involvement and capacity saved",
        field_names={"first_contact_at": "first_contact_on"},
        done_url=_url(enquiry),
        context={**_ctx(enquiry, "Contact, involvement and capacity"), "button": "Save"},
        save=lambda d: services.enquiry_record_contact(
            enquiry=enquiry,
            user=request.user,
            expected_revision=d["revision"],
            first_contact_at=d["first_contact_at"],
            involvement=d["involvement"],
            capacity=d["capacity"],
            capacity_support=d["capacity_support"],
        ),
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def enquiry_risk(request, pk: int):
    enquiry = _enquiry(request, pk)
    if (closed := _open_or_redirect(enquiry)) is not None:
        return closed
    form = RiskForm(
        request.POST or None,
        initial={
            "risk_result": enquiry.risk_result,
            "risk_outcome": enquiry.risk_outcome,
            "revision": enquiry.revision,
        },
    )
    return form_page(
        request,
        form=form,
        success="Risk assessment saved",
        done_url=_url(enquiry),
        context={**_ctx(enquiry, "Risk assessment"), "button": "Save"},
        save=lambda d: services.enquiry_record_risk(
            enquiry=enquiry,
            user=request.user,
            expected_revision=d["revision"],
            risk_result=d["risk_result"],
            risk_outcome=d["risk_outcome"],
        ),
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def action_new(request, pk: int):
    enquiry = _enquiry(request, pk)
    if (closed := _open_or_redirect(enquiry)) is not None:
        return closed
    return form_page(
        request,
        form=ActionForm(request.POST or None),
        success="Action added",
        done_url=_url(enquiry),
        context={**_ctx(enquiry, "Add an action"), "button": "Add action"},
        save=lambda d: services.enquiry_action_add(enquiry=enquiry, user=request.user, **d),
    )


@require_POST
@role_required(*RECORDERS, council=True)
def action_done(request, pk: int, action_pk: int):
    enquiry = _enquiry(request, pk)
    action = get_object_or_404(EnquiryAction, enquiry=enquiry, pk=action_pk)
    if enquiry.closed_at is None and action.done_on is None:
        services.enquiry_action_done(action=action, user=request.user)
        messages.success(request, "Action marked done")
    return redirect(_url(enquiry))


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def outcome_new(request, pk: int):
    enquiry = _enquiry(request, pk)
    if (closed := _open_or_redirect(enquiry)) is not None:
        return closed
    form = OutcomeForm(request.POST or None, categories=outcome_categories_for(enquiry.council))
    del form.fields["revision"]
    return form_page(
        request,
        form=form,
        success="Outcome added",
        done_url=_url(enquiry),
        context={**_ctx(enquiry, "Add a desired outcome"), "button": "Add outcome"},
        save=lambda d: services.outcome_add(
            concern=enquiry.concern,
            user=request.user,
            category=d["category"],
            own_words=d["own_words"],
            reason=d["reason"],
        ),
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def outcome_edit(request, pk: int, outcome_pk: int):
    """Change or withdraw one outcome, with the reason; its history is on the same page."""
    enquiry = _enquiry(request, pk)
    if (closed := _open_or_redirect(enquiry)) is not None:
        return closed
    outcome = get_object_or_404(
        DesiredOutcome.objects.select_related("category"),
        concern=enquiry.concern,
        pk=outcome_pk,
        status=OutcomeStatus.ACTIVE,
    )
    viewed_on_get(request, enquiry, "Change or withdraw an outcome")
    categories = list(outcome_categories_for(enquiry.council))
    if outcome.category not in categories:
        categories.append(outcome.category)
    initial = {
        "category": outcome.category.code,
        "own_words": outcome.own_words,
        "revision": outcome.revision,
    }
    withdrawing = request.method == "POST" and "withdraw-revision" in request.POST
    change_form = OutcomeForm(
        None if withdrawing else (request.POST or None),
        categories=categories,
        reason_required=True,
        initial=initial,
        prefix="change",
    )
    withdraw_form = WithdrawForm(
        request.POST if withdrawing else None, initial={"revision": outcome.revision}, prefix="withdraw"
    )
    form = withdraw_form if withdrawing else change_form
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if withdrawing:
                services.outcome_withdraw(
                    outcome=outcome,
                    user=request.user,
                    expected_revision=d["revision"],
                    reason=d["reason"],
                )
                messages.success(request, "Outcome withdrawn")
            else:
                services.outcome_change(
                    outcome=outcome,
                    user=request.user,
                    expected_revision=d["revision"],
                    category=d["category"],
                    own_words=d["own_words"],
                    reason=d["reason"],
                )
                messages.success(request, "Outcome changed")
            return redirect(_url(enquiry))
        except StaleEditError as stale:
            mark_stale(form, stale.current_revision)
            outcome.refresh_from_db()
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "cases/outcome_edit.html",
        {
            **_ctx(enquiry, "Change or withdraw an outcome"),
            "outcome": outcome,
            "change_form": change_form,
            "withdraw_form": withdraw_form,
            "form": form,
            "history": outcome.changes.select_related("by"),
            "back_url": _url(enquiry),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def outcomes_reviewed(request, pk: int):
    enquiry = _enquiry(request, pk)
    if (closed := _open_or_redirect(enquiry)) is not None:
        return closed
    return form_page(
        request,
        form=ReviewedForm(request.POST or None),
        success="Review recorded: outcomes unchanged",
        done_url=_url(enquiry),
        context={
            **_ctx(enquiry, "Outcomes reviewed, no change"),
            "button": "Record review",
            "intro": "Record that you went through the person's outcomes with them and nothing changed.",
        },
        save=lambda d: services.outcomes_reviewed(enquiry=enquiry, user=request.user, note=d["note"]),
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def enquiry_close(request, pk: int):
    """Rate each outcome, take feedback at closure (optional), and close; prompts block without a reason."""
    enquiry = _enquiry(request, pk)
    require(request.user, DECIDERS)
    if (closed := _open_or_redirect(enquiry)) is not None:
        return closed
    viewed_on_get(request, enquiry, "Close the enquiry")
    outcomes = list(enquiry.concern.outcomes.filter(status=OutcomeStatus.ACTIVE).select_related("category"))
    data = request.POST or None
    form = ClosureForm(
        data,
        outcomes=outcomes,
        prefix="close",
        initial={"revision": enquiry.revision, **{f"outcome_{o.pk}": o.achievement for o in outcomes}},
    )
    feedback = FeedbackForm(
        data, prefix="feedback", optional=True, initial={"answered_on": timezone.localdate()}
    )
    prompts = []
    if request.method == "POST" and form.is_valid() and feedback.is_valid():
        try:
            services.enquiry_close_with_feedback(
                enquiry=enquiry,
                user=request.user,
                expected_revision=form.cleaned_data["revision"],
                achievements=form.achievements(),
                override_reason=form.cleaned_data["override_reason"],
                feedback=feedback.feedback(),
            )
            messages.success(request, "Enquiry closed")
            return redirect(_url(enquiry))
        except services.ClosureBlocked as blocked:
            prompts = blocked.prompts
            _show_prompts(form, prompts)
        except StaleEditError as stale:
            mark_stale(form, stale.current_revision)
        except ValidationError as error:
            add_errors(feedback if hasattr(error, "error_dict") else form, error)
    pending = prompts or services.closure_check(enquiry)
    return render(
        request,
        "cases/enquiry_close.html",
        {
            **_ctx(enquiry, "Close the enquiry"),
            "form": form,
            "feedback_form": feedback,
            "outcomes": outcomes,
            "prompts": prompt_links(enquiry, pending, ratings_at=""),
            "blocked": bool(prompts),
            "settings": prompt_settings(enquiry.council),
            "extra_errors": [
                {"message": p.message, "anchor": "id_close-override_reason"}
                for p in prompts
                if p.code != "outcome_unrated"
            ]
            + [
                {"message": e, "anchor": govuk_anchor(feedback[name])}
                for name, errs in feedback.errors.items()
                if name in feedback.fields
                for e in errs
            ],
            "back_url": _url(enquiry),
        },
    )


OVERRIDE_ERROR = "To close without meeting these prompts, give a reason; it is kept on the record"

# Where each closure prompt is put right: (page, the field on it). Ratings are given on the closure page.
PROMPT_FIXES = {
    "outcomes_not_asked": ("cases:concern_asked", "id_outcomes_asked_0"),
    "no_first_contact": ("cases:enquiry_contact", "id_first_contact_on_day"),
    "capacity_not_recorded": ("cases:enquiry_contact", "id_capacity_0"),
    "capacity_support_missing": ("cases:enquiry_contact", "id_capacity_support_0"),
    "no_risk_result": ("cases:enquiry_risk", "id_risk_result_0"),
    "no_risk_outcome": ("cases:enquiry_risk", "id_risk_outcome_0"),
}


def prompt_links(enquiry, prompts, *, ratings_at: str | None) -> list[dict]:
    """Each prompt with a link to the page and field where it is put right. Outcomes are rated on the
    closure page: `ratings_at` is its address ("" on that page itself), None for a user who cannot close."""
    links = []
    for prompt in prompts:
        href = ""
        if prompt.code == "outcome_unrated":
            if ratings_at is not None:
                href = f"{ratings_at}#id_close-outcome_{prompt.anchor.removeprefix('outcome-')}_0"
        elif prompt.code in PROMPT_FIXES:
            name, field = PROMPT_FIXES[prompt.code]
            pk = enquiry.concern_id if name == "cases:concern_asked" else enquiry.pk
            href = f"{reverse(name, kwargs={'pk': pk})}#{field}"
        links.append({"message": prompt.message, "href": href, "code": prompt.code})
    return links


def _show_prompts(form: ClosureForm, prompts) -> None:
    """Unrated outcomes as errors on their own radios; the way past every prompt is the override reason."""
    for prompt in prompts:
        if prompt.code == "outcome_unrated":
            form.add_error(f"outcome_{prompt.anchor.removeprefix('outcome-')}", prompt.message)
    form.add_error("override_reason", OVERRIDE_ERROR)


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def feedback_new(request, pk: int):
    """Feedback asked independently within eight weeks of closure."""
    enquiry = _enquiry(request, pk)
    if enquiry.closed_at is None:
        return redirect(_url(enquiry))
    form = FeedbackForm(
        request.POST or None, method=FeedbackMethod.INDEPENDENT, initial={"answered_on": timezone.localdate()}
    )
    return form_page(
        request,
        form=form,
        success="Independent feedback saved",
        done_url=_url(enquiry),
        context={**_ctx(enquiry, "Record independent feedback"), "button": "Save feedback"},
        save=lambda d: services.feedback_record(
            enquiry=enquiry,
            user=request.user,
            method=FeedbackMethod.INDEPENDENT,
            respondent=d["respondent"],
            answers=form.answers(),
            answered_on=d["answered_on"],
            comments=d["comments"],
            quote_consent=d["quote_consent"],
        ),
    )
