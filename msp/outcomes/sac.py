"""The Safeguarding Adults Collection (SAC) return computed from the case records: the 148 cells.

Each cell is a *rule*: which universe of records (msp.outcomes.selectors), which condition on its columns, and
whether it counts records or distinct people. One aggregate query per universe counts every cell of every
council at once (conditional counts over the universe as a subquery), on SQLite and PostgreSQL alike. The
same rules give the records behind a cell (`cell_records`), so a figure and its drill-down cannot disagree.
Counting rules: docs/sac.md, which follows the national definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet

from msp.cases.choices import Decision
from msp.cases.models import Concern, Enquiry, Person
from msp.cases.rules import ASKED_ANSWERS, ASKED_EXPRESSED
from msp.core.stats import percent_exact, round_half_up_to
from msp.outcomes import selectors
from msp.outcomes.layout import DERIVED_ROWS, TOTAL, Layout, layout_for
from msp.outcomes.periods import Period, reporting_year

Cell = tuple[str, str, str]  # (table, row, column)
Atom = tuple[str, tuple[str, ...], bool]  # column IN codes (or NOT IN when True)
Condition = tuple[tuple[Atom, ...], ...]  # OR of ANDs; () counts every record of the universe
EVERYTHING: Condition = ()
LONG_HEADER = ("council_gss", "year", "table", "row", "column", "value")


@dataclass(frozen=True)
class Universe:
    select: object  # (period, layout, *, councils) -> queryset with the columns below annotated
    columns: tuple[str, ...]
    record: str  # the column that identifies a counted record
    kind: str  # what a record is: "concerns" or "enquiries"
    per_person: bool = False  # every column but the record's is the person's: count people without DISTINCT


UNIVERSES = {
    "concerns": Universe(
        selectors.concerns_received,
        ("council_ref", "person_ref", "band", "sex"),
        "id",
        "concerns",
        per_person=True,
    ),
    "started": Universe(
        selectors.enquiries_started,
        ("council_ref", "person_ref", "band", "sex", "kind"),
        "id",
        "enquiries",
        per_person=True,
    ),
    "concluded": Universe(
        selectors.enquiries_concluded,
        ("council_ref", "place", "source", "result", "risk", "lacked", "support"),
        "id",
        "enquiries",
    ),
    "asked": Universe(selectors.enquiries_asked, ("council_ref", "answer", "state"), "id", "enquiries"),
    "types": Universe(
        selectors.concluded_risk_types,
        ("council_ref", "enquiry_ref", "type_code", "source"),
        "enquiry_ref",
        "enquiries",
    ),
}


@dataclass(frozen=True)
class CellRule:
    universe: str
    condition: Condition = EVERYTHING
    people: bool = False  # count distinct people (individuals), not records (cases)
    distinct: bool = False  # a record may match on several rows of the universe (SG2a: several types)


def when(*atoms: Atom) -> Condition:
    return (tuple(atoms),)


def is_in(column: str, codes: Iterable[str]) -> Atom:
    return (column, tuple(codes), False)


def not_in(column: str, codes: Iterable[str]) -> Atom:
    return (column, tuple(codes), True)


def _all_codes(layout: Layout, dimension: str) -> list[str]:
    return [code for row in layout.rows(dimension) for code in row.codes]


def asked_condition(code: str) -> Condition:
    """Enquiries whose derived 'asked about desired outcomes' answer is `code`, as
    msp.cases.rules.asked_about_outcomes decides it."""
    if code == ASKED_EXPRESSED:
        return when(is_in("state", selectors.EXPRESSED_STATES))
    answers = [answer for answer, sac in ASKED_ANSWERS.items() if sac == code]
    not_expressed = is_in("state", [""])
    if answers:
        return when(not_expressed, is_in("answer", answers))
    return when(not_expressed, not_in("answer", list(ASKED_ANSWERS)))  # not recorded: anything else


def _sg1(layout: Layout) -> dict[Cell, CellRule]:
    rules = {}
    columns = {
        "concerns_individuals": ("concerns", ()),
        "s42_individuals": ("started", (is_in("kind", ["s42"]),)),
    }
    for column, (universe, base) in columns.items():
        for band in layout.age_bands:
            rules["SG1a", band.label, column] = CellRule(
                universe, when(*base, is_in("band", [band.label])), True
            )
        rules["SG1a", TOTAL, column] = CellRule(universe, when(*base), True)
        for row in layout.rows("gender"):
            rules["SG1b", row.label, column] = CellRule(universe, when(*base, is_in("sex", row.codes)), True)
        rules["SG1b", TOTAL, column] = CellRule(universe, when(*base), True)
    for row, universe, base in (
        ("concerns", "concerns", ()),
        ("s42_enquiries", "started", (is_in("kind", [Decision.S42]),)),
        ("other_enquiries", "started", (is_in("kind", [Decision.OTHER]),)),
    ):
        rules["SG1f", row, "cases"] = CellRule(universe, when(*base))
        rules["SG1f", row, "individuals"] = CellRule(universe, when(*base), True)
    return rules


def _by_source(layout, table, universe, dimension, column) -> dict[Cell, CellRule]:
    """SG2a and SG2b: a category down, the source of risk across. The Total row is every record with any
    category of the table (SG2a: at least one type); the Total column is any source, or none recorded."""
    rules = {}
    rows = [(row.label, row.codes) for row in layout.rows(dimension)]
    rows.append((TOTAL, _all_codes(layout, dimension)))
    sources = [(row.label, (is_in("source", row.codes),)) for row in layout.rows("risk_source")]
    sources.append((TOTAL, ()))
    for label, codes in rows:
        for source, atoms in sources:
            # A type is stored once per concern: only a row of several types can meet one enquiry twice.
            repeats = universe == "types" and len(codes) > 1
            rules[table, label, source] = CellRule(
                universe, when(is_in(column, codes), *atoms), distinct=repeats
            )
    return rules


def _one_column(layout, table, dimension, column, values, *, total=None) -> dict[Cell, CellRule]:
    rules = {
        (table, row.label, values): CellRule("concluded", when(is_in(column, row.codes)))
        for row in layout.rows(dimension)
    }
    rules[table, TOTAL, values] = CellRule(
        "concluded", total if total is not None else when(is_in(column, _all_codes(layout, dimension)))
    )
    return rules


def cell_rules(layout: Layout) -> dict[Cell, CellRule]:
    """Every counted cell of the return (the derived percentages are worked out from these)."""
    rules = _sg1(layout)
    rules |= _by_source(layout, "SG2a", "types", "risk_type", "type_code")
    rules |= _by_source(layout, "SG2b", "concluded", "risk_location", "place")
    rules |= _one_column(layout, "SG2c", "risk_result", "result", "enquiries")
    rules |= _one_column(layout, "SG2e", "risk_outcome", "risk", "enquiries")
    rules |= _one_column(layout, "SG3a", "mental_capacity", "lacked", "enquiries", total=EVERYTHING)
    lacked = layout.rows("mental_capacity")[0]
    for row in layout.rows("capacity_support"):
        rules["SG3a", lacked.label, row.label] = CellRule(
            "concluded", when(is_in("lacked", lacked.codes), is_in("support", row.codes))
        )
    for row in layout.rows("asked_outcomes"):
        rules["SG4a", row.label, "enquiries"] = CellRule(
            "asked", any_of(asked_condition(c) for c in row.codes)
        )
    rules["SG4a", TOTAL, "enquiries"] = CellRule("asked")
    for row in layout.rows("outcome_achievement"):
        rules["SG4a", row.label, "achieved"] = CellRule("asked", when(is_in("state", row.codes)))
    rules["SG4a", TOTAL, "achieved"] = CellRule("asked", asked_condition(ASKED_EXPRESSED))
    return rules


def any_of(conditions: Iterable[Condition]) -> Condition:
    """Any of the conditions (each an OR of ANDs)."""
    return tuple(conj for condition in conditions for conj in condition)


# --- Counting in the database -------------------------------------------------------------------------------


def condition_sql(condition: Condition) -> tuple[str, list[str]]:
    """SQL for a condition on the universe's columns, with its parameters."""
    params: list[str] = []
    ors = []
    for conj in condition:
        ands = []
        for column, codes, negate in conj:
            ands.append(f"{column} {'NOT IN' if negate else 'IN'} ({', '.join(['%s'] * len(codes))})")
            params.extend(codes)
        ors.append("(" + " AND ".join(ands or ["1 = 1"]) + ")")
    return " OR ".join(ors), params


