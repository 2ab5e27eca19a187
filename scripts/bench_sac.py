"""Benchmark the Safeguarding Adults Collection return at national scale, against DuckDB as the reference.

What it measures, on a throwaway PostgreSQL of its own (never the project's database):

1. Synthetic cases for every council that existed throughout the generated years (`msp.cases.synthetic`,
   as `msp cases_generate` writes them, a council per transaction, in parallel worker processes): two
   financial years ending with the timed year, about `--concerns` concerns received in the timed year.
   Then a few records are moved into the corners of the counting rules that the generator never writes
   (no date of birth, 18 on the day, blank gender, outcomes in the referrer's view, unrated and withdrawn
   outcomes, blank capacity, times on the first and last microsecond of the year...; `--no-awkward` skips it).
2. `msp sac_return` for all of England for the timed year: the in-process `compute_returns(year)` (median of
   `--runs`, with the time of every query it sends and its peak Python memory), the whole command writing the
   long CSV in a process of its own (median of `--runs`, with its peak resident memory), and one council's
   return (the council with most concerns; median of `--council-runs`; target under 100 ms).
3. The reference: the same rows exported with COPY to Parquet, and the same 148 cells per council computed
   by DuckDB SQL written independently from the counting rules of the national return. Only the DuckDB
   query is timed (median of `--runs`). Every cell of the command's CSV is compared with DuckDB's.
4. With `--years-held N` (e.g. 10): the generated years are copied inside PostgreSQL by INSERT ... SELECT,
   every date and time moved back by whole multiples of the generated span, with new ids (a fixed offset per
   copy) and new concern references, until N years are held; then everything in 2 and 3 again.

It prints a table: rows held, MSP time, DuckDB time, MSP/DuckDB (target at most 2), one council's time,
peak memory and the number of cells that disagree (the first 20 listed). Without `msp sac_return` installed it
measures the DuckDB side only. PostgreSQL is stopped and its files deleted at the end, also on an error or
Ctrl-C.

Usage (the bench dependency group holds DuckDB and pyarrow):

    uv run --group bench python scripts/bench_sac.py --concerns 20000          # a quick run, a few minutes
    uv run --group bench python scripts/bench_sac.py                           # 650,000 concerns in 2023-24
    uv run --group bench python scripts/bench_sac.py --years-held 10           # and again with ten years held
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import functools
import multiprocessing
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
LONDON = ZoneInfo("Europe/London")
SPILL_IN = 0.13  # share of a year's concerns that are later concerns of people first seen the year before
PG_SETTINGS = (  # a throwaway server: no durability; memory as a modest production server would have
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "shared_buffers=4GB",
    "effective_cache_size=16GB",
    "work_mem=64MB",
    "maintenance_work_mem=1GB",
    "max_wal_size=16GB",
    "checkpoint_timeout=30min",
    "autovacuum=off",  # the script runs VACUUM ANALYZE itself after each load, so no run is disturbed
)

# --- The 148 cells of a council's return --------------------------------------------------------------------

RISK_TYPES = {
    "physical": "Physical",
    "sexual": "Sexual",
    "psychological": "Psychological",
    "financial": "Financial or Material",
    "discriminatory": "Discriminatory",
    "organisational": "Organisational",
    "neglect": "Neglect and Acts of Omission",
    "domestic_abuse": "Domestic Abuse",
    "sexual_exploitation": "Sexual Exploitation",
    "modern_slavery": "Modern Slavery",
    "self_neglect": "Self-Neglect",
}
SOURCES = {
    "service_provider": "Service Provider",
    "known": "Other - Known to Individual",
    "unknown": "Other - Unknown to Individual",
}
LOCATIONS = {
    "own_home": "Own Home",
    "community": "In the Community (excluding community services)",
    "community_service": "In a Community Service",
    "care_home_nursing": "Care Home - Nursing",
    "care_home_residential": "Care Home - Residential",
    "hospital_acute": "Hospital - Acute",
    "hospital_mental_health": "Hospital - Mental Health",
    "hospital_community": "Hospital - Community",
    "other": "Other",
}
RESULTS = {
    "identified_action": "Risk identified - action taken",
    "identified_no_action": "Risk identified - no action taken",
    "inconclusive_action": "Risk assessment inconclusive - action taken",
    "inconclusive_no_action": "Risk assessment inconclusive - no action taken",
    "none_action": "No risk identified - action taken",
    "none_no_action": "No risk identified - no action taken",
    "ceased": "Enquiry ceased at individual's request - no action taken",
}
AGE_BANDS = ("18-64", "65-74", "75-84", "85-94", "95+")
DERIVED = (
    "conversion_rate",
    "pct_risk_reduced_or_removed",
    "pct_asked_and_expressed",
    "pct_expressed_fully_or_partially_achieved",
    "pct_lacking_capacity_supported",
)


def cell_template() -> list[tuple[str, str, str]]:
    """Every (table, row, column) of one council's return, in the order of the long file."""
    individuals = ("concerns_individuals", "s42_individuals")
    by_source = (*SOURCES.values(), "Total")
    cells = [("SG1a", r, c) for r in (*AGE_BANDS, "Total") for c in individuals]
    cells += [("SG1b", r, c) for r in ("Male", "Female", "Not Known", "Total") for c in individuals]
    cells += [
        ("SG1f", r, c)
        for r in ("concerns", "s42_enquiries", "other_enquiries")
        for c in ("cases", "individuals")
    ]
    cells += [("SG2a", r, c) for r in (*RISK_TYPES.values(), "Total") for c in by_source]
    cells += [("SG2b", r, c) for r in (*LOCATIONS.values(), "Total") for c in by_source]
    cells += [("SG2c", r, "enquiries") for r in (*RESULTS.values(), "Total")]
    cells += [("SG2e", r, "enquiries") for r in ("remained", "reduced", "removed", "Total")]
    cells += [("SG3a", r, "enquiries") for r in ("yes", "no", "dont_know", "not_recorded", "Total")]
    cells += [("SG3a", "yes", "supported"), ("SG3a", "yes", "not_supported")]
    asked = ("asked_expressed", "asked_not_expressed", "no", "dont_know", "not_recorded", "Total")
    cells += [("SG4a", r, "enquiries") for r in asked]
    cells += [("SG4a", r, "achieved") for r in ("fully", "partially", "not", "Total")]
    cells += [("DERIVED", r, "percent") for r in DERIVED]
    assert len(cells) == len(set(cells)) == 148
    return cells


