"""`msp wave_create CODE --name ... --instrument tc2016 [--baseline 2014-15] [--councils FILE]`."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from msp.councils.resolver import CouncilResolver
from msp.tempcheck.services import wave_create


class Command(BaseCommand):
    help = (
        "Create or update a wave; optionally set its planned sample from a file of council names, one a line."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The wave's short code, used in addresses and commands, e.g. 2026.")
        parser.add_argument("--name", required=True, help="The wave's name as pages show it.")
        parser.add_argument("--instrument", required=True, help="Instrument version code, e.g. tc2016.")
        parser.add_argument("--baseline", help="Code of the earlier wave to compare with.")
        parser.add_argument("--start", type=datetime.date.fromisoformat, help="Fieldwork start, YYYY-MM-DD.")
        parser.add_argument("--end", type=datetime.date.fromisoformat, help="Fieldwork end, YYYY-MM-DD.")
        parser.add_argument(
            "--councils", help="Planned sample: a text file with one council name or code a line."
        )

    def handle(self, *args, code, name, instrument, baseline, start, end, councils, **options):
        wave = wave_create(
            code=code,
            name=name,
            instrument_code=instrument,
            baseline_code=baseline,
            fieldwork_start=start,
            fieldwork_end=end,
        )
        if councils:
            resolver = CouncilResolver(on=start)
            planned, errors = [], []
            with open(councils, encoding="utf-8-sig") as handle:
                for line_no, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    result = resolver.resolve(line.strip())
                    if result.council is None:
                        errors.append(f"{councils}, line {line_no}: {result.error}")
                    else:
                        planned.append(result.council)
                        if result.warning:
                            self.stderr.write(f"{councils}, line {line_no}: {result.warning}")
            if errors:
                raise CommandError("The planned sample was not changed:\n" + "\n".join(errors))
            wave.planned_councils.set(planned)
        self.stdout.write(f"Wave {wave.code} saved ({wave.planned_councils.count()} councils planned).")
