"""The API gives the pages' figures, by the pages' functions: exact for the council's own staff and token,
published for everyone else, never a person-level record."""

import pytest

from msp.core.disclosure import is_published_text
from tests.api.conftest import YEAR, call, walk_figures

pytestmark = pytest.mark.django_db

ASHCOMBE, BIRCHLEY = "E06999621", "E06999622"
MEASURE = "asked_and_expressed"


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, {"year": YEAR, **params})
    client.logout()
    return response


def test_the_indicators_are_the_dashboards_figures(client, ready, tokens):
    cast, _ = ready
    board = page(client, cast["lead"], "/outcomes/dashboard/").context["board"]
    body = call(client, f"/api/figures/councils/{ASHCOMBE}/indicators/", tokens["ashcombe"][1]).json()
    assert body["exact"] and body["years"] == board.years and body["quarters"] == board.quarters
    series = {s["code"]: s for s in body["indicators"]}
    for _, by_year, by_quarter in board.groups:
        for line in by_year:
            assert [p["figure"] for p in series[line.code]["by_year"]] == [f.as_dict() for f in line.figures]
        for line in by_quarter:
            assert [p["figure"] for p in series[line.code]["by_quarter"]] == [
                f.as_dict() for f in line.figures
            ]
    assert [(h["code"], h["figure"]) for h in body["headline"]] == [
        (line.code, line.figures[0].as_dict()) for line in board.headline
    ]


@pytest.mark.parametrize("who", ["board", "region", "analyst"])
def test_everyone_elses_indicators_are_the_dashboards_published_figures(client, ready, tokens, who):
    cast, _ = ready
    board = page(client, cast[who], "/outcomes/dashboard/", council=BIRCHLEY).context["board"]
    kind = {"board": "board", "region": "region", "analyst": "programme"}[who]
    body = call(client, f"/api/figures/councils/{BIRCHLEY}/indicators/", tokens[kind][1]).json()
    assert not body["exact"]
    headline = {h["code"]: h["figure"] for h in body["headline"]}
    assert headline == {line.code: line.figures[0].as_dict() for line in board.headline}
    assert headline["concerns"]["text"] == "25"  # 24 concerns, published


def test_the_councils_own_token_sees_its_figures_exact(client, tokens):
    body = call(client, f"/api/figures/councils/{BIRCHLEY}/indicators/", tokens["council"][1]).json()
    headline = {h["code"]: h["figure"] for h in body["headline"]}
    assert headline["concerns"] == {"text": "24", "value": 24, "suppressed": False, "not_submitted": False}
    assert headline["sac_asked_and_expressed"]["text"] == "50.0%"  # 6 of 12
    asked = next(s for s in body["indicators"] if s["code"] == MEASURE)
    assert asked["by_year"][-1]["figure"]["value"] == 50.0
    assert asked["by_year"][0]["figure"]["text"] == "[x]"  # 2019-20: no records, not submitted


def test_a_signed_in_board_member_and_the_boards_token_get_the_same_answer(client, ready, tokens):
    cast, _ = ready
    for path in (
        f"/api/figures/councils/{ASHCOMBE}/indicators/",
        f"/api/figures/councils/{ASHCOMBE}/benchmark/{MEASURE}/",
        f"/api/figures/ranked/{MEASURE}/",
        f"/api/figures/rollups/{MEASURE}/",
    ):
        with_token = call(client, path, tokens["board"][1]).json()
        client.force_login(cast["board"])
        assert call(client, path).json() == with_token, path
        client.logout()


def test_the_benchmark_is_the_benchmark_pages(client, ready, tokens):
    cast, _ = ready
    rows = page(client, cast["lead"], "/outcomes/benchmark/", measure=MEASURE).context["rows"]
    body = call(
        client, f"/api/figures/councils/{ASHCOMBE}/benchmark/{MEASURE}/", tokens["ashcombe"][1]
    ).json()
    assert [line["label"] for line in body["lines"]] == [row["label"] for row in rows]
    for line, row in zip(body["lines"], rows, strict=True):
        assert [y["figure"] for y in line["figures"]] == [f.as_dict() for f in row["figures"]]
        assert [y["councils"] for y in line["figures"]] == row["councils"]
        assert [(y["rank"]["rank"], y["rank"]["band"]) if y["rank"] else None for y in line["figures"]] == [
            tuple(r) if r else None for r in row["ranks"]
        ]
    kinds = [line["kind"] for line in body["lines"]]
    assert kinds == ["self", "comparator", "comparator", "group", "group", "group", "group"]
    england = body["lines"][-1]["figures"][-1]
    assert england["figure"]["text"] == "65.2%" and england["councils"] == 4


def test_the_ranked_table_is_the_ranked_pages(client, ready, tokens):
    cast, _ = ready
    rows = page(client, cast["analyst"], "/outcomes/councils/", measure=MEASURE).context["rows"]
    body = call(client, f"/api/figures/ranked/{MEASURE}/", tokens["programme"][1]).json()
    assert [(r["council"]["gss_code"], r["figure"]) for r in body["councils"]] == [
        (row["council"].gss_code, row["figure"].as_dict()) for row in rows
    ]
    ranks = {r["council"]["gss_code"]: r["rank"] for r in body["councils"]}
    assert ranks[ASHCOMBE] == {"rank": 1, "band": 2} and ranks["E06999623"] is None  # Coldwater: [c]
    assert body["pooled"]["text"] == "65.2%"


