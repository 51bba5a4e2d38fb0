#!/usr/bin/env bash
# Stop the cluster that scripts/ci-postgres.sh started (and, with --clean, delete it).
set -euo pipefail
PG_BIN="/usr/lib/postgresql/15/bin"
DIR="${TRUCELINE_PG_DIR:-/tmp/truceline-pg}"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
    echo "ci-postgres-stop: no cluster in $DIR" >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
else
    "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
fi
if [ "${1:-}" = "--clean" ]; then rm -rf "$DIR"; fi
