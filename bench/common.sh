# Shared by the benchmark scripts: build once, the classpath, a simulator in its own JVM.
# Benchmarks are not tests: they print numbers; nothing here asserts on time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/target/bench}"
mkdir -p "$OUT"
export SPARK_LOCAL_IP=127.0.0.1
SIM_PIDS=()

build() {
  if [[ -z "${BENCH_NO_BUILD:-}" ]]; then
    (cd "$ROOT" && ./mvnw -B -o -q -DskipTests package) >&2
  fi
  CP="$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/classpath.txt")"
}

# start_sim PORT LATENCY_MS [SIMULATOR FLAGS...]: a simulator in a separate JVM (its CPU is not
# the client's)
start_sim() {
  local port="$1" latency="$2"
  shift 2
  SDG_JAVA_OPTS="-Xmx1g" "$ROOT/submit/sdg" simulate --port "$port" --latency-ms "$latency" "$@" \
    >"$OUT/sim-$port.log" 2>&1 &
  SIM_PIDS+=($!)
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "bench: the simulator on port $port did not start; see $OUT/sim-$port.log" >&2
  return 1
}

stop_sims() {
  for pid in "${SIM_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  SIM_PIDS=()
}
trap stop_sims EXIT

# sim_stats PORT: the simulator's own counters (GET /sim/stats, one JSON object)
sim_stats() {
  curl -sf "http://127.0.0.1:$1/sim/stats"
}

client_bench() {
  java -Xmx2g -cp "$CP" io.sparksdg.bench.ClientBench "$@"
}

load_note() {
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
}

# prompts_file N: N imported prompts, a few shared system-style prefixes, in $OUT
prompts_file() {
  local n="$1" file="$OUT/prompts-$1.jsonl"
  [[ -f "$file" ]] || python3 - "$n" "$file" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
prefixes = ["Explain to a beginner", "Write a short poem about", "Summarize the history of",
            "List three facts about", "Compare the pros and cons of"]
with open(path, "w") as f:
    for i in range(n):
        f.write(json.dumps({"id": f"p{i:08d}", "prompt": f"{prefixes[i % 5]} subject {i}."}) + "\n")
PY
  echo "$file"
}

# run_job LOG PROMPTS GEN_URL REWARD_URL CONCURRENCY [--set ...]: the real job in local mode
run_job() {
  local log="$1" prompts="$2" gen="$3" reward="$4" conc="$5"; shift 5
  local out="$OUT/job-out"
  rm -rf "$out"
  "$ROOT/submit/sdg" run --config "$ROOT/bench/bench.yaml" --out "$out" \
    --set prompts.import="$prompts" \
    --set endpoints.generator.base-url="$gen" --set endpoints.reward.base-url="$reward" \
    --set endpoints.generator.max-concurrency="$conc" --set endpoints.reward.max-concurrency="$conc" \
    "$@" >"$log" 2>&1
}
