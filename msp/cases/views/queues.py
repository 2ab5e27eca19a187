"""The work queues page, and the council's case settings (decision time, review interval, prompts)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from msp.accounts.access import role_required
from msp.accounts.audit import audit
from msp.cases import services
from msp.cases.forms import CaseSettingsForm, OutcomeCategoryForm
from msp.cases.models import OutcomeCategory
from msp.cases.scope import CONFIGURERS, RECORDERS, council_of
from msp.cases.selectors import (
    queue_awaiting_decision,
    queue_awaiting_feedback,
    queue_open_enquiries,
    queue_open_enquiry_counts,
    queue_outcomes_not_reviewed,
)
from msp.cases.services.closure import SETTINGS_FIELDS
from msp.cases.views._common import add_errors, mark_stale
from msp.core.paging import paginate, query_without
from msp.core.stale import StaleEditError

QUEUE_PAGE_SIZE = 25


def _worker_chosen(request) -> int | str | None:
    """The lead worker whose open enquiries are listed: ?worker=<id>, ?worker=none (not assigned), or
    everyone's (""). An id of someone outside the council simply lists nothing: the list is scoped."""
    value = request.GET.get("worker", "")
    if value == "none":
        return None
    return int(value) if value.isdigit() else ""


@require_safe
@role_required(*RECORDERS, council=True)
def queues(request):
    """Each queue a page at a time (its own page number in the query string), with its whole count and the
    overdue count made by the database."""
    now = timezone.now()
    user = request.user
    audit(
        user=user,
        action="view",
        object_type="cases.Concern",
        council=council_of(user),
        summary="Work queues",
    )
    awaiting = queue_awaiting_decision(user)
    worker = _worker_chosen(request)
    workers = queue_open_enquiry_counts(user)
    open_enquiries = queue_open_enquiries(user, worker=worker)
    not_reviewed = queue_outcomes_not_reviewed(user, now)
    feedback = queue_awaiting_feedback(user, now)
    lists = {}
    for name, rows, detail in (
        ("decisions", awaiting, awaiting),
        ("open", open_enquiries, open_enquiries.select_related("concern__person", "lead_worker")),
        ("reviews", not_reviewed, not_reviewed),
        ("feedback", feedback, feedback),
    ):
        page, query = paginate(request, rows, detail=detail, per_page=QUEUE_PAGE_SIZE, param=name)
        lists[name] = {"page": page, "query": query}
    return render(
        request,
        "cases/queues.html",
        {
            "page_title": "Work queues",
            "now": now,
            "queues": lists,
            "overdue": _thousands(awaiting.filter(decision_due_at__lt=now).count()),
            "workers": workers,
            "open_total": _thousands(sum(w.open_enquiries for w in workers)) or "0",
            "worker": worker,
            "worker_label": _worker_label(worker, workers),
            "worker_query": query_without(request, "worker", "open"),
            "settings": services.settings_for(council_of(user)),
        },
    )


def _thousands(count: int) -> str:
    """'1,234', or '' for none (so a template can leave out "0 overdue")."""
    return f"{count:,}" if count else ""


def _worker_label(worker, workers) -> str:
    if worker == "":
        return "All open enquiries"
    if worker is None:
        return "Open enquiries not assigned to a lead worker"
    found = next((w.worker for w in workers if w.worker and w.worker.pk == worker), None)
    return f"Open enquiries of {found.display_name}" if found else "Open enquiries of the chosen worker"


@require_http_methods(["GET", "POST"])
@role_required(*CONFIGURERS, council=True)
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
                        label=category_form.cleaned_data["label"],
                    )
                else:
                    data = {f: form.cleaned_data[f] for f in SETTINGS_FIELDS}
                    services.case_settings_update(
                        council=council,
                        user=request.user,
                        expected_revision=form.cleaned_data["revision"],
                        **data,
                    )
                messages.success(request, "Saved.")
                return redirect("cases:settings")
            except StaleEditError as stale:
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
