#!/usr/bin/env bash
# Brings the database and static files up to date: migrations, static files, and the region's data
# when the database has none yet. Idempotent; a second run changes nothing and, when nothing changed,
# starts no Django process at all: each step is skipped when its stamp in .state/stamps matches the
# checksum of its inputs, and the region check is one psql query.
#   ATLAS_FORCE_PREPARE=1  run every step regardless of the stamps
#   ATLAS_LOAD_REGION=0    do not load the region's data into an empty database (an atlas filled by uploads only)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

packages=$(packages_key)

step "Migrations"
# Keyed by the project's migration files, the installed packages (theirs) and the database itself: its
# identity and the rows of django_migrations, read again after migrating.
migrations=$(hash_files -path '*/migrations/*.py')
db=$(db_state_key)
if [ -n "$db" ] && stamp_fresh "migrate-$(db_target)" "$migrations|$packages|$db"; then
  info "up to date"
else
  "$PY" manage.py migrate --no-input -v 0
  db=$(db_state_key)
  if [ -n "$db" ]; then stamp_save "migrate-$(db_target)" "$migrations|$packages|$db"; fi
fi

step "Static files"
# Keyed by the sources (static/, the front-end packages, the installed Django apps), the settings, and
# what is in staticfiles/ (emptied or deleted: collect again).
collected() { [ -d staticfiles ] && find staticfiles -type f | wc -l; }
sources="$(hash_files -path '*/static/*' -o -path ./atlas/settings.py)|$packages"
sources+="|$(find -L node_modules build/glyphs -type f -print0 2>/dev/null | sort -z | xargs -0 -r sha256sum | sha256sum || true)"
if stamp_fresh static "$sources|$(collected)"; then
  info "up to date"
else
  "$PY" manage.py collectstatic --no-input -v 0
  stamp_save static "$sources|$(collected)"
fi

step "Region data (loaded only when the database is empty)"
if [ "${ATLAS_LOAD_REGION:-1}" = 0 ]; then
  info "skipped (ATLAS_LOAD_REGION=0)"
elif [ "$(db_psql -c 'SELECT EXISTS (SELECT 1 FROM hazards_country)' 2>/dev/null)" = t ]; then
  info "already loaded (run 'manage.py load_region' to refresh it)"
  # A database loaded before the base map existed gets its rivers, lakes, glaciers and places once.
  "$PY" manage.py load_basemap --if-empty
else
  "$PY" manage.py load_region --if-empty
fi
