"""`msp outcomes_report`: a region's report written as PDF, Word and HTML, found by GSS code or name."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError
from docx import Document as WordDocument
from pypdf import PdfReader

from msp.core.disclosure import is_published_text
from tests.outcomes_report.conftest import REGION, REGION_GSS, YEAR, report

pytestmark = pytest.mark.django_db


def test_it_writes_the_pdf_the_word_document_and_the_html(region_figures, tmp_path):
    written = report("--region", REGION_GSS, "--year", YEAR, "--format", "all", "--out", str(tmp_path))
    assert written.count("Wrote") == 3
    stem = "msp-outcomes-2023-24-return-test-region"

    pdf = PdfReader(io.BytesIO((tmp_path / f"{stem}.pdf").read_bytes()))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert REGION in text
    assert "70.0%" in text  # asked and expressed, pooled: 28 of the region's 40 enquiries
    assert len(pdf.pages) > 3

    word = WordDocument(str(tmp_path / f"{stem}.docx"))
    paragraphs = " ".join(p.text for p in word.paragraphs)
    assert f"Regional report: {REGION}" in paragraphs
    cells = {cell.text for t in word.tables for row in t.rows for cell in row.cells}
    assert "70.0%" in cells and "[x]" in cells
    assert word.core_properties.subject == "MSP outcome indicators"
    for t in word.tables:  # every figure, below the heading row and beside the row headings
        for row in t.rows[1:]:
            assert all(is_published_text(cell.text) for cell in row.cells[1:]), [c.text for c in row.cells]

    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and f"Regional report: {REGION}" in html


def test_it_finds_the_region_by_name_in_any_case(region_figures, tmp_path):
    out = tmp_path / "report.html"
    report("--region", REGION.upper(), "--year", YEAR, "--format", "html", "--out", str(out))
    assert REGION in out.read_text(encoding="utf-8")


def test_all_regions_writes_one_report_per_region_into_the_folder(region_figures, tmp_path):
    from msp.councils.models import Region

    report("--all-regions", "--year", YEAR, "--format", "html", "--out", str(tmp_path))
    names = {p.name for p in tmp_path.iterdir()}
    assert len(names) == Region.objects.count()
    assert {
        "msp-outcomes-2023-24-return-test-region.html",
        "msp-outcomes-2023-24-another-test-region.html",
        "msp-outcomes-2023-24-north-west.html",
    } <= names


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "Atlantis", "--year", YEAR], "There is no region 'Atlantis'"),
        (["--region", REGION_GSS, "--year", "2023"], "'2023' is not a reporting year"),
    ],
)
def test_it_refuses_an_unknown_region_or_year(region_figures, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args, "--format", "html", "--out", str(tmp_path / "x.html"))


def test_it_wants_a_folder_for_several_reports(region_figures, tmp_path):
    with pytest.raises(CommandError, match="must be an existing folder"):
        report("--region", REGION_GSS, "--year", YEAR, "--format", "all", "--out", str(tmp_path / "x.pdf"))
