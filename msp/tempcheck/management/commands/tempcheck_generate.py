"""`msp tempcheck_generate --wave 2016 --out FILE [--councils N] [--seed S]`: write a synthetic wave (CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.tempcheck.instrument import build_instrument
from msp.tempcheck.models import Wave
from msp.tempcheck.synthetic import CouncilChoiceError, councils_for_wave, generate_wave_rows, write_rows_csv

DEFAULT_SEED = 2016  # the demo's seed: `msp tempcheck_generate --wave 2016` makes the demo's file


class Command(BaseCommand):
    help = (
        "Write invented interviews in the import format. For 2016's 115 councils the closed answers match the"
        " report's tables exactly; any other number follows the same proportions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. 2016.")
        parser.add_argument("--out", required=True, type=Path, help="The CSV file to write.")
        parser.add_argument("--councils", type=int, help="How many interviews (default: the wave's sample).")
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Same seed, same file (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--synthetic-councils",
            action="store_true",
            help="Make up councils (E99...) when more are asked for than exist.",
        )

    def handle(self, *args, wave, out, councils, seed, synthetic_councils, **options):
        wave_obj = Wave.objects.select_related("instrument").filter(code=wave).first()
        if wave_obj is None or wave_obj.instrument is None:
            raise CommandError(f"There is no wave '{wave}' with an instrument.")
        if councils is not None and councils < 1:
            raise CommandError("--councils must be at least 1.")
        try:
            chosen = councils_for_wave(wave_obj, councils, seed=seed, synthetic=synthetic_councils)
        except CouncilChoiceError as exc:
            raise CommandError(str(exc)) from exc
        instrument = build_instrument(wave_obj.instrument.source, where=wave_obj.instrument.code)
        rows = generate_wave_rows(chosen, seed=seed, instrument=instrument)
        write_rows_csv(out, rows, instrument.column_codes())
        self.stdout.write(f"Wrote {len(rows)} synthetic interviews for wave {wave_obj.code} to {out}.")
        if chosen and chosen[0][0].startswith("E99"):
            self.stdout.write(
                "These councils are made up (E99000001 onwards): create them in the council reference data"
                " before importing the file, or the import will reject every row."
            )
