"""The report's figures as data: Figure 1 very involved, Figure 2 improvement, Figures 3-4 distributions.

Each figure carries a text alternative that states what the chart shows and its highest and lowest values,
and the data table behind it (or a pointer to the table beside it).
"""

from __future__ import annotations

from msp.reports.documents.content import DataTable, Figure, Row, Series, cell
from msp.reports.documents.layout import ENGLAND, Scope, pct, share_text, signed
from msp.reports.findings import Findings, Improvement, Share
from msp.reports.tabulate import Table


def _extremes(pairs: list[tuple[str, float | None]], unit: str, n: int = 3) -> str:
    known = [(label, value) for label, value in pairs if value is not None]
    if not known:
        return "No values."
    ranked = sorted(known, key=lambda p: -p[1])
    show = (lambda v: f"{v:g}%") if unit == "%" else (lambda v: signed(int(v)))
    high = ", ".join(f"{label} {show(value)}" for label, value in ranked[:n])
    low = ", ".join(f"{label} {show(value)}" for label, value in reversed(ranked[-n:]))
    return f"Highest: {high}. Lowest: {low}."


def _who(scope: Scope) -> str:
    return f"{scope.region} beside England" if scope.beside else ENGLAND


def very_involved(key: str, england: Findings, region: Findings | None, scope: Scope) -> Figure:
    """Figure 1: partners by the share reported very involved, in England's order (highest first)."""
    order = [s.label for s in england.very_involved]
    mine: dict[str, Share] = {s.label: s for s in region.very_involved} if region and scope.beside else {}
    series = [Series(ENGLAND, tuple(s.percent for s in england.very_involved))]
    if mine:
        series.insert(0, Series(scope.region, tuple(mine[label].percent for label in order)))
        columns = ("Agency", f"{scope.region}: very involved", "England: very involved")
        rows = [
            Row(s.label, (cell(share_text(mine[s.label])), cell(share_text(s))))
            for s in england.very_involved
        ]
    else:
        columns = ("Agency", "England: very involved")
        rows = [Row(s.label, (cell(share_text(s)),)) for s in england.very_involved]
    lead = series[0]
    alt = (
        f"Bar chart: the % of councils reporting each partner very involved in MSP, {_who(scope)}, "
        f"ordered by England's figure. {_extremes(list(zip(order, lead.values, strict=True)), '%')}"
    )
    caption = "Figure 1: Partners reported to be very involved in MSP"
    data = DataTable(
        f"{key}-data", f"Data for {caption.split(':')[0]}", columns, tuple(rows), scope.suppressed_note()
    )
    return Figure(key, caption, tuple(order), tuple(series), alt, data)


def _scores(rows: list[Improvement]) -> tuple[int | None, ...]:
    return tuple(r.current for r in rows)


def improvement(
    key: str, england: Findings, region: Findings | None, scope: Scope, wave_code: str, baseline: str
) -> Figure:
    """Figure 2: improvement score per agency (% involved minus % not involved), against the baseline."""
    labels = tuple(r.label for r in england.improvement)
    published = any(r.baseline is not None for r in england.improvement)
    series = [Series(f"{ENGLAND} {wave_code}", _scores(england.improvement))]
    if region is not None and scope.beside:
        series.insert(0, Series(f"{scope.region} {wave_code}", _scores(region.improvement)))
    if published:
        series.append(
            Series(
                f"{ENGLAND} {baseline}",
                tuple(None if r.baseline is None else float(r.baseline) for r in england.improvement),
            )
        )
    notes = []
    if not published:
        notes.append(
            f"The {baseline} scores are not published in the source and none has been entered or imported"
            " yet, so only this wave's scores are shown and no change can be given."
        )
    data = _improvement_data(key, england, region, scope, wave_code, baseline)
    alt = (
        f"Bar chart: improvement score per agency, {_who(scope)}, {wave_code}"
        f"{f' and {baseline}' if published else ''}; scores run from -100 to +100. "
        f"{_extremes(list(zip(labels, series[0].values, strict=True)), '')}"
    )
    caption = f"Figure 2: How partner involvement compares with {baseline} (improvement score)"
    return Figure(key, caption, labels, tuple(series), alt, data, unit="", notes=tuple(notes))


def _improvement_data(
    key, england: Findings, region, scope: Scope, wave_code: str, baseline: str
) -> DataTable:
    def base_score(r: Improvement) -> str:
        return "Not published" if r.baseline is None else signed(r.baseline)

    def change(r: Improvement) -> str:
        return "–" if r.change is None else signed(r.change)

    if region is not None and scope.beside:
        columns = (
            "Agency",
            f"{scope.region}: very or fairly involved",
            f"{scope.region}: score {wave_code}",
            f"England: score {wave_code}",
            f"England: score {baseline}",
        )
        rows = [
            Row(
                e.label,
                (
                    cell(pct(r.involved_percent)),
                    cell(signed(r.current)),
                    cell(signed(e.current)),
                    cell(base_score(e)),
                ),
            )
            for r, e in zip(region.improvement, england.improvement, strict=True)
        ]
    else:
        columns = ("Agency", "Very or fairly involved", f"Score {wave_code}", f"Score {baseline}", "Change")
        rows = [
            Row(
                e.label,
                (
                    cell(pct(e.involved_percent)),
                    cell(signed(e.current)),
                    cell(base_score(e)),
                    cell(change(e)),
                ),
            )
            for e in england.improvement
        ]
    notes = (
        "Improvement score: % very or fairly involved minus % not very or not at all involved.",
        *scope.suppressed_note(),
    )
    return DataTable(f"{key}-data", "Data for Figure 2", columns, tuple(rows), notes)


def distribution(
    key: str,
    caption: str,
    england: Table,
    region: Table | None,
    scope: Scope,
    data_in: str,
    numbered: bool = False,
) -> Figure:
    """Figures 3 and 4: the share of councils at each rating or road-map step (data in the table above)."""
    labels = tuple(f"Step {o.code}: {o.label}" if numbered else o.display_label for o in england.options)
    series = [Series(ENGLAND, tuple(o.percent for o in england.options))]
    if region is not None and scope.beside:
        series.insert(0, Series(scope.region, tuple(o.percent for o in region.options)))
    alt = (
        f"Bar chart: the % of councils at each {'step' if numbered else 'level'}, {_who(scope)}. "
        f"{_extremes(list(zip(labels, series[0].values, strict=True)), '%', n=2)}"
    )
    notes = (f"The figures are in {data_in} above.",)
    return Figure(key, caption, labels, tuple(series), alt, None, notes=notes)
