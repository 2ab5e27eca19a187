"""The files as printed: a tagged PDF with its running title off the cover, and a Word file in British English
with its charts at print resolution and its header off the cover."""

from __future__ import annotations

import io
import struct
import subprocess
import tempfile
import zipfile

import pytest
from docx.oxml.ns import qn

from msp.reports import selectors
from msp.reports.documents import build
from tests.reports.documents.conftest import docx_open, pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def files(wave2016, django_db_blocker) -> dict[str, bytes]:
    with django_db_blocker.unblock():
        data = build.wave_data(selectors.wave_by_code("2016"))
        return {g.fmt: g.content for g in build.generate_formats(data, ["pdf", "docx"])}


def test_the_pdf_is_tagged(files):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(files["pdf"])
        pdf.flush()
        info = subprocess.run(["pdfinfo", pdf.name], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info


def test_the_running_title_is_not_on_the_cover_but_on_the_pages_after(files):
    pages = pdf_pages(files["pdf"])
    title = "MSP temperature check 2016: National report"
    assert title not in pages[0]  # the cover has the title once, as the heading, with no hidden copy
    assert all(title in page for page in pages[1:])


def test_no_page_is_left_mostly_empty_between_sections(files):
    pages = pdf_pages(files["pdf"])
    # The findings sections run on: the cover, foreword and appendices start pages, nothing else does.
    assert len(pages) < 30
    assert "Summary of findings" in " ".join(pages[1:4])


def test_the_word_file_is_british_english_throughout(files):
    word = docx_open(files["docx"])
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    for name in ("Normal", "Heading 1", "Caption", "Quote"):
        assert word.styles[name].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB", name
    assert word.core_properties.language == "en-GB"


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def test_charts_in_the_word_file_are_at_print_resolution(files):
    word = docx_open(files["docx"])
    pictures = word.inline_shapes
    assert len(pictures) >= 3
    media = {}
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as archive:
        for name in archive.namelist():
            if name.startswith("word/media/") and name.endswith(".png"):
                media[name] = archive.read(name)
    for shape in pictures:
        rel = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        part = word.part.related_parts[rel]
        width_px, _ = _png_size(part.blob)
        inches = shape.width / 914400
        assert width_px / inches >= 295, (width_px, inches)  # 300 dpi at the size set in the document
    assert media


def test_the_word_header_is_not_on_the_cover(files):
    section = docx_open(files["docx"]).sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "MSP temperature check 2016: National report"
    assert not section.first_page_header.paragraphs[0].text
