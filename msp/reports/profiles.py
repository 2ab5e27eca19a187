"""One council's answers beside its region's and England's distributions, its ratings and next steps.

The comparison is a pure function of plain data; the suggestions are data in next_steps.yaml, keyed by
road-map step, so the programme team can edit them without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from msp.reports.tabulate import INTERVIEWER_RATING, SELF_RATING, Response, Table, Tabulation
from msp.tempcheck.instrument import Item, condition_met

NEXT_STEPS_PATH = Path(__file__).parent / "next_steps.yaml"
ROAD_MAP = "road_map_step"
NOT_ANSWERED = "Not answered"
NOT_ASKED = "Not asked"


@dataclass(frozen=True)
class NextSteps:
    step: int
    aim: str
    suggestions: tuple[str, ...]


def read_next_steps(path: Path = NEXT_STEPS_PATH) -> dict[int, NextSteps]:
    """The suggestions file, checked: every step 1-10 with an aim and at least one suggestion."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    steps: dict[int, NextSteps] = {}
    problems = []
    for step in range(1, 11):
        entry = data.get(step) or data.get(str(step))
        if not isinstance(entry, dict) or not entry.get("aim") or not entry.get("suggestions"):
            problems.append(f"{path.name}: step {step} needs an 'aim' and a list of 'suggestions'")
            continue
        steps[step] = NextSteps(step, str(entry["aim"]), tuple(str(s) for s in entry["suggestions"]))
    if problems:
        raise ValueError("; ".join(problems))
    return steps


@cache
def next_steps() -> dict[int, NextSteps]:
    return read_next_steps()


@dataclass(frozen=True)
class ProfileRow:
    label: str
    chosen: bool
    region_percent: int | None
    national_percent: int | None


@dataclass(frozen=True)
class ProfileQuestion:
    code: str
    text: str
    table: str
    grid_text: str
    answer: str
    answered: bool
    rows: tuple[ProfileRow, ...]
    region_base: int | None
    national_base: int | None


@dataclass(frozen=True)
class Rating:
    code: str
    label: str


@dataclass(frozen=True)
class CouncilProfile:
    response: Response
    questions: tuple[ProfileQuestion, ...]
    region_shown: bool
    national_shown: bool
    self_rating: Rating | None
    interviewer_rating: Rating | None
    road_map: Rating | None
    next_steps: NextSteps | None

    @property
    def moderated(self) -> bool:
        return bool(
            self.self_rating
            and self.interviewer_rating
            and self.self_rating.code != self.interviewer_rating.code
        )


def _rating(item: Item | None, answers) -> Rating | None:
    if item is None:
        return None
    code = answers.get(item.code, "")
    for option in item.options:
        if option.code == code:
            return Rating(code, f"{option.letter}) {option.label}" if option.letter else option.label)
    return None


def _question(item: Item, answers, national: Table | None, regional: Table | None) -> ProfileQuestion:
    value = answers.get(item.code, "")
    labels = {o.code: (f"{o.letter}) {o.label}" if o.letter else o.label) for o in item.options}
    if value in labels:
        answer = labels[value]
    else:
        answer = NOT_ANSWERED if condition_met(item.condition, answers) else NOT_ASKED
    rows = tuple(
        ProfileRow(
            label=labels[option.code],
            chosen=option.code == value,
            region_percent=regional.option(option.code).percent if regional else None,
            national_percent=national.option(option.code).percent if national else None,
        )
        for option in item.options
    )
    return ProfileQuestion(
        code=item.code,
        text=item.text,
        table=item.table,
        grid_text=item.grid_text,
        answer=answer,
        answered=value in labels,
        rows=rows,
        region_base=regional.base if regional else None,
        national_base=national.base if national else None,
    )


def council_profile(
    items: list[Item],
    response: Response,
    national: Tabulation | None,
    regional: Tabulation | None,
    steps: dict[int, NextSteps] | None = None,
) -> CouncilProfile:
    """Compare each closed answer with the distributions; a distribution is None where it is suppressed."""
    by_code = {item.code: item for item in items}
    answers = response.answers
    road_map = _rating(by_code.get(ROAD_MAP), answers)
    steps = next_steps() if steps is None else steps
    return CouncilProfile(
        response=response,
        questions=tuple(
            _question(
                item,
                answers,
                national.tables[item.code] if national else None,
                regional.tables[item.code] if regional else None,
            )
            for item in items
            if item.is_closed
        ),
        region_shown=regional is not None,
        national_shown=national is not None,
        self_rating=_rating(by_code.get(SELF_RATING), answers),
        interviewer_rating=_rating(by_code.get(INTERVIEWER_RATING), answers),
        road_map=road_map,
        next_steps=steps.get(int(road_map.code)) if road_map and road_map.code.isdigit() else None,
    )
