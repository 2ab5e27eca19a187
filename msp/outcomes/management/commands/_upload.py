"""What the two upload commands share: read the file, check it whole, list every problem or say what was
stored (modules whose name starts with an underscore are not commands)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.core.tabular import describe, plural

SHOWN_PROBLEMS = 200


class UploadCommand(BaseCommand):
    def upload(self, name: str, data: bytes, *, dry_run: bool):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV or Excel (.xlsx) file to upload.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        report = self.upload(file.name, data, dry_run=dry_run)
        if not report.ok:
            listing = "\n".join(f"- {describe(p)}" for p in report.problems[:SHOWN_PROBLEMS])
            raise CommandError(
                f"{plural(len(report.problems), 'problem')} in {file.name}; nothing was stored:\n{listing}"
            )
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write("\n".join(report.written) or "No rows.")
