"""`msp instrument_load FILE [--check]`: validate an instrument YAML file and publish it as a new version."""

from django.core.management.base import BaseCommand, CommandError

from msp.tempcheck.instrument import InstrumentError, read_instrument
from msp.tempcheck.services import instrument_publish


class Command(BaseCommand):
    help = "Validate an instrument YAML file (listing every problem) and publish it as a new version."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="The instrument's YAML file, e.g. msp/tempcheck/instruments/tc2016.yaml."
        )
        parser.add_argument("--check", action="store_true", help="Only validate; publish nothing.")

    def handle(self, *args, file, check, **options):
        try:
            instrument = read_instrument(file)
            if check:
                self.stdout.write(f"{file}: valid, {len(instrument.items)} questions.")
                return
            version = instrument_publish(instrument)
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: no such file") from exc
        except InstrumentError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Instrument {version.code} is published with {version.questions.count()} questions."
        )
