"""What the figures API answers, built by the functions the outcome pages use (msp.outcomes.summaries,
benchmark, measures, dashboard) and shown through msp.core.disclosure: exact only for the council's own
staff or token (`exact_for`), published for everyone else, and any figure about several councils published.
Plain dictionaries of figures; never a person-level record."""

from __future__ import annotations

from msp.core import disclosure
from msp.councils.models import Council, CouncilType, Region, SafeguardingAdultsBoard
from msp.outcomes import indicators, summaries
from msp.outcomes.benchmark import benchmark, league
from msp.outcomes.dashboard import shown, years_up_to
from msp.outcomes.layout import display, layout_for
from msp.outcomes.measures import NOT_SUBMITTED, RETURN_MEASURES, Measure, pool, value_of
from msp.outcomes.periods import quarters, reporting_year

# The return's derived percentages, each the return measure that counts it the same way (msp.outcomes.sac).
DERIVED_MEASURES = {
    "conversion_rate": "sac_conversion_rate",
    "pct_risk_reduced_or_removed": "sac_risk_reduced_or_removed",
    "pct_asked_and_expressed": "sac_asked_and_expressed",
    "pct_expressed_fully_or_partially_achieved": "sac_fully_or_partially_achieved",
    "pct_lacking_capacity_supported": "sac_lacking_capacity_supported",
}
ROLLUP_KINDS = ("england", "region", "council_type", "board")


def council_out(council: Council, viewer) -> dict:
    return {
        "gss_code": council.gss_code,
        "name": council.name,
        "short_name": council.short_name,
        "council_type": council.council_type,
        "region": {"gss_code": council.region.gss_code, "name": council.region.name},
        "exact": disclosure.exact_for(viewer, council.pk),
    }


def measure_out(m: Measure) -> dict:
    return {"code": m.code, "name": m.name, "percent": m.percent, "group": m.group or "return"}


def _figure(m: Measure, value, viewer, council_id: int | None = None) -> dict:
    """A council's figure (exact for its own staff) or, with no council, a pooled one (always published)."""
    exact = council_id is not None and disclosure.exact_for(viewer, council_id)
    return shown(value, percent=m.percent, exact=exact).as_dict()


def _rank(ranks: dict, key) -> dict | None:
    found = ranks.get(key)
    return {"rank": found[0], "band": found[1]} if found else None


def council_indicators(viewer, council: Council, year: str) -> dict:
    """The dashboard's figures: every indicator over the years to `year` and by quarter of `year`, and the
    return's headline figures for `year` (msp.outcomes.dashboard.council_dashboard, without filters)."""
    years = years_up_to(year)
    quarter_labels = [q.label for q in quarters(reporting_year(year))]
    exact = disclosure.exact_for(viewer, council.pk)
    summaries.refresh_changed(years, [council])
    values = summaries.council_indicators(council, [*years, *quarter_labels])

    def series(code, periods):
        return [
            {
                "period": p,
                "figure": shown(values.get((code, p), NOT_SUBMITTED), percent=True, exact=exact).as_dict(),
            }
            for p in periods
        ]

    cells = summaries.council_cells(council, year)
    return {
        "council": council_out(council, viewer),
        "year": year,
        "years": years,
        "quarters": quarter_labels,
        "exact": exact,
        "indicators": [
            {
                "code": ind.code,
                "name": ind.name,
                "group": ind.records,
                "by_year": series(ind.code, years),
                "by_quarter": series(ind.code, quarter_labels),
            }
            for ind in indicators.all_indicators()
        ],
        "headline": [
            {
                "code": m.code,
                "name": m.name,
                "figure": shown(
                    value_of(m, cells=cells, indicator=None), percent=m.percent, exact=exact
                ).as_dict(),
            }
            for m in RETURN_MEASURES
        ],
    }


def council_return(viewer, council: Council, year: str) -> dict:
    """Every counted cell of the council's return for the year and its derived percentages, exact: for the
    council's own staff and token only (the caller checks `exact_for`). From the summary tables, which hold
    the return computed from the records (as the return page computes it) or the one the council uploaded;
    a council with neither has every cell [x]."""
    exact = disclosure.exact_for(viewer, council.pk)
    summaries.refresh_changed([year], [council])
    cells = summaries.council_cells(council, year)
    counted = [cell for cell in layout_for(year).cells() if cell[0] != "DERIVED"]
    measures = {m.code: m for m in RETURN_MEASURES}
    return {
        "council": council_out(council, viewer),
        "year": year,
        "exact": exact,
        "cells": [
            {
                "table": table,
                "row": row,
                "column": column,
                "label": f"{display(row, context=table)}, {display(column, context=table)}",
                "figure": disclosure.publish(
                    None if cells is None else cells.get((table, row, column)), exact=exact
                ).as_dict(),
            }
            for table, row, column in counted
        ],
        "derived": [
            {
                "row": row,
                "measure": code,
                "figure": shown(
                    value_of(measures[code], cells=cells, indicator=None), percent=True, exact=exact
                ).as_dict(),
            }
            for row, code in DERIVED_MEASURES.items()
        ],
    }


