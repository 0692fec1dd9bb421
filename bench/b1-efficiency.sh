#!/usr/bin/env bash
# B1: efficiency against the ceiling a server allows: requests/second over C/L, whole run incl. tail.
# Client level (HttpModelClients + InFlight, 2 tasks sharing the budget) for (L=200 ms, C=256) and
# (L=50 ms, C=64); then the real job's responses stage in local mode (L=200 ms, C=256).
# Usage: bench/b1-efficiency.sh [REQUESTS] (default 25600: 20 s at the ceiling)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N="${1:-25600}"
build
load_note
for lc in "200 256" "50 64"; do
  set -- $lc
  start_sim 18201 "$1"
  client_bench --base-url http://127.0.0.1:18201 --requests "$N" --concurrency "$2" --tasks 2 \
    --warmup 3000 --latency-ms "$1" --label "java-L$1-C$2"
  stop_sims
done
# Job level: the generator slow (200 ms), the reward model instant so the run stays short. Two
# figures: the generator's own window (its first request to its last reply, from the simulator:
# Spark's start-up and the shuffle before the first call are not counted), and the step's wall time
# from the job's log (everything the step does, scoring each response as it arrives included).
# The simulators stand in for long-running servers on other machines: each is warmed (6,000
# requests, so its JIT is done) and its window reset before the job, since on this machine its
# start-up would otherwise take the job's CPU. Three rows: the responses alone (run.pipeline=false)
# at N and at 3N requests (a fresh driver JVM compiles Spark's and the client's hot code with C2
# during the first 20-30 s, which the longer run amortises), and the default pipeline at N, where
# every response is also scored by the (instant) reward model in the same window: twice the calls
# on the same 2 cores. B1_JOB_SETS adds --set options to every job row.
job_row() {
  local label="$1" n="$2"; shift 2
  start_sim 18201 200
  start_sim 18202 0
  for port in 18201 18202; do
    client_bench --base-url "http://127.0.0.1:$port" --requests 6000 --concurrency 256 --tasks 2 \
      --warmup 0 --latency-ms 1 --label warm-up >/dev/null
    curl -sf -X POST "http://127.0.0.1:$port/sim/stats/reset" >/dev/null
  done
  local prompts secs
  prompts="$(prompts_file "$n")"
  run_job "$OUT/b1-job-$label.log" "$prompts" http://127.0.0.1:18201 http://127.0.0.1:18202 256 \
    --set responses.per-prompt=1 "$@" ${B1_JOB_SETS:-}
  secs="$(grep -o 'Stage responses: calls finished in [0-9.]*' "$OUT/b1-job-$label.log" | grep -o '[0-9.]*$')"
  python3 - "$label" "$n" "$secs" "$(sim_stats 18201)" <<'PY'
import json, sys
label, n, s, gen = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
window = (gen["lastReplyMillis"] - gen["firstRequestMillis"]) / 1000
print(json.dumps({"client": "spark-job-" + label + "-L200-C256", "requests": n,
                  "generator_window_s": round(window, 2),
                  "efficiency": round(n / window / 1280, 4), "step_seconds": s,
                  "step_efficiency": round(n / s / 1280, 4), "ceiling_rps": 1280.0}))
PY
  stop_sims
}
job_row responses-alone "$N" --set run.pipeline=false
job_row responses-alone "$((3 * N))" --set run.pipeline=false
job_row pipelined "$N"
load_note
