#!/usr/bin/env bash
# Install what MSP needs on a fresh clone: uv, Python packages (locked), front-end assets,
# and with --test the system packages the tests use (Chromium, PostgreSQL, poppler).
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never

want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
    want+=(chromium postgresql-15 poppler-utils)
fi
missing=()
for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing system packages: ${missing[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Please install these system packages first: ${missing[*]}" >&2
        exit 1
    fi
fi

command -v uv >/dev/null || python3 -m pip install --quiet uv
uv sync --locked --quiet
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ] || [ ! -f msp/core/static/core/msp.css ]; then
    npm ci --no-audit --no-fund --loglevel=error
elif [ msp/core/scss/msp.scss -nt msp/core/static/core/msp.css ]; then
    npm run --silent build:css
fi
# WhiteNoise serves from STATIC_ROOT in production (`msp collectstatic`); it warns when the folder is missing.
mkdir -p staticfiles
