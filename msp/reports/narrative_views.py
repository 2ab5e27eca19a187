"""Pages for a wave's generated reports: download each report in each format, and write their narratives."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from msp.accounts.access import ANALYSTS, PROGRAMME_TEAM, can_open, role_required
from msp.accounts.audit import audit
from msp.accounts.models import AuditEvent
from msp.core.stale import STALE_MESSAGE, StaleEditError
from msp.councils.models import Region
from msp.reports import selectors
from msp.reports.analysis import wave_analysis
from msp.reports.documents import build, narratives
from msp.reports.models import Narrative


def _wave_or_404(code: str):
    wave = selectors.wave_by_code(code)
    if wave is None:
        raise Http404("No such wave")
    return wave


def _region_or_404(scope: str) -> Region | None:
    """The region a scope slug names (None for England); 404 for any other slug."""
    names = selectors.region_names()
    name = build.region_for_slug(scope, names)
    if name is None:
        raise Http404("No such region")
    return Region.objects.get(name=name) if name else None


def _scopes(wave) -> list[dict]:
    responses = selectors.wave_responses(wave)
    rows = [{"name": "England", "slug": build.NATIONAL, "suppressed": False}]
    for name in selectors.region_names():
        hidden = wave_analysis(wave, region=name, responses=responses).suppressed
        rows.append({"name": name, "slug": build.scope_slug(name), "suppressed": hidden})
    return rows


@role_required(*PROGRAMME_TEAM)
@require_GET
def documents(request, code):
    wave = _wave_or_404(code)
    return render(
        request,
        "reports/documents/document_list.html",
        {
            "wave": wave,
            "scopes": _scopes(wave),
            "formats": [("pdf", "PDF"), ("docx", "Word"), ("html", "HTML")],
            "may_write": can_open(request.user, "reports:narratives"),
            "page_title": f"{wave.name}: reports",
        },
    )


@role_required(*PROGRAMME_TEAM)
@require_GET
def document_download(request, code, scope, fmt):
    wave = _wave_or_404(code)
    region = _region_or_404(scope)
    if fmt not in build.FORMATS:
        raise Http404("No such format")
    data = build.wave_data(wave)
    generated = build.generate(data, fmt, region.name if region else "")
    where = region.name if region else "England"
    audit(
        user=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=wave,
        summary=f"Downloaded the {wave.code} report for {where} as {fmt.upper()}",
    )
    response = HttpResponse(generated.content, content_type=build.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{build.filename(wave, fmt, generated.region)}"'
    return response


class NarrativeForm(forms.Form):
    text = forms.CharField(
        required=False,
        max_length=narratives.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=(
            "Plain text. Leave a blank line between paragraphs. Start a line with a hyphen and a space for a"
            " bullet, or with 1. for a numbered point. Leave it empty to leave the narrative out."
        ),
        error_messages={"max_length": "The narrative must be %(limit_value)s characters or fewer"},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


@role_required(*ANALYSTS)  # they write the reports' narrative
@require_http_methods(["GET", "POST"])
def narrative_list(request, code):
    wave = _wave_or_404(code)
    scope = request.GET.get("scope", build.NATIONAL)
    region = _region_or_404(scope)
    written = narratives.narratives_by_section(wave, region)
    return render(
        request,
        "reports/documents/narrative_list.html",
        {
            "wave": wave,
            "scope": scope,
            "region": region,
            "scopes": [{"name": "England", "slug": build.NATIONAL}]
            + [{"name": n, "slug": build.scope_slug(n)} for n in selectors.region_names()],
            "sections": [(value, label, written.get(value)) for value, label in Narrative.Section.choices],
            "page_title": f"{wave.name}: report narratives",
        },
    )


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def narrative_edit(request, code, scope, section):
    wave = _wave_or_404(code)
    region = _region_or_404(scope)
    if section not in Narrative.Section.values:
        raise Http404("No such section")
    label = Narrative.Section(section).label
    current = narratives.narrative_get(wave, region, section)
    initial = {"text": current.text if current else "", "revision": current.revision if current else 0}
    form = NarrativeForm(request.POST or None, initial=initial)
    form.fields["text"].label = label
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            narratives.narrative_save(
                wave=wave,
                region=region,
                section=section,
                text=form.cleaned_data["text"],
                user=request.user,
                expected_revision=form.cleaned_data["revision"],
            )
        except StaleEditError as stale:
            conflict = stale.obj
            # Keep what was typed; a second save (now from the latest revision) replaces the newer text.
            data = request.POST.copy()
            data["revision"] = conflict.revision if conflict else 0
            form = NarrativeForm(data)
            form.fields["text"].label = label
            form.is_valid()
        else:
            messages.success(request, f"Saved '{label}' for {region.name if region else 'England'}.")
            return redirect(f"{reverse('reports:narratives', args=[wave.code])}?scope={scope}")
    return render(
        request,
        "reports/documents/narrative_edit.html",
        {
            "wave": wave,
            "scope": scope,
            "region": region,
            "label": label,
            "form": form,
            "conflict": conflict,
            "current": current,
            "extra_errors": [
                {
                    "message": STALE_MESSAGE,
                    "anchor": "id_text",
                }
            ]
            if conflict is not None
            else [],
            "page_title": f"{label}: {region.name if region else 'England'}",
        },
    )
