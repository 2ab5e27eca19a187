"""The audit trail for the council's safeguarding lead: who viewed, changed, exported or imported which of
the council's records, and when; reading it, or downloading it, is itself audited."""

from __future__ import annotations

import itertools

from django import forms
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from msp.accounts.access import role_required
from msp.accounts.audit import audit
from msp.accounts.models import User
from msp.accounts.trail import changed_fields, council_trail, record_name
from msp.cases.models import Person
from msp.cases.scope import CONFIGURERS, council_of
from msp.core.downloads import csv_blocks
from msp.core.forms import GovukDateField
from msp.core.paging import paginate


class TrailFilterForm(forms.Form):
    person = forms.IntegerField(
        required=False,
        min_value=1,
        label="Person record number",
        help_text="Open 'Audit trail of these records' on a person's page to fill this in",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter a person record number, like 1234", "min_value": "Enter a number"},
    )
    user = forms.ModelChoiceField(queryset=None, required=False, label="Who", empty_label="Anyone")
    since = GovukDateField(required=False, label="On or after")
    until = GovukDateField(required=False, label="On or before")

    def __init__(self, data, *, council):
        super().__init__(data)
        # Staff of the council, including those who have left: their past events are still on the trail.
        self.fields["user"].queryset = User.objects.filter(council=council).order_by(
            "last_name", "first_name", "username"
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date must be the same as or after the start date")
        return data

    def criteria(self) -> dict:
        """The valid filters given (an invalid one is left out, and its error shown)."""
        self.is_valid()
        found = getattr(self, "cleaned_data", {})
        return {
            "person_id": found.get("person"),
            "user": found.get("user"),
            "since": found.get("since"),
            "until": found.get("until"),
        }


def _trail(request):
    council = council_of(request.user)
    form = TrailFilterForm(request.GET or None, council=council)
    criteria = form.criteria() if request.GET else {}
    terms = {k: str(getattr(v, "username", v)) for k, v in criteria.items() if v is not None}
    return council, form, council_trail(council, **criteria), terms


@require_safe
@role_required(*CONFIGURERS, council=True)
def audit_trail(request):
    council, form, events, terms = _trail(request)
    page, query = paginate(request, events, detail=events.select_related("user"))
    audit(
        user=request.user,
        action="view",
        object_type="accounts.AuditEvent",
        council=council,
        summary=f"Audit trail, page {page.number}" + (f" ({', '.join(terms.values())})" if terms else ""),
        changes=terms,
    )
    known = set(
        Person.objects.filter(council=council, pk__in=[e.person_id for e in page]).values_list(
            "pk", flat=True
        )
    )
    rows = [
        {
            "event": event,
            "record": record_name(event.object_type),
            "fields": changed_fields(event),
            "person_known": event.person_id in known,
        }
        for event in page
    ]
    return render(
        request,
        "cases/audit_trail.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query,
            "download_query": request.GET.urlencode(),
            "filtered": bool(terms),
            "page_title": "Audit trail",
        },
    )


@require_safe
@role_required(*CONFIGURERS, council=True)
def audit_trail_export(request):
    """The filtered trail as CSV (which fields changed, never their values); the download is audited."""
    council, _form, events, terms = _trail(request)
    audit(
        user=request.user,
        action="export",
        object_type="accounts.AuditEvent",
        council=council,
        summary="Audit trail downloaded as CSV" + (f" ({', '.join(terms.values())})" if terms else ""),
        changes=terms,
    )
    header = [
        "When (UK time)",
        "Who",
        "Username",
        "What",
        "Record",
        "Record number",
        "Person record number",
        "Summary",
        "Fields changed",
    ]
    rows = (
        [
            timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
            e.user.display_name if e.user else "No signed-in user",
            e.user.username if e.user else "",
            e.get_action_display(),
            record_name(e.object_type),
            e.object_id,
            e.person_id or "",
            e.summary,
            changed_fields(e),
        ]
        for e in events.select_related("user").iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(
        csv_blocks(itertools.chain([header], rows)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{council.gss_code}-{stamp}.csv"'
    return response
