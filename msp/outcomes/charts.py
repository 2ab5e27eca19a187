"""Small SVG charts for the dashboards, drawn from published figures only, each with a text alternative; the
page always shows the same figures in a table beside the chart."""

from __future__ import annotations

from decimal import Decimal
from html import escape

WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 640, 220, 44, 36, 12, 36
SMALL = 'font-size="11"'
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#6f72af", "#f47738")  # GOV.UK palette, distinguishable


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[Decimal | None]]]) -> str:
    """Percentages (0-100) over periods: one line per series; a gap where a figure is not shown."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def x(i):
        return LEFT + i * step

    def y(v):
        return TOP + plot_h * (1 - float(v) / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' aria-labelledby="t-{id(series)}" class="msp-chart">',
        f'<title id="t-{id(series)}">{escape(title)}</title>',
        f"<desc>{escape(describe(labels, series))}</desc>",
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"'
            ' stroke="#b1b4b6" stroke-width="0.5"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" {SMALL} text-anchor="end">{tick}%</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" {SMALL} text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for n, (_name, points) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        run: list[str] = []
        for i, value in enumerate([*points, None]):
            if value is not None:
                run.append(f"{x(i):.1f},{y(value):.1f}")
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}"/>')
            elif run:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>'
                )
                run = []
    parts.append("</svg>")
    return "".join(parts)


def describe(labels: list[str], series: list[tuple[str, list[Decimal | None]]]) -> str:
    """The chart in words: each series' figures by period."""
    sentences = []
    for name, points in series:
        shown = [
            f"{label} {value}%" for label, value in zip(labels, points, strict=True) if value is not None
        ]
        sentences.append(f"{name}: {', '.join(shown) if shown else 'no figures shown'}.")
    return " ".join(sentences)


def strip_chart(title: str, values: list[tuple[str, Decimal]], highlight: str = "") -> str:
    """Every council's percentage as a tick along one axis (the distribution), the highlighted one marked."""
    plot_w = WIDTH - LEFT - RIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 90" role="img"'
        f' aria-labelledby="s-{id(values)}" class="msp-chart">',
        f'<title id="s-{id(values)}">{escape(title)}</title>',
    ]
    shown = sorted(float(v) for _, v in values)
    if shown:
        middle = shown[len(shown) // 2]
        parts.append(
            f"<desc>{len(shown)} councils from {shown[0]:.1f}% to {shown[-1]:.1f}%,"
            f" middle value {middle:.1f}%.</desc>"
        )
    for tick in (0, 25, 50, 75, 100):
        tx = LEFT + plot_w * tick / 100
        parts.append(f'<text x="{tx:.1f}" y="80" font-size="11" text-anchor="middle">{tick}%</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="40" y2="40" stroke="#505a5f"/>')
    for name, value in values:
        tx = LEFT + plot_w * float(value) / 100
        mine = name == highlight
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{22 if mine else 30}" y2="{58 if mine else 50}"'
            f' stroke="{"#d4351c" if mine else "#1d70b8"}" stroke-width="{3 if mine else 1.5}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def legend(names: list[str]) -> list[tuple[str, str]]:
    """(colour, name) for each series, in the order drawn, for a legend beside the chart."""
    return [(COLOURS[n % len(COLOURS)], name) for n, name in enumerate(names)]
