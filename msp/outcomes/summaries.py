"""Read the summary tables: a measure for many councils and years in a couple of queries, after refreshing
the councils whose records changed. Dashboards, roll-ups and benchmarks read figures only through here."""

from __future__ import annotations

from collections.abc import Iterable

from msp.councils.models import Council
from msp.outcomes import figures
from msp.outcomes.measures import NOT_SUBMITTED, Measure, Value, value_of
from msp.outcomes.models import FigureSet, IndicatorFigure, ReturnFigure


def refresh_changed(years: Iterable[str], councils: Iterable[Council] | None = None) -> None:
    """Recompute the figures of councils whose records changed since they were computed (or that have
    records and were never computed). `councils` None: the councils with a change to their records since the
    year's figures were last looked at (every change to a record is in the audit log with its council), so
    the look costs the changes since, never a scan of the records or of the whole log."""
    from django.db.models import Max

    from msp.accounts.models import AuditEvent
    from msp.outcomes.models import FigureWatermark

    for year in years:
        if councils is not None:
            figures.ensure_current(year, list(councils))
            continue
        mark, _ = FigureWatermark.objects.get_or_create(year=year)
        last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        changes = AuditEvent.objects.filter(
            pk__gt=mark.audit_id, pk__lte=last, action__in=figures.CHANGES, council__isnull=False
        )
        changed = Council.objects.filter(pk__in=changes.values("council_id"))
        figures.ensure_current(year, list(changed))
        FigureWatermark.objects.filter(pk=mark.pk, audit_id__lt=last).update(audit_id=last)


def values(
    m: Measure, years: Iterable[str], councils: Iterable[Council] | None = None, *, period: str = ""
) -> dict:
    """{(council id, year or period): Value} for every council with a figure set in those years (and only the
    councils given). Indicators may be read for quarters with `period` labels instead of years."""
    years = list(years)
    sets = FigureSet.objects.filter(year__in=years)
    if councils is not None:
        sets = sets.filter(council__in=list(councils))
    found: dict = {}
    wanted = {(s.council_id, s.year): s for s in sets}
    if m.indicator:
        rows = IndicatorFigure.objects.filter(figure_set__in=[s for s in wanted.values() if not s.empty])
        rows = rows.filter(indicator=m.indicator, period__in=[period] if period else years)
        for council_id, year, numerator, denominator in rows.values_list(
            "council_id", "period", "numerator", "denominator"
        ):
            found[council_id, year] = Value(numerator, denominator)
    else:
        cells = set(m.numerator + m.denominator)
        rows = ReturnFigure.objects.filter(figure_set__in=[s for s in wanted.values() if not s.empty])
        rows = rows.filter(
            table__in={c[0] for c in cells}, row__in={c[1] for c in cells}, column__in={c[2] for c in cells}
        )
        by_set: dict = {}
        for council_id, year, table, row, column, value in rows.values_list(
            "council_id", "year", "table", "row", "column", "value"
        ):
            by_set.setdefault((council_id, year), {})[table, row, column] = value
        for key, cell_values in by_set.items():
            found[key] = value_of(m, cells=cell_values, indicator=None)
    for key in wanted:
        found.setdefault(key if not period else (key[0], period), NOT_SUBMITTED)
    return found


def council_indicators(council: Council, periods: list[str]) -> dict:
    """{(indicator code, period): Value} of one council for the periods, in one query; a period with no
    figures is simply absent (not submitted)."""
    rows = IndicatorFigure.objects.filter(council=council, period__in=periods, figure_set__empty=False)
    return {
        (code, period): Value(numerator, denominator)
        for code, period, numerator, denominator in rows.values_list(
            "indicator", "period", "numerator", "denominator"
        )
    }


def council_cells(council: Council, year: str) -> dict | None:
    """The council's stored return cells for the year, or None when it has none (not submitted)."""
    rows = ReturnFigure.objects.filter(council=council, year=year, figure_set__empty=False)
    cells = {(t, r, c): v for t, r, c, v in rows.values_list("table", "row", "column", "value")}
    return cells or None