def condition_q(condition: Condition) -> Q:
    """The same condition as a filter on the universe's queryset (for the records behind a cell)."""
    result = Q()
    for n, conj in enumerate(condition):
        part = Q()
        for column, codes, negate in conj:
            atom = Q(**{f"{column}__in": list(codes)})
            part &= ~atom if negate else atom
        result = part if n == 0 else result | part
    return result


def count_cells(
    universe_name: str, queryset: QuerySet, rules: dict[Cell, CellRule]
) -> dict[int, dict[Cell, int]]:
    """{council id: {cell: count}} for the rules of one universe, in one grouped query.

    Where every column is the person's (SG1), the records are first grouped by person with their number, so
    individuals are counted as rows and cases as the sum of the numbers: no COUNT(DISTINCT), which the
    database would sort once per cell."""
    universe = UNIVERSES[universe_name]
    inner, params = queryset.order_by().values(*{*universe.columns, universe.record}).query.sql_with_params()
    source = f"({inner}) universe"
    if universe.per_person:
        keys = ", ".join(universe.columns)
        source = f"(SELECT {keys}, COUNT(*) AS n FROM {source} GROUP BY {keys}) people"
    measures, measure_params = [], []
    for rule in rules.values():
        if universe.per_person:
            aggregate = "COUNT(*)" if rule.people else "SUM(n)"
        elif rule.people:
            aggregate = "COUNT(DISTINCT person_ref)"
        else:
            aggregate = f"COUNT(DISTINCT {universe.record})" if rule.distinct else "COUNT(*)"
        if rule.condition:
            sql, extra = condition_sql(rule.condition)
            aggregate += f" FILTER (WHERE {sql})"
            measure_params.extend(extra)
        measures.append(f"COALESCE({aggregate}, 0)")
    sql = f"SELECT council_ref, {', '.join(measures)} FROM {source} GROUP BY council_ref"
    cells = list(rules)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*measure_params, *params])
        return {row[0]: dict(zip(cells, map(int, row[1:]), strict=True)) for row in cursor.fetchall()}


