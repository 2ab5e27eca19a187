"""`msp figures_refresh [--year 2023-24 ...]`: recompute the summary tables that dashboards and benchmarks
read (they also refresh themselves, council by council, when records change)."""

import time

from django.core.management.base import BaseCommand, CommandError

from msp.outcomes import figures
from msp.outcomes.periods import PeriodError, reporting_year


class Command(BaseCommand):
    help = "Recompute every council's return and indicators for the years given (default: all with records)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", action="append", help="Reporting year, e.g. 2023-24; repeat for several."
        )

    def handle(self, *args, year, **options):
        from django.db.models import Max, Min

        from msp.cases.models import Concern
        from msp.outcomes.periods import year_of, years_between

        try:
            years = [reporting_year(y).label for y in year] if year else None
        except PeriodError as exc:
            raise CommandError(f"--year: {exc}") from exc
        if years is None:
            span = Concern.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
            if span["first"] is None:
                self.stdout.write("No case records: nothing to compute.")
                return
            first, last = int(year_of(span["first"])[:4]), int(year_of(span["last"])[:4]) + 1
            years = years_between(first, last)
        for label in years:
            started = time.perf_counter()
            written = figures.refresh(label)
            self.stdout.write(f"{label}: {written} councils in {time.perf_counter() - started:.1f} s")