@dataclass(frozen=True)
class Year:
    """A financial year: its bounds in UTC (from 1 April 00:00 in London) and the day ages are taken on."""

    label: str  # "2023-24"

    @property
    def first(self) -> int:
        return int(self.label[:4])

    def bound(self, year: int) -> datetime.datetime:
        local = datetime.datetime(year, 4, 1, tzinfo=LONDON)
        return local.astimezone(datetime.UTC).replace(tzinfo=None)

    @property
    def start(self) -> datetime.datetime:
        return self.bound(self.first)

    @property
    def end(self) -> datetime.datetime:
        return self.bound(self.first + 1)

    @property
    def age_day(self) -> datetime.date:
        return datetime.date(self.first + 1, 3, 31)


# --- A throwaway PostgreSQL ---------------------------------------------------------------------------------


class Postgres:
    """initdb, start, createdb and, at the end, stop and delete: what scripts/pg_ephemeral.sh does."""

    def __init__(self, port: int, base: str | None):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not found:
            raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql-15).")
        self.bin, self.port, self.base = found[-1], port, base
        self.folder: Path | None = None
        self.url = f"postgres://postgres@127.0.0.1:{port}/msp"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb refuses root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="msp-bench-pg.", dir=self.base))
        self.folder.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        data, log = self.folder / "data", self.folder / "server.log"
        self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-k {self.folder} -h 127.0.0.1 -p {self.port} " + " ".join(f"-c {s}" for s in PG_SETTINGS)
        try:
            self._run("pg_ctl", "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start")
        except subprocess.CalledProcessError:
            print(log.read_text(errors="replace"), file=sys.stderr)
            raise
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "msp")

    def stop(self) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


@contextlib.contextmanager
def throwaway_postgres(port: int, base: str | None) -> Iterator[Postgres]:
    server = Postgres(port, base)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        print(f"PostgreSQL on port {port} stopped and its files deleted.")


def setup_django(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["MSP_DEBUG"] = "0"  # as in production: no query log kept in memory
    os.environ["MSP_SSL_REDIRECT"] = "0"  # the dashboards' benchmark asks through the test client, over HTTP
    os.environ["MSP_TWO_FACTOR_REQUIRED"] = "0"  # its lead signs in with force_login, without a second step
    os.environ.setdefault("MSP_SECRET_KEY", "benchmark-only-not-secret")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sql(statement: str, params=None) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


# --- Phases and their times ---------------------------------------------------------------------------------


@dataclass
class Clock:
    phases: list[tuple[str, float]] = field(default_factory=list)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        print(f"\n== {name}", flush=True)
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        self.phases.append((name, seconds))
        print(f"   ({seconds:.1f} s)", flush=True)


def timed(function: Callable[[], object], runs: int) -> tuple[list[float], object]:
    """Seconds of each run, and the last run's result."""
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def runs_text(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds):.3f} s (runs: {', '.join(f'{s:.3f}' for s in seconds)})"


# --- Generating the cases -----------------------------------------------------------------------------------


def eligible_councils(start_year: int, years: int) -> list:
    """Every council that existed throughout the generated years, as `cases_generate` chooses them."""
    from msp.cases.synthetic import choose_councils
    from msp.councils.models import Council

    start, end = datetime.date(start_year, 4, 1), datetime.date(start_year + years, 3, 31)
    count = Council.objects.valid_on(start).filter(pk__in=Council.objects.valid_on(end)).count()
    return choose_councils(count, seed=0, start=start, end=end)


def generate_council(job: tuple[int, int], *, seed: int, start_year: int, years: int, now) -> int:
    """One council's cases as `msp cases_generate` writes them, in a worker process; the concerns written."""
    from msp.cases.synthetic import generate_council as write_council

    pk, per_year = job
    return write_council(pk, seed=seed, start_year=start_year, years=years, per_year=per_year, now=now)[
        "concerns"
    ]


def council_volumes(councils: list, target: int, seed: int) -> list[int]:
    """Concerns a year for each council, shared out as the generator sizes councils by type (county councils
    largest), scaled so that about `target` are received in the timed year."""
    from msp.cases.synthetic import VOLUME_BY_TYPE

    sizes = []
    for council in councils:
        low, high = VOLUME_BY_TYPE.get(council.council_type, (800, 2000))
        sizes.append(random.Random(f"{seed}/{council.gss_code}/size").uniform(low, high))
    scale = target / sum(sizes) / (1 + SPILL_IN)
    return [max(1, round(size * scale)) for size in sizes]


