#!/usr/bin/env bash
# Makes sure the services the test suite talks to answer on loopback:
#   PostgreSQL on 127.0.0.1:5432 with role/database "subgate"/"subgate_test",
#   Redis on 127.0.0.1:6379;
# and puts Prometheus' own promtool (which parses /metrics in MetricsTest) at .tools/promtool,
# extracted from Debian's prometheus package without installing or starting the server.
# Starts them when they are installed but stopped, installs them (apt) when absent.
# Skips PostgreSQL setup when SUBGATE_TEST_PG_URL points elsewhere, Redis when SUBGATE_TEST_REDIS_URI does.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
APT_UPDATED=0

log() { echo "[test-services] $*"; }

apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

redis_ping() {
  local reply=""
  { exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && read -r -t 2 reply <&3; } 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  [[ "$reply" == +PONG* ]]
}

wait_for() {
  local what=$1; shift
  for _ in $(seq 1 60); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  log "$what did not come up"; return 1
}

ensure_redis() {
  if [ -n "${SUBGATE_TEST_REDIS_URI:-}" ]; then log "Redis: using $SUBGATE_TEST_REDIS_URI"; return; fi
  if redis_ping; then log "Redis: answering on 127.0.0.1:6379"; return; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    log "Redis: installing redis-server"; apt_install redis-server
  fi
  log "Redis: starting"
  local dir="${TMPDIR:-/tmp}/subgate-redis"; mkdir -p "$dir"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$dir" --logfile "$dir/redis.log"
  wait_for "Redis" redis_ping
}

pg_ready() { tcp_open 127.0.0.1 5432; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

ensure_postgres() {
  if [ -n "${SUBGATE_TEST_PG_URL:-}" ]; then log "PostgreSQL: using $SUBGATE_TEST_PG_URL"; return; fi
  if ! pg_ready; then
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
      log "PostgreSQL: installing postgresql"; apt_install postgresql
    fi
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if [ ! -d "/etc/postgresql/$version/main" ]; then
      log "PostgreSQL: creating cluster $version/main"; $SUDO pg_createcluster "$version" main >/dev/null
    fi
    log "PostgreSQL: starting cluster $version/main"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for "PostgreSQL" pg_ready
  else
    log "PostgreSQL: answering on 127.0.0.1:5432"
  fi
  as_postgres psql -v ON_ERROR_STOP=1 -qAt <<'SQL' >/dev/null
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'subgate') THEN
    CREATE ROLE subgate LOGIN PASSWORD 'subgate';
  END IF;
END $$;
SELECT 'CREATE DATABASE subgate_test OWNER subgate'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'subgate_test')\gexec
SQL
  log "PostgreSQL: role subgate and database subgate_test ready"
}

ensure_promtool() {
  local root tool
  root="$(cd "$(dirname "$0")/.." && pwd)"; tool="$root/.tools/promtool"
  if [ -x "$tool" ]; then log "promtool: $tool"; return; fi
  if command -v promtool >/dev/null 2>&1; then
    mkdir -p "$root/.tools"; ln -sf "$(command -v promtool)" "$tool"; log "promtool: $(command -v promtool)"; return
  fi
  local work; work=$(mktemp -d)
  log "promtool: extracting it from Debian's prometheus package"
  if ! (cd "$work" && apt-get download prometheus >/dev/null 2>&1); then
    $SUDO apt-get update -qq; APT_UPDATED=1
    (cd "$work" && apt-get download prometheus >/dev/null)
  fi
  dpkg-deb -x "$work"/prometheus_*.deb "$work/x"
  mkdir -p "$root/.tools"; cp "$work/x/usr/bin/promtool" "$tool"; rm -rf "$work"
  "$tool" --version 2>&1 | head -n 1
}

ensure_postgres
ensure_redis
ensure_promtool
