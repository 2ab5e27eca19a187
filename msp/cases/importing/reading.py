"""Reading an extract a row at a time: CSV decoded as it is read, XLSX through openpyxl's read-only mode.

The same files are accepted and refused, with the same messages, as `msp.core.tabular.read_table`, which reads
a whole file into a Table; here only one row is held at a time, so a large extract never sits in memory as
cells. A problem found part way (bytes that are not UTF-8, broken CSV quoting) is raised as `Unreadable`, and
the importer then reports it alone, as if the file had been refused before any row was read.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from msp.core.tabular import FileWording, Reports, cell_text

CHUNK = 1 << 20  # bytes read at a time
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other pre-2007 Office files


class Unreadable(Exception):
    """The file turned out not to be readable after its first rows: one problem, for the whole file."""

    def __init__(self, rule: str, message: str, fix: str):
        super().__init__(message)
        self.rule, self.message, self.fix = rule, message, fix


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
        report.problem(exc.rule, exc.message, exc.fix)
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
    """The heading row, then every row with a value, with its spreadsheet row number."""
    try:
        for number, cells in enumerate(records, start=1):
            if number == 1 or (any(cells) and any(map(str.strip, cells))):
                yield number, cells
    except csv.Error as exc:
        raise Unreadable(
            "unreadable_file", f"the file is not valid CSV ({exc})", "Save it again as CSV UTF-8."
        ) from None


def _xlsx(handle: BinaryIO, size: int, report: Reports, wording: FileWording) -> RowSource | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        report.problem(
            "unreadable_file",
            f"the file is not a readable Excel workbook ({exc.__class__.__name__})",
            "Open it in Excel and save it again as .xlsx, or save it as CSV UTF-8.",
        )
        return None

    def records() -> Iterator[list[str]]:
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some writers record a wrong sheet size; read every row there is
            for values in sheet.iter_rows(values_only=True):
                yield [cell_text(v) for v in values]
        finally:
            workbook.close()

    try:
        return _source(records(), size, [0], report, wording)
    except Unreadable as exc:  # pragma: no cover - only CSV raises it
        report.problem(exc.rule, exc.message, exc.fix)
        return None
