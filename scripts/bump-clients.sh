#!/usr/bin/env bash
# Moves the real clients the suite runs (Claude Code, the Codex CLI, the Gemini CLI) to the newest
# versions on the npm registry — or to the versions given, e.g.
#   scripts/bump-clients.sh @anthropic-ai/claude-code@2.1.328 @openai/codex@0.169.0
# — reinstalls them, runs RealClientsTest against the provider-faithful stubs, and prints what
# changed in the requests the clients sent (new or gone headers, body fields, beta flags) against
# the shapes recorded at the last bump (gateway-fn/src/test/clients/shapes.json, then updated).
# Review the printed changes and commit package.json, package-lock.json and shapes.json together.
set -euo pipefail
cd "$(dirname "$0")/.."
src=gateway-fn/src/test/clients
declare -A pins=()
for spec in "$@"; do
  name="${spec%@*}"; version="${spec##*@}"
  [ -n "$name" ] && [ "$name" != "$spec" ] || { echo "usage: $0 [package@version ...]" >&2; exit 2; }
  pins["$name"]="$version"
done
for name in $(node -e 'console.log(Object.keys(require("./'"$src"'/package.json").dependencies).join(" "))'); do
  version="${pins[$name]:-$(npm view "$name" version)}"
  echo "[bump] $name -> $version"
  node -e '
    const fs = require("fs"), f = process.argv[1], p = JSON.parse(fs.readFileSync(f));
    p.dependencies[process.argv[2]] = process.argv[3];
    fs.writeFileSync(f, JSON.stringify(p, null, 2) + "\n");' "$src/package.json" "$name" "$version"
done
(cd "$src" && npm install --package-lock-only --no-audit --no-fund --loglevel=error)
scripts/install-clients.sh
scripts/test-services.sh
./mvnw -B -ntp -q install -DskipTests
status=0
./mvnw -B -ntp verify -pl gateway-fn -Dtest=RealClientsTest -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true || status=$?
recorded=gateway-fn/target/real-clients/shapes.json
if [ -f "$recorded" ]; then
  node - "$src/shapes.json" "$recorded" <<'JS'
const fs = require("fs");
const [before, after] = process.argv.slice(2).map(f => fs.existsSync(f) ? JSON.parse(fs.readFileSync(f)) : {});
let changes = 0;
for (const client of new Set([...Object.keys(before), ...Object.keys(after)])) {
  const a = before[client] || {}, b = after[client] || {};
  console.log(`[bump] ${client}: ${a.version || "-"} -> ${b.version || "-"}`);
  for (const part of ["path", "headers", "body", "betas"]) {
    const x = [].concat(a[part] || []), y = [].concat(b[part] || []);
    for (const v of y.filter(v => !x.includes(v))) { console.log(`  + ${part}: ${v}`); changes++; }
    for (const v of x.filter(v => !y.includes(v))) { console.log(`  - ${part}: ${v}`); changes++; }
  }
}
console.log(changes ? `[bump] ${changes} change(s) in what the clients send` : "[bump] the clients send the same request shapes");
JS
  cp "$recorded" "$src/shapes.json"
fi
[ "$status" = 0 ] && echo "[bump] RealClientsTest passed on the new versions" || echo "[bump] RealClientsTest FAILED on the new versions (see above)"
exit "$status"
