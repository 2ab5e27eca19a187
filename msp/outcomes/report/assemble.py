"""Assemble a region's outcome report as a `Document`: the region beside England, over the years, council by
council, concerns that do not become enquiries, the person's voice and how the figures were made.

Every figure comes from `protect` (published through msp.core.disclosure: a regional report goes beyond any
one council's staff, so nothing in it is exact), and charts are drawn from the published figures only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.text import slugify

from msp.core.disclosure import Published
from msp.outcomes import indicators
from msp.outcomes.measures import measure
from msp.outcomes.report import charts
from msp.outcomes.report.charts import ENGLAND, number
from msp.outcomes.report.inputs import RETURN_COUNTS, ReportData, report_measures
from msp.outcomes.report.protect import Figures, protect
from msp.reports.documents.content import (
    BulletList,
    DataTable,
    Document,
    Figure,
    Heading,
    Paragraph,
    Quote,
    QuoteGroup,
    Row,
    Section,
    cell,
)

ENGLAND_KEY = "england"
HEADLINE = (
    "concerns",
    "s42_enquiries",
    "individuals_with_concern",
    "conversion_rate",
    "asked_and_expressed",
    "outcomes_fully_achieved",
    "outcomes_partially_achieved",
    "risk_reduced_or_removed",
    "feels_safer_person_at_closure",
)
TREND = (
    "asked_and_expressed",
    "outcomes_fully_achieved",
    "risk_reduced_or_removed",
    "feels_safer_person_at_closure",
)
COUNCIL_COLUMNS = (
    ("concerns", "Concerns"),
    ("s42_enquiries", "Section 42 enquiries started"),
    ("conversion_rate", "Concerns that became an enquiry"),
    ("asked_and_expressed", "Asked and expressed outcomes"),
    ("outcomes_fully_achieved", "Outcomes fully achieved"),
    ("risk_reduced_or_removed", "Risk reduced or removed"),
)
DISTRIBUTED = ("asked_and_expressed", "outcomes_fully_achieved")
NO_ENQUIRY = (
    ("no_enquiry_info_advice", "Information and advice"),
    ("no_enquiry_signposted", "Signposted to community or voluntary services"),
    ("no_enquiry_referred", "Referred for assessment or other support"),
    ("no_enquiry_no_further_action", "No further action"),
)
GROUPS = (
    ("concerns", "Concerns and what was decided"),
    ("enquiries", "Enquiries: asked, involved, outcomes achieved"),
    ("feedback", "What people said at the end"),
)
POOLED_AXIS = "% (pooled from the councils' counts)"


def text(p: Published) -> str:
    """A published figure as printed: counts of a thousand or more with commas (12,345)."""
    if not p.percent and isinstance(p.value, int) and p.value >= 1000:
        return f"{p.value:,}"
    return p.text


def in_prose(region: str) -> str:
    """ "the North West", "the East of England", but "London" and "Yorkshire and The Humber"."""
    return f"the {region}" if region.split()[0] in ("North", "South", "East", "West") else region


class Report:
    """One region's report being assembled from its `ReportData`."""

    def __init__(self, data: ReportData):
        self.data = data
        self.name = data.region.name
        self.year = data.year
        self.measures = report_measures()
        self._figures: dict[str, tuple[Figures, Figures]] = {}
        self.figure_count = 0

    # --- figures -------------------------------------------------------------------------------------

    def figures(self, year: str) -> tuple[Figures, Figures]:
        """The year's figures: the region's councils with the region pooled, and England's."""
        if year not in self._figures:
            codes = [m.code for m in self.measures]
            councils = [c.pk for c in self.data.councils]
            region = protect(
                self.measures,
                {c: self.data.region_values(c, year) for c in codes},
                councils,
                side_by_side=[code for code, _ in COUNCIL_COLUMNS],
            )
            england = protect(
                self.measures,
                {c: {ENGLAND_KEY: self.data.england_value(c, year)} for c in codes},
                [ENGLAND_KEY],
            )
            self._figures[year] = (region, england)
        return self._figures[year]

    def region(self, code: str, year: str = "") -> Published:
        return self.figures(year or self.year)[0].pool(code)

    def england(self, code: str, year: str = "") -> Published:
        return self.figures(year or self.year)[1].of(ENGLAND_KEY, code)

    def council(self, council, code: str) -> Published:
        return self.figures(self.year)[0].of(council.pk, code)

    def beside_table(self, key: str, caption: str, rows: list[tuple[str, str]], notes=()) -> DataTable:
        """Measure | the region | England, for (code, label) pairs."""
        body = tuple(
            Row(label, (cell(text(self.region(code))), cell(text(self.england(code)))))
            for code, label in rows
        )
        return DataTable(key, caption, ("Measure", self.name, ENGLAND), body, tuple(notes))

    def next_figure(self) -> int:
        self.figure_count += 1
        return self.figure_count

    # --- the document --------------------------------------------------------------------------------

    def document(self) -> Document:
        doc = Document(
            f"Safeguarding outcomes {self.year}",
            f"Regional report: {self.name}",
            self.name,
            self.facts(),
            subject="MSP outcome indicators",
        )
        for key, title, build in self.builders():
            section = Section(key, title)
            build(section)
            if section.blocks:
                doc.sections.append(section)
        return doc

    def builders(self) -> list[tuple[str, str, Callable[[Section], None]]]:
        return [
            ("summary", "Summary", self.summary),
            ("beside-england", f"{self.name} beside England", self.beside_england),
            ("trend", "Over the years", self.trend),
            ("councils", "Council by council", self.councils),
            ("no-enquiry", "When a concern does not become an enquiry", self.no_enquiry),
            ("voice", "The person's voice", self.voice),
            ("method", "How the figures were made", self.method),
        ]

    def facts(self) -> tuple[str, ...]:
        submitted = len(self.data.region_submitted(self.year))
        return (
            f"Generated on {self.data.today:%-d %B %Y} by MSP from the councils' safeguarding records and the"
            " returns they uploaded.",
            f"{self.name}: {submitted} of {len(self.data.councils)} councils submitted figures for"
            f" {self.year}.",
            f"England: {len(self.data.submitted[self.year])} councils submitted figures for {self.year}.",
            "Published figures: [c] too few to publish, counts rounded to the nearest 5, [x] not submitted.",
        )

    # --- summary -------------------------------------------------------------------------------------

    def summary(self, section: Section) -> None:
        section.add(self.coverage(), *self.key_findings())
        rows = [(code, measure(code).name) for code in HEADLINE]
        section.add(self.beside_table("headline", f"Headline figures, {self.year}", rows))

    def coverage(self) -> Paragraph:
        submitted, total = len(self.data.region_submitted(self.year)), len(self.data.councils)
        where = f"councils in {in_prose(self.name)}"
        if not submitted:
            return Paragraph(
                f"None of the {total} {where} submitted figures for {self.year}, so every figure for the"
                " region is shown as [x] (not submitted). England's figures are shown for reference.",
                kind="warning",
            )
        if submitted == total:
            opening = f"All {total} {where} submitted figures for {self.year}."
        else:
            opening = (
                f"{submitted} of the {total} {where} submitted figures for {self.year}; the others show as"
                " [x]."
            )
        return Paragraph(
            f"{opening} This report pools their figures and sets them beside England's, pooled in the same"
            f" way from the {len(self.data.submitted[self.year])} councils that submitted. Councils' counts"
            " are added, never their percentages averaged, so each council's people count once."
        )

    def key_findings(self) -> list[Paragraph]:
        """Plain sentences for the measures most asked about, only where both figures are published."""
        said = {
            "asked_and_expressed": "In {region}, people were asked what outcomes they wanted, and said what"
            " they were, in {mine} of the Section 42 enquiries concluded in {year} (England: {theirs}).",
            "outcomes_fully_achieved": "Where they said, their outcomes were fully achieved in {mine}"
            " (England: {theirs}).",
            "risk_reduced_or_removed": "Where a risk was found and acted on, it was reduced or removed in"
            " {mine} (England: {theirs}).",
            "feels_safer_person_at_closure": "Of the people asked at the end of an enquiry, {mine} said they"
            " felt safer (England: {theirs}).",
        }
        sentences = []
        for code, words in said.items():
            mine, theirs = self.region(code), self.england(code)
            if number(mine) is not None and number(theirs) is not None:
                sentences.append(
                    words.format(region=in_prose(self.name), mine=mine, theirs=theirs, year=self.year)
                )
        return [Paragraph(" ".join(sentences))] if sentences else []

    # --- the region beside England -------------------------------------------------------------------

    def beside_england(self, section: Section) -> None:
        section.add(
            Paragraph(
                f"Every measure for {self.year}: the councils in {in_prose(self.name)} pooled, beside"
                " England's. Each percentage is of the records its measure counts (as the indicator's"
                " definition says), so the bases differ from one measure to the next."
            )
        )
        for records, title in GROUPS:
            rows = [(code, measure(code).name) for code in RETURN_COUNTS] if records == "concerns" else []
            rows += [
                (ind.code, ind.name)
                for ind in indicators.all_indicators()
                if ind.records == records and not ind.code.startswith("no_enquiry_")
            ]
            section.add(self.beside_table(f"beside-{records}", f"{title}, {self.year}", rows))

    # --- over the years ------------------------------------------------------------------------------

    def trend(self, section: Section) -> None:
        years = self.data.years
        if len(years) < 2:
            section.add(
                Paragraph(f"MSP holds figures for {self.year} only, so there is no trend to show yet.")
            )
            return
        counts = "; ".join(f"{y}: {len(self.data.region_submitted(y))}" for y in years)
        section.add(
            Paragraph(
                f"The measures most asked about, for each reporting year MSP holds from {years[0]} to"
                f" {years[-1]}, pooled in the same way. The councils that submitted can change from one year"
                f" to the next (councils in {in_prose(self.name)} that submitted: {counts})."
            )
        )
        for code in TREND:
            section.add(self.trend_figure(code))

    def trend_figure(self, code: str) -> Figure | DataTable:
        """A chart of the region and England by year with its data; only the table when no figure in it is
        published, since a chart of nothing says nothing."""
        m, years, key = measure(code), self.data.years, f"trend-{slugify(code)}"
        mine = [self.region(code, y) for y in years]
        theirs = [self.england(code, y) for y in years]
        rows = tuple(
            Row(y, (cell(a.text), cell(b.text))) for y, a, b in zip(years, mine, theirs, strict=True)
        )
        columns = ("Reporting year", self.name, ENGLAND)
        if charts.nothing_to_chart(mine, theirs):
            return DataTable(key, f"{m.name}, by reporting year", columns, rows)
        n = self.next_figure()
        return charts.beside(
            key,
            f"Figure {n}: {m.name}, by reporting year",
            years,
            (self.name, mine),
            theirs,
            what=f"{m.name}, each reporting year from {years[0]} to {years[-1]}",
            axis=POOLED_AXIS,
            data=DataTable(f"{key}-data", f"Data for Figure {n}", columns, rows),
        )

    # --- council by council --------------------------------------------------------------------------

    def councils(self, section: Section) -> None:
        section.add(
            Paragraph(
                f"Each council in {in_prose(self.name)}, with the region and England pooled below. A"
                f" council that did not submit figures for {self.year} is shown as [x]. A [c] is a figure too"
                " small to publish, or one hidden so that another [c] cannot be worked out from the region's"
                " total."
            )
        )
        section.add(self.council_table())
        for code in DISTRIBUTED:
            section.add(self.distribution(code))

    def council_table(self) -> DataTable:
        rows = [
            Row(c.short_name, tuple(cell(text(self.council(c, code))) for code, _ in COUNCIL_COLUMNS))
            for c in self.data.councils
        ]
        for label, shown in ((f"{self.name} (pooled)", self.region), (f"{ENGLAND} (pooled)", self.england)):
            rows.append(Row(label, tuple(cell(text(shown(code))) for code, _ in COUNCIL_COLUMNS), total=True))
        notes = [
            "Concerns and enquiries started are counts; the other columns are percentages, each of the"
            " records its measure counts.",
        ]
        if self.data.uploaded:
            names = ", ".join(c.short_name for c in self.data.uploaded)
            notes.append(
                f"Uploaded returns ({names}) hold the return's figures only, so their outcome indicators are"
                " [x]."
            )
        columns = ("Council", *(label for _, label in COUNCIL_COLUMNS))
        caption = f"Each council's figures, {self.year}"
        return DataTable("councils", caption, columns, tuple(rows), tuple(notes), wide=True)

    def distribution(self, code: str) -> Figure | Paragraph:
        m = measure(code)
        councils = [(c.short_name, self.council(c, code)) for c in self.data.councils]
        if charts.nothing_to_chart([p for _, p in councils]):
            return Paragraph(
                f"{m.name}: no council's figure for {self.year} can be published, so there is no chart.",
                kind="note",
            )
        pooled = [(f"{self.name} pooled", self.region(code)), (f"{ENGLAND} pooled", self.england(code))]
        return charts.distribution(
            f"distribution-{slugify(code)}",
            f"Figure {self.next_figure()}: {m.name}, council by council, {self.year}",
            councils,
            pooled,
            what=f"{m.name} in each council in {in_prose(self.name)}, {self.year}",
            year=self.year,
        )

    # --- concerns with no enquiry --------------------------------------------------------------------

    def no_enquiry(self, section: Section) -> None:
        section.add(
            Paragraph(
                "Most safeguarding concerns do not become an enquiry. What happens to them matters as much to"
                " the people concerned: whether they were given information and advice, pointed to other"
                " help or referred for support, or whether nothing further was done. Each figure is a"
                f" percentage of the concerns received in {self.year} that were decided as no enquiry."
            ),
            self.beside_table(
                "no-enquiry",
                f"Concerns with no enquiry: what happened, {self.year}",
                NO_ENQUIRY,
                notes=("A concern has at most one of these outcomes; any left over have none recorded.",),
            ),
        )
        mine = [self.region(code) for code, _ in NO_ENQUIRY]
        theirs = [self.england(code) for code, _ in NO_ENQUIRY]
        if charts.nothing_to_chart(mine, theirs):
            return
        section.add(
            charts.beside(
                "no-enquiry-figure",
                f"Figure {self.next_figure()}: What happened to concerns with no enquiry, {self.year}",
                [label for _, label in NO_ENQUIRY],
                (self.name, mine),
                theirs,
                what=f"what happened to concerns with no enquiry, {self.year}",
                axis="% of concerns decided as no enquiry",
            )
        )

    # --- the person's voice --------------------------------------------------------------------------

    def voice(self, section: Section) -> None:
        section.add(
            Paragraph(
                "At the end of an enquiry people, or those who speak for them, are asked how it went, and"
                " whether what they say may be quoted. These are some of the comments they agreed to, from"
                f" enquiries concluded in {self.year} across {in_prose(self.name)}. They are shown without"
                " names and without saying which council they came from."
            )
        )
        if not self.data.quotes:
            section.add(
                Paragraph(
                    f"No comments that people agreed may be quoted were recorded in {in_prose(self.name)} for"
                    f" {self.year}.",
                    kind="note",
                )
            )
            return
        attribution = f"a person or their representative, {self.year}"
        section.add(
            Heading("In their own words"),
            QuoteGroup(
                f"Enquiries concluded in {self.year}", tuple(Quote(q, attribution) for q in self.data.quotes)
            ),
        )

    # --- method --------------------------------------------------------------------------------------

    def method(self, section: Section) -> None:
        items = [
            "Pooling: a figure for the region, or for England, adds up the councils' own counts and divides"
            " the total by the total of their bases. Percentages are never averaged, so each council counts"
            " in proportion to its people.",
            "England means the councils that submitted figures for the year, the region's included; a"
            " council that did not submit counts neither as zero nor at all.",
            "Where the figures come from: most councils' figures are worked out from the safeguarding records"
            " they keep in MSP; a council that records elsewhere may upload its Safeguarding Adults"
            " Collection return instead, which counts in the same way but holds the return's figures only.",
            "A reporting year runs from 1 April to 31 March. Each indicator counts the concerns received, the"
            " enquiries concluded or the feedback given in the year, as its definition says.",
            "[c]: a count of 0 to 4 is not published, nor a percentage whose base, count or the records it"
            " leaves out number 0 to 4. Where a total less the figures shown would give a [c] back, another"
            " figure is hidden as well, so none can be worked out.",
            "Other counts are rounded to the nearest 5. Percentages are worked out from the unrounded counts"
            " and rounded half up to one decimal place, so they may not add up to exactly 100%.",
            "[x]: not submitted. The council had no records in MSP for the year and uploaded no return, or"
            " its return does not hold the figure. [x] is never zero.",
        ]
        section.add(BulletList(tuple(items)))


def build_document(data: ReportData) -> Document:
    return Report(data).document()
