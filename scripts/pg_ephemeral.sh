# Throwaway PostgreSQL for tests: `. scripts/pg_ephemeral.sh; trap pg_stop EXIT; pg_start`.
# Runs the server binaries as the postgres user when root (initdb refuses root); data is discarded on stop.
# PG_AUTOVACUUM=off for test runs: autovacuum would vacuum the dead rows that rolled-back tests leave and record
# the tables as empty, and the planner would then loop over the thousands of rows a later test's transaction
# holds (minutes a query). Without it the planner sizes tables by their pages, as for tables never vacuumed.
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_PORT=${PG_PORT:-54329}
PG_DB=${PG_DB:-msp}
PG_AUTOVACUUM=${PG_AUTOVACUUM:-on}
_pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_start() {
    local base=${1:-${TMPDIR:-/tmp}}
    PG_TMP=$(mktemp -d "$base/msp-pg.XXXXXX") && chmod 755 "$PG_TMP" || return 1
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_TMP"
    _pg_as "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$PG_TMP/initdb.log" 2>&1 || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    _pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 30 \
        -o "-k $PG_TMP -h 127.0.0.1 -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=$PG_AUTOVACUUM" \
        start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
    export PGHOST=$PG_TMP PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=$PG_DB PG_TMP
    "$PG_BIN/createdb" "$PG_DB"
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"
}
pg_stop() {
    [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ] || return 0
    _pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null
    rm -rf "$PG_TMP"
    unset PG_TMP PGHOST PGPORT PGUSER PGDATABASE DATABASE_URL
}
