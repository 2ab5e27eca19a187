"""The report as a tagged PDF: WeasyPrint from the same HTML, laid out by its print CSS (A4, page numbers)."""

from __future__ import annotations

import logging

from msp.reports.documents.content import Document
from msp.reports.documents.render_html import render_html

# WeasyPrint and fontTools log every CSS property they skip and every font they subset; not our concern.
for name in ("weasyprint", "fontTools"):
    logging.getLogger(name).setLevel(logging.ERROR)


def render_pdf(doc: Document, html: str | None = None) -> bytes:
    from weasyprint import HTML  # slow to import: only when a PDF is asked for

    # Tagged (structure tree from the HTML): screen readers read the PDF in order, tables as tables.
    return HTML(string=html or render_html(doc)).write_pdf(pdf_tags=True)
