#!/usr/bin/env bash
# Create (or reuse) the virtual environment for this lock file, cached outside the clone,
# and point ./.venv at it. The cache key is the hash of requirements.lock and the Python version,
# so a changed lock builds a new venv and an interrupted build is never reused.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/mild-recovery-bot}
PY=$(scripts/find-python310.sh)
key=$( (cat requirements.lock; "$PY" -V) | sha256sum | cut -c1-16)
venv="$CACHE_DIR/venv-$key"
mkdir -p "$CACHE_DIR"
# pip warns about every package for a missing local index configured on some machines; keep the rest.
quiet() { "$@" 2> >(grep -v '^WARNING: Location' >&2); }
if [ ! -f "$venv/.complete" ]; then
  echo "==> building virtual environment $venv (cold cache: a few minutes)"
  rm -rf "$venv"
  "$PY" -m venv "$venv"
  quiet "$venv/bin/python" -m pip install -q --upgrade 'pip==26.3' 'wheel==0.45.1' 'setuptools==70.3.0'
  # --no-deps: the lock file is the whole tree; nothing outside it may sneak in.
  quiet "$venv/bin/python" -m pip install -q --no-deps -r requirements.lock
  "$venv/bin/python" -m pip check
  touch "$venv/.complete"
fi
ln -sfn "$venv" .venv
# The project itself is installed editable, pointing at this clone (cheap; redone when the clone moves).
if [ "$(cat "$venv/.project-path" 2>/dev/null)" != "$PWD" ] || [ ! -x "$venv/bin/recovery-bot" ] \
   || [ pyproject.toml -nt "$venv/.project-path" ]; then
  "$venv/bin/python" -m pip install -q --no-deps --no-build-isolation -e . >/dev/null 2>&1
  echo "$PWD" > "$venv/.project-path"
fi
