"""The work queues page, and the council's case settings (decision time, review interval, prompts)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from msp.accounts.audit import audit
from msp.cases import services
from msp.cases.forms import CaseSettingsForm, OutcomeCategoryForm
from msp.cases.models import OutcomeCategory
from msp.cases.scope import CONFIGURERS, council_of, council_role_required
from msp.cases.selectors import (
    queue_awaiting_decision,
    queue_awaiting_feedback,
    queue_open_enquiries_by_worker,
    queue_outcomes_not_reviewed,
)
from msp.cases.services.closure import SETTINGS_FIELDS
from msp.cases.views._common import add_errors, mark_stale

QUEUE_LIMIT = 100


@require_safe
@council_role_required()
def queues(request):
    now = timezone.now()
    audit(
        user=request.user,
        action="view",
        object_type="cases.Concern",
        council=council_of(request.user),
        summary="Work queues",
        request=request,
    )
    awaiting = list(queue_awaiting_decision(request.user)[:QUEUE_LIMIT])
    return render(
        request,
        "cases/queues.html",
        {
            "page_title": "Work queues",
            "now": now,
            "awaiting": awaiting,
            "awaiting_total": queue_awaiting_decision(request.user).count(),
            "overdue": sum(1 for c in awaiting if c.decision_due_at < now),
            "by_worker": queue_open_enquiries_by_worker(request.user),
            "not_reviewed": list(queue_outcomes_not_reviewed(request.user, now)[:QUEUE_LIMIT]),
            "awaiting_feedback": list(queue_awaiting_feedback(request.user, now)[:QUEUE_LIMIT]),
            "settings": services.settings_for(council_of(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
@council_role_required(CONFIGURERS)
def case_settings(request):
    council = council_of(request.user)
    current = services.settings_for(council)
    initial = {**{f: getattr(current, f) for f in SETTINGS_FIELDS}, "revision": current.revision}
    adding = request.method == "POST" and "category-label" in request.POST
    form = CaseSettingsForm(None if adding else (request.POST or None), initial=initial, prefix="settings")
    category_form = OutcomeCategoryForm(request.POST if adding else None, prefix="category")
    if request.method == "POST":
        target = category_form if adding else form
        if target.is_valid():
            try:
                if adding:
                    services.outcome_category_add(
                        council=council,
                        user=request.user,
                        request=request,
                        label=category_form.cleaned_data["label"],
                    )
                else:
                    data = {f: form.cleaned_data[f] for f in SETTINGS_FIELDS}
                    services.case_settings_update(
                        council=council,
                        user=request.user,
                        request=request,
                        expected_revision=form.cleaned_data["revision"],
                        **data,
                    )
                messages.success(request, "Saved.")
                return redirect("cases:settings")
            except services.StaleRecordError as stale:
                mark_stale(form, stale.current_revision)
            except ValidationError as error:
                add_errors(target, error)
    return render(
        request,
        "cases/settings.html",
        {
            "form": form,
            "category_form": category_form,
            "page_title": "Case settings",
            "national": OutcomeCategory.objects.filter(council=None),
            "own": OutcomeCategory.objects.filter(council=council),
        },
    )
