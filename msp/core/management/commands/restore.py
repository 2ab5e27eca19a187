"""`msp restore PATH --yes`: replace the whole database with a backup, then check it against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `msp backup`, and check every table."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file `msp backup` wrote.")
        parser.add_argument("--yes", action="store_true", help="Yes, replace everything in the database.")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            raise CommandError(
                "This replaces everything in the database with the backup. Stop the server, then run it"
                " again with --yes."
            )
        try:
            differing = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if differing:
            raise CommandError(
                f"Restored, but {len(differing)} tables differ from the backup's manifest:"
                f" {', '.join(differing)}"
            )
        self.stdout.write(f"Restored {path}: every table matches the backup's manifest.")
