"""Pages for a wave's generated reports: download each report in each format, and write their narratives."""

from __future__ import annotations

import re

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
from msp.reports.documents import build, drafts, narratives
from msp.reports.documents.assemble import AFTER, Report
from msp.reports.documents.text import default_text
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


_AFTER_SLOT = re.compile(rf"^{AFTER}[a-z0-9-]+$")


def _slot_label(slot: str, captions: dict[str, str]) -> str:
    if not slot:
        return "Opening text"
    if slot == narratives.FINDINGS:
        return "Findings"
    key = slot.removeprefix(AFTER)
    return f"After “{captions.get(key, key)}”"


def _report(wave, region: Region | None) -> Report:
    """The report as assembled now (no file written): for its drafts and the tables each section holds."""
    data = build.wave_data(wave)
    return Report(data, region.name if region else "")


def _slots(wave, region, written) -> list[dict]:
    """Per section: its opening text, its findings (drafted until saved), and a slot after each table or
    figure; each with what the report prints there now."""
    report = _report(wave, region)
    document = report.document()
    placed = {s.key: s for s in document.sections}
    facts = None if report.england.suppressed else report.facts_for_drafts()
    rows = []
    for value, label in Narrative.Section.choices:
        section = placed.get(value)
        keyed = [
            (b.key, b.caption)
            for b in (section.blocks if section else [])
            if getattr(b, "caption", "") and getattr(b, "key", "")
        ]
        captions = dict(keyed)
        slots = [
            "",
            *([narratives.FINDINGS] if value in drafts.DRAFTERS else []),
            *(AFTER + k for k, _ in keyed),
        ]
        entries = []
        for slot in slots:
            saved = written.get((value, slot))
            fallback = ""
            if slot == narratives.FINDINGS and facts is not None:
                fallback = drafts.draft(value, facts)
            elif not slot:
                fallback = default_text(value)
            entries.append(
                {
                    "slot": slot,
                    "label": _slot_label(slot, captions),
                    "saved": saved if saved and saved.text else None,
                    "fallback": fallback,
                    "optional": slot.startswith(AFTER),
                }
            )
        rows.append({"value": value, "label": label, "entries": entries})
    return rows


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
            "sections": _slots(wave, region, written),
            "page_title": f"{wave.name}: report narratives",
        },
    )


def _fallback(wave, region, section: str, slot: str) -> str:
    """What the report prints in the slot when nothing is saved: the findings draft, or the default text."""
    if slot == narratives.FINDINGS:
        report = _report(wave, region)
        return "" if report.england.suppressed else drafts.draft(section, report.facts_for_drafts())
    return "" if slot else default_text(section)


def _label_field(form, label: str, fallback: str, findings: bool) -> None:
    form.fields["text"].label = label
    if fallback:
        instead = "the draft from the data" if findings else "the default text"
        form.fields["text"].help_text = form.fields["text"].help_text.replace(
            "Leave it empty to leave the narrative out.", f"Leave it empty to print {instead}."
        )


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def narrative_edit(request, code, scope, section, slot=""):
    wave = _wave_or_404(code)
    region = _region_or_404(scope)
    if section not in Narrative.Section.values:
        raise Http404("No such section")
    findings = slot == narratives.FINDINGS and section in drafts.DRAFTERS
    if slot and not findings and not _AFTER_SLOT.match(slot):
        raise Http404("No such place in the section")
    label = Narrative.Section(section).label
    if slot:
        label = f"{label}: {_slot_label(slot, {})}"
    current = narratives.narrative_get(wave, region, section, slot)
    fallback = _fallback(wave, region, section, slot)
    saved_text = current.text if current and current.text else ""
    initial = {"text": saved_text or fallback, "revision": current.revision if current else 0}
    form = NarrativeForm(request.POST or None, initial=initial)
    _label_field(form, label, fallback, findings)
    conflict = None
    back_to_draft = request.POST.get("action") == "draft"
    if request.method == "POST" and form.is_valid():
        try:
            narratives.narrative_save(
                wave=wave,
                region=region,
                section=section,
                slot=slot,
                # Saving blank text returns the slot to its draft (or default) text.
                text="" if back_to_draft else form.cleaned_data["text"],
                user=request.user,
                expected_revision=form.cleaned_data["revision"],
            )
        except StaleEditError as stale:
            conflict = stale.obj
            # Keep what was typed; a second save (now from the latest revision) replaces the newer text.
            data = request.POST.copy()
            data["revision"] = conflict.revision if conflict else 0
            form = NarrativeForm(data)
            _label_field(form, label, fallback, findings)
            form.is_valid()
        else:
            where = region.name if region else "England"
            if back_to_draft:
                messages.success(request, f"'{label}' for {where} is back to the text drafted from the data.")
            else:
                messages.success(request, f"Saved '{label}' for {where}.")
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
            "slot": slot,
            "fallback": fallback,
            "edited": bool(saved_text),
            "findings": findings,
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
