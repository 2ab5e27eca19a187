"""Benchmark `cases_generate`: synthetic concerns per second, in a throwaway SQLite database of its own.

Never touches the project's database: DATABASE_URL points at a temporary file before Django starts, and the
schema is migrated from scratch (councils and the national outcome categories come with the migrations).
Cases: 2 councils x 1 year at their usual volume, then about 100,000 concerns (10 councils x 4 years x 2,500),
and the small case again with Django's plain bulk_create for comparison.

Usage: `uv run python scripts/bench_cases_generate.py [--big N]` (N concerns in the large case; 0 skips it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def setup_django(database: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("MSP_DEBUG", "1")  # development settings on this machine (no secret key to set)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run(
    label: str, *, councils: int, years: int, seed: int, per_year: int | None = None, insert=None
) -> None:
    from msp.cases.models import Concern, DesiredOutcome, Enquiry, OutcomeChange, Person
    from msp.cases.synthetic import generate

    before = {m: m.objects.count() for m in (Person, Concern, Enquiry, DesiredOutcome, OutcomeChange)}
    cpu = time.process_time()
    result = generate(
        councils=councils, years=years, seed=seed, start_year=2016, per_year=per_year, insert=insert
    )
    cpu = time.process_time() - cpu
    made = {m.__name__: m.objects.count() - n for m, n in before.items()}
    rows = sum(made.values())
    print(
        f"{label:<34} {result.concerns:>8} {made['Person']:>8} {rows:>9} {result.seconds:>8.1f}s"
        f" {cpu:>7.1f}s {result.rate:>10,.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=100_000, help="Concerns in the large case (0: skip it).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        setup_django(database)
        print(f"Throwaway database migrated in {time.perf_counter() - started:.1f} s ({database})")
        from msp.cases.synthetic import bulk_create_rows

        heading = ("case", "concerns", "people", "rows*", "wall", "cpu", "concerns/s")
        print("{:<34} {:>8} {:>8} {:>9} {:>9} {:>8} {:>10}".format(*heading))
        run("2 councils x 1 year", councils=2, years=1, seed=1)
        if args.big:
            run(
                f"10 councils x 4 years x {args.big // 40}",
                councils=10,
                years=4,
                seed=2,
                per_year=args.big // 40,
            )
        run("2 councils x 1 year, bulk_create", councils=2, years=1, seed=3, insert=bulk_create_rows)
        size = database.stat().st_size + sum(p.stat().st_size for p in database.parent.glob("*-wal"))
        print(
            f"\n* people, concerns, enquiries, outcomes and outcome history; database {size / 2**20:.0f} MB."
        )
        print("wall = the run as `msp cases_generate` reports it (choosing, planning, writing, committing).")
        print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end.")


if __name__ == "__main__":
    main()
