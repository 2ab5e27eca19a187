"""The one reader of every imported spreadsheet: CSV decoded as it is read, XLSX through openpyxl's read-only
mode, a row at a time, so a large extract never sits in memory as cells (`msp.core.tabular.read_table` keeps
the rows of a small file as a Table).

Files are untrusted. Before an XLSX is opened, its unpacked size (MAX_UNPACKED_BYTES) and its sheet's declared
size (MAX_ROWS, MAX_COLUMNS) are checked; while reading, the first row past MAX_ROWS or with a value past
MAX_COLUMNS stops the file, XML entities are refused (openpyxl reads through defusedxml), and a control
character (NUL and the other C0 characters but tab, line feed and carriage return) stops the file at its row
and column. A problem found part way (bytes that are not UTF-8, broken CSV quoting, broken XML, a cell of the
wrong kind) is raised as `Unreadable`, and the importer then reports it alone, as if the file had been refused
before any row was read.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from msp.core.tabular import FileWording, Reports, cell_text, column_letter

CHUNK = 1 << 20  # bytes read at a time
MAX_ROWS = 1_048_576  # as many as Excel allows
MAX_COLUMNS = 500  # MSP's widest file (a temperature-check wave) has fewer than 200
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a workbook's parts unzipped (a 30 MB extract unpacks to ~150 MB)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_FIX = "Delete the character (it cannot be seen in most programs; retyping the cell removes it)."
# What a damaged workbook raises part way, from the zip, the XML parser or openpyxl's reading of a cell.
BROKEN_XLSX = (
    SyntaxError,  # xml.etree.ElementTree.ParseError
    ValueError,  # defusedxml's refusals, and a cell whose type and value disagree
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    EOFError,
    OSError,
    zipfile.BadZipFile,
    zlib.error,
)
XLSX_FIX = "Open it in Excel and save it again as .xlsx, or save it as CSV UTF-8."
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other pre-2007 Office files


class Unreadable(Exception):
    """The file turned out not to be readable after its first rows: one problem, for the whole file, with the
    row and column where it was found when known."""

    def __init__(self, rule: str, message: str, fix: str, **where):
        super().__init__(message)
        self.rule, self.message, self.fix, self.where = rule, message, fix, where

    def report(self, report: Reports) -> None:
        report.problem(self.rule, self.message, self.fix, **self.where)


@dataclass
class RowSource:
    """The heading row, then (spreadsheet row number, cells) for every row with a value, read on demand."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    size: int = 0  # bytes in the file (0: unknown)
    position: list[int] = field(default_factory=lambda: [0])  # bytes read so far, for progress


def open_rows(name: str, source: bytes | BinaryIO, report: Reports, wording: FileWording) -> RowSource | None:
    """CSV (UTF-8, with or without BOM) or XLSX (first sheet); None (problem reported) if unreadable."""
    handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    size = _size(handle)
    if size > wording.max_bytes:
        report.problem(
            "file_too_large",
            f"the file is {size / 1024 / 1024:{wording.size_format}} MB",
            wording.too_large_fix,
        )
        return None
    start = handle.read(8)
    handle.seek(0)
    lower = name.lower()
    if start[:4] == b"PK\x03\x04" or lower.endswith((".xlsx", ".xlsm")):
        return _xlsx(handle, size, report, wording)
    if lower.endswith(wording.unsupported) or start == _OLE_FILE:
        report.problem(
            "unsupported_file",
            "this kind of spreadsheet cannot be read",
            "Save it as an Excel workbook (.xlsx) or as CSV UTF-8.",
        )
        return None
    if start[:2] in _UTF16_BOMS:
        report.problem("bad_encoding", wording.utf16 or wording.not_utf8.format(line=1), wording.encoding_fix)
        return None
    position = [0]
    try:
        records = csv.reader(_lines(handle, wording, position))
        return _source(records, size, position, report, wording)
    except Unreadable as exc:
        exc.report(report)
        return None


