#!/usr/bin/env bash
# Train the Rasa model only when its inputs changed. Trained models are cached outside the clone,
# keyed by the hash of everything that goes into training.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/mild-recovery-bot}
inputs=$(find config.yml domain.yml data bot/nlu requirements.lock -type f \
           \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' -o -name '*.lock' \) | LC_ALL=C sort)
key=$(sha256sum $inputs | sha256sum | cut -c1-16)
cached="$CACHE_DIR/models/$key.tar.gz"
mkdir -p "$CACHE_DIR/models" models
if [ -f models/current.tar.gz ] && [ "$(cat models/.key 2>/dev/null)" = "$key" ]; then
  exit 0
fi
if [ ! -f "$cached" ]; then
  echo "==> training the Rasa model (inputs changed or cold cache)"
  tmp=$(mktemp -d)
  .venv/bin/rasa train --fixed-model-name model --out "$tmp" --quiet
  mv "$tmp/model.tar.gz" "$cached.part" && mv "$cached.part" "$cached"
  rm -rf "$tmp"
fi
cp "$cached" models/current.tar.gz
echo "$key" > models/.key
