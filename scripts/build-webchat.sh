#!/usr/bin/env bash
# Copy the socket.io browser client from the npm registry into bot/channels/static/vendor/
# (git-ignored), so the patient chat page never loads code from a CDN at run time.
# Idempotent: does nothing when the pinned version is already in place; the package tarball is
# cached in $CACHE_DIR so a rebuild works offline.
set -euo pipefail

VERSION="${SOCKET_IO_CLIENT_VERSION:-4.8.1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${CACHE_DIR:-$HOME/.cache/mild-recovery-bot}"
VENDOR="$ROOT/bot/channels/static/vendor"
STAMP="$VENDOR/socket.io.version"
TARBALL="$CACHE_DIR/npm/socket.io-client-$VERSION.tgz"

if [[ -f "$VENDOR/socket.io.min.js" && -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" ]]; then
  exit 0
fi

if [[ ! -f "$TARBALL" ]]; then
  command -v npm >/dev/null || { echo "build-webchat: npm is needed once to fetch socket.io-client" >&2; exit 1; }
  mkdir -p "$(dirname "$TARBALL")"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "==> fetching socket.io-client@$VERSION from the npm registry"
  (cd "$tmp" && npm pack --silent "socket.io-client@$VERSION" >/dev/null)
  mv "$tmp/socket.io-client-$VERSION.tgz" "$TARBALL"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$TARBALL" -C "$work" package/dist/socket.io.min.js package/LICENSE
mkdir -p "$VENDOR"
cp "$work/package/dist/socket.io.min.js" "$VENDOR/socket.io.min.js"
cp "$work/package/LICENSE" "$VENDOR/socket.io.LICENSE"
echo "$VERSION" > "$STAMP"
echo "==> web chat: socket.io-client $VERSION in bot/channels/static/vendor/"
