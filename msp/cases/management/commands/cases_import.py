"""`msp cases_import FILE --council GSS [--dry-run]`: import concerns and enquiries from another system."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.cases.importing import (
    MAX_FILE_BYTES,
    column_reference,
    council_for_import,
    describe,
    import_file,
)
from msp.core.tabular import plural

SHOWN_PROBLEMS = 200  # a file wrong on every row would otherwise print thousands of lines


class ProgressBar:
    """A progress bar on one line of a terminal, redrawn in place; nothing when output is not a terminal."""

    WIDTH = 30

    def __init__(self, stream=None, every: float = 0.2):
        self.stream = stream or sys.stderr
        self.every, self.shown, self.drawn = every, 0.0, False

    @property
    def wanted(self) -> bool:
        return bool(getattr(self.stream, "isatty", None) and self.stream.isatty())

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.shown < self.every and (not total or done < total):
            return
        self.shown, self.drawn = now, True
        if total:
            share = min(done / total, 1.0)
            bar = "#" * round(share * self.WIDTH)
            self.stream.write(f"\r{stage:<9} [{bar:<{self.WIDTH}}] {share:4.0%}")
        else:
            self.stream.write(f"\r{stage:<9} {done:,}")
        self.stream.flush()

    def close(self) -> None:
        """Clear the line (before other output, and at the end)."""
        if self.drawn:
            self.drawn = False
            self.stream.write("\r" + " " * (self.WIDTH + 20) + "\r")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Check a CSV or XLSX extract of concerns (one row per concern) and import every row into one council,"
        " or nothing if any row is wrong. Columns: docs/cases_import.md, or --columns."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, nargs="?", help="The CSV or Excel (.xlsx) file (docs/cases_import.md)."
        )
        parser.add_argument(
            "--council",
            help="Required with FILE: GSS code of the records' council, e.g. E06000001.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument(
            "--columns", action="store_true", help="Print the column reference (Markdown) and stop."
        )

    def handle(self, *args, file: Path | None, council: str | None, dry_run: bool, columns: bool, **options):
        if columns:
            self.stdout.write(column_reference(), ending="")
            return
        if file is None or not council:
            raise CommandError("Give the FILE and --council GSS (or --columns to list the columns).")
        try:
            target = council_for_import(council)
        except ValueError as exc:
            raise CommandError(f"--council {council}: {exc}") from exc
        bar = ProgressBar()
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{file} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; split it.")
            with file.open("rb") as handle:  # read a row at a time, never whole
                report = import_file(
                    name=file.name,
                    data=handle,
                    council=target,
                    dry_run=dry_run,
                    progress=bar if bar.wanted else None,
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        finally:
            bar.close()
        if not report.ok:
            listing = [f"- {describe(problem)}" for problem in report.problems]
            if len(listing) > SHOWN_PROBLEMS:
                listing = [*listing[:SHOWN_PROBLEMS], f"... and {len(listing) - SHOWN_PROBLEMS} more."]
            raise CommandError(
                f"{plural(len(report.problems), 'problem')} in {file.name}; nothing was imported:\n"
                + "\n".join(listing)
            )
        for warning in report.warnings[:SHOWN_PROBLEMS]:
            self.stdout.write(f"warning: {describe(warning)}")
        if len(report.warnings) > SHOWN_PROBLEMS:
            self.stdout.write(f"... and {len(report.warnings) - SHOWN_PROBLEMS} more warnings.")
        self.stdout.write("\n".join(report.summary_lines()))
