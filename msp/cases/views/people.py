"""Person pages: search, record (with the possible-duplicate check), view, change, add a representative."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from msp.accounts.access import role_required
from msp.accounts.audit import audit
from msp.cases import categories as cat
from msp.cases import services, subject_access
from msp.cases.forms import PersonEditForm, PersonForm, PersonSearchForm, RepresentativeForm
from msp.cases.models import Person
from msp.cases.scope import CONFIGURERS, RECORDERS, can, council_of, get_for_user
from msp.cases.selectors import people_search
from msp.cases.services.people import PERSON_FIELDS
from msp.cases.views._common import add_errors, mark_stale, viewed, viewed_on_get
from msp.core.paging import paginate
from msp.core.stale import StaleEditError

SEARCH_FIELDS = ("name", "date_of_birth", "nhs_number", "external_id")


class PersonSearch(PersonSearchForm):
    """The person search, with the id a previous system gave them as a fourth way to find someone."""

    external_id = forms.CharField(
        required=False,
        max_length=60,
        label="ID in the previous system",
        help_text="As it was in the system the records came from",
    )

    def clean(self):
        data = forms.Form.clean(self)  # the check below replaces the one without the external id
        if not self.errors and not any(data.get(f) for f in SEARCH_FIELDS):
            raise forms.ValidationError(
                "Enter a name, a date of birth, an NHS number or an ID in the previous system"
            )
        return data


@require_safe
@role_required(*RECORDERS, council=True)
def person_search(request):
    form = PersonSearch(request.GET or None)
    page = query = None
    if form.is_bound and form.is_valid():
        criteria = {k: str(v) for k, v in form.cleaned_data.items() if v}
        page, query = paginate(request, people_search(request.user, **form.cleaned_data))
        # The terms searched for, never who was found.
        audit(
            user=request.user,
            action="search",
            object_type="cases.Person",
            council=council_of(request.user),
            summary=f"Person search, page {page.number}: {page.paginator.count:,} found",
            changes=criteria,
        )
    return render(
        request,
        "cases/person_search.html",
        {"form": form, "page": page, "query": query, "page_title": "Find a person"},
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def person_new(request):
    form = PersonForm(request.POST or None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in PERSON_FIELDS}
        try:
            person = services.person_create(
                council=council_of(request.user),
                user=request.user,
                confirmed_not_duplicate="confirm_not_duplicate" in request.POST,
                **data,
            )
            messages.success(request, "Person recorded")
            return redirect("cases:person", pk=person.pk)
        except services.PossibleDuplicateError as possible:
            candidates = possible.candidates
            # Showing possible duplicates reveals other people's details: a search, so it is audited as one.
            audit(
                user=request.user,
                action="search",
                object_type="cases.Person",
                council=council_of(request.user),
                summary=f"Possible duplicates shown: {len(candidates)}",
                changes={"candidates": [person.pk for person in candidates]},
            )
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "cases/person_form.html",
        {
            "form": form,
            "candidates": candidates,
            "page_title": "Record a person",
        },
    )


@require_safe
@role_required(*RECORDERS, council=True)
def person_detail(request, pk: int):
    person = get_for_user(Person.objects.prefetch_related("representatives"), request.user, pk=pk)
    viewed(request, person)
    concerns = person.concerns.select_related("enquiry").order_by("-received_at")
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "concerns": concerns,
            "page_title": person.full_name,
            "answers_access_requests": can(request.user, CONFIGURERS),
            "labels": {
                "gender": cat.label("gender", person.gender),
                "ethnicity": cat.label("ethnicity", person.ethnicity),
                "support_reason": cat.label("support_reason", person.support_reason),
            },
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def person_edit(request, pk: int):
    person = get_for_user(Person.objects.all(), request.user, pk=pk)
    viewed_on_get(request, person, "Change details")
    initial = {**{k: getattr(person, k) for k in PERSON_FIELDS}, "revision": person.revision}
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in PERSON_FIELDS}
        try:
            services.person_update(
                person=person,
                user=request.user,
                expected_revision=form.cleaned_data["revision"],
                **data,
            )
            messages.success(request, "Details saved")
            return redirect("cases:person", pk=person.pk)
        except StaleEditError as stale:
            mark_stale(form, stale.current_revision)
            person.refresh_from_db()
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "cases/person_form.html",
        {
            "form": form,
            "person": person,
            "page_title": f"Change {person.full_name}'s details",
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS, council=True)
def representative_new(request, pk: int):
    person = get_for_user(Person.objects.all(), request.user, pk=pk)
    viewed_on_get(request, person, "Add a representative")
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_add(person=person, user=request.user, **form.cleaned_data)
            messages.success(request, "Representative added")
            return redirect("cases:person", pk=person.pk)
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "cases/form_page.html",
        {
            "form": form,
            "person": person,
            "page_title": "Add a representative",
            "button": "Add representative",
            "back_url": person_url(person),
        },
    )


def person_url(person) -> str:
    return reverse("cases:person", kwargs={"pk": person.pk})


@require_safe
@role_required(*CONFIGURERS, council=True)
def person_subject_access(request, pk: int, fmt: str):
    """Everything MSP holds about the person, and who looked, as JSON or PDF (the council's lead answers
    subject access requests); audited as an export."""
    if fmt not in ("json", "pdf"):
        raise Http404("A subject access export is JSON or PDF.")
    person = get_for_user(Person.objects.all(), request.user, pk=pk)
    content = subject_access.gather(person)
    audit(
        user=request.user,
        action="export",
        obj=person,
        summary=f"Subject access export ({fmt.upper()})",
    )
    if fmt == "pdf":
        response = HttpResponse(subject_access.as_pdf(content), content_type="application/pdf")
    else:
        response = HttpResponse(subject_access.as_json(content), content_type="application/json")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}-{stamp}.{fmt}"'
    return response
