"""`msp sac_return_upload FILE [--dry-run]`: a return made outside MSP, in the long format, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.core.tabular import describe
from msp.outcomes.uploads import upload_return


class Command(BaseCommand):
    help = (
        "Store returns made in another system (CSV or XLSX in the long format of docs/sac.md:"
        " council_gss,year,table,row,column,value) so those councils count in roll-ups and benchmarks."
        " Every row is checked first; any problem and nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        report = upload_return(file.name, data, dry_run=dry_run)
        if not report.ok:
            listing = "\n".join(f"- {describe(p)}" for p in report.problems[:200])
            raise CommandError(
                f"{len(report.problems)} problems in {file.name}; nothing was stored:\n{listing}"
            )
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write("\n".join(report.written) or "No rows.")
