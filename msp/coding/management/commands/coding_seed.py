"""`msp coding_seed --wave 2016 [--file PATH]`: add the starting codebook for the wave's open questions.

Only themes are created. Answers are not coded: keyword suggestions are shown to the people coding, and on the
results page separately labelled, but an answer counts under a theme only once a person has confirmed it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.coding import results, selectors
from msp.coding.codebooks import CodebookFileError, codebook_path, read_codebook
from msp.coding.services import codebook_seed
from msp.tempcheck.models import Wave


class Command(BaseCommand):
    help = "Add the starting codebook (themes, keywords) for a wave's open questions; keeps existing themes."

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. 2016.")
        parser.add_argument(
            "--file", type=Path, help="Codebook YAML (default: msp/coding/data/codebook<wave>.yaml)."
        )

    def handle(self, *args, wave, file, **options):
        found = Wave.objects.filter(code=wave).select_related("instrument").first()
        if found is None:
            raise CommandError(f"There is no wave '{wave}'.")
        path = file or codebook_path(found.code)
        if not path.exists():
            raise CommandError(f"No codebook file at {path}; give one with --file.")
        try:
            books = read_codebook(path)
        except CodebookFileError as error:
            raise CommandError("The codebook was not loaded:\n" + "\n".join(error.problems)) from error
        open_codes = {q.code for q in selectors.open_questions(found)}
        unknown = sorted(set(books) - open_codes)
        if unknown:
            raise CommandError(
                f"{path.name}: not open questions of wave {found.code}: {', '.join(unknown)}; "
                f"expected some of {', '.join(sorted(open_codes))}"
            )
        created, kept = codebook_seed(wave=found, codebooks=books)
        self.stdout.write(f"Wave {found.code}: {created} themes added, {kept} already there.")
        for question_code in books:
            summary = results.theme_summary(found, question_code, basis=results.SUGGESTED, quotes_per_theme=0)
            if not summary or not summary[0].base:
                continue
            self.stdout.write(f"{question_code}: keyword suggestions (not coded), {summary[0].base} answers")
            for result in summary:
                self.stdout.write(f"  {result.name}: {result.count} ({result.percent}%)")
