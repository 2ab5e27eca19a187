"""Read the reference CSV files into plain rows, collecting every problem before anything is written."""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from msp.councils.resolver import core_name, normalise_name

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_FILE, COUNCILS_FILE, BOARDS_FILE = "regions.csv", "councils.csv", "boards.csv"

REGION_COLUMNS = ("gss_code", "name")
COUNCIL_COLUMNS = (
    "gss_code",
    "name",
    "short_name",
    "council_type",
    "region_code",
    "region_name",
    "valid_from",
    "valid_to",
    "successor_gss_codes",
    "cassr_code",
    "aliases",
)
BOARD_COLUMNS = ("name", "council_gss_codes")

# Kept here rather than imported from models so this module stays importable without Django set up.
COUNCIL_TYPES = ("County council", "Unitary authority", "Metropolitan district", "London borough")
REGION_CODE = re.compile(r"^E12\d{6}$")
# CASSR-level GSS codes: unitary (E06), metropolitan district (E08), London borough (E09), county (E10).
COUNCIL_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CASSR_CODE = re.compile(r"^[0-9A-Z]{1,10}$")
MAX_LENGTH = {"name": 120, "short_name": 80, "alias": 160, "board": 160, "region": 60}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column `{self.column}`: '{self.value}' {self.message}"