def generate_cases(target: int, year: Year, *, seed: int, workers: int) -> None:
    """Two years of synthetic cases ending with the timed year; about `target` concerns received in it."""
    from django.db import connections
    from django.utils import timezone

    start_year, years = year.first - 1, 2
    councils = eligible_councils(start_year, years)
    volumes = council_volumes(councils, target, seed)
    print(
        f"{len(councils)} councils x {years} years from April {start_year},"
        f" {min(volumes):,} to {max(volumes):,} concerns a year each"
    )
    work = functools.partial(
        generate_council, seed=seed, start_year=start_year, years=years, now=timezone.now()
    )
    jobs = sorted(
        zip((c.pk for c in councils), volumes, strict=True), key=lambda job: -job[1]
    )  # largest first
    connections.close_all()  # each worker opens its own connection
    started, written = time.perf_counter(), 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for done, concerns in enumerate(pool.imap_unordered(work, jobs), start=1):
            written += concerns
            if done % max(1, len(councils) // 10) == 0 or done == len(councils):
                rate = written / (time.perf_counter() - started)
                print(f"   {done}/{len(councils)} councils, {written:,} concerns ({rate:,.0f}/s)", flush=True)


# --- Holding more years: copies inside PostgreSQL -----------------------------------------------------------


def case_models() -> list:
    """The tables the generator fills, parents before children."""
    from msp.cases import models as m

    return [
        m.Person,
        m.Concern,
        m.ConcernRiskType,
        m.Enquiry,
        m.EnquiryInvolvement,
        m.DesiredOutcome,
        m.OutcomeChange,
        m.Feedback,
    ]


def copy_select(model, copy: int, years: int, offsets: dict) -> str:
    """INSERT ... SELECT of a table's original rows, `copy * years` years earlier, with ids moved on."""
    from django.db import models

    columns, values = [], []
    for f in model._meta.concrete_fields:
        column = f.column
        if f.primary_key:
            value = f"{column} + {copy * offsets[model]}"
        elif f.is_relation and f.related_model in offsets:
            value = f"{column} + {copy * offsets[f.related_model]}"
        elif isinstance(f, models.DateTimeField):
            value = f"{column} - interval '{copy * years} years'"
        elif isinstance(f, models.DateField):
            value = f"({column} - interval '{copy * years} years')::date"
        elif column == "reference":  # unique: the originals are 9 characters, copies 11
            value = f"'{copy:02d}' || {column}"
        elif column == "external_id":  # unique per council where not blank
            value = f"CASE WHEN {column} = '' THEN '' ELSE {column} || '/{copy}' END"
        else:
            value = column
        columns.append(column)
        values.append(value)
    table = model._meta.db_table
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table}"
        f" WHERE id <= {offsets[model]}"
    )


