"""Benchmark MSP at a large council's scale on PostgreSQL: loading, its pages with one year and with ten years
held, the CSV export of a year, and a bounded load test of a production-like server on 127.0.0.1.

Starts a throwaway PostgreSQL with scripts/pg_ephemeral.sh (port 54379; stopped and deleted at the end),
makes one council's staff and its latest financial year of synthetic cases (`--per-year`, default 25,000
concerns), and times, at the server through Django's test client: a person, a concern and an enquiry page,
the work queues, the concerns list on page 1 and page 500, a name search and the JSON API's list (median and
95th percentile of `--requests` requests each, the queries each makes), and the CSV export of the year's
concerns (rows a second).
Then it loads the nine years before and times the same again. Last, with ten years held, it starts gunicorn
(config/gunicorn.conf.py, production settings) on 127.0.0.1 and sends `--load-requests` requests from
`--clients` clients at once, staff pages mixed with partner-form submissions, stopping after `--load-seconds`
whatever happens; it prints requests a second, the median and 95th percentile, and any errors.

Usage: `uv run python scripts/bench_scale.py [--per-year 25000] [--requests 20] [--clients 32]
[--load-requests 6000] [--load-seconds 120]` (about 15 minutes on 2 cores at the defaults).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_lists  # noqa: E402  (setup, the council and its staff, as the lists benchmark makes them)

TARGET_MS = 150
EXPORT_TARGET = 50_000  # rows a second
LOAD_TARGET = 150  # requests a second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-year", type=int, default=25_000, help="Concerns a year (default 25,000).")
    parser.add_argument("--requests", type=int, default=20, help="Timed requests per page.")
    parser.add_argument("--clients", type=int, default=32, help="Load test: clients at once.")
    parser.add_argument("--load-requests", type=int, default=6000, help="Load test: requests in all.")
    parser.add_argument("--load-seconds", type=int, default=120, help="Load test: stop after this long.")
    parser.add_argument("--port", type=int, default=54379)
    parser.add_argument("--here", action="store_true", help="Use the PostgreSQL in DATABASE_URL (empty).")
    args = parser.parse_args()
    if not args.here:
        inner = shlex.join([sys.executable, str(Path(__file__).resolve()), *sys.argv[1:], "--here"])
        script = f". scripts/pg_ephemeral.sh; trap pg_stop EXIT; PG_PORT={args.port} pg_start && {inner}"
        sys.exit(subprocess.run(["bash", "-c", script], cwd=ROOT).returncode)

    bench_lists.setup_django()
    from msp.cases.models import Concern

    years = 10
    council, user = bench_lists.make_council_and_staff(years)
    last = bench_lists._window(1)
    results: dict[str, dict[str, tuple]] = {}
    loads = []
    for label, start, count, seed in (("1 year", last, 1, 1), ("10 years", last - 9, 9, 2)):
        loads.append(load(council, start_year=start, years=count, per_year=args.per_year, seed=seed))
        held = Concern.objects.filter(council=council).count()
        print(f"\n== {label} held ({held:,} concerns)")
        results[label] = measure(council, user, requests=args.requests)
        results[label]["CSV export of the latest year"] = export(user, last)
    report(loads, results)
    load_test(council, clients=args.clients, total=args.load_requests, seconds=args.load_seconds)


def load(council, *, start_year: int, years: int, per_year: int, seed: int) -> str:
    from django.db import connection
    from django.utils import timezone

    from msp.cases.synthetic import generate_council

    started = time.perf_counter()
    counts = generate_council(
        council.pk, seed=seed, start_year=start_year, years=years, per_year=per_year, now=timezone.now()
    )
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would, soon after a load
    rows = sum(counts.values())
    line = (
        f"{years} year(s) from April {start_year}: {counts['concerns']:,} concerns ({rows:,} rows in all)"
        f" in {seconds:.1f} s, {counts['concerns'] / seconds:,.0f} concerns a second"
    )
    print(line)
    return line


def detail_pages(council) -> list[tuple[str, str, dict]]:
    from msp.cases.models import Concern, Enquiry

    concern = Concern.objects.filter(council=council).order_by("-received_at").first()
    enquiry = Enquiry.objects.filter(council=council, closed_at=None).order_by("-started_at").first()
    return [
        ("A person", f"/cases/people/{concern.person_id}/", {}),
        ("A concern", f"/cases/concerns/{concern.pk}/", {}),
        ("An enquiry", f"/cases/enquiries/{enquiry.pk}/", {}),
    ]


LIST_PAGES = (
    "Concerns list, page 1",
    "Concerns list, page 500",
    "Concern search: name",
    "Work queues (all four)",
    "Work queues, a worker, page 2",
    "Work queues, reviews page 5",
    "Person search: name",
    "JSON API concerns, page 1",
)


def measure(council, user, *, requests: int) -> dict[str, tuple]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    chosen = detail_pages(council) + [
        (name, path, query)
        for what, path, query in bench_lists.pages(council)
        for name in LIST_PAGES
        if what == name or what.startswith(f"{name} (")  # a search's term follows its name
    ]
    figures = {}
    for what, path, query in chosen:
        timed = bench_lists.time_page(client, path, query, requests=requests)
        if timed is None:
            figures[what] = ("no such page", "", "")
            continue
        times, captured, _ = timed
        p95 = statistics.quantiles(times, n=20)[-1]
        figures[what] = (f"{statistics.median(times):.0f} ms", f"{p95:.0f} ms", str(len(captured)))
        print(f"  {what:<36} {figures[what][0]:>8} {figures[what][1]:>8} {len(captured):>4} queries")
    return figures


def export(user, year_start: int) -> tuple:
    """The CSV export of one financial year's concerns, read to the end as a browser would."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    query = {
        **{f"received_from_{k}": v for k, v in (("day", 1), ("month", 4), ("year", year_start))},
        **{f"received_to_{k}": v for k, v in (("day", 31), ("month", 3), ("year", year_start + 1))},
    }
    started = time.perf_counter()
    response = client.get("/cases/concerns/export.csv", query)
    lines = sum(block.count(b"\n") for block in response.streaming_content) - 1
    seconds = time.perf_counter() - started
    print(f"  CSV export: {lines:,} concerns in {seconds:.2f} s, {lines / seconds:,.0f} rows a second")
    return (f"{seconds:.2f} s", f"{lines / seconds:,.0f} rows/s", f"{lines:,} rows")


