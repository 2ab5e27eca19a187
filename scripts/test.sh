#!/usr/bin/env bash
# The whole test suite: ruff, then pytest on SQLite, then pytest on a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export UV_PYTHON_DOWNLOADS=never
export MSP_DEBUG=1  # the tests' settings (config/test_settings.py) ask for it too

echo "== ruff"
uv run ruff check .
uv run ruff format --check .

echo "== migrations are up to date"
uv run msp makemigrations --check --dry-run >/dev/null

echo "== tests on SQLite"
env -u DATABASE_URL uv run pytest -q "$@"

echo "== tests on PostgreSQL"
PG_AUTOVACUUM=off  # see scripts/pg_ephemeral.sh
. scripts/pg_ephemeral.sh
trap pg_stop EXIT
pg_start
uv run pytest -q "$@"
