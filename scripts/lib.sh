# Shared helpers for the set-up scripts: progress messages, paths, privilege handling, the database client
# and the stamps that let a second run skip what did not change. Sourced, never run. All paths are absolute
# and derived from the checkout.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${ATLAS_STATE_DIR:-$ROOT/.state}"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
# Stamps describe this checkout's files (compiled messages, collected static files) and what was done to a
# database, so they stay with the checkout even when ATLAS_STATE_DIR points elsewhere.
STAMPS="$ROOT/.state/stamps"

step() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '\033[1;33m%s %s\033[0m\n' "$(date '+%F %T')" "$*" >&2; }
die()  { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command with root rights: directly as root, through passwordless sudo, or not at all.
as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 99
  fi
}

# The newest installed PostgreSQL server's bin folder, or nothing (status 1).
pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || d=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")
  [ -x "$d/pg_ctl" ] || return 1
  echo "$d"
}

# psql on the atlas's database: DATABASE_URL when set, else the private cluster's socket. Fails (status
# non-zero, nothing printed) when psql is missing or the URL is not one libpq reads; callers then fall back
# to the Django command, which is always right, only slower.
db_psql() {
  local bin psql
  bin=$(pg_bindir) && [ -x "$bin/psql" ] && psql="$bin/psql" || psql=$(command -v psql) || return 1
  if [ -n "${DATABASE_URL:-}" ]; then
    case "$DATABASE_URL" in
      postgis://* | postgres://* | postgresql://* | pgsql://*) ;;
      *) return 1 ;;
    esac
    PGCONNECT_TIMEOUT=5 "$psql" "postgresql://${DATABASE_URL#*://}" -w -X -qtA -v ON_ERROR_STOP=1 "$@"
  else
    PGCONNECT_TIMEOUT=5 "$psql" -h "$STATE/pg/run" -U atlas -d "${ATLAS_DB_NAME:-atlas}" -w -X -qtA \
      -v ON_ERROR_STOP=1 "$@"
  fi
}

# Which database this is and how far it is migrated: a re-created cluster (new system identifier) or
# database (new OID), another server, or migrations applied or rolled back behind our back give another
# key. Empty when it cannot be read (no psql, no django_migrations table yet).
db_state_key() {
  local sysid rows
  sysid=$(db_psql -c "SELECT system_identifier FROM pg_control_system()" 2>/dev/null) || sysid=
  rows=$(db_psql -c "SELECT d.oid, (SELECT count(*) || '/' || coalesce(max(id), 0) FROM django_migrations)
                     FROM pg_database d WHERE d.datname = current_database()" 2>/dev/null) || return 0
  [ -n "$rows" ] && echo "$sysid|$rows|$(db_target)"
}

# The database the atlas uses, as a short hash (one migration stamp per database).
db_target() {
  printf '%s' "${DATABASE_URL:-$STATE/pg/run|${ATLAS_DB_NAME:-atlas}}" | sha256sum | cut -c1-12
}

# sha256 of the names and contents of the checkout's files matching FIND-EXPRESSION (for example
# -name '*.po'), leaving out what the set-up itself installs or produces.
hash_files() {
  (cd "$ROOT" && find . \( -path ./.git -o -path ./.venv -o -path ./node_modules -o -path ./.state \
      -o -path ./staticfiles -o -path ./media \) -prune -o -type f \( "$@" \) -print0 |
    sort -z | xargs -0 -r sha256sum | sha256sum | cut -c1-32) || true
}

# The installed Python distributions with their versions: a package upgrade changes it.
packages_key() {
  { ls "$VENV"/lib/python3*/site-packages 2>/dev/null | grep -E '\.(dist|egg)-info$' || true; } | sha256sum | cut -c1-32
}

# stamp_fresh NAME KEY: true when the step NAME was last done for exactly KEY (an empty KEY never is).
# ATLAS_FORCE_PREPARE=1 makes every step run. Keys are stored hashed: a DATABASE_URL may hold a password.
stamp_fresh() {
  [ -z "${ATLAS_FORCE_PREPARE:-}" ] && [ -n "$2" ] &&
    [ "$(cat "$STAMPS/$1" 2>/dev/null)" = "$(printf '%s' "$2" | sha256sum | cut -c1-64)" ]
}
stamp_save() {
  mkdir -p "$STAMPS"
  printf '%s' "$2" | sha256sum | cut -c1-64 >"$STAMPS/$1.tmp" && mv "$STAMPS/$1.tmp" "$STAMPS/$1"
}
