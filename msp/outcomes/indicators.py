"""The MSP outcome indicators, defined in indicators.yaml and counted in the database.

Every indicator is a denominator (which records) and a numerator (which of them), each a condition on the
columns of its kind of record. All the indicators of one kind are counted in one grouped query per council
and quarter; a year is the sum of its quarters (each record falls in exactly one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.db import connection

from msp.core.stats import percent_exact
from msp.outcomes import sac, selectors
from msp.outcomes.layout import layout_for
from msp.outcomes.periods import Period, quarters, reporting_year

INDICATORS_PATH = Path(__file__).with_name("indicators.yaml")
LONG_HEADER = ("council_gss", "period", "indicator", "numerator", "denominator", "value")
SCOPES = ("national", "local")

# The columns a condition may name, for each kind of record. `asked` and `achieved` are the SAC's derived
# answers (msp.outcomes.sac.asked_condition), not stored columns.
FEEDBACK_QUESTIONS = (
    "listened_to",
    "treated_with_respect",
    "kept_informed",
    "feels_safer",
    "made_difference",
)
COLUMNS = {
    "concerns": ("decision", "no_enquiry_outcome", "repeat", "decided", "decided_in_time"),
    "enquiries": (
        "kind",
        "asked",
        "achieved",
        "spoken_within_24_hours",
        "capacity",
        "capacity_support",
        "risk_result",
        "risk_outcome",
        "involved_home_visit",
        "involved_meetings",
        "involved_advocate",
        "involved_phone",
        "involved_declined",
    ),
    "feedback": ("kind", "respondent", "method", *FEEDBACK_QUESTIONS),
}


class IndicatorError(ValueError):
    """indicators.yaml is malformed: each problem with its place."""


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    records: str
    denominator: sac.Condition
    numerator: sac.Condition  # already includes the denominator's condition
    scope: str
    source: str
    definition: dict  # as written in the file, for the documentation and the page


def _and(a: sac.Condition, b: sac.Condition) -> sac.Condition:
    """Both conditions (each an OR of ANDs)."""
    if not a:
        return b
    if not b:
        return a
    return tuple(x + y for x in a for y in b)


def _condition(records: str, spec: dict, where: str) -> sac.Condition:
    if not isinstance(spec, dict):
        raise IndicatorError(f"{where}: write the condition as {{column: [values]}}")
    result: sac.Condition = sac.EVERYTHING
    for column, values in spec.items():
        if column not in COLUMNS[records]:
            raise IndicatorError(
                f"{where}: '{column}' is not a column of {records};"
                f" expected one of {', '.join(COLUMNS[records])}"
            )
        negate = isinstance(values, dict)
        codes = values.get("not") if negate else values
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            raise IndicatorError(f"{where}, '{column}': give a list of quoted values, e.g. [\"yes\"]")
        if column == "asked":
            part = sac.any_of(sac.asked_condition(code) for code in codes)
        elif column == "achieved":
            part = sac.when(sac.is_in("state", codes))
        else:
            part = sac.when(sac.not_in(column, codes) if negate else sac.is_in(column, codes))
        result = _and(result, part)
    return result


def build(data: dict) -> list[Indicator]:
    """Every indicator of the file, or IndicatorError listing every problem."""
    found, problems, seen = [], [], set()
    for number, spec in enumerate((data or {}).get("indicators") or [], start=1):
        where = f"indicator {number} ({spec.get('code', '?')})"
        try:
            missing = [k for k in ("code", "name", "records", "numerator", "scope") if k not in spec]
            if missing:
                raise IndicatorError(f"{where}: missing {', '.join(missing)}")
            if spec["records"] not in COLUMNS:
                raise IndicatorError(f"{where}: records must be one of {', '.join(COLUMNS)}")
            if spec["scope"] not in SCOPES:
                raise IndicatorError(f"{where}: scope must be national or local")
            if spec["code"] in seen:
                raise IndicatorError(f"{where}: the code is used twice")
            seen.add(spec["code"])
            denominator = _condition(spec["records"], spec.get("denominator") or {}, f"{where}, denominator")
            numerator = _condition(spec["records"], spec["numerator"], f"{where}, numerator")
            found.append(
                Indicator(
                    str(spec["code"]),
                    str(spec["name"]),
                    spec["records"],
                    denominator,
                    _and(denominator, numerator),
                    spec["scope"],
                    str(spec.get("source", "")),
                    {k: spec.get(k) for k in ("denominator", "numerator")},
                )
            )
        except IndicatorError as exc:
            problems.append(str(exc))
    if problems:
        raise IndicatorError("\n".join(problems))
    return found


@cache
def all_indicators() -> tuple[Indicator, ...]:
    return tuple(build(yaml.safe_load(INDICATORS_PATH.read_text(encoding="utf-8"))))


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        return percent_exact(self.numerator, self.denominator)


@dataclass(frozen=True)
class Filters:
    """Narrow the records a council's indicators count (dashboard filters). Empty: every record."""

    area: str = ""  # the person's locality or team area
    risk_type: str = ""  # a type of risk on the concern
    location: str = ""  # the location of risk
    age_band: str = ""  # an SAC age band label, by age on 31 March at the end of the year
    respondent: str = ""  # feedback only: "person" or "representative"

    def __bool__(self) -> bool:
        return any((self.area, self.risk_type, self.location, self.age_band, self.respondent))

    def apply(self, rows, concern: str, period: Period):
        """Filter a queryset whose concern is reached by `concern` ('' for concerns themselves)."""
        from django.db.models import Exists, OuterRef

        from msp.cases.models import ConcernRiskType
        from msp.outcomes.periods import born_on_or_before

        prefix = f"{concern}__" if concern else ""
        if self.area:
            rows = rows.filter(**{f"{prefix}person__area": self.area})
        if self.location:
            rows = rows.filter(**{f"{prefix}location": self.location})
        if self.risk_type:
            pk = f"{concern}_id" if concern else "pk"
            rows = rows.filter(
                Exists(ConcernRiskType.objects.filter(concern_id=OuterRef(pk), code=self.risk_type))
            )
        if self.age_band:
            band = next(b for b in layout_for(period.label).age_bands if b.label == self.age_band)
            on = period.last_day
            dob = f"{prefix}person__date_of_birth"
            rows = rows.filter(**{f"{dob}__lte": born_on_or_before(band.min_age, on)})
            if band.max_age is not None:
                rows = rows.filter(**{f"{dob}__gt": born_on_or_before(band.max_age + 1, on)})
        return rows


