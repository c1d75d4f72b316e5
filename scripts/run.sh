#!/usr/bin/env bash
# `make run` / `make serve`: set up what is missing, start the database, migrate, load the region when the
# database is empty, then run the background worker and the web server (gunicorn; static files by WhiteNoise)
# until Ctrl-C. `make serve` starts more web workers (WEB_WORKERS, default 2 x cores + 1) and listens on
# HOST (default 127.0.0.1).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/db.sh" start
"$ROOT/scripts/prepare.sh"

PORT="${PORT:-8000}"
HOST="${HOST:-127.0.0.1}"
if [ "${1:-run}" = serve ]; then WEB_WORKERS="${WEB_WORKERS:-$(( 2 * $(nproc) + 1 ))}"; fi
pids=()
stop_all() {
  trap - INT TERM EXIT
  step "Stopping the server and the worker (the database keeps running; 'make stop' stops it)"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop_all INT TERM EXIT

listening() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

step "Serving the atlas on http://$HOST:$PORT with ${WEB_WORKERS:-2} workers  (Ctrl-C stops)"
# --preload: Django is imported once, in the master, before the web workers fork.
"$VENV/bin/gunicorn" atlas.wsgi --chdir "$ROOT" --bind "$HOST:$PORT" --preload \
  --workers "${WEB_WORKERS:-2}" --threads 4 --timeout 120 --no-control-socket --access-logfile - &
pids+=($!)

# The worker starts once the server listens, so that it does not slow the server's start down on a small machine.
for _ in $(seq 1 300); do listening && break; sleep 0.2; done

step "Background worker (procrastinate)"
"$PY" "$ROOT/manage.py" procrastinate worker &
pids+=($!)
wait -n "${pids[@]}"
