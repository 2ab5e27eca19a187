"""Read what a region's outcome report needs, once: every measure for every council with figures in the
years held (from the summary tables, refreshed first), the region's councils, and the comments people agreed
may be quoted."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Q

from msp.councils.models import Council, Region
from msp.outcomes import dashboard, indicators, summaries
from msp.outcomes.measures import NOT_SUBMITTED, Measure, Value, measure, pool
from msp.outcomes.models import FigureSet
from msp.outcomes.periods import reporting_year

YEARS_SHOWN = 5  # the trend: at most this many years, ending with the report's
QUOTES_SHOWN = 10
RETURN_COUNTS = ("concerns", "s42_enquiries", "individuals_with_concern")


def report_measures() -> list[Measure]:
    """The return's headline counts and every outcome indicator."""
    return [measure(code) for code in RETURN_COUNTS] + [
        measure(ind.code) for ind in indicators.all_indicators()
    ]


@dataclass
class ReportData:
    region: Region
    year: str
    years: list[str]  # the years held, oldest first, ending with `year`
    councils: list[Council]  # the region's councils in the year, by name
    values: dict[str, dict[tuple[int, str], Value]]  # code -> (council id, year) -> Value; every council
    submitted: dict[str, set[int]]  # year -> the councils (anywhere) with figures that year
    uploaded: list[Council]  # the region's councils whose return for the year was uploaded
    quotes: list[str]
    today: datetime.date

    def region_values(self, code: str, year: str) -> dict[int, Value]:
        found = self.values[code]
        return {c.pk: found.get((c.pk, year), NOT_SUBMITTED) for c in self.councils}

    def england_value(self, code: str, year: str) -> Value:
        return pool(v for (_, y), v in self.values[code].items() if y == year)

    def region_submitted(self, year: str) -> list[Council]:
        return [c for c in self.councils if c.pk in self.submitted[year]]


def years_held(year: str) -> list[str]:
    """The reporting years with any council's figures, up to the report's (always included), newest last."""
    held = set(
        FigureSet.objects.filter(empty=False, year__lte=year).values_list("year", flat=True).distinct()
    )
    return sorted(held | {year})[-YEARS_SHOWN:]


def region_councils(region: Region, year: str) -> list[Council]:
    """The region's councils that existed at any time during the year, and any other of its councils with
    figures for it, by name."""
    period = reporting_year(year)
    existing = (
        Council.objects.filter(region=region)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.last_day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start.date()))
    )
    with_figures = Council.objects.filter(region=region, figure_sets__year=year, figure_sets__empty=False)
    return sorted(set(existing) | set(with_figures), key=lambda c: c.name)


def regional_quotes(councils: list[Council], year: str) -> list[str]:
    """Up to QUOTES_SHOWN comments, taken in turn from each council, in an order that says nothing about
    which council they came from (no council is ever named beside a comment in a regional report)."""
    per_council = [dashboard.quotes(council, year) for council in councils]
    chosen: list[str] = []
    for turn in range(max((len(q) for q in per_council), default=0)):
        for found in per_council:
            if turn < len(found) and found[turn].strip() and found[turn] not in chosen:
                chosen.append(found[turn])
    chosen = chosen[:QUOTES_SHOWN]
    return sorted(chosen, key=lambda text: hashlib.sha256(text.encode()).hexdigest())


def report_data(region: Region, year: str, *, today: datetime.date | None = None) -> ReportData:
    year = reporting_year(year).label
    summaries.refresh_changed([year])
    years = years_held(year)
    summaries.refresh_changed(years)
    values = {m.code: summaries.values(m, years) for m in report_measures()}
    submitted = {y: set() for y in years}
    for council_id, y in FigureSet.objects.filter(year__in=years, empty=False).values_list(
        "council_id", "year"
    ):
        submitted[y].add(council_id)
    councils = region_councils(region, year)
    uploaded = set(
        FigureSet.objects.filter(
            year=year, council__in=councils, source=FigureSet.Source.UPLOADED, empty=False
        ).values_list("council_id", flat=True)
    )
    return ReportData(
        region=region,
        year=year,
        years=years,
        councils=councils,
        values=values,
        submitted=submitted,
        uploaded=[c for c in councils if c.pk in uploaded],
        quotes=regional_quotes(councils, year),
        today=today or datetime.date.today(),
    )
