"""Assemble a wave's national or regional report as a `Document`, section by section, from its `WaveData`.

Sections follow the 2016 report: method and coverage, summary, organisational commitment (Tables 1-3,
Figures 1-2), measuring outcomes (Tables 4-7), impact (Table 8, Table 9 against the baseline), what councils
told us (themes and quotes), evaluation of progress (Table 10, Figure 3, moderation, the road map),
recommendations, and Appendix 1. Each section opens with the analysts' narrative for it, where written; a
section with no narrative shows only its generated content, and a section that is only narrative
(recommendations) is left out when nothing is written, so no empty heading or placeholder text is printed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial

from django.utils.text import slugify

from msp.reports.analysis import WaveAnalysis
from msp.reports.documents import figures
from msp.reports.documents.content import (
    DataTable,
    Document,
    Heading,
    Paragraph,
    Section,
    narrative_blocks,
)
from msp.reports.documents.coverage import method_section
from msp.reports.documents.inputs import WaveData
from msp.reports.documents.layout import (
    ENGLAND,
    Scope,
    comparison_table,
    grid_table,
    shares_table,
    single_table,
    table_heading,
)
from msp.reports.documents.themes import themes_section
from msp.reports.findings import ROAD_MAP
from msp.reports.models import Narrative
from msp.reports.tabulate import INTERVIEWER_RATING, SELF_RATING, Block, blocks

Progress = Callable[[int, int, str], None]
S = Narrative.Section
# Which report section an instrument section's questions are laid out in.
PLACEMENT = {
    "commitment": S.ENGAGEMENT,
    "outcomes": S.OUTCOMES,
    "impact": S.IMPACT,
    "coaching": S.ACHIEVEMENT,
    "rating": S.ACHIEVEMENT,
}
# The sections in report order, titled as the narratives page names them.
TITLES = dict(Narrative.Section.choices)


class Report:
    """One report being assembled: the wave's data, England's analysis and the region's (if any)."""

    def __init__(self, data: WaveData, region: str = "", today: datetime.date | None = None):
        self.data = data
        self.wave = data.wave
        self.region = region
        self.today = today or datetime.date.today()
        self.england: WaveAnalysis = data.national
        self.mine: WaveAnalysis | None = data.analysis(region) if region else None
        shown = bool(self.mine and not self.mine.suppressed)
        self.scope = Scope(region, shown, data.threshold)
        self.baseline = self.wave.baseline.code if self.wave.baseline_id else ""
        self.items = {item.code: item for item in self.england.items}

    # --- helpers -----------------------------------------------------------------------------------------

    def narrative(self, section: str) -> list:
        return narrative_blocks(self.data.narrative(section, self.region))

    def region_table(self, code: str):
        if not self.scope.beside:
            return None
        return self.mine.tabulation.tables.get(code)

    def region_findings(self):
        return self.mine.findings if self.scope.beside else None

    # --- the document ------------------------------------------------------------------------------------

    def document(self, progress: Progress | None = None) -> Document:
        wave_name = self.wave.name
        subtitle = f"Regional report: {self.region}" if self.region else "National report"
        doc = Document(wave_name, subtitle, self.region or ENGLAND, self.facts())
        builders = self.builders()
        for number, key in enumerate(builders, start=1):
            if progress:
                progress(number, len(builders), TITLES[key])
            section = Section(key, TITLES[key])
            section.add(*self.narrative(key))
            builders[key](section)
            if section.blocks:
                doc.sections.append(section)
        return doc

    def builders(self) -> dict[str, Callable[[Section], None]]:
        if self.england.suppressed:
            return {S.METHOD_AND_COVERAGE: self.method}
        return {
            S.METHOD_AND_COVERAGE: self.method,
            S.SUMMARY: self.summary,
            S.ENGAGEMENT: self.engagement,
            S.OUTCOMES: partial(self.questions, key=S.OUTCOMES),
            S.IMPACT: partial(self.questions, key=S.IMPACT),
            S.THEMES: partial(themes_section, data=self.data, scope=self.scope),
            S.ACHIEVEMENT: self.achievement,
            S.RECOMMENDATIONS: lambda section: None,  # the analysts' text only
            S.USER_ENGAGEMENT: partial(self.questions, key=S.USER_ENGAGEMENT),
        }

    def method(self, section: Section) -> None:
        method_section(section, self.data, self.scope, suppressed=self.england.suppressed)

    def facts(self) -> tuple[str, ...]:
        made = f"Generated on {self.today:%-d %B %Y} by MSP from the submitted interviews."
        if self.england.suppressed:
            return (made, "There are too few submitted interviews so far to show any figures.")
        lines = [made, f"England: {self.england.tabulation.interviews} submitted interviews."]
        if self.scope.beside:
            lines.append(f"{self.region}: {self.mine.tabulation.interviews} submitted interviews.")
        elif self.region:
            lines.append(f"{self.region}: too few submitted interviews to show the region's figures.")
        return tuple(lines)

    # --- summary -----------------------------------------------------------------------------------------

    def summary(self, section: Section) -> None:
        mine = self.region_findings()
        section.add(
            shares_table(
                "headlines",
                "Headline measures",
                "Measure",
                self.england.findings.headlines,
                mine.headlines if mine else None,
                self.scope,
            )
        )
        section.add(self.moderation_paragraph())

    def moderation_paragraph(self) -> Paragraph:
        m = self.england.tabulation.moderation
        text = (
            f"In England the interviewer moderated {m.moderated} of the {m.rated} self-ratings: "
            f"{m.lowered} to a lower rating and {m.raised} to a higher one."
        )
        if self.scope.beside:
            r = self.mine.tabulation.moderation
            text = (
                f"In {self.region} the interviewer moderated {r.moderated} of the {r.rated} self-ratings "
                f"({r.lowered} lowered, {r.raised} raised). " + text
            )
        return Paragraph(text)

    # --- questions ---------------------------------------------------------------------------------------

    def placement(self, block: Block) -> str:
        if block.table.startswith("Appendix"):
            return S.USER_ENGAGEMENT
        return PLACEMENT.get(self.items[block.rows[0].code].section, S.IMPACT)

    def questions(self, section: Section, *, key: str) -> None:
        """The tables of the section, in instrument order (the achievement section places its own)."""
        comparisons = {c.code: c for c in self.england.findings.comparisons}
        for block in blocks(self.england.tabulation):
            if not block.table or self.placement(block) != key:
                continue
            if block.code in comparisons:
                section.add(self.comparison(block, comparisons[block.code]))
            elif block.is_grid:
                mine = self.mine.tabulation.grid(block.code) if self.scope.beside else None
                caption = table_heading(block.table, block.heading)
                section.add(
                    grid_table(slugify(block.table), caption, block.code, block.rows, mine, self.scope)
                )
            else:
                section.add(self.single(block.rows[0].code, block.table))

    def single(
        self, code: str, table_label: str, caption: str = "", key: str = "", notes: tuple[str, ...] = ()
    ) -> DataTable:
        table = self.england.tabulation.tables[code]
        if self.items[code].condition:
            notes = (
                *notes,
                "Asked only of councils the question applied to; the total is those who answered.",
            )
        return single_table(
            key or slugify(table_label or code),
            caption or table_heading(table_label, table.text),
            table,
            self.region_table(code),
            self.scope,
            notes,
        )

    def comparison(self, block: Block, england) -> DataTable:
        mine = None
        if self.scope.beside:
            mine = next((c for c in self.mine.findings.comparisons if c.code == block.code), None)
        caption = table_heading(block.table, block.heading)
        if self.baseline:
            caption += f" ({self.wave.code} and {self.baseline})"
        return comparison_table(
            slugify(block.table), caption, england, mine, self.scope, self.wave.code, self.baseline
        )

    def engagement(self, section: Section) -> None:
        """Tables 1-3, then Figure 1 (very involved) and Figure 2 (improvement against the baseline)."""
        self.questions(section, key=S.ENGAGEMENT)
        mine = self.region_findings()
        section.add(
            figures.very_involved("figure-1", self.england.findings, mine, self.scope),
            figures.improvement(
                "figure-2",
                self.england.findings,
                mine,
                self.scope,
                self.wave.code,
                self.baseline or "baseline",
            ),
        )

    # --- evaluation of progress --------------------------------------------------------------------------

    def achievement(self, section: Section) -> None:
        tables = self.england.tabulation.tables
        if INTERVIEWER_RATING in tables:
            label = self.items[INTERVIEWER_RATING].table or "Table 10"
            caption = (
                f"{label}: Level of achievement in implementing MSP (the interviewer's moderated rating)"
            )
            m = self.england.tabulation.moderation
            note = (
                f"In England {m.moderated} of the respondents' own ratings were moderated by the interviewer."
            )
            section.add(
                self.single(INTERVIEWER_RATING, label, caption, notes=(note,)),
                figures.distribution(
                    "figure-3",
                    "Figure 3: Interviewer's evaluation of the organisation's achievement of MSP",
                    tables[INTERVIEWER_RATING],
                    self.region_table(INTERVIEWER_RATING),
                    self.scope,
                    label,
                ),
            )
        section.add(Heading("Moderation of the self-ratings"), self.moderation_paragraph())
        if SELF_RATING in tables:
            caption = "The respondents' own ratings, before moderation"
            section.add(self.single(SELF_RATING, "", caption, key="self-rating"))
        if ROAD_MAP in tables:
            caption = "Where councils place themselves on the road map to MSP implementation"
            section.add(
                Heading("The road map"),
                self.single(ROAD_MAP, "", caption, key="road-map"),
                figures.distribution(
                    "figure-4",
                    "Figure 4: Councils at each step of the road map",
                    tables[ROAD_MAP],
                    self.region_table(ROAD_MAP),
                    self.scope,
                    "the road-map table",
                    numbered=True,
                ),
            )


def build_document(
    data: WaveData, region: str = "", *, progress: Progress | None = None, today: datetime.date | None = None
) -> Document:
    """The national report (region "") or a region's, from data read once by `inputs.wave_data`."""
    return Report(data, region, today).document(progress)
