"""`msp sac_return --year 2023-24 [--council GSS] --format csv|xlsx --out PATH`: the national return."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from msp.outcomes import services
from msp.outcomes.periods import PeriodError


class Command(BaseCommand):
    help = (
        "Compute the Safeguarding Adults Collection return from the case records: csv is the long format for"
        " every council with records in the year (or the one given); xlsx is one council's return laid out as"
        " the national template. Unrounded: a council's own figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Reporting year, e.g. 2023-24.")
        parser.add_argument("--council", help="GSS code (or exact name) of one council.")
        parser.add_argument(
            "--format", choices=("csv", "xlsx"), default="csv", help="csv (long format, the default) or xlsx."
        )
        parser.add_argument("--out", type=Path, required=True, help="File to write.")

    def handle(self, *args, year, council, format, out, **options):
        from msp.cases.importing import council_for_import

        target = None
        if council:
            try:
                target = council_for_import(council)
            except ValueError as exc:
                raise CommandError(f"--council {council}: {exc}") from exc
        if format == "xlsx" and target is None:
            raise CommandError("An xlsx file holds one council's return: give --council GSS.")
        try:
            data, count, failed = services.return_file(
                year=year, council=target, fmt=format, now=timezone.now()
            )
        except PeriodError as exc:
            raise CommandError(f"--year: {exc}") from exc
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror}") from exc
        checks = f"; {failed} checks failed" if failed else ""
        self.stdout.write(
            f"Wrote the {year} return of {count} council{'s' if count != 1 else ''} to {out}{checks}."
        )
