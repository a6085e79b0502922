#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster on loopback for the store tests, using
# Debian's postgresql package. Prints the admin URL to use as VIGIL_TEST_DATABASE_URL.
#   scripts/test-postgres.sh start   # prints postgres://vigil@127.0.0.1:55432/postgres
#   scripts/test-postgres.sh stop
set -euo pipefail

PORT="${VIGIL_TEST_PG_PORT:-55432}"
DIR="${VIGIL_TEST_PG_DIR:-/tmp/vigil-test-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$BIN" ]; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
  exit 2
fi

# PostgreSQL refuses to run as root; run it as the unprivileged 'postgres' user when we are root.
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      echo "postgres://vigil@127.0.0.1:$PORT/postgres"
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$DIR"
    as_pg "$BIN/initdb" -D "$DIR/data" -U vigil --auth=trust --no-sync >/dev/null
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    echo "postgres://vigil@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
