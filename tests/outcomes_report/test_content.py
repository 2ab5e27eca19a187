"""What the regional report says: every figure published, the region pooled beside England, each council
one by one ([x] where it submitted nothing), the trend, concerns with no enquiry and the person's voice."""

from __future__ import annotations

import datetime

import pytest

from msp.core.disclosure import is_published_text
from msp.outcomes.report import build
from tests.outcomes_report.conftest import NOT_QUOTED, QUOTED, REGION, YEAR, html_tables, section, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def html(region_figures) -> str:
    return next(build.generate(region_figures["region"], YEAR, ["html"])).content.decode("utf-8")


def test_every_figure_in_every_table_is_published(html):
    tables = html_tables(html)
    assert len(tables) >= 8
    for found in tables:
        for heading, cells in found["rows"]:
            for text in cells:
                assert is_published_text(text), (found["caption"], heading, text)


def test_the_region_is_pooled_beside_england(html):
    rows = dict(table(html, "Headline figures")["rows"])
    assert table(html, "Headline figures")["columns"] == ["Measure", REGION, "England"]
    # 28 of 40 enquiries in the region; 30 of 46 with the council elsewhere: pooled, not averaged.
    assert rows["Asked and expressed desired outcomes"] == ["70.0%", "65.2%"]
    assert rows["Safeguarding concerns received"] == ["65", "75"]  # 66 and 76, rounded to 5


def test_each_council_is_shown_and_one_that_submitted_nothing_is_x(html):
    rows = dict(table(html, "Each council's figures")["rows"])
    assert list(rows)[:4] == ["Ashcombe", "Birchley", "Coldwater", "Dunford"]
    assert set(rows["Dunford"]) == {"[x]"}
    assert rows["Ashcombe"][:2] == ["30", "20"]
    assert rows[f"{REGION} (pooled)"][0] == "65"
    assert "Elsewhere" not in rows


def test_the_trend_covers_the_years_held(html):
    rows = dict(table(html, "Data for Figure 1")["rows"])
    assert rows == {"2022-23": ["50.0%", "50.0%"], "2023-24": ["70.0%", "65.2%"]}


def test_the_outcomes_of_concerns_with_no_enquiry_are_there(html):
    rows = dict(table(html, "Concerns with no enquiry")["rows"])
    assert list(rows) == [
        "Information and advice",
        "Signposted to community or voluntary services",
        "Referred for assessment or other support",
        "No further action",
    ]


def test_quotes_people_agreed_to_appear_without_any_council(html, region_figures):
    voice = section(html, "voice")
    assert QUOTED.split(",")[0] in voice
    assert NOT_QUOTED.split(":")[0] not in html
    for council in [*region_figures["councils"], region_figures["elsewhere"]]:
        assert council.short_name not in voice


def test_charts_carry_a_text_alternative_and_none_is_drawn_of_nothing(html):
    # Asked and expressed, by year and by council; the other measures are [c] here: tables, no charts.
    assert html.count('role="img"') == html.count("<desc") == 2
    assert (
        "Bar chart: Asked and expressed desired outcomes, each reporting year from 2022-23 to 2023-24,"
        " Return test region beside England. Return test region: 2022-23 50.0%, 2023-24 70.0%." in html
    )
    assert table(html, "Risk reduced or removed, by reporting year")["rows"][1] == ("2023-24", ["[c]", "[c]"])
    assert "Expressed outcomes fully achieved: no council&#x27;s figure for 2023-24 can be published" in html


def test_the_method_explains_c_x_and_pooling(html):
    method = section(html, "method")
    assert "[c]" in method and "[x]" in method and "never averaged" in method


def test_a_council_that_ended_before_the_year_is_not_listed(region_figures):
    from msp.outcomes import figures
    from tests.outcomes.conftest import make_council

    ended = make_council("E06999636", "Oldshire")
    ended.valid_to = datetime.date(2023, 3, 31)
    ended.save()
    figures.refresh(YEAR, [ended])  # no records: an empty set, which is not a return
    html = next(build.generate(region_figures["region"], YEAR, ["html"])).content.decode("utf-8")
    assert "Oldshire" not in dict(table(html, "Each council's figures")["rows"])
    assert "3 of the 4 councils" in html
