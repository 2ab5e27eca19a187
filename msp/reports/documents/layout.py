"""Lay tabulated questions out as the 2016 report does, with a region's figures beside England's: pure.

A national report shows England's counts and percentages. A regional report shows the region's count and %
with England's % beside them (the report's Appendix 2 asks for a report per region); where the region is
suppressed it shows England's figures only and says why, never a count for the region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from msp.reports.documents.content import DataTable, Row, cell
from msp.reports.findings import Comparison, Share
from msp.reports.tabulate import Table

ENGLAND = "England"
# The first column's heading for each grid, as the report prints it.
ROW_HEADINGS = {"engagement": "Level", "involvement": "Agency", "other_agencies": "Agency"}


@dataclass(frozen=True)
class Scope:
    """Whose figures a report shows: England (region ""), or a region beside England."""

    region: str = ""
    region_shown: bool = False
    threshold: int = 5

    @property
    def regional(self) -> bool:
        return bool(self.region)

    @property
    def beside(self) -> bool:
        """A region's figures beside England's."""
        return self.regional and self.region_shown

    def suppressed_note(self) -> tuple[str, ...]:
        if self.regional and not self.region_shown:
            return (
                f"{self.region}: not shown. The region has too few submitted interviews to show figures"
                " without identifying councils, so only England's figures are given.",
            )
        return ()


def pct(value: int | Decimal | None) -> str:
    """39 -> "39%"; a printed baseline 36.5 -> "36.5%"; no base -> an en dash."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    return f"{value}%"


def signed(value: int | Decimal | None) -> str:
    if value is None:
        return "–"
    number = int(value) if value == int(value) else float(value)
    return f"+{number}" if number > 0 else str(number)


def count_pct(count: int, percent: int | None) -> str:
    return f"{count} ({pct(percent)})"


def table_heading(table: str, text: str) -> str:
    return f"{table}: {text}" if table else text


def bases_note(scope: Scope, region_base: int | None, england_base: int) -> tuple[str, ...]:
    if scope.beside and region_base is not None:
        return (f"Answered: {region_base} in {scope.region}, {england_base} in England.",)
    return ()


def single_table(
    key: str,
    caption: str,
    england: Table,
    region: Table | None,
    scope: Scope,
    notes: Sequence[str] = (),
) -> DataTable:
    """One question: an option per row with number and % (and England's % beside a region's)."""
    if scope.beside and region is not None:
        columns = ("Answer", f"{scope.region}: number", f"{scope.region}: %", "England: %")
        rows = [
            Row(o.display_label, (cell(o.count), cell(pct(o.percent)), cell(pct(e.percent))))
            for o, e in zip(region.options, england.options, strict=True)
        ]
        rows.append(
            Row("Total", (cell(region.base), cell(pct(region.total["percent"])), cell("100%")), total=True)
        )
        extra = bases_note(scope, region.base, england.base)
    else:
        prefix = "England: " if scope.regional else ""
        columns = ("Answer", f"{prefix}Number of responses", f"{prefix}% of responses")
        rows = [Row(o.display_label, (cell(o.count), cell(pct(o.percent)))) for o in england.options]
        rows.append(Row("Total", (cell(england.base), cell(pct(england.total["percent"]))), total=True))
        extra = scope.suppressed_note()
    return DataTable(key, caption, columns, tuple(rows), (*notes, *extra))


def grid_table(
    key: str,
    caption: str,
    grid_code: str,
    england: Sequence[Table],
    region: Sequence[Table] | None,
    scope: Scope,
) -> DataTable:
    """Tables 2 and 3: a row per level or agency, a column per option, each cell "count (%)"."""
    options = england[0].options
    columns = (ROW_HEADINGS.get(grid_code, "Row"), *(o.label for o in options), "Total")
    rows = []
    if scope.beside and region is not None:
        for mine, theirs in zip(region, england, strict=True):
            cells = [
                cell(count_pct(o.count, o.percent), f"England {pct(e.percent)}")
                for o, e in zip(mine.options, theirs.options, strict=True)
            ]
            cells.append(cell(mine.base, f"England {theirs.base}"))
            rows.append(Row(mine.text, tuple(cells)))
        notes = (
            f"Each cell: the number and % of councils in {scope.region}; below, the % in England. "
            "Total: the number answering the row.",
        )
    else:
        for row in england:
            cells = [cell(count_pct(o.count, o.percent)) for o in row.options]
            cells.append(cell(row.base))
            rows.append(Row(row.text, tuple(cells)))
        notes = (
            "Each cell: the number of councils and, in brackets, the % of those answering the row (Total).",
            *scope.suppressed_note(),
        )
    return DataTable(key, caption, columns, tuple(rows), notes, wide=True)


