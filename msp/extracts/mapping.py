"""A mapping from another system's extract to MSP's import columns, and applying it a row at a time.

A mapping says, for each MSP column, where its value comes from: one heading of the file, several headings
(for a column that holds several values, `Abuse Type 1..3` -> `risk_types`), or one value for every row; how
the file writes dates; and, for each list column, which MSP option each of the file's values means. Applying
it turns the file's rows into rows of MSP's own columns and codes, which the one case importer then checks and
writes exactly as it does a file in MSP's layout. Row numbers stay those of the file.

The document form (JSON or YAML) is what councils on the same system share:

    format: msp-extract-mapping
    version: 1
    name: Liquidlogic extract, Safeguarding report v3
    columns:
      external_person_id: {heading: Client ID}
      received_at: {heading: Referral Date, date_format: dd/mm/yyyy}
      risk_types: {headings: [Abuse Type 1, Abuse Type 2, Abuse Type 3]}
      referrer_type: {value: Care provider}
    values:
      location: {"Own Home (incl. sheltered)": own_home, "Not known": ""}

A value mapped to "" is "not recorded" (a blank cell).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from msp.cases.importing.columns import (
    SEPARATOR,
    ChoiceColumn,
    Column,
    DateColumn,
    DateTimeColumn,
    ListColumn,
    YesNoColumn,
    normalise,
)
from msp.core.reading import RowSource
from msp.core.tabular import ImportProblem

DOCUMENT_FORMAT = "msp-extract-mapping"
DOCUMENT_VERSION = 1
BLANK = ""  # a source value mapped to this is "not recorded"
YES_NO_OPTIONS = [("yes", "Yes"), ("no", "No")]

# How case systems print dates: label shown to the user, the date part as a pattern, and its fields' order.
_D, _M, _Y = r"(\d{1,2})", r"(\d{1,2})", r"(\d{4})"
DATE_FORMATS: dict[str, tuple[str, str, str]] = {
    "dd/mm/yyyy": ("Day first, 31/03/2019", rf"{_D}/{_M}/{_Y}", "dmy"),
    "dd-mm-yyyy": ("Day first with dashes, 31-03-2019", rf"{_D}-{_M}-{_Y}", "dmy"),
    "dd.mm.yyyy": ("Day first with dots, 31.03.2019", rf"{_D}\.{_M}\.{_Y}", "dmy"),
    "dd/mm/yy": ("Day first, two-digit year, 31/03/19", rf"{_D}/{_M}/(\d{{2}})", "dmy"),
    "yyyy-mm-dd": ("Year first (ISO), 2019-03-31", rf"{_Y}-{_M}-{_D}", "ymd"),
    "dd-mon-yyyy": ("Day, month name, year, 31-Mar-2019", rf"{_D}-([A-Za-z]{{3}})-{_Y}", "dmy"),
    "dd mon yyyy": ("Day, month name, year, 31 Mar 2019", rf"{_D} ([A-Za-z]{{3}}) {_Y}", "dmy"),
    "d month yyyy": ("Day, month in full, year, 31 March 2019", rf"{_D} ([A-Za-z]{{3,9}}) {_Y}", "dmy"),
    "yyyymmdd": ("Digits only, 20190331", r"(\d{4})(\d{2})(\d{2})", "ymd"),
    "mm/dd/yyyy": ("Month first (US), 03/31/2019", rf"{_M}/{_D}/{_Y}", "mdy"),
}
# The time of day that may follow a date: 14:30, 14:30:05, T14:30:05, 14.30, 2:30 PM, 2:30pm.
_TIME = r"(?:(?:\s+|T)(\d{1,2})[:.](\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?"
_PATTERNS = {key: re.compile(rf"^{pattern}{_TIME}$") for key, (_, pattern, _) in DATE_FORMATS.items()}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip


def parse_source_date(text: str, format_key: str, iso_too: bool = True) -> datetime.datetime | None:
    """The date (and time) in a cell written in the given format (or ISO); None when it is neither."""
    text = " ".join(text.split())
    for key in (format_key, "yyyy-mm-dd") if iso_too else (format_key,):
        match = _PATTERNS[key].match(text) if key in _PATTERNS else None
        if match is None:
            continue
        parts = dict(zip(DATE_FORMATS[key][2], match.groups()[:3], strict=True))
        hour, minute, second, half = match.groups()[3:]
        try:
            month = int(parts["m"]) if parts["m"].isdigit() else _MONTHS[parts["m"].casefold()]
            year = int(parts["y"])
            if len(parts["y"]) == 2:  # the latest year it can be that is not in the future
                year += 2000 if 2000 + year <= datetime.date.today().year else 1900
            hour = int(hour or 0)
            if half:
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if half[0] in "pP" else 0)
            return datetime.datetime(year, month, int(parts["d"]), hour, int(minute or 0), int(second or 0))
        except (KeyError, ValueError):
            return None
    return None


def iso(moment: datetime.datetime, with_time: bool) -> str:
    if not with_time:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Source:
    """Where one MSP column's value comes from."""

    headings: list[str] = field(default_factory=list)  # one, or several for a many-valued column
    value: str | None = None  # the same value on every row
    date_format: str = ""

    def to_document(self) -> dict:
        if self.value is not None:
            return {"value": self.value}
        found: dict = (
            {"heading": self.headings[0]} if len(self.headings) == 1 else {"headings": list(self.headings)}
        )
        if self.date_format:
            found["date_format"] = self.date_format
        return found


