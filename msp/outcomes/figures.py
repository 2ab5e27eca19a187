"""Keep the summary tables current: compute a year's figures for some councils and store them, find the
councils whose records changed since (every change of a record is in the audit log with its council), and
refresh just those when a page needs them. Uploaded returns are stored beside computed ones."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.outcomes import indicators, sac
from msp.outcomes.layout import layout_for
from msp.outcomes.models import FigureSet, IndicatorFigure, ReturnFigure

# Audit actions that change records (a view, search, export or refusal changes nothing).
CHANGES = (
    AuditEvent.Action.CREATE,
    AuditEvent.Action.CHANGE,
    AuditEvent.Action.DELETE,
    AuditEvent.Action.IMPORT,
)


def refresh(year: str, councils=None, *, now: datetime.datetime | None = None) -> int:
    """Compute and store the year's return and indicators for the councils (default: every council with
    records in the year). A council whose return for the year was uploaded, or whose figures were kept when
    records behind them were erased, is left alone; one with no records that year gets an empty set (not
    submitted: [x]), so it is not computed again until its records change. Returns the figure sets written."""
    now = now or timezone.now()
    uploaded = set(
        FigureSet.objects.filter(year=year)
        .exclude(source=FigureSet.Source.COMPUTED)
        .values_list("council_id", flat=True)
    )
    if councils is not None:
        councils = [c for c in councils if c.pk not in uploaded]
        if not councils:
            return 0
    returns = sac.compute(year, councils)
    figures = indicators.compute(year, councils)
    written = 0
    with transaction.atomic():
        for council, result in returns.items():
            if council.pk in uploaded:
                continue
            FigureSet.objects.filter(council=council, year=year).delete()
            empty = not has_records(result.cells)
            figure_set = FigureSet.objects.create(
                council=council, year=year, source=FigureSet.Source.COMPUTED, refreshed_at=now, empty=empty
            )
            if not empty:  # no records that year: not submitted ([x]), never a row of zeros
                _store(figure_set, result.cells, figures.get(council, {}))
            written += 1
    return written


def has_records(cells: dict) -> bool:
    """Any concern received, enquiry started or Section 42 enquiry concluded in the year."""
    return bool(
        cells["SG1f", "concerns", "cases"]
        + cells["SG1f", "s42_enquiries", "cases"]
        + cells["SG1f", "other_enquiries", "cases"]
        + cells["SG3a", "Total", "enquiries"]
    )


def store_cells(figure_set: FigureSet, cells: dict) -> None:
    """A figure set's counted cells, every one of the year's layout; a cell not given is not submitted."""
    council, year = figure_set.council, figure_set.year
    ReturnFigure.objects.bulk_create(
        ReturnFigure(
            figure_set=figure_set,
            council=council,
            year=year,
            table=t,
            row=r,
            column=c,
            value=cells.get((t, r, c)),
        )
        for t, r, c in layout_for(year).counted_cells()
    )


def _store(figure_set: FigureSet, cells: dict, periods: dict) -> None:
    store_cells(figure_set, cells)
    council, year = figure_set.council, figure_set.year
    IndicatorFigure.objects.bulk_create(
        IndicatorFigure(
            figure_set=figure_set,
            council=council,
            year=year,
            period=period,
            indicator=code,
            numerator=figure.numerator,
            denominator=figure.denominator,
        )
        for period, by_code in periods.items()
        for code, figure in by_code.items()
    )


def stale_councils(year: str, councils) -> list:
    """The councils (of those given) whose figures for the year are missing or older than the last change
    to their records. One query over the audit log; uploaded figures are never stale."""
    councils = list(councils)
    sets = {
        s.council_id: s
        for s in FigureSet.objects.filter(year=year, council__in=councils).only(
            "council_id", "refreshed_at", "source"
        )
    }
    oldest = min((s.refreshed_at for s in sets.values()), default=None)
    changed = {}
    if oldest is not None:
        changed = dict(
            AuditEvent.objects.filter(council__in=councils, action__in=CHANGES, at__gt=oldest)
            .values("council_id")
            .annotate(last=Max("at"))
            .values_list("council_id", "last")
        )
    stale = []
    for council in councils:
        found = sets.get(council.pk)
        if found is None:
            stale.append(council)
        elif (
            found.source == FigureSet.Source.COMPUTED
            and changed.get(council.pk, found.refreshed_at) > found.refreshed_at
        ):
            stale.append(council)
    return stale


def ensure_current(year: str, councils) -> None:
    """Refresh the figures of the councils whose records changed since they were computed."""
    stale = stale_councils(year, councils)
    if stale:
        refresh(year, stale)