def _count_all(period: Period, layout: Layout, rules: dict[Cell, CellRule], councils) -> dict[int, dict]:
    """Every universe's cells. On PostgreSQL, outside a transaction, two universes are counted at a time on
    two connections (the national return uses both cores); otherwise one after the other."""
    jobs = []
    for name, universe in UNIVERSES.items():
        mine = {cell: rule for cell, rule in rules.items() if rule.universe == name}
        jobs.append((name, universe, mine))

    def run(job):
        name, universe, mine = job
        return count_cells(name, universe.select(period, layout, councils=councils), mine)

    found: dict[int, dict[Cell, int]] = {}
    parallel = connection.vendor == "postgresql" and not connection.in_atomic_block and councils is None
    if parallel:
        with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool:
            results = list(pool.map(_on_own_connection(run), jobs))
    else:
        results = [run(job) for job in jobs]
    for counts in results:
        for council_id, cells in counts.items():
            found.setdefault(council_id, {}).update(cells)
    return found


PARALLEL_QUERIES = 2


def _on_own_connection(function):
    """Run in a worker thread on that thread's own connection, closed afterwards."""

    def wrapped(*args):
        try:
            return function(*args)
        finally:
            connection.close()

    return wrapped


@dataclass
class SacReturn:
    council: object
    year: str
    cells: dict[Cell, int | Decimal | None]  # every cell in template order; a derived one may be None

    def value(self, table: str, row: str, column: str):
        return self.cells[table, row, column]


