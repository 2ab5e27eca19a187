"""The reference CSV files, without a database: counts and links hold, and every problem is reported."""

import datetime

import pytest

from msp.councils.reference_data import ReferenceDataError, reference_data_read

D = datetime.date


@pytest.mark.parametrize(
    ("day", "count"),
    [
        (D(2016, 4, 1), 152),
        (D(2019, 4, 1), 151),
        (D(2021, 4, 1), 152),
        (D(2023, 4, 1), 153),
        (D(2026, 11, 29), 153),
    ],
)
def test_it_counts_the_councils_the_national_collection_counts(reference_data, day, count):
    assert len(reference_data.councils_valid_on(day)) == count


def test_it_has_one_row_per_gss_code_and_the_nine_regions(reference_data):
    assert len(reference_data.councils) == 163
    assert len({c.gss_code for c in reference_data.councils}) == 163
    assert [r.gss_code for r in reference_data.regions] == [f"E1200000{n}" for n in range(1, 10)]


@pytest.mark.parametrize(
    ("predecessor", "successors", "day"),
    [
        ("E06000028", {"E06000058"}, D(2019, 4, 1)),  # Bournemouth into BCP
        ("E06000029", {"E06000058"}, D(2019, 4, 1)),  # Poole into BCP
        ("E10000009", {"E06000059", "E06000058"}, D(2019, 4, 1)),  # Dorset; Christchurch went to BCP
        ("E10000002", {"E06000060"}, D(2020, 4, 1)),  # Buckinghamshire became unitary
        ("E10000021", {"E06000061", "E06000062"}, D(2021, 4, 1)),  # Northamptonshire split
        ("E10000006", {"E06000063", "E06000064"}, D(2023, 4, 1)),  # Cumbria split
        ("E10000023", {"E06000065"}, D(2023, 4, 1)),  # North Yorkshire unitary, new code
        ("E10000027", {"E06000066"}, D(2023, 4, 1)),  # Somerset unitary, new code
        ("E08000016", {"E08000038"}, D(2025, 4, 1)),  # Barnsley re-coded
        ("E08000019", {"E08000039"}, D(2025, 4, 1)),  # Sheffield re-coded
    ],
)
def test_it_links_each_reorganisation_to_its_successors(reference_data, predecessor, successors, day):
    by_code = {c.gss_code: c for c in reference_data.councils}
    assert set(by_code[predecessor].successor_gss_codes) == successors
    assert by_code[predecessor].valid_to == day - datetime.timedelta(days=1)
    assert all(by_code[code].valid_from == day for code in successors)


def test_it_puts_every_council_on_a_board_and_berkshire_west_covers_three(reference_data):
    boards = {b.name: set(b.council_gss_codes) for b in reference_data.boards}
    assert boards["Berkshire West Safeguarding Adults Board"] == {"E06000038", "E06000037", "E06000041"}
    assert boards["Dorset and BCP Safeguarding Adults Board"] == {"E06000058", "E06000059"}
    assert boards["Leeds Safeguarding Adults Board"] == {"E08000035"}
    covered = set().union(*boards.values())
    assert covered == {c.gss_code for c in reference_data.councils}


def write(data_dir, name, text):
    (data_dir / name).write_text(text, encoding="utf-8")


def append_council(data_dir, row):
    with (data_dir / "councils.csv").open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")


def test_it_reports_file_row_column_value_and_why(data_dir):
    append_council(
        data_dir,
        "E06000099,Atlantis Council,Atlantis,Island authority,E12000010,Atlantic,2019-13-01,,,,Atlantis",
    )
    with pytest.raises(ReferenceDataError) as caught:
        reference_data_read(data_dir)
    messages = [str(p) for p in caught.value.problems]
    assert (
        "councils.csv, row 165, column `council_type`: 'Island authority' is not a council type"
        in messages[0]
    )
    assert any(
        "row 165, column `region_code`: 'E12000010' is not a region in regions.csv" in m for m in messages
    )
    assert any(
        "row 165, column `valid_from`: '2019-13-01' is not a date; write it as YYYY-MM-DD" in m
        for m in messages
    )
    assert any("row 165, column `gss_code`: 'E06000099' is on no board" in m for m in messages)
    assert "nothing was loaded" in str(caught.value)


def test_it_reports_a_successor_that_does_not_start_the_next_day(data_dir):
    text = (data_dir / "councils.csv").read_text(encoding="utf-8")
    write(
        data_dir,
        "councils.csv",
        text.replace(
            "E06000061,North Northamptonshire Council,North Northamptonshire,"
            "Unitary authority,E12000004,East Midlands,2021-04-01",
            "E06000061,North Northamptonshire Council,North Northamptonshire,"
            "Unitary authority,E12000004,East Midlands,2021-05-01",
        ),
    )
    with pytest.raises(ReferenceDataError) as caught:
        reference_data_read(data_dir)
    assert [p.column for p in caught.value.problems] == ["successor_gss_codes"]
    assert "starts on 2021-05-01, not the day after this council ends (2021-03-31)" in str(caught.value)


def test_it_reports_an_alias_that_names_two_councils_at_once(data_dir):
    append_council(
        data_dir,
        "E06000098,Leeds Two Council,Leeds Two,Unitary authority,E12000003,"
        "Yorkshire and The Humber,,,,,Leeds",
    )
    text = (data_dir / "boards.csv").read_text(encoding="utf-8")
    write(data_dir, "boards.csv", text + "Leeds Two Safeguarding Adults Board,E06000098\n")
    with pytest.raises(ReferenceDataError) as caught:
        reference_data_read(data_dir)
    assert "column `aliases`: 'Leeds' also names E08000035 (Leeds City Council) at the same time" in str(
        caught.value
    )


def test_it_reports_missing_columns_and_unknown_board_members(data_dir):
    write(data_dir, "regions.csv", "gss_code,title\nE12000001,North East\n")
    write(data_dir, "boards.csv", "name,council_gss_codes\nNowhere Board,E06000097\n")
    with pytest.raises(ReferenceDataError) as caught:
        reference_data_read(data_dir)
    text = str(caught.value)
    assert "regions.csv, row 1, column `name`: '' is missing from the header" in text
    assert (
        "boards.csv, row 2, column `council_gss_codes`: 'E06000097' is not a council in councils.csv" in text
    )