@dataclass
class Mapping:
    name: str = ""
    columns: dict[str, Source] = field(default_factory=dict)  # MSP column -> where it comes from
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # MSP column -> source value -> code
    _normalised: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    # --- The document form ------------------------------------------------------------------------------

    def to_document(self) -> dict:
        return {
            "format": DOCUMENT_FORMAT,
            "version": DOCUMENT_VERSION,
            "name": self.name,
            "columns": {name: source.to_document() for name, source in self.columns.items()},
            "values": {name: dict(sorted(found.items())) for name, found in self.values.items() if found},
        }

    def dumps(self, kind: str = "json") -> str:
        document = self.to_document()
        if kind == "yaml":
            return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def headings_of(self, column: str) -> list[str]:
        source = self.columns.get(column)
        return list(source.headings) if source else []

    def value_for(self, column: str, text: str) -> str | None:
        """The code a source value is mapped to ("" for not recorded), or None when it is not mapped."""
        return self._keys(column).get(normalise(text))

    def _keys(self, column: str) -> dict[str, str]:
        """The column's value map keyed as cells are compared; rebuilt when `values` is replaced."""
        found = self.values.get(column, {})
        cached = self._normalised.get(column)
        if cached is None or cached[0] is not found:
            cached = self._normalised[column] = (found, {normalise(k): v for k, v in found.items()})
        return cached[1]


class MappingError(ValueError):
    """A mapping document that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def loads(text: str | bytes, columns: list[Column]) -> Mapping:
    """A mapping document (JSON or YAML; JSON is YAML) read and checked against the import's columns."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise MappingError([f"the file is not JSON or YAML{where}"]) from None
    return from_document(document, columns)


