"""Read an instrument YAML file into typed objects, and collect every problem with where it is.

The builder turns the file into `Instrument` (facts, then questions in interview order, grids flattened into
one item per row, codes like `engagement.board`). `validate_instrument_data` never stops at the first problem:
each one reads "location: rule" so that whoever edits the file can fix them all in one go.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"
QUESTION_TYPES = {"single_choice", "grid", "open_text", "rating"}
FACT_TYPES = {"council", "date", "text", "single_choice"}
CLOSED_TYPES = {"single_choice", "grid_row", "rating"}


class InstrumentError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The instrument has problems:\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    letter: str = ""

    def as_dict(self) -> dict[str, str]:
        data = {"code": self.code, "label": self.label}
        if self.letter:
            data["letter"] = self.letter
        return data


@dataclass(frozen=True)
class Item:
    """One answerable item: a question, or one row of a grid."""

    code: str
    qtype: str  # single_choice, grid_row, open_text, rating
    text: str
    section: str
    section_title: str
    options: tuple[Option, ...] = ()
    grid_code: str = ""
    grid_text: str = ""
    table: str = ""
    required: bool = True
    help: str = ""
    condition: dict[str, Any] | None = None

    @property
    def is_closed(self) -> bool:
        return self.qtype in CLOSED_TYPES


@dataclass(frozen=True)
class Fact:
    code: str
    ftype: str
    text: str
    options: tuple[Option, ...] = ()


@dataclass
class Instrument:
    code: str
    title: str
    source: str
    facts: list[Fact] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def column_codes(self) -> list[str]:
        """The interchange columns, in order: interview facts, then every item."""
        return [f.code for f in self.facts] + [i.code for i in self.items]


def instrument_path(code: str) -> Path:
    return INSTRUMENTS_DIR / f"{code}.yaml"


def read_instrument(path: Path | str) -> Instrument:
    """Parse and validate a YAML file; raise InstrumentError listing every problem."""
    path = Path(path)
    source = path.read_text(encoding="utf-8")
    return build_instrument(source, where=path.name)


def build_instrument(source: str, where: str = "instrument") -> Instrument:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise InstrumentError([f"{where}: not valid YAML ({exc})"]) from exc
    problems = validate_instrument_data(data, where)
    if problems:
        raise InstrumentError(problems)
    return _build(data, source)


def _options(raw: Any, option_sets: dict[str, Any]) -> tuple[Option, ...]:
    if isinstance(raw, str):
        raw = option_sets[raw]
    return tuple(Option(str(o["code"]), str(o["label"]), str(o.get("letter", ""))) for o in raw)


def _build(data: dict[str, Any], source: str) -> Instrument:
    option_sets = data.get("option_sets") or {}
    instrument = Instrument(code=str(data["code"]), title=str(data["title"]), source=source)
    for fact in data.get("facts") or []:
        instrument.facts.append(
            Fact(fact["code"], fact["type"], fact["text"], _options(fact.get("options", []), option_sets))
        )
    for section in data["sections"]:
        for q in section["questions"]:
            common = {
                "section": section["code"],
                "section_title": section["title"],
                "table": str(q.get("table", "")),
                # Closed questions are required unless the file says otherwise; open ones are optional.
                "required": bool(q.get("required", q["type"] != "open_text")),
                "help": str(q.get("help", "")),
                "condition": q.get("condition"),
            }
            if q["type"] == "grid":
                options = _options(q["options"], option_sets)
                for row in q["rows"]:
                    instrument.items.append(
                        Item(
                            code=f"{q['code']}.{row['code']}",
                            qtype="grid_row",
                            text=str(row["label"]),
                            options=options,
                            grid_code=q["code"],
                            grid_text=str(q["text"]),
                            **common,
                        )
                    )
            else:
                options = _options(q.get("options", []), option_sets) if q["type"] != "open_text" else ()
                instrument.items.append(
                    Item(code=q["code"], qtype=q["type"], text=str(q["text"]), options=options, **common)
                )
    return instrument


def _check_options(raw: Any, where: str, option_sets: dict[str, Any], problems: list[str]) -> set[str]:
    """Check an inline option list or the name of an option set; return the option codes."""
    if isinstance(raw, str):
        if raw not in option_sets:
            problems.append(f"{where}: options name an unknown option set '{raw}'")
            return set()
        # The named set was checked once on its own; report its problems there, not at every use.
        named = option_sets[raw] if isinstance(option_sets[raw], list) else []
        return {str(o.get("code")) for o in named if isinstance(o, dict)}
    if not isinstance(raw, list) or not raw:
        problems.append(f"{where}: a closed question needs a list of options")
        return set()
    codes: set[str] = set()
    labels: set[str] = set()
    for n, option in enumerate(raw, start=1):
        if not isinstance(option, dict) or "code" not in option or "label" not in option:
            problems.append(f"{where}, option {n}: needs a code and a label")
            continue
        code, label = str(option["code"]), str(option["label"])
        if code in codes:
            problems.append(f"{where}, option {n}: duplicate option code '{code}'")
        if label.casefold() in labels:
            problems.append(f"{where}, option {n}: duplicate option label '{label}'")
        codes.add(code)
        labels.add(label.casefold())
    return codes


def validate_instrument_data(data: Any, where: str = "instrument") -> list[str]:
    problems: list[str] = []
    if not isinstance(data, dict):
        return [f"{where}: the file must be a mapping with code, title and sections"]
    for key in ("code", "title", "sections"):
        if not data.get(key):
            problems.append(f"{where}: '{key}' is missing")
    option_sets = data.get("option_sets") or {}
    if not isinstance(option_sets, dict):
        problems.append(f"{where}: option_sets must be a mapping of name to options")
        option_sets = {}
    for name, options in option_sets.items():
        _check_options(options, f"{where}, option set '{name}'", {}, problems)

    seen: dict[str, str] = {}  # code -> where it was first defined
    closed_options: dict[str, set[str]] = {}
    conditions: list[tuple[str, dict[str, Any]]] = []

    def claim(code: str, location: str) -> None:
        if code in seen:
            problems.append(f"{location}: duplicate code '{code}' (first defined at {seen[code]})")
        else:
            seen[code] = location

    for n, fact in enumerate(data.get("facts") or [], start=1):
        location = f"{where}, facts item {n}"
        if not isinstance(fact, dict) or not fact.get("code"):
            problems.append(f"{location}: needs a code")
            continue
        location = f"{location} ('{fact['code']}')"
        claim(str(fact["code"]), location)
        if fact.get("type") not in FACT_TYPES:
            problems.append(f"{location}: type must be one of {', '.join(sorted(FACT_TYPES))}")
        if fact.get("type") == "single_choice":
            _check_options(fact.get("options"), location, option_sets, problems)

    for s, section in enumerate(data.get("sections") or [], start=1):
        s_where = f"{where}, section {s}"
        if not isinstance(section, dict) or not section.get("code") or not section.get("title"):
            problems.append(f"{s_where}: needs a code and a title")
            continue
        s_where = f"{where}, section '{section['code']}'"
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.append(f"{s_where}: has no questions")
            continue
        for n, q in enumerate(questions, start=1):
            q_where = f"{s_where}, question {n}"
            if not isinstance(q, dict) or not q.get("code"):
                problems.append(f"{q_where}: needs a code")
                continue
            code = str(q["code"])
            q_where = f"{q_where} ('{code}')"
            qtype = q.get("type")
            if qtype not in QUESTION_TYPES:
                problems.append(
                    f"{q_where}: type '{qtype}' is not one of {', '.join(sorted(QUESTION_TYPES))}"
                )
                continue
            if not q.get("text"):
                problems.append(f"{q_where}: has no text")
            if qtype == "open_text":
                claim(code, q_where)
                if q.get("options"):
                    problems.append(f"{q_where}: an open question has no options")
            elif qtype == "grid":
                codes = _check_options(q.get("options"), q_where, option_sets, problems)
                rows = q.get("rows")
                if not isinstance(rows, list) or not rows:
                    problems.append(f"{q_where}: a grid needs rows")
                    continue
                for r, row in enumerate(rows, start=1):
                    if not isinstance(row, dict) or not row.get("code") or not row.get("label"):
                        problems.append(f"{q_where}, row {r}: needs a code and a label")
                        continue
                    row_code = f"{code}.{row['code']}"
                    claim(row_code, f"{q_where}, row {r}")
                    closed_options[row_code] = codes
            else:
                claim(code, q_where)
                closed_options[code] = _check_options(q.get("options"), q_where, option_sets, problems)
            if q.get("condition") is not None:
                conditions.append((q_where, q["condition"]))

    for q_where, condition in conditions:
        if not isinstance(condition, dict) or "question" not in condition:
            problems.append(f"{q_where}: a condition needs 'question' and either 'in' or 'answered'")
            continue
        target = str(condition["question"])
        if target not in seen:
            problems.append(f"{q_where}: condition names an unknown question '{target}'")
            continue
        if "in" in condition:
            wanted = condition["in"]
            if not isinstance(wanted, list) or not wanted:
                problems.append(f"{q_where}: condition 'in' must be a list of option codes")
            elif target not in closed_options:
                problems.append(f"{q_where}: condition 'in' needs a closed question, and '{target}' is open")
            else:
                for value in wanted:
                    if str(value) not in closed_options[target]:
                        problems.append(
                            f"{q_where}: condition names an unknown option '{value}' of '{target}'"
                        )
        elif "answered" not in condition:
            problems.append(f"{q_where}: a condition needs either 'in' or 'answered'")
    return problems


def condition_met(condition: dict[str, Any] | None, answers: dict[str, str]) -> bool:
    """Whether a question is asked, given the answers (code -> option code or text) so far."""
    if not condition:
        return True
    value = answers.get(condition["question"], "")
    if "in" in condition:
        return value in {str(v) for v in condition["in"]}
    return bool(value) == bool(condition.get("answered", True))
