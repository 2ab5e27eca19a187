#!/usr/bin/env bash
# Start MSP with demo data on SQLite: install, migrate, load demo data, serve on http://127.0.0.1:8000/
# (or the port PORT names: PORT=8001 make demo). Stops first if the port is taken.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8000}
# Before minutes of installing and loading: is the port free? (Another MSP, or anything else, may hold it.)
if ! python3 -c 'import socket, sys; socket.socket().bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null; then
    echo "Port ${port} is already in use. Stop what is using it, or choose another: PORT=8001 make demo" >&2
    exit 1
fi
scripts/setup.sh
export UV_PYTHON_DOWNLOADS=never
export MSP_DEBUG=${MSP_DEBUG:-1}  # development mode: the demo's published logins, a secret key made for this checkout
uv run msp migrate --no-input -v0
uv run msp demo_load
# The background worker (checks and imports of uploaded extracts) runs beside the server and stops with it.
uv run msp db_worker --no-reload >/dev/null 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
echo
echo "MSP is running: sign in at http://127.0.0.1:${port}/accounts/sign-in/  (Ctrl+C stops it)"
echo
uv run msp runserver "127.0.0.1:${port}"