def council_benchmark(viewer, m: Measure, council: Council, year: str) -> dict:
    """The benchmark page's lines: the council, each comparator, its comparator group, region, council type
    and England over the years to `year`, with ranks among every council."""
    years = years_up_to(year)
    summaries.refresh_changed(years)
    lines, ranked_counts = benchmark(m, council, years)
    return {
        "measure": measure_out(m),
        "council": council_out(council, viewer),
        "year": year,
        "years": years,
        "lines": [
            {
                "label": line.label,
                "kind": line.kind,
                "council": council_out(line.council, viewer) if line.council is not None else None,
                "figures": [
                    {
                        "year": y,
                        "figure": _figure(
                            m, line.by_year[y], viewer, line.council.pk if line.council else None
                        ),
                        "councils": line.by_year[y].councils,
                        "rank": _rank(line.ranks, y),
                    }
                    for y in years
                ],
            }
            for line in lines
        ],
        "ranked": [{"year": y, "councils": ranked_counts[y]} for y in years],
    }


def ranked_table(viewer, m: Measure, year: str, region: Region | None = None) -> dict:
    """The councils ranked page: every council with a figure for the year (or the region's), highest first,
    and all of them pooled."""
    summaries.refresh_changed([year])
    table = league(m, year, Council.objects.filter(region=region) if region else None)
    return {
        "measure": measure_out(m),
        "year": year,
        "region": {"gss_code": region.gss_code, "name": region.name} if region else None,
        "councils": [
            {
                "council": council_out(council, viewer),
                "figure": _figure(m, value, viewer, council.pk),
                "rank": {"rank": rank[0], "band": rank[1]} if rank else None,
            }
            for council, value, rank in table
        ],
        "pooled": _figure(m, pool(value for _, value, _ in table), viewer),
    }


def _groups(kind: str, code: str, councils: dict[int, Council]) -> list[tuple[str, str, str, list[Council]]]:
    """(kind, code, name, member councils with figures) of the roll-ups asked for; [] if there is no such
    group. Councils come from the summary tables, as the benchmark's groups do."""
    found = []
    if kind in ("", "england") and not code:
        found.append(("england", "", "England", list(councils.values())))
    if kind in ("", "region"):
        for region in Region.objects.order_by("name").filter(**({"gss_code": code} if code else {})):
            members = [c for c in councils.values() if c.region_id == region.pk]
            found.append(("region", region.gss_code, region.name, members))
    if kind in ("", "council_type"):
        for value, label in CouncilType.choices:
            if not code or code == value:
                members = [c for c in councils.values() if c.council_type == value]
                found.append(("council_type", value, label, members))
    if kind in ("", "board"):
        boards = SafeguardingAdultsBoard.objects.order_by("name").prefetch_related("councils")
        if code:
            boards = boards.filter(pk=int(code)) if code.isdigit() else boards.none()
        for board in boards:
            members = [councils[c.pk] for c in board.councils.all() if c.pk in councils]
            found.append(("board", str(board.pk), board.name, members))
    return found


def rollups(viewer, m: Measure, year: str, *, kind: str = "", code: str = "") -> dict:
    """The measure pooled for England, each region, council type and board (or the one asked for) over the
    years to `year`: numerators and denominators added over the councils that submitted, never averaged,
    and always published (a figure about several councils)."""
    years = years_up_to(year)
    summaries.refresh_changed(years)
    everyone = summaries.values(m, years)
    councils = {c.pk: c for c in Council.objects.filter(pk__in={k[0] for k in everyone})}
    groups = []
    for group_kind, group_code, name, members in _groups(kind, code, councils):
        figures = []
        for y in years:
            pooled = pool(everyone.get((c.pk, y), NOT_SUBMITTED) for c in members)
            figures.append({"year": y, "figure": _figure(m, pooled, viewer), "councils": pooled.councils})
        groups.append({"kind": group_kind, "code": group_code, "name": name, "figures": figures})
    return {"measure": measure_out(m), "year": year, "years": years, "groups": groups}
