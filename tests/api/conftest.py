"""The figures cast (four councils, a board, a region, their users) with a token for each kind of
organisation, figures ready in the summary tables, and helpers to call the API and walk its figures."""

from __future__ import annotations

import pytest

from msp.api.tokens import api_token_create, api_token_revoke
from msp.councils.models import ComparatorGroup
from msp.outcomes import figures
from tests.outcomes_figures.conftest import YEAR, cast, region_councils  # noqa: F401 (fixtures)

FIGURE_KEYS = {"text", "value", "suppressed", "not_submitted"}


@pytest.fixture
def ready(request):
    """Figures computed for 2023-24; Ashcombe compares itself with Birchley and Dunmere (another region)."""
    people, councils = request.getfixturevalue("cast"), request.getfixturevalue("region_councils")
    first, second, _, elsewhere, _ = councils
    group = ComparatorGroup.objects.create(council=first, name="Neighbours", from_year=YEAR, kind="imported")
    group.members.set([second, elsewhere])
    figures.refresh(YEAR)
    return people, councils


@pytest.fixture
def tokens(ready):
    """{kind: (token, secret)}: Birchley's own (24 concerns: exact "24", published "25"), the board's
    (Ashcombe and Birchley), the region's (all but Dunmere), the programme's, and a revoked one."""
    _, (first, second, _, _, board) = ready
    made = {
        "council": api_token_create(name="Birchley BI", council=second),
        "ashcombe": api_token_create(name="Ashcombe BI", council=first),
        "board": api_token_create(name="Board dashboard", board=board),
        "region": api_token_create(name="Regional report", region=first.region),
        "programme": api_token_create(name="National programme", programme=True),
        "revoked": api_token_create(name="Old extract", council=second),
    }
    api_token_revoke(token=made["revoked"][0])
    return made


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def call(client, path: str, secret: str | None = None, **params):
    """GET an API path with a token (or the client's session), for 2023-24 unless told otherwise."""
    return client.get(path, {"year": YEAR, **params}, **(bearer(secret) if secret else {}))


def walk_figures(body, council: str | None = None):
    """Every figure in an answer, with the GSS code of the council it is about (None: several councils)."""
    if isinstance(body, dict):
        if set(body) == FIGURE_KEYS:
            yield body, council
            return
        if "council" in body:
            council = body["council"]["gss_code"] if isinstance(body["council"], dict) else None
        for key, value in body.items():
            if key != "council" or isinstance(value, list):
                yield from walk_figures(value, council)
    elif isinstance(body, list):
        for item in body:
            yield from walk_figures(item, council)
