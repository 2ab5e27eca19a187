"""The figures endpoints (/api/figures/): who may ask, for which council, year and measure; each call
audited. The figures themselves come from msp.api.figures."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from msp.api import figures, schemas
from msp.api.auth import OrganisationToken, SignedIn, record, viewer
from msp.core.disclosure import exact_for
from msp.councils.models import Region
from msp.outcomes import access
from msp.outcomes.measures import all_measures, measure
from msp.outcomes.periods import PeriodError, reporting_year, year_of

router = Router(auth=[OrganisationToken(), SignedIn()], tags=["figures"])

REFUSALS = {401: schemas.Error, 403: schemas.Error, 404: schemas.Error, 429: schemas.Error}
ASKED = {400: schemas.Error, **REFUSALS}
YEAR_HELP = (
    "Reporting year, e.g. 2023-24; default: the last complete one. Trends cover up to five years to it."
)


def _refuse(request, status: int, message: str, what: str) -> HttpError:
    record(request, action="refused", object_type="outcomes.Figures", summary=f"Refused: {what}")
    return HttpError(status, message)


def _viewer(request, what: str):
    """The caller as figures see them; 403 for a signed-in user with no councils' figures to see."""
    shown_to = viewer(request)
    if not access.sees_figures(shown_to):
        raise _refuse(request, 403, "forbidden: you see no councils' figures", what)
    return shown_to


def _year(text: str | None) -> str:
    wanted = text or year_of(timezone.now() - datetime.timedelta(days=366))
    try:
        return reporting_year(wanted).label
    except PeriodError as exc:
        raise HttpError(400, str(exc)) from None


def _measure(code: str):
    try:
        return measure(code)
    except KeyError:
        raise HttpError(404, f"'{code}' is not a measure; see /api/figures/measures/") from None


def _council(request, shown_to, gss_code: str, what: str):
    """A council the caller may see; any other (or none) is a 404 that reveals nothing."""
    council = (
        access.visible_councils(shown_to).filter(gss_code=gss_code.upper()).select_related("region").first()
    )
    if council is None:
        raise _refuse(request, 404, "not found: no such council among those you can see", what)
    return council


@router.get("/measures/", response={200: list[schemas.MeasureOut], **REFUSALS}, summary="Measures")
def measures(request):
    """Every measure that can be asked for: the MSP outcome indicators and the return's headline figures."""
    _viewer(request, "measures")
    record(request, object_type="outcomes.Figures", summary="API: measures")
    found = sorted(all_measures().values(), key=lambda m: (m.group == "", m.group, m.name))
    return [figures.measure_out(m) for m in found]


@router.get("/councils/", response={200: list[schemas.CouncilOut], **REFUSALS}, summary="Councils you see")
def councils(request):
    """The councils whose figures the caller sees, and whether each is shown exact."""
    shown_to = _viewer(request, "councils")
    record(request, object_type="outcomes.Figures", summary="API: councils")
    return [
        figures.council_out(c, shown_to)
        for c in access.visible_councils(shown_to).select_related("region").order_by("name")
    ]


@router.get(
    "/councils/{gss_code}/indicators/",
    response={200: schemas.CouncilIndicators, **ASKED},
    summary="Indicators",
)
def council_indicators(request, gss_code: str, year: str | None = Query(None, description=YEAR_HELP)):
    """The council's outcome indicators by year (up to five years) and by quarter of the year, and the
    return's headline figures: the dashboard's figures."""
    shown_to = _viewer(request, f"indicators of {gss_code}")
    year = _year(year)
    council = _council(request, shown_to, gss_code, f"indicators of {gss_code}")
    result = figures.council_indicators(shown_to, council, year)
    record(
        request,
        object_type="outcomes.Dashboard",
        object_id=year,
        council=council,
        summary=f"API: outcome indicators {year}",
    )
    return result


