#!/usr/bin/env bash
# Brings the database and static files up to date: migrations, static files, and the region's data
# when the database has none yet. Idempotent; a second run changes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

step "Migrations"
"$PY" manage.py migrate --no-input -v 0
step "Static files"
"$PY" manage.py collectstatic --no-input -v 0
step "Region data (loaded only when the database is empty)"
"$PY" manage.py load_region --if-empty
