"""`msp indicators --year 2023-24 [--council GSS] --format csv|json [--out PATH]`: MSP outcome indicators."""

import csv
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.outcomes import indicators
from msp.outcomes.periods import PeriodError


class Command(BaseCommand):
    help = (
        "The MSP outcome indicators (msp/outcomes/indicators.yaml) for each council with records in the year,"
        " or the one given: numerator, denominator and percentage for the year and each quarter."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Reporting year, e.g. 2023-24.")
        parser.add_argument("--council", help="GSS code (or exact name) of one council.")
        parser.add_argument(
            "--format", choices=("csv", "json"), default="csv", help="csv (the default) or json."
        )
        parser.add_argument("--out", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, year, council, format, out, **options):
        from msp.cases.importing import council_for_import

        councils = None
        if council:
            try:
                councils = [council_for_import(council)]
            except ValueError as exc:
                raise CommandError(f"--council {council}: {exc}") from exc
        try:
            results = indicators.compute(year, councils)
        except PeriodError as exc:
            raise CommandError(f"--year: {exc}") from exc
        rows = list(indicators.long_rows(results))
        stream = out.open("w", newline="", encoding="utf-8") if out else sys.stdout
        try:
            if format == "csv":
                writer = csv.writer(stream, lineterminator="\n")
                writer.writerow(indicators.LONG_HEADER)
                writer.writerows(rows)
            else:
                records = [dict(zip(indicators.LONG_HEADER, row, strict=True)) for row in rows]
                for record in records:
                    record["value"] = float(record["value"]) if record["value"] else None
                json.dump(records, stream, indent=1)
                stream.write("\n")
        finally:
            if out:
                stream.close()
        if out:
            self.stdout.write(f"Wrote {len(rows)} figures for {len(results)} councils to {out}.")