def _baseline_total(comparison: Comparison) -> str:
    values = [r.baseline_percent for r in comparison.rows]
    if any(v is None for v in values):
        return "–"
    return pct(sum(values, Decimal(0)))


def comparison_table(
    key: str,
    caption: str,
    england: Comparison,
    region: Comparison | None,
    scope: Scope,
    wave_code: str,
    baseline_code: str,
) -> DataTable:
    """Table 9: this wave's responses and % beside the baseline wave's printed %, and overall positive."""
    then = f"% of respondents {baseline_code}"
    baseline_note = f"{baseline_code}: England, as published; not available by region."
    if scope.beside and region is not None:
        columns = (
            "Answer",
            f"{scope.region}: responses {wave_code}",
            f"{scope.region}: % {wave_code}",
            f"England: % {wave_code}",
            then,
        )
        rows = [
            Row(
                r.label,
                (cell(r.count), cell(pct(r.percent)), cell(pct(e.percent)), cell(pct(e.baseline_percent))),
            )
            for r, e in zip(region.rows, england.rows, strict=True)
        ]
        rows.append(
            Row(
                "Overall positive (very or fairly)",
                (
                    cell(region.positive.count),
                    cell(pct(region.positive.percent)),
                    cell(pct(england.positive.percent)),
                    cell(pct(england.baseline_positive)),
                ),
                total=True,
            )
        )
        rows.append(
            Row(
                "Total",
                (cell(region.base), cell("100%"), cell("100%"), cell(_baseline_total(england))),
                total=True,
            )
        )
        notes = (*bases_note(scope, region.base, england.base), baseline_note)
    else:
        prefix = "England: " if scope.regional else ""
        columns = ("Answer", f"{prefix}Responses {wave_code}", f"{prefix}% of responses {wave_code}", then)
        rows = [
            Row(r.label, (cell(r.count), cell(pct(r.percent)), cell(pct(r.baseline_percent))))
            for r in england.rows
        ]
        rows.append(
            Row(
                "Overall positive (very or fairly)",
                (
                    cell(england.positive.count),
                    cell(pct(england.positive.percent)),
                    cell(pct(england.baseline_positive)),
                ),
                total=True,
            )
        )
        rows.append(
            Row("Total", (cell(england.base), cell("100%"), cell(_baseline_total(england))), total=True)
        )
        notes = scope.suppressed_note()
    return DataTable(key, caption, columns, tuple(rows), notes)


def share_text(share: Share) -> str:
    return f"{pct(share.percent)} ({share.count} of {share.base})"


def shares_table(
    key: str,
    caption: str,
    heading: str,
    england: Sequence[Share],
    region: Sequence[Share] | None,
    scope: Scope,
) -> DataTable:
    """Derived measures (headlines): "81% (93 of 115)" per measure, a region's beside England's."""
    if scope.beside and region is not None:
        by_label = {s.label: s for s in region}
        columns = (heading, scope.region, ENGLAND)
        rows = [
            Row(
                s.label,
                (
                    cell(share_text(by_label[s.label])) if s.label in by_label else cell("–"),
                    cell(share_text(s)),
                ),
            )
            for s in england
        ]
        notes: tuple[str, ...] = ()
    else:
        columns = (heading, ENGLAND)
        rows = [Row(s.label, (cell(share_text(s)),)) for s in england]
        notes = scope.suppressed_note()
    return DataTable(key, caption, columns, tuple(rows), notes)
