"""Tokens: made for exactly one organisation by the command or the admin, shown once, kept only as a hash,
revoked, their last use noted."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from msp.accounts.models import AuditEvent
from msp.api.models import ApiToken
from msp.api.tokens import active_token, api_token_create, digest_of
from msp.councils.models import Region
from tests.api.conftest import bearer
from tests.outcomes.conftest import make_council

pytestmark = pytest.mark.django_db


def create(*args) -> tuple[ApiToken, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token_create", *args, stdout=out, stderr=err)
    secret = out.getvalue().strip()
    return ApiToken.objects.get(digest=digest_of(secret)), secret


def test_the_command_prints_the_token_once_and_keeps_only_its_hash(db):
    council = make_council("E06999631", "Fernholt")
    token, secret = create("--council", council.gss_code.lower(), "--name", "Fernholt BI")
    assert secret.startswith("msp_") and len(secret) > 40
    assert token.council == council and token.name == "Fernholt BI" and token.is_active
    assert token.prefix == secret[:12] and token.digest == digest_of(secret)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(v) for v in stored.values()}
    assert AuditEvent.objects.filter(
        action="create", object_type="api.ApiToken", object_id=str(token.pk)
    ).exists()


def test_the_command_makes_board_region_and_programme_tokens(region_councils):
    *_, board = region_councils
    region = Region.objects.get(gss_code="E12000096")
    assert create("--board", board.name, "--name", "Board")[0].board == board
    assert create("--region", region.gss_code, "--name", "Region")[0].region == region
    programme = create("--programme", "--name", "Programme")[0]
    assert programme.programme and programme.organisation == "national programme"


def test_the_command_refuses_an_unknown_organisation_or_two_at_once(db):
    with pytest.raises(CommandError, match="No council, board or region 'E99999999'"):
        call_command("api_token_create", "--council", "E99999999", "--name", "x", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("api_token_create", "--programme", "--region", "E12000001", "--name", "x")
    with pytest.raises(CommandError):
        call_command("api_token_create", "--name", "nobody's")
    assert not ApiToken.objects.exists()


def test_a_token_belongs_to_exactly_one_organisation(region_councils):
    first, *_, board = region_councils
    with pytest.raises(ValidationError, match="exactly one organisation"):
        api_token_create(name="Two", council=first, board=board)
    with pytest.raises(ValidationError, match="exactly one organisation"):
        api_token_create(name="None")


def test_revoking_stops_it_at_once(client, region_councils):
    first, *_ = region_councils
    token, secret = api_token_create(name="Ashcombe BI", council=first)
    assert client.get("/api/figures/measures/", **bearer(secret)).status_code == 200
    out = io.StringIO()
    call_command("api_token_revoke", str(token.pk), stdout=out)
    assert "Revoked" in out.getvalue()
    assert client.get("/api/figures/measures/", **bearer(secret)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None and active_token(secret) is None
    assert AuditEvent.objects.filter(action="change", object_type="api.ApiToken", summary__contains="revoked")


def test_its_last_use_is_noted(client, region_councils):
    first, *_ = region_councils
    token, secret = api_token_create(name="Ashcombe BI", council=first)
    assert token.last_used_at is None
    client.get("/api/figures/measures/", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_admin_shows_a_new_token_once_and_revokes_tokens(client, superuser, region_councils):
    first, *_ = region_councils
    client.force_login(superuser)
    response = client.post(
        "/admin/api/apitoken/add/", {"name": "Ashcombe BI", "council": first.pk, "board": "", "region": ""}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Ashcombe BI")
    secret = response.context["secret"]
    assert digest_of(secret) == token.digest and secret.encode() in response.content
    assert token.created_by == superuser
    assert secret.encode() not in client.get(f"/admin/api/apitoken/{token.pk}/change/").content
    assert secret.encode() not in client.get("/admin/api/apitoken/").content
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_admin_refuses_a_token_for_two_organisations(client, superuser, region_councils):
    first, *_, board = region_councils
    client.force_login(superuser)
    response = client.post(
        "/admin/api/apitoken/add/", {"name": "Two", "council": first.pk, "board": board.pk, "region": ""}
    )
    assert b"exactly one organisation" in response.content
    assert not ApiToken.objects.exists()
