"""`msp backup [--out PATH]`: the whole database to one file, with a manifest of every table beside it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from msp.core.backup import BackupError, backup, default_path, manifest_path


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump on PostgreSQL, the online backup on SQLite), with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="The backup file (default: backups/msp-<when>.backup).")

    def handle(self, *args, out=None, **options):
        path = out or default_path(Path("backups"))
        try:
            taken = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(f.rows for f in taken.values())
        self.stdout.write(
            f"Backed up {len(taken)} tables ({rows:,} rows) to {path}; manifest {manifest_path(path)}.\n"
            "It holds personal data: keep it encrypted and where only those who may restore it can read it."
        )
