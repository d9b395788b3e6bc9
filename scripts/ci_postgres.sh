#!/usr/bin/env bash
# Run the test suite against a real PostgreSQL server on loopback.
#
# Installs Debian's postgresql when it is missing (as root), starts a throwaway cluster in a
# temporary folder listening on 127.0.0.1 only, creates a user and a database, runs pytest with
# DATABASE_URL pointing at it (browser tests left out: they already ran on SQLite), then stops
# the cluster and removes the folder. Where PostgreSQL cannot be had, it says why and exits 0:
# the SQLite run is the one that must always happen.
#
#   scripts/ci_postgres.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

skip() {
    echo "ci_postgres: skipping the PostgreSQL run: $*" >&2
    exit 0
}

find_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
        skip "PostgreSQL is not installed and installing it needs root"
    fi
    command -v apt-get >/dev/null || skip "PostgreSQL is not installed and there is no apt-get"
    echo "ci_postgres: installing Debian's postgresql" >&2
    # The package's own cluster is not used: keep it from starting.
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
        >/dev/null); then
        skip "apt-get could not install postgresql (offline?)"
    fi
    BINDIR=$(find_bindir)
    [ -n "$BINDIR" ] || skip "postgresql installed but no server binaries found"
fi

# initdb refuses to run as root: the cluster belongs to the postgres user then.
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || skip "no postgres user to own the cluster"
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

WORK=$(mktemp -d /tmp/timeline-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$WORK"
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
    as_owner "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

as_owner "$BINDIR/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; skip "initdb failed"; }
# Loopback only, socket in the temporary folder, and durability off: a test cluster.
as_owner "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w start -o \
    "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off \
     -c full_page_writes=off" >/dev/null || { cat "$WORK/server.log" >&2; skip "server did not start"; }

psql_admin() { "$BINDIR/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql_admin -c "CREATE ROLE timeline LOGIN PASSWORD 'timeline' CREATEDB"
psql_admin -c "CREATE DATABASE timeline OWNER timeline"

echo "ci_postgres: PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
export DATABASE_URL="postgresql://timeline:timeline@127.0.0.1:$PORT/timeline"
export PATH="$BINDIR:$PATH"  # pg_dump and psql of the same version, for the backup tests
"$PY" -m pytest -m "not browser" "$@"
