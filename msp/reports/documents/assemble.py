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
from msp.reports.documents import drafts, figures
from msp.reports.documents.content import (
    DataTable,
    Document,
    Heading,
    Paragraph,
    Section,
    narrative_blocks,
)
from msp.reports.documents.coverage import councils_section, glossary_section, method_section
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
from msp.reports.documents.narratives import FINDINGS
from msp.reports.documents.text import base_note, default_text
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
GLOSSARY, COUNCILS = "glossary", "councils"
# The sections in report order, titled as the narratives page names them; then the parts with no narrative.
TITLES = {
    **dict(Narrative.Section.choices),
    GLOSSARY: "Glossary",
    COUNCILS: "Appendix 2: Councils interviewed",
}
AFTER = "after:"  # a narrative slot "after:<key>" sits after the table or figure with that key


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

    def narrative(self, section: str, slot: str = "") -> list:
        """The analysts' text for the slot, or the section's default text (foreword, recommendations)."""
        text = self.data.narrative(section, self.region, slot)
        if not text and not slot:
            text = default_text(section)
        return narrative_blocks(text)

    def facts_for_drafts(self) -> drafts.Facts:
        """The figures a findings draft is made from: the region's where shown, else England's."""
        analysis = self.mine if self.scope.beside else self.england
        group = self.region if self.scope.beside else ENGLAND
        coverage = self.data.coverage(self.region if self.scope.beside else "")
        terms = []
        if not self.region:
            terms = [
                drafts.Term(t.term, t.count, t.base) for shares in self.data.terms.values() for t in shares
            ]
        themes = []
        for question in self.data.themes:
            results = question.in_region(self.region) if self.scope.beside else question.results
            shown = [r for r in results if r.count is not None and not r.suppressed]
            if question.coded >= self.scope.threshold and shown:
                top = max(shown, key=lambda r: r.count)
                themes.append((question.text, top.name, top.percent))
        return drafts.Facts(
            tabulation=analysis.tabulation,
            findings=analysis.findings,
            group=group,
            terms=terms,
            themes=themes,
            interviewed=coverage.interviews,
            councils=coverage.councils,
            planned=coverage.planned,
        )

    def findings_text(self, section: str) -> list:
        """The analyst's saved findings for the section, otherwise the paragraph drafted from its data."""
        text = self.data.narrative(section, self.region, FINDINGS)
        if not text and not self.england.suppressed:
            text = drafts.draft(section, self.facts_for_drafts())
        return narrative_blocks(text)

    def place_after(self, section: Section) -> None:
        """Put the analysts' "after:<key>" texts after the table or figure they name."""
        placed = []
        for block in section.blocks:
            placed.append(block)
            key = getattr(block, "key", "")
            if key and not isinstance(block, Heading):
                placed.extend(self.narrative(section.key, f"{AFTER}{key}"))
        section.blocks = placed

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
            section.add(*self.narrative(key), *self.findings_text(key))
            builders[key](section)
            self.place_after(section)
            if section.blocks:
                doc.sections.append(section)
        return doc

    def builders(self) -> dict[str, Callable[[Section], None]]:
        if self.england.suppressed:
            return {S.FOREWORD: lambda section: None, S.METHOD_AND_COVERAGE: self.method}
        return {
            S.FOREWORD: lambda section: None,  # the analysts' text, or the default
            S.METHOD_AND_COVERAGE: self.method,
            S.SUMMARY: self.summary,
            S.ENGAGEMENT: self.engagement,
            S.OUTCOMES: partial(self.questions, key=S.OUTCOMES),
            S.IMPACT: partial(self.questions, key=S.IMPACT),
            S.THEMES: partial(themes_section, data=self.data, scope=self.scope),
            S.ACHIEVEMENT: self.achievement,
            S.RECOMMENDATIONS: lambda section: None,  # the analysts' text only
            S.USER_ENGAGEMENT: partial(self.questions, key=S.USER_ENGAGEMENT),
            GLOSSARY: glossary_section,
            COUNCILS: partial(councils_section, data=self.data),
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
        tables = self.england.tabulation.tables
        if INTERVIEWER_RATING in tables:
            region_rating = self.region_table(INTERVIEWER_RATING)
            section.add(
                shares_table(
                    "headline-achievement",
                    "Headline findings: how far councils have come in implementing MSP "
                    "(the interviewer's moderated rating)",
                    "Stage",
                    drafts.achievement_bands(tables[INTERVIEWER_RATING]),
                    drafts.achievement_bands(region_rating) if region_rating is not None else None,
                    self.scope,
                )
            )
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
        note = base_note(code, table.base, self.england.tabulation.interviews, self.items[code].condition)
        if note:
            notes = (*notes, note)
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
