"""What the outcomes pages share: the reporting year a request asks for, and CSV downloads."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpResponse
from django.utils import timezone

from msp.outcomes.periods import PeriodError, last_complete_year, reporting_year


def year_or_404(text: str) -> str:
    try:
        return reporting_year(text).label
    except PeriodError as exc:
        raise Http404(str(exc)) from None


def chosen_year(request) -> str:
    """The `year` asked for, or the latest that has ended."""
    return year_or_404(request.GET.get("year") or last_complete_year(timezone.now()))


def csv_response(name: str, header: list, rows: list) -> HttpResponse:
    """A page's figures as CSV (UTF-8 with a byte-order mark, so Excel reads it), to download as `name`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
