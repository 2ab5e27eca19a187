"""Concern pages: record one with the three questions and outcome items, view, decide, list, export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from msp.accounts.access import role_required
from msp.accounts.audit import audit
from msp.cases import categories as cat
from msp.cases import services
from msp.cases.choices import ConcernStatus, Decision
from msp.cases.forms import AskedForm, ConcernForm, DecisionForm, OutcomeRowFormSet
from msp.cases.models import Concern, Person
from msp.cases.rules import spoken_within_24_hours
from msp.cases.scope import DECIDERS, RECORDERS, can, council_of, get_for_user
from msp.cases.selectors import (
    CONCERN_SORTS,
    asked_answer,
    case_detail,
    concern_export_rows,
    concerns_listed,
    council_areas,
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
from msp.core.downloads import csv_blocks
from msp.core.forms import GovukDateField
from msp.core.paging import paginate, query_without
from msp.core.stale import StaleEditError

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
@role_required(*RECORDERS, council=True)
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
                **data,
            )
            messages.success(request, "Concern recorded")
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
@role_required(*RECORDERS, council=True)
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
@role_required(*RECORDERS, council=True)
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
                expected_revision=data["revision"],
                decision=data["decision"],
                criterion_a=data["criterion_a"],
                criterion_b=data["criterion_b"],
                criterion_c=data["criterion_c"],
                reason=data["reason"],
                no_enquiry_outcome=data["no_enquiry_outcome"],
                lead_worker=data["lead_worker"],
            )
            messages.success(request, f"Decision saved: {Decision(data['decision']).label}")
            if data["decision"] != "none":
                return redirect("cases:enquiry", pk=concern.enquiry.pk)
            return redirect("cases:concern", pk=concern.pk)
        except StaleEditError as stale:
            mark_stale(form, stale.current_revision)
            concern = _get(request, pk)
        except ValidationError as error:
            add_errors(form, error, {"decision_reason": form.reason_field()})
    return render(
        request,
        "cases/concern_detail.html",
        _concern_context(request, concern, decision_form=form),
        status=200,
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
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
                    expected_revision=form.cleaned_data["revision"],
                    outcomes_asked=form.cleaned_data["outcomes_asked"],
                    outcomes_not_asked_reason=form.cleaned_data["outcomes_not_asked_reason"],
                    said_by=form.cleaned_data["said_by"],
                )
            messages.success(request, "Saved whether the person was asked about outcomes")
            return redirect(back)
        except StaleEditError as stale:
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


class ConcernFilterForm(forms.Form):
    """What the concerns list can be narrowed by (GET). The sort is carried along so filtering keeps it."""

    search = forms.CharField(
        required=False,
        max_length=100,
        label="Search concerns",
        help_text="A name, a concern reference, an NHS number or an ID from the previous system",
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ConcernStatus.choices])
    decision = forms.ChoiceField(required=False, choices=[("", "Any decision"), *Decision.choices])
    area = forms.ChoiceField(required=False, label="Team or area")
    received_from = GovukDateField(required=False, label="Received on or after")
    received_to = GovukDateField(required=False, label="Received on or before")
    overdue = forms.BooleanField(required=False, label="Only concerns overdue for a decision")
    sort = forms.ChoiceField(
        required=False, choices=[(k, k) for k in CONCERN_SORTS], widget=forms.HiddenInput
    )

    FILTERS = ("status", "decision", "area", "received_from", "received_to", "overdue")

    def __init__(self, data, *, areas: list[str]):
        super().__init__(data)
        self.fields["area"].choices = [("", "Any team or area"), *((a, a) for a in areas)]

    def criteria(self) -> dict:
        """The valid criteria given (an invalid one is left out, and its error shown)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


# Sortable columns: (sort key, heading, the direction of a first click: newest received, A to Z, soonest due).
SORTABLE = (("reference", "Reference", ""), ("received", "Received", "-"), ("due", "Decision due", ""))


def _sort_headers(sort: str, query: str) -> dict[str, dict]:
    """Each sortable column's link (the other direction when it is the current sort) and aria-sort."""
    headers = {}
    for key, label, first in SORTABLE:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        then = ("" if descending else "-") if current else first
        headers[key] = {
            "label": label,
            "href": f"?{query}&sort={then}{key}" if query else f"?sort={then}{key}",
            "aria_sort": ("descending" if descending else "ascending") if current else "",
            "next": "descending" if then else "ascending",
        }
    return headers


@require_safe
@role_required(*RECORDERS, council=True)
def concern_list(request):
    form = ConcernFilterForm(request.GET, areas=council_areas(request.user))
    criteria = form.criteria()
    sort = criteria.pop("sort", "-received")
    now = timezone.now()
    rows = concerns_listed(request.user, now=now, sort=sort, **criteria)
    page, query = paginate(request, rows, detail=rows.select_related("person"))
    # A search is audited as one, with its terms; never with what was found.
    searching = "search" in criteria
    terms = {k: str(v) for k, v in criteria.items()}
    summary = f"Concern {'search' if searching else 'list'}, page {page.number}"
    if terms and not searching:
        summary += f" ({', '.join(terms.values())})"
    audit(
        user=request.user,
        action="search" if searching else "view",
        object_type="cases.Concern",
        council=council_of(request.user),
        summary=summary,
        changes=terms,
    )
    return render(
        request,
        "cases/concern_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "sort": sort,
            "headers": _sort_headers(sort, query_without(request, "sort", "page")),
            "filtered": any(k in criteria for k in ConcernFilterForm.FILTERS),
            "searched": bool(criteria),
            "now": now,
            "page_title": "Concerns",
        },
    )


@require_safe
@role_required(*RECORDERS, council=True)
def concern_export(request):
    """CSV of the council's concerns that match the list's filters (no names); audited as an export."""
    form = ConcernFilterForm(request.GET, areas=council_areas(request.user))
    criteria = form.criteria()
    criteria.pop("sort", None)
    council = council_of(request.user)
    terms = {k: str(v) for k, v in criteria.items()}
    audit(
        user=request.user,
        action="export",
        object_type="cases.Concern",
        council=council,
        summary="Concerns exported as CSV" + (f" ({', '.join(terms.values())})" if terms else ""),
        changes=terms,
    )
    rows = concerns_listed(request.user, now=timezone.now(), sort="received", **criteria)
    response = StreamingHttpResponse(
        csv_blocks(concern_export_rows(rows)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="concerns-{council.gss_code}-{stamp}.csv"'
    return response
