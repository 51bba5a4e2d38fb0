#!/usr/bin/env bash
# Start a throw-away PostgreSQL 15 + PostGIS 3 cluster on 127.0.0.1 for the server-store tests.
#
#   eval "$(scripts/ci-postgres.sh)"     # installs if needed, starts, prints `export ...` lines
#   scripts/ci-postgres-stop.sh          # stops it again
#
# Progress goes to stderr; stdout carries only the `export` lines, so `eval` sets
# TRUCELINE_TEST_PG_URL (read by the tests) and TRUCELINE_PG_DIR (read by the stop script).
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
# Settings: TRUCELINE_PG_DIR (default /tmp/truceline-pg), TRUCELINE_PG_PORT (default 54329),
# TRUCELINE_PG_DB (default truceline).
set -euo pipefail

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
DIR="${TRUCELINE_PG_DIR:-/tmp/truceline-pg}"
PORT="${TRUCELINE_PG_PORT:-54329}"
DB="${TRUCELINE_PG_DB:-truceline}"

log() { echo "ci-postgres: $*" >&2; }

if [ ! -x "$PG_BIN/initdb" ] || [ ! -f "/usr/share/postgresql/${PG_VERSION}/extension/postgis.control" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        log "postgresql-${PG_VERSION}-postgis-3 is not installed and this is not root; install it with"
        log "  sudo apt-get install -y postgresql-${PG_VERSION}-postgis-3"
        exit 1
    fi
    log "installing postgresql-${PG_VERSION}-postgis-3"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "postgresql-${PG_VERSION}-postgis-3" >&2
fi

# Run a command as the cluster owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

mkdir -p "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi

if [ ! -f "$DIR/data/PG_VERSION" ]; then
    log "initdb in $DIR/data"
    as_owner "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
fi

if as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    log "already running"
else
    log "starting on 127.0.0.1:$PORT"
    as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=50" \
        start >&2
fi

if ! as_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -Atc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" postgres | grep -q 1; then
    as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB" >&2
fi
as_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc \
    "CREATE EXTENSION IF NOT EXISTS postgis" "$DB" >&2

URL="postgresql+psycopg://postgres@127.0.0.1:${PORT}/${DB}"
log "ready: $URL"
echo "export TRUCELINE_TEST_PG_URL='$URL'"
echo "export TRUCELINE_PG_DIR='$DIR'"
