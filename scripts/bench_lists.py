"""Benchmark the lists of case records at the server, on one large council's ten years in PostgreSQL.

Starts a throwaway PostgreSQL with scripts/pg_ephemeral.sh (port 54369; stopped and deleted at the end),
migrates it, makes one council's staff and about 200,000 synthetic concerns (`msp.cases.synthetic.generate`,
ten financial years up to today), runs VACUUM ANALYZE as autovacuum would, then requests each list through
Django's test client as a practitioner of the council and prints, per page: the median and 95th percentile of
the requests' times, the queries it makes and the slowest of them; then EXPLAIN ANALYZE of the slowest query.

Usage: `uv run python scripts/bench_lists.py [--per-year 20650] [--years 10] [--requests 20] [--port 54369]`
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--per-year", type=int, default=20_650, help="Concerns a year (default: about 200,000)."
    )
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20, help="Timed requests per page.")
    parser.add_argument("--port", type=int, default=54369)
    parser.add_argument(
        "--here",
        action="store_true",
        help="Use the PostgreSQL in DATABASE_URL as it is (made here before: no new data).",
    )
    parser.add_argument("--only", default="", help="Only the pages whose name contains this.")
    args = parser.parse_args()
    if not args.here:
        # The throwaway server comes from the project's script, stopped by the trap whatever happens here.
        inner = shlex.join([sys.executable, str(Path(__file__).resolve()), *sys.argv[1:], "--here"])
        script = f". scripts/pg_ephemeral.sh; trap pg_stop EXIT; PG_PORT={args.port} pg_start && {inner}"
        sys.exit(subprocess.run(["bash", "-c", script], cwd=ROOT).returncode)
    setup_django()
    from msp.accounts.models import User

    made = User.objects.filter(username="worker0").first()
    if made is None:
        council, user = make_council_and_staff(args.years)
        load(council, per_year=args.per_year, years=args.years)
    else:
        council, user = made.council, made
    measure(council, user, requests=args.requests, only=args.only)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MSP_DEBUG": "0",  # as in production: no query log kept
            "MSP_SSL_REDIRECT": "0",  # the test client asks over plain HTTP
            "MSP_SECRET_KEY": os.environ.get("MSP_SECRET_KEY", "benchmark-only-not-secret"),
            "MSP_ALLOWED_HOSTS": "testserver",
            "MSP_REQUEST_LOG": "0",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    # Pages link static files by name; without collectstatic's manifest, plain names.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Migrated in {time.perf_counter() - started:.0f} s")


def _window(years: int):
    """Ten financial years ending with the current one, so today's queues are as a council's would be."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    last_start = today.year if today >= datetime.date(today.year, 4, 1) else today.year - 1
    return last_start - years + 1


def make_council_and_staff(years: int):
    import datetime

    from msp.accounts.models import Role, User
    from msp.cases.synthetic import choose_councils

    start_year = _window(years)
    [council] = choose_councils(1, seed=1, start=datetime.date(start_year, 4, 1), end=datetime.date.today())
    staff = [("lead", Role.SAFEGUARDING_LEAD)]
    staff += [(f"manager{i}", Role.TEAM_MANAGER) for i in range(6)]
    staff += [(f"worker{i}", Role.PRACTITIONER) for i in range(30)]
    for username, role in staff:
        User.objects.create_user(
            username=username,
            password="benchmark-only",
            role=role,
            council=council,
            first_name=username.title(),
            last_name=f"Bench{username[-1]}",
        )
    return council, User.objects.get(username="worker0")


def load(council, *, per_year: int, years: int) -> None:
    from django.db import connection

    from msp.cases.models import Concern, Enquiry, Person
    from msp.cases.synthetic import generate

    started = time.perf_counter()
    generate(councils=1, years=years, seed=1, start_year=_window(years), per_year=per_year)
    print(
        f"{council.name}: {Concern.objects.count():,} concerns, {Person.objects.count():,} people,"
        f" {Enquiry.objects.count():,} enquiries made in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.0f} s\n")


