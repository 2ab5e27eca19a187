"""The access battery on every figures endpoint: a council's, a board's, a region's and the programme's token,
a revoked token, no token, signed-in users, another council's figures, wrong methods and bad values."""

import pytest

from msp.councils.models import Council
from tests.api.conftest import bearer, call

pytestmark = pytest.mark.django_db

ASHCOMBE, BIRCHLEY, COLDWATER, DUNMERE = "E06999621", "E06999622", "E06999623", "E06999624"


def council_paths(gss: str) -> list[str]:
    return [
        f"/api/figures/councils/{gss}/indicators/",
        f"/api/figures/councils/{gss}/benchmark/asked_and_expressed/",
    ]


SHARED = [
    "/api/figures/measures/",
    "/api/figures/councils/",
    "/api/figures/rollups/asked_and_expressed/",
    "/api/figures/ranked/asked_and_expressed/",
]
# (token, councils whose figures it opens, councils it does not)
SCOPES = [
    ("council", [BIRCHLEY], [ASHCOMBE, COLDWATER, DUNMERE]),
    ("board", [ASHCOMBE, BIRCHLEY], [COLDWATER, DUNMERE]),
    ("region", [ASHCOMBE, BIRCHLEY, COLDWATER], [DUNMERE]),
    ("programme", [ASHCOMBE, BIRCHLEY, COLDWATER, DUNMERE], []),
]


@pytest.mark.parametrize(("kind", "opens", "closed"), SCOPES, ids=[s[0] for s in SCOPES])
def test_each_token_opens_exactly_its_organisations_councils(client, tokens, kind, opens, closed):
    secret = tokens[kind][1]
    for gss in opens:
        for path in council_paths(gss):
            assert call(client, path, secret).status_code == 200, path
    for gss in closed:
        for path in council_paths(gss):
            response = call(client, path, secret)
            assert response.status_code == 404, path
            assert response.json()["error"].startswith("not found")
    for path in SHARED:
        assert call(client, path, secret).status_code == 200, path


@pytest.mark.parametrize(("kind", "opens", "closed"), SCOPES, ids=[s[0] for s in SCOPES])
def test_the_list_of_councils_is_the_organisations(client, tokens, kind, opens, closed):
    body = call(client, "/api/figures/councils/", tokens[kind][1]).json()
    codes = [c["gss_code"] for c in body]
    if kind == "programme":
        assert set(opens) <= set(codes) and len(codes) == Council.objects.count()
    else:
        assert codes == opens  # in name order, as the pages list them
    assert [c["exact"] for c in body] == [kind == "council"] * len(codes)


def test_only_the_councils_own_token_reads_its_full_return(client, tokens):
    assert call(client, f"/api/figures/councils/{BIRCHLEY}/return/", tokens["council"][1]).status_code == 200
    assert call(client, f"/api/figures/councils/{ASHCOMBE}/return/", tokens["council"][1]).status_code == 404
    for kind in ("board", "region", "programme"):
        response = call(client, f"/api/figures/councils/{BIRCHLEY}/return/", tokens[kind][1])
        assert response.status_code == 403, kind
        assert f"/api/figures/councils/{BIRCHLEY}/indicators/" in response.json()["error"]
    assert call(client, f"/api/figures/councils/{DUNMERE}/return/", tokens["board"][1]).status_code == 404


def test_a_revoked_token_is_refused(client, tokens):
    for path in [*council_paths(BIRCHLEY), *SHARED]:
        response = call(client, path, tokens["revoked"][1])
        assert response.status_code == 401, path
        assert response.json() == {"error": "the token is not valid (unknown or revoked)"}


def test_an_unknown_token_is_refused(client, tokens):
    for header in [
        "Bearer msp_not-a-real-token",
        "Bearer ",
        "Bearer nothing",
        f"Bearer {tokens['council'][1]}x",
    ]:
        response = client.get("/api/figures/measures/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header


def test_no_token_and_no_session_is_a_json_401(client, tokens):
    for path in [*council_paths(BIRCHLEY), *SHARED]:
        response = call(client, path)
        assert response.status_code == 401, path
        assert response.json() == {"error": "not signed in"}


def test_a_revoked_token_is_refused_even_beside_a_session(client, tokens, ready):
    cast, _ = ready
    client.force_login(cast["analyst"])
    assert call(client, "/api/figures/measures/", tokens["revoked"][1]).status_code == 401


@pytest.mark.parametrize(
    ("who", "gss", "status"),
    [
        ("lead", ASHCOMBE, 200),
        ("manager", ASHCOMBE, 200),
        ("lead", BIRCHLEY, 404),
        ("board", BIRCHLEY, 200),
        ("board", COLDWATER, 404),
        ("region", COLDWATER, 200),
        ("region", DUNMERE, 404),
        ("analyst", DUNMERE, 200),
        ("practitioner", ASHCOMBE, 403),
        ("interviewer", ASHCOMBE, 403),
    ],
)
def test_signed_in_users_see_what_the_pages_show_them(client, ready, who, gss, status):
    cast, _ = ready
    client.force_login(cast[who])
    response = call(client, f"/api/figures/councils/{gss}/indicators/")
    assert response.status_code == status
    if status == 403:
        assert response.json() == {"error": "forbidden: you see no councils' figures"}


@pytest.mark.parametrize("who", ["practitioner", "interviewer"])
def test_users_with_no_figures_to_see_are_refused_everywhere(client, ready, who):
    cast, _ = ready
    client.force_login(cast[who])
    for path in SHARED:
        assert call(client, path).status_code == 403, path


def test_it_is_read_only(client, tokens):
    for path in [*council_paths(BIRCHLEY), *SHARED]:
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(path, **bearer(tokens["council"][1]))
            assert response.status_code == 405, (method, path)
            assert response["Allow"] == "GET"
            assert response.json() == {"error": "method not allowed"}


BAD_VALUES = [
    ("/api/figures/councils/E06999622/indicators/", {"year": "2023"}, 400),
    ("/api/figures/councils/E06999622/indicators/", {"year": "2023-25"}, 400),
    ("/api/figures/councils/E06999622/benchmark/no_such_measure/", {}, 404),
    ("/api/figures/councils/E99999999/indicators/", {}, 404),
    ("/api/figures/rollups/asked_and_expressed/", {"kind": "county"}, 400),
    ("/api/figures/rollups/asked_and_expressed/", {"kind": "region", "code": "E12999999"}, 404),
    ("/api/figures/rollups/asked_and_expressed/", {"kind": "board", "code": "abc"}, 404),
    ("/api/figures/ranked/asked_and_expressed/", {"region": "E12999999"}, 404),
    ("/api/figures/ranked/concerns/", {"year": "last year"}, 400),
]


def test_bad_values_are_json_errors(client, tokens):
    for path, params, status in BAD_VALUES:
        response = call(client, path, tokens["council"][1], **params)
        assert response.status_code == status, (path, params)
        assert set(response.json()) == {"error"}


def test_an_unknown_path_under_the_api_is_a_json_404(client, tokens):
    for path in ["/api/figures/", "/api/figures/councils/E06999622/", "/api/nothing/"]:
        response = call(client, path, tokens["council"][1])
        assert response.status_code == 404, path
        assert response.json() == {"error": "not found"}


def test_a_token_does_not_open_the_cases_api(client, tokens):
    for kind in ("council", "programme"):
        response = client.get("/api/cases/concerns/", **bearer(tokens[kind][1]))
        assert response.status_code == 401
        assert response.json() == {"error": "not signed in"}
