"""`msp extracts_sample --out FILE [--rows N]`: an invented case system's extract, to try mapping."""

import json
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand

from msp.extracts import sample


class Command(BaseCommand):
    help = (
        "Write a synthetic extract from an invented case system ('Caseworks'): its own headings, codes and"
        " day-first dates, to try the import pages (Import records) or cases_import --mapping."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="The CSV file to write.")
        parser.add_argument("--rows", type=int, default=200, help="Concerns in the file (default 200).")
        parser.add_argument("--seed", type=int, default=7, help="Seed of the synthetic people (default 7).")
        parser.add_argument(
            "--mapping", type=Path, help="Also write the matching mapping (a .json or .yaml file) here."
        )

    def handle(self, *args, out: Path, rows: int, seed: int, mapping: Path | None, **options):
        out.write_bytes(sample.csv_bytes(sample.rows(rows, seed=seed)))
        self.stdout.write(f"Wrote {rows:,} concerns to {out}.")
        if mapping is not None:
            document = sample.document()
            text = (
                yaml.safe_dump(document, sort_keys=False)
                if mapping.suffix in (".yaml", ".yml")
                else json.dumps(document, indent=2)
            )
            mapping.write_text(text)
            self.stdout.write(f"Wrote its mapping to {mapping}.")
