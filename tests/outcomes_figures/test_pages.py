"""Dashboards, benchmarks and the ranked table: who sees which councils, exact or published, and that no page
shows a person-level record."""

from __future__ import annotations

import pytest

from msp.core.disclosure import is_published_text
from msp.outcomes import figures
from tests.outcomes_figures.conftest import YEAR


@pytest.fixture
def ready(cast, region_councils):
    figures.refresh(YEAR)
    return cast, region_councils


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, {"year": YEAR, **params})


def test_the_lead_sees_their_own_council_exact(client, ready):
    cast, (first, *_) = ready
    response = get(client, cast["lead"], "/outcomes/dashboard/")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.council == first and board.exact
    headline = {line.code: line.figures[0] for line in board.headline}
    assert headline["concerns"].text == "30"
    assert headline["sac_asked_and_expressed"].text == "75.0%"
    # Exact, not published: none of the 15 expressed outcomes was "not achieved", which publishing hides.
    enquiries = {line.code: line for line in board.groups[0][1]}
    assert enquiries["outcomes_not_achieved"].figures[-1].text == "0.0%"
    assert enquiries["outcomes_not_achieved"].figures[-1].exact
    assert "Person0" not in response.content.decode()  # figures only, never a person


@pytest.mark.parametrize("who", ["board", "region", "analyst"])
def test_everyone_else_sees_published_figures(client, ready, who):
    cast, (first, *_) = ready
    board = get(client, cast[who], "/outcomes/dashboard/", council=first.gss_code).context["board"]
    assert not board.exact
    for line in board.headline:
        assert is_published_text(line.figures[0]), (line.code, line.figures[0])
    headline = {line.code: line.figures[0].text for line in board.headline}
    assert headline["concerns"] == "30"
    assert headline["individuals_with_concern"] == "30"


def test_a_board_member_sees_only_the_boards_councils(client, ready):
    cast, (first, second, third, elsewhere, _) = ready
    response = get(client, cast["board"], "/outcomes/dashboard/")
    assert [c.gss_code for c in response.context["councils"]] == [first.gss_code, second.gss_code]
    assert get(client, cast["board"], "/outcomes/dashboard/", council=third.gss_code).status_code == 404
    assert get(client, cast["board"], "/outcomes/benchmark/", council=elsewhere.gss_code).status_code == 404


def test_a_regional_lead_sees_the_regions_councils(client, ready):
    cast, (_, _, third, elsewhere, _) = ready
    response = get(client, cast["region"], "/outcomes/dashboard/", council=third.gss_code)
    assert response.status_code == 200
    assert get(client, cast["region"], "/outcomes/dashboard/", council=elsewhere.gss_code).status_code == 404


@pytest.mark.parametrize("who", ["practitioner", "interviewer"])
def test_people_without_figures_to_see_are_refused(client, ready, who):
    cast, _ = ready
    for url in ("/outcomes/dashboard/", "/outcomes/benchmark/", "/outcomes/councils/"):
        assert get(client, cast[who], url).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, ready):
    response = client.get("/outcomes/dashboard/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_filters_narrow_the_indicators_and_bad_values_are_refused(client, ready):
    cast, _ = ready
    board = get(client, cast["lead"], "/outcomes/dashboard/", location="own_home").context["board"]
    assert board.filtered
    enquiries = {line.code: line for line in board.groups[0][1]}
    # Every Section 42 enquiry in Ashcombe was about risk at home: the filter keeps all 20.
    assert enquiries["asked_and_expressed"].parts[-1].denominator == 20
    board = get(client, cast["lead"], "/outcomes/dashboard/", location="hospital_acute").context["board"]
    assert {line.code: line for line in board.groups[0][1]}["asked_and_expressed"].parts[-1].denominator == 0
    assert get(client, cast["lead"], "/outcomes/dashboard/", location="the_moon").status_code == 404


def test_the_benchmark_pools_groups_and_ranks_only_what_can_be_shown(client, ready):
    cast, (first, *_) = ready
    response = get(client, cast["lead"], "/outcomes/benchmark/", measure="asked_and_expressed")
    rows = {row["label"]: row for row in response.context["rows"]}
    assert rows[first.name]["figures"][-1].text == "75.0%"
    # The region pools Ashcombe, Birchley and Coldwater: (15 + 6 + 7) / (20 + 12 + 8) = 70%.
    region = rows[f"{first.region.name} (region)"]
    assert region["figures"][-1].text == "70.0%" and region["councils"][-1] == 3
    england = rows["England"]
    assert england["councils"][-1] == 4  # 30 of 46: 65.2%
    assert england["figures"][-1].text == "65.2%"


def test_the_ranked_table_leaves_suppressed_figures_unranked(client, ready):
    cast, (first, second, third, elsewhere, _) = ready
    response = get(client, cast["analyst"], "/outcomes/councils/", measure="asked_and_expressed")
    ranks = {row["council"].gss_code: (row["rank"], row["figure"].text) for row in response.context["rows"]}
    # Coldwater 7 of 8 (complement 1) and Dunmere 2 of 6 are too small to show: no rank either.
    assert ranks[third.gss_code] == (None, "[c]")
    assert ranks[elsewhere.gss_code] == (None, "[c]")
    assert ranks[first.gss_code] == ((1, 2), "75.0%")
    assert ranks[second.gss_code] == ((2, 4), "50.0%")


def test_downloads_carry_the_same_published_figures(client, ready):
    cast, (first, *_) = ready
    response = get(client, cast["board"], "/outcomes/dashboard/indicators.csv", council=first.gss_code)
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("indicator,name,2019-20")
    asked = next(line for line in text.splitlines() if line.startswith("asked_and_expressed,"))
    assert asked.endswith(",75.0")
    response = get(client, cast["board"], "/outcomes/dashboard/indicators.xlsx", council=first.gss_code)
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_benchmark_and_ranking_download_as_csv_with_the_published_figures(client, ready):
    cast, (first, *_) = ready
    response = get(
        client, cast["analyst"], "/outcomes/councils/", measure="asked_and_expressed", format="csv"
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "rank,council_gss,council,region,asked_and_expressed,quartile_band"
    assert "1,E06999621,Ashcombe Council,Return test region,75.0,2" in lines
    assert ",E06999623,Coldwater Council,Return test region,[c]," in lines
    response = get(client, cast["lead"], "/outcomes/benchmark/", measure="asked_and_expressed", format="csv")
    assert response["Content-Disposition"].startswith('attachment; filename="benchmark-asked_and_expressed-')
    assert f"{first.name}," in response.content.decode("utf-8-sig")


def test_the_ranked_table_links_only_the_councils_the_viewer_may_open(client, ready):
    cast, (first, second, third, *_) = ready
    page = get(client, cast["board"], "/outcomes/councils/", measure="asked_and_expressed").content.decode()
    assert f"council={first.gss_code}&amp;" in page and f"council={second.gss_code}&amp;" in page
    assert f"council={third.gss_code}&amp;" not in page  # not the board's: named, not linked
    assert third.name in page