def from_document(document, columns: list[Column]) -> Mapping:
    problems: list[str] = []
    if not isinstance(document, dict) or document.get("format") != DOCUMENT_FORMAT:
        raise MappingError([f"this is not an MSP extract mapping (it needs `format: {DOCUMENT_FORMAT}`)"])
    if document.get("version") != DOCUMENT_VERSION:
        problems.append(
            f"`version` is {document.get('version')!r}; this MSP reads version {DOCUMENT_VERSION}"
        )
    by_name = {c.name: c for c in columns}
    mapping = Mapping(name=str(document.get("name") or "").strip()[:120])
    for name, spec in (document.get("columns") or {}).items():
        where = f"columns.{name}"
        column = by_name.get(name)
        if column is None:
            problems.append(f"{where}: `{name}` is not an MSP import column")
            continue
        if not isinstance(spec, dict):
            problems.append(f"{where}: give `heading`, `headings` or `value`")
            continue
        headings = spec.get("headings", [spec["heading"]] if "heading" in spec else [])
        if not isinstance(headings, list) or not all(isinstance(h, str) and h.strip() for h in headings):
            problems.append(f"{where}: `headings` must be a list of headings")
            continue
        value = spec.get("value")
        if (value is None) == (not headings):
            problems.append(f"{where}: give either `heading`(s) or `value`, not both or neither")
            continue
        if len(headings) > 1 and not isinstance(column, ListColumn):
            problems.append(f"{where}: only a column of several values may take several headings")
        date_format = str(spec.get("date_format") or "")
        if date_format and date_format not in DATE_FORMATS:
            problems.append(f"{where}: date_format `{date_format}` is not one of {', '.join(DATE_FORMATS)}")
        mapping.columns[name] = Source(
            headings=[h.strip() for h in headings],
            value=None if value is None else str(value),
            date_format=date_format,
        )
    for name, found in (document.get("values") or {}).items():
        column = by_name.get(name)
        if column is None or not options_of(column):
            problems.append(f"values.{name}: `{name}` is not a list column")
            continue
        if not isinstance(found, dict):
            problems.append(f"values.{name}: give source value: MSP code pairs")
            continue
        codes = {code for code, _ in options_of(column)}
        for source_value, code in found.items():
            code = "" if code is None else str(code)
            if code != BLANK and code not in codes:
                problems.append(f"values.{name}: '{source_value}' maps to `{code}`, which is not an option")
        mapping.values[name] = {str(k): "" if v is None else str(v) for k, v in found.items()}
    if problems:
        raise MappingError(problems)
    return mapping


# --- The columns' options -----------------------------------------------------------------------------------


def options_of(column: Column) -> list[tuple[str, str]]:
    """(code, label) of a list column's options, the item's for a many-valued column; [] for other columns."""
    if isinstance(column, ListColumn):
        column = column.item
    if isinstance(column, ChoiceColumn):
        return column.options()
    if isinstance(column, YesNoColumn):
        return YES_NO_OPTIONS
    return []


def recognised(column: Column, text: str) -> str | None:
    """The code MSP itself reads in a value (its label or code), or None."""
    item = column.item if isinstance(column, ListColumn) else column
    if isinstance(item, ChoiceColumn):
        return item.lookup(text, None)
    if isinstance(item, YesNoColumn):
        key = normalise(text)
        return "yes" if key in {"yes", "y", "true"} else "no" if key in {"no", "n", "false"} else None
    return None


def is_dated(column: Column) -> bool:
    return isinstance(column, (DateColumn, DateTimeColumn))


def split_values(column: Column, text: str) -> list[str]:
    """A many-valued column's cell as its values; any other column's cell as itself."""
    if isinstance(column, ListColumn):
        return [part.strip() for part in text.split(SEPARATOR) if part.strip()]
    return [text.strip()] if text.strip() else []


# --- Applying a mapping -------------------------------------------------------------------------------------


def missing_headings(mapping: Mapping, header: list[str]) -> list[ImportProblem]:
    """Headings the mapping names that the file lacks: the file is not laid out as the mapping expects."""
    present = {normalise(h) for h in header if h}
    problems = []
    for name, source in mapping.columns.items():
        for heading in source.headings:
            if normalise(heading) not in present:
                problems.append(
                    ImportProblem(
                        "mapped_heading_missing",
                        f"the mapping takes `{name}` from the heading '{heading}', which the file lacks",
                        "Choose the heading again in the column mapping, or check this is the right file.",
                        row=1,
                        column=name,
                        heading=heading,
                    )
                )
    return problems


