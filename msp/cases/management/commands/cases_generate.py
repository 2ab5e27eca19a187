"""`msp cases_generate --councils N --years Y --seed S [--start-year YYYY] [--workers W]`: synthetic cases."""

from django.core.management.base import BaseCommand, CommandError

from msp.cases.management.commands.cases_import import ProgressBar
from msp.cases.synthetic import GenerateError, generate


class Command(BaseCommand):
    help = (
        "Add invented people and safeguarding cases, with national-like proportions, to N real councils over"
        " Y financial years. Demo and test databases only: nothing here is about a real person."
    )

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=int, required=True, help="How many councils (chosen by seed).")
        parser.add_argument("--years", type=int, required=True, help="Financial years, from April 1st.")
        parser.add_argument("--seed", type=int, required=True, help="The same seed gives the same cases.")
        parser.add_argument(
            "--start-year", type=int, default=2016, help="First financial year (default 2016)."
        )
        parser.add_argument(
            "--per-year", type=int, help="Concerns per council per year (default: by the council's type)."
        )
        parser.add_argument(
            "--workers", type=int, default=1, help="Processes, each a council at a time (PostgreSQL only)."
        )

    def handle(self, *args, councils, years, seed, start_year, per_year, workers, **options):
        if councils < 1 or years < 1 or workers < 1 or (per_year is not None and per_year < 1):
            raise CommandError("--councils, --years, --per-year and --workers must be at least 1.")
        self.bar, self.total, self.done = ProgressBar(), councils, 0
        try:
            result = generate(
                councils=councils,
                years=years,
                seed=seed,
                start_year=start_year,
                per_year=per_year,
                progress=self._progress,
                workers=workers,
            )
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            self.bar.close()
        self.stdout.write(
            f"Generated {result.concerns} synthetic concerns for {len(result.councils)}"
            f" council{'s' if len(result.councils) != 1 else ''} in"
            f" {result.seconds:.1f} s ({result.rate:,.0f} concerns/s)."
        )

    def _progress(self, council, counts: dict) -> None:
        what = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.bar.close()
        self.stdout.write(f"  {council.gss_code} {council.short_name}: {what}")
        self.done += 1
        if self.bar.wanted:
            self.bar("Councils", self.done, self.total)
