"""Concern pages: record one with the three questions and outcome items, view, decide, list, export."""

from __future__ import annotations

import csv

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from msp.accounts.audit import audit
from msp.cases import categories as cat
from msp.cases import services
from msp.cases.choices import ConcernStatus
from msp.cases.forms import AskedForm, ConcernForm, DecisionForm, OutcomeRowFormSet
from msp.cases.models import Concern, Person
from msp.cases.rules import spoken_within_24_hours
from msp.cases.scope import DECIDERS, can, council_of, council_role_required, get_for_user
from msp.cases.selectors import (
    asked_answer,
    case_detail,
    concern_export_rows,
    concerns_for,
    outcome_categories_for,
)
from msp.cases.views._common import (
    add_errors,
    council_staff,
    mark_stale,
    require,
    viewed,
    viewed_on_get,
)

OUTCOME_ROWS = 3


def _outcome_formset(request, categories):
    """Outcome rows; 'Add another outcome' re-renders with one more row and everything typed kept."""
    if request.method != "POST":
        return OutcomeRowFormSet(
            prefix="outcome", initial=[{}] * OUTCOME_ROWS, form_kwargs={"categories": categories}
        )
    data = request.POST.copy()
    if "add_outcome" in data:
        data["outcome-TOTAL_FORMS"] = str(min(int(data.get("outcome-TOTAL_FORMS", 0) or 0) + 1, 20))
    return OutcomeRowFormSet(data, prefix="outcome", form_kwargs={"categories": categories})


@require_http_methods(["GET", "POST"])
@council_role_required()
def concern_new(request, pk: int):
    person = get_for_user(Person.objects.all(), request.user, pk=pk)
    viewed_on_get(request, person, "Record a concern")
    categories = list(outcome_categories_for(person.council))
    now = timezone.localtime()
    form = ConcernForm(
        request.POST or None, initial={"received_on": now.date(), "received_time": f"{now:%H:%M}"}
    )
    outcomes = _outcome_formset(request, categories)
    adding_row = request.method == "POST" and "add_outcome" in request.POST
    if request.method == "POST" and not adding_row and form.is_valid() and outcomes.is_valid():
        items = [
            services.OutcomeInput(row["category"], row["own_words"])
            for row in outcomes.cleaned_data
            if row.get("own_words", "").strip()
        ]
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("received_on", "received_time")}
        try:
            concern = services.concern_create(
                council=person.council,
                person=person,
                user=request.user,
                outcomes=items,
                request=request,
                **data,
            )
            return redirect("cases:concern", pk=concern.pk)
        except ValidationError as error:
            add_errors(form, error)
    outcome_errors = [
        {"message": error, "anchor": f"id_outcome-{i}-{name}"}
        for i, row in enumerate(outcomes.forms)
        if outcomes.is_bound and not adding_row
        for name, errors in row.errors.items()
        for error in errors
    ]
    return render(
        request,
        "cases/concern_form.html",
        {
            "form": form,
            "outcomes": outcomes,
            "person": person,
            "page_title": "Record a concern",
            "extra_errors": outcome_errors,
            "adding_row": adding_row,
        },
    )


def _concern_context(request, concern, **forms):
    enquiry = getattr(concern, "enquiry", None)
    return {
        "concern": concern,
        "person": concern.person,
        "enquiry": enquiry,
        "page_title": f"Concern {concern.reference}",
        "risk_labels": [cat.label("risk_type", code) for code in concern.risk_type_codes],
        "raised_by": " – ".join(filter(None, [concern.get_referrer_type_display(), concern.referrer_name])),
        "location_label": cat.label("risk_location", concern.location),
        "source_label": cat.label("risk_source", concern.source_of_risk),
        "asked_label": cat.label("asked_outcomes", asked_answer(concern)),
        "overdue": concern.status == ConcernStatus.AWAITING_DECISION
        and concern.decision_due_at < timezone.now(),
        "can_decide": can(request.user, DECIDERS),
        "spoken_within_24h": spoken_within_24_hours(concern.received_at, enquiry.first_contact_at)
        if enquiry
        else None,
        **forms,
    }


def _decision_form(request, concern, data=None):
    return DecisionForm(
        data, staff=council_staff(concern.council), prefix="decision", initial={"revision": concern.revision}
    )


