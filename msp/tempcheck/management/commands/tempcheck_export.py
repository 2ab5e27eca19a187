"""`msp tempcheck_export --wave 2016 --out FILE [--format csv|xlsx|long]`: export submitted interviews."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.tempcheck.exporting import FORMATS, export_to_path
from msp.tempcheck.models import Wave


class Command(BaseCommand):
    help = (
        "Export a wave's submitted interviews in the import format (csv, xlsx), or as a long CSV for R/SPSS"
        " with a codebook written beside it (FILE stem + _codebook.csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. 2016.")
        parser.add_argument("--out", required=True, type=Path, help="The file to write.")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="csv",
            dest="fmt",
            help="csv (a row an interview; default), xlsx, or long (a row an answer, and a codebook).",
        )

    def handle(self, *args, wave: str, out: Path, fmt: str, **options):
        wave_obj = Wave.objects.select_related("instrument").filter(code=wave).first()
        if wave_obj is None:
            raise CommandError(f"There is no wave '{wave}'.")
        if wave_obj.instrument is None:
            raise CommandError(
                f"Wave '{wave}' has published figures only; there are no interviews to export."
            )
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        for path in export_to_path(wave_obj, out, fmt):
            self.stdout.write(f"Wrote {path}")
