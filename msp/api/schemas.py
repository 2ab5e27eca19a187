"""The shapes of the figures API's answers, as its OpenAPI description gives them. Every figure is a
`Figure`: msp.core.disclosure's `Published.as_dict()`."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class Error(Schema):
    error: str = Field(description="What went wrong, in words.")


class Figure(Schema):
    """One figure as the caller may see it: exact for a council's own staff and token, published otherwise."""

    text: str = Field(
        description="As shown: '15', '62.5%', '[c]' (too small to show) or '[x]' (not submitted)."
    )
    value: int | float | None = Field(description="The number shown, or null for [c], [x] and no base.")
    suppressed: bool = Field(description="Shown as [c].")
    not_submitted: bool = Field(description="Shown as [x]: no figure for that council and period.")


class RegionOut(Schema):
    gss_code: str
    name: str


class CouncilOut(Schema):
    gss_code: str
    name: str
    short_name: str
    council_type: str
    region: RegionOut
    exact: bool = Field(
        description="Whether this council's figures are shown to the caller exact (unrounded)."
    )


class MeasureOut(Schema):
    code: str
    name: str
    percent: bool = Field(description="A percentage (numerator over denominator), or a count.")
    group: str = Field(
        description="Indicators: the records counted (enquiries, feedback, concerns); 'return'."
    )


class PeriodFigure(Schema):
    period: str = Field(description="A reporting year (2023-24) or a quarter (2023-24 Q1).")
    figure: Figure


class IndicatorSeries(Schema):
    code: str
    name: str
    group: str
    by_year: list[PeriodFigure]
    by_quarter: list[PeriodFigure]


class NamedFigure(Schema):
    code: str
    name: str
    figure: Figure


class CouncilIndicators(Schema):
    council: CouncilOut
    year: str
    years: list[str]
    quarters: list[str]
    exact: bool
    indicators: list[IndicatorSeries]
    headline: list[NamedFigure] = Field(description="The return's headline figures for the year.")


class ReturnCell(Schema):
    table: str
    row: str
    column: str
    label: str
    figure: Figure


class DerivedFigure(Schema):
    row: str
    measure: str
    figure: Figure


class CouncilReturn(Schema):
    council: CouncilOut
    year: str
    exact: bool
    cells: list[ReturnCell]
    derived: list[DerivedFigure]


class Rank(Schema):
    rank: int = Field(
        description="1 is the highest value; councils whose figure is not shown are not ranked."
    )
    band: int = Field(description="Quartile band, 1 (top quarter) to 4.")


class YearFigure(Schema):
    year: str
    figure: Figure
    councils: int = Field(description="How many councils' figures it holds (those that submitted).")


class RankedYearFigure(YearFigure):
    rank: Rank | None


class BenchmarkLine(Schema):
    label: str
    kind: str = Field(description="self, comparator (one council) or group (councils pooled).")
    council: CouncilOut | None
    figures: list[RankedYearFigure]


class RankedCount(Schema):
    year: str
    councils: int


class Benchmark(Schema):
    measure: MeasureOut
    council: CouncilOut
    year: str
    years: list[str]
    lines: list[BenchmarkLine]
    ranked: list[RankedCount] = Field(description="How many councils were ranked each year.")


class RollupGroup(Schema):
    kind: str = Field(description="england, region, council_type or board.")
    code: str = Field(description="The region's GSS code, the council type, the board's id; '' for England.")
    name: str
    figures: list[YearFigure]


class Rollups(Schema):
    measure: MeasureOut
    year: str
    years: list[str]
    groups: list[RollupGroup]


class RankedCouncil(Schema):
    council: CouncilOut
    figure: Figure
    rank: Rank | None


class RankedTable(Schema):
    measure: MeasureOut
    year: str
    region: RegionOut | None
    councils: list[RankedCouncil]
    pooled: Figure = Field(description="The councils listed, pooled.")
