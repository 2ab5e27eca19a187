"""Benchmark (not a test): time the national report as PDF, Word and HTML for 115 and 1,000 interviews.

    uv run python scripts/bench_tempcheck_report.py [--runs 3] [--all-regions] [--keep]

It sets up a throwaway SQLite database in a temporary folder (never your database) the way
scripts/bench_tempcheck_tables.py does: the 2016 wave's 115 synthetic interviews, and a 1,000-interview
wave of made-up councils spread over the nine regions. Each wave gets the starting codebook, and the reports
are made with its keyword-suggested themes, so the themes section is full size (every open answer under a
theme, with quotes), as a fully coded wave would be. The first run of each measure pays for importing
matplotlib and WeasyPrint; the median of the runs after it is what a running server pays.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tempcheck_tables import insert_wave, make_councils, setup_django


def timed(fn, runs: int) -> tuple[float, float, object]:
    """(first run, median of the later runs, last result): seconds."""
    times, result = [], None
    for _ in range(runs + 1):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:]), result


def bench(wave, runs: int, all_regions: bool) -> list[tuple[str, float, float, str]]:
    from msp.coding.results import SUGGESTED
    from msp.reports.documents import build

    rows = []
    first, median, data = timed(lambda: build.wave_data(wave, basis=SUGGESTED), runs)
    rows.append(("read the wave (tables, themes, quotes)", first, median, ""))
    for fmt in ("pdf", "docx", "html"):
        first, median, made = timed(lambda fmt=fmt: build.generate(data, fmt), runs)
        pages = ""
        if fmt == "pdf":
            from pypdf import PdfReader

            pages = f"{len(PdfReader(io.BytesIO(made.content)).pages)} pages, "
        rows.append((f"national {fmt.upper()}", first, median, f"{pages}{len(made.content) // 1024} KB"))
    if all_regions:
        start = time.perf_counter()
        made = list(build.generate_all(data, ["pdf", "docx", "html"]))
        rows.append(
            (
                "all 10 reports x 3 formats (once)",
                time.perf_counter() - start,
                float("nan"),
                f"{len(made)} files",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="Timed runs after the first (the median is shown)."
    )
    parser.add_argument(
        "--all-regions", action="store_true", help="Also time all ten reports in all formats."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the throwaway database and print its path.")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="msp-bench-report-"))
    db_path = folder / "bench.sqlite3"
    start = time.perf_counter()
    setup_django(db_path)

    from django.core.management import call_command

    from msp.coding.codebooks import codebook_path
    from msp.tempcheck.models import Wave
    from msp.tempcheck.services import wave_create
    from msp.tempcheck.synthetic import sample_councils_2016

    wave2016 = Wave.objects.get(code="2016")
    insert_wave(wave2016, sample_councils_2016(), seed=2016)
    big = wave_create(
        code="bench-1000",
        name="Benchmark wave of 1,000 interviews",
        instrument_code="tc2016",
        baseline_code="2014-15",
    )
    insert_wave(big, make_councils(1000), seed=1000)
    for wave in (wave2016, big):
        call_command("coding_seed", wave=wave.code, file=codebook_path("2016"), stdout=io.StringIO())
    print(f"Set up {db_path} in {time.perf_counter() - start:.1f} s.")

    print(f"\nFirst run, then the median of {args.runs} more; SQLite, Python {sys.version.split()[0]}:")
    for wave, label in ((wave2016, "115 interviews"), (big, "1,000 interviews")):
        for name, first, median, note in bench(wave, args.runs, args.all_regions):
            later = "" if median != median else f"{median:6.2f} s"
            print(f"  {label:<17} {name:<40} {first:6.2f} s  {later:>8}  {note}")

    if args.keep:
        print(f"\nKept {db_path}")
    else:
        from django.db import connections

        connections.close_all()
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
