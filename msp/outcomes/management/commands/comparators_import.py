"""`msp comparators_import FILE [--dry-run]`: comparator groups (council_gss,group,from_year,member_gss)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.core.tabular import describe
from msp.outcomes.uploads import upload_groups


class Command(BaseCommand):
    help = (
        "Import comparator groups, one row per member: council_gss, group, from_year, member_gss (e.g. a"
        " nearest-neighbours list a council licenses). A group with the same council, name and first year is"
        " replaced; earlier versions stay. Any problem and nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        report = upload_groups(file.name, data, dry_run=dry_run)
        if not report.ok:
            listing = "\n".join(f"- {describe(p)}" for p in report.problems[:200])
            raise CommandError(
                f"{len(report.problems)} problems in {file.name}; nothing was stored:\n{listing}"
            )
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write("\n".join(report.written) or "No rows.")
