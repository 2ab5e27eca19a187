"""The report as a Word document (python-docx): real tables with repeating header rows, Heading 1/2 styles,
figures as PNG with alt text (docPr descr) and captions, each followed by its data table.
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor

from msp.reports.documents import charts
from msp.reports.documents.content import (
    BulletList,
    DataTable,
    Document,
    Figure,
    Heading,
    Paragraph,
    QuoteGroup,
)

TEXT_WIDTH_MM = 174  # A4 less 18 mm margins
GREY = RGBColor(0x50, 0x5A, 0x5F)
HEADINGS = {3: "Heading 2", 4: "Heading 3"}  # our levels below the section (Heading 1)
# Sections that start a new page, as in the PDF (report.css): a new part of the report; the rest run on.
NEW_PAGE = {"foreword", "engagement", "recommendations", "councils"}


def _flag(parent, tag: str, **attrs: str) -> None:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    parent.append(element)


def _language(word, lang: str) -> None:
    """British English for the whole document: the defaults every style inherits, and each style that sets
    its own run properties (Word's spelling check and screen readers read `w:lang`)."""
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for style in [r_pr, *(s.element.get_or_add_rPr() for s in word.styles if s.type == 1)]:
        for old in style.findall(qn("w:lang")):
            style.remove(old)
        _flag(style, "w:lang", val=lang, eastAsia=lang, bidi="ar-SA")


def _setup(word, doc: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    _language(word, "en-GB")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    # The cover carries the title: the running header starts on page 2.
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = f"{doc.title}: {doc.subtitle}"
    props = word.core_properties
    props.title, props.subject, props.author = f"{doc.title}: {doc.subtitle}", doc.subject, "MSP"
    props.language = "en-GB"


def _cell_text(cell, lines: tuple[str, ...], *, numeric: bool, bold: bool, size: float) -> None:
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(line)
        run.font.size = Pt(size if i == 0 else size - 1)
        run.bold = bold and i == 0
        if i:
            run.font.color.rgb = GREY


def _widths(table: DataTable) -> list[float]:
    n = len(table.columns)
    first = 0.28 if table.wide else (0.5 if n <= 3 else 0.36)
    return [first] + [(1 - first) / (n - 1)] * (n - 1)


def add_table(word, table: DataTable) -> None:
    caption = word.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    size = 7.5 if table.wide else 8.5
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    _flag(grid._tbl.tblPr, "w:tblCaption", val=table.caption[:250])
    widths = [Mm(TEXT_WIDTH_MM * w) for w in _widths(table)]
    for row_index, row in enumerate(grid.rows):
        tr_pr = row._tr.get_or_add_trPr()
        _flag(tr_pr, "w:cantSplit")
        if row_index == 0:
            _flag(tr_pr, "w:tblHeader")  # repeat on every page the table runs to
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for i, heading in enumerate(table.columns):
        _cell_text(grid.rows[0].cells[i], (heading,), numeric=i > 0, bold=True, size=size)
    for r, row in enumerate(table.rows, start=1):
        cells = grid.rows[r].cells
        _cell_text(cells[0], (row.heading,), numeric=False, bold=row.total, size=size)
        for c, value in enumerate(row.cells, start=1):
            _cell_text(cells[c], value.lines, numeric=value.numeric, bold=row.total, size=size)
    _notes(word, table.notes)


def _notes(word, notes) -> None:
    for note in notes:
        paragraph = word.add_paragraph()
        run = paragraph.add_run(note)
        run.font.size, run.font.color.rgb = Pt(8.5), GREY
    if not notes:
        word.add_paragraph().paragraph_format.space_after = Pt(2)


def add_figure(word, figure: Figure) -> None:
    caption = word.add_paragraph(figure.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    picture = (
        word.add_paragraph()
        .add_run()
        # At the width it was drawn for, so the 300 dpi image prints at 300 dpi.
        .add_picture(io.BytesIO(charts.png(figure)), width=Inches(charts.WIDTH_INCHES))
    )
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", figure.alt)
    doc_pr.set("title", figure.caption)
    summary = word.add_paragraph()
    run = summary.add_run(figure.alt)
    run.font.size, run.font.color.rgb = Pt(8.5), GREY
    _notes(word, figure.notes)
    if figure.data is not None:
        add_table(word, figure.data)


def add_block(word, block) -> None:
    if isinstance(block, Paragraph):
        paragraph = word.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.kind == "warning":
            run.bold = True
        elif block.kind == "note":
            run.font.size, run.font.color.rgb = Pt(9), GREY
    elif isinstance(block, BulletList):
        for number, item in enumerate(block.items, start=block.start):
            if block.numbered:
                # Numbered by hand: Word's "List Number" would carry on from the previous list.
                paragraph = word.add_paragraph(f"{number}. {item}")
                paragraph.paragraph_format.left_indent = Mm(6)
            else:
                word.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Heading):
        word.add_heading(block.text, level=2 if block.level == 3 else 3)
    elif isinstance(block, DataTable):
        add_table(word, block)
    elif isinstance(block, Figure):
        add_figure(word, block)
    elif isinstance(block, QuoteGroup):
        word.add_heading(block.heading, level=3).paragraph_format.keep_with_next = True
        for quote in block.quotes:
            quoted = word.add_paragraph(f"“{quote.text}”", style="Quote")
            quoted.paragraph_format.keep_with_next = True
            by = word.add_paragraph()
            run = by.add_run(f"— {quote.attribution[:1].upper()}{quote.attribution[1:]}")
            run.font.size, run.font.color.rgb = Pt(9), GREY


def render_docx(doc: Document) -> bytes:
    word = WordDocument()
    _setup(word, doc)
    word.add_paragraph("Making Safeguarding Personal", style="Subtitle")
    word.add_heading(doc.title, level=0)
    word.add_paragraph(doc.subtitle, style="Subtitle")
    for line in doc.facts:
        word.add_paragraph(line)
    word.add_heading("Contents", level=1)
    for section in doc.sections:
        word.add_paragraph(section.title).paragraph_format.space_after = Pt(2)
    for section in doc.sections:
        heading = word.add_heading(section.title, level=1)
        heading.paragraph_format.page_break_before = section.key in NEW_PAGE
        for block in section.blocks:
            add_block(word, block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
