"""The generated PDF, Word and HTML reports, opened and read: tables, figures, quotes and suppression."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser

import pytest
from docx.oxml.ns import qn
from PIL import Image

from msp.reports.documents import build
from tests.reports.documents.conftest import (
    all_text,
    council_names,
    docx_open,
    docx_text,
    html_text,
    pdf_pages,
    pdf_text,
)

# The fixture writes ten reports in three formats (tagged PDFs, 300 dpi charts) before the first test.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200)]

FORMATS = build.FORMATS


def docx_table(content: bytes, caption_start: str) -> list[list[str]]:
    """The rows (cell texts) of the Word table whose caption starts so."""
    for table in docx_open(content).tables:
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        if caption is not None and caption.get(qn("w:val")).startswith(caption_start):
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table captioned {caption_start!r}")


class Tables(HTMLParser):
    """Each HTML table's caption, column headings and rows; and every element's id."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self.ids: list[str] = []
        self.th_without_scope = 0
        self._where: str | None = None
        self._row: list[str] | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "table":
            self.tables.append({"caption": "", "columns": [], "rows": []})
        elif tag == "th" and "scope" not in attrs:
            self.th_without_scope += 1
        elif tag == "tr":
            self._row = []
        if tag in ("caption", "th", "td"):
            self._where, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._row is not None:
            self._row.append(" ".join(self._text.split()))
        elif tag == "caption":
            self.tables[-1]["caption"] = " ".join(self._text.split())
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            (table["rows"] if table["columns"] else table["columns"]).extend(
                [self._row] if table["columns"] else self._row
            )
            self._row = None
        if tag in ("caption", "th", "td"):
            self._where = None

    def handle_data(self, data):
        if self._where:
            self._text += data


def html_tables(content: bytes) -> Tables:
    parser = Tables()
    parser.feed(content.decode("utf-8"))
    return parser


def html_table(content: bytes, caption_start: str) -> dict:
    for table in html_tables(content).tables:
        if table["caption"].startswith(caption_start):
            return table
    raise AssertionError(f"no table captioned {caption_start!r}")


# --- the national report ------------------------------------------------------------------------------------


def test_the_national_pdf_has_every_table_and_figure_of_the_report(reports):
    text = pdf_text(reports[("", "pdf")])
    for n in range(1, 11):
        assert f"Table {n}:" in text, n
    for caption in (
        "Figure 1: Partners reported to be very involved in MSP",
        "Figure 2: How partner involvement compares with 2014-15",
        "Figure 3: Interviewer's evaluation of the organisation's achievement of MSP",
        "Figure 4: Councils at each step of the road map",
        "Appendix 1: How mature are the mechanisms",
    ):
        assert caption in text, caption
    assert re.search(r"Yes\s+79\s+69%", text)  # Table 4
    assert re.search(r"Very positively\s+57\s+50%\s+36%", text)  # Table 9 beside 2014-15
    assert re.search(r"Overall positive \(very or fairly\)\s+111\s+97%\s+74%", text)
    assert re.search(r"B\) Planning completed and rolling out\s+66\s+57%", text)  # Table 10
    assert "moderated 14 of the 115 self-ratings: 13 to a lower rating and 1 to a higher one" in text


def test_the_pdf_prints_the_computed_percentage_where_the_report_slipped(reports):
    text = pdf_text(reports[("", "pdf")])
    table5 = text[text.index("Table 5:") : text.index("Table 6:")]
    assert re.search(r"No\s+18\s+16%", table5)  # the report printed 15%


def test_the_pdf_has_page_numbers_and_a_running_title(reports):
    pages = pdf_pages(reports[("", "pdf")])
    assert len(pages) > 10
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert "MSP temperature check 2016: National report" in pages[1]


def test_the_grids_are_laid_out_level_or_agency_by_option(reports):
    for content, rows in (
        (reports[("", "docx")], docx_table(reports[("", "docx")], "Table 3:")),
        (reports[("", "html")], None),
    ):
        if rows is None:
            table = html_table(content, "Table 3:")
            rows = [table["columns"], *table["rows"]]
        assert rows[0] == [
            "Agency",
            "Very involved",
            "Fairly involved",
            "Not very involved",
            "Not at all involved",
            "Don't know",
            "Too soon to say",
            "Total",
        ]
        by_agency = {row[0]: row[1:] for row in rows[1:]}
        assert by_agency["Council Adult Social Care"] == [
            "63 (55%)",
            "50 (43%)",
            "1 (1%)",
            "0 (0%)",
            "0 (0%)",
            "1 (1%)",
            "115",
        ]
        assert by_agency["Other specialist NHS provider"][-1] == "87"
        assert by_agency["Other"][-1] == "31"
    table2 = docx_table(reports[("", "docx")], "Table 2:")
    assert table2[1] == [
        "Strategic/partnership/board",
        "45 (39%)",
        "48 (42%)",
        "19 (17%)",
        "2 (2%)",
        "1 (1%)",
        "115",
    ]


