"""`msp sac_return` and `msp indicators` from the command line: formats, councils, and clear errors."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.outcomes.conftest import make_case, make_person, uk


@pytest.fixture
def two_councils(council, other_council):
    make_case(council, make_person(council), uk(2023, 4, 1, 0, 0), decision="s42", closed=uk(2023, 6, 1))
    make_case(other_council, make_person(other_council), uk(2024, 3, 31, 23, 59))
    make_case(other_council, make_person(other_council), uk(2024, 4, 1, 0, 0))  # next year
    return council, other_council


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_the_csv_has_148_cells_for_every_council_with_records_in_the_year(tmp_path, two_councils):
    out = tmp_path / "sac.csv"
    call_command("sac_return", year="2023-24", format="csv", out=out)
    rows = read_csv(out)
    assert rows[0] == ["council_gss", "year", "table", "row", "column", "value"]
    by_council = {}
    for row in rows[1:]:
        by_council.setdefault(row[0], []).append(row)
    assert sorted(by_council) == ["E06999601", "E06999602"]
    assert all(len(cells) == 148 for cells in by_council.values())
    assert ["E06999602", "2023-24", "SG1f", "concerns", "cases", "1"] in rows
    assert ["E06999601", "2023-24", "SG2c", "Total", "enquiries", "0"] in rows  # zeros written out
    assert ["E06999601", "2023-24", "DERIVED", "pct_risk_reduced_or_removed", "percent", ""] in rows


def test_a_council_with_no_records_has_no_rows_unless_asked_for(tmp_path, two_councils):
    out = tmp_path / "sac.csv"
    call_command("sac_return", year="2022-23", format="csv", out=out)
    assert read_csv(out) == [["council_gss", "year", "table", "row", "column", "value"]]
    call_command("sac_return", year="2022-23", council="E06999601", format="csv", out=out)
    rows = read_csv(out)[1:]
    assert len(rows) == 148
    assert {r[5] for r in rows if r[2] != "DERIVED"} == {"0"}


def test_the_workbook_is_one_councils_return(tmp_path, two_councils):
    out = tmp_path / "sac.xlsx"
    call_command("sac_return", year="2023-24", council="E06999601", format="xlsx", out=out)
    book = load_workbook(out)
    assert book.sheetnames[0] == "Cover" and "SG4a" in book.sheetnames
    with pytest.raises(CommandError, match="one council"):
        call_command("sac_return", year="2023-24", format="xlsx", out=out)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": "2023/24"}, "not a reporting year"),
        ({"year": "2023-25"}, "not a reporting year"),
        ({"year": "2023-24", "council": "Nowhereshire"}, "--council Nowhereshire"),
    ],
)
def test_bad_arguments_are_explained(tmp_path, two_councils, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("sac_return", format="csv", out=tmp_path / "x.csv", **options)
    assert not (tmp_path / "x.csv").exists()


def test_indicators_are_written_long_for_the_year_and_its_quarters(tmp_path, two_councils):
    out = tmp_path / "ind.csv"
    call_command("indicators", year="2023-24", format="csv", out=out)
    rows = read_csv(out)
    assert rows[0] == ["council_gss", "period", "indicator", "numerator", "denominator", "value"]
    periods = {r[1] for r in rows[1:]}
    assert periods == {"2023-24", "2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4"}
    # Copperdale's one concern of the year was received at 23:59 on 31 March: Q4, no enquiry.
    assert ["E06999602", "2023-24 Q4", "conversion_rate", "0", "1", "0.0"] in rows
    assert ["E06999602", "2023-24 Q1", "conversion_rate", "0", "0", ""] in rows
    # Wrenfield's concern at 00:00 on 1 April became a Section 42 enquiry: Q1.
    assert ["E06999601", "2023-24 Q1", "conversion_rate", "1", "1", "100.0"] in rows


def test_indicators_as_json_for_one_council(tmp_path, two_councils):
    out = tmp_path / "ind.json"
    call_command("indicators", year="2023-24", council="E06999601", format="json", out=out)
    records = json.loads(out.read_text())
    assert {r["council_gss"] for r in records} == {"E06999601"}
    conversion = next(r for r in records if r["period"] == "2023-24" and r["indicator"] == "conversion_rate")
    assert conversion == {
        "council_gss": "E06999601",
        "period": "2023-24",
        "indicator": "conversion_rate",
        "numerator": 1,
        "denominator": 1,
        "value": 100.0,
    }
