"""Benchmark `msp cases_import` and `msp cases_generate` at a large council's scale, on PostgreSQL and SQLite.

Writes legacy extracts (CSV, the columns of docs/cases_import.md, labels as an old system would export them)
from the synthetic planner: one large council's ten years, a person keeping their external id across years.
Then, in a throwaway SQLite database and a throwaway PostgreSQL (scripts/pg_ephemeral.sh, port 54389), each
in a fresh process so its peak memory is its own:
- a 25,000-row extract into an empty council (dry run, then the import);
- the first year (27,587 rows) into an empty council;
- years two to nine into the same council, then the tenth year (27,587 rows) into a council holding nine;
- `cases_generate` of 25,000 concerns (10 councils x 1 year x 2,500).

Never touches the project's database. Usage: `uv run python scripts/bench_import.py [--rows 25000]
[--year-rows 27587] [--years 10] [--no-postgres] [--no-sqlite] [--keep DIR]`; about 15 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 54389
SEED = 10
NOTES: list[str] = []  # figures beside the table
PLAN_START_YEAR = 2014  # ten financial years, 2014-15 to 2023-24, all in the past


def setup_django(migrate: bool = False) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("MSP_DEBUG", "1")  # development settings on this machine (no secret key to set)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# --- The extracts -------------------------------------------------------------------------------------------


class Exporter:
    """Turns a plan's rows into extract rows: labels of the concern's reporting year, UK dates."""

    def __init__(self):
        from msp.cases.importing import build_columns
        from msp.cases.models import OutcomeCategory

        self.columns = build_columns(list(OutcomeCategory.objects.filter(council=None)))
        self.header = [c.name for c in self.columns]
        self.by_name = {c.name: c for c in self.columns}
        self._labels: dict = {}

    def label(self, name: str, code, year: str) -> str:
        if code in ("", None):
            return ""
        column = self.by_name[name]
        column = getattr(column, "item", column)  # a list's items
        key = (name, year)
        if key not in self._labels:
            self._labels[key] = dict(column.options(year))
        return self._labels[key][code]

    def rows(self, plan, people: dict, concerns: dict) -> list[tuple[datetime.datetime, list[str]]]:
        from django.utils import timezone

        from msp.cases import categories as cat
        from msp.cases.choices import FEEDBACK_QUESTIONS

        risks, outcomes, involvement, feedback, enquiries = {}, {}, {}, {}, {}
        for r in plan.risk_types:
            risks.setdefault(id(r.concern), []).append(r.code)
        for o in plan.outcomes:
            outcomes.setdefault(id(o.concern), []).append(o)
        for e in plan.enquiries:
            enquiries[id(e.concern)] = e
        for i in plan.involvement:
            involvement.setdefault(id(i.enquiry), []).append(i.method)
        for f in plan.feedback:
            feedback[id(f.enquiry)] = f
        rows = []
        for concern in plan.concerns:
            person = concern.person
            received = timezone.localtime(concern.received_at)
            year = cat.reporting_year(received.date())

            def label(name: str, code, year=year) -> str:
                return self.label(name, code, year)

            values = {
                "external_person_id": people[id(person)],
                "given_name": person.given_name,
                "family_name": person.family_name,
                "date_of_birth": f"{person.date_of_birth:%d/%m/%Y}",
                "nhs_number": person.nhs_number,
                "gender": label("gender", person.gender),
                "ethnicity": label("ethnicity", person.ethnicity),
                "support_reason": label("support_reason", person.support_reason),
                "area": person.area,
                "external_concern_id": concerns[id(concern)],
                "received_at": when(concern.received_at),
                "referrer_type": label("referrer_type", concern.referrer_type),
                "referrer_name": concern.referrer_name,
                "risk_types": "; ".join(label("risk_types", c) for c in risks.get(id(concern), ())),
                "location": label("location", concern.location),
                "source_of_risk": label("source_of_risk", concern.source_of_risk),
                "what_happened": concern.what_happened,
                "wants_to_happen": concern.wants_to_happen,
                "involvement_wishes": concern.involvement_wishes,
                "outcomes_asked": label("outcomes_asked", concern.outcomes_asked),
                "outcomes_not_asked_reason": concern.outcomes_not_asked_reason,
                "said_by": label("said_by", concern.said_by),
                "decision": label("decision", concern.decision),
                "criterion_a": yes_no(concern.criterion_a),
                "criterion_b": yes_no(concern.criterion_b),
                "criterion_c": yes_no(concern.criterion_c),
                "decision_reason": concern.decision_reason,
                "decided_at": when(concern.decided_at),
                "no_enquiry_outcome": label("no_enquiry_outcome", concern.no_enquiry_outcome),
            }
            for n, outcome in enumerate(outcomes.get(id(concern), ()), start=1):
                values[f"outcome_{n}_category"] = self.outcome_codes[outcome.category_id]
                values[f"outcome_{n}_words"] = outcome.own_words
                values[f"outcome_{n}_achievement"] = label(f"outcome_{n}_achievement", outcome.achievement)
            enquiry = enquiries.get(id(concern))
            if enquiry is not None:
                values |= {
                    "first_contact_at": when(enquiry.first_contact_at),
                    "involvement": "; ".join(
                        label("involvement", m) for m in involvement.get(id(enquiry), ())
                    ),
                    "capacity": label("capacity", enquiry.capacity),
                    "capacity_support": label("capacity_support", enquiry.capacity_support),
                    "risk_result": label("risk_result", enquiry.risk_result),
                    "risk_outcome": label("risk_outcome", enquiry.risk_outcome),
                    "closed_at": when(enquiry.closed_at),
                }
                given = feedback.get(id(enquiry))
                if given is not None:
                    values |= {
                        "feedback_respondent": label("feedback_respondent", given.respondent),
                        "feedback_method": label("feedback_method", given.method),
                        "feedback_answered_on": f"{given.answered_on:%d/%m/%Y}",
                        "feedback_comments": given.comments,
                    }
                    for name, _ in FEEDBACK_QUESTIONS:
                        values[f"feedback_{name}"] = label(f"feedback_{name}", getattr(given, name))
            rows.append((concern.received_at, [values.get(name, "") for name in self.header]))
        return rows


def when(moment) -> str:
    from django.utils import timezone

    return "" if moment is None else f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"


def yes_no(value) -> str:
    return "" if value is None else ("Yes" if value else "No")


def write_extracts(folder: Path, *, year_rows: int, years: int, small_rows: int) -> dict:
    """One council's `years` years of concerns as one CSV per financial year (by received date), each cut to
    `year_rows` rows; a person keeps their external id across the years. Plus the first `small_rows` rows of
    the first year as a file of their own. Returns the files and the councils to import them into."""
    from django.utils import timezone

    from msp.cases import categories as cat
    from msp.cases.models import OutcomeCategory
    from msp.cases.synthetic import choose_councils, plan_council, setting_for

    start = datetime.date(PLAN_START_YEAR, 4, 1)
    end = datetime.date(PLAN_START_YEAR + years, 3, 31)
    planned, small, held = choose_councils(3, seed=SEED, start=start, end=end)
    exporter = Exporter()
    exporter.outcome_codes = {c.pk: c.code for c in OutcomeCategory.objects.filter(council=None)}
    names = [f"{PLAN_START_YEAR + y}-{str(PLAN_START_YEAR + y + 1)[-2:]}" for y in range(years)]
    whole = {year: folder / f"whole_{year}.csv" for year in names}
    handles = {year: path.open("w", encoding="utf-8", newline="") for year, path in whole.items()}
    writers = {year: csv.writer(handle) for year, handle in handles.items()}
    for writer in writers.values():
        writer.writerow(exporter.header)
    numbers = {"person": 0, "concern": 0}
    started = time.perf_counter()

    def flush(plan) -> None:
        people, concerns = {}, {}
        for person in plan.people:
            numbers["person"] += 1
            people[id(person)] = f"P-{numbers['person']:07d}"
        for concern in plan.concerns:
            numbers["concern"] += 1
            concerns[id(concern)] = f"C-{numbers['concern']:08d}"
        for received, row in exporter.rows(plan, people, concerns):
            year = cat.reporting_year(timezone.localtime(received).date())
            if year in writers:
                writers[year].writerow(row)
        print(
            f"  planned {numbers['concern']:,} concerns ({time.perf_counter() - started:.0f} s)", flush=True
        )

    # A person's later concerns spill into the next years, so the first year needs more than it keeps.
    plan_council(
        planned,
        seed=SEED,
        start_year=PLAN_START_YEAR,
        years=years,
        setting=setting_for(planned, timezone.now()),
        per_year=round(year_rows * 1.22),
        flush=flush,
    )
    for handle in handles.values():
        handle.close()
    files = {}
    for n, year in enumerate(names, start=1):
        files[f"year{n}"] = str(folder / f"year_{n:02d}_{year}.csv")
        kept = truncate(whole[year], Path(files[f"year{n}"]), year_rows)
        print(f"  {Path(files[f'year{n}']).name}: {kept:,} rows")
        whole[year].unlink()
    files["small"] = str(folder / f"first_{small_rows}.csv")
    truncate(Path(files["year1"]), Path(files["small"]), small_rows)
    return {"files": files, "small_council": small.gss_code, "held_council": held.gss_code}


def truncate(source: Path, target: Path, rows: int) -> int:
    """The first `rows` rows of an extract (fewer if it has fewer); returns how many."""
    with (
        source.open(encoding="utf-8", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader, writer = csv.reader(inp), csv.writer(out)
        writer.writerow(next(reader))
        count = 0
        for row in reader:
            if count == rows:
                break
            writer.writerow(row)
            count += 1
    return count


# --- The measurements, each in a process of its own -------------------------------------------------------


def server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far (None elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_import(path: str, gss: str, dry_run: bool) -> dict:
    """One import, timed from opening the file to the commit; start-up (Django, openpyxl) is not timed."""
    import openpyxl.utils  # noqa: F401 - imported by every import's heading check: start-up, not the import

    from msp.cases.importing import council_for_import, import_file

    council = council_for_import(gss)
    before_mb, server = peak_mb(), server_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as handle:
        report = import_file(name=Path(path).name, data=handle, council=council, dry_run=dry_run)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if not report.ok:
        raise SystemExit(f"{path}: {report.problems[:3]}")
    after = server_cpu()
    return {
        "rows": report.rows_read,
        "seconds": wall,
        "cpu": cpu,
        "server_cpu": None if server is None else after - server,
        "peak_mb": peak_mb(),
        "start_mb": before_mb,
        "counts": report.counts,
    }


def child_generate(councils: int, per_year: int, workers: int) -> dict:
    from msp.cases.synthetic import generate

    before_mb = peak_mb()
    cpu = time.process_time()
    result = generate(
        councils=councils, years=1, seed=SEED + workers, start_year=2022, per_year=per_year, workers=workers
    )
    return {
        "rows": result.concerns,
        "seconds": result.seconds,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "start_mb": before_mb,
    }


def child(args) -> None:
    setup_django(migrate=args.child == "migrate")
    if args.child == "extracts":
        result = write_extracts(
            Path(args.folder), year_rows=args.year_rows, years=args.years, small_rows=args.rows
        )
    elif args.child == "import":
        result = child_import(args.file, args.council, args.dry_run)
    elif args.child == "generate":
        result = child_generate(10, args.rows // 10, args.workers)
    else:
        result = {}
    print("RESULT " + json.dumps(result, default=str))


def run_child(env: dict, *arguments: str) -> dict:
    command = [sys.executable, __file__, *arguments]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
        print(line)
    raise SystemExit(f"{' '.join(arguments)} gave no result:\n{done.stdout}")


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def pg_start(port: int) -> str:
    script = ROOT / "scripts" / "pg_ephemeral.sh"
    started = subprocess.run(
        ["bash", "-c", f'. "{script}"; PG_PORT={port} pg_start >&2 && echo "$PG_TMP"'],
        capture_output=True,
        text=True,
        check=False,
    )
    if started.returncode:
        raise SystemExit(f"PostgreSQL did not start on port {port}:\n{started.stderr}")
    return started.stdout.strip()


def pg_stop(folder: str) -> None:
    script = ROOT / "scripts" / "pg_ephemeral.sh"
    subprocess.run(["bash", "-c", f'. "{script}"; PG_TMP="{folder}" pg_stop'], check=False)


# --- The run ------------------------------------------------------------------------------------------------


def measure(database: str, env: dict, extracts: dict, args) -> list[tuple]:
    """Every case on one database: (case, rows, check, import) with each a child's result."""
    files, rows = extracts["files"], []
    run_child(env, "--child", "migrate")

    def both(label: str, path: str, council: str) -> None:
        check = run_child(env, "--child", "import", "--file", path, "--council", council, "--dry-run")
        wrote = run_child(env, "--child", "import", "--file", path, "--council", council)
        rows.append((database, label, check, wrote))
        print(
            f"  {database}: {label}: check {check['seconds']:.1f} s, import {wrote['seconds']:.1f} s",
            flush=True,
        )

    # The whole command as a user runs it, start-up included (a dry run, before the import).
    command = [sys.executable, "-c", "from msp.cli import main; main()", "cases_import", files["small"]]
    started = time.perf_counter()
    subprocess.run([*command, "--council", extracts["small_council"], "--dry-run"], env=env, check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    whole = time.perf_counter() - started
    NOTES.append(
        f"{database}: `msp cases_import --dry-run` of {args.rows:,} rows, start to end: {whole:.1f} s"
    )
    print(f"  {NOTES[-1]}", flush=True)
    both(f"{args.rows:,} rows, empty council", files["small"], extracts["small_council"])
    both(f"first year ({args.year_rows:,} rows), empty council", files["year1"], extracts["held_council"])
    held = args.year_rows
    for n in range(2, args.years):
        done = run_child(
            env, "--child", "import", "--file", files[f"year{n}"], "--council", extracts["held_council"]
        )
        held += done["rows"]
        print(
            f"  {database}: year {n} imported in {done['seconds']:.1f} s ({held:,} concerns held)", flush=True
        )
    both(
        f"year {args.years} ({args.year_rows:,} rows), council holding {args.years - 1} ({held:,} concerns)",
        files[f"year{args.years}"],
        extracts["held_council"],
    )
    for workers in (1, 2) if database == "PostgreSQL" else (1,):
        generated = run_child(env, "--child", "generate", "--rows", str(args.rows), "--workers", str(workers))
        label = f"cases_generate, 10 councils x {args.rows // 10:,}" + (
            f", {workers} workers" if workers > 1 else ""
        )
        rows.append((database, label, None, generated))
    return rows


def table(results: list[tuple]) -> str:
    heading = (
        "Database",
        "Case",
        "Rows",
        "Check",
        "Rows/s",
        "Peak MB",
        "Import",
        "Rows/s",
        "Peak MB",
        "DB CPU",
    )
    lines = ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
    for database, label, check, wrote in results:
        cells = [database, label, f"{wrote['rows']:,}"]
        for result in (check, wrote):
            if result is None:
                cells += ["", "", ""]
            else:
                cells += [
                    f"{result['seconds']:.2f} s",
                    f"{result['rows'] / result['seconds']:,.0f}",
                    f"{result['peak_mb']:.0f}",
                ]
        server = wrote.get("server_cpu")
        cells.append("" if server is None else f"{server:.1f} s")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=25_000, help="Rows of the small extract (and generated).")
    parser.add_argument("--year-rows", type=int, default=27_587, help="Rows of each year's extract.")
    parser.add_argument(
        "--years", type=int, default=10, help="Years of the large council (the last is timed)."
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--pg-port", type=int, default=PG_PORT)
    parser.add_argument(
        "--keep", type=Path, help="Keep the extracts here; a later run with the same sizes reuses them."
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--council", help=argparse.SUPPRESS)
    parser.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        base = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "MSP_DEBUG": "1"}
        sqlite = {**base, "DATABASE_URL": f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"}
        sizes = ["--rows", str(args.rows), "--year-rows", str(args.year_rows), "--years", str(args.years)]
        manifest = folder / "extracts.json"
        if manifest.exists() and json.loads(manifest.read_text())["sizes"] == sizes:
            extracts = json.loads(manifest.read_text())  # written by an earlier run with --keep
        else:
            print(f"Writing the extracts to {folder} ...", flush=True)
            planning = {**sqlite, "DATABASE_URL": f"sqlite:///{Path(scratch) / 'plan.sqlite3'}"}
            run_child(planning, "--child", "migrate")
            extracts = run_child(planning, "--child", "extracts", "--folder", str(folder), *sizes)
            manifest.write_text(json.dumps({**extracts, "sizes": sizes}))
        size = Path(extracts["files"]["year1"]).stat().st_size
        print(f"A year's extract: {size / 2**20:.1f} MB of CSV", flush=True)
        results = []
        if not args.no_postgres:
            pg_folder = pg_start(args.pg_port)
            try:
                url = f"postgres://postgres@127.0.0.1:{args.pg_port}/msp"
                results += measure("PostgreSQL", {**base, "DATABASE_URL": url}, extracts, args)
            finally:
                pg_stop(pg_folder)
        if not args.no_sqlite:
            results += measure("SQLite", sqlite, extracts, args)
    print()
    print(table(results))
    print()
    print("\n".join(NOTES))
    print(
        "Check = a dry run (read and check every row); Import = check, then write in one transaction. Times"
        " run from opening the file to the commit, in a fresh process each (its start-up, about a second,"
        " not counted); Peak MB = that process's peak resident memory (getrusage), start-up included;"
        " DB CPU = the PostgreSQL server's CPU time for the import."
    )
    print(
        f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end;"
        f" whole run {time.perf_counter() - started:.0f} s."
    )


if __name__ == "__main__":
    main()
