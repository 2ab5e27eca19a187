"""Tabulate closed questions as the 2016 report does (Tables 1-10): pure functions on plain responses.

Every option is listed in instrument order, zeros included. The base of a question (or of a grid row) is the
number who answered it; for a conditional question only those it applied to. Percentages are of that base,
computed from the counts and rounded half up (msp.core.stats).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from msp.core.stats import percent
from msp.tempcheck.instrument import Item, condition_met

SELF_RATING = "achievement.self"
INTERVIEWER_RATING = "achievement.interviewer"


@dataclass(frozen=True)
class Response:
    """One submitted interview as plain data: its answers (question code -> option code or text) and facts."""

    answers: Mapping[str, str]
    gss_code: str = ""
    council_name: str = ""
    region: str = ""
    council_type: str = ""
    consent_to_attribution: bool | None = None


@dataclass(frozen=True)
class OptionCount:
    code: str
    label: str
    letter: str
    count: int
    percent: int | None

    @property
    def display_label(self) -> str:
        """The label as the report prints it: 'A) Fully implemented' for lettered options."""
        return f"{self.letter}) {self.label}" if self.letter else self.label

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "label": self.label}
        if self.letter:
            data["letter"] = self.letter
        data.update(count=self.count, percent=self.percent)
        return data


@dataclass(frozen=True)
class Table:
    """One closed question, or one row of a grid, tabulated."""

    code: str
    text: str
    table: str
    base: int
    options: tuple[OptionCount, ...]
    grid_code: str = ""
    grid_text: str = ""
    # Answers that name no option of the question (should not happen after validation); kept out of the base.
    unrecognised: int = 0

    @property
    def total(self) -> dict[str, int | None]:
        return {"count": self.base, "percent": 100 if self.base else None}

    def counts(self) -> dict[str, int]:
        return {o.code: o.count for o in self.options}

    def option(self, code: str) -> OptionCount:
        for option in self.options:
            if option.code == code:
                return option
        raise KeyError(code)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "table": self.table,
            "text": self.text,
            "base": self.base,
            "options": [o.as_dict() for o in self.options],
            "total": self.total,
        }
        if self.grid_code:
            data.update(grid=self.grid_code, grid_text=self.grid_text)
        if self.unrecognised:
            data["unrecognised"] = self.unrecognised
        return data


@dataclass(frozen=True)
class Moderation:
    """How many self-ratings the interviewer changed. Lowered: the interviewer's letter is later (A best)."""

    rated: int = 0
    moderated: int = 0
    lowered: int = 0
    raised: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"moderated": self.moderated, "lowered": self.lowered, "raised": self.raised}


@dataclass(frozen=True)
class Tabulation:
    """Every closed question of a set of responses, in instrument order, with the moderation summary."""

    interviews: int
    tables: dict[str, Table] = field(default_factory=dict)
    moderation: Moderation = field(default_factory=Moderation)

    def grid(self, grid_code: str) -> list[Table]:
        """The rows of one grid (Table 2 'engagement', Table 3 'involvement'), in instrument order."""
        return [t for t in self.tables.values() if t.grid_code == grid_code]

    def as_dict(self, wave: str) -> dict[str, Any]:
        """The interchange JSON: {"wave", "interviews", "tables": {code: {...}}, "moderation": {...}}."""
        return {
            "wave": wave,
            "interviews": self.interviews,
            "tables": {code: table.as_dict() for code, table in self.tables.items()},
            "moderation": self.moderation.as_dict(),
        }


@dataclass(frozen=True)
class Block:
    """A question as the report lays it out: a single table, or a grid's rows together (Tables 2 and 3)."""

    code: str
    table: str
    heading: str
    rows: tuple[Table, ...]

    @property
    def is_grid(self) -> bool:
        return bool(self.rows[0].grid_code)

    @property
    def options(self) -> tuple[OptionCount, ...]:
        return self.rows[0].options


def blocks(tabulation: Tabulation) -> list[Block]:
    """The tables in instrument order with each grid's rows gathered into one block."""
    result: list[Block] = []
    for table in tabulation.tables.values():
        if table.grid_code and result and result[-1].code == table.grid_code:
            result[-1] = Block(table.grid_code, table.table, table.grid_text, (*result[-1].rows, table))
        elif table.grid_code:
            result.append(Block(table.grid_code, table.table, table.grid_text, (table,)))
        else:
            result.append(Block(table.code, table.table, table.text, (table,)))
    return result


def tabulate_item(item: Item, responses: Sequence[Response]) -> Table:
    """Count one closed item over the responses it applies to (its condition met) that answered it."""
    known = {o.code for o in item.options}
    counts: Counter[str] = Counter()
    unrecognised = 0
    for response in responses:
        value = response.answers.get(item.code, "")
        if not value or not condition_met(item.condition, response.answers):
            continue
        if value in known:
            counts[value] += 1
        else:
            unrecognised += 1
    base = sum(counts.values())
    return Table(
        code=item.code,
        text=item.text,
        table=item.table,
        base=base,
        options=tuple(
            OptionCount(o.code, o.label, o.letter, counts[o.code], percent(counts[o.code], base))
            for o in item.options
        ),
        grid_code=item.grid_code,
        grid_text=item.grid_text,
        unrecognised=unrecognised,
    )


def moderation_summary(items: Sequence[Item], responses: Sequence[Response]) -> Moderation:
    """Compare the respondent's and the interviewer's ratings where both were given."""
    by_code = {item.code: item for item in items}
    if SELF_RATING not in by_code or INTERVIEWER_RATING not in by_code:
        return Moderation()
    order = {o.code: i for i, o in enumerate(by_code[INTERVIEWER_RATING].options)}
    rated = moderated = lowered = 0
    for response in responses:
        own = response.answers.get(SELF_RATING, "")
        theirs = response.answers.get(INTERVIEWER_RATING, "")
        if own not in order or theirs not in order:
            continue
        rated += 1
        if own != theirs:
            moderated += 1
            lowered += order[theirs] > order[own]
    return Moderation(rated=rated, moderated=moderated, lowered=lowered, raised=moderated - lowered)


def tabulate(items: Sequence[Item], responses: Sequence[Response]) -> Tabulation:
    """Every closed item (questions, grid rows, ratings) of the instrument, and the moderation summary."""
    return Tabulation(
        interviews=len(responses),
        tables={item.code: tabulate_item(item, responses) for item in items if item.is_closed},
        moderation=moderation_summary(items, responses),
    )
