"""Benchmark a 25,000-row extract in a case system's own layout through the import pages, beside the same rows
in MSP's layout through `cases_import`'s function (the reference, in the same run).

In a throwaway SQLite database: two councils; the sample system's extract (msp/extracts/sample.py: foreign
headings, codes, numbered risk columns, day-first dates with month names); the same rows written in MSP's own
columns. Times the reference (check, then import) into one council, then the pages into the other, as a data
officer would use them with a saved mapping: upload (survey and check) and import, through Django's test
client
with the background work run at once. Prints the seconds, rows a second and the ratio to the reference.

Usage: `uv run python scripts/bench_extracts.py [--rows 25000]` (about a minute on 2 cores).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=25_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="msp-bench-extracts-")
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MSP_DEBUG": "1",
            "MSP_TASKS": "immediate",  # the background work runs in the request, so the time is all of it
            "MSP_REQUEST_LOG": "0",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from msp.accounts.models import Role, User
    from msp.cases.importing import import_file
    from msp.cases.models import Concern
    from msp.councils.models import Council, Region
    from msp.extracts import jobs, sample
    from msp.extracts import mapping as mp
    from msp.extracts.models import ExtractJob, MappingProfile

    override_settings(ALLOWED_HOSTS=["testserver"]).enable()
    region, _ = Region.objects.get_or_create(gss_code="E12000097", defaults={"name": "Benchmark region"})
    reference_council, council = (
        Council.objects.get_or_create(
            gss_code=gss,
            defaults={"name": f"{n} Council", "short_name": n, "council_type": "Unitary", "region": region},
        )[0]
        for gss, n in (("E06999981", "Reference"), ("E06999982", "Pages"))
    )
    officer = User.objects.create_user(
        "bench_officer", password="x" * 12, role=Role.DATA_OFFICER, council=council
    )

    records = sample.rows(args.rows, seed=11)
    foreign = sample.csv_bytes(records)
    columns = jobs.columns_for(council)
    mapping = mp.from_document(sample.document(), columns)
    msp_rows = _msp_layout(mapping, columns, records)
    print(
        f"{args.rows:,} rows: the sample system's file {len(foreign) / 2**20:.1f} MB,"
        f" MSP's layout {len(msp_rows) / 2**20:.1f} MB"
    )

    started = time.perf_counter()
    checked = import_file(name="msp.csv", data=msp_rows, council=reference_council, dry_run=True)
    assert checked.ok, checked.problems[:3]
    check_ref = time.perf_counter() - started
    started = time.perf_counter()
    done = import_file(name="msp.csv", data=msp_rows, council=reference_council)
    assert done.written
    import_ref = time.perf_counter() - started

    profile = MappingProfile.objects.create(council=council, name="Caseworks", document=mapping.to_document())
    client = Client()
    client.force_login(officer)
    started = time.perf_counter()
    client.post(
        reverse("extracts:index"),
        {"file": SimpleUploadedFile("caseworks.csv", foreign), "profile": profile.pk},
    )
    job = ExtractJob.objects.get()
    assert job.state == ExtractJob.State.CHECKED, job.result.get("problems", [])[:3]
    check_pages = time.perf_counter() - started
    started = time.perf_counter()
    client.post(reverse("extracts:import", args=[job.pk]))
    import_pages = time.perf_counter() - started
    job.refresh_from_db()
    assert job.state == ExtractJob.State.IMPORTED
    assert Concern.objects.filter(council=council).count() == args.rows

    print(f"{'':<44}{'seconds':>10}{'rows/s':>10}")
    for label, seconds in [
        ("MSP layout, check (reference)", check_ref),
        ("MSP layout, check and import (reference)", import_ref),
        ("Sample system via the pages, upload and check", check_pages),
        ("Sample system via the pages, import", import_pages),
    ]:
        print(f"{label:<44}{seconds:>10.2f}{args.rows / seconds:>10,.0f}")
    print(
        f"Ratio, pages to reference: check {check_pages / check_ref:.2f}x,"
        f" import {import_pages / import_ref:.2f}x,"
        f" whole way {(check_pages + import_pages) / (check_ref + import_ref):.2f}x"
    )


def _msp_layout(mapping, columns, records) -> bytes:
    """The same rows in MSP's own columns and codes (what a programmer would have reshaped them into)."""
    from msp.core.reading import RowSource
    from msp.extracts import mapping as mp
    from msp.extracts import sample

    header = sample.HEADINGS
    source = RowSource(header, iter((n, [r.get(h, "") for h in header]) for n, r in enumerate(records, 2)))
    out = mp.apply(mapping, columns, source)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(out.header)
    writer.writerows(cells for _, cells in out.rows)
    return text.getvalue().encode("utf-8")


if __name__ == "__main__":
    main()
