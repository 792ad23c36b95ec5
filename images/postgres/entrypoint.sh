#!/bin/bash
# The official postgres image's contract, kept small: on an empty PGDATA, initdb with POSTGRES_USER / POSTGRES_PASSWORD,
# create POSTGRES_DB, run /docker-entrypoint-initdb.d/*.sql, *.sql.gz and *.sh once (a .sh is run when executable and
# sourced by bash otherwise, as there: the dev overlay's init.sh is a bash script mounted 0644); then run the server in
# the foreground. Runs as any uid that owns PGDATA's parent; writes only to PGDATA, /var/run/postgresql and /tmp.
set -eu

case "${1:-postgres}" in
  -*) set -- postgres "$@" ;;
esac
[ "${1:-postgres}" = postgres ] || exec "$@"
[ $# -gt 0 ] && shift

: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
export PGDATA

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "error: the database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  pwfile="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  # other pods reach it through its Service: password logins from anywhere, never trust over TCP
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"

  # a server on the socket only while the init scripts run
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /var/run/postgresql" -w -t 60 start >/dev/null
  psql_init() { psql -v ON_ERROR_STOP=1 -h /var/run/postgresql --username "$POSTGRES_USER" --no-password "$@"; }
  if [ "$POSTGRES_DB" != postgres ]; then
    psql_init --dbname postgres -qc "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sql) echo "init: running $f"; psql_init --dbname "$POSTGRES_DB" -q -f "$f" ;;
      *.sql.gz) echo "init: running $f"; gunzip -c "$f" | psql_init --dbname "$POSTGRES_DB" -q ;;
      *.sh)
        if [ -x "$f" ]; then echo "init: running $f"; "$f"; else echo "init: sourcing $f"; . "$f"; fi ;;
      *) if [ -e "$f" ]; then echo "init: ignoring $f"; fi ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "init: done; starting PostgreSQL"
fi

exec postgres -c listen_addresses='*' -k /var/run/postgresql "$@"
