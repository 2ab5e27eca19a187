"""Benchmark the outcome dashboards and benchmarks at national scale, at the server, on PostgreSQL.

On a throwaway PostgreSQL of its own (never the project's database), with the same synthetic national data as
scripts/bench_sac.py (about `--concerns` concerns received in the timed year across every council, then copied
back in time inside PostgreSQL until `--years-held` years are held):

1. The summary tables are built for every year held (`msp figures_refresh`), timed: the cold start.
2. Through Django's test client (the whole request: middleware, views, templates; no network), `--requests`
   requests of each page, median and 95th percentile, with the number of queries per page:
   a council lead's dashboard (target under 150 ms), the national benchmark of a measure for that council
   (target under 300 ms), every council ranked for a measure, and a filtered dashboard (computed live).
3. One council's records change (an audit event, as every change writes), and the dashboard is timed again
   while it recomputes that council: the cost of keeping the figures current.

Everything is measured first with two years held, then with `--years-held` years; the targets ask that the
times do not grow with the years held. Prints a table; stops PostgreSQL and deletes its files at the end.

Usage (the bench dependency group, for the shared generator in bench_sac):

    uv run --group bench python scripts/bench_dashboards.py --concerns 20000        # a quick run
    uv run --group bench python scripts/bench_dashboards.py                         # 650,000 concerns a year
    uv run --group bench python scripts/bench_dashboards.py --years-held 10
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sac import (  # a script beside this one
    Year,
    generate_cases,
    hold_years,
    setup_django,
    sql,
    throwaway_postgres,
    vacuum_analyze,
)

MEASURE = "asked_and_expressed"


def years_held(year: Year, count: int) -> list[str]:
    return [f"{y}-{str(y + 1)[-2:]}" for y in range(year.first - count + 1, year.first + 1)]


def build_summaries(years: list[str]) -> float:
    from msp.outcomes import figures

    started = time.perf_counter()
    for label in years:
        figures.refresh(label)
    return time.perf_counter() - started


def largest_council(year: Year):
    from msp.councils.models import Council

    (council_id,) = sql(
        "SELECT council_id FROM cases_concern WHERE received_at >= %s AND received_at < %s"
        " GROUP BY council_id ORDER BY count(*) DESC LIMIT 1",
        [year.start, year.end],
    )[0]
    return Council.objects.get(pk=council_id)


def users(council):
    from msp.accounts.models import Role, User

    lead, _ = User.objects.get_or_create(
        username="bench_lead", defaults={"role": Role.SAFEGUARDING_LEAD, "council": council}
    )
    analyst, _ = User.objects.get_or_create(username="bench_analyst", defaults={"role": Role.ANALYST})
    return lead, analyst


def time_page(client, url: str, requests: int) -> tuple[list[float], int]:
    """Server time of `requests` GETs (the first is a warm-up, not counted) and the queries of one."""
    from django.db import connection

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    queries = []  # counted by a wrapper: each request starts by emptying Django's own query log

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        seconds.append(time.perf_counter() - started)
    return seconds, len(queries)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(label: str, year: Year, council, requests: int) -> dict:
    from django.test import Client

    from msp.accounts.audit import audit

    lead, analyst = users(council)
    as_lead, as_analyst = Client(), Client()
    as_lead.force_login(lead)
    as_analyst.force_login(analyst)
    y = year.label
    pages = {
        "council dashboard (lead)": (as_lead, f"/outcomes/dashboard/?year={y}"),
        "benchmark of one measure (programme)": (
            as_analyst,
            f"/outcomes/benchmark/?council={council.gss_code}&measure={MEASURE}&year={y}",
        ),
        "every council ranked (programme)": (as_analyst, f"/outcomes/councils/?measure={MEASURE}&year={y}"),
        "dashboard filtered: own home (live)": (as_lead, f"/outcomes/dashboard/?year={y}&location=own_home"),
    }
    results = {}
    for name, (client, url) in pages.items():
        seconds, queries = time_page(client, url, requests)
        results[name] = (statistics.median(seconds), p95(seconds), queries)
        print(
            f"   {label}: {name}: median {results[name][0] * 1000:.0f} ms,"
            f" p95 {results[name][1] * 1000:.0f} ms"
        )
    audit(
        user=None, action="change", object_type="cases.Concern", council=council, summary="Benchmark change"
    )
    started = time.perf_counter()
    as_lead.get(pages["council dashboard (lead)"][1])
    results["dashboard after a change (recomputes one council)"] = (time.perf_counter() - started, None, None)
    return results


def report(columns: dict[str, dict], cold: dict[str, float], rows: dict[str, int]) -> None:
    labels = list(columns)
    print()
    print(f"{'':54}" + "".join(f"{label:>22}" for label in labels))
    for name, count in rows.items():
        print(f"{'rows held: ' + name:54}" + "".join(f"{count:>22,}" for _ in labels[:1]))
    print(
        f"{'summary tables built, every year (cold start)':54}"
        + "".join(f"{cold[label]:>21.1f}s" for label in labels)
    )
    for name in next(iter(columns.values())):
        cells = []
        for label in labels:
            median, high, queries = columns[label][name]
            if high is None:
                cells.append(f"{median * 1000:>20.0f}ms")
            else:
                cells.append(f"{median * 1000:>5.0f} / {high * 1000:.0f} ms, {queries:>2} q")
        print(f"{name:54}" + "".join(f"{c:>22}" for c in cells))
    print("(median / 95th percentile at the server, and queries per page; targets: dashboard < 150 ms,")
    print(" benchmark < 300 ms at the 95th percentile, the same with ten years held as with two)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concerns", type=int, default=650_000, help="About this many in the timed year.")
    parser.add_argument("--year", default="2023-24")
    parser.add_argument("--years-held", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20, help="Requests of each page (median, p95).")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=54449)
    parser.add_argument("--tmp", help="Folder for the database (default: TMPDIR).")
    args = parser.parse_args()
    year = Year(args.year)
    os.environ.setdefault("MSP_ALLOWED_HOSTS", "testserver")  # Django's test client, production settings
    with throwaway_postgres(args.port, args.tmp) as server:
        setup_django(server.url)
        from django.conf import settings

        # Production settings, but static URLs without the collected manifest: the pages' own work is timed.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        print(f"== Generate about {args.concerns:,} concerns received in {year.label}")
        generate_cases(args.concerns, year, seed=args.seed, workers=args.workers)
        vacuum_analyze()
        council = largest_council(year)
        print(f"   the dashboards are of {council.name}, the council with most concerns")
        columns, cold, rows = {}, {}, {}
        label = "2 years held"
        cold[label] = build_summaries(years_held(year, 2))
        columns[label] = measure(label, year, council, args.requests)
        rows["concerns"] = sql("SELECT count(*) FROM cases_concern")[0][0]
        if args.years_held > 2:
            print(f"== Copy the generated years back until {args.years_held} years are held")
            hold_years(args.years_held, 2)
            vacuum_analyze()
            label = f"{args.years_held} years held"
            cold[label] = build_summaries(years_held(year, args.years_held))
            columns[label] = measure(label, year, council, args.requests)
        report(columns, cold, rows)


if __name__ == "__main__":
    main()