@require_safe
@council_role_required()
def concern_detail(request, pk: int):
    concern = _get(request, pk)
    viewed(request, concern)
    forms = {}
    if concern.status == ConcernStatus.AWAITING_DECISION and can(request.user, DECIDERS):
        forms["decision_form"] = _decision_form(request, concern)
    return render(request, "cases/concern_detail.html", _concern_context(request, concern, **forms))


def _get(request, pk: int) -> Concern:
    try:
        return case_detail(request.user, pk)
    except Concern.DoesNotExist:
        raise Http404 from None


@require_POST
@council_role_required()
def concern_decide(request, pk: int):
    concern = _get(request, pk)
    require(request.user, DECIDERS)
    form = _decision_form(request, concern, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.concern_decide(
                concern=concern,
                user=request.user,
                request=request,
                expected_revision=data["revision"],
                decision=data["decision"],
                criterion_a=data["criterion_a"],
                criterion_b=data["criterion_b"],
                criterion_c=data["criterion_c"],
                reason=data["reason"],
                no_enquiry_outcome=data["no_enquiry_outcome"],
                lead_worker=data["lead_worker"],
            )
            if data["decision"] != "none":
                return redirect("cases:enquiry", pk=concern.enquiry.pk)
            return redirect("cases:concern", pk=concern.pk)
        except services.StaleRecordError as stale:
            mark_stale(form, stale.current_revision)
            concern = _get(request, pk)
        except ValidationError as error:
            add_errors(form, error, {"decision_reason": "reason"})
    return render(
        request,
        "cases/concern_detail.html",
        _concern_context(request, concern, decision_form=form),
        status=200,
    )


@require_http_methods(["GET", "POST"])
@council_role_required()
def concern_asked(request, pk: int):
    """Correct whether the person was asked about their outcomes (kept in one place: the concern)."""
    concern = _get(request, pk)
    viewed_on_get(request, concern, "Asked about desired outcomes")
    initial = {
        "outcomes_asked": concern.outcomes_asked,
        "said_by": concern.said_by,
        "outcomes_not_asked_reason": concern.outcomes_not_asked_reason,
        "revision": concern.revision,
    }
    form = AskedForm(request.POST or None, initial=initial)
    back = _back(concern)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.concern_record_asked(
                    concern=concern,
                    user=request.user,
                    request=request,
                    expected_revision=form.cleaned_data["revision"],
                    outcomes_asked=form.cleaned_data["outcomes_asked"],
                    outcomes_not_asked_reason=form.cleaned_data["outcomes_not_asked_reason"],
                    said_by=form.cleaned_data["said_by"],
                )
            return redirect(back)
        except services.StaleRecordError as stale:
            mark_stale(form, stale.current_revision)
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "cases/form_page.html",
        {
            "form": form,
            "person": concern.person,
            "concern": concern,
            "back_url": back,
            "page_title": "Asked about desired outcomes",
            "button": "Save",
        },
    )


def _back(concern) -> str:
    enquiry = getattr(concern, "enquiry", None)
    if enquiry is not None:
        return reverse("cases:enquiry", kwargs={"pk": enquiry.pk})
    return reverse("cases:concern", kwargs={"pk": concern.pk})


@require_safe
@council_role_required()
def concern_list(request):
    status = request.GET.get("status", "")
    rows = concerns_for(request.user).select_related("enquiry")
    if status in ConcernStatus.values:
        rows = rows.filter(status=status)
    rows = rows.order_by("-received_at", "-id")[:200]
    audit(
        user=request.user,
        action="view",
        object_type="cases.Concern",
        council=council_of(request.user),
        summary=f"Concern list{f' ({status})' if status else ''}",
        request=request,
    )
    return render(
        request,
        "cases/concern_list.html",
        {
            "concerns": rows,
            "status": status,
            "statuses": ConcernStatus.choices,
            "page_title": "Concerns",
        },
    )


class _Echo:
    def write(self, value):
        return value


@require_safe
@council_role_required()
def concern_export(request):
    """CSV of the council's concerns (no names); audited as an export."""
    council = council_of(request.user)
    audit(
        user=request.user,
        action="export",
        object_type="cases.Concern",
        council=council,
        summary="Concerns exported as CSV",
        request=request,
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in concern_export_rows(request.user)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="concerns-{council.gss_code}-{stamp}.csv"'
    return response
