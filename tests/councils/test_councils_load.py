"""Loading the reference data: counts, idempotence, replacement of aliases, all or nothing."""

import datetime

import pytest

from msp.councils.models import Council, CouncilAlias, Region, SafeguardingAdultsBoard
from msp.councils.reference_data import ReferenceDataError
from msp.councils.services import councils_load

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
def test_it_leaves_a_migrated_database_with_the_councils_of_each_date(councils_db, day, count):
    assert Council.objects.valid_on(day).count() == count


def test_it_loads_regions_successors_aliases_and_boards(councils_db):
    assert Region.objects.count() == 9
    assert Council.objects.count() == 163
    dorset = Council.objects.get(gss_code="E10000009")
    assert set(dorset.successors.values_list("gss_code", flat=True)) == {"E06000058", "E06000059"}
    bcp = Council.objects.get(gss_code="E06000058")
    assert set(bcp.predecessors.values_list("gss_code", flat=True)) == {"E06000028", "E06000029", "E10000009"}
    assert CouncilAlias.objects.filter(council__gss_code="E06000040", alias="RBW&M").exists()
    berkshire_west = SafeguardingAdultsBoard.objects.get(name="Berkshire West Safeguarding Adults Board")
    assert set(berkshire_west.councils.values_list("short_name", flat=True)) == {
        "Reading",
        "West Berkshire",
        "Wokingham",
    }


def test_it_changes_nothing_when_run_again(councils_db):
    before = list(CouncilAlias.objects.order_by("pk").values_list("pk", "council_id", "alias"))
    summary = councils_load()
    assert not summary.changed
    assert (summary.councils, summary.regions, summary.boards, summary.successor_links) == (163, 9, 142, 13)
    assert list(CouncilAlias.objects.order_by("pk").values_list("pk", "council_id", "alias")) == before


def test_it_loads_into_an_empty_database(councils_db):
    SafeguardingAdultsBoard.objects.all().delete()
    Council.objects.all().delete()
    Region.objects.all().delete()
    summary = councils_load()
    assert (summary.regions_created, summary.councils_created, summary.boards_created) == (9, 163, 142)
    assert summary.aliases_added == CouncilAlias.objects.count() == summary.aliases


def test_it_applies_corrections_and_replaces_each_councils_aliases(councils_db, data_dir):
    path = data_dir / "councils.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "Wokingham Borough Council;Wokingham;Wokingham UA;Wokingham Council",
        "Wokingham Borough Council;Wokingham;Wokingham BC",
    )
    text = text.replace(
        "E06000042,Milton Keynes City Council,Milton Keynes,Unitary authority,E12000008,South East",
        "E06000042,Milton Keynes City Council,Milton Keynes,Unitary authority,E12000004,East Midlands",
    )
    path.write_text(text, encoding="utf-8")
    boards = data_dir / "boards.csv"
    boards.write_text(
        boards.read_text(encoding="utf-8").replace(
            "Leeds Safeguarding Adults Board", "Leeds Safeguarding Adults Partnership"
        )
    )
    summary = councils_load(data_dir=data_dir)
    assert (summary.councils_updated, summary.aliases_added, summary.aliases_removed) == (1, 1, 2)
    assert (summary.boards_created, summary.boards_removed) == (1, 1)
    aliases = set(CouncilAlias.objects.filter(council__gss_code="E06000041").values_list("alias", flat=True))
    assert aliases == {"Wokingham Borough Council", "Wokingham", "Wokingham BC"}
    assert Council.objects.get(gss_code="E06000042").region.name == "East Midlands"
    assert (
        SafeguardingAdultsBoard.objects.get(name="Leeds Safeguarding Adults Partnership").councils.count()
        == 1
    )


def test_it_writes_nothing_when_any_row_is_bad(councils_db, data_dir):
    path = data_dir / "councils.csv"
    text = path.read_text(encoding="utf-8").replace("Leeds City Council,Leeds,", "Leeds Council,Leeds,")
    path.write_text(
        text + "E06000099,Atlantis Council,Atlantis,Unitary authority,E12000009,South West,2019-02-30,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError) as caught:
        councils_load(data_dir=data_dir)
    assert [str(p) for p in caught.value.problems] == [
        "councils.csv, row 165, column `valid_from`: '2019-02-30' is not a date; write it as YYYY-MM-DD, "
        "e.g. 2019-04-01",
        "councils.csv, row 165, column `gss_code`: 'E06000099' is on no board in boards.csv; add it to one",
    ]
    assert Council.objects.get(gss_code="E08000035").name == "Leeds City Council"
    assert not Council.objects.filter(gss_code="E06000099").exists()


def test_it_keeps_and_reports_a_council_that_left_the_files(councils_db):
    region = Region.objects.get(gss_code="E12000009")
    Council.objects.create(
        gss_code="E06000099",
        name="Atlantis Council",
        short_name="Atlantis",
        council_type="Unitary authority",
        region=region,
    )
    summary = councils_load()
    assert summary.councils_not_in_files == ["E06000099"]
    assert "In the database but not in councils.csv (kept): E06000099" in str(summary)
