"""Backing up and restoring the whole database, and proving a restore holds exactly what was backed up.

PostgreSQL: `pg_dump` in its custom format, restored with `pg_restore --clean`; SQLite: the database's own
online backup, copied back page by page. Beside each backup a manifest (`<backup>.json`) records every
table's row count and a checksum of its rows; `restore` compares the restored database with it and says
which tables differ.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """Something stopped the backup or the restore; the message says what."""


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    checksum: str


def fingerprints(using: str = "default") -> dict[str, Fingerprint]:
    """Every table's row count and a checksum of its rows (in a fixed order), Django's and MSP's alike."""
    connection = connections[using]
    tables = sorted(connection.introspection.table_names())
    found = {}
    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '')"
                    f" FROM {name} t"
                )
                rows, checksum = cursor.fetchone()
            else:
                cursor.execute(f"SELECT * FROM {name}")
                lines = sorted(repr(row) for row in cursor.fetchall())
                rows, checksum = (
                    len(lines),
                    hashlib.md5("\n".join(lines).encode()).hexdigest() if lines else "",
                )
            found[table] = Fingerprint(rows, checksum)
    return found


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def backup(path: Path, using: str = "default") -> dict[str, Fingerprint]:
    """Write the whole database to `path`, and its manifest beside it; returns the fingerprints."""
    connection = connections[using]
    path.parent.mkdir(parents=True, exist_ok=True)
    taken = fingerprints(using)
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={path}",
                _dbname(connection),
            ],
            connection,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"Backups need PostgreSQL or SQLite, not {connection.vendor}.")
    manifest = {
        "taken_at": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "tables": {t: [f.rows, f.checksum] for t, f in taken.items()},
    }
    manifest_path(path).write_text(json.dumps(manifest, indent=1))
    os.chmod(path, 0o600)  # personal data: readable by its owner only
    return taken


def restore(path: Path, using: str = "default") -> list[str]:
    """Replace the whole database with the backup at `path`; returns the tables that differ from the
    manifest (none when the restore is exact)."""
    if not path.exists():
        raise BackupError(f"There is no backup at {path}.")
    manifest = json.loads(manifest_path(path).read_text()) if manifest_path(path).exists() else None
    connection = connections[using]
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                _dbname(connection),
                str(path),
            ],
            connection,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        raise BackupError(f"Restores need PostgreSQL or SQLite, not {connection.vendor}.")
    if manifest is None:
        return []
    now = fingerprints(using)
    expected = {t: Fingerprint(*v) for t, v in manifest["tables"].items()}
    return sorted(t for t in set(expected) | set(now) if expected.get(t) != now.get(t))


def default_path(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
    return directory / f"msp-{stamp}.backup"


def _tool(name: str) -> str:
    """The PostgreSQL client program: on the PATH, else the newest installed version's."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts[-3])
    if not versions:
        raise BackupError(f"{name} was not found: install PostgreSQL's client programs.")
    return str(versions[-1])


def _dbname(connection) -> str:
    """The connection as a libpq --dbname argument (the password goes by the environment, never here)."""
    s = connection.settings_dict
    parts = {"dbname": s["NAME"], "host": s.get("HOST"), "port": s.get("PORT"), "user": s.get("USER")}
    return "--dbname=" + " ".join(f"{k}={v}" for k, v in parts.items() if v)


def _run(command: list[str], connection) -> None:
    env = {**os.environ}
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict[
            "PASSWORD"
        ]  # not on the command line, where others see it
    done = subprocess.run([_tool(command[0]), *command[1:]], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