def _size(handle: BinaryIO) -> int:
    try:
        return os.fstat(handle.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        here = handle.tell()
        size = handle.seek(0, io.SEEK_END)
        handle.seek(here)
        return size


def _lines(handle: BinaryIO, wording: FileWording, position: list[int]) -> Iterator[str]:
    """The file's text, a line at a time (split as csv splits them: at \\n, \\r or \\r\\n)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    newlines = 0  # in the bytes decoded so far, to say which line cannot be read
    pending = ""
    while True:
        chunk = handle.read(CHUNK)
        final = not chunk
        try:
            text = pending + decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            line = newlines + exc.object[: exc.start].count(b"\n") + 1
            raise Unreadable(
                "bad_encoding", wording.not_utf8.format(line=line), wording.encoding_fix
            ) from None
        newlines += chunk.count(b"\n")
        position[0] += len(chunk)
        # Cut after the last \n: it always ends a line, so no line (or \r\n) is split between two pieces.
        cut = len(text) if final else text.rfind("\n") + 1
        pending = text[cut:]
        if cut:
            yield from io.StringIO(text[:cut], newline="")
        if final:
            return


def _source(
    records, size: int, position: list[int], report: Reports, wording: FileWording
) -> RowSource | None:
    records = _numbered(records)
    first = next(records, None)
    if first is None or not any(c.strip() for c in first[1]):
        report.problem("empty_file", "the first row has no column headings", wording.headings_fix, row=1)
        return None
    header = [c.strip() for c in first[1]]
    while header and not header[-1]:
        header.pop()
    return RowSource(header, records, size, position)


def _numbered(records: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """The heading row, then every row with a value, with its spreadsheet row number; past the limits, or at a
    control character, the file stops there."""
    number = 0
    try:
        for number, cells in enumerate(records, start=1):
            if number > MAX_ROWS:
                raise Unreadable(
                    "too_many_rows",
                    f"the file has more than {MAX_ROWS:,} rows",
                    "Split it into files of fewer rows.",
                    row=number,
                )
            if len(cells) > MAX_COLUMNS and any(c.strip() for c in cells[MAX_COLUMNS:]):
                at = next(i for i in range(MAX_COLUMNS, len(cells)) if cells[i].strip())
                raise _too_wide(number, at)
            if CONTROL.search("\t".join(cells)):
                at = next(i for i, c in enumerate(cells) if CONTROL.search(c))
                raise Unreadable(
                    "control_character",
                    f"column {column_letter(at)} holds a control character"
                    f" ({CONTROL.search(cells[at]).group()!r}), which no spreadsheet value has",
                    CONTROL_FIX,
                    row=number,
                    value=CONTROL.sub("?", cells[at])[:100],
                )
            if number == 1 or (any(cells) and any(map(str.strip, cells))):
                yield number, cells
    except csv.Error as exc:
        raise Unreadable(
            "unreadable_file",
            f"the file is not valid CSV ({exc})",
            "Save it again as CSV UTF-8.",
            row=number + 1,
        ) from None


def _too_wide(row: int, index: int) -> Unreadable:
    return Unreadable(
        "too_many_columns",
        f"column {column_letter(index)} has a value, past the {MAX_COLUMNS} columns MSP reads",
        "Delete the columns that are not part of the import.",
        row=row,
    )


def _xlsx(handle: BinaryIO, size: int, report: Reports, wording: FileWording) -> RowSource | None:
    from openpyxl import load_workbook

    refused = _unpacked_too_large(handle)
    if refused is not None:
        refused.report(report)
        return None
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    except BROKEN_XLSX as exc:
        report.problem(
            "unreadable_file",
            f"the file is not a readable Excel workbook ({exc.__class__.__name__})",
            XLSX_FIX,
        )
        return None
    if declared_rows > MAX_ROWS or declared_columns > MAX_COLUMNS:
        workbook.close()
        report.problem(
            "sheet_too_large",
            f"the sheet says it is {declared_rows:,} rows by {declared_columns:,} columns; MSP reads at most"
            f" {MAX_ROWS:,} rows and {MAX_COLUMNS} columns",
            "Delete the rows and columns not part of the import, or copy the table to a new workbook.",
        )
        return None

    def records() -> Iterator[list[str]]:
        number = 0
        try:
            sheet.reset_dimensions()  # some writers record a wrong sheet size; read every row there is
            for values in sheet.iter_rows(values_only=True):
                number += 1
                if len(values) > MAX_COLUMNS:
                    # A row reaching far right: refused at once if anything is there, else cut (counted in C).
                    tail = values[MAX_COLUMNS:]
                    if tail.count(None) != len(tail):
                        at = next(i for i, v in enumerate(tail) if v is not None)
                        raise _too_wide(number, MAX_COLUMNS + at)
                    values = values[:MAX_COLUMNS]
                yield [cell_text(v) for v in values]
        except BROKEN_XLSX as exc:
            raise Unreadable(
                "unreadable_file",
                f"row {number + 1} of the workbook cannot be read ({exc.__class__.__name__})",
                XLSX_FIX,
                row=number + 1,
            ) from None
        finally:
            workbook.close()

    try:
        return _source(records(), size, [0], report, wording)
    except Unreadable as exc:
        exc.report(report)
        return None


def _unpacked_too_large(handle: BinaryIO) -> Unreadable | None:
    """Refuse a workbook that would unzip to more than MAX_UNPACKED_BYTES (a zip bomb), before opening it."""
    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # not a zip: openpyxl says so in its own words
    finally:
        handle.seek(0)
    if unpacked <= MAX_UNPACKED_BYTES:
        return None
    return Unreadable(
        "file_too_large",
        f"the workbook unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the"
        f" {MAX_UNPACKED_BYTES // 1024 // 1024} MB MSP reads",
        "Save it as CSV UTF-8, or split it into smaller files.",
    )
