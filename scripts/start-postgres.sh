#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests (its own data folder, port 54329, loopback only) and prints
# its URL. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$PGBIN/initdb" ]] || { echo "PostgreSQL server is not installed (apt-get install postgresql)" >&2; exit 1; }
PORT=${ANTRIAN_PG_PORT:-54329}
DATA=${ANTRIAN_PG_DATA:-/tmp/antrian-pg-$PORT}
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
if [[ $(id -u) -eq 0 ]]; then mkdir -p "$DATA" && chown postgres "$DATA"; else mkdir -p "$DATA"; fi
if [[ ! -f "$DATA/PG_VERSION" ]]; then
  as_owner "'$PGBIN/initdb' -D '$DATA' -U postgres --auth=trust -E UTF8 --no-instructions" >/dev/null
fi
if ! as_owner "'$PGBIN/pg_ctl' -D '$DATA' status" >/dev/null 2>&1; then
  as_owner "'$PGBIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off\" start" >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
