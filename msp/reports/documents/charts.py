"""Draw a report figure as a horizontal bar chart with matplotlib (Agg): SVG for HTML and PDF, PNG for Word.

The SVG is made ready to inline in an HTML page: role="img" with a <title> (the caption) and <desc> (the text
alternative), and its ids prefixed so that several charts can share one page.
"""

from __future__ import annotations

import io
import re
import textwrap
from html import escape

import matplotlib

matplotlib.use("Agg")  # no display: before anything imports pyplot

from matplotlib.figure import Figure as MplFigure

from msp.reports.documents.content import Figure

WIDTH_INCHES = 6.3  # the A4 text width
COLOURS = ("#1d70b8", "#6f777b", "#00703c")  # blue (the group), grey (England), green
HATCHES = ("", "//", "..")  # so the series differ without colour too
REFERENCE_COLOURS = ("#d4351c", "#0b0c0c")  # lines across the chart (a pooled figure): red, black
REFERENCE_STYLES = ("--", ":")  # dashed, dotted: they differ without colour too
STYLE = {
    "font.family": ["DejaVu Sans", "Liberation Sans", "sans-serif"],
    "font.size": 8,
    "svg.fonttype": "none",  # keep text as text: smaller, selectable, read by screen readers
    "svg.hashsalt": "msp-report",  # stable ids from one run to the next
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _label(text: str, width: int = 44) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _value_text(value: float, unit: str) -> str:
    number = int(value) if float(value).is_integer() else round(value, 1)
    if unit == "%":
        return f"{number}%"
    return f"+{number}" if number > 0 else str(number)


def draw(figure: Figure) -> MplFigure:
    """The chart: one bar per category and series, categories top to bottom in the figure's order."""
    labels = [_label(c) for c in figure.categories]
    lines = sum(label.count("\n") + 1 for label in labels)
    n_series = max(1, len(figure.series))
    height = 0.7 + max(lines * 0.17 + len(labels) * 0.04, len(labels) * (0.1 + 0.12 * n_series))
    if figure.max_height:
        height = min(height, figure.max_height)
    with matplotlib.rc_context(STYLE):
        fig = MplFigure(figsize=(WIDTH_INCHES, height), layout="constrained")
        ax = fig.add_subplot()
        bar = 0.8 / n_series
        drawn = []
        for i, series in enumerate(figure.series):
            positions = [k + (i - (n_series - 1) / 2) * bar for k in range(len(labels))]
            values = [0 if v is None else v for v in series.values]
            bars = ax.barh(
                positions,
                values,
                height=bar * 0.92,
                color=COLOURS[i % len(COLOURS)],
                hatch=HATCHES[i % len(HATCHES)],
                edgecolor="white",  # also the hatch colour: light lines on the grey bars
                linewidth=0.4,
                label=series.name,
            )
            drawn.append(bars)
            for k, (rect, value) in enumerate(zip(bars, series.values, strict=True)):
                text = "–" if value is None else _value_text(value, figure.unit)
                if series.texts:
                    text = series.texts[k]
                x = rect.get_width()
                ax.annotate(
                    text,
                    (x, rect.get_y() + rect.get_height() / 2),
                    xytext=(3 if x >= 0 else -3, 0),
                    textcoords="offset points",
                    ha="left" if x >= 0 else "right",
                    va="center",
                    fontsize=7.5,
                    color="#0b0c0c",
                    # Over a line across the chart, the figure stays legible.
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.4) if figure.references else None,
                )
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0)
        if figure.unit == "%":
            ax.set_xlim(0, 110)
            ax.set_xlabel(figure.axis or "% of councils answering")
        else:
            ax.set_xlim(-118, 118)
            ax.axvline(0, color="#0b0c0c", linewidth=0.6)
            ax.set_xlabel(figure.axis or "Improvement score (% involved minus % not involved)")
        lines = []
        for k, reference in enumerate(figure.references):
            line = ax.axvline(
                reference.value,
                color=REFERENCE_COLOURS[k % len(REFERENCE_COLOURS)],
                linestyle=REFERENCE_STYLES[k % len(REFERENCE_STYLES)],
                linewidth=1.2,
                label=reference.name,
            )
            lines.append(line)
        ax.set_xticks([t for t in ax.get_xticks() if abs(t) <= 100])
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        if len(figure.series) + len(lines) > 1:
            handles = [*drawn, *lines]  # the bars first, then the lines across them
            fig.legend(
                handles=handles, loc="outside upper center", ncols=len(handles), frameon=False, fontsize=8
            )
    return fig


PRINT_DPI = 300  # print resolution for the Word document's charts


def png(figure: Figure, dpi: int = PRINT_DPI) -> bytes:
    buffer = io.BytesIO()
    draw(figure).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


_ID = re.compile(r'id="([^"]+)"')


def svg(figure: Figure) -> str:
    """An inline SVG element: role="img", labelled by its <title> and <desc>; ids unique to this figure."""
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        draw(figure).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    prefix = figure.key
    ids = set(_ID.findall(text))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        text = text.replace(f'id="{old}"', f'id="{new}"')
        text = text.replace(f"url(#{old})", f"url(#{new})")
        text = text.replace(f'href="#{old}"', f'href="#{new}"')
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    opening = text.index(">", text.index("<svg")) + 1
    head = text[:opening].replace(
        "<svg ", f'<svg role="img" aria-labelledby="{title_id} {desc_id}" class="chart" ', 1
    )
    labels = (
        f'<title id="{title_id}">{escape(figure.caption)}</title>'
        f'<desc id="{desc_id}">{escape(figure.alt)}</desc>'
    )
    return head + labels + text[opening:]