def compute_returns(year: str, councils=None) -> dict:
    """{council: {cell: value}} for every council with a record in the year, or for the councils asked for
    (zeros where they have none). Values are unrounded counts; derived percentages are Decimals."""
    return {council: r.cells for council, r in compute(year, councils).items()}


def compute(year: str, councils=None) -> dict:
    from msp.councils.models import Council

    period = reporting_year(year)
    layout = layout_for(period.label)
    rules = cell_rules(layout)
    found = _count_all(period, layout, rules, councils)
    wanted = [c.pk for c in councils] if councils is not None else list(found)
    by_id = Council.objects.in_bulk(wanted)
    results = {}
    for council_id in sorted(wanted, key=lambda pk: by_id[pk].gss_code):
        counts = {cell: found.get(council_id, {}).get(cell, 0) for cell in rules}
        cells = {cell: counts.get(cell) for cell in layout.cells()}
        cells.update(derived(counts))
        results[by_id[council_id]] = SacReturn(by_id[council_id], period.label, cells)
    return results


def derived(counts: dict[Cell, int]) -> dict[Cell, Decimal | None]:
    """SAC derived measures, each from unrounded counts of the same council and year."""

    def c(table, row, column):
        return counts[table, row, column]

    fully, partially = c("SG4a", "fully", "achieved"), c("SG4a", "partially", "achieved")
    parts = {
        "conversion_rate": (
            c("SG1f", "s42_enquiries", "cases") + c("SG1f", "other_enquiries", "cases"),
            c("SG1f", "concerns", "cases"),
        ),
        "pct_risk_reduced_or_removed": (
            c("SG2e", "reduced", "enquiries") + c("SG2e", "removed", "enquiries"),
            c("SG2e", TOTAL, "enquiries"),
        ),
        "pct_asked_and_expressed": (c("SG4a", "asked_expressed", "enquiries"), c("SG4a", TOTAL, "enquiries")),
        "pct_expressed_fully_or_partially_achieved": (fully + partially, c("SG4a", TOTAL, "achieved")),
        "pct_lacking_capacity_supported": (c("SG3a", "yes", "supported"), c("SG3a", "yes", "enquiries")),
    }
    return {("DERIVED", row, "percent"): percent_exact(*parts[row]) for row in DERIVED_ROWS}


def format_value(value) -> str:
    """A count as it is; a percentage to one decimal place, rounded half up; nothing for no denominator."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(round_half_up_to(value, 1))
    return str(value)


def long_rows(returns: dict) -> Iterator[tuple[str, ...]]:
    """The long format of the return: council_gss, year, table, row, column, value."""
    for council, result in returns.items():
        for (table, row, column), value in result.cells.items():
            yield (council.gss_code, result.year, table, row, column, format_value(value))


# --- The records behind a cell ------------------------------------------------------------------------------


@dataclass
class CellRecords:
    kind: str  # "people", "concerns" or "enquiries"
    rows: QuerySet


def cell_records(cell: Cell, *, year: str, council) -> CellRecords:
    """The people, concerns or enquiries a cell counts, for one council; their number is the cell's value."""
    period = reporting_year(year)
    layout = layout_for(period.label)
    rule = cell_rules(layout).get(cell)
    if rule is None:
        raise KeyError(cell)
    universe = UNIVERSES[rule.universe]
    # The council as a plain filter: the `councils` argument also narrows the people joined, which helps a
    # grouped count but gives the planner a worse shape for this short list.
    matching = universe.select(period, layout).filter(council=council).filter(condition_q(rule.condition))
    if rule.people:
        return CellRecords("people", Person.objects.filter(pk__in=matching.values("person_ref")))
    if universe.kind == "concerns":
        return CellRecords("concerns", Concern.objects.filter(pk__in=matching.values("pk")))
    return CellRecords("enquiries", Enquiry.objects.filter(pk__in=matching.values(universe.record)))
