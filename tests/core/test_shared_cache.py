"""The cache every server process shares: the partner form's limit is counted in the database, atomically,
and holds when two processes count at once."""

import base64
import os
import pickle
import subprocess
import sys
import textwrap
import time
import types
import uuid
from pathlib import Path

import pytest
from django.db import connection

from msp.cases.models import Concern
from msp.core.cache import SharedDatabaseCache
from tests.cases_alert.conftest import alert_data, make_council, send

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen_rate_clock(monkeypatch):
    """The limit's window moves with the clock; a fixed clock keeps the count in one window."""
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: 1_700_000_000))


def stored_rows(prefix: str) -> list[tuple[str, object]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM msp_cache WHERE cache_key LIKE %s", [f"{prefix}%"])
        rows = cursor.fetchall()
    return [(key, pickle.loads(base64.b64decode(value.encode()))) for key, value in rows]


def expiry_of(key: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM msp_cache WHERE cache_key = %s", [key])
        return cursor.fetchone()[0]


def test_production_uses_the_shared_database_cache():
    import config.settings as production

    assert production.CACHES["default"]["BACKEND"] == "msp.core.cache.SharedDatabaseCache"
    assert production.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_incr_counts_in_the_table_and_keeps_the_expiry(shared_cache):
    assert shared_cache.add("count", 1, 600)
    key = shared_cache.make_key("count")
    expires = expiry_of(key)
    assert shared_cache.incr("count") == 2
    assert shared_cache.incr("count", 3) == 5
    # Django's own incr would have reset the expiry to the default five minutes.
    assert expiry_of(key) == expires
    # Another cache object (as in another process) reads the same count from the table.
    other = SharedDatabaseCache("msp_cache", {"KEY_PREFIX": shared_cache.key_prefix})
    assert other.get("count") == 5
    assert other.incr("count") == 6
    assert shared_cache.get("count") == 6


@pytest.mark.django_db
def test_incr_of_a_missing_or_expired_key_is_refused(shared_cache):
    with pytest.raises(ValueError):
        shared_cache.incr("never-set")
    shared_cache.set("gone", 1, -1)  # already expired
    with pytest.raises(ValueError):
        shared_cache.incr("gone")


@pytest.mark.django_db
def test_the_partner_forms_limit_is_counted_in_the_database_table(
    client, settings, shared_cache, frozen_rate_clock
):
    council = make_council("E06999911", "Cache Vale")
    settings.MSP_ALERT_RATE = "2/10m"
    for _ in range(2):
        assert send(client, alert_data(council)).status_code == 302
    rows = stored_rows(shared_cache.key_prefix)
    assert [count for _, count in rows] == [2, 2]  # this address's count and everyone's
    assert all(":rl:" in key for key, _ in rows)  # django-ratelimit's keys: hashes, never the address
    # A new browser from the same address, served by whichever process, meets the same count.
    from django.test import Client

    assert send(Client(), alert_data(council)).status_code == 429
    assert Concern.objects.filter(council=council).count() == 2


# --- Two processes at once --------------------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import os, sys, types
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    table = os.environ["MSP_TEST_CACHE_TABLE"]
    settings.CACHES["default"]["LOCATION"] = table
    settings.MSP_ALERT_RATE = os.environ["MSP_ALERT_RATE"]
    if sys.argv[1] == "create":
        call_command("createcachetable", verbosity=0)
    else:
        import time
        from pathlib import Path

        import django_ratelimit.core
        from django.test import RequestFactory

        from msp.cases.alert_views import over_limit

        django_ratelimit.core.time = types.SimpleNamespace(time=lambda: 1_700_000_000)
        request = RequestFactory().post("/report-a-concern/", REMOTE_ADDR="203.0.113.7")
        sync = Path(os.environ["MSP_TEST_SYNC_DIR"])
        (sync / f"ready-{os.getpid()}").touch()
        deadline = time.monotonic() + 60
        while not (sync / "go").exists() and time.monotonic() < deadline:  # start together
            time.sleep(0.005)
        print(sum(over_limit(request) is None for _ in range(int(sys.argv[2]))))
    """
)


def shared_database_url(tmp_path: Path) -> str:
    """The test database on PostgreSQL (a table of the test's own in it); a file on SQLite, whose test
    database lives in memory and cannot be shared."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return (
            f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT']}/{s['NAME']}"
        )
    return f"sqlite:///{tmp_path / 'shared.sqlite3'}"


def test_two_processes_counting_at_once_share_one_limit(django_db_setup, django_db_blocker, tmp_path):
    """Two processes each count 150 accepted reports from one address, at the same time, against a limit of
    200: exactly 200 pass. Were the count not shared, all 300 would; were it not atomic, counts would be lost
    and more than 200 would pass."""
    with django_db_blocker.unblock():
        url = shared_database_url(tmp_path)
    table = f"msp_cache_test_{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MSP_TEST_CACHE_TABLE": table,
        "MSP_ALERT_RATE": "200/10m",
        "MSP_TEST_SYNC_DIR": str(tmp_path),
        "MSP_DEBUG": "1",
    }

    created = subprocess.run(
        [sys.executable, "-c", WORKER, "create"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    try:
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, "count", "150"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("ready-*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        (tmp_path / "go").touch()
        results = [worker.communicate(timeout=120) for worker in workers]
        for worker, (_, err) in zip(workers, results, strict=True):
            assert worker.returncode == 0, err
        allowed = [int(out) for out, _ in results]
        assert sum(allowed) == 200, allowed
    finally:
        if connection.vendor == "postgresql":
            with django_db_blocker.unblock():
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
                connection.close()  # opened outside any test's transaction: left open, it outlives the run
