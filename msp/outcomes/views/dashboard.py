"""The council outcome dashboard and its downloads, for the council's lead and managers, its board and its
region's lead, and the programme team."""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from msp.accounts.audit import audit
from msp.cases import categories as cat
from msp.cases.models import Person
from msp.core.downloads import csv_response
from msp.outcomes import access
from msp.outcomes.dashboard import council_dashboard
from msp.outcomes.indicators import Filters
from msp.outcomes.layout import layout_for
from msp.outcomes.periods import year_of, years_between
from msp.outcomes.views._common import chosen_year


def _council(request):
    visible = access.visible_councils(request.user).select_related("region").order_by("name")
    wanted = request.GET.get("council")
    if wanted:
        council = visible.filter(gss_code=wanted).first()
        if council is None:
            raise Http404("No such council among those you can see.")
        return council, visible
    council = visible.filter(pk=request.user.council_id).first() if request.user.council_id else None
    return council or visible.first(), visible


def _filters(request, council, year) -> Filters:
    get = request.GET.get
    filters = Filters(
        area=get("area", ""),
        risk_type=get("risk_type", ""),
        location=get("location", ""),
        age_band=get("age_band", ""),
        respondent=get("respondent", ""),
    )
    choices = filter_choices(council, year)
    for name, options in choices.items():
        if getattr(filters, name) and getattr(filters, name) not in {code for code, _ in options}:
            raise Http404(f"No such {name.replace('_', ' ')}.")
    return filters


def filter_choices(council, year) -> dict[str, list[tuple[str, str]]]:
    areas = Person.objects.filter(council=council).exclude(area="").values_list("area", flat=True).distinct()
    return {
        "area": [(a, a) for a in sorted(areas)],
        "risk_type": cat.category_set("risk_type", year).choices(),
        "location": cat.category_set("risk_location", year).choices(),
        "age_band": [(b.label, b.label) for b in layout_for(year).age_bands],
        "respondent": [("person", "The person"), ("representative", "Their representative")],
    }


@require_safe
@access.figures_required
def dashboard(request):
    council, visible = _council(request)
    year = chosen_year(request)
    filters = _filters(request, council, year)
    board = council_dashboard(request.user, council, year, filters)
    audit(
        user=request.user,
        action="view",
        object_type="outcomes.Dashboard",
        object_id=year,
        council=council,
        summary=f"Outcome dashboard {year}{' (filtered)' if filters else ''}",
    )
    query = request.GET.urlencode()
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "page_title": f"Outcomes in {council.short_name}, {year}",
            "board": board,
            "councils": visible,
            "choices": filter_choices(council, year),
            "chosen": filters,
            "years": _recent_years(),
            "query": query,
        },
    )


def _recent_years() -> list[str]:
    """Every reporting year since MSP's first (2016-17), latest first."""
    return years_between(2016, int(year_of(timezone.now())[:4]))[::-1]


@require_safe
@access.figures_required
def dashboard_download(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Download as csv or xlsx.")
    council, _ = _council(request)
    year = chosen_year(request)
    board = council_dashboard(request.user, council, year, _filters(request, council, year))
    header = ["indicator", "name", *board.years]
    rows = [
        [line.code, line.name, *(f.export_value for f in line.figures)]
        for _, by_year, _ in board.groups
        for line in by_year
    ]
    audit(
        user=request.user,
        action="export",
        object_type="outcomes.Dashboard",
        object_id=year,
        council=council,
        summary=f"Outcome dashboard {year} ({fmt})",
    )
    name = f"outcomes-{council.gss_code}-{year}.{fmt}"
    if fmt == "csv":
        return csv_response(name, header, rows)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Indicators"
    sheet.append([f"MSP outcome indicators: {council.name}, years to {year}"])
    sheet.append(
        ["Exact figures (the council's own staff)" if board.exact else "Published: [c] small, [x] none"]
    )
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    response = HttpResponse(
        data.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
