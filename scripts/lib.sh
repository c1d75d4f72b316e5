# Shared helpers for the set-up scripts: progress messages, paths and privilege handling.
# Sourced, never run. All paths are absolute and derived from the checkout.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${ATLAS_STATE_DIR:-$ROOT/.state}"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

step() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die()  { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command with root rights: directly as root, through passwordless sudo, or not at all.
as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 99
  fi
}
