"""National categories as versioned data: years inherit, labels are found by code, bad files are refused."""

import datetime

import pytest

from msp.cases import categories as cat

SMALL = {
    "years": {
        "2016-17": {name: {"label": name, "options": [{"code": "a", "label": "Alpha"}]} for name in cat.SETS},
        "2017-18": {"inherit": "2016-17", "gender": {"options": [{"code": "b", "label": "Beta"}]}},
    }
}


def test_every_year_from_2016_17_has_every_set():
    years = cat.all_years()
    assert next(iter(years)) == "2016-17"
    assert all(set(sets) == set(cat.SETS) for sets in years.values())


def test_a_year_inherits_and_overrides():
    years = cat.build(SMALL)
    assert years["2017-18"]["gender"].codes() == ["b"]
    assert years["2017-18"]["ethnicity"].codes() == ["a"]


def test_a_year_inheriting_from_nowhere_is_refused():
    with pytest.raises(cat.CategoryError, match="inherits from '2015-16'"):
        cat.build({"years": {"2016-17": {"inherit": "2015-16"}}})


def test_a_missing_set_is_refused():
    with pytest.raises(cat.CategoryError, match="missing category sets"):
        cat.build({"years": {"2016-17": {"gender": {"options": [{"code": "a", "label": "A"}]}}}})


def test_reporting_years_run_april_to_march():
    assert cat.reporting_year(datetime.date(2017, 3, 31)) == "2016-17"
    assert cat.reporting_year(datetime.date(2017, 4, 1)) == "2017-18"


def test_labels_and_codes_look_each_other_up():
    assert cat.label("risk_location", "own_home") == "Own home"
    assert cat.code_for_label("risk_type", "neglect and acts of OMISSION") == "neglect"
    assert cat.code_for_label("risk_location", "Care Home – Nursing") == "care_home_nursing"
    assert cat.code_for_label("risk_type", "Mabye") is None
    assert cat.label("risk_type", "retired_code") == "retired_code"