def test_the_word_tables_hold_the_figures_and_repeat_their_header_row(reports):
    content = reports[("", "docx")]
    assert docx_table(content, "Table 4:") == [
        ["Answer", "Number of responses", "% of responses"],
        ["Yes", "79", "69%"],
        ["Partly", "32", "28%"],
        ["No", "4", "3%"],
        ["Total", "115", "100%"],
    ]
    table9 = docx_table(content, "Table 9:")
    assert table9[-2] == ["Overall positive (very or fairly)", "111", "97%", "74%"]
    for table in docx_open(content).tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None


def test_the_word_document_uses_heading_styles_and_describes_its_figures(reports):
    document = docx_open(reports[("", "docx")])
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Caption"} <= styles
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any(c.startswith("Figure 1:") for c in captions)
    pictures = document.inline_shapes
    assert len(pictures) == 4
    for picture in pictures:
        doc_pr = picture._inline.docPr
        assert doc_pr.get("descr", "").startswith("Bar chart")
        assert doc_pr.get("title", "").startswith("Figure")
    data = docx_table(reports[("", "docx")], "Data for Figure 1")
    assert data[1] == ["Council Adult Social Care", "55% (63 of 115)"]


def test_the_html_is_one_accessible_file(reports):
    content = reports[("", "html")]
    text = content.decode("utf-8")
    assert '<html lang="en-GB">' in text
    assert "<link" not in text and "<script" not in text and "src=" not in text
    parsed = html_tables(content)
    assert parsed.th_without_scope == 0
    assert all(table["caption"] for table in parsed.tables)
    assert len(parsed.ids) == len(set(parsed.ids)), "duplicate ids"
    svgs = re.findall(r"<svg [^>]*>", text)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg
        title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
        assert f'<title id="{title_id}">Figure' in text
        assert f'<desc id="{desc_id}">Bar chart' in text


def test_figure_two_says_the_baseline_was_not_published(reports):
    for fmt in FORMATS:
        text = all_text(reports[("", fmt)], fmt)
        assert "2014-15 scores are not published" in text, fmt
    rows = docx_table(reports[("", "docx")], "Data for Figure 2")
    assert rows[0] == ["Agency", "Very or fairly involved", "Score 2016", "Score 2014-15", "Change"]
    assert rows[1] == ["Council Adult Social Care", "98%", "+97", "Not published", "–"]


def test_a_page_of_the_pdf_renders_to_a_picture_with_a_chart(reports, tmp_path):
    content = reports[("", "pdf")]
    pdf = tmp_path / "national.pdf"
    pdf.write_bytes(content)
    page = next(i for i, text in enumerate(pdf_pages(content), start=1) if "Figure 1:" in text)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("RGB")
    pixels = [image.getpixel((x, y)) for y in range(image.size[1]) for x in range(image.size[0])]
    inked = sum(1 for p in pixels if p != (255, 255, 255))
    blue = sum(1 for r, g, b in pixels if b > 150 and r < 80 and 90 < g < 140)  # the bars, #1d70b8
    assert image.size[0] > 400 and inked > len(pixels) * 0.03 and blue > 500


# --- regional reports ---------------------------------------------------------------------------------------


def test_every_region_has_a_report_in_every_format(reports, data):
    for region in data.regions:
        for fmt in FORMATS:
            text = all_text(reports[(region, fmt)], fmt)
            assert f"Regional report: {region}" in text, (region, fmt)
            assert "Table 4:" in text and "Table 10:" in text, (region, fmt)


def test_a_region_is_shown_beside_england(reports, data, shown_regions):
    for region in shown_regions:
        table = data.analysis(region).tabulation.tables["asked_outcomes"]
        yes = table.option("yes")
        expected = [f"{region}: number", f"{region}: %", "England: %"]
        rows = docx_table(reports[(region, "docx")], "Table 4:")
        assert rows[0][1:] == expected
        assert rows[1] == ["Yes", str(yes.count), f"{yes.percent}%", "69%"]
        html = html_table(reports[(region, "html")], "Table 4:")
        assert html["columns"][1:] == expected and html["rows"][0] == rows[1]
        assert re.search(rf"Yes\s+{yes.count}\s+{yes.percent}%\s+69%", pdf_text(reports[(region, "pdf")]))


