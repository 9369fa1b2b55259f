#!/usr/bin/env bash
# Installs what the dashboard's tests need: Debian's Chromium (the end-to-end test drives it through
# playwright-core) and Node.js with npm (the dashboard's build and unit tests). The dashboard's npm
# packages come from its lockfile, installed by the Maven build (gateway-fn/ui, npm ci).
set -euo pipefail
apt_install() {
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
  fi
}
if ! command -v npm >/dev/null 2>&1; then
  echo "[browser] npm not found: installing Node.js and npm from Debian's packages"
  apt_install nodejs npm
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "[browser] installing Debian's chromium for the dashboard's end-to-end test"
  apt_install chromium || { apt-get update -q >/dev/null 2>&1 || sudo apt-get update -q >/dev/null; apt_install chromium; }
fi
echo "[browser] $(/usr/bin/chromium --version 2>/dev/null | head -1); node $(node --version)"
