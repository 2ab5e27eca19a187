"""Derived findings of a wave (the 2016 report's Figures 1-3 and comparisons) and breakdowns: pure functions.

They work on a `Tabulation` (msp.reports.tabulate) and a baseline wave's printed percentages, given as
{question code: {option code: percent}}. Overall positive is very + fairly; the improvement score is
% involved (very + fairly) minus % not involved (not very + not at all). Groups too small to keep councils
anonymous are suppressed: they carry no counts or percentages at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from msp.core.stats import (
    improvement_score,
    improvement_score_from_counts,
    percent,
    suppressed_groups,
)
from msp.reports.tabulate import INTERVIEWER_RATING, Response, Table, Tabulation, tabulate
from msp.tempcheck.instrument import Item

Baseline = Mapping[str, Mapping[str, Decimal]]

POSITIVE = ("very_well", "fairly_well", "very", "fairly")
NEGATIVE = ("not_very_well", "not_very", "not_at_all")
VERY = ("very", "very_well")
ENGAGEMENT = "engagement"
INVOLVEMENT = "involvement"
STAFF_REACTION = "staff_reaction"
ROAD_MAP = "road_map_step"
# A baseline "option" holding a previous wave's improvement score as entered (msp.reports.baseline).
IMPROVEMENT_SCORE = "improvement_score"

# The headline measures a breakdown shows per group: (label, question code, option codes counted).
HEADLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Board engaged very or fairly well", "engagement.board", ("very_well", "fairly_well")),
    ("Corporately engaged very or fairly well", "engagement.corporate", ("very_well", "fairly_well")),
    ("Police very or fairly involved", "involvement.police", ("very", "fairly")),
    ("CCG very or fairly involved", "involvement.ccg", ("very", "fairly")),
    ("People asked about the outcomes they want", "asked_outcomes", ("yes",)),
    ("Measuring the difference made", "measuring_difference", ("yes",)),
    ("Staff reacted very or fairly positively", "staff_reaction", ("very", "fairly")),
    ("Rated fully implemented or rolling out (A or B)", INTERVIEWER_RATING, ("A", "B")),
)


@dataclass(frozen=True)
class Share:
    """A part of a table's base: which options, how many, and the percentage (from the counts)."""

    code: str
    label: str
    count: int
    base: int
    percent: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "count": self.count,
            "base": self.base,
            "percent": self.percent,
        }


def share_of(table: Table, codes: Sequence[str], label: str | None = None) -> Share:
    count = sum(o.count for o in table.options if o.code in codes)
    return Share(
        table.code, table.text if label is None else label, count, table.base, percent(count, table.base)
    )


def overall_positive(table: Table) -> Share:
    """Very + fairly (well / involved / positively): the report's "overall positive"."""
    return share_of(table, POSITIVE)


def very_share(table: Table) -> Share:
    return share_of(table, VERY)


def grid_shares(tabulation: Tabulation, grid_code: str, measure: Callable[[Table], Share]) -> list[Share]:
    return [measure(row) for row in tabulation.grid(grid_code)]


def very_involved_ranking(tabulation: Tabulation) -> list[Share]:
    """Figure 1: partners by the share reported very involved, highest first (ties keep instrument order)."""
    rows = grid_shares(tabulation, INVOLVEMENT, very_share)
    return sorted(rows, key=lambda s: -(s.percent if s.percent is not None else -1))


@dataclass(frozen=True)
class Improvement:
    """Figure 2: one partner's improvement score now and in the baseline wave (None where not published)."""

    code: str
    label: str
    involved_percent: int | None
    current: int | None
    baseline: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.current is None or self.baseline is None:
            return None
        return Decimal(self.current) - self.baseline

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "involved_percent": self.involved_percent,
            "current": self.current,
            "baseline": _number(self.baseline),
            "change": _number(self.change),
        }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def improvement_scores(tabulation: Tabulation, baseline: Baseline) -> list[Improvement]:
    """Per agency, % involved minus % not involved: from this wave's counts, and from the baseline's print.

    The 2014-15 evaluation's involvement figures are not printed in the 2016 report, so a baseline may lack
    some or all agencies; those rows carry no baseline score and no change.
    """
    negative = ("not_very", "not_at_all")
    positive = ("very", "fairly")
    return [
        Improvement(
            code=row.code,
            label=row.text,
            involved_percent=overall_positive(row).percent,
            current=improvement_score_from_counts(row.counts(), row.base, positive, negative),
            baseline=_baseline_score(baseline.get(row.code, {}), positive, negative),
        )
        for row in tabulation.grid(INVOLVEMENT)
    ]


def _baseline_score(printed: Mapping[str, Decimal], positive, negative) -> Decimal | None:
    """From the baseline's printed percentages where it has them all, else the score entered for it."""
    score = improvement_score(printed, positive, negative)
    return printed.get(IMPROVEMENT_SCORE) if score is None else score


@dataclass(frozen=True)
class ComparisonRow:
    code: str
    label: str
    count: int
    percent: int | None
    baseline_percent: Decimal | None