def report(loads: list[str], results: dict[str, dict[str, tuple]]) -> None:
    one, ten = results["1 year"], results["10 years"]
    print("\nLoading:\n" + "\n".join(f"  {line}" for line in loads))
    print(f"\n| Page | 1 year: median | p95 | queries | 10 years: median | p95 | queries |\n|{'---|' * 7}")
    for what in ten:
        print(f"| {what} | {' | '.join(one.get(what, ('',) * 3))} | {' | '.join(ten[what])} |")
    misses = [
        what for what, (_, p95, _) in ten.items() if p95.endswith(" ms") and float(p95.split()[0]) > TARGET_MS
    ]
    print(f"\nEvery page under {TARGET_MS} ms at the 95th percentile with ten years held: ", end="")
    print("met." if not misses else f"missed by {', '.join(misses)}.")
    rate = float(ten["CSV export of the latest year"][1].split()[0].replace(",", ""))
    verdict = "met" if rate >= EXPORT_TARGET else "missed"
    print(f"CSV export at least {EXPORT_TARGET:,} rows a second: {verdict}.")


# --- The load test ------------------------------------------------------------------------------------------


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    limit: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        """One more request may be sent (the total is fixed)."""
        with self.lock:
            self.sent += 1
            return self.sent <= self.limit

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