def pages(council) -> list[tuple[str, str, dict]]:
    """(what, path, query) of each list; search terms taken from the data, as a user would type them."""
    from django.db.models import Count

    from msp.cases.models import Concern, Enquiry, Person

    family = (
        Person.objects.filter(council=council)
        .values("family_name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["family_name"]
    )
    person = Person.objects.filter(council=council, family_name=family).order_by("id").first()
    reference = Concern.objects.filter(council=council).order_by("id")[1000].reference
    worker = Enquiry.objects.filter(council=council, closed_at=None).exclude(lead_worker=None).first()
    area = Person.objects.filter(council=council).exclude(area="").first().area
    dob = person.date_of_birth or Person.objects.exclude(date_of_birth=None).first().date_of_birth
    return [
        ("Concerns list, page 1", "/cases/concerns/", {}),
        ("Concerns list, page 500", "/cases/concerns/", {"page": 500}),
        ("Concerns list, last page", "/cases/concerns/", {"page": 99_999}),
        ("Concerns, closed, page 100", "/cases/concerns/", {"status": "closed", "page": 100}),
        ("Concerns, area and decision", "/cases/concerns/", {"area": area, "decision": "s42"}),
        ("Concerns, a year received", "/cases/concerns/", _year_query()),
        ("Concerns, overdue", "/cases/concerns/", {"overdue": "on"}),
        ("Concerns by reference, page 300", "/cases/concerns/", {"sort": "reference", "page": 300}),
        ("Concerns by decision due", "/cases/concerns/", {"sort": "-due"}),
        (f"Concern search: name ({family})", "/cases/concerns/", {"search": family}),
        ("Concern search: full name", "/cases/concerns/", {"search": f"{person.given_name} {family}"}),
        ("Concern search: reference", "/cases/concerns/", {"search": reference.lower()}),
        ("Work queues (all four)", "/cases/", {}),
        ("Work queues, a worker, page 2", "/cases/", {"worker": worker.lead_worker_id, "open": 2}),
        ("Work queues, reviews page 5", "/cases/", {"reviews": 5}),
        (f"Person search: name ({family})", "/cases/people/", {"name": family}),
        ("Person search: part of a name", "/cases/people/", {"name": family[:4]}),
        ("Person search: date of birth", "/cases/people/", _dob_query(dob)),
        ("JSON API concerns, page 1", "/api/cases/concerns/", {}),
        ("JSON API concerns, page 500", "/api/cases/concerns/", {"page": 500}),
    ]


def _year_query() -> dict:
    import datetime

    year = datetime.date.today().year - 3
    return {
        **{f"received_from_{k}": v for k, v in (("day", 1), ("month", 4), ("year", year))},
        **{f"received_to_{k}": v for k, v in (("day", 31), ("month", 3), ("year", year + 1))},
    }


def _dob_query(dob) -> dict:
    return {"date_of_birth_day": dob.day, "date_of_birth_month": dob.month, "date_of_birth_year": dob.year}


def measure(council, user, *, requests: int, only: str = "") -> None:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)
    print(f"{'Page':<42} {'median':>8} {'p95':>8} {'queries':>8} {'slowest query':>14}  shown")
    slowest = (0.0, "", "")
    misses = []
    for what, path, query in pages(council):
        if only not in what:
            continue
        timed_page = time_page(client, path, query, requests=requests)
        if timed_page is None:  # fewer records than the page asked for
            print(f"{what[:42]:<42} (no such page with this data)")
            continue
        times, captured, response = timed_page
        timed = max(captured.captured_queries, key=lambda q: float(q["time"]))
        if float(timed["time"]) > slowest[0]:
            slowest = (float(timed["time"]), timed["sql"], what)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        if p95 > TARGET_MS:
            misses.append(what)
        print(
            f"{what[:42]:<42} {statistics.median(times):>6.0f}ms {p95:>6.0f}ms {len(captured):>8}"
            f" {float(timed['time']) * 1000:>12.0f}ms  {_shown(response)}"
        )
    print(f"\nTarget: every page under {TARGET_MS} ms at the 95th percentile: ", end="")
    print("met." if not misses else f"missed by {', '.join(misses)}.")
    print(f"\nThe slowest query ({slowest[0] * 1000:.0f} ms, {slowest[2]}):\n{slowest[1]}\n")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest[1]}")
        print("\n".join(row[0] for row in cursor.fetchall()))


def time_page(client, path: str, query: dict, *, requests: int):
    """One warming request, then `requests` timed ones (ms), then one with its queries captured; None for a
    page that does not exist with this data. Returns (times, captured queries, the last response)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path, query)  # warm: templates compiled, plans cached
    if response.status_code == 404:
        return None
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path, query)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, query)
    return times, captured, response


def _shown(response) -> str:
    """What the page says it shows: its "Showing" line, or the API's count."""
    import re

    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        return f"page {body['page']} of {body['pages']:,}, {body['count']:,} concerns"
    found = re.search(
        r"(Showing [\d,]+ to [\d,]+ of [\d,]+|[\d,]+ (people|person) found|No one found|No concerns[^.<]*)",
        response.text,
    )
    heading = re.search(r"Concerns awaiting a decision \(([^)]*)\)", response.text)
    return heading.group(0) if heading else found.group(0) if found else ""


if __name__ == "__main__":
    main()
