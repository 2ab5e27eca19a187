#!/usr/bin/env bash
# A production-like MSP on a throwaway PostgreSQL: DEBUG off, collected static files, gunicorn workers, the
# shared cache, JSON request logs. Serves the demo data on http://127.0.0.1:8000/ until Ctrl+C, then
# discards the database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export UV_PYTHON_DOWNLOADS=never

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing PostgreSQL 15"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
    else
        echo "Please install PostgreSQL first (Debian: apt-get install postgresql-15)" >&2
        exit 1
    fi
fi

export PG_PORT=${PG_PORT:-54419}
. scripts/pg_ephemeral.sh
trap pg_stop EXIT
pg_start

port=${PORT:-8000}
export MSP_DEBUG=0
export MSP_SECRET_KEY=${MSP_SECRET_KEY:-$(uv run python -c "import secrets; print(secrets.token_urlsafe(50))")}
export MSP_ALLOWED_HOSTS=${MSP_ALLOWED_HOSTS:-127.0.0.1,localhost}
export MSP_BIND=${MSP_BIND:-127.0.0.1:${port}}
export MSP_CONN_MAX_AGE=${MSP_CONN_MAX_AGE:-60}
# Plain HTTP on this machine only; behind a real proxy with TLS, leave these at their secure defaults.
export MSP_SECURE_COOKIES=${MSP_SECURE_COOKIES:-0}
export MSP_SSL_REDIRECT=${MSP_SSL_REDIRECT:-0}
export MSP_HSTS_SECONDS=${MSP_HSTS_SECONDS:-0}
# The demo's logins stay password-only; a real server asks leads, managers, analysts and admins for a code.
export MSP_TWO_FACTOR_REQUIRED=${MSP_TWO_FACTOR_REQUIRED:-0}

echo "Preparing the database and static files (about a minute)"
uv run msp migrate --no-input -v0
uv run msp demo_load --force  # its users share a published password: fine on a database discarded at the end
uv run msp collectstatic --no-input -v0

echo
echo "MSP (production settings, PostgreSQL on port ${PG_PORT}) is starting at http://${MSP_BIND}/"
echo "Health check: http://${MSP_BIND}/health/   (Ctrl+C stops it and discards the database)"
echo
uv run gunicorn -c config/gunicorn.conf.py || true