@router.get("/councils/{gss_code}/return/", response={200: schemas.CouncilReturn, **ASKED}, summary="Return")
def council_return(request, gss_code: str, year: str | None = Query(None, description=YEAR_HELP)):
    """Every cell of the council's Safeguarding Adults Collection return, exact, for the council's own staff
    and token only. Its tables count the same people and enquiries several ways, so they are not published
    cell by cell to anyone else: others read the return's headline figures with the indicators, published."""
    what = f"return of {gss_code}"
    shown_to = _viewer(request, what)
    year = _year(year)
    council = _council(request, shown_to, gss_code, what)
    if not exact_for(shown_to, council.pk):
        raise _refuse(
            request,
            403,
            "forbidden: a council's full return is for its own staff; its headline figures are published"
            f" at /api/figures/councils/{council.gss_code}/indicators/",
            what,
        )
    result = figures.council_return(shown_to, council, year)
    record(
        request,
        object_type="outcomes.SacReturn",
        object_id=year,
        council=council,
        summary=f"API: SAC return {year}",
    )
    return result


@router.get(
    "/councils/{gss_code}/benchmark/{measure_code}/",
    response={200: schemas.Benchmark, **ASKED},
    summary="Benchmark",
)
def council_benchmark(
    request, gss_code: str, measure_code: str, year: str | None = Query(None, description=YEAR_HELP)
):
    """The measure for the council beside each comparator council, its comparator group, region, council
    type and England over the years, with rank and quartile band among every council."""
    what = f"benchmark of {gss_code}"
    shown_to = _viewer(request, what)
    year, m = _year(year), _measure(measure_code)
    council = _council(request, shown_to, gss_code, what)
    result = figures.council_benchmark(shown_to, m, council, year)
    record(
        request,
        object_type="outcomes.Benchmark",
        object_id=m.code,
        council=council,
        summary=f"API: benchmark {m.code} {year}",
    )
    return result


@router.get("/rollups/{measure_code}/", response={200: schemas.Rollups, **ASKED}, summary="Roll-ups")
def rollups(
    request,
    measure_code: str,
    year: str | None = Query(None, description=YEAR_HELP),
    kind: str = Query("", description="england, region, council_type or board; empty: all."),
    code: str = Query("", description="A region's GSS code, a council type or a board's id."),
):
    """The measure pooled for England, each region, council type and board over the years (always published).
    `kind` (england, region, council_type, board) and `code` (a region's GSS code, a council type, a board's
    id) narrow it to one kind or one group."""
    shown_to = _viewer(request, f"roll-ups of {measure_code}")
    year, m = _year(year), _measure(measure_code)
    if kind and kind not in figures.ROLLUP_KINDS:
        raise HttpError(400, f"kind must be one of: {', '.join(figures.ROLLUP_KINDS)}")
    result = figures.rollups(shown_to, m, year, kind=kind, code=code)
    if (kind or code) and not result["groups"]:
        raise HttpError(404, "not found: no such group")
    record(
        request,
        object_type="outcomes.Benchmark",
        object_id=m.code,
        summary=f"API: roll-ups of {m.code} {year}{f' {kind}' if kind else ''}{f' {code}' if code else ''}",
    )
    return result


@router.get(
    "/ranked/{measure_code}/", response={200: schemas.RankedTable, **ASKED}, summary="Councils ranked"
)
def ranked(
    request,
    measure_code: str,
    year: str | None = Query(None, description=YEAR_HELP),
    region: str = Query("", description="A region's GSS code: its councils only."),
):
    """Every council with a figure for the year (or the region's, by GSS code), highest first, with rank and
    quartile band, and all of them pooled: the councils ranked page."""
    shown_to = _viewer(request, f"councils ranked by {measure_code}")
    year, m = _year(year), _measure(measure_code)
    found_region = None
    if region:
        found_region = Region.objects.filter(gss_code=region.upper()).first()
        if found_region is None:
            raise HttpError(404, "not found: no such region")
    result = figures.ranked_table(shown_to, m, year, found_region)
    record(
        request,
        object_type="outcomes.Benchmark",
        object_id=m.code,
        summary=f"API: councils ranked by {m.code} {year}{f' in {found_region}' if found_region else ''}",
    )
    return result
