"""Benchmarks: a measure for a council beside its comparators, region, council type and England over the
years; and every council ranked for one year, by region, with the distribution and by temperature-check
rating. Every figure here is published (msp.core.disclosure) unless it is the viewer's own council."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from msp.accounts.audit import audit
from msp.core import disclosure
from msp.core.downloads import csv_response
from msp.councils.models import Council, Region
from msp.outcomes import access, charts, summaries
from msp.outcomes.benchmark import benchmark, league
from msp.outcomes.dashboard import years_up_to
from msp.outcomes.measures import all_measures, measure, pool
from msp.outcomes.views._common import chosen_year

DEFAULT_MEASURE = "asked_and_expressed"


def _measure(request):
    try:
        return measure(request.GET.get("measure") or DEFAULT_MEASURE)
    except KeyError as exc:
        raise Http404(str(exc)) from None


def _shown(user, m, value, council_id=None):
    exact = council_id is not None and disclosure.exact_for(user, council_id)
    if m.percent:
        return disclosure.publish_percent(value.numerator, value.denominator, exact=exact)
    return disclosure.publish(value.numerator, exact=exact)


@require_safe
@access.figures_required
def benchmark_page(request):
    m, year = _measure(request), chosen_year(request)
    visible = access.visible_councils(request.user)
    wanted = request.GET.get("council") or getattr(request.user.council, "gss_code", None)
    council = visible.filter(gss_code=wanted).first() if wanted else visible.order_by("name").first()
    if council is None:
        raise Http404("No such council among those you can see.")
    years = years_up_to(year)
    summaries.refresh_changed(years)
    lines, ranked_counts = benchmark(m, council, years)
    rows = []
    for line in lines:
        own = line.council.pk if line.council is not None else None
        rows.append(
            {
                "label": line.label,
                "kind": line.kind,
                "figures": [_shown(request.user, m, line.by_year[y], own) for y in years],
                "ranks": [line.ranks.get(y) for y in years],
                "councils": [line.by_year[y].councils for y in years],
            }
        )
    download = request.GET.get("format") == "csv"
    audit(
        user=request.user,
        action="export" if download else "view",
        object_type="outcomes.Benchmark",
        object_id=m.code,
        council=council,
        summary=f"Benchmark {m.code} {year}",
    )
    if download:
        return csv_response(
            f"benchmark-{m.code}-{council.gss_code}-{year}.csv",
            ["council or group", *years, *(f"rank {y}" for y in years)],
            [
                [
                    row["label"],
                    *(f.export_value for f in row["figures"]),
                    *(r[0] if r else "" for r in row["ranks"]),
                ]
                for row in rows
            ],
        )
    return render(
        request,
        "outcomes/benchmark.html",
        {
            "page_title": f"Benchmark: {m.name}",
            "measure": m,
            "measures": sorted(all_measures().values(), key=lambda x: x.name),
            "council": council,
            "councils": visible.order_by("name"),
            "year": year,
            "years": years,
            "rows": rows,
            "ranked_counts": [ranked_counts[y] for y in years],
        },
    )


@require_safe
@access.figures_required
def league_page(request):
    m, year = _measure(request), chosen_year(request)
    region = None
    if request.GET.get("region"):
        region = Region.objects.filter(gss_code=request.GET["region"]).first()
        if region is None:
            raise Http404("No such region.")
    summaries.refresh_changed([year])
    councils = Council.objects.filter(region=region) if region else None
    table = league(m, year, councils)
    can_open = set(access.visible_councils(request.user).values_list("pk", flat=True))
    rows = [
        {
            "council": c,
            "figure": _shown(request.user, m, v, c.pk),
            "rank": r,
            "region": c.region.name,
            "linked": c.pk in can_open,  # a benchmark only of a council the viewer may open
        }
        for c, v, r in table
    ]
    shown_values = [
        (r["council"].name, r["figure"].value)
        for r in rows
        if r["figure"].percent and r["figure"].value is not None
    ]
    pooled = _shown(request.user, m, pool(v for _, v, _ in table))
    download = request.GET.get("format") == "csv"
    audit(
        user=request.user,
        action="export" if download else "view",
        object_type="outcomes.Benchmark",
        object_id=m.code,
        summary=f"Councils ranked by {m.code} {year}{f' in {region}' if region else ''}",
    )
    if download:
        return csv_response(
            f"councils-{m.code}-{year}.csv",
            ["rank", "council_gss", "council", "region", m.code, "quartile_band"],
            [
                [
                    r["rank"][0] if r["rank"] else "",
                    r["council"].gss_code,
                    r["council"].name,
                    r["region"],
                    r["figure"].export_value,
                    r["rank"][1] if r["rank"] else "",
                ]
                for r in rows
            ],
        )
    return render(
        request,
        "outcomes/league.html",
        {
            "page_title": f"{m.name}, {year}",
            "measure": m,
            "measures": sorted(all_measures().values(), key=lambda x: x.name),
            "year": year,
            "region": region,
            "regions": Region.objects.order_by("name"),
            "rows": rows,
            "pooled": pooled,
            "distribution": charts.strip_chart(f"{m.name}: every council, {year}", shown_values)
            if shown_values
            else "",
            "by_rating": _by_rating(request.user, m, table),
        },
    )


def _by_rating(user, m, table) -> list[tuple[str, object, int]]:
    """The measure pooled by each council's latest temperature-check rating (interviewer's), A to F."""
    from msp.tempcheck.models import Answer

    latest: dict[int, tuple[str, str]] = {}
    answers = Answer.objects.filter(
        question__code="achievement.interviewer", interview__status="submitted"
    ).values_list("interview__council_id", "interview__wave__code", "choice")
    for council_id, wave, choice in answers:
        if choice and (council_id not in latest or wave > latest[council_id][0]):
            latest[council_id] = (wave, choice)
    groups: dict[str, list] = {}
    for council, value, _ in table:
        if council.pk in latest:
            groups.setdefault(latest[council.pk][1], []).append(value)
    return [(rating, _shown(user, m, pool(values)), len(values)) for rating, values in sorted(groups.items())]
