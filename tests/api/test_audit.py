"""Every call to the figures API is audited: who (the token's name and organisation, or the user), what,
never a person's details; refusals too; and each token is rate-limited."""

import pytest

from msp.accounts.models import AuditEvent
from tests.api.conftest import call

pytestmark = pytest.mark.django_db

ASHCOMBE, BIRCHLEY = "E06999621", "E06999622"


def test_a_tokens_call_is_audited_with_the_tokens_name_and_organisation(client, tokens):
    token, secret = tokens["council"]
    AuditEvent.objects.all().delete()
    call(client, f"/api/figures/councils/{BIRCHLEY}/indicators/", secret)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == ("view", "outcomes.Dashboard", "2023-24")
    assert event.user is None and event.council == token.council
    assert "Birchley BI" in event.summary and "council E06999622" in event.summary
    assert event.changes == {
        "api_token": {"id": token.pk, "name": "Birchley BI", "organisation": token.organisation}
    }


@pytest.mark.parametrize(
    ("path", "object_type"),
    [
        ("/api/figures/measures/", "outcomes.Figures"),
        ("/api/figures/councils/", "outcomes.Figures"),
        (f"/api/figures/councils/{BIRCHLEY}/return/", "outcomes.SacReturn"),
        (f"/api/figures/councils/{BIRCHLEY}/benchmark/concerns/", "outcomes.Benchmark"),
        ("/api/figures/rollups/concerns/", "outcomes.Benchmark"),
        ("/api/figures/ranked/concerns/", "outcomes.Benchmark"),
    ],
)
def test_every_endpoint_writes_one_event_without_personal_data(client, tokens, path, object_type):
    AuditEvent.objects.all().delete()
    assert call(client, path, tokens["council"][1]).status_code == 200
    event = AuditEvent.objects.get()
    assert event.object_type == object_type and event.action == "view"
    assert "Person" not in event.summary and "API" in event.summary


def test_a_signed_in_users_call_names_the_user(client, ready):
    cast, _ = ready
    AuditEvent.objects.all().delete()
    client.force_login(cast["board"])
    call(client, f"/api/figures/councils/{ASHCOMBE}/indicators/")
    event = AuditEvent.objects.exclude(action="sign_in").get()  # signing in is an event of its own
    assert event.user == cast["board"] and event.summary.endswith("(API)")


def test_a_refused_call_is_audited_as_refused(client, tokens):
    AuditEvent.objects.all().delete()
    assert (
        call(client, f"/api/figures/councils/{ASHCOMBE}/indicators/", tokens["council"][1]).status_code == 404
    )
    event = AuditEvent.objects.get()
    assert event.action == "refused" and event.council is None and "Birchley BI" in event.summary


def test_calls_without_a_valid_token_write_nothing(client, tokens):
    AuditEvent.objects.all().delete()
    call(client, "/api/figures/measures/")
    call(client, "/api/figures/measures/", tokens["revoked"][1])
    assert not AuditEvent.objects.exists()


def test_each_token_is_rate_limited(client, tokens, monkeypatch):
    monkeypatch.setattr("msp.api.auth.RATE", "3/m")
    for _ in range(3):
        assert call(client, "/api/figures/measures/", tokens["council"][1]).status_code == 200
    response = call(client, "/api/figures/measures/", tokens["council"][1])
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response.json() == {"error": "too many calls with this token; try again later"}
    # Another token has its own count.
    assert call(client, "/api/figures/measures/", tokens["board"][1]).status_code == 200
