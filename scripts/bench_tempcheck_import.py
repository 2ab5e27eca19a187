"""Benchmark the temperature check import: check and import 115 and 1,000 interview rows, as CSV and XLSX.

Runs in a throwaway SQLite database of its own (never the project's), migrated from scratch. A wave holds one
interview per council and there are only ~152 real councils, so the 1,000-row file uses synthetic councils
(E99000001.., "Synthetic council 0001").

Usage: `uv run python scripts/bench_tempcheck_import.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

FIELDWORK = datetime.date(2016, 5, 1)


def setup_django(database: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("MSP_DEBUG", "1")  # development settings on this machine (no secret key to set)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def synthetic_councils(count: int):
    from msp.councils.models import Council, CouncilType, Region

    region = Region.objects.order_by("gss_code").first()
    Council.objects.bulk_create(
        Council(
            gss_code=f"E99{n:06d}",
            name=f"Synthetic council {n:04d}",
            short_name=f"Synthetic {n:04d}",
            council_type=CouncilType.UNITARY,
            region=region,
        )
        for n in range(1, count + 1)
    )
    return list(Council.objects.filter(gss_code__startswith="E99").order_by("gss_code"))


def rows_for(councils, wave) -> tuple[list[str], list[list]]:
    """A valid row per council: labels as printed, both date forms, some optional answers left blank."""
    from msp.tempcheck.instrument import build_instrument
    from msp.tempcheck.services import items_for

    instrument = build_instrument(wave.instrument.source)
    items = items_for(wave.instrument)
    roles = [o.label for f in instrument.facts if f.code == "respondent_role" for o in f.options]
    header = instrument.column_codes()
    rows = []
    for n, council in enumerate(councils):
        day = FIELDWORK + datetime.timedelta(days=1 + n % 50)
        row = {
            "council": council.name,
            "interview_date": day.isoformat() if n % 2 else f"{day:%d/%m/%Y}",
            "interviewer": f"Interviewer {n % 7 + 1}",
            "respondent_role": roles[n % len(roles)],
            "consent_to_attribution": "Yes" if n % 3 else "No",
        }
        for k, item in enumerate(items):
            if item.options:
                blank = item.code.startswith("involvement.") and (n + k) % 4 == 0
                row[item.code] = "" if blank else item.options[(n + k) % len(item.options)].label
            else:
                row[item.code] = (
                    "" if (n + k) % 3 == 0 else f"Invented answer {n}-{k}, with a comma and a quote’s mark"
                )
        row["achievement.interviewer"] = row["achievement.self"]
        row["moderation_reason"] = ""
        rows.append([row.get(code, "") for code in header])
    return header, rows


def as_csv(header, rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(header, rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def wipe(wave) -> None:
    from msp.tempcheck.models import Answer, Interview

    # Nothing else points at these rows here, so skip the ORM's slow cascade collection (not measured).
    Answer.objects.filter(interview__wave=wave)._raw_delete(Answer.objects.db)
    Interview.objects.filter(wave=wave)._raw_delete(Interview.objects.db)


def measure(name: str, data: bytes, wave, repeat: int) -> tuple[float, float, int]:
    """Median seconds for a check (dry run) and for a full import (check + write), and answers written."""
    from msp.tempcheck.importing import import_file
    from msp.tempcheck.models import Answer

    checks, imports = [], []
    for _ in range(repeat):
        wipe(wave)
        started = time.perf_counter()
        report = import_file(name=name, data=data, wave=wave, dry_run=True)
        checks.append(time.perf_counter() - started)
        assert report.ok, report.problems[:5]
        started = time.perf_counter()
        report = import_file(name=name, data=data, wave=wave)
        imports.append(time.perf_counter() - started)
        assert report.ok and report.written, report.problems[:5]
    return (
        statistics.median(checks),
        statistics.median(imports),
        Answer.objects.filter(interview__wave=wave).count(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Runs per case; the median is printed.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        setup_django(Path(folder) / "bench.sqlite3")
        print(f"Throwaway database migrated in {time.perf_counter() - started:.1f} s")
        from msp.councils.models import Council
        from msp.tempcheck.models import Wave

        wave = Wave.objects.select_related("instrument").get(code="2016")
        real = list(Council.objects.valid_on(FIELDWORK).order_by("gss_code")[:115])
        synthetic = synthetic_councils(1000)
        print(f"Councils: {len(real)} real (valid on {FIELDWORK:%d/%m/%Y}), {len(synthetic)} synthetic")
        print(f"Median of {args.repeat} runs each.\n")
        print(
            f"{'rows':>6} {'format':>6} {'size':>9} {'check':>9} {'import':>9} {'rows/s':>8} {'answers':>8}"
        )
        for councils in (real, synthetic):
            header, rows = rows_for(councils, wave)
            for fmt, data in (("csv", as_csv(header, rows)), ("xlsx", as_xlsx(header, rows))):
                check, full, answers = measure(f"bench.{fmt}", data, wave, args.repeat)
                print(
                    f"{len(rows):>6} {fmt:>6} {len(data) / 1024:>7.0f}KB {check:>8.2f}s {full:>8.2f}s"
                    f" {len(rows) / full:>8.0f} {answers:>8}"
                )
        print(
            "\ncheck = read and validate every row (dry run);"
            " import = check again, then write everything in one transaction."
        )


if __name__ == "__main__":
    main()
