"""The regional report's charts as `Figure`s, drawn from published figures only: the region beside England
for each of several categories (years, outcomes), and each council's figure with the pooled ones across it."""

from __future__ import annotations

from msp.core.disclosure import Published
from msp.reports.documents.content import DataTable, Figure, Reference, Series

ENGLAND = "England"
DISTRIBUTION_HEIGHT = 7.2  # inches: a chart of a region's councils (London has 33) stays on one A4 page


def number(p: Published) -> float | None:
    """The percentage to chart, or None where none is shown ([c], [x])."""
    return float(p.value) if p.percent and p.value is not None else None


def listing(pairs: list[tuple[str, Published]]) -> str:
    return ", ".join(f"{label} {p.text}" for label, p in pairs)


def nothing_to_chart(*figures: list[Published]) -> bool:
    return all(number(p) is None for found in figures for p in found)


def series(name: str, figures: list[Published]) -> Series:
    """Bars of the published percentages, each labelled as printed ([c] and [x] where there is no bar)."""
    return Series(name, tuple(number(p) for p in figures), tuple(p.text for p in figures))


def beside(
    key: str,
    caption: str,
    categories: list[str],
    region: tuple[str, list[Published]],
    england: list[Published],
    *,
    what: str,
    axis: str,
    data: DataTable | None = None,
) -> Figure:
    """The region's bars beside England's for each category; `what` opens the text alternative."""
    name, mine = region
    alt = (
        f"Bar chart: {what}, {name} beside England."
        f" {name}: {listing(list(zip(categories, mine, strict=True)))}."
        f" England: {listing(list(zip(categories, england, strict=True)))}."
    )
    notes = () if data is not None else ("The figures are in the table above.",)
    return Figure(
        key,
        caption,
        tuple(categories),
        (series(name, mine), series(ENGLAND, england)),
        alt,
        data,
        notes=notes,
        axis=axis,
    )


def distribution(
    key: str,
    caption: str,
    councils: list[tuple[str, Published]],
    pooled: list[tuple[str, Published]],
    *,
    what: str,
    year: str,
) -> Figure:
    """Each council's bar, highest first (those with no figure shown last), and a line across the chart at
    each pooled figure that is published."""
    shown = sorted(councils, key=lambda pair: (number(pair[1]) is None, -(number(pair[1]) or 0), pair[0]))
    references = tuple(
        Reference(f"{label} {p.text}", number(p)) for label, p in pooled if number(p) is not None
    )
    charted = [(name, p) for name, p in shown if number(p) is not None]
    alt = f"Bar chart: {what}, highest first"
    if references:
        alt += ", with lines at the pooled figures of " + " and ".join(r.name for r in references)
    alt += "."
    if charted:
        alt += f" Highest: {listing(charted[:3])}. Lowest: {listing(charted[-3:][::-1])}."
    if len(shown) > len(charted):
        alt += f" {len(shown) - len(charted)} councils have no figure to chart ([c] or [x])."
    return Figure(
        key,
        caption,
        tuple(name for name, _ in shown),
        (series(year, [p for _, p in shown]),),
        alt,
        None,
        notes=("The figures are in the table above.",),
        axis="% of the council's records the measure counts",
        references=references,
        max_height=DISTRIBUTION_HEIGHT,
    )
