# Shared by the process-level benchmarks (latency.sh, portkey.sh): builds the jars, starts the stub
# upstream and Subgate's deployable jar (PostgreSQL and Redis on loopback, a fresh schema and Redis
# namespace), provisions one API-key account, group, user and key, and measures with wrk. Source it
# after setting `latency` (the stub's delay in ms) and `port` (the gateway's); it sets `stub`,
# `base`, `key`, `gateway_pid`, `work` and cleans everything up on exit.
command -v wrk >/dev/null || { echo "[bench] installing wrk from Debian's packages"; apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; }
scripts/test-services.sh >/dev/null
./mvnw -B -q -ntp -pl gateway-fn,bench -am package -DskipTests
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
work="$(mktemp -d)"
schema="bench_$(date +%s)"
export PGPASSWORD=subgate
psql_q() { psql -h 127.0.0.1 -U subgate -d subgate_test -tAq -c "$1"; }
psql_q "CREATE SCHEMA $schema"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql_q "DROP SCHEMA IF EXISTS $schema CASCADE" || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken (an earlier run still going?)"; exit 2; fi

java -XX:+UseSerialGC -Xmx256m -DSUBGATE_LOG_LEVEL=WARN -cp "$cp" io.subgate.bench.StubServer "$latency" 1800 \
  >"$work/stub.out" 2>"$work/stub.err" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/stub.out" ] && break; sleep 0.1; done
stub="$(head -1 "$work/stub.out")"

admin="bench-admin-token-0123456789"
SUBGATE_MODE=production \
SUBGATE_ADMIN_TOKEN="$admin" \
SUBGATE_CRYPTO_KEY="$(head -c32 /dev/urandom | base64)" \
SUBGATE_LOG_LEVEL=WARN \
SUBGATE_REDIS_NAMESPACE="$schema:" \
REDIS_URI=redis://127.0.0.1:6379 \
DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/subgate_test?currentSchema=$schema" \
DATASOURCES_DEFAULT_DRIVER_CLASS_NAME=org.postgresql.Driver \
DATASOURCES_DEFAULT_USERNAME=subgate DATASOURCES_DEFAULT_PASSWORD=subgate \
SUBGATE_PLATFORMS_ANTHROPIC_API_BASE_URL="$stub" \
MICRONAUT_SERVER_PORT="$port" \
  java ${GATEWAY_JAVA_OPTS--XX:+UseParallelGC} -jar gateway-fn/target/gateway-fn-all.jar >"$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -fsS "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$base/health" >/dev/null || { echo "gateway did not start"; cat "$work/gateway.log"; exit 1; }

api() { curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
id_of() { sed -E 's/^\{"id":([0-9]+).*/\1/'; }
account=$(api "$base/admin/accounts" -d "{\"name\":\"bench\",\"platform\":\"anthropic\",\"type\":\"apikey\",\"concurrency\":1000,\"credentials\":{\"api_key\":\"sk-bench\"}}" | id_of)
group=$(api "$base/admin/groups" -d '{"name":"bench","platform":"anthropic"}' | id_of)
api "$base/admin/groups/$group/accounts" -d "{\"account_ids\":[$account]}" >/dev/null
user=$(api "$base/admin/users" -d '{"name":"bench","concurrency":1000}' | id_of)
key=$(api "$base/admin/api-keys" -d "{\"user_id\":$user,\"group_id\":$group,\"name\":\"bench\"}" | sed -E 's/.*"key":"([^"]+)".*/\1/')
# BENCH_BUDGETS=key: the key holds a day budget (never reached): one meter per request.
# BENCH_BUDGETS=all: the key, its user and its group each hold a budget in every window and the
# user and group a request rate: 14 meters per request.
key_id() { api "$base/admin/api-keys?user_id=$user" | sed -E 's/.*"id":([0-9]+).*/\1/'; }
case "${BENCH_BUDGETS:-}" in
  key)
    api -X PUT "$base/admin/api-keys/$(key_id)/limits" -d '{"budgets":{"day":1000000}}' >/dev/null
    echo "budgets on: the key's day" ;;
  all)
    budgets='"budgets":{"5h":1000000,"day":1000000,"week":1000000,"month":1000000}'
    api -X PUT "$base/admin/api-keys/$(key_id)/limits" -d "{$budgets}" >/dev/null
    api -X PUT "$base/admin/users/$user/limits" -d "{\"requests_per_minute\":1000000,$budgets}" >/dev/null
    api -X PUT "$base/admin/groups/$group/limits" -d "{\"requests_per_minute\":1000000,$budgets}" >/dev/null
    echo "budgets on: key, user and group (4 windows each), user and group rates" ;;
esac

# CPU time (ms) a process has used: utime + stime from /proc, in clock ticks.
hz=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$hz" '{sub(/^.*\) /, ""); print ($12 + $13) * 1000 / hz}' "/proc/$1/stat"; }

# A wrk script posting one Messages request ({"stream": $2}) with the headers given after it as
# name=value; its done() prints "RESULT requests p50us p99us errors".
wrk_script() { # file stream header=value...
  local file="$1" stream="$2"; shift 2
  {
    echo 'wrk.method = "POST"'
    echo 'wrk.headers["content-type"] = "application/json"'
    for h in "$@"; do echo "wrk.headers[\"${h%%=*}\"] = \"${h#*=}\""; done
    echo "wrk.body = '{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,\"stream\":$stream,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'"
    cat <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d\n", summary.requests, latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
  } >"$file"
}

# Prints "requests p50us p99us errors" of one wrk run.
wrk_run() { # url concurrency script seconds
  local threads=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$2" -d"$4"s -s "$3" "$1" | awk '/^RESULT/ {print $2, $3, $4, $5}'
}

# Load through a gateway at 16 connections until its JIT has settled: 10 s rounds until two in a
# row are each no more than 5 % above the best before them, after at least BENCH_WARMUP seconds
# (60) and at most BENCH_WARMUP_MAX (240). On two cores shared with wrk, the stub, Redis and
# PostgreSQL, C2 keeps compiling for a minute or more: a fixed 20-30 s warm-up measured a gateway
# still at a third of its warm rate. Prints the rounds' rates.
warm_up() { # url script label
  local min="${BENCH_WARMUP:-60}" max="${BENCH_WARMUP_MAX:-240}" spent=0 best=0 flat=0 n rates=""
  while [ "$spent" -lt "$max" ]; do
    read -r n _ _ _ <<<"$(wrk_run "$1" 16 "$2" 10)"
    spent=$((spent + 10)); n=$((n / 10)); rates="$rates $n"
    if [ $((n * 100)) -le $((best * 105)) ]; then flat=$((flat + 1)); else flat=0; fi
    [ "$n" -gt "$best" ] && best=$n
    if [ "$spent" -ge "$min" ] && [ "$flat" -ge 2 ]; then break; fi
  done
  echo "warm-up $3 (req/s per 10 s round):$rates"
}
