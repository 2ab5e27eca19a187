"""Retention review for the council's lead: who is due, and erasing a person with every record about them."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from msp.accounts.access import role_required
from msp.accounts.audit import audit
from msp.cases.models import Person
from msp.cases.scope import CONFIGURERS, council_of, get_for_user
from msp.cases.services import retention
from msp.core.paging import paginate


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have reviewed these records and they are to be erased",
        error_messages={"required": "Confirm that these records are to be erased"},
    )


@require_safe
@role_required(*CONFIGURERS, council=True)
def retention_list(request):
    council = council_of(request.user)
    due = retention.due_for_review(council)
    page, query = paginate(request, due)
    audit(
        user=request.user,
        action="view",
        object_type="cases.Person",
        council=council,
        summary=f"Retention review list, page {page.number}",
    )
    return render(
        request,
        "cases/retention_list.html",
        {
            "page": page,
            "query": query,
            "years": settings.MSP_RETENTION_YEARS,
            "cutoff": timezone.localtime(retention.cutoff()),
            "page_title": "Records due for retention review",
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*CONFIGURERS, council=True)
def person_erase(request, pk: int):
    person = get_for_user(Person.objects.all(), request.user, pk=pk)
    if not retention.due_for_review(person.council).filter(pk=person.pk).exists():
        raise Http404("This person's records are not due for erasure.")
    form = EraseForm(request.POST or None)
    if form.is_valid():
        erased = retention.erase_person(person=person, user=request.user)
        messages.success(
            request,
            f"Erased: one person, {erased['concerns']} concerns and {erased['enquiries']} enquiries."
            " The council's figures for those years are kept.",
        )
        return redirect("cases:retention")
    concerns = person.concerns.select_related("enquiry").order_by("received_at")
    return render(
        request,
        "cases/person_erase.html",
        {
            "form": form,
            "person": person,
            "concerns": concerns,
            "years": sorted(retention.reporting_years(person)),
            "page_title": f"Erase the records of {person.full_name}",
        },
    )
