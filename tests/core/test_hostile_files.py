"""Hostile and broken spreadsheets: refused quickly, in bounded memory, with a located message, never a
traceback; the one reader serves every importer."""

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from msp.core import reading
from msp.core.tabular import FileWording, read_table

WORDING = FileWording(
    max_bytes=50 * 1024 * 1024,
    too_large_fix="Split the file.",
    headings_fix="Put the headings in the first row.",
)


class Collected:
    def __init__(self):
        self.problems = []

    def problem(self, rule, message, fix="", **where):
        self.problems.append({"rule": rule, "message": message, "fix": fix, **where})


def read(name: str, data: bytes):
    report = Collected()
    table = read_table(name, data, report, WORDING)
    return table, report.problems


def workbook_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(data: bytes, sheet_xml: bytes, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The same workbook with one part replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, sheet_xml if item.filename == part else source.read(item))
    return out.getvalue()


GOOD = [["council", "name"], ["E06000001", "Hartlepool"], ["E06000002", "Middlesbrough"]]
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def test_a_good_workbook_and_csv_read_the_same():
    table, problems = read("good.xlsx", workbook_bytes(GOOD))
    assert problems == [] and table.header == ["council", "name"]
    assert [cells[:2] for _, cells in table.rows] == GOOD[1:]
    csv_table, _ = read("good.csv", b"council,name\r\nE06000001,Hartlepool\r\nE06000002,Middlesbrough\r\n")
    assert [c for _, c in csv_table.rows] == [c for _, c in table.rows]


def test_a_sheet_with_a_cell_in_column_xfd_on_every_row_is_refused_at_once_in_little_memory():
    rows = [["council", "name"]] + [["E06000001", "x"] for _ in range(3000)]
    book = Workbook()
    sheet = book.active
    for number, row in enumerate(rows, start=1):
        sheet.append(row)
        sheet.cell(row=number, column=16384, value="x")  # column XFD, the last there is
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert len(data) < 400_000
    tracemalloc.start()
    started = time.perf_counter()
    table, problems = read("wide.xlsx", data)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert table is None and [p["rule"] for p in problems] == ["sheet_too_large"]
    assert "16,384 columns" in problems[0]["message"]
    assert seconds < 5 and peak < 50 * 1024 * 1024


def test_a_cell_past_the_columns_read_is_located_when_the_sheet_does_not_declare_its_size():
    data = workbook_bytes(GOOD)
    xml = (
        SHEET_HEAD + b"<sheetData>"
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>council</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>E06000001</t></is></c>'
        b'<c r="XFD2" t="inlineStr"><is><t>far away</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    table, problems = read("nodims.xlsx", with_sheet(data, xml))
    assert table is None
    assert problems[0]["rule"] == "too_many_columns" and problems[0]["row"] == 2


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 5 * 1024 * 1024)
    padding = b" " * (8 * 1024 * 1024)  # whitespace between elements: valid XML, tiny once compressed
    xml = SHEET_HEAD + b"<sheetData>" + padding + b"</sheetData></worksheet>"
    data = with_sheet(workbook_bytes(GOOD), xml)
    assert len(data) < 100_000
    started = time.perf_counter()
    table, problems = read("bomb.xlsx", data)
    assert time.perf_counter() - started < 1
    assert table is None and problems[0]["rule"] == "file_too_large"
    assert "unpacks to 8 MB" in problems[0]["message"]


@pytest.mark.parametrize(
    ("name", "sheet_xml", "part"),
    [
        ("truncated sheet", SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>coun', None),
        (
            "shared string past the end",
            SHEET_HEAD
            + b'<sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>',
            None,
        ),
        (
            "text in a number cell",
            SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c></row>'
            b'<row r="2"><c r="A2" t="n"><v>not a number</v></c></row></sheetData></worksheet>',
            None,
        ),
        (
            "entity expansion",
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>',
            None,
        ),
        (
            "external entity",
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>',
            None,
        ),
        ("broken workbook part", b"<workbook", "xl/workbook.xml"),
    ],
)
def test_a_damaged_workbook_is_a_located_problem_not_a_traceback(name, sheet_xml, part):
    data = with_sheet(workbook_bytes(GOOD), sheet_xml, part or "xl/worksheets/sheet1.xml")
    table, problems = read(f"{name}.xlsx", data)
    assert table is None, name
    assert [p["rule"] for p in problems] == ["unreadable_file"], problems
    assert "root:" not in str(problems)  # nothing of /etc/passwd
    # Found while reading the rows: the row is named (the bad string on row 1, the bad number on row 2).
    assert problems[0].get("row") == {"shared string past the end": 1, "text in a number cell": 2}.get(name)


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f"])
def test_a_control_character_stops_the_file_at_its_row_and_column(character):
    data = f"council,name\r\nE06000001,Hartlepool\r\nE06000002,Middles{character}brough\r\n".encode()
    table, problems = read("control.csv", data)
    assert table is None
    assert problems[0]["rule"] == "control_character"
    assert problems[0]["row"] == 3 and "column B" in problems[0]["message"]
    assert character not in problems[0]["value"]


def test_tabs_and_line_breaks_inside_cells_are_still_read():
    data = b'council,name\r\nE06000001,"Hartle\tpool\nsecond line"\r\n'
    table, problems = read("fine.csv", data)
    assert problems == [] and table.rows[0][1][1] == "Hartle\tpool\nsecond line"


def test_more_rows_than_the_limit_stop_at_the_first_past_it(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    data = ("council\r\n" + "".join(f"E0600000{i % 10}\r\n" for i in range(20))).encode()
    table, problems = read("long.csv", data)
    assert table is None and problems[0]["rule"] == "too_many_rows" and problems[0]["row"] == 11


@pytest.mark.django_db
def test_the_wave_import_page_answers_a_damaged_workbook_with_its_problem(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.conftest import make_user

    client.force_login(make_user("ana", "analyst"))
    for data in (
        with_sheet(workbook_bytes(GOOD), b"<workbook", "xl/workbook.xml"),
        with_sheet(workbook_bytes(GOOD), SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="s"><v>9</v></c>'),
    ):
        response = client.post(
            reverse("tempcheck:import", args=["2016"]),
            {"action": "check", "file": SimpleUploadedFile("wave.xlsx", data)},
        )
        assert response.status_code == 200
        assert "Excel" in response.content.decode()  # the problem and how to put it right
