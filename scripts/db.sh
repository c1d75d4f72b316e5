#!/usr/bin/env bash
# The private PostgreSQL cluster of this checkout: `db.sh start` creates it on first use and starts it,
# `db.sh stop` stops it. It listens on a Unix socket inside .state/pg/run only (no TCP port), so two
# checkouts on one machine never collide. Skipped entirely when DATABASE_URL is set.
# The cluster is ready to be a streaming primary (wal_level, WAL senders, replication over the socket):
# scripts/replica.sh makes a read replica of it (docs/scaling.md).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PGLINK="$STATE/pg"   # the path Django and psql use, as the calling user (may be a link, see place_cluster)
PGHOME=              # its real folder, set by resolve_cluster: the only path the server's user is given
DB_NAME="${ATLAS_DB_NAME:-atlas}"
DB_USER=atlas

if [ -n "${DATABASE_URL:-}" ]; then
  [ "${1:-}" = start ] && step "Database: using DATABASE_URL (no private cluster)"
  exit 0
fi

BIN=$(pg_bindir) || die "PostgreSQL server binaries not found; run 'make bootstrap' first"

# As root, the server runs as the 'postgres' user, which must own the cluster's folders. Its commands run
# from / : the caller's working folder (a home folder with mode 700) may be closed to that user.
pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@")
  else (cd / && "$@")
  fi
}

place_cluster() {
  # The cluster lives in .state/pg. If the server's user cannot reach the checkout (a home folder
  # with mode 700, or mktemp -d) or the socket path would be long, it lives in /var/tmp and .state/pg
  # links there.
  mkdir -p "$STATE"
  local sock="$PGLINK/run/.s.PGSQL.5432"
  # Clients reach the socket through .state/pg whatever the cluster's real place: a Unix socket path
  # holds at most 107 bytes.
  [ ${#sock} -le 107 ] || die "the socket path $sock is longer than a Unix socket allows (107 bytes).
    Move the checkout to a shorter path, or set ATLAS_STATE_DIR to a short folder (for example /var/tmp/atlas)."
  if [ -L "$PGLINK" ] && [ ! -e "$PGLINK" ]; then
    # The link outlived its folder (removed by hand or by a clean-up of /var/tmp): start a new cluster there.
    warn "the cluster's folder $(readlink "$PGLINK") has vanished; creating a new, empty cluster in its place"
    mkdir -p "$(readlink "$PGLINK")"
    return
  fi
  [ -e "$PGLINK" ] && return
  if { is_root && ! (cd / && runuser -u postgres -- test -x "$STATE"); } || [ ${#sock} -gt 100 ]; then
    local alt="/var/tmp/atlas-pg-$(echo -n "$ROOT" | sha256sum | cut -c1-12)"
    info "cluster placed in $alt (linked from .state/pg)"
    mkdir -p "$alt"; ln -s "$alt" "$PGLINK"
    # systemd-tmpfiles deletes what has not been touched in /var/tmp for 30 days: not a database.
    if is_root && [ -d /etc/tmpfiles.d ] && [ ! -f /etc/tmpfiles.d/atlas-pg.conf ]; then
      echo 'x /var/tmp/atlas-pg-*' >/etc/tmpfiles.d/atlas-pg.conf
    fi
  else
    mkdir -p "$PGLINK"
  fi
}

resolve_cluster() { PGHOME=$(readlink -m "$PGLINK"); }

init_cluster() {
  [ -f "$PGHOME/data/PG_VERSION" ] && return
  step "Creating the private PostgreSQL cluster in $PGHOME"
  mkdir -p "$PGHOME/data" "$PGHOME/run"
  is_root && chown -R postgres:postgres "$PGHOME/" && chmod 700 "$PGHOME/data"
  pg "$BIN/initdb" -D "$PGHOME/data" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$PGHOME/data/postgresql.conf" <<CONF
# --- atlas: private cluster, Unix socket only ---
listen_addresses = ''
unix_socket_directories = '$PGHOME/run'
unix_socket_permissions = 0700
shared_buffers = ${ATLAS_PG_SHARED_BUFFERS:-512MB}
work_mem = 32MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
jit = off
logging_collector = on
log_directory = '$PGHOME/log'
# streaming replication (scripts/replica.sh): these are PostgreSQL's defaults, written down so they stay
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
CONF
  # Replicas connect over the Unix socket only (the cluster has no TCP port).
  grep -qE '^local[[:space:]]+replication' "$PGHOME/data/pg_hba.conf" ||
    echo 'local   replication     all                                     trust' >> "$PGHOME/data/pg_hba.conf"
}

start() {
  place_cluster
  resolve_cluster
  init_cluster
  mkdir -p "$PGHOME/run" "$PGHOME/log"
  is_root && chown postgres:postgres "$PGHOME/run" "$PGHOME/log"
  if pg "$BIN/pg_ctl" -D "$PGHOME/data" status >/dev/null 2>&1; then
    step "Database: private cluster already running"
  else
    step "Database: starting the private cluster"
    pg "$BIN/pg_ctl" -D "$PGHOME/data" -l "$PGHOME/log/startup.log" -w -t 60 start >/dev/null ||
      die "PostgreSQL did not start; see $PGHOME/log/"
  fi
  local psql=("$BIN/psql" -h "$PGLINK/run" -U "$DB_USER" -d postgres -X -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
    info "creating database $DB_NAME"
    "${psql[@]}" -c "CREATE DATABASE \"$DB_NAME\""
  fi
}

stop() {
  resolve_cluster
  [ -f "$PGHOME/data/PG_VERSION" ] || { info "no private cluster"; return; }
  step "Database: stopping the private cluster"
  pg "$BIN/pg_ctl" -D "$PGHOME/data" -m fast -w stop >/dev/null 2>&1 || info "it was not running"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: db.sh start|stop" ;;
esac
