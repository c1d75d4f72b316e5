#!/usr/bin/env bash
# `make test`: the same set-up as `make run` (without serving), then lint and the whole suite
# against a real PostGIS. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/db.sh" start
"$ROOT/scripts/prepare.sh"

step "Checks (Django system checks, ruff, import-linter, mypy)"
"$PY" manage.py check --fail-level WARNING
"$VENV/bin/ruff" check .
"$VENV/bin/lint-imports" --no-cache
"$VENV/bin/mypy"
step "Test suite (pytest on PostGIS)"
exec "$VENV/bin/pytest" "$@"