def load_test(council, *, clients: int, total: int, seconds: int) -> None:
    import http.client

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections

    from msp.accounts.models import User

    staff_urls = [path for _, path, _ in detail_pages(council)] + [
        "/cases/",
        "/cases/concerns/",
        "/cases/concerns/?page=500",
        "/cases/people/?name=" + bench_lists.pages(council)[9][2]["search"],
        "/api/cases/concerns/",
    ]
    sessions = []
    for user in User.objects.filter(council=council, role="practitioner").order_by("pk"):
        session = SessionStore()
        session.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        session.create()
        sessions.append(session.session_key)
    partner_fields = alert_fields(council)
    connections.close_all()

    port = free_port()
    env = {
        **os.environ,
        "MSP_DEBUG": "0",
        "MSP_BIND": f"127.0.0.1:{port}",
        "MSP_ALLOWED_HOSTS": "127.0.0.1",
        "MSP_SECURE_COOKIES": "0",
        "MSP_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1
        "MSP_HSTS_SECONDS": "0",
        "MSP_CONN_MAX_AGE": "60",
        "MSP_REQUEST_LOG": "0",
        # Each partner writes from an address of its own, as partners across a county would.
        "MSP_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
    }
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for(port)
        tally = Tally(limit=total)
        deadline = time.monotonic() + seconds
        partners = max(1, clients // 8)  # one client in eight is a partner sending the form

        def staff(number: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            cookie = f"{settings.SESSION_COOKIE_NAME}={sessions[number % len(sessions)]}"
            turn = number
            while time.monotonic() < deadline and tally.take():
                path = staff_urls[turn % len(staff_urls)]
                turn += 1
                timed(tally, conn, "GET", path, headers={"Cookie": cookie}, expect=200)

        def partner(number: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            sent = 0
            while time.monotonic() < deadline and tally.take():
                address = f"10.{number}.{sent // 250}.{sent % 250 + 1}"
                sent += 1
                page = timed(
                    tally, conn, "GET", "/report-a-concern/", headers={"X-Real-IP": address}, expect=200
                )
                if page is None or not tally.take():
                    continue
                token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page[1]).group(1).decode()
                cookie = re.search(r"csrftoken=([^;]+)", page[0]).group(1)
                body = urlencode([*partner_fields, ("csrfmiddlewaretoken", token)])
                headers = {
                    "Cookie": f"csrftoken={cookie}",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Real-IP": address,
                    "Referer": f"http://127.0.0.1:{port}/report-a-concern/",
                }
                timed(tally, conn, "POST", "/report-a-concern/", body=body, headers=headers, expect=302)

        workers = [threading.Thread(target=partner, args=(n,)) for n in range(partners)]
        workers += [threading.Thread(target=staff, args=(n,)) for n in range(clients - partners)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(30)
    done = len(tally.times)
    times = sorted(tally.times)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else float("nan")
    print(
        f"\nLoad test: {clients} clients ({partners} sending the partner form), gunicorn with"
        f" {os.environ.get('MSP_WORKERS') or 'the default'} workers on {os.cpu_count()} cores:"
        f" {done:,} requests in {elapsed:.1f} s, {done / elapsed:,.0f} a second;"
        f" median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms; errors: {tally.errors or 'none'}"
    )
    print(
        f"Target at least {LOAD_TARGET} a second with p95 under {TARGET_MS} ms:"
        f" {'met' if done / elapsed >= LOAD_TARGET and p95 < TARGET_MS else 'missed'}."
    )


def timed(tally: Tally, conn, method: str, path: str, *, headers: dict, expect: int, body: str = ""):
    """One request; its time counted when it got the answer expected, else its error. Returns the answer."""
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        content = response.read()
    except OSError as exc:
        tally.error(type(exc).__name__)
        conn.close()
        return None
    took = (time.perf_counter() - started) * 1000
    if response.status != expect:
        tally.error(f"{method} {path.split('?')[0]}: {response.status}")
        return None
    with tally.lock:
        tally.times.append(took)
    return "; ".join(response.headers.get_all("Set-Cookie") or []), content


def alert_fields(council) -> list[tuple[str, str]]:
    """A complete partner form about a synthetic person (the same fields as the form's tests post)."""
    return [
        ("council", council.gss_code),
        ("referrer_type", "care_provider"),
        ("referrer_name", "Dee Harper"),
        ("referrer_organisation", "Northgate Lodge Care Home"),
        ("referrer_phone", "01632 960 001"),
        ("referrer_email", "dee.harper@example.com"),
        ("given_name", "Marnie"),
        ("family_name", "Quillfeather"),
        ("date_of_birth_day", "14"),
        ("date_of_birth_month", "5"),
        ("date_of_birth_year", "1938"),
        ("knows_about_report", "agrees"),
        ("risk_types", "financial"),
        ("location", "own_home"),
        ("source_of_risk", "known"),
        ("what_happened", "A visitor keeps asking for money and she is worried."),
        ("said_by", "person"),
        ("wants_to_happen", "For the visits to stop."),
        ("involvement_wishes", "Phone in the mornings."),
        ("outcome-TOTAL_FORMS", "1"),
        ("outcome-INITIAL_FORMS", "0"),
        ("outcome-MIN_NUM_FORMS", "0"),
        ("outcome-MAX_NUM_FORMS", "10"),
        ("outcome-0-category", "stop_harm"),
        ("outcome-0-own_words", "I want the visits to stop."),
        ("website", ""),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    until = time.monotonic() + 60
    while time.monotonic() < until:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


if __name__ == "__main__":
    main()
