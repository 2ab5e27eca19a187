"""The SAC return worked out the slow, obvious way, straight from docs/sac.md: plain Python loops over model
instances, with its own labels, year boundaries, ages and category mappings. Nothing here comes from
msp.outcomes, so the database computation is checked against an independent reading of the rules.

`sac_sets(year)` gives, for each council with any record in the year, every counted cell as the set of ids
it counts (people, concerns or enquiries, see `kind_of`); `sac(year)` turns them into values and adds the
derived percentages as exact fractions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from fractions import Fraction
from zoneinfo import ZoneInfo

from msp.cases.models import Concern, Enquiry

UK = ZoneInfo("Europe/London")
TOTAL = "Total"

AGE_BANDS = (("18-64", 18, 64), ("65-74", 65, 74), ("75-84", 75, 84), ("85-94", 85, 94), ("95+", 95, 999))
GENDERS = {"male": "Male", "female": "Female", "not_known": "Not Known", "": "Not Known"}
SOURCES = {
    "service_provider": "Service Provider",
    "known": "Other - Known to Individual",
    "unknown": "Other - Unknown to Individual",
}
TYPES = {
    "physical": "Physical",
    "sexual": "Sexual",
    "psychological": "Psychological",
    "financial": "Financial or Material",
    "discriminatory": "Discriminatory",
    "organisational": "Organisational",
    "neglect": "Neglect and Acts of Omission",
    "domestic_abuse": "Domestic Abuse",
    "sexual_exploitation": "Sexual Exploitation",
    "modern_slavery": "Modern Slavery",
    "self_neglect": "Self-Neglect",
}
LOCATIONS = {
    "own_home": "Own Home",
    "community": "In the Community (excluding community services)",
    "community_service": "In a Community Service",
    "care_home_nursing": "Care Home - Nursing",
    "care_home_residential": "Care Home - Residential",
    "hospital_acute": "Hospital - Acute",
    "hospital_mental_health": "Hospital - Mental Health",
    "hospital_community": "Hospital - Community",
    "other": "Other",
}
RESULTS = {
    "identified_action": "Risk identified - action taken",
    "identified_no_action": "Risk identified - no action taken",
    "inconclusive_action": "Risk assessment inconclusive - action taken",
    "inconclusive_no_action": "Risk assessment inconclusive - no action taken",
    "none_action": "No risk identified - action taken",
    "none_no_action": "No risk identified - no action taken",
    "ceased": "Enquiry ceased at individual's request - no action taken",
}
RISK_OUTCOMES = {"remained": "remained", "reduced": "reduced", "removed": "removed"}
CAPACITY = {
    "lacked": "yes",
    "had": "no",
    "dont_know": "dont_know",
    "not_recorded": "not_recorded",
    "": "not_recorded",
}
CAPACITY_ROWS = ("yes", "no", "dont_know", "not_recorded")
SUPPORT = {"advocate": "supported", "family": "supported", "friend": "supported", "none": "not_supported"}
ASKED_ROWS = ("asked_expressed", "asked_not_expressed", "no", "dont_know", "not_recorded")
ASKED_WITHOUT_OUTCOMES = {
    "asked": "asked_not_expressed",
    "declined": "asked_not_expressed",
    "not_asked": "no",
}
ASKED_WITHOUT_OUTCOMES["unknown"] = "dont_know"
ACHIEVED_ROWS = ("fully", "partially", "not")
DERIVED_ROWS = (
    "conversion_rate",
    "pct_risk_reduced_or_removed",
    "pct_asked_and_expressed",
    "pct_expressed_fully_or_partially_achieved",
    "pct_lacking_capacity_supported",
)
SG1_COLUMNS = ("concerns_individuals", "s42_individuals")


def all_cells() -> list[tuple[str, str, str]]:
    """The 148 cells of sac.md, table by table, down the rows and then across the columns."""
    sources = [*SOURCES.values(), TOTAL]
    cells = []
    cells += [("SG1a", band, c) for band in [*(b[0] for b in AGE_BANDS), TOTAL] for c in SG1_COLUMNS]
    cells += [("SG1b", g, c) for g in ["Male", "Female", "Not Known", TOTAL] for c in SG1_COLUMNS]
    cells += [
        ("SG1f", r, c)
        for r in ("concerns", "s42_enquiries", "other_enquiries")
        for c in ("cases", "individuals")
    ]
    cells += [("SG2a", r, s) for r in [*TYPES.values(), TOTAL] for s in sources]
    cells += [("SG2b", r, s) for r in [*LOCATIONS.values(), TOTAL] for s in sources]
    cells += [("SG2c", r, "enquiries") for r in [*RESULTS.values(), TOTAL]]
    cells += [("SG2e", r, "enquiries") for r in [*RISK_OUTCOMES.values(), TOTAL]]
    cells += [("SG3a", r, "enquiries") for r in [*CAPACITY_ROWS, TOTAL]]
    cells += [("SG3a", "yes", "supported"), ("SG3a", "yes", "not_supported")]
    cells += [("SG4a", r, "enquiries") for r in [*ASKED_ROWS, TOTAL]]
    cells += [("SG4a", r, "achieved") for r in [*ACHIEVED_ROWS, TOTAL]]
    cells += [("DERIVED", r, "percent") for r in DERIVED_ROWS]
    return cells


def kind_of(cell: tuple[str, str, str]) -> str:
    """What a cell counts: distinct people, concerns (cases) or enquiries."""
    table, row, column = cell
    if table in ("SG1a", "SG1b") or column == "individuals":
        return "people"
    if table == "SG1f" and row == "concerns":
        return "concerns"
    return "enquiries"


def year_span(year: str) -> tuple[datetime.datetime, datetime.datetime, datetime.date]:
    """'2023-24': 1 April 2023 00:00 to 1 April 2024 00:00 on the UK clock, and the 31 March it ends on."""
    first = int(year[:4])
    start = datetime.datetime(first, 4, 1, tzinfo=UK)
    end = datetime.datetime(first + 1, 4, 1, tzinfo=UK)
    return start, end, datetime.date(first + 1, 3, 31)


def age(born: datetime.date, on: datetime.date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def age_band(born: datetime.date | None, on: datetime.date) -> str | None:
    if born is None:
        return None
    years = age(born, on)
    for label, low, high in AGE_BANDS:
        if low <= years <= high:
            return label
    return None  # under 18


def asked_answer(concern, outcomes) -> str:
    """sac.md SG4a: any desired outcome means asked and expressed, unless only the referrer gave them."""
    referrers_view = concern.said_by == "referrer" and concern.outcomes_asked != "asked"
    if outcomes and not referrers_view:
        return "asked_expressed"
    return ASKED_WITHOUT_OUTCOMES.get(concern.outcomes_asked, "not_recorded")


def achieved(outcomes) -> str | None:
    rated = [o.achievement for o in outcomes if o.achievement]
    if not rated:
        return None
    if all(a == "fully" for a in rated):
        return "fully"
    if all(a == "not" for a in rated):
        return "not"
    return "partially"


def sac_sets(year: str, councils=None) -> dict[int, dict[tuple, set]]:
    """{council id: {cell: ids counted}} for every counted (not derived) cell."""
    start, end, last_day = year_span(year)

    def within(moment) -> bool:
        return moment is not None and start <= moment < end

    concerns = Concern.objects.select_related("person").prefetch_related("risk_types", "outcomes")
    enquiries = Enquiry.objects.select_related("concern__person").prefetch_related(
        "concern__risk_types", "concern__outcomes"
    )
    if councils is not None:
        concerns = concerns.filter(council__in=councils)
        enquiries = enquiries.filter(council__in=councils)
    found: dict[int, dict[tuple, set]] = defaultdict(lambda: defaultdict(set))
    active: set[int] = set()

    def add(council_id, cell, record_id):
        found[council_id][cell].add(record_id)

    for concern in concerns:
        if not within(concern.received_at):
            continue
        council, person = concern.council_id, concern.person
        active.add(council)
        add(council, ("SG1f", "concerns", "cases"), concern.pk)
        add(council, ("SG1f", "concerns", "individuals"), person.pk)
        band = age_band(person.date_of_birth, last_day)
        for table, row in (
            ("SG1a", band),
            ("SG1a", TOTAL),
            ("SG1b", GENDERS[person.gender]),
            ("SG1b", TOTAL),
        ):
            if row is not None:
                add(council, (table, row, "concerns_individuals"), person.pk)

    for enquiry in enquiries:
        concern, council = enquiry.concern, enquiry.council_id
        person = concern.person
        if concern.decision not in ("s42", "other"):
            continue
        if within(enquiry.started_at):
            active.add(council)
            row = "s42_enquiries" if concern.decision == "s42" else "other_enquiries"
            add(council, ("SG1f", row, "cases"), enquiry.pk)
            add(council, ("SG1f", row, "individuals"), person.pk)
            if concern.decision == "s42":
                band = age_band(person.date_of_birth, last_day)
                rows = (("SG1a", band), ("SG1a", TOTAL), ("SG1b", GENDERS[person.gender]), ("SG1b", TOTAL))
                for table, label in rows:
                    if label is not None:
                        add(council, (table, label, "s42_individuals"), person.pk)
        if concern.decision != "s42" or not within(enquiry.closed_at):
            continue
        active.add(council)
        e = enquiry.pk
        columns = [TOTAL] + ([SOURCES[concern.source_of_risk]] if concern.source_of_risk else [])
        types = {t.code for t in concern.risk_types.all()}
        for code in types:
            for column in columns:
                add(council, ("SG2a", TYPES[code], column), e)
        if types:
            for column in columns:
                add(council, ("SG2a", TOTAL, column), e)
        if concern.location:
            for column in columns:
                add(council, ("SG2b", LOCATIONS[concern.location], column), e)
                add(council, ("SG2b", TOTAL, column), e)
        if enquiry.risk_result:
            add(council, ("SG2c", RESULTS[enquiry.risk_result], "enquiries"), e)
            add(council, ("SG2c", TOTAL, "enquiries"), e)
        if enquiry.risk_outcome:
            add(council, ("SG2e", RISK_OUTCOMES[enquiry.risk_outcome], "enquiries"), e)
            add(council, ("SG2e", TOTAL, "enquiries"), e)
        capacity = CAPACITY[enquiry.capacity]
        add(council, ("SG3a", capacity, "enquiries"), e)
        add(council, ("SG3a", TOTAL, "enquiries"), e)
        if capacity == "yes" and enquiry.capacity_support in SUPPORT:
            add(council, ("SG3a", "yes", SUPPORT[enquiry.capacity_support]), e)
        outcomes = list(concern.outcomes.all())
        answer = asked_answer(concern, outcomes)
        add(council, ("SG4a", answer, "enquiries"), e)
        add(council, ("SG4a", TOTAL, "enquiries"), e)
        if answer == "asked_expressed":
            add(council, ("SG4a", TOTAL, "achieved"), e)
            result = achieved(outcomes)
            if result is not None:
                add(council, ("SG4a", result, "achieved"), e)

    wanted = active if councils is None else {c.pk for c in councils}
    counted = [cell for cell in all_cells() if cell[0] != "DERIVED"]
    return {c: {cell: set(found[c][cell]) for cell in counted} for c in wanted}


def _percent(count: int, base: int) -> Fraction | None:
    return None if base == 0 else Fraction(count * 100, base)


def sac(year: str, councils=None) -> dict[int, dict[tuple, int | Fraction | None]]:
    """{council id: {cell: value}}: counts as ints, derived percentages as exact fractions (None: no base)."""
    results = {}
    for council, sets in sac_sets(year, councils).items():
        v = {cell: len(ids) for cell, ids in sets.items()}
        started = v["SG1f", "s42_enquiries", "cases"] + v["SG1f", "other_enquiries", "cases"]
        v["DERIVED", "conversion_rate", "percent"] = _percent(started, v["SG1f", "concerns", "cases"])
        v["DERIVED", "pct_risk_reduced_or_removed", "percent"] = _percent(
            v["SG2e", "reduced", "enquiries"] + v["SG2e", "removed", "enquiries"],
            v["SG2e", TOTAL, "enquiries"],
        )
        v["DERIVED", "pct_asked_and_expressed", "percent"] = _percent(
            v["SG4a", "asked_expressed", "enquiries"], v["SG4a", TOTAL, "enquiries"]
        )
        v["DERIVED", "pct_expressed_fully_or_partially_achieved", "percent"] = _percent(
            v["SG4a", "fully", "achieved"] + v["SG4a", "partially", "achieved"], v["SG4a", TOTAL, "achieved"]
        )
        v["DERIVED", "pct_lacking_capacity_supported", "percent"] = _percent(
            v["SG3a", "yes", "supported"], v["SG3a", "yes", "enquiries"]
        )
        results[council] = v
    return results


def same_value(computed, expected) -> bool:
    """A count equals; a derived Decimal agrees with the exact fraction to 20 decimal places."""
    if isinstance(expected, Fraction):
        return computed is not None and abs(Fraction(computed) - expected) < Fraction(1, 10**20)
    return computed == expected and type(computed) is type(expected)
