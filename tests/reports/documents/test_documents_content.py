"""The report's building blocks as plain data: narrative text, table layout, figures, charts (no database)."""

import re

from msp.reports.documents import charts, figures
from msp.reports.documents.content import BulletList, Figure, Paragraph, Series, narrative_blocks
from msp.reports.documents.layout import Scope, grid_table, pct, signed, single_table
from msp.reports.findings import findings
from msp.reports.tabulate import OptionCount, Table, Tabulation


def table(code, counts, text="Are people asked?", label="Table 4", grid=""):
    base = sum(counts.values())
    options = tuple(
        OptionCount(c, c.title(), "", n, None if not base else round(100 * n / base))
        for c, n in counts.items()
    )
    return Table(code, text, label, base, options, grid_code=grid, grid_text="How involved?" if grid else "")


ENGLAND = table("asked_outcomes", {"yes": 79, "partly": 32, "no": 4})
REGION = table("asked_outcomes", {"yes": 6, "partly": 3, "no": 0})


def test_narrative_paragraphs_bullets_and_numbers_are_kept_as_typed():
    text = "First point,\nstill first.\n\n- one\n- two\n\n1. alpha\n2) beta\n\n<b>not bold</b>"
    assert narrative_blocks(text) == [
        Paragraph("First point, still first.", "narrative"),
        BulletList(("one", "two"), kind="narrative"),
        BulletList(("alpha", "beta"), numbered=True, kind="narrative"),
        Paragraph("<b>not bold</b>", "narrative"),
    ]
    assert narrative_blocks("  \n\n ") == []


def test_percentages_and_scores_read_as_the_report_prints_them():
    assert (pct(39), pct(None), signed(12), signed(-3), signed(0)) == ("39%", "–", "+12", "-3", "0")


def test_a_national_table_gives_number_and_percentage_with_a_total():
    laid = single_table("table-4", "Table 4: Asked?", ENGLAND, None, Scope())
    assert laid.columns == ("Answer", "Number of responses", "% of responses")
    assert [(r.heading, [c.text for c in r.cells]) for r in laid.rows] == [
        ("Yes", ["79", "69%"]),
        ("Partly", ["32", "28%"]),
        ("No", ["4", "3%"]),
        ("Total", ["115", "100%"]),
    ]


def test_a_regional_table_puts_the_region_beside_england():
    laid = single_table("table-4", "Table 4", ENGLAND, REGION, Scope("North East", True))
    assert laid.columns == ("Answer", "North East: number", "North East: %", "England: %")
    assert [c.text for c in laid.rows[0].cells] == ["6", "67%", "69%"]
    assert laid.notes == ("Answered: 9 in North East, 115 in England.",)


def test_a_suppressed_region_gets_englands_figures_and_a_reason_but_no_count():
    laid = single_table("table-4", "Table 4", ENGLAND, REGION, Scope("North East", False))
    assert laid.columns == ("Answer", "England: Number of responses", "England: % of responses")
    assert "North East: not shown" in laid.notes[0]
    assert "6" not in [c.text for r in laid.rows for c in r.cells][:1]


def test_a_grid_cell_holds_count_and_percentage_and_englands_beneath_in_a_regional_report():
    england = [table("involvement.police", {"very": 13, "fairly": 43}, grid="involvement")]
    region = [table("involvement.police", {"very": 1, "fairly": 3}, grid="involvement")]
    laid = grid_table("table-3", "Table 3", "involvement", england, region, Scope("London", True))
    assert laid.columns == ("Agency", "Very", "Fairly", "Total")
    assert laid.rows[0].cells[0].lines == ("1 (25%)", "England 23%")
    assert laid.rows[0].cells[-1].lines == ("4", "England 56")


def involvement(counts_by_agency):
    tables = {
        f"involvement.{a}": table(f"involvement.{a}", counts, text=a.title(), grid="involvement")
        for a, counts in counts_by_agency.items()
    }
    return findings(Tabulation(interviews=10, tables=tables))


def test_figure_one_ranks_and_describes_the_very_involved():
    found = involvement({"police": {"very": 1, "fairly": 9}, "sab": {"very": 6, "fairly": 4}})
    figure = figures.very_involved("figure-1", found, None, Scope())
    assert figure.categories == ("Sab", "Police")
    assert figure.series == (Series("England", (60, 10)),)
    assert "Highest: Sab 60%, Police 10%" in figure.alt
    assert [r.heading for r in figure.data.rows] == ["Sab", "Police"]


def test_figure_two_says_so_when_the_baseline_is_not_published():
    found = involvement({"police": {"very": 1, "fairly": 4, "not_very": 5}})
    figure = figures.improvement("figure-2", found, None, Scope(), "2016", "2014-15")
    assert figure.series == (Series("England 2016", (0,)),)
    assert "not published" in figure.notes[0]
    assert [c.text for c in figure.data.rows[0].cells] == ["50%", "0", "Not published", "–"]


def chart(key="figure-1"):
    return Figure(
        key, "Figure 1: Partners", ("A", "B"), (Series("England", (55, -4)),), "Bar chart: a test.", unit=""
    )


def test_an_svg_chart_is_labelled_for_screen_readers():
    svg = charts.svg(chart())
    assert svg.startswith("<svg ")
    assert 'role="img" aria-labelledby="figure-1-title figure-1-desc"' in svg
    assert '<title id="figure-1-title">Figure 1: Partners</title>' in svg
    assert '<desc id="figure-1-desc">Bar chart: a test.</desc>' in svg
    assert ">+55<" in svg and ">-4<" in svg  # values as text, not paths


def test_two_charts_on_one_page_share_no_ids():
    one, two = charts.svg(chart("figure-1")), charts.svg(chart("figure-2"))
    ids_one = set(re.findall(r'id="([^"]+)"', one))
    ids_two = set(re.findall(r'id="([^"]+)"', two))
    assert ids_one and not ids_one & ids_two
    for ref in re.findall(r"url\(#([^)]+)\)", one):
        assert ref in ids_one


def test_a_png_chart_is_a_png():
    assert charts.png(chart()).startswith(b"\x89PNG")
