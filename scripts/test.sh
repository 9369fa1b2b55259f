#!/usr/bin/env bash
# The whole test suite: starts (or installs) PostgreSQL and Redis, installs the pinned real clients
# (Claude Code, Codex CLI, Gemini CLI) from npm into .tools/clients and Chromium for the dashboard's
# end-to-end test, then builds and tests every module (the dashboard's npm build and Vitest tests
# included) with the formatter check and Error Prone. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-services.sh
scripts/install-clients.sh
scripts/install-browser.sh
echo "[test] static checks in every compile: spotless (google-java-format 1.28.0) check, Error Prone 2.42.0 with NullAway 0.14.3 as a javac plugin (errors fail the build)"
exec ./mvnw -B -ntp verify "$@"