@dataclass(frozen=True)
class Comparison:
    """A question asked in both waves (Table 9): this wave's counts and % beside the baseline's printed %."""

    code: str
    text: str
    table: str
    base: int
    rows: tuple[ComparisonRow, ...]
    positive: Share
    baseline_positive: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "text": self.text,
            "table": self.table,
            "base": self.base,
            "rows": [
                {
                    "code": r.code,
                    "label": r.label,
                    "count": r.count,
                    "percent": r.percent,
                    "baseline_percent": _number(r.baseline_percent),
                }
                for r in self.rows
            ],
            "positive": self.positive.as_dict(),
            "baseline_positive": _number(self.baseline_positive),
        }


def two_wave_comparison(table: Table, baseline_pcts: Mapping[str, Decimal]) -> Comparison:
    positive_codes = [o.code for o in table.options if o.code in POSITIVE]
    have_positive = positive_codes and all(code in baseline_pcts for code in positive_codes)
    return Comparison(
        code=table.code,
        text=table.text,
        table=table.table,
        base=table.base,
        rows=tuple(
            ComparisonRow(o.code, o.label, o.count, o.percent, baseline_pcts.get(o.code))
            for o in table.options
        ),
        positive=overall_positive(table),
        baseline_positive=sum((baseline_pcts[c] for c in positive_codes), Decimal(0))
        if have_positive
        else None,
    )


def comparisons(tabulation: Tabulation, baseline: Baseline) -> list[Comparison]:
    """Every question this wave tabulates that the baseline printed a whole distribution for, in order."""
    return [
        two_wave_comparison(table, baseline[code])
        for code, table in tabulation.tables.items()
        if code in baseline and not table.grid_code
    ]


@dataclass(frozen=True)
class Findings:
    engagement: list[Share]
    involvement: list[Share]
    staff_reaction: Share | None
    very_involved: list[Share]
    improvement: list[Improvement]
    achievement: Table | None
    road_map: Table | None
    comparisons: list[Comparison] = field(default_factory=list)
    headlines: list[Share] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "engagement_positive": [s.as_dict() for s in self.engagement],
            "involvement_positive": [s.as_dict() for s in self.involvement],
            "staff_reaction_positive": self.staff_reaction.as_dict() if self.staff_reaction else None,
            "very_involved_ranking": [s.as_dict() for s in self.very_involved],
            "improvement_scores": [i.as_dict() for i in self.improvement],
            "achievement": self.achievement.as_dict() if self.achievement else None,
            "road_map": self.road_map.as_dict() if self.road_map else None,
            "comparisons": [c.as_dict() for c in self.comparisons],
            "headlines": [s.as_dict() for s in self.headlines],
        }


def headlines(tabulation: Tabulation) -> list[Share]:
    return [
        share_of(tabulation.tables[code], codes, label)
        for label, code, codes in HEADLINES
        if code in tabulation.tables
    ]


def findings(tabulation: Tabulation, baseline: Baseline | None = None) -> Findings:
    """Everything the report derives from its tables, for one set of responses."""
    baseline = baseline or {}
    tables = tabulation.tables
    return Findings(
        engagement=grid_shares(tabulation, ENGAGEMENT, overall_positive),
        involvement=grid_shares(tabulation, INVOLVEMENT, overall_positive),
        staff_reaction=overall_positive(tables[STAFF_REACTION]) if STAFF_REACTION in tables else None,
        very_involved=very_involved_ranking(tabulation),
        improvement=improvement_scores(tabulation, baseline),
        achievement=tables.get(INTERVIEWER_RATING),
        road_map=tables.get(ROAD_MAP),
        comparisons=comparisons(tabulation, baseline),
        headlines=headlines(tabulation),
    )


# --- Breakdowns --------------------------------------------------------------------------------------------

BREAKDOWNS: dict[str, Callable[[Response], str]] = {
    "region": lambda r: r.region,
    "council_type": lambda r: r.council_type,
}


@dataclass(frozen=True)
class Group:
    """One region or council type. A suppressed group holds nothing but its name."""

    name: str
    suppressed: bool
    interviews: int | None = None
    tabulation: Tabulation | None = None
    findings: Findings | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.suppressed:
            return {"name": self.name, "suppressed": True}
        return {
            "name": self.name,
            "suppressed": False,
            "interviews": self.interviews,
            "headlines": [s.as_dict() for s in self.findings.headlines] if self.findings else [],
        }


@dataclass(frozen=True)
class Breakdown:
    by: str
    threshold: int
    groups: list[Group]

    def group(self, name: str) -> Group:
        for group in self.groups:
            if group.name == name:
                return group
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        return {"by": self.by, "threshold": self.threshold, "groups": [g.as_dict() for g in self.groups]}


def breakdown(
    items: Sequence[Item],
    responses: Sequence[Response],
    *,
    by: str,
    threshold: int,
    names: Sequence[str] = (),
    baseline: Baseline | None = None,
) -> Breakdown:
    """Tables and findings per region or council type; `names`: groups to list even with no interviews."""
    key = BREAKDOWNS[by]
    members: dict[str, list[Response]] = {name: [] for name in names}
    for response in responses:
        members.setdefault(key(response), []).append(response)
    hidden = suppressed_groups({name: len(group) for name, group in members.items()}, threshold)
    groups = []
    for name in sorted(members):
        if name in hidden:
            groups.append(Group(name=name, suppressed=True))
            continue
        tabulation = tabulate(items, members[name])
        groups.append(
            Group(
                name=name,
                suppressed=False,
                interviews=len(members[name]),
                tabulation=tabulation,
                findings=findings(tabulation, baseline),
            )
        )
    return Breakdown(by=by, threshold=threshold, groups=groups)