def unmapped_values(
    mapping: Mapping, columns: list[Column], distinct: dict[str, dict[str, int]]
) -> dict[str, dict[str, int]]:
    """For each list column, the file's values that neither the mapping nor MSP's own lists give a meaning.

    `distinct`: heading -> value -> rows. Returns MSP column -> value -> rows; empty when all is mapped."""
    found: dict[str, dict[str, int]] = {}
    for column in columns:
        source = mapping.columns.get(column.name)
        if source is None or source.value is not None or not options_of(column):
            continue
        for heading in source.headings:
            for text, rows in distinct.get(heading, {}).items():
                for part in split_values(column, text):
                    if mapping.value_for(column.name, part) is None and recognised(column, part) is None:
                        counts = found.setdefault(column.name, {})
                        counts[part] = counts.get(part, 0) + rows
    return found


# Date formats MSP's importer reads as they are: cells written so need no change.
NATIVE_FORMATS = {"dd/mm/yyyy", "dd-mm-yyyy", "dd.mm.yyyy", "yyyy-mm-dd"}
_NATIVE = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}(?: \d{1,2}:\d{2}(?::\d{2})?)?$|^\d{4}-\d{2}-\d{2}")


class Transformer:
    """Turns the file's rows into rows of MSP columns, one at a time, as the mapping says.

    Each MSP column gets one small function, chosen once; list values and dates are converted once per
    distinct cell (they recur down a column), so a large file costs little more than reading it."""

    def __init__(self, mapping: Mapping, columns: list[Column], header: list[str]):
        positions = {normalise(h): i for i, h in enumerate(header) if h}
        self.mapping = mapping
        self.header, self.cells = [], []
        for column in columns:
            source = mapping.columns.get(column.name)
            if source is None:
                continue
            indexes = [positions[normalise(h)] for h in source.headings if normalise(h) in positions]
            self.header.append(column.name)
            self.cells.append(self._cell_function(column, source, indexes))

    def _cell_function(self, column: Column, source: Source, indexes: list[int]):
        if source.value is not None:
            value = source.value
            return lambda cells: value
        if options_of(column):
            convert = self._converter(lambda text: self._codes(column, text))
            if len(indexes) > 1:
                return lambda cells: f"{SEPARATOR} ".join(
                    code for i in indexes if i < len(cells) and (code := convert(cells[i]))
                )
        elif is_dated(column) and source.date_format:
            with_time, wanted = isinstance(column, DateTimeColumn), source.date_format
            convert = self._converter(lambda text: self._date(text, wanted, with_time))
        else:
            return _take(indexes[0]) if indexes else (lambda cells: "")
        if not indexes:
            return lambda cells: ""
        index = indexes[0]
        return lambda cells: convert(cells[index]) if index < len(cells) else ""

    @staticmethod
    def _converter(convert):
        seen: dict[str, str] = {}

        def converted(text: str) -> str:
            found = seen.get(text)
            if found is None:
                found = seen[text] = convert(text) if text.strip() else ""
            return found

        return converted

    def _codes(self, column: Column, text: str) -> str:
        codes = []
        for part in split_values(column, text):
            code = self.mapping.value_for(column.name, part)
            codes.append(part if code is None else code)  # unmapped: MSP reads it, or says why not
        return f"{SEPARATOR} ".join(code for code in codes if code)

    @staticmethod
    def _date(text: str, wanted: str, with_time: bool) -> str:
        text = text.strip()
        if wanted in NATIVE_FORMATS and _NATIVE.match(text):
            return text
        moment = parse_source_date(text, wanted)
        return text if moment is None else iso(moment, with_time)  # unreadable: MSP says why

    def row(self, cells: list[str]) -> list[str]:
        return [cell(cells) for cell in self.cells]

    def source_rows(self, rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        functions = self.cells
        for number, cells in rows:
            yield number, [cell(cells) for cell in functions]


def _take(index: int):
    return lambda cells: cells[index] if index < len(cells) else ""


def apply(mapping: Mapping, columns: list[Column], source: RowSource) -> RowSource:
    """The file's rows as MSP rows, read on demand; its size and position still tell the progress."""
    transformer = Transformer(mapping, columns, source.header)
    return RowSource(
        transformer.header, transformer.source_rows(source.rows), size=source.size, position=source.position
    )
