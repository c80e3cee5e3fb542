#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter (Rasa 3.6 needs <3.11).
set -euo pipefail
for cand in "${PYTHON310:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10 \
            "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /root/.pyenv/versions/3.10*/bin/python3.10; do
  [ -n "$cand" ] || continue
  path=$(command -v "$cand" 2>/dev/null) || continue
  if "$path" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
    echo "$path"; exit 0
  fi
  # pyenv shims answer only when the version is selected
  if PYENV_VERSION=$(ls "$HOME/.pyenv/versions" 2>/dev/null | grep '^3\.10' | tail -1) \
     "$path" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
    echo "$(ls -d "$HOME"/.pyenv/versions/3.10*/bin/python3.10 | tail -1)"; exit 0
  fi
done
echo "error: Python 3.10 not found (Rasa 3.6 needs Python 3.10). Install it or set PYTHON310=/path/to/python3.10" >&2
exit 1