def test_a_regional_grid_gives_the_region_and_englands_percentage_in_each_cell(reports, data, shown_regions):
    region = shown_regions[0]
    mine = data.analysis(region).tabulation.tables["engagement.board"]
    rows = docx_table(reports[(region, "docx")], "Table 2:")
    very = mine.option("very_well")
    assert rows[1][1] == f"{very.count} ({very.percent}%)\nEngland 39%"
    assert rows[1][-1] == f"{mine.base}\nEngland 115"


def test_suppressed_regions_never_show_a_count(reports, data, hidden_regions):
    assert hidden_regions, "the threshold should hide at least one region"
    for region in hidden_regions:
        interviews = sum(1 for r in data.responses if r.region == region)
        for fmt in FORMATS:
            content = reports[(region, fmt)]
            text = all_text(content, fmt)
            assert f"{region}: not shown" in text, (region, fmt)
            assert f"{region}: {interviews}" not in text
            assert f"{region}: number" not in text and f"{region}: %" not in text
        for table in html_tables(reports[(region, "html")]).tables:
            assert not any(region in column for column in table["columns"]), table["caption"]
        for table in docx_open(reports[(region, "docx")]).tables:
            assert not any(region in cell.text for cell in table.rows[0].cells)


# --- quotes -------------------------------------------------------------------------------------------------


APPENDIX = "Appendix 2: Councils interviewed"


def test_quotes_never_name_a_council_that_did_not_consent(reports, coded, wave2016):
    names = council_names(wave2016, consented=False)
    assert set(coded.hidden_names) <= set(names)
    # A named council may contain another's name ("South Gloucestershire"): take the named ones out first.
    named = re.compile(
        "|".join(re.escape(n) for n in sorted(council_names(wave2016, consented=True), key=len)[::-1])
    )
    for (region, fmt), content in reports.items():
        # The appendix lists every council that took part, as the published report does: taking part is not
        # a quote. Everything before it must name no council that did not consent.
        text = all_text(content, fmt)
        text = named.sub("", text[: text.rfind(APPENDIX)])
        for name in names:
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), (region, fmt, name)
    for fmt in FORMATS:  # the chosen quotes, their councils' names taken out
        assert "[the council] the front door now asks people first" in all_text(reports[("", fmt)], fmt)


def test_a_regional_report_quotes_the_regions_councils(reports, data, coded, shown_regions, hidden_regions):
    named_somewhere = False
    for region in shown_regions:
        # A shown region's quotes are its councils', each named (consented) or "a council in <region>":
        # never the anonymous "a council", which the region's report would place in the region.
        assert f"The quotes are from councils in {region}." in html_text(reports[(region, "html")])
        captions = re.findall(r"<figcaption>(.*?)</figcaption>", reports[(region, "html")].decode())
        assert captions and not {"a council", "A council"} & set(captions), region
        for name in (c for c in captions if not c.lower().startswith("a council in ")):
            named_somewhere = True
            assert f"— {name}" in docx_text(reports[(region, "docx")])
    assert named_somewhere
    # Leicester consented and is quoted in England's report, but its region (East Midlands) is suppressed: its
    # report quotes no one, since the number of quotes would give the region's hidden theme counts away.
    region = next(r.region for r in data.responses if r.council_name in coded.named)
    assert region in hidden_regions
    assert "<figcaption>" not in reports[(region, "html")].decode()
    for name in coded.named:
        assert f"— {name}" not in docx_text(reports[(region, "docx")])


def test_a_consenting_council_is_named_beside_its_quote(reports, coded):
    assert coded.named
    for name in coded.named:
        assert f"<figcaption>{name}</figcaption>" in reports[("", "html")].decode()
        assert f"— {name}" in docx_text(reports[("", "docx")])


def test_the_themes_section_counts_coded_answers(reports):
    rows = docx_table(reports[("", "docx")], "Themes in answers to “What is blocking")
    assert rows[0] == ["Theme", "Answers", "% of coded answers"]
    assert len(rows) > 3
    terms = docx_table(reports[("", "docx")], "Terms used in answers")
    assert terms[1][0].startswith("“outcome” (outcome, outcomes)")


def test_a_regional_themes_table_puts_the_regions_counts_beside_englands(reports):
    rows = docx_table(reports[("London", "docx")], "Themes in answers to “What is blocking")
    assert rows[0] == ["Theme", "London: answers", "London: %", "England: % of coded answers"]
    hidden = docx_table(reports[("East of England", "docx")], "Themes in answers to “What is blocking")
    assert hidden[0] == ["Theme", "England: Answers", "England: % of coded answers"]


def test_the_appendix_lists_every_council_that_took_part(reports, data):
    text = all_text(reports[("", "html")], "html")
    appendix = text[text.rfind(APPENDIX) :]
    for response in data.responses:
        assert response.council_name in appendix