class ReferenceDataError(Exception):
    """Every problem found in the reference files; raised before anything is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The reference data has {len(problems)} problem(s); nothing was loaded.\n{lines}")


@dataclass(frozen=True)
class RegionRow:
    gss_code: str
    name: str


@dataclass(frozen=True)
class CouncilRow:
    row: int
    gss_code: str
    name: str
    short_name: str
    council_type: str
    region_code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successor_gss_codes: tuple[str, ...]
    cassr_code: str
    aliases: tuple[str, ...]

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class BoardRow:
    name: str
    council_gss_codes: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceData:
    regions: list[RegionRow]
    councils: list[CouncilRow]
    boards: list[BoardRow]

    def councils_valid_on(self, day: datetime.date) -> list[CouncilRow]:
        return [c for c in self.councils if c.is_valid_on(day)]


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _read(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        problems.append(
            Problem(path.name, 0, "-", str(path), "does not exist; every reference file is needed")
        )
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        for column in missing:
            problems.append(
                Problem(path.name, 1, column, "", f"is missing from the header; expected {columns}")
            )
        if missing:
            return []
        return [
            (number, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for number, row in enumerate(reader, start=2)
        ]


def _date(file: str, number: int, column: str, value: str, problems: list[Problem]) -> datetime.date | None:
    if not value:
        return None
    if ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(
        Problem(file, number, column, value, "is not a date; write it as YYYY-MM-DD, e.g. 2019-04-01")
    )
    return None


def _regions(path: Path, problems: list[Problem]) -> list[RegionRow]:
    regions, seen = [], set()
    for number, row in _read(path, REGION_COLUMNS, problems):
        code, name = row["gss_code"], row["name"]
        if not REGION_CODE.match(code):
            problems.append(
                Problem(path.name, number, "gss_code", code, "is not a region code like E12000001")
            )
        elif code in seen:
            problems.append(
                Problem(path.name, number, "gss_code", code, "appears twice; keep one row per region")
            )
        if not name or len(name) > MAX_LENGTH["region"]:
            problems.append(Problem(path.name, number, "name", name, "must be 1 to 60 characters"))
        seen.add(code)
        regions.append(RegionRow(code, name))
    return regions


def _council(file: str, number: int, row: dict[str, str], regions: dict[str, str], problems: list[Problem]):
    def bad(column: str, message: str) -> None:
        problems.append(Problem(file, number, column, row[column], message))

    if not COUNCIL_CODE.match(row["gss_code"]):
        bad("gss_code", "is not a council GSS code (E06, E08, E09 or E10 and six digits)")
    for column in ("name", "short_name"):
        if not row[column] or len(row[column]) > MAX_LENGTH[column]:
            bad(column, f"must be 1 to {MAX_LENGTH[column]} characters")
    if row["council_type"] not in COUNCIL_TYPES:
        bad("council_type", f"is not a council type; expected one of {', '.join(COUNCIL_TYPES)}")
    if row["region_code"] not in regions:
        bad("region_code", "is not a region in regions.csv")
    elif row["region_name"] != regions[row["region_code"]]:
        bad(
            "region_name",
            f"does not match regions.csv, which calls {row['region_code']} '{regions[row['region_code']]}'",
        )
    valid_from = _date(file, number, "valid_from", row["valid_from"], problems)
    valid_to = _date(file, number, "valid_to", row["valid_to"], problems)
    if valid_from and valid_to and valid_to < valid_from:
        bad("valid_to", f"is before valid_from ({valid_from}); dates are inclusive")
    if row["cassr_code"] and not CASSR_CODE.match(row["cassr_code"]):
        bad("cassr_code", "is not a CASSR code (digits or capitals, up to 10); leave it blank if unknown")
    aliases = split_list(row["aliases"])
    for alias in aliases:
        if len(alias) > MAX_LENGTH["alias"]:
            problems.append(Problem(file, number, "aliases", alias, "is longer than 160 characters"))
    return CouncilRow(
        row=number,
        gss_code=row["gss_code"],
        name=row["name"],
        short_name=row["short_name"],
        council_type=row["council_type"],
        region_code=row["region_code"],
        valid_from=valid_from,
        valid_to=valid_to,
        successor_gss_codes=split_list(row["successor_gss_codes"]),
        cassr_code=row["cassr_code"],
        aliases=aliases,
    )


def _check_successors(councils: list[CouncilRow], problems: list[Problem]) -> None:
    """A council that ceased hands over to successors that start the next day, and only then."""
    by_code = {c.gss_code: c for c in councils}
    for council in councils:
        value = ";".join(council.successor_gss_codes)
        if council.successor_gss_codes and not council.valid_to:
            problems.append(
                Problem(
                    COUNCILS_FILE,
                    council.row,
                    "successor_gss_codes",
                    value,
                    "is given but valid_to is blank; a council with successors has ended",
                )
            )
        if council.valid_to and not council.successor_gss_codes:
            problems.append(
                Problem(
                    COUNCILS_FILE,
                    council.row,
                    "successor_gss_codes",
                    "",
                    f"is blank but the council ended on {council.valid_to}; name its successors",
                )
            )
        for code in council.successor_gss_codes:
            successor = by_code.get(code)
            if successor is None or code == council.gss_code:
                problems.append(
                    Problem(
                        COUNCILS_FILE,
                        council.row,
                        "successor_gss_codes",
                        code,
                        "is not another council in councils.csv",
                    )
                )
            elif council.valid_to and successor.valid_from != council.valid_to + datetime.timedelta(days=1):
                problems.append(
                    Problem(
                        COUNCILS_FILE,
                        council.row,
                        "successor_gss_codes",
                        code,
                        f"starts on {successor.valid_from}, not the day after this council "
                        f"ends ({council.valid_to})",
                    )
                )


def _overlap(a: CouncilRow, b: CouncilRow) -> bool:
    return (a.valid_to is None or b.valid_from is None or b.valid_from <= a.valid_to) and (
        b.valid_to is None or a.valid_from is None or a.valid_from <= b.valid_to
    )


def _check_names(councils: list[CouncilRow], problems: list[Problem]) -> None:
    """No name, with or without 'Council' and the like, may point at two councils that exist at once."""
    owners: dict[str, list[CouncilRow]] = {}
    for council in councils:
        clashes: dict[str, CouncilRow] = {}
        for text in (council.name, council.short_name, *council.aliases):
            for key in {normalise_name(text), core_name(text)}:
                for other in owners.get(key, []):
                    if other is not council and _overlap(council, other):
                        clashes.setdefault(text, other)
        for text, other in clashes.items():
            message = f"also names {other.gss_code} ({other.name}) at the same time; keep it on one council"
            problems.append(Problem(COUNCILS_FILE, council.row, "aliases", text, message))
        for text in (council.name, council.short_name, *council.aliases):
            for key in {normalise_name(text), core_name(text)}:
                owners.setdefault(key, []).append(council)


def _councils(path: Path, regions: list[RegionRow], problems: list[Problem]) -> list[CouncilRow]:
    region_names = {r.gss_code: r.name for r in regions}
    councils, seen = [], set()
    for number, row in _read(path, COUNCIL_COLUMNS, problems):
        council = _council(path.name, number, row, region_names, problems)
        if council.gss_code in seen:
            problems.append(
                Problem(
                    path.name,
                    number,
                    "gss_code",
                    council.gss_code,
                    "appears twice; keep one row per GSS code",
                )
            )
        seen.add(council.gss_code)
        councils.append(council)
    _check_successors(councils, problems)
    _check_names(councils, problems)
    return councils


def _boards(path: Path, councils: list[CouncilRow], problems: list[Problem]) -> list[BoardRow]:
    by_code = {c.gss_code: c for c in councils}
    boards, seen, covered = [], set(), set()
    for number, row in _read(path, BOARD_COLUMNS, problems):
        name, codes = row["name"], split_list(row["council_gss_codes"])
        if not name or len(name) > MAX_LENGTH["board"]:
            problems.append(Problem(path.name, number, "name", name, "must be 1 to 160 characters"))
        elif name in seen:
            problems.append(Problem(path.name, number, "name", name, "appears twice; keep one row per board"))
        if not codes:
            problems.append(
                Problem(path.name, number, "council_gss_codes", "", "is blank; a board covers a council")
            )
        for code in codes:
            if code not in by_code:
                problems.append(
                    Problem(path.name, number, "council_gss_codes", code, "is not a council in councils.csv")
                )
        seen.add(name)
        covered.update(codes)
        boards.append(BoardRow(name, codes))
    if boards:
        for council in councils:
            if council.gss_code not in covered:
                problems.append(
                    Problem(
                        COUNCILS_FILE,
                        council.row,
                        "gss_code",
                        council.gss_code,
                        "is on no board in boards.csv; add it to one",
                    )
                )
    return boards


def reference_data_read(data_dir: Path = DATA_DIR) -> ReferenceData:
    """Parse and check the three CSV files; raise ReferenceDataError listing every problem found."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    regions = _regions(data_dir / REGIONS_FILE, problems)
    councils = _councils(data_dir / COUNCILS_FILE, regions, problems)
    boards = _boards(data_dir / BOARDS_FILE, councils, problems)
    if problems:
        raise ReferenceDataError(problems)
    return ReferenceData(regions=regions, councils=councils, boards=boards)
