#!/usr/bin/env bash
# Start MSP with demo data on SQLite: install, migrate, load demo data, serve on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export UV_PYTHON_DOWNLOADS=never
export MSP_DEBUG=${MSP_DEBUG:-1}  # development mode: the demo's published logins, a secret key made for this checkout
uv run msp migrate --no-input -v0
uv run msp demo_load
port=${PORT:-8000}
# The background worker (checks and imports of uploaded extracts) runs beside the server and stops with it.
uv run msp db_worker --no-reload >/dev/null 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
echo
echo "MSP is running at http://127.0.0.1:${port}/  (Ctrl+C stops it)"
echo
uv run msp runserver "127.0.0.1:${port}"
