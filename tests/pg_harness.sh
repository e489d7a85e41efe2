#!/bin/sh
# tests/pg_harness.sh CMD [ARGS...]
#   Starts a throwaway PostgreSQL cluster listening only on a Unix socket in a
#   temporary folder, runs CMD with DATABASE_URL pointing at a fresh database,
#   and removes the cluster afterwards, whatever CMD's exit status.
#   CMD also sees PODIUM_PG_HARNESS (the cluster's folder) so a test can stop
#   and restart the server with:  tests/pg_harness.sh --stop | --start
# As root, PostgreSQL runs as the unprivileged user "postgres" (it refuses root).
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    as_pg "$PGBIN/pg_ctl" -D "$1/data" -l "$1/log" -w -t 60 \
        -o "-k $1 -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        start >/dev/null
}

pg_stop() {
    as_pg "$PGBIN/pg_ctl" -D "$1/data" -m fast -w -t 60 stop >/dev/null
}

case "${1:-}" in
--stop|--start)
    : "${PODIUM_PG_HARNESS:?--stop and --start work inside a harness run only}"
    if [ "$1" = --stop ]; then pg_stop "$PODIUM_PG_HARNESS"; else pg_start "$PODIUM_PG_HARNESS"; fi
    exit 0 ;;
""|-h|--help)
    echo "usage: $0 CMD [ARGS...] | --stop | --start" >&2
    exit 2 ;;
esac

DIR=$(mktemp -d /tmp/podium-pg.XXXXXX)
cleanup() {
    if [ -f "$DIR/data/postmaster.pid" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" = 0 ]; then
    chown postgres "$DIR"
    chmod 755 "$DIR"
fi
as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
pg_start "$DIR" || { cat "$DIR/log" >&2; exit 1; }
as_pg "$PGBIN/createdb" -h "$DIR" -U postgres podium_test

set +e
PODIUM_PG_HARNESS=$DIR DATABASE_URL="postgresql://postgres@/podium_test?host=$DIR" "$@"
status=$?
set -e
exit $status
