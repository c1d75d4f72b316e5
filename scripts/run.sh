#!/usr/bin/env bash
# `make run` / `make serve`: set up what is missing, start the database, migrate, load the region when the
# database is empty, then run the web server (gunicorn; static files by WhiteNoise) and the background workers
# until Ctrl-C or TERM. `make serve` starts more web workers (WEB_WORKERS, default 2 x cores + 1) and listens
# on HOST (default 127.0.0.1).
#
# Four supervised processes: the web server and one worker per kind of job, so a long job never holds up a
# short one: uploads (minutes for a big file), notifications and maintenance (seconds: alert deliveries,
# escalation, recovery of stalled jobs, clean-ups) and analysis (minutes). A process that exits is started
# again after a back-off (1 s, doubling up to 30 s; back to 1 s after a minute of good health), with a log line
# saying which one and how it ended. WORKER_CONCURRENCY (default 1) jobs run at once in each worker; more
# worker processes, on this or other machines, only need `manage.py procrastinate worker --queues …` with the
# same settings (docs/scaling.md).
#
# Ctrl-C (SIGINT to the terminal's process group) or TERM stops every process it started within STOP_GRACE
# seconds (default 20): each gets TERM; requests and jobs in progress get 40 % of it to finish (gunicorn's
# --graceful-timeout, procrastinate's --shutdown-graceful-timeout); whatever still runs at 70 % of it, a job stuck
# in a database call included, is killed with its children. A job cut off so is picked up again by
# the recovery of stalled jobs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/db.sh" start
"$ROOT/scripts/prepare.sh"

PORT="${PORT:-8000}"
HOST="${HOST:-127.0.0.1}"
WORKER_CONCURRENCY="${WORKER_CONCURRENCY:-1}"
STOP_GRACE="${STOP_GRACE:-20}"
[[ "$STOP_GRACE" =~ ^[0-9]+$ ]] && (( STOP_GRACE >= 4 )) || die "STOP_GRACE must be a whole number of seconds, at least 4"
# Requests and jobs get 40 % of it to finish (gunicorn, procrastinate); what still runs at 70 % is killed: the
# rest is margin for processes that take seconds to exit on a loaded machine (measured: 2.5 s of library clean-up
# after Python's own at load 13) and for the kill to land.
FINISH=$(( STOP_GRACE * 2 / 5 ))
KILL_AFTER=$(( STOP_GRACE * 7 / 10 ))
if [ "${1:-run}" = serve ]; then WEB_WORKERS="${WEB_WORKERS:-$(( 2 * $(nproc) + 1 ))}"; fi

listening() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }
if listening; then
  die "something already listens on $HOST:$PORT (another 'make run'?): stop it or choose another PORT"
fi

# tree PID: PID and every process below it.
tree() { local pid; echo "$1"; for pid in $(pgrep -P "$1"); do tree "$pid"; done; }

# supervise NAME COMMAND...: runs COMMAND in the background and starts it again whenever it exits, until
# this script stops it with TERM or INT, which it passes on to COMMAND as TERM; COMMAND and its children are
# killed if they are still running KILL_AFTER seconds later.
supervised=()
supervise() {
  local name=$1; shift
  (
    main=$$ child= stopping= delay=1
    stop() { stopping=1; if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; fi; }
    finish() {   # the child was sent TERM: wait for it until KILL_AFTER, then kill what is left of it
      local timer
      sleep "$KILL_AFTER" & timer=$!
      while kill -0 "$child" 2>/dev/null && kill -0 "$timer" 2>/dev/null; do
        wait -n "$child" "$timer" 2>/dev/null || true   # also returns early when another signal arrives
      done
      if kill -0 "$child" 2>/dev/null; then
        warn "$name (pid $child) still runs ${KILL_AFTER}s after TERM: killing it"
        kill -KILL $(tree "$child") 2>/dev/null || true
      fi
      kill "$timer" 2>/dev/null || true
      wait 2>/dev/null || true
    }
    trap stop TERM INT
    while :; do
      started=$SECONDS
      "$@" &
      child=$!
      [ -z "$stopping" ] || kill -TERM "$child" 2>/dev/null || true
      rc=0; wait "$child" || rc=$?
      if [ -n "$stopping" ]; then finish; exit 0; fi
      kill -0 "$main" 2>/dev/null || exit 0   # run.sh itself was killed: do not linger
      how="exited with code $rc"
      if [ "$rc" -gt 128 ]; then how="was killed by SIG$(kill -l $((rc - 128)))"; fi
      if (( SECONDS - started >= 60 )); then delay=1; fi
      warn "$name (pid $child) $how; restarting it in ${delay}s"
      sleep "$delay" & child=$!   # TERM during the back-off ends the sleep and the loop
      wait "$child" || true
      [ -z "$stopping" ] || { kill "$child" 2>/dev/null; wait; exit 0; }
      delay=$(( delay * 2 > 30 ? 30 : delay * 2 ))
    done
  ) &
  supervised+=($!)
}

stop_all() {
  trap - INT TERM
  step "Stopping the server and the workers (the database keeps running; 'make stop' stops it)"
  kill -TERM "${supervised[@]}" 2>/dev/null || true
  wait || true
  trap - EXIT
  exit 0
}
trap stop_all INT TERM
trap 'kill -TERM "${supervised[@]}" 2>/dev/null || true' EXIT   # any other way out leaves nothing running

step "Serving the atlas on http://$HOST:$PORT with ${WEB_WORKERS:-2} workers  (Ctrl-C stops)"
# --preload: Django is imported once, in the master, before the web workers fork.
supervise "the web server" "$VENV/bin/gunicorn" atlas.wsgi --chdir "$ROOT" --bind "$HOST:$PORT" --preload \
  --workers "${WEB_WORKERS:-2}" --threads 4 --timeout 120 --graceful-timeout "$FINISH" --no-control-socket \
  --access-logfile -

# The workers start once the server listens, so that they do not slow its start down on a small machine.
for _ in $(seq 1 300); do listening && break; sleep 0.2; done

step "Background workers (procrastinate): uploads; notifications and maintenance; analysis"
# 'default' is procrastinate's queue for a task declared without one: served rather than left waiting.
supervise "the worker for uploads" "$PY" "$ROOT/manage.py" procrastinate worker \
  --name uploads --queues uploads --concurrency "$WORKER_CONCURRENCY" --shutdown-graceful-timeout "$FINISH"
supervise "the worker for notifications" "$PY" "$ROOT/manage.py" procrastinate worker \
  --name notifications --queues notifications,maintenance,default --concurrency "$WORKER_CONCURRENCY" \
  --shutdown-graceful-timeout "$FINISH"
supervise "the worker for analysis" "$PY" "$ROOT/manage.py" procrastinate worker \
  --name analysis --queues analysis --concurrency "$WORKER_CONCURRENCY" --shutdown-graceful-timeout "$FINISH"

wait || true   # returns when a signal arrives (stop_all) or every supervisor has gone
