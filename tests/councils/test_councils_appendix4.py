"""The key test: every council in Appendix 4 of the 2016 temperature-check report resolves, as printed."""

import csv
import datetime
from pathlib import Path

import pytest

from msp.councils.models import Council
from msp.councils.resolver import CouncilResolver

FIXTURE = Path(__file__).with_name("appendix4.csv")
FIELDWORK = datetime.date(2016, 6, 1)


def appendix4() -> list[dict[str, str]]:
    with FIXTURE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def db_resolver(councils_db):
    return CouncilResolver(on=FIELDWORK)


def test_the_fixture_holds_115_different_councils():
    rows = appendix4()
    assert len(rows) == 115
    assert len({row["expected_gss_code"] for row in rows}) == 115


def test_it_resolves_every_appendix_4_name(db_resolver):
    wrong = {}
    for row in appendix4():
        resolution = db_resolver.resolve(row["printed_name"])
        got = resolution.council.gss_code if resolution.council else resolution.error
        if got != row["expected_gss_code"]:
            wrong[row["printed_name"]] = got
    assert wrong == {}


def test_only_the_misprinted_cheshire_west_needs_a_warning(db_resolver):
    warned = {
        row["printed_name"]: db_resolver.resolve(row["printed_name"]).warning
        for row in appendix4()
        if db_resolver.resolve(row["printed_name"]).warning
    }
    assert list(warned) == ["Cheshire West and Cheshire"]
    assert "taken to be Cheshire West and Chester Council (E06000050)" in warned["Cheshire West and Cheshire"]


def test_every_appendix_4_council_existed_during_the_fieldwork(councils_db):
    codes = [row["expected_gss_code"] for row in appendix4()]
    assert Council.objects.valid_on(FIELDWORK).filter(gss_code__in=codes).count() == 115


def test_it_documents_where_the_printed_region_differs_from_the_official_one(councils_db):
    """The report prints Milton Keynes in the East Midlands; ONS places it in the South East. Nothing else
    differs: the report's 'Yorkshire and the Humber' is ONS's 'Yorkshire and The Humber' (capitals only).
    """
    official = dict(Council.objects.values_list("gss_code", "region__name"))
    differences = [
        (row["printed_name"], row["printed_region"], official[row["expected_gss_code"]])
        for row in appendix4()
        if row["printed_region"].casefold() != official[row["expected_gss_code"]].casefold()
    ]
    assert differences == [("Milton Keynes", "East Midlands", "South East")]
