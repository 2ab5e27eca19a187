"""Benchmark (not a test): time every table of a wave for 115 and 1,000 interviews in a throwaway SQLite DB.

    uv run python scripts/bench_tempcheck_tables.py [--runs 5] [--keep]

It migrates a new SQLite file in a temporary folder (never your database), writes the 2016 wave's 115
synthetic interviews and a 1,000-interview wave of made-up councils into it with bulk_create, then times:
the national tables and findings (`wave_analysis`), the same with the breakdowns by region and council type
(what the analysis page computes), and `msp tempcheck_tables --format json` end to end.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("MSP_DEBUG", "1")  # development settings on this machine (no secret key to set)
    os.environ.setdefault("MSP_LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def insert_wave(wave, councils: list[tuple[str, str]], *, seed: int) -> int:
    """Generate the rows for these councils and insert them as submitted interviews (no import checks)."""
    from django.db import transaction
    from django.utils import timezone

    from msp.councils.models import Council
    from msp.tempcheck.models import Answer, Interview, Question
    from msp.tempcheck.synthetic import generate_wave_rows

    rows = generate_wave_rows(councils, seed=seed)
    questions = {q.code: q for q in Question.objects.filter(instrument=wave.instrument)}
    to_code = {code: {o["label"]: o["code"] for o in q.options} for code, q in questions.items()}
    by_gss = {c.gss_code: c for c in Council.objects.filter(gss_code__in=[g for g, _ in councils])}
    now = timezone.now()
    with transaction.atomic():
        interviews = Interview.objects.bulk_create(
            Interview(
                wave=wave,
                council=by_gss[gss],
                status=Interview.Status.SUBMITTED,
                submitted_at=now,
                interview_date=row["interview_date"] or None,
                interviewer_name=row["interviewer"],
            )
            for (gss, _), row in zip(councils, rows, strict=True)
        )
        answers = []
        for interview, row in zip(interviews, rows, strict=True):
            for code, question in questions.items():
                value = row.get(code, "")
                if not value:
                    continue
                if question.qtype == "open_text":
                    answers.append(Answer(interview=interview, question=question, text=value))
                else:
                    answers.append(
                        Answer(interview=interview, question=question, choice=to_code[code][value])
                    )
        Answer.objects.bulk_create(answers, batch_size=5000)
    return len(answers)


def make_councils(n: int) -> list[tuple[str, str]]:
    """Made-up councils spread over the real regions and the four council types."""
    from msp.councils.models import Council, CouncilType, Region
    from msp.tempcheck.synthetic import synthetic_councils

    regions = list(Region.objects.order_by("name"))
    types = [value for value, _ in CouncilType.choices]
    made = synthetic_councils(n)
    Council.objects.bulk_create(
        Council(
            gss_code=gss,
            name=name,
            short_name=name,
            council_type=types[i % len(types)],
            region=regions[i % len(regions)],
        )
        for i, (gss, name) in enumerate(made)
    )
    return made


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def bench(wave, runs: int) -> list[tuple[str, float, float]]:
    from django.core.management import call_command

    from msp.reports.analysis import wave_analysis

    def command():
        call_command("tempcheck_tables", "--wave", wave.code, "--format", "json", stdout=io.StringIO())

    return [
        ("all tables and findings", *timed(lambda: wave_analysis(wave), runs)),
        (
            "... with region and type breakdowns",
            *timed(lambda: wave_analysis(wave, with_breakdowns=True), runs),
        ),
        ("msp tempcheck_tables --format json", *timed(command, runs)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Timed runs per measure (the median is shown).")
    parser.add_argument("--keep", action="store_true", help="Keep the throwaway database and print its path.")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="msp-bench-"))
    db_path = folder / "bench.sqlite3"
    start = time.perf_counter()
    setup_django(db_path)

    from msp.reports.analysis import wave_analysis
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
    answers = insert_wave(big, make_councils(1000), seed=1000)
    print(f"Set up {db_path} in {time.perf_counter() - start:.1f} s ({answers} answers in the 1,000 wave).")

    check = wave_analysis(wave2016).tabulation
    print(f"Check: 2016 has {check.interviews} interviews, moderation {check.moderation.as_dict()}.")
    print(f"\nMedian (and fastest) of {args.runs} runs, SQLite, Python {sys.version.split()[0]}:")
    for wave, label in ((wave2016, "115 interviews"), (big, "1,000 interviews")):
        for name, median, fastest in bench(wave, args.runs):
            print(f"  {label:<17} {name:<38} {median * 1000:8.1f} ms  ({fastest * 1000:.1f} ms)")

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
