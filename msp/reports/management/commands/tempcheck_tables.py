"""`msp tempcheck_tables --wave 2016 --format json|csv|md [--region R] [--council-type T] [--out FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.reports import formats, selectors
from msp.reports.analysis import UnknownGroupError, wave_analysis


class Command(BaseCommand):
    help = (
        "Tabulate every closed question of a wave's submitted interviews as the report does: counts,"
        " bases and whole-number percentages (rounded half up), and the moderation of self-ratings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. 2016.")
        parser.add_argument(
            "--format",
            choices=formats.FORMATS,
            default="json",
            help="json (the default), csv or md (Markdown).",
        )
        parser.add_argument("--region", help="Only councils in this region, e.g. 'London'.")
        parser.add_argument("--council-type", help="Only councils of this type, e.g. 'Unitary authority'.")
        parser.add_argument("--out", type=Path, help="Write to this file instead of the screen.")

    def handle(self, *args, wave, format, region, council_type, out, **options):
        wave_obj = selectors.wave_by_code(wave)
        if wave_obj is None:
            known = ", ".join(w.code for w in selectors.analysis_waves()) or "none"
            raise CommandError(f"There is no wave '{wave}' with interviews. Waves: {known}.")
        try:
            analysis = wave_analysis(wave_obj, region=region, council_type=council_type)
        except UnknownGroupError as exc:
            raise CommandError(str(exc)) from exc
        if analysis.suppressed:
            raise CommandError(
                f"{analysis.group_label} has too few submitted interviews to publish without identifying"
                f" councils (the threshold is {analysis.threshold}); no tables are given."
            )
        if format == "json":
            text = formats.as_json(analysis.as_dict())
        elif format == "csv":
            text = formats.as_csv(analysis.tabulation)
        else:
            text = formats.as_markdown(
                analysis.tabulation, title=f"{wave_obj.name}: tables", group=analysis.group_label
            )
        if out:
            out.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote the tables of wave {wave_obj.code} ({analysis.group_label}) to {out}.")
        else:
            self.stdout.write(text, ending="")
