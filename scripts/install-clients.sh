#!/usr/bin/env bash
# Installs the real clients the suite runs through the gateway (RealClientsTest): Claude Code, the
# Codex CLI and the Gemini CLI, from the npm registry at the versions pinned in
# gateway-fn/src/test/clients/package-lock.json, into .tools/clients (nothing global). Each client
# ships its own native binary (Claude Code, Codex) or runs on the machine's Node.js (Gemini CLI).
# Reinstalls only when the lockfile changed.
set -euo pipefail
cd "$(dirname "$0")/.."
src=gateway-fn/src/test/clients
dest=.tools/clients
if ! command -v npm >/dev/null 2>&1; then
  echo "[clients] npm not found: installing Node.js and npm from Debian's packages"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q nodejs npm >/dev/null; else sudo apt-get install -y -q nodejs npm >/dev/null; fi
fi
stamp="$(sha256sum "$src/package-lock.json" | cut -d' ' -f1)"
if [ -f "$dest/.installed" ] && [ "$(cat "$dest/.installed")" = "$stamp" ] && [ -d "$dest/node_modules" ]; then
  echo "[clients] pinned clients already installed in $dest"
  exit 0
fi
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
echo "[clients] installing $(node -e 'const d=require("./'"$src"'/package.json").dependencies;console.log(Object.entries(d).map(([k,v])=>k+"@"+v).join(" "))') into $dest"
for attempt in 1 2 3; do
  if (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error); then
    echo "$stamp" > "$dest/.installed"
    exit 0
  fi
  echo "[clients] npm ci failed (attempt $attempt); retrying"
  sleep $((attempt * 5))
done
echo "[clients] could not install the real clients from the npm registry" >&2
exit 1
