"""A tabulated wave as JSON, CSV (one row per question and option) or Markdown laid out like the report."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from msp.reports.tabulate import Block, Table, Tabulation, blocks

FORMATS = ("json", "csv", "md")
CSV_COLUMNS = (
    "question_code",
    "table",
    "question",
    "grid",
    "option_code",
    "option",
    "base",
    "count",
    "percent",
)
# The first column's heading for each grid, as the report prints it.
ROW_HEADINGS = {"engagement": "Level", "involvement": "Agency", "other_agencies": "Agency"}


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_csv(tabulation: Tabulation) -> str:
    """One row per (question or grid row, option) with base, count and percent; then the moderation rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for table in tabulation.tables.values():
        for option in table.options:
            writer.writerow(
                [
                    table.code,
                    table.table,
                    table.text,
                    table.grid_code,
                    option.code,
                    option.display_label,
                    table.base,
                    option.count,
                    "" if option.percent is None else option.percent,
                ]
            )
    moderation = tabulation.moderation
    for name in ("moderated", "lowered", "raised"):
        writer.writerow(
            [
                "moderation",
                "Table 10",
                "Self-ratings moderated by the interviewer",
                "",
                name,
                name.capitalize(),
                moderation.rated,
                getattr(moderation, name),
                "",
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def _pct(value: int | None) -> str:
    return "-" if value is None else f"{value}%"


def _heading(block: Block) -> str:
    return f"{block.table}: {block.heading}" if block.table else block.heading


def _single_markdown(table: Table) -> list[str]:
    lines = ["| Option | Number | % |", "| --- | ---: | ---: |"]
    lines += [f"| {_cell(o.display_label)} | {o.count} | {_pct(o.percent)} |" for o in table.options]
    lines.append(f"| Total | {table.base} | {_pct(table.total['percent'])} |")
    return lines


def _grid_markdown(rows: tuple[Table, ...]) -> list[str]:
    first = rows[0]
    heading = ROW_HEADINGS.get(first.grid_code, "Row")
    lines = [
        "| " + " | ".join([heading, *(_cell(o.label) for o in first.options), "Total"]) + " |",
        "| --- |" + " ---: |" * (len(first.options) + 1),
    ]
    for row in rows:
        cells = [f"{o.count} ({_pct(o.percent)})" for o in row.options]
        lines.append("| " + " | ".join([_cell(row.text), *cells, str(row.base)]) + " |")
    return lines


def as_markdown(tabulation: Tabulation, *, title: str, group: str) -> str:
    """Every table in instrument order: single questions as option / number / %, grids one line per row."""
    lines = [f"# {title}", "", f"{group}: {tabulation.interviews} submitted interviews.", ""]
    for block in blocks(tabulation):
        body = _grid_markdown(block.rows) if block.is_grid else _single_markdown(block.rows[0])
        lines += [f"## {_heading(block)}", "", *body, ""]
    moderation = tabulation.moderation
    lines += [
        "## Moderation of the self-ratings",
        "",
        f"The interviewer moderated {moderation.moderated} of {moderation.rated} self-ratings: "
        f"{moderation.lowered} lowered, {moderation.raised} raised.",
        "",
    ]
    return "\n".join(lines)