def _universe(records: str, period: Period, councils, filters: Filters = Filters()):
    if records == "concerns":
        return filters.apply(selectors.indicator_concerns(period, councils=councils), "", period)
    if records == "enquiries":
        rows = selectors.indicator_enquiries(period, layout_for(period.label), councils=councils)
        return filters.apply(rows, "concern", period)
    rows = filters.apply(selectors.indicator_feedback(period, councils=councils), "enquiry__concern", period)
    return rows.filter(respondent=filters.respondent) if filters.respondent else rows


def _count(records: str, queryset, indicators: list[Indicator]) -> dict[tuple[int, str], dict[str, Figure]]:
    """{(council id, quarter): {indicator: Figure}} in one grouped query."""
    columns = {"council_ref", "quarter", *(c for c in COLUMNS[records] if c not in ("asked", "achieved"))}
    if records == "enquiries":
        columns |= {"state", "answer"}
    inner, params = queryset.order_by().values(*columns).query.sql_with_params()
    measures, measure_params = [], []
    for indicator in indicators:
        for condition in (indicator.denominator, indicator.numerator):
            if condition:
                sql, extra = sac.condition_sql(condition)
                measures.append(f"COUNT(*) FILTER (WHERE {sql})")
                measure_params.extend(extra)
            else:
                measures.append("COUNT(*)")
    sql = (
        f"SELECT council_ref, quarter, {', '.join(measures)} FROM ({inner}) universe"
        " GROUP BY council_ref, quarter"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*measure_params, *params])
        rows = cursor.fetchall()
    result = {}
    for council_id, q, *counts in rows:
        result[council_id, q] = {
            ind.code: Figure(counts[2 * n + 1], counts[2 * n]) for n, ind in enumerate(indicators)
        }
    return result


def compute(year: str, councils=None, filters: Filters = Filters()) -> dict:
    """{council: {period label: {indicator code: Figure}}} for the year and its four quarters."""
    from msp.councils.models import Council

    period = reporting_year(year)
    labels = [period.label, *(q.label for q in quarters(period))]
    chosen = all_indicators()
    found: dict[int, dict[str, dict[str, Figure]]] = {}
    for records in COLUMNS:
        mine = [i for i in chosen if i.records == records]
        for (council_id, q), figures in _count(
            records, _universe(records, period, councils, filters), mine
        ).items():
            periods = found.setdefault(council_id, {})
            periods.setdefault(labels[int(q)], {}).update(figures)
    wanted = [c.pk for c in councils] if councils is not None else list(found)
    by_id = Council.objects.in_bulk(wanted)
    results = {}
    for council_id in sorted(wanted, key=lambda pk: by_id[pk].gss_code):
        quarterly = found.get(council_id, {})
        periods = {}
        for label in labels[1:]:
            periods[label] = {i.code: quarterly.get(label, {}).get(i.code, Figure(0, 0)) for i in chosen}
        periods = {
            period.label: {
                i.code: Figure(
                    sum(periods[q][i.code].numerator for q in labels[1:]),
                    sum(periods[q][i.code].denominator for q in labels[1:]),
                )
                for i in chosen
            },
            **periods,
        }
        results[by_id[council_id]] = periods
    return results


def long_rows(results: dict) -> Iterator[tuple]:
    """council_gss, period, indicator, numerator, denominator, value (one decimal place; empty for 0/0)."""
    for council, periods in results.items():
        for label, figures in periods.items():
            for code, figure in figures.items():
                yield (
                    council.gss_code,
                    label,
                    code,
                    figure.numerator,
                    figure.denominator,
                    sac.format_value(figure.percent),
                )


def _condition_text(spec: dict) -> str:
    if not spec:
        return "all"
    parts = []
    for column, values in spec.items():
        if isinstance(values, dict):
            parts.append(f"`{column}` not " + " / ".join(f"`{v}`" if v else "blank" for v in values["not"]))
        else:
            parts.append(f"`{column}` " + " / ".join(f"`{v}`" if v else "blank" for v in values))
    return "; ".join(parts)


def indicator_reference() -> str:
    """The indicator table of docs/indicators.md, made from indicators.yaml so the two never differ."""
    lines = [
        "| Indicator | Name | Records | Denominator | Numerator | Scope | Source |",
        "|---|---|---|---|---|---|---|",
    ]
    for i in all_indicators():
        lines.append(
            f"| `{i.code}` | {i.name} | {i.records} | {_condition_text(i.definition['denominator'] or {})}"
            f" | {_condition_text(i.definition['numerator'])} | {i.scope} | {i.source} |"
        )
    return "\n".join(lines) + "\n"
