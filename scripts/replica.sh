#!/usr/bin/env bash
# A streaming read replica of the private cluster (scripts/db.sh): `replica.sh start` copies the running primary
# with pg_basebackup on first use (standby.signal + primary_conninfo over the primary's Unix socket) and starts it;
# `replica.sh stop` stops it; `replica.sh status` prints its replay LSN. It lives in .state/replica and listens on
# its own socket, .state/replica/run (no TCP port). Point the atlas at it with
#   DATABASE_REPLICA_URL=postgis://atlas@%2F<checkout>%2F.state%2Freplica%2Frun/<database>
# On other machines use the same commands against your primary (docs/scaling.md).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PRIMARY="$STATE/pg"
REPLICA="$STATE/replica"
DB_USER=atlas

BIN=$(pg_bindir) || die "PostgreSQL server binaries not found; run 'make bootstrap' first"

pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@")
  else (cd / && "$@")
  fi
}

create() {
  [ -f "$REPLICA/data/PG_VERSION" ] && return
  pg_isready -q -h "$PRIMARY/run" || die "the primary is not running: run 'scripts/db.sh start' first"
  step "Creating a streaming replica of $PRIMARY in $REPLICA (pg_basebackup)"
  mkdir -p "$REPLICA/data" "$REPLICA/run" "$REPLICA/log"
  chmod 700 "$REPLICA/data"
  is_root && chown -R postgres:postgres "$REPLICA"
  # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile; -c fast does not
  # wait for the next scheduled checkpoint.
  pg "$BIN/pg_basebackup" -h "$(readlink -m "$PRIMARY/run")" -U "$DB_USER" -D "$REPLICA/data" -R -X stream \
    -c fast --no-password
  cat >> "$REPLICA/data/postgresql.conf" <<CONF
# --- atlas: read replica, Unix socket only ---
unix_socket_directories = '$(readlink -m "$REPLICA/run")'
log_directory = '$(readlink -m "$REPLICA/log")'
hot_standby = on
CONF
}

start() {
  create
  if pg "$BIN/pg_ctl" -D "$REPLICA/data" status >/dev/null 2>&1; then
    step "Replica already running"
  else
    step "Starting the replica"
    pg "$BIN/pg_ctl" -D "$REPLICA/data" -l "$REPLICA/log/startup.log" -w -t 60 start >/dev/null ||
      die "the replica did not start; see $REPLICA/log/"
  fi
}

stop() {
  [ -f "$REPLICA/data/PG_VERSION" ] || { info "no replica"; return; }
  step "Stopping the replica"
  pg "$BIN/pg_ctl" -D "$REPLICA/data" -m fast -w stop >/dev/null 2>&1 || info "it was not running"
}

status() {
  "$BIN/psql" -h "$REPLICA/run" -U "$DB_USER" -d postgres -X -qtA -c "SELECT pg_last_wal_replay_lsn()"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: replica.sh start|stop|status" ;;
esac