def test_roll_ups_pool_the_councils_numerators_and_denominators(client, ready, tokens):
    _, (first, *_, board) = ready
    body = call(client, f"/api/figures/rollups/{MEASURE}/", tokens["council"][1]).json()
    groups = {(g["kind"], g["code"]): g["figures"][-1] for g in body["groups"]}
    assert groups["england", ""]["figure"]["text"] == "65.2%"  # (15 + 6 + 7 + 2) / (20 + 12 + 8 + 6)
    assert groups["region", first.region.gss_code]["figure"]["text"] == "70.0%"  # (15 + 6 + 7) / 40
    assert groups["board", str(board.pk)]["figure"]["text"] == "65.6%"  # (15 + 6) / (20 + 12)
    assert groups["board", str(board.pk)]["councils"] == 2
    assert groups["council_type", "Unitary authority"]["councils"] == 4
    one = call(client, f"/api/figures/rollups/{MEASURE}/", tokens["council"][1], kind="board", code=board.pk)
    assert [(g["kind"], g["name"]) for g in one.json()["groups"]] == [("board", board.name)]


def test_a_board_of_one_council_is_still_published(client, ready, tokens):
    _, (_, second, *_) = ready
    from msp.councils.models import SafeguardingAdultsBoard

    alone = SafeguardingAdultsBoard.objects.create(name="Birchley Safeguarding Adults Board")
    alone.councils.set([second])
    body = call(
        client, "/api/figures/rollups/concerns/", tokens["council"][1], kind="board", code=alone.pk
    ).json()
    assert body["groups"][0]["figures"][-1]["figure"]["text"] == "25"  # Birchley's own 24, as a pool


def test_the_return_is_exact_for_the_councils_own_token(client, tokens):
    body = call(client, f"/api/figures/councils/{BIRCHLEY}/return/", tokens["council"][1]).json()
    assert body["exact"]
    cells = {(c["table"], c["row"], c["column"]): c["figure"]["text"] for c in body["cells"]}
    assert len(cells) == 143  # the counted cells; the five derived percentages are listed apart
    assert cells["SG1f", "concerns", "cases"] == "24"
    assert cells["SG1f", "s42_enquiries", "cases"] == "12"
    assert cells["SG4a", "asked_expressed", "enquiries"] == "6"
    derived = {d["row"]: d["figure"]["text"] for d in body["derived"]}
    assert derived["pct_asked_and_expressed"] == "50.0%"
    assert derived["conversion_rate"] == "50.0%"  # 12 enquiries from 24 concerns


def test_the_return_cells_are_the_return_pages(client, ready, tokens):
    from msp.accounts.models import Role
    from tests.conftest import make_user

    _, (_, second, *_) = ready
    lead = make_user("bea", Role.SAFEGUARDING_LEAD, second)
    grids = page(client, lead, f"/outcomes/return/{YEAR}/").context["grids"]
    shown = {
        (grid["table"], value["label"]): value["text"]
        for grid in grids
        if grid["table"] != "DERIVED"
        for row in grid["rows"]
        for value in row["values"]
        if value is not None
    }
    body = call(client, f"/api/figures/councils/{BIRCHLEY}/return/", tokens["council"][1]).json()
    assert {(c["table"], c["label"]): c["figure"]["text"] for c in body["cells"]} == shown


PATHS = [
    "/api/figures/councils/{gss}/indicators/",
    f"/api/figures/councils/{{gss}}/benchmark/{MEASURE}/",
    "/api/figures/councils/{gss}/benchmark/concerns/",
    f"/api/figures/rollups/{MEASURE}/",
    "/api/figures/rollups/individuals_with_concern/",
    f"/api/figures/ranked/{MEASURE}/",
    "/api/figures/ranked/concerns/",
]


@pytest.mark.parametrize(
    ("kind", "own", "gss"),
    [
        ("council", BIRCHLEY, BIRCHLEY),
        ("ashcombe", ASHCOMBE, ASHCOMBE),
        ("board", None, ASHCOMBE),
        ("region", None, "E06999623"),
        ("programme", None, "E06999624"),
    ],
)
def test_every_figure_beyond_the_tokens_own_council_is_published(client, tokens, kind, own, gss):
    seen_exact = False
    for path in PATHS:
        body = call(client, path.format(gss=gss), tokens[kind][1]).json()
        for figure, about in walk_figures(body):
            if about is not None and about == own:
                seen_exact = True
                continue
            assert is_published_text(figure["text"]), (path, about, figure)
            if figure["value"] is not None and not figure["text"].endswith("%"):
                assert figure["value"] % 5 == 0, (path, about, figure)
    assert seen_exact == (own is not None)


def test_no_answer_holds_a_person_level_record(client, tokens):
    for path in [*PATHS, "/api/figures/councils/{gss}/return/", "/api/figures/councils/"]:
        text = call(client, path.format(gss=BIRCHLEY), tokens["council"][1]).content.decode()
        for word in ("Person", "given_name", "family_name", "date_of_birth", "nhs_number"):
            assert word not in text, (path, word)
