"""The return's layout (148 cells, national labels) and the checks before submission, on plain numbers."""

from __future__ import annotations

import datetime

import pytest

from msp.outcomes.checks import check_return
from msp.outcomes.layout import LayoutError, build, layout_for
from msp.outcomes.periods import PeriodError, age_on, born_on_or_before, quarters, reporting_year, year_of

LAYOUT = layout_for("2023-24")


def consistent_cells() -> dict:
    """A return that passes every check: each universe has 10 records, all in the first category."""
    cells = dict.fromkeys(LAYOUT.cells(), 0)
    for grid in LAYOUT.grids():
        if grid.table == "DERIVED":
            continue
        first = grid.rows[0]
        for column in grid.columns:
            if grid.has(first, column):
                cells[grid.table, first, column] = 10
            if grid.has("Total", column):
                cells[grid.table, "Total", column] = 10
    for table in ("SG2a", "SG2b"):
        for row in (LAYOUT.labels("risk_type" if table == "SG2a" else "risk_location")[0], "Total"):
            for source in LAYOUT.labels("risk_source")[1:]:
                cells[table, row, source] = 0
    cells["SG3a", "yes", "not_supported"] = 0
    for row in ("concerns", "s42_enquiries", "other_enquiries"):
        cells["SG1f", row, "cases"] = cells["SG1f", row, "individuals"] = 10
    return cells


def test_the_return_has_148_cells_with_the_national_labels():
    cells = LAYOUT.cells()
    assert len(cells) == len(set(cells)) == 148
    assert ("SG2a", "Neglect and Acts of Omission", "Other - Known to Individual") in cells
    assert ("SG2b", "In the Community (excluding community services)", "Total") in cells
    assert ("SG2c", "Enquiry ceased at individual's request - no action taken", "enquiries") in cells
    assert ("SG3a", "yes", "supported") in cells and ("SG3a", "no", "supported") not in cells
    assert ("SG4a", "Total", "enquiries") in cells and ("SG4a", "Total", "achieved") in cells
    assert [c[1] for c in cells if c[0] == "DERIVED"] == [
        "conversion_rate",
        "pct_risk_reduced_or_removed",
        "pct_asked_and_expressed",
        "pct_expressed_fully_or_partially_achieved",
        "pct_lacking_capacity_supported",
    ]


def test_a_layout_missing_a_dimension_is_refused():
    data = {"layouts": [{"from_year": "2016-17", "age_bands": [{"row": "18+", "min": 18}]}]}
    with pytest.raises(LayoutError, match="missing"):
        build(data)


def test_a_layout_with_a_code_in_two_rows_is_refused():
    import yaml

    from msp.outcomes.layout import LAYOUT_PATH

    data = yaml.safe_load(LAYOUT_PATH.read_text(encoding="utf-8"))
    assert build(data)  # the shipped layout is sound
    data["layouts"][0]["gender"].append({"row": "Also male", "codes": ["male"]})
    with pytest.raises(LayoutError, match="gender: a code is in two rows"):
        build(data)


def test_a_consistent_return_passes_every_check():
    assert check_return(consistent_cells(), LAYOUT) == []


def test_an_age_band_short_of_its_total_is_named_with_its_cells():
    cells = consistent_cells()
    cells["SG1a", "Total", "concerns_individuals"] = 12  # two people with no date of birth
    cells["SG1f", "concerns", "individuals"] = cells["SG1f", "concerns", "cases"] = 12
    (check,) = check_return(cells, LAYOUT)
    assert check.code == "rows_do_not_add_up"
    assert check.message == "SG1a concerns_individuals: the rows add up to 10, but Total is 12"
    assert ("SG1a", "95+", "concerns_individuals") in check.cells


def test_concluded_totals_that_differ_between_tables_are_named():
    cells = consistent_cells()
    cells["SG2c", "Total", "enquiries"] = 9
    cells["SG2c", LAYOUT.labels("risk_result")[0], "enquiries"] = 9
    codes = {c.code for c in check_return(cells, LAYOUT)}
    assert "concluded_totals_differ" in codes
    assert "risk_outcome_total_differs" in codes  # SG2e Total 10, but 9 'risk identified - action taken'


def test_more_individuals_than_cases_and_missing_sources_are_flagged():
    cells = consistent_cells()
    cells["SG1f", "other_enquiries", "individuals"] = 11
    cells["SG2a", "Total", "Total"] = 11
    cells["SG2a", "Physical", "Total"] = 11
    codes = [c.code for c in check_return(cells, LAYOUT)]
    assert "more_individuals_than_cases" in codes
    assert codes.count("sources_do_not_add_up") == 1  # one check per table, naming both rows


def test_support_not_recorded_where_capacity_was_lacking():
    cells = consistent_cells()
    cells["SG3a", "yes", "supported"] = 7
    (check,) = check_return(cells, LAYOUT)
    assert check.code == "support_not_recorded"


def test_reporting_years_run_from_1_april_uk_time():
    year = reporting_year(" 2023-24 ")
    assert year.start.isoformat() == "2023-04-01T00:00:00+01:00"  # British Summer Time
    assert year.end.isoformat() == "2024-04-01T00:00:00+01:00"
    assert year.last_day == datetime.date(2024, 3, 31)
    assert [q.label for q in quarters(year)] == ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4"]
    assert quarters(year)[3].start.isoformat() == "2024-01-01T00:00:00+00:00"
    for bad in ("2023-25", "2023/24", "23-24", "", "1999-00x"):
        with pytest.raises(PeriodError):
            reporting_year(bad)
    assert reporting_year("1999-00").end.year == 2000


def test_the_year_of_a_moment_is_by_the_uk_clock():
    # Summer time began at 01:00 UTC on 31 March 2024, so 23:30 UTC that night is 00:30 on 1 April.
    assert year_of(datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC)) == "2024-25"
    assert year_of(datetime.datetime(2024, 3, 31, 22, 59, tzinfo=datetime.UTC)) == "2023-24"
    # In 2014 summer time began on 30 March, so 23:30 UTC on 31 March was 00:30 on 1 April too.
    assert year_of(datetime.datetime(2014, 3, 31, 23, 30, tzinfo=datetime.UTC)) == "2014-15"


def test_ages_and_birthday_thresholds():
    assert age_on(datetime.date(1958, 4, 1), datetime.date(2024, 3, 31)) == 65
    assert age_on(datetime.date(1958, 4, 1), datetime.date(2023, 3, 31)) == 64
    assert age_on(datetime.date(1948, 2, 29), datetime.date(2024, 3, 31)) == 76
    assert born_on_or_before(65, datetime.date(2024, 3, 31)) == datetime.date(1959, 3, 31)
    assert born_on_or_before(4, datetime.date(2024, 2, 29)) == datetime.date(2020, 2, 29)
    assert born_on_or_before(1, datetime.date(2024, 2, 29)) == datetime.date(2023, 2, 28)
