"""`msp tempcheck_import FILE --wave 2016 [--dry-run] [--replace]`: import interviews from CSV or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.core.tabular import plural
from msp.tempcheck.importing import MAX_FILE_BYTES, import_file
from msp.tempcheck.models import Wave


class Command(BaseCommand):
    help = "Check a file of interviews (one row per council) and import them all, or nothing if any is wrong."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="The wave file: CSV (UTF-8) or Excel (.xlsx), one row an interview."
        )
        parser.add_argument("--wave", required=True, help="Wave code, e.g. 2016.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the interview of a council that already has one in the wave.",
        )

    def handle(self, *args, file: Path, wave: str, dry_run: bool, replace: bool, **options):
        wave_obj = Wave.objects.select_related("instrument").filter(code=wave).first()
        if wave_obj is None:
            raise CommandError(f"There is no wave '{wave}'.")
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{file} is larger than 10 MB.")
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        report = import_file(name=file.name, data=data, wave=wave_obj, dry_run=dry_run, replace=replace)
        if not report.ok:
            listing = "\n".join(f"- {problem} [{problem.rule}]" for problem in report.problems)
            headline = report.headline()
            headline = f"{headline}\n" if headline else ""
            raise CommandError(
                f"{headline}{plural(len(report.problems), 'problem')} in {file.name}; nothing was imported:\n"
                f"{listing}"
            )
        self.stdout.write("\n".join(report.summary_lines()))
