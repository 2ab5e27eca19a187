"""The report as one self-contained, accessible HTML file (inline CSS and SVG charts); the PDF's source."""

from __future__ import annotations

from django.template.loader import render_to_string

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

KINDS = {
    Paragraph: "paragraph",
    BulletList: "list",
    Heading: "heading",
    DataTable: "table",
    Figure: "figure",
    QuoteGroup: "quotes",
}


def _items(section) -> list[dict]:
    items = []
    for block in section.blocks:
        item = {"kind": KINDS[type(block)], "block": block}
        if isinstance(block, Figure):
            item["svg"] = charts.svg(block)
        items.append(item)
    return items


def render_html(doc: Document) -> str:
    sections = [{"key": s.key, "title": s.title, "items": _items(s)} for s in doc.sections]
    return render_to_string("reports/documents/report.html", {"doc": doc, "sections": sections})
