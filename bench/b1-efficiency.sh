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
# job level: the generator slow (200 ms), the reward model instant so the run stays short. Two
# figures: the generator's own window (its first request to its last reply, from the simulator:
# Spark's start-up and the shuffle before the first call are not counted), and the step's wall time
# from the job's log (everything the step does, scoring each response as it arrives included).
# B1_JOB_SETS adds --set options, e.g. "--set run.pipeline=false" for the responses alone.
start_sim 18201 200
start_sim 18202 0
prompts="$(prompts_file "$N")"
run_job "$OUT/b1-job.log" "$prompts" http://127.0.0.1:18201 http://127.0.0.1:18202 256 \
  --set responses.per-prompt=1 ${B1_JOB_SETS:-}
secs="$(grep -o 'Stage responses: calls finished in [0-9.]*' "$OUT/b1-job.log" | grep -o '[0-9.]*$')"
python3 - "$N" "$secs" "$(sim_stats 18201)" <<'PY'
import json, sys
n, s, gen = int(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3])
window = (gen["lastReplyMillis"] - gen["firstRequestMillis"]) / 1000
print(json.dumps({"client": "spark-job-responses-L200-C256", "requests": n,
                  "generator_window_s": round(window, 2),
                  "efficiency": round(n / window / 1280, 4), "step_seconds": s,
                  "step_efficiency": round(n / s / 1280, 4), "ceiling_rps": 1280.0}))
PY
stop_sims
load_note
