"""`msp outcomes_report --region GSS|NAME --year 2025-26 --format pdf|docx|html|all --out PATH`, or
`--all-regions` instead of `--region` to write every region's report into the --out folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.councils.models import Region
from msp.outcomes.periods import PeriodError, reporting_year
from msp.outcomes.report import build


class Command(BaseCommand):
    help = (
        "Write a region's pooled outcome report (its councils' figures beside England's, published) as PDF,"
        " Word or HTML. With --all-regions, write every region's into the --out folder."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--region", help="The region's GSS code or name, e.g. E12000002 or 'North West'.")
        scope.add_argument("--all-regions", action="store_true", help="Every region's report.")
        parser.add_argument("--year", required=True, help="Reporting year, e.g. 2025-26.")
        parser.add_argument(
            "--format",
            required=True,
            choices=[*build.FORMATS, "all"],
            help="pdf, docx or html; all writes the three into the --out folder.",
        )
        parser.add_argument(
            "--out", required=True, type=Path, help="The file to write (a folder with --all-regions or all)."
        )

    def handle(self, *args, region, all_regions, year, format, out, **options):
        try:
            year = reporting_year(year).label
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        formats = list(build.FORMATS) if format == "all" else [format]
        many = all_regions or len(formats) > 1
        if many and not out.is_dir():
            raise CommandError(f"--out must be an existing folder when writing several reports: {out}")
        if not many and not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        if all_regions:
            regions = list(Region.objects.order_by("name"))
        else:
            found = build.find_region(region)
            if found is None:
                known = ", ".join(f"{r.gss_code} {r.name}" for r in Region.objects.order_by("name"))
                raise CommandError(f"There is no region '{region}'. Regions: {known}.")
            regions = [found]
        for number, chosen in enumerate(regions, start=1):
            if len(regions) > 1:
                self.stderr.write(f"Report {number}/{len(regions)}: {chosen.name}")
            for generated in build.generate(chosen, year, formats, progress=self.progress):
                path = build.write(generated, out)
                self.stdout.write(
                    f"Wrote {path} ({len(generated.content) / 1024:.0f} KB, {generated.seconds:.1f} s)."
                )

    def progress(self, message: str) -> None:
        self.stderr.write(f"  {message}")
