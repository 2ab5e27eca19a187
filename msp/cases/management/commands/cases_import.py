"""`msp cases_import FILE --council GSS [--mapping PROFILE] [--dry-run]`: import concerns and enquiries from
another system; with a mapping, from a file in that system's own layout."""

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


def import_mapped(**kwargs):
    from msp.extracts.jobs import import_mapped

    return import_mapped(**kwargs)


def load_mapping(text: str, council):
    """A mapping from a file, or saved for the council under a name (NAME or NAME@VERSION)."""
    from msp.extracts.jobs import columns_for
    from msp.extracts.mapping import MappingError, from_document, loads
    from msp.extracts.models import MappingProfile

    columns = columns_for(council)
    path = Path(text)
    try:
        if path.suffix.lower() in (".json", ".yaml", ".yml") and path.exists():
            return loads(path.read_bytes(), columns)
        name, _, version = text.rpartition("@") if "@" in text else (text, "", "")
        saved = MappingProfile.objects.filter(council=council, name=name)
        if version:
            saved = saved.filter(version=int(version) if version.isdigit() else -1)
        profile = saved.order_by("-version").first()
        if profile is None:
            names = sorted(set(MappingProfile.objects.filter(council=council).values_list("name", flat=True)))
            raise CommandError(
                f"--mapping {text}: no such mapping file, and {council.name} has no mapping saved under that"
                f" name{' (it has: ' + '; '.join(names) + ')' if names else ''}."
            )
        return from_document(profile.document, columns)
    except MappingError as exc:
        listed = "\n".join(f"- {p}" for p in exc.problems)
        raise CommandError(f"--mapping {text} cannot be used:\n{listed}") from None


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
        parser.add_argument(
            "--mapping",
            metavar="PROFILE",
            help="Read the file through a mapping: a mapping file (.json, .yaml) or the name of one saved for"
            " the council (its latest version, or NAME@VERSION). Without it the file has MSP's own columns.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument(
            "--columns", action="store_true", help="Print the column reference (Markdown) and stop."
        )

    def handle(
        self,
        *args,
        file: Path | None,
        council: str | None,
        dry_run: bool,
        columns: bool,
        mapping: str | None = None,
        **options,
    ):
        if columns:
            self.stdout.write(column_reference(), ending="")
            return
        if file is None or not council:
            raise CommandError("Give the FILE and --council GSS (or --columns to list the columns).")
        try:
            target = council_for_import(council)
        except ValueError as exc:
            raise CommandError(f"--council {council}: {exc}") from exc
        profile = load_mapping(mapping, target) if mapping else None
        bar = ProgressBar()
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{file} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; split it.")
            with file.open("rb") as handle:  # read a row at a time, never whole
                report = (import_mapped if profile else import_file)(
                    name=file.name,
                    data=handle,
                    council=target,
                    dry_run=dry_run,
                    progress=bar if bar.wanted else None,
                    **({"mapping": profile} if profile else {}),
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
