#!/usr/bin/env bash
# `make run`: set up what is missing, start the database, migrate, load the region when the database
# is empty, then run the background worker and the web server until Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/db.sh" start
"$ROOT/scripts/prepare.sh"

PORT="${PORT:-8000}"
pids=()
stop_all() {
  trap - INT TERM EXIT
  step "Stopping the server and the worker (the database keeps running; 'make stop' stops it)"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop_all INT TERM EXIT

step "Background worker (procrastinate)"
"$PY" "$ROOT/manage.py" procrastinate worker &
pids+=($!)

step "Serving the atlas on http://127.0.0.1:$PORT  (Ctrl-C stops)"
"$VENV/bin/gunicorn" atlas.wsgi --chdir "$ROOT" --bind "127.0.0.1:$PORT" \
  --workers "${WEB_WORKERS:-2}" --threads 4 --timeout 120 --no-control-socket --access-logfile - &
pids+=($!)
wait -n "${pids[@]}"
