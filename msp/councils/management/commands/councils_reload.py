"""`msp councils_reload`: reload the council reference data after correcting the CSV files."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.councils.reference_data import DATA_DIR, ReferenceDataError
from msp.councils.selectors import council_count_valid_on
from msp.councils.services import councils_load

# The dates the national collection's council count changed (reorganisations).
CHECK_DATES = ("2016-04-01", "2019-04-01", "2021-04-01", "2023-04-01")


class Command(BaseCommand):
    help = "Reload regions, councils, aliases, successors and boards from the reference CSV files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="Folder holding the three CSV files."
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            summary = councils_load(data_dir=data_dir)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for line in summary.lines():
            self.stdout.write(line)
        days = [datetime.date.fromisoformat(d) for d in CHECK_DATES] + [datetime.date.today()]
        counts = ", ".join(f"{day.day} {day:%B %Y}: {council_count_valid_on(day)}" for day in days)
        self.stdout.write(f"Councils valid on {counts}")
        self.stdout.write(self.style.SUCCESS("Changes saved." if summary.changed else "Already up to date."))
