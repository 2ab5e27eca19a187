"""The council's return page: every table with its checks, the records behind each figure, the gaps to fix
before submitting, and the downloads. For the council's safeguarding lead; every list of people is audited."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Min
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from msp.accounts.access import role_required
from msp.accounts.audit import audit
from msp.cases.models import Concern
from msp.cases.scope import CONFIGURERS, council_of
from msp.outcomes import quality, sac, services
from msp.outcomes.exporting import export_name
from msp.outcomes.layout import TABLE_TITLES, display, layout_for
from msp.outcomes.periods import last_complete_year, year_of, years_between
from msp.outcomes.views._common import year_or_404

PER_PAGE = 50
RETURN_ROLES = CONFIGURERS  # the council's safeguarding lead prepares and submits the return


def _years(council) -> list[str]:
    """From the year of the council's first concern to the current year, latest first."""
    now = timezone.now()
    first = Concern.objects.filter(council=council).aggregate(first=Min("received_at"))["first"] or now
    return years_between(int(year_of(first)[:4]), int(year_of(now)[:4]))[::-1]


def _cell_url(year: str, cell: sac.Cell) -> str:
    table, row, column = cell
    query = urlencode({"table": table, "row": row, "column": column})
    return f"{reverse('outcomes:cell', args=[year])}?{query}"


@require_safe
@role_required(*RETURN_ROLES, council=True)
def return_index(request):
    council = council_of(request.user)
    wanted = request.GET.get("year")
    if wanted:
        return redirect("outcomes:return", year=year_or_404(wanted))
    last_complete = last_complete_year(timezone.now())
    years = _years(council)
    return redirect("outcomes:return", year=last_complete if last_complete in years else years[0])


@require_safe
@role_required(*RETURN_ROLES, council=True)
def return_page(request, year: str):
    year = year_or_404(year)
    council = council_of(request.user)
    result, checks = services.checked_return(year=year, council=council)
    layout = layout_for(year)
    failing = {cell for check in checks for cell in check.marked}
    grids = []
    for grid in layout.grids():
        rows = []
        for row in grid.rows:
            values = []
            for column in grid.columns:
                if not grid.has(row, column):
                    values.append(None)
                    continue
                cell = (grid.table, row, column)
                value = result.cells[cell]
                values.append(
                    {
                        "text": sac.format_value(value),
                        "url": _cell_url(year, cell) if grid.table != "DERIVED" and value else "",
                        "flagged": cell in failing,
                        "label": f"{display(row, context=grid.table)}, {display(column, context=grid.table)}",
                    }
                )
            rows.append(
                {"label": display(row, context=grid.table), "total": row == "Total", "values": values}
            )
        grids.append(
            {
                "table": grid.table,
                "title": TABLE_TITLES[grid.table],
                "columns": [display(c, context=grid.table) for c in grid.columns],
                "rows": rows,
            }
        )
    gaps = [(g.gap, g.rows.count()) for g in quality.gaps(year=year, council=council)]
    audit(
        user=request.user,
        action="view",
        object_type="outcomes.SacReturn",
        object_id=year,
        council=council,
        summary=f"SAC return {year}",
    )
    return render(
        request,
        "outcomes/return.html",
        {
            "page_title": f"Safeguarding Adults Collection {year}",
            "council": council,
            "year": year,
            "years": _years(council),
            "grids": grids,
            "checks": [
                {"message": c.message, "cells": [(_cell_url(year, x), x) for x in c.cells]} for c in checks
            ],
            "gaps": [g for g in gaps if g[1]],
            "gap_total": sum(n for _, n in gaps),
            "source": services.source_description(result),
        },
    )


def _page(request, rows):
    paginator = Paginator(rows, PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


@require_safe
@role_required(*RETURN_ROLES, council=True)
def cell_records(request, year: str):
    year = year_or_404(year)
    council = council_of(request.user)
    cell = (request.GET.get("table", ""), request.GET.get("row", ""), request.GET.get("column", ""))
    try:
        found = sac.cell_records(cell, year=year, council=council)
    except KeyError:
        raise Http404("No such cell in the return.") from None
    rows = _ordered(found)
    page = _page(request, rows)
    table, row, column = cell
    audit(
        user=request.user,
        action="view",
        object_type=f"cases.{found.kind}",
        council=council,
        summary=f"Records behind SAC {year} {table} {row} / {column}: {page.paginator.count} {found.kind}"[
            :300
        ],
        changes={"shown": [r.pk for r in page.object_list]},
    )
    return render(
        request,
        "outcomes/records.html",
        {
            "page_title": f"{table}: {display(row, context=table)}, {display(column, context=table)}",
            "year": year,
            "kind": found.kind,
            "page": page,
            "query": urlencode({"table": table, "row": row, "column": column}),
            "what": f"{table} {TABLE_TITLES[table].lower()}",
        },
    )


@require_safe
@role_required(*RETURN_ROLES, council=True)
def gap_records(request, year: str, code: str):
    year = year_or_404(year)
    council = council_of(request.user)
    try:
        found = quality.gap(code, year=year, council=council)
    except StopIteration:
        raise Http404("No such data-quality item.") from None
    page = _page(request, _ordered(sac.CellRecords(found.gap.kind, found.rows)))
    audit(
        user=request.user,
        action="view",
        object_type=f"cases.{found.gap.kind}",
        council=council,
        summary=f"Data-quality list {year}: {found.gap.title} ({page.paginator.count})"[:300],
        changes={"shown": [r.pk for r in page.object_list]},
    )
    return render(
        request,
        "outcomes/records.html",
        {
            "page_title": found.gap.title,
            "year": year,
            "kind": found.gap.kind,
            "page": page,
            "query": "",
            "why": found.gap.why,
        },
    )


def _ordered(found: sac.CellRecords):
    if found.kind == "people":
        return found.rows.order_by("family_name", "given_name", "pk")
    if found.kind == "concerns":
        return found.rows.select_related("person").order_by("received_at", "pk")
    return found.rows.select_related("concern__person").order_by("closed_at", "started_at", "pk")


@require_safe
@role_required(*RETURN_ROLES, council=True)
def return_download(request, year: str, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Download the return as csv or xlsx.")
    year = year_or_404(year)
    council = council_of(request.user)
    data, _, _ = services.return_file(
        year=year, council=council, fmt=fmt, now=timezone.now(), user=request.user
    )
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(data, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_name(year, council, suffix=fmt)}"'
    return response


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The return as CSV or XLSX",
        help_text="One row per cell: council_gss, year, table, row, column, value (the long format).",
        error_messages={"required": "Choose the file to upload"},
    )
    check_only = forms.BooleanField(required=False, label="Only check the file; store nothing")


@require_http_methods(["GET", "POST"])
@role_required(*RETURN_ROLES, council=True)
def return_upload(request):
    """A council that records its cases in another system uploads the return it made there."""
    from msp.outcomes.uploads import upload_return

    council = council_of(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = upload_return(
            upload.name,
            upload.read(),
            user=request.user,
            council=council,
            dry_run=form.cleaned_data["check_only"],
        )
    return render(
        request,
        "outcomes/upload.html",
        {"page_title": "Upload a return made elsewhere", "form": form, "report": report, "council": council},
    )
