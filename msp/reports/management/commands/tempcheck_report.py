"""`msp tempcheck_report --wave 2016 --format pdf|docx|html|all --out PATH [--region R | --all-regions]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.coding.results import CODED, SUGGESTED
from msp.reports import selectors
from msp.reports.analysis import UnknownGroupError
from msp.reports.documents import build


class Command(BaseCommand):
    help = (
        "Write a wave's national report, or a region's beside England, as PDF, Word or HTML. With"
        " --all-regions, write the national report and every region's into the --out folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. 2016.")
        parser.add_argument(
            "--format",
            required=True,
            choices=[*build.FORMATS, "all"],
            help="pdf, docx or html; all writes the three into the --out folder.",
        )
        parser.add_argument(
            "--out",
            required=True,
            type=Path,
            help="The file to write (a folder with --all-regions or --format all).",
        )
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--region", help="A region's report, e.g. 'North East' (default: national).")
        scope.add_argument(
            "--all-regions", action="store_true", help="The national report and all nine regions'."
        )
        parser.add_argument(
            "--suggested-themes",
            action="store_true",
            help="Draft only: show keyword-suggested themes (labelled as unchecked) instead of coded ones.",
        )
        parser.add_argument(
            "--threshold", type=int, help="Suppress groups smaller than this (default: the setting)."
        )

    def handle(self, *args, wave, format, out, region, all_regions, suggested_themes, threshold, **options):
        wave_obj = selectors.wave_by_code(wave)
        if wave_obj is None:
            known = ", ".join(w.code for w in selectors.analysis_waves()) or "none"
            raise CommandError(f"There is no wave '{wave}' with interviews. Waves: {known}.")
        formats = list(build.FORMATS) if format == "all" else [format]
        many = all_regions or len(formats) > 1
        if many and not out.is_dir():
            raise CommandError(f"--out must be an existing folder when writing several reports: {out}")
        if not many and not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        basis = SUGGESTED if suggested_themes else CODED
        self.stderr.write(f"Reading wave {wave_obj.code}...")
        data = build.wave_data(wave_obj, threshold=threshold, basis=basis)
        try:
            if all_regions:
                results = build.generate_all(data, formats, progress=self.progress)
            else:
                results = build.generate_formats(data, formats, region or "", progress=self.progress)
            for generated in results:
                path = build.write(generated, wave_obj, out)
                self.stdout.write(
                    f"Wrote {path} ({len(generated.content) / 1024:.0f} KB, {generated.seconds:.1f} s)."
                )
        except UnknownGroupError as exc:
            raise CommandError(str(exc)) from exc

    def progress(self, message: str) -> None:
        self.stderr.write(f"  {message}")
