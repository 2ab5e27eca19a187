"""The health check: open to load balancers, cheap, and saying only whether MSP can serve."""

import json

import pytest
from django.db import OperationalError

from msp.core import health

pytestmark = pytest.mark.django_db

URL = "/health/"


@pytest.fixture(autouse=True)
def migrations_checked_afresh(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)


def test_it_answers_ok_without_signing_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}  # nothing about the database or the code
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_it_answers_head_and_refuses_post(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_the_older_address_without_the_slash_gives_the_same_answer(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


def test_once_migrations_are_known_to_be_applied_a_check_is_one_query(client, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(1):
        assert client.get(URL).status_code == 200


def test_it_fails_when_migrations_are_pending_and_logs_why(client, monkeypatch, caplog):
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("a migration", False)]
    )
    response = client.get(URL)
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error"}
    assert "migrations are pending" in caplog.text
    # Not remembered as applied: the next check reads the migrations again.
    monkeypatch.undo()
    monkeypatch.setattr(health, "_migrated", False)
    assert client.get(URL).status_code == 200


class Unreachable:
    def cursor(self):
        raise OperationalError("connection refused")


def test_it_fails_when_the_database_does_not_answer_and_says_nothing_more(client, monkeypatch, caplog):
    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get(URL)
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error"}
    assert b"refused" not in response.content
    assert "did not answer" in caplog.text
