"""What the outcomes pages share: the reporting year a request asks for."""

from __future__ import annotations

from django.http import Http404
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
