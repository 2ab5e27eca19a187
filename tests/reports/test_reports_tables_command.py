"""`msp tempcheck_tables` on the 2016 fixture reproduces Tables 1-10 exactly, in JSON, CSV and Markdown."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from msp.core.stats import percent
from msp.reports import selectors
from tests.reports.conftest import run_tables, tables_json
from tests.reports.printed_2016 import PRINTED, PRINTED_SLIPS, REPORT_TABLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(wave2016):
    return tables_json()


def run_tables_for(wave):
    call_command("tempcheck_tables", "--wave", wave, stdout=io.StringIO())


@pytest.mark.parametrize("table", list(REPORT_TABLES))
def test_it_reproduces_each_printed_table_exactly(data, table):
    for code in REPORT_TABLES[table]:
        base, rows = PRINTED[code]
        got = data["tables"][code]
        assert got["table"] == table
        assert got["base"] == base, code
        assert got["total"] == {"count": base, "percent": 100}
        assert [(o["label"], o["count"]) for o in got["options"]] == [(label, n) for label, n, _ in rows], (
            code
        )
        for option, (label, _, printed) in zip(got["options"], rows, strict=True):
            expected = PRINTED_SLIPS.get((code, label), (printed, printed))[1]
            assert option["percent"] == expected, (code, label, option["percent"], printed)


def test_table_3_keeps_each_agencys_own_base(data):
    bases = [data["tables"][code]["base"] for code in REPORT_TABLES["Table 3"]]
    assert bases == [115, 114, 115, 114, 115, 112, 114, 87, 115, 111, 112, 111, 114, 31]


def test_table_5_no_is_16_percent_where_the_report_printed_15(data):
    no = data["tables"]["measuring_difference"]["options"][2]
    assert (no["label"], no["count"], no["percent"]) == ("No", 18, 16)
    assert PRINTED["measuring_difference"][1][2] == ("No", 18, 15)  # the report's slip: 15.65% shown as 15%


def test_table_5_is_the_only_printed_cell_that_does_not_follow_from_its_count():
    slips = {
        (code, label): (printed, percent(count, base))
        for code, (base, rows) in PRINTED.items()
        for label, count, printed in rows
        if percent(count, base) != printed
    }
    assert slips == PRINTED_SLIPS
    # Printed totals are the sums of their rows, for every table and every Table 3 agency.
    assert all(sum(count for _, count, _ in rows) == base for base, rows in PRINTED.values())


def test_14_self_ratings_were_moderated_13_of_them_lowered(data):
    assert data["moderation"] == {"moderated": 14, "lowered": 13, "raised": 1}


def test_the_json_has_the_agreed_shape(data):
    assert data["wave"] == "2016"
    assert {"wave", "tables", "moderation"} <= set(data)
    option = data["tables"]["engagement.board"]["options"][0]
    assert {"label": "Very well", "count": 45, "percent": 39}.items() <= option.items()
    assert "involvement.police" in data["tables"]
    assert "msp_meaning" not in data["tables"]  # open questions are not tabulated


def test_the_json_carries_the_derived_findings(data):
    findings = data["findings"]
    board = next(s for s in findings["engagement_positive"] if s["code"] == "engagement.board")
    assert board["percent"] == 81
    [comparison] = findings["comparisons"]
    assert (comparison["positive"]["percent"], comparison["baseline_positive"]) == (97, 74)


def test_the_csv_has_one_row_per_question_and_option(wave2016):
    rows = list(csv.DictReader(io.StringIO(run_tables("--format", "csv"))))
    no = next(r for r in rows if r["question_code"] == "measuring_difference" and r["option_code"] == "no")
    assert (no["base"], no["count"], no["percent"]) == ("115", "18", "16")
    other = [r for r in rows if r["question_code"] == "involvement.other"]
    assert [r["count"] for r in other] == ["5", "16", "4", "2", "0", "4"] and other[0]["base"] == "31"
    moderation = {r["option_code"]: r["count"] for r in rows if r["question_code"] == "moderation"}
    assert moderation == {"moderated": "14", "lowered": "13", "raised": "1"}
    closed = sum(len(PRINTED[code][1]) for code in PRINTED)
    assert len(rows) > closed


def test_the_markdown_is_laid_out_like_the_report(wave2016):
    md = run_tables("--format", "md")
    assert "## Table 5: Has your organisation" in md
    assert "| No | 18 | 16% |" in md
    assert "| Total | 35 | 100% |" in md  # Table 7's base
    assert "| Other | 5 (16%) | 16 (52%) | 4 (13%) | 2 (6%) | 0 (0%) | 4 (13%) | 31 |" in md
    assert "| A) Fully implemented | 7 | 6% |" in md
    assert "moderated 14 of 115 self-ratings: 13 lowered, 1 raised" in md


def test_it_writes_to_a_file(wave2016, tmp_path):
    out = tmp_path / "tables.md"
    assert run_tables("--format", "md", "--out", str(out)) == ""
    assert "| No | 18 | 16% |" in out.read_text(encoding="utf-8")


def test_a_region_filter_tabulates_only_that_region(wave2016):
    data = tables_json("--region", "london")  # any letter case
    assert data["filters"] == {"region": "London", "council_type": None}
    assert data["interviews"] == data["tables"]["strategy_fit"]["base"] == 26


def test_a_council_type_filter_tabulates_only_that_type(wave2016):
    data = tables_json("--council-type", "County council")
    assert data["interviews"] == 22


def test_an_unknown_region_is_refused_with_the_valid_ones(wave2016):
    with pytest.raises(CommandError, match=r"no region called 'Atlantis'.*North East.*Yorkshire"):
        run_tables("--region", "Atlantis")


def test_an_unknown_council_type_is_refused_with_the_valid_ones(wave2016):
    with pytest.raises(CommandError, match=r"no council type called 'Parish'.*London borough"):
        run_tables("--council-type", "Parish")


def test_an_unknown_wave_is_refused(db):
    with pytest.raises(CommandError, match="no wave '1999'"):
        run_tables_for("1999")


def test_a_baseline_wave_without_interviews_is_refused(db):
    with pytest.raises(CommandError, match="no wave '2014-15' with interviews"):
        run_tables_for("2014-15")


def test_only_submitted_interviews_count(wave2016):
    interview = wave2016.interviews.order_by("pk").first()
    interview.status = "draft"
    interview.save(update_fields=["status"])
    assert tables_json()["interviews"] == 114


def test_the_responses_are_read_in_two_queries(wave2016, django_assert_num_queries):
    with django_assert_num_queries(2):
        responses = selectors.wave_responses(wave2016)
    assert len(responses) == 115 and all(r.region and r.council_type for r in responses)


def test_the_baseline_percentages_are_read_from_the_baseline_wave(wave2016):
    assert selectors.baseline_percentages(wave2016)["staff_reaction"]["too_soon"] == Decimal(23)


def test_appendix_1_user_engagement_matches_its_printed_percentages(data):
    # Appendix 1 prints only percentages: little or none 24%, plans 19%, existing groups 35%, mature 22%.
    table = data["tables"]["user_engagement"]
    assert [o["percent"] for o in table["options"]] == [24, 19, 35, 22]
    assert table["base"] == 115