def hold_years(held: int, generated: int) -> None:
    """Copy the generated years back in time until `held` years are held; reset the id sequences."""
    models = case_models()
    highest = {m: sql(f"SELECT coalesce(max(id), 0) FROM {m._meta.db_table}")[0][0] for m in models}
    offsets = {m: 10 ** len(str(n)) for m, n in highest.items()}  # above every original id
    copies = -(-held // generated) - 1
    for copy in range(1, copies + 1):
        started = time.perf_counter()
        for model in models:
            sql(copy_select(model, copy, generated, offsets))
        seconds = time.perf_counter() - started
        print(f"   copy {copy}/{copies}, {copy * generated} years earlier ({seconds:.0f} s)")
    for model in models:
        table = model._meta.db_table
        sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    print(constraint_note(models))


def constraint_note(models: list) -> str:
    """Which constraints PostgreSQL checked on every copied row (a violation would have stopped the copy)."""
    tables = [m._meta.db_table for m in models]
    checks, uniques, invalid = sql(
        "SELECT count(*) FILTER (WHERE contype = 'c'), count(*) FILTER (WHERE contype IN ('u', 'p')),"
        " count(*) FILTER (WHERE NOT convalidated)"
        " FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s)",
        [tables],
    )[0]
    partial = sql(
        "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
        " WHERE i.indisunique AND i.indpred IS NOT NULL AND c.relname = ANY(%s)",
        [tables],
    )[0][0]
    assert invalid == 0, f"{invalid} constraints not validated"
    return (
        f"   every copied row passed {checks} CHECK constraints, {uniques} primary key and unique constraints"
        f" and {partial} partial unique indexes (none left unvalidated)"
    )


def aware(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(tzinfo=datetime.UTC)


def awkward_records(year: Year) -> None:
    """A few records in every corner the generator never writes, so the comparison tests each rule's edges.

    Every change keeps the models' constraints; ids are picked by remainder, so the same seed gives the same.
    """
    start, end, tick = aware(year.start), aware(year.end), datetime.timedelta(microseconds=1)
    day = year.age_day
    born = {age: day.replace(year=day.year - age) for age in (18, 65, 95)}
    person, concern = "cases_person", "cases_concern"
    outcome, enquiry = "cases_desiredoutcome", "cases_enquiry"
    changes = [  # (what, table, SET clause, 1 in how many rows, parameters)
        (
            "no date of birth, an approximate age",
            person,
            "date_of_birth = NULL, approximate_age = 70",
            50,
            [],
        ),
        (
            "17 on the day ages are taken",
            person,
            "date_of_birth = %s + 1, approximate_age = NULL",
            97,
            [born[18]],
        ),
        ("18 that day", person, "date_of_birth = %s, approximate_age = NULL", 89, [born[18]]),
        ("a day short of 65", person, "date_of_birth = %s + 1, approximate_age = NULL", 83, [born[65]]),
        ("95 that day", person, "date_of_birth = %s, approximate_age = NULL", 79, [born[95]]),
        ("gender blank", person, "gender = ''", 61, []),
        ("referrer's view, declined", concern, "said_by = 'referrer', outcomes_asked = 'declined'", 41, []),
        ("referrer's view, not recorded", concern, "said_by = 'referrer', outcomes_asked = ''", 43, []),
        ("said by the referrer, asked", concern, "said_by = 'referrer', outcomes_asked = 'asked'", 47, []),
        ("said by the person, not recorded", concern, "said_by = 'person', outcomes_asked = ''", 53, []),
        ("received at the first instant of the year", concern, "received_at = %s", 499, [start]),
        ("received just before the year", concern, "received_at = %s", 503, [start - tick]),
        ("received at the last instant of the year", concern, "received_at = %s", 509, [end - tick]),
        ("received just after the year", concern, "received_at = %s", 521, [end]),
        ("outcome not rated", outcome, "achievement = ''", 23, []),
        ("outcome withdrawn", outcome, "status = 'withdrawn', achievement = ''", 29, []),
        ("capacity blank", enquiry, "capacity = '', capacity_support = ''", 37, []),
        ("started at the first instant of the year", enquiry, "started_at = %s", 211, [start]),
        ("started just after the year", enquiry, "started_at = %s", 223, [end]),
        ("closed at the first instant of the year", enquiry, "closed_at = %s", 227, [start]),
        ("closed at the last instant of the year", enquiry, "closed_at = %s", 229, [end - tick]),
        ("closed just after the year", enquiry, "closed_at = %s", 233, [end]),
        ("still open", enquiry, "closed_at = NULL, closed_by_id = NULL", 239, []),
    ]
    from django.db import connection

    with connection.cursor() as cursor:
        for position, (what, table, assignments, every, params) in enumerate(changes):
            where = f"mod(id, {every}) = {position % every}"
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE {where}", params or None)
            print(f"   {cursor.rowcount:>9,}  {what} (1 in {every})")


def vacuum_analyze() -> None:
    for model in case_models():
        sql(f"VACUUM (ANALYZE) {model._meta.db_table}")


def rows_held(year: Year) -> dict[str, int]:
    counts = {m.__name__: sql(f"SELECT count(*) FROM {m._meta.db_table}")[0][0] for m in case_models()}
    counts["concerns in the year"] = sql(
        "SELECT count(*) FROM cases_concern WHERE received_at >= %s AND received_at < %s",
        [year.start.replace(tzinfo=datetime.UTC), year.end.replace(tzinfo=datetime.UTC)],
    )[0][0]
    first, last = sql("SELECT min(received_at), max(received_at) FROM cases_concern")[0]
    first, last = first.astimezone(LONDON), last.astimezone(LONDON)
    print(f"   concerns received from {first:%d/%m/%Y} to {last:%d/%m/%Y} (London time)")
    for name, n in counts.items():
        print(f"   {name:<22} {n:>12,}")
    return counts


# --- MSP: the return as the app computes it -----------------------------------------------------------------


def msp_available() -> bool:
    from django.core.management import get_commands

    return "sac_return" in get_commands()


@dataclass(order=True)
class Query:
    seconds: float
    statement: str = field(compare=False)
    params: object = field(compare=False)


@dataclass
class MspFigures:
    compute: list[float] = field(default_factory=list)
    command: list[float] = field(default_factory=list)
    council: list[float] = field(default_factory=list)
    council_name: str = ""
    compute_peak_mb: float = 0.0
    command_rss_mb: float = 0.0
    queries: list[Query] = field(default_factory=list)
    council_queries: list[Query] = field(default_factory=list)
    council_mismatch: int = 0


def query_times(function: Callable[[], object]) -> tuple[object, list[Query]]:
    """Run `function`, timing each query it sends, also on connections that its worker threads open."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    log: list[Query] = []

    def wrapper(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            log.append(Query(time.perf_counter() - started, statement, params))

    def watch(sender, connection, **kwargs):
        if wrapper not in connection.execute_wrappers:  # a thread's connection may be opened again
            connection.execute_wrappers.append(wrapper)

    connection_created.connect(watch)
    try:
        with connection.execute_wrapper(wrapper):
            result = function()
    finally:
        connection_created.disconnect(watch)
    return result, log


# Runs the command and reports its time and peak memory. A child's peak resident memory counts the memory of
# the process it was forked from (Linux carries the high-water mark across exec), so the command is started
# from this small process, not from the benchmark, which holds the generated data and DuckDB.
LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{time.perf_counter() - started} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_command(year: Year, out: Path) -> tuple[float, float]:
    """`msp sac_return` in a process of its own: seconds and peak resident memory (MB)."""
    msp = Path(sys.executable).with_name("msp")
    command = [str(msp)] if msp.exists() else [sys.executable, "-m", "msp.cli"]
    command += ["sac_return", "--year", year.label, "--format", "csv", "--out", str(out)]
    said, measured = out.with_suffix(".out"), out.with_suffix(".usage")
    with said.open("wb") as output:
        launch = [sys.executable, "-c", LAUNCHER, str(measured), *command]
        finished = subprocess.run(launch, cwd=ROOT, env=os.environ.copy(), stdout=output, check=False)
    if finished.returncode:
        raise SystemExit(f"msp sac_return failed with exit code {finished.returncode}")
    seconds, peak_kb = measured.read_text().split()
    return float(seconds), int(peak_kb) / 1024


def measure_msp(year: Year, out: Path, *, runs: int, council_runs: int) -> MspFigures:
    figures = MspFigures()
    national = time_national(figures, year, runs)
    time_command(figures, year, out, runs)
    time_one_council(figures, year, council_runs, national)
    return figures


def time_national(figures: MspFigures, year: Year, runs: int) -> dict:
    """compute_returns for every council: a first run, then `runs` timed with each query's time; memory."""
    from msp.outcomes.sac import compute_returns

    first, national = timed(lambda: compute_returns(year.label), 1)
    print(f"   compute_returns, all councils, first run: {first[0]:.3f} s")
    for _ in range(runs):
        started = time.perf_counter()
        national, figures.queries = query_times(lambda: compute_returns(year.label))
        figures.compute.append(time.perf_counter() - started)
    print(f"   compute_returns, all councils: {runs_text(figures.compute)}")
    tracemalloc.start()
    compute_returns(year.label)
    figures.compute_peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return national


def time_command(figures: MspFigures, year: Year, out: Path, runs: int) -> None:
    for _ in range(runs):
        seconds, rss = run_command(year, out)
        figures.command.append(seconds)
        figures.command_rss_mb = max(figures.command_rss_mb, rss)
    print(f"   msp sac_return --format csv: {runs_text(figures.command)}")
    print(f"   it said: {out.with_suffix('.out').read_text().strip()}")


def time_one_council(figures: MspFigures, year: Year, runs: int, national: dict) -> None:
    """The council with most concerns in the year, alone (after one untimed run); checked against national."""
    from msp.councils.models import Council
    from msp.outcomes.sac import compute_returns

    council = Council.objects.get(pk=largest_council(year))
    figures.council_name = f"{council.gss_code} {council.short_name}"
    compute_returns(year.label, councils=[council])
    figures.council, alone = timed(lambda: compute_returns(year.label, councils=[council]), runs)
    print(f"   compute_returns, {figures.council_name} alone: {runs_text(figures.council)}")
    _, figures.council_queries = query_times(lambda: compute_returns(year.label, councils=[council]))
    figures.council_mismatch = council_mismatch(national, alone, council)


def largest_council(year: Year) -> int:
    return sql(
        "SELECT council_id FROM cases_concern WHERE received_at >= %s AND received_at < %s"
        " GROUP BY council_id ORDER BY count(*) DESC, council_id LIMIT 1",
        [year.start.replace(tzinfo=datetime.UTC), year.end.replace(tzinfo=datetime.UTC)],
    )[0][0]


def council_mismatch(national: dict, alone: dict, council) -> int:
    """Cells where one council's return differs from its part of the national return (all, if missing)."""

    def cells_of(returns: dict) -> dict:
        for key, cells in returns.items():
            if key == council or getattr(key, "gss_code", key) == council.gss_code:
                return {k: str(v) for k, v in cells.items()}
        return {}

    mine, theirs = cells_of(alone), cells_of(national)
    if not mine or not theirs:
        return len(cell_template())
    return sum(mine.get(k) != theirs.get(k) for k in set(mine) | set(theirs))


def print_queries(queries: list[Query], explain: bool, what: str = "all councils") -> None:
    total = sum(q.seconds for q in queries)
    print(f"   compute_returns ({what}) sent {len(queries)} queries, {total:.3f} s in all (may overlap):")
    for query in sorted(queries, reverse=True)[:8]:
        print(f"   {query.seconds:>8.3f} s  {' '.join(query.statement.split())[:160]}")
    if explain and queries:
        slowest = max(queries)
        print("   EXPLAIN (ANALYZE, BUFFERS) of the slowest:")
        for (line,) in sql("EXPLAIN (ANALYZE, BUFFERS) " + slowest.statement, slowest.params):
            print(f"     {line}")


# --- The reference: Parquet and DuckDB ----------------------------------------------------------------------

TEXT, ID = pa.string(), pa.int64()
STAMP, DAY = pa.timestamp("us"), pa.date32()
EXPORTS = {
    "councils": ("SELECT id, gss_code FROM councils_council", {"id": ID, "gss_code": TEXT}),
    "concerns": (
        "SELECT c.id, c.council_id, c.person_id, c.received_at AT TIME ZONE 'UTC' AS received_at, c.location,"
        " c.source_of_risk, c.outcomes_asked, c.said_by, c.decision, p.date_of_birth, p.gender"
        " FROM cases_concern c JOIN cases_person p ON p.id = c.person_id",
        {
            "id": ID,
            "council_id": ID,
            "person_id": ID,
            "received_at": STAMP,
            "location": TEXT,
            "source_of_risk": TEXT,
            "outcomes_asked": TEXT,
            "said_by": TEXT,
            "decision": TEXT,
            "date_of_birth": DAY,
            "gender": TEXT,
        },
    ),
    "enquiries": (
        "SELECT id, council_id, concern_id, started_at AT TIME ZONE 'UTC' AS started_at,"
        " closed_at AT TIME ZONE 'UTC' AS closed_at, capacity, capacity_support, risk_result, risk_outcome"
        " FROM cases_enquiry",
        {
            "id": ID,
            "council_id": ID,
            "concern_id": ID,
            "started_at": STAMP,
            "closed_at": STAMP,
            "capacity": TEXT,
            "capacity_support": TEXT,
            "risk_result": TEXT,
            "risk_outcome": TEXT,
        },
    ),
    "risk_types": ("SELECT concern_id, code FROM cases_concernrisktype", {"concern_id": ID, "code": TEXT}),
    "outcomes": (
        "SELECT concern_id, achievement FROM cases_desiredoutcome",
        {"concern_id": ID, "achievement": TEXT},
    ),
}


def export_parquet(url: str, folder: Path) -> dict[str, Path]:
    """Each export through COPY ... TO STDOUT (CSV), then streamed into a Parquet file with pyarrow."""
    import psycopg

    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    with psycopg.connect(url) as conn:
        for name, (query, types) in EXPORTS.items():
            staged, target = folder / f"{name}.csv", folder / f"{name}.parquet"
            with conn.cursor() as cursor, staged.open("wb") as out:
                with cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
                    for chunk in copy:
                        out.write(chunk)
            rows = csv_to_parquet(staged, target, types)
            staged.unlink()
            files[name] = target
            print(f"   {name:<11} {rows:>12,} rows  {target.stat().st_size / 2**20:>8.1f} MB")
    return files


def csv_to_parquet(source: Path, target: Path, types: dict) -> int:
    schema = pa.schema(list(types.items()))
    options = pacsv.ConvertOptions(column_types=types, strings_can_be_null=False)
    reader = pacsv.open_csv(
        source, read_options=pacsv.ReadOptions(block_size=1 << 24), convert_options=options
    )
    rows = 0
    with pq.ParquetWriter(target, schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


# Only the SQL below is timed. `concerns` carries the person's date of birth and gender; times are UTC.
SAC_SQL = """
WITH
received AS (
    SELECT council_id, person_id, date_of_birth, gender
    FROM concerns WHERE received_at >= $start AND received_at < $end
),
started AS (
    SELECT e.council_id, c.person_id, c.date_of_birth, c.gender, c.decision
    FROM enquiries e JOIN concerns c ON c.id = e.concern_id
    WHERE e.started_at >= $start AND e.started_at < $end AND c.decision IN ('s42', 'other')
),
people AS (
    SELECT council_id, column_name, person_id,
        CASE WHEN age >= 95 THEN '95+' WHEN age >= 85 THEN '85-94' WHEN age >= 75 THEN '75-84'
             WHEN age >= 65 THEN '65-74' WHEN age >= 18 THEN '18-64' END AS age_band,
        CASE gender WHEN 'male' THEN 'Male' WHEN 'female' THEN 'Female' ELSE 'Not Known' END AS gender_row
    FROM (
        SELECT *, year($age_day) - year(date_of_birth)
            - CASE WHEN strftime(date_of_birth, '%m-%d') > strftime($age_day, '%m-%d') THEN 1 ELSE 0 END
            AS age
        FROM (
            SELECT council_id, 'concerns_individuals' AS column_name, person_id, date_of_birth, gender
            FROM received
            UNION ALL
            SELECT council_id, 's42_individuals', person_id, date_of_birth, gender
            FROM started WHERE decision = 's42'
        )
    )
),
sg1 AS (
    SELECT council_id, 'SG1a' AS tbl,
        CASE WHEN grouping(age_band) = 1 THEN 'Total' ELSE age_band END AS row_name,
        column_name, count(DISTINCT person_id) AS value
    FROM people GROUP BY council_id, column_name, ROLLUP (age_band)
    HAVING grouping(age_band) = 1 OR age_band IS NOT NULL
    UNION ALL
    SELECT council_id, 'SG1b', CASE WHEN grouping(gender_row) = 1 THEN 'Total' ELSE gender_row END,
        column_name, count(DISTINCT person_id)
    FROM people GROUP BY council_id, column_name, ROLLUP (gender_row)
    UNION ALL
    SELECT council_id, 'SG1f', 'concerns', 'cases', count(*) FROM received GROUP BY council_id
    UNION ALL
    SELECT council_id, 'SG1f', 'concerns', 'individuals', count(DISTINCT person_id)
    FROM received GROUP BY council_id
    UNION ALL
    SELECT council_id, 'SG1f', decision || '_enquiries', 'cases', count(*) FROM started GROUP BY ALL
    UNION ALL
    SELECT council_id, 'SG1f', decision || '_enquiries', 'individuals', count(DISTINCT person_id)
    FROM started GROUP BY ALL
),
concluded AS (
    SELECT e.id, e.council_id, e.concern_id, c.location, c.source_of_risk, c.outcomes_asked, c.said_by,
        e.capacity, e.capacity_support, e.risk_result, e.risk_outcome
    FROM enquiries e JOIN concerns c ON c.id = e.concern_id
    WHERE e.closed_at >= $start AND e.closed_at < $end AND c.decision = 's42'
),
typed AS (
    SELECT k.council_id, k.id, t.label AS row_name, s.label AS source_col
    FROM concluded k
    JOIN risk_types r ON r.concern_id = k.concern_id
    JOIN risk_type_labels t ON t.code = r.code
    LEFT JOIN source_labels s ON s.code = k.source_of_risk
),
located AS (
    SELECT k.council_id, k.id, l.label AS row_name, s.label AS source_col
    FROM concluded k
    JOIN location_labels l ON l.code = k.location
    LEFT JOIN source_labels s ON s.code = k.source_of_risk
),
outcome_counts AS (
    SELECT o.concern_id, count(*) AS n, count(*) FILTER (WHERE o.achievement <> '') AS rated,
        count(*) FILTER (WHERE o.achievement = 'fully') AS fully,
        count(*) FILTER (WHERE o.achievement = 'not') AS not_achieved
    FROM outcomes o SEMI JOIN concluded k ON k.concern_id = o.concern_id
    GROUP BY o.concern_id
),
asked AS (
    SELECT k.council_id,
        CASE WHEN coalesce(oc.n, 0) > 0 AND NOT (k.said_by = 'referrer' AND k.outcomes_asked <> 'asked')
                THEN 'asked_expressed'
             WHEN k.outcomes_asked IN ('asked', 'declined') THEN 'asked_not_expressed'
             WHEN k.outcomes_asked = 'not_asked' THEN 'no'
             WHEN k.outcomes_asked = 'unknown' THEN 'dont_know'
             ELSE 'not_recorded' END AS asked_row,
        CASE WHEN coalesce(oc.rated, 0) = 0 THEN NULL
             WHEN oc.fully = oc.rated THEN 'fully'
             WHEN oc.not_achieved = oc.rated THEN 'not'
             ELSE 'partially' END AS achieved_row
    FROM concluded k LEFT JOIN outcome_counts oc ON oc.concern_id = k.concern_id
),
sg2 AS (
    SELECT council_id, 'SG2a' AS tbl,
        CASE WHEN grouping(row_name) = 1 THEN 'Total' ELSE row_name END AS row_name,
        CASE WHEN grouping(source_col) = 1 THEN 'Total' ELSE source_col END AS column_name,
        count(DISTINCT id) AS value
    FROM typed GROUP BY council_id, CUBE (row_name, source_col)
    HAVING grouping(source_col) = 1 OR source_col IS NOT NULL
    UNION ALL
    SELECT council_id, 'SG2b', CASE WHEN grouping(row_name) = 1 THEN 'Total' ELSE row_name END,
        CASE WHEN grouping(source_col) = 1 THEN 'Total' ELSE source_col END, count(DISTINCT id)
    FROM located GROUP BY council_id, CUBE (row_name, source_col)
    HAVING grouping(source_col) = 1 OR source_col IS NOT NULL
    UNION ALL
    SELECT k.council_id, 'SG2c', CASE WHEN grouping(r.label) = 1 THEN 'Total' ELSE r.label END, 'enquiries',
        count(*)
    FROM concluded k JOIN result_labels r ON r.code = k.risk_result
    GROUP BY k.council_id, ROLLUP (r.label)
    UNION ALL
    SELECT council_id, 'SG2e', CASE WHEN grouping(risk_outcome) = 1 THEN 'Total' ELSE risk_outcome END,
        'enquiries', count(*)
    FROM concluded WHERE risk_outcome IN ('remained', 'reduced', 'removed')
    GROUP BY council_id, ROLLUP (risk_outcome)
),
sg34 AS (
    SELECT council_id, 'SG3a' AS tbl, CASE WHEN grouping(capacity_row) = 1 THEN 'Total' ELSE capacity_row END
        AS row_name, 'enquiries' AS column_name, count(*) AS value
    FROM (
        SELECT council_id, CASE capacity WHEN 'lacked' THEN 'yes' WHEN 'had' THEN 'no'
            WHEN 'dont_know' THEN 'dont_know' ELSE 'not_recorded' END AS capacity_row
        FROM concluded
    )
    GROUP BY council_id, ROLLUP (capacity_row)
    UNION ALL
    SELECT council_id, 'SG3a', 'yes', 'supported', count(*) FROM concluded
    WHERE capacity = 'lacked' AND capacity_support IN ('advocate', 'family', 'friend') GROUP BY council_id
    UNION ALL
    SELECT council_id, 'SG3a', 'yes', 'not_supported', count(*) FROM concluded
    WHERE capacity = 'lacked' AND capacity_support = 'none' GROUP BY council_id
    UNION ALL
    SELECT council_id, 'SG4a', CASE WHEN grouping(asked_row) = 1 THEN 'Total' ELSE asked_row END, 'enquiries',
        count(*)
    FROM asked GROUP BY council_id, ROLLUP (asked_row)
    UNION ALL
    SELECT council_id, 'SG4a', CASE WHEN grouping(achieved_row) = 1 THEN 'Total' ELSE achieved_row END,
        'achieved', count(*)
    FROM asked WHERE asked_row = 'asked_expressed'
    GROUP BY council_id, ROLLUP (achieved_row)
    HAVING grouping(achieved_row) = 1 OR achieved_row IS NOT NULL
),
counts AS (
    SELECT * FROM sg1 UNION ALL SELECT * FROM sg2 UNION ALL SELECT * FROM sg34
),
ratios AS (
    SELECT council_id,
      sum(value) FILTER (WHERE tbl = 'SG1f' AND row_name <> 'concerns' AND column_name = 'cases') AS conv,
      sum(value) FILTER (WHERE tbl = 'SG1f' AND row_name = 'concerns' AND column_name = 'cases') AS concerns,
      sum(value) FILTER (WHERE tbl = 'SG2e' AND row_name IN ('reduced', 'removed')) AS risk,
      sum(value) FILTER (WHERE tbl = 'SG2e' AND row_name = 'Total') AS risk_total,
      sum(value) FILTER (WHERE tbl = 'SG4a' AND row_name = 'asked_expressed') AS asked,
      sum(value) FILTER (WHERE tbl = 'SG4a' AND row_name = 'Total' AND column_name = 'enquiries') AS all_s42,
      sum(value) FILTER (WHERE tbl = 'SG4a' AND row_name IN ('fully', 'partially')) AS met,
      sum(value) FILTER (WHERE tbl = 'SG4a' AND row_name = 'Total' AND column_name = 'achieved') AS expressed,
      sum(value) FILTER (WHERE tbl = 'SG3a' AND column_name = 'supported') AS supported,
      sum(value) FILTER (WHERE tbl = 'SG3a' AND row_name = 'yes' AND column_name = 'enquiries') AS lacked
    FROM counts GROUP BY council_id
),
derived AS (
    SELECT council_id, 'DERIVED' AS tbl, 'conversion_rate' AS row_name, 'percent' AS column_name,
        pct_text(conv, concerns) AS value FROM ratios
    UNION ALL
    SELECT council_id, 'DERIVED', 'pct_risk_reduced_or_removed', 'percent', pct_text(risk, risk_total)
    FROM ratios
    UNION ALL
    SELECT council_id, 'DERIVED', 'pct_asked_and_expressed', 'percent', pct_text(asked, all_s42) FROM ratios
    UNION ALL
    SELECT council_id, 'DERIVED', 'pct_expressed_fully_or_partially_achieved', 'percent',
        pct_text(met, expressed) FROM ratios
    UNION ALL
    SELECT council_id, 'DERIVED', 'pct_lacking_capacity_supported', 'percent', pct_text(supported, lacked)
    FROM ratios
),
cells AS (
    SELECT council_id, tbl, row_name, column_name, CAST(value AS VARCHAR) AS value FROM counts
    UNION ALL
    SELECT * FROM derived
),
active AS (
    SELECT council_id FROM received
    UNION SELECT council_id FROM started
    UNION SELECT council_id FROM concluded
)
SELECT g.gss_code, t.tbl, t.row_name, t.column_name,
    coalesce(c.value, CASE WHEN t.tbl = 'DERIVED' THEN '' ELSE '0' END) AS value
FROM active a
JOIN councils g ON g.id = a.council_id
CROSS JOIN template t
LEFT JOIN cells c
    ON c.council_id = a.council_id AND c.tbl = t.tbl
    AND c.row_name = t.row_name AND c.column_name = t.column_name
ORDER BY g.gss_code, t.position
"""

# One decimal place, half up, from unrounded counts: tenths = floor(1000 * num / den + 1/2). Empty if den = 0.
PERCENT_MACRO = """
CREATE MACRO pct_text(num, den) AS CASE WHEN coalesce(den, 0) = 0 THEN '' ELSE
    CAST((2000 * coalesce(num, 0) + den) // (2 * den) // 10 AS VARCHAR) || '.'
    || CAST((2000 * coalesce(num, 0) + den) // (2 * den) % 10 AS VARCHAR) END
"""


def duckdb_connection(files: dict[str, Path]) -> duckdb.DuckDBPyConnection:
    """Views over the Parquet files, the code-to-label lists and the 148-cell template (not timed)."""
    con = duckdb.connect()
    for name, path in files.items():
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    for name, labels in (
        ("risk_type_labels", RISK_TYPES),
        ("source_labels", SOURCES),
        ("location_labels", LOCATIONS),
        ("result_labels", RESULTS),
    ):
        con.register("arrow_rows", pa.table({"code": list(labels), "label": list(labels.values())}))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM arrow_rows")
        con.unregister("arrow_rows")
    cells = cell_template()
    con.register(
        "arrow_rows",
        pa.table(
            {
                "position": list(range(len(cells))),
                "tbl": [c[0] for c in cells],
                "row_name": [c[1] for c in cells],
                "column_name": [c[2] for c in cells],
            }
        ),
    )
    con.execute("CREATE TABLE template AS SELECT * FROM arrow_rows")
    con.unregister("arrow_rows")
    con.execute(PERCENT_MACRO)
    return con


def duckdb_return(con: duckdb.DuckDBPyConnection, year: Year) -> list[tuple]:
    params = {"start": year.start, "end": year.end, "age_day": year.age_day}
    return con.execute(SAC_SQL, params).fetchall()


def measure_duckdb(files: dict[str, Path], year: Year, runs: int) -> tuple[list[float], dict]:
    con = duckdb_connection(files)
    seconds, rows = timed(lambda: duckdb_return(con, year), runs)
    con.close()
    cells = {(gss, year.label, t, r, c): v for gss, t, r, c, v in rows}
    print(f"   DuckDB: {runs_text(seconds)}; {len(rows):,} cells for {len(rows) // 148} councils")
    return seconds, cells


# --- Comparing the two --------------------------------------------------------------------------------------


def read_long_csv(path: Path) -> dict:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        expected = ["council_gss", "year", "table", "row", "column", "value"]
        if reader.fieldnames != expected:
            raise SystemExit(f"{path}: header {reader.fieldnames}, expected {expected}")
        return {(r["council_gss"], r["year"], r["table"], r["row"], r["column"]): r["value"] for r in reader}


def compare(msp: dict, reference: dict) -> list[str]:
    """Every cell where the command's CSV and DuckDB differ, or that only one of them has."""
    differences = []
    for key in sorted(set(msp) | set(reference)):
        ours, theirs = msp.get(key, "(missing)"), reference.get(key, "(missing)")
        if ours != theirs:
            differences.append(f"{' / '.join(key)}: msp {ours!r}, duckdb {theirs!r}")
    return differences


# --- One measurement (the years held now) -------------------------------------------------------------------


@dataclass
class Measurement:
    label: str
    rows: dict
    duckdb: list[float]
    msp: MspFigures | None = None
    cells: int = 0
    differences: list[str] = field(default_factory=list)


def measure(label: str, args, year: Year, server: Postgres, work: Path, clock: Clock) -> Measurement:
    with clock.phase(f"{label}: VACUUM ANALYZE and rows held"):
        vacuum_analyze()
        rows = rows_held(year)
    with clock.phase(f"{label}: export to Parquet (COPY, pyarrow)"):
        files = export_parquet(server.url, work / label.replace(" ", "-"))
    with clock.phase(f"{label}: DuckDB over Parquet, {args.runs} runs"):
        duck_seconds, reference = measure_duckdb(files, year, args.runs)
    result = Measurement(label, rows, duck_seconds, cells=len(reference))
    if not msp_available():
        print("\n(msp sac_return is not installed: the MSP side is not measured)")
        return result
    out = work / f"sac-{year.label}-{label.replace(' ', '-')}.csv"
    with clock.phase(f"{label}: msp sac_return"):
        result.msp = measure_msp(year, out, runs=args.runs, council_runs=args.council_runs)
        print_queries(result.msp.queries, args.explain)
        print_queries(result.msp.council_queries, args.explain, what=result.msp.council_name)
    result.differences = compare(read_long_csv(out), reference)
    print(f"\n   {len(result.differences)} of {len(reference):,} cells disagree")
    for line in result.differences[:20]:
        print(f"   {line}")
    return result


def report(results: list[Measurement], year: Year, clock: Clock) -> None:
    def row(name: str, values: list[str]) -> None:
        print(f"{name:<42}" + "".join(f"{v:>24}" for v in values))

    def median(seconds: list[float]) -> str:
        return f"{statistics.median(seconds):.3f} s" if seconds else "-"

    print(
        f"\nSAC return {year.label}, PostgreSQL {', '.join(PG_SETTINGS[3:6])}; {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.1f} at the end"
    )
    row("", [r.label for r in results])
    for name in results[0].rows:
        row(f"rows held: {name}", [f"{r.rows[name]:,}" for r in results])
    row("DuckDB query (median)", [median(r.duckdb) for r in results])
    if all(r.msp for r in results):
        row("MSP compute_returns, England (median)", [median(r.msp.compute) for r in results])
        row("MSP sac_return command, CSV (median)", [median(r.msp.command) for r in results])
        row(
            "MSP/DuckDB (compute; target <= 2)",
            [f"{statistics.median(r.msp.compute) / statistics.median(r.duckdb):.1f}x" for r in results],
        )
        row(
            "MSP/DuckDB (command)",
            [f"{statistics.median(r.msp.command) / statistics.median(r.duckdb):.1f}x" for r in results],
        )
        row("one council (median; target < 0.1 s)", [median(r.msp.council) for r in results])
        row("  council", [r.msp.council_name for r in results])
        row("  cells differing from national", [str(r.msp.council_mismatch) for r in results])
        row(
            "peak Python memory, compute (tracemalloc)", [f"{r.msp.compute_peak_mb:,.0f} MB" for r in results]
        )
        row("peak RSS, sac_return command", [f"{r.msp.command_rss_mb:,.0f} MB" for r in results])
        row("queries sent by compute_returns", [str(len(r.msp.queries)) for r in results])
        row("cells disagreeing with DuckDB", [f"{len(r.differences)} of {r.cells:,}" for r in results])
    print("\nPhases:")
    for name, seconds in clock.phases:
        print(f"   {seconds:>8.1f} s  {name}")


# --- The run ------------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concerns", type=int, default=650_000, help="About this many in the timed year.")
    parser.add_argument("--year", default="2023-24", help="The timed financial year (default 2023-24).")
    parser.add_argument("--years-held", type=int, default=2, help="Also measure with this many years held.")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=2, help="Processes generating cases (default 2).")
    parser.add_argument("--runs", type=int, default=3, help="Runs of each national timing (median).")
    parser.add_argument("--council-runs", type=int, default=7, help="Runs of one council's return.")
    parser.add_argument("--port", type=int, default=54339, help="Port of the throwaway PostgreSQL.")
    parser.add_argument("--tmp", help="Folder for the database and the Parquet files (default: TMPDIR).")
    parser.add_argument(
        "--no-awkward", action="store_true", help="Leave out the edge cases added after generating."
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query.")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    year, clock = Year(args.year), Clock()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop PostgreSQL on kill too
    started = time.perf_counter()
    with throwaway_postgres(args.port, args.tmp) as server, tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        work = Path(tmp)
        with clock.phase(f"PostgreSQL on port {args.port}, migrate"):
            setup_django(server.url)
        with clock.phase(f"Generate about {args.concerns:,} concerns received in {year.label}"):
            generate_cases(args.concerns, year, seed=args.seed, workers=args.workers)
        if not args.no_awkward:
            with clock.phase("Awkward records: the corners of the counting rules"):
                awkward_records(year)
        results = [measure("2 years held", args, year, server, work, clock)]
        if args.years_held > 2:
            with clock.phase(f"Copy the generated years back until {args.years_held} years are held"):
                hold_years(args.years_held, 2)
            results.append(measure(f"{args.years_held} years held", args, year, server, work, clock))
        report(results, year, clock)
    print(f"Total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
