"""Analysis pages for the programme team: a wave's tables and findings, downloads, and one council's page."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from msp.accounts.access import PROGRAMME_TEAM, role_required
from msp.accounts.audit import audit
from msp.accounts.models import AuditEvent
from msp.reports import formats, selectors
from msp.reports.analysis import council_page, wave_analysis
from msp.reports.forms import GroupFilterForm
from msp.reports.tabulate import blocks


def _wave_or_404(code: str):
    wave = selectors.wave_by_code(code)
    if wave is None:
        raise Http404("No such wave")
    return wave


@role_required(*PROGRAMME_TEAM)  # the pages show the interviews' answers
@require_GET
def wave_index(request):
    return render(
        request,
        "reports/wave_index.html",
        {"waves": selectors.analysis_waves(), "page_title": "Temperature check analysis"},
    )


@role_required(*PROGRAMME_TEAM)
@require_GET
def wave_tables(request, code):
    wave = _wave_or_404(code)
    form = GroupFilterForm(request.GET or None)
    region = council_type = ""
    if form.is_bound and form.is_valid():
        region, council_type = form.cleaned_data["region"], form.cleaned_data["council_type"]
    analysis = wave_analysis(wave, region=region, council_type=council_type, with_breakdowns=True)
    councils = [] if analysis.suppressed else selectors.councils_interviewed(wave, region, council_type)
    return render(
        request,
        "reports/wave_tables.html",
        {
            "wave": wave,
            "form": form,
            "analysis": analysis,
            "councils": councils,
            "blocks": blocks(analysis.tabulation) if analysis.tabulation else [],
            "headline_labels": [share.label for share in analysis.findings.headlines]
            if analysis.findings
            else [],
            "page_title": f"{wave.name}: tables and findings",
        },
    )


@role_required(*PROGRAMME_TEAM)
@require_GET
def wave_download(request, code, fmt):
    wave = _wave_or_404(code)
    if fmt not in ("csv", "json"):
        raise Http404("No such format")
    form = GroupFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Http404("No such group")
    filters = form.cleaned_data if form.is_bound else {}
    analysis = wave_analysis(wave, region=filters.get("region"), council_type=filters.get("council_type"))
    if analysis.suppressed:
        raise Http404("Too few interviews to publish")
    if fmt == "csv":
        body, content_type = formats.as_csv(analysis.tabulation), "text/csv; charset=utf-8"
    else:
        body, content_type = formats.as_json(analysis.as_dict()), "application/json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tempcheck-{wave.code}-tables.{fmt}"'
    return response


@role_required(*PROGRAMME_TEAM)
@require_GET
def council(request, code, gss_code):
    wave = _wave_or_404(code)
    interview = selectors.council_interview(wave, gss_code)
    profile = council_page(wave, gss_code) if interview else None
    if profile is None:
        raise Http404("No submitted interview for that council in this wave")
    audit(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=interview,
        summary=f"Viewed the {wave.code} temperature check page of {interview.council}",
    )
    return render(
        request,
        "reports/council.html",
        {
            "wave": wave,
            "interview": interview,
            "council": interview.council,
            "profile": profile,
            "page_title": f"{interview.council.short_name}: {wave.name}",
        },
    )
