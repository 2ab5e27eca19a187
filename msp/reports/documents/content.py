"""The generated report as plain data: sections of paragraphs, tables, figures and quotes, for any format.

`assemble` builds a `Document`; the HTML (and from it the PDF) and Word writers render the same one, so the
three formats always carry the same figures. Pure: no database, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """A table cell: the first line is the figure; any later lines are secondary (e.g. "England 39%")."""

    lines: tuple[str, ...]
    numeric: bool = True

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def cell(*lines: object, numeric: bool = True) -> Cell:
    return Cell(tuple(str(line) for line in lines), numeric)


@dataclass(frozen=True)
class Row:
    heading: str
    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class DataTable:
    """A table with a caption, column headings (the first heads the row headings) and its rows."""

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    wide: bool = False  # many columns: set smaller


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...] = ()  # what to print at each bar, if not the value itself (e.g. "[c]")


@dataclass(frozen=True)
class Reference:
    """A vertical line across a chart at one value, named in the legend (e.g. a pooled figure)."""

    name: str
    value: float


@dataclass(frozen=True)
class Figure:
    """A bar chart with its text alternative and the data table behind it."""

    key: str
    caption: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str
    data: DataTable | None = None  # None where the table beside the figure holds its figures
    unit: str = "%"  # "%" for percentages (axis 0-100); "" for scores that may be negative
    notes: tuple[str, ...] = ()
    axis: str = ""  # the value axis's label, if not the temperature check's
    references: tuple[Reference, ...] = ()
    max_height: float = 0  # inches, so that a chart of many bars still fits a page; 0: as tall as it needs


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "body"  # body | narrative | note | warning


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    numbered: bool = False
    kind: str = "body"
    start: int = 1  # a numbered list's first number: recommendations run on from one heading to the next


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 3  # 3 or 4: below the section heading (2)
    key: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str


@dataclass(frozen=True)
class QuoteGroup:
    heading: str
    quotes: tuple[Quote, ...]


Block = Paragraph | BulletList | Heading | DataTable | Figure | QuoteGroup


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block | None) -> None:
        self.blocks.extend(b for b in blocks if b is not None)


@dataclass
class Document:
    title: str
    subtitle: str
    group: str  # "England" or the region's name
    facts: tuple[str, ...]  # lines under the title: generated when, from how many interviews
    sections: list[Section] = field(default_factory=list)
    subject: str = "MSP temperature check"  # the Word file's subject property

    def tables(self) -> list[DataTable]:
        """Every table, figure data tables included, in order (for tests and checks)."""
        found: list[DataTable] = []
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, DataTable):
                    found.append(block)
                elif isinstance(block, Figure) and block.data is not None:
                    found.append(block.data)
        return found

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]


# --- Narrative text -----------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+")


def narrative_blocks(text: str) -> list[Paragraph | BulletList]:
    """An analyst's plain text as blocks: blank lines part paragraphs; "- " lines make bullets, "1. " numbers.

    Nothing is interpreted as markup, so whatever is typed appears as typed in every format.
    """
    blocks: list[Paragraph | BulletList] = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            blocks.append(BulletList(tuple(_BULLET.sub("", line) for line in lines), kind="narrative"))
        elif all(_NUMBER.match(line) for line in lines):
            start = int(re.match(r"\s*(\d+)", lines[0]).group(1))
            items = tuple(_NUMBER.sub("", line) for line in lines)
            blocks.append(BulletList(items, numbered=True, kind="narrative", start=start))
        else:
            blocks.append(Paragraph(" ".join(lines), kind="narrative"))
    return blocks
