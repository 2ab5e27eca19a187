"""A council's outcome dashboard: its indicators over the years and the quarters of a year, the return's
headline figures, the person's voice (comments they agreed may be quoted) and its temperature check, each
figure shown exact to the council's own staff and published (msp.core.disclosure) to everyone else."""

from __future__ import annotations

from dataclasses import dataclass, field

from msp.cases.models import Feedback
from msp.core import disclosure
from msp.outcomes import charts, indicators, summaries
from msp.outcomes.measures import RETURN_MEASURES, Value, value_of
from msp.outcomes.periods import quarters, reporting_year, years_between

YEARS_SHOWN = 5
GROUPS = (
    ("enquiries", "Enquiries: asked, involved, outcomes achieved"),
    ("feedback", "What people said at the end"),
    ("concerns", "Concerns: what happened to them"),
)
CHARTED = (
    ("asked_and_expressed", "outcomes_fully_achieved", "outcomes_partially_achieved"),
    ("feels_safer_person_at_closure", "listened_to_person_at_closure", "feels_safer_person_independent"),
)
QUOTES_SHOWN = 8
NO_FILTERS = indicators.Filters()


def years_up_to(year: str, count: int = YEARS_SHOWN) -> list[str]:
    first = int(reporting_year(year).label[:4])
    return years_between(max(2016, first - count + 1), first)


@dataclass
class Line:
    code: str
    name: str
    figures: list[disclosure.Published]
    parts: list[Value] = field(default_factory=list)


@dataclass
class Dashboard:
    council: object
    year: str
    years: list[str]
    quarters: list[str]
    exact: bool
    filtered: bool
    headline: list[Line]
    groups: list[tuple[str, list[Line], list[Line]]]  # title, by year, by quarter
    charts: list[dict]
    quotes: list[str]
    tempcheck: dict | None


def shown(value: Value, *, percent: bool, exact: bool) -> disclosure.Published:
    if not percent:
        return disclosure.publish(value.numerator, exact=exact)
    return disclosure.publish_percent(value.numerator, value.denominator, exact=exact)


def _indicator_values(council, years, filters) -> dict:
    """{(code, period): Value} from the summary tables, or computed live when filtered."""
    if filters:
        found = {}
        for year in years:
            for period, by_code in indicators.compute(year, [council], filters)[council].items():
                for code, figure in by_code.items():
                    found[code, period] = Value(figure.numerator, figure.denominator)
        return found
    summaries.refresh_changed(years, [council])
    periods = [*years, *(q.label for q in quarters(reporting_year(years[-1])))]
    return summaries.council_indicators(council, periods)


def council_dashboard(user, council, year: str, filters: indicators.Filters = NO_FILTERS) -> Dashboard:
    years = years_up_to(year)
    quarter_labels = [q.label for q in quarters(reporting_year(year))]
    exact = disclosure.exact_for(user, council.pk)
    values = _indicator_values(council, years, filters)
    groups = []
    for records, title in GROUPS:
        by_year, by_quarter = [], []
        for ind in indicators.all_indicators():
            if ind.records != records:
                continue
            row = [values.get((ind.code, y), Value(None, None, 0)) for y in years]
            by_year.append(Line(ind.code, ind.name, [shown(v, percent=True, exact=exact) for v in row], row))
            q = [values.get((ind.code, label), Value(None, None, 0)) for label in quarter_labels]
            by_quarter.append(Line(ind.code, ind.name, [shown(v, percent=True, exact=exact) for v in q], q))
        groups.append((title, by_year, by_quarter))
    lines = {line.code: line for _, by_year, _ in groups for line in by_year}
    drawn = []
    for codes in CHARTED:
        series = [(lines[c].name, [f.value for f in lines[c].figures]) for c in codes if c in lines]
        title = "; ".join(name for name, _ in series)
        drawn.append(
            {"svg": charts.line_chart(title, years, series), "legend": charts.legend([n for n, _ in series])}
        )
    headline = []
    if not filters:
        cells = summaries.council_cells(council, year)
        for m in RETURN_MEASURES:
            v = value_of(m, cells=cells, indicator=None)
            headline.append(Line(m.code, m.name, [shown(v, percent=m.percent, exact=exact)], [v]))
    return Dashboard(
        council=council,
        year=year,
        years=years,
        quarters=quarter_labels,
        exact=exact,
        filtered=bool(filters),
        headline=headline,
        groups=groups,
        charts=drawn,
        quotes=quotes(council, year, filters),
        tempcheck=temperature_check(council),
    )


def quotes(council, year: str, filters: indicators.Filters = NO_FILTERS) -> list[str]:
    """Comments the person or their representative agreed may be quoted, from enquiries concluded in the
    year: the words only, never a name, a date or a reference."""
    period = reporting_year(year)
    rows = Feedback.objects.filter(
        council=council,
        quote_consent=True,
        enquiry__closed_at__gte=period.start,
        enquiry__closed_at__lt=period.end,
    ).exclude(comments="")
    rows = filters.apply(rows, "enquiry__concern", period)
    if filters.respondent:
        rows = rows.filter(respondent=filters.respondent)
    return list(rows.order_by("-answered_on", "-pk").values_list("comments", flat=True)[:QUOTES_SHOWN])


def temperature_check(council) -> dict | None:
    """The council's latest submitted interview: the interviewer's rating, its road-map step and the themes
    coded in its open answers."""
    from msp.coding.models import Coding
    from msp.tempcheck.models import Answer, Interview

    interview = (
        Interview.objects.filter(council=council, status=Interview.Status.SUBMITTED)
        .select_related("wave")
        .order_by("-wave__code", "-interview_date")
        .first()
    )
    if interview is None:
        return None
    answers = {
        a.question.code: a.question.option_label(a.choice)
        for a in Answer.objects.filter(
            interview=interview, question__code__in=["achievement.interviewer", "road_map_step"]
        ).select_related("question")
        if a.choice
    }
    themes = sorted(
        set(Coding.objects.filter(answer__interview=interview).values_list("theme__name", flat=True))
    )
    return {
        "wave": interview.wave,
        "rating": answers.get("achievement.interviewer", ""),
        "road_map": answers.get("road_map_step", ""),
        "themes": themes,
    }
