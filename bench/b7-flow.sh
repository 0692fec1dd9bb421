#!/usr/bin/env bash
# B7: streaming flow through two servers (#20). A generator with 64 slots and heavy-tailed service
# times (lognormal, mean 600 ms, sigma 1.0; it queues what its slots cannot take) and a reward model
# with 32 slots and 300 ms; PROMPTS prompts x 2 responses, every response scored. Both servers have
# the same work per slot (PROMPTS x 2 x 600 ms / 64 = PROMPTS x 2 x 300 ms / 32), so a client that
# streams each response on to the reward model as soon as it arrives keeps both busy at once.
#
# Efficiency = the busier server's own work (its serviceMillis / its slots) over the run's window,
# the generator's first request to the reward model's last reply (both stamped by the simulators,
# so Spark's start-up is not counted). Runs, each against freshly started simulators:
#   client        bench/flow_client.py: a minimal pipelined asyncio client, one semaphore per
#                 server (64 and 32), in a venv under $OUT/venv (aiohttp from PyPI)
#   job-adaptive  the real job in local mode, generator max-concurrency 64, reward 32, adaptive
#   job-fixed     the same with adaptive=false (on the endpoints in B7_FIXED_ENDPOINTS, default
#                 both; "generator" for the generator only)
#   job-staged    job-adaptive with run.pipeline=false: responses, then scores (one step after
#                 the other, as before the streaming flow)
# B7_JOB_SETS adds --set options to the job runs (e.g. "--set run.partitions=4").
# B7_LATENCY_BY: what the generator draws a service time from. "conversation" (the default): the
# messages and how many bodies with them came before, so the client and the job, which send the same
# conversations with other seeds and in another order, are served the same set of service times;
# "body": the whole request body, so each is served its own draw (the tail then differs by chance).
# B7_SEEDS="0 1 2 3 4" repeats every run per simulator seed and ends with each run's mean over them.
# Usage: bench/b7-flow.sh [PROMPTS] [RUN...]      (default 1500 and all four runs)
#    or: B7_PROMPTS=300 B7_RUNS="client job-fixed" bench/b7-flow.sh
# Prints one JSON line per run and appends it to $OUT/b7.jsonl; "vs_client" is the run's
# efficiency over the client's (this invocation's, else the last client line in b7.jsonl for the
# same number of prompts).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N="${1:-${B7_PROMPTS:-1500}}"
shift || true
RUNS=("$@")
[[ ${#RUNS[@]} -gt 0 ]] || read -r -a RUNS <<<"${B7_RUNS:-client job-adaptive job-fixed job-staged}"
for run in "${RUNS[@]}"; do
  case "$run" in client | job-adaptive | job-fixed | job-staged) ;; *)
    echo "b7: unknown run '$run' (client, job-adaptive, job-fixed, job-staged)" >&2
    exit 2
    ;;
  esac
done
GEN_PORT=18271 REWARD_PORT=18272
GEN_SLOTS=64 REWARD_SLOTS=32
PER_PROMPT=2 # bench/bench.yaml's responses.per-prompt
FIXED_ENDPOINTS="${B7_FIXED_ENDPOINTS:-generator reward}"
JSONL="$OUT/b7.jsonl"

build
prompts="$(prompts_file "$N")"

venv_python() {
  local venv="$OUT/venv"
  if ! "$venv/bin/python" -c 'import aiohttp' 2>/dev/null; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q aiohttp >&2
  fi
  echo "$venv/bin/python"
}

# B7_SEED: the simulators' seed (their latency draws hash the request with it), to see how much a
# figure owes to where the slowest draws fall
LATENCY_BY="${B7_LATENCY_BY:-conversation}"
read -r -a SEEDS <<<"${B7_SEEDS:-${B7_SEED:-0}}"
start_servers() {
  start_sim "$GEN_PORT" 600 --latency-sigma 1.0 --latency-by "$LATENCY_BY" --slots "$GEN_SLOTS" \
    --seed "$SEED"
  start_sim "$REWARD_PORT" 300 --slots "$REWARD_SLOTS" --seed "$SEED"
}

# report LABEL EXTRA_JSON: one JSON line from both simulators' stats
report() {
  local label="$1" extra="$2" gen reward
  gen="$(sim_stats "$GEN_PORT")"
  reward="$(sim_stats "$REWARD_PORT")"
  python3 - "$label" "$N" "$PER_PROMPT" "$GEN_SLOTS" "$REWARD_SLOTS" "$gen" "$reward" "$extra" \
    "$JSONL" "$SEED" "$LATENCY_BY" <<'PY' | tee -a "$JSONL"
import json, sys
label, n, per, gslots, rslots = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
gen, reward, extra, jsonl = json.loads(sys.argv[6]), json.loads(sys.argv[7]), json.loads(sys.argv[8]), sys.argv[9]
seed, latency_by = int(sys.argv[10]), sys.argv[11]
window_ms = reward["lastReplyMillis"] - gen["firstRequestMillis"]
if gen["firstRequestMillis"] == 0 or reward["lastReplyMillis"] == 0 or window_ms <= 0:
    window_ms = None
def busy(stats, slots):
    return None if window_ms is None else stats["serviceMillis"] / slots / window_ms
gen_busy, reward_busy = busy(gen, gslots), busy(reward, rslots)
eff = None if window_ms is None else max(gen_busy, reward_busy)
client_eff = None
if label == "client":
    client_eff = eff
else:
    try:
        with open(jsonl) as f:
            for line in f:
                row = json.loads(line)
                same_draw = row.get("seed", 0) == seed and row.get("latency_by", "body") == latency_by
                if row.get("label") == "client" and row.get("prompts") == n and same_draw and row.get("efficiency"):
                    client_eff = row["efficiency"]
    except FileNotFoundError:
        pass
r4 = lambda x: None if x is None else round(x, 4)
print(json.dumps({
    "label": label,
    "prompts": n,
    "seed": seed,
    "latency_by": latency_by,
    "generator_requests": gen["requests"],
    "reward_requests": reward["requests"],
    "expected_each": n * per,
    "generator_ok": gen["ok"],
    "reward_ok": reward["ok"],
    "window_s": None if window_ms is None else round(window_ms / 1000, 2),
    "gen_busy": r4(gen_busy),
    "reward_busy": r4(reward_busy),
    "efficiency": r4(eff),
    "vs_client": None if eff is None or not client_eff else round(eff / client_eff, 4),
    "gen_peak_queued": gen["peakQueued"],
    "reward_peak_queued": reward["peakQueued"],
    "gen_peak_in_flight": gen["peakInFlight"],
    "reward_peak_in_flight": reward["peakInFlight"],
    **extra,
}))
PY
}

load_note >&2
first_line=$(($(wc -l <"$JSONL" 2>/dev/null || echo 0) + 1))
for SEED in "${SEEDS[@]}"; do
  for run in "${RUNS[@]}"; do
    start_servers
    gen_url="http://127.0.0.1:$GEN_PORT" reward_url="http://127.0.0.1:$REWARD_PORT"
    started=$(date +%s.%N)
    rc=0
    case "$run" in
      client)
        py="$(venv_python)"
        "$py" "$(dirname "${BASH_SOURCE[0]}")/flow_client.py" --prompts "$prompts" \
          --gen-url "$gen_url" --reward-url "$reward_url" --per-prompt "$PER_PROMPT" \
          --gen-concurrency "$GEN_SLOTS" --reward-concurrency "$REWARD_SLOTS" \
          >"$OUT/b7-client.out" 2>"$OUT/b7-client.err" || rc=$?
        ;;
      job-adaptive | job-fixed | job-staged)
        sets=()
        if [[ "$run" == job-fixed ]]; then
          for ep in $FIXED_ENDPOINTS; do sets+=(--set "endpoints.$ep.adaptive=false"); done
        elif [[ "$run" == job-staged ]]; then
          sets+=(--set run.pipeline=false)
        fi
        # run_job gives both endpoints one budget; the later --set gives the reward model its own
        run_job "$OUT/b7-$run.log" "$prompts" "$gen_url" "$reward_url" "$GEN_SLOTS" \
          --set endpoints.reward.max-concurrency="$REWARD_SLOTS" "${sets[@]}" ${B7_JOB_SETS:-} || rc=$?
        ;;
    esac
    wall=$(python3 -c "import time; print(round(time.time() - $started, 1))")
    extra="{\"rc\": $rc, \"wall_s\": $wall"
    if [[ "$run" == job-adaptive ]]; then
      extra+=", \"adaptive\": true"
    elif [[ "$run" == job-fixed ]]; then
      extra+=", \"adaptive\": false, \"fixed_endpoints\": \"$FIXED_ENDPOINTS\""
    elif [[ "$run" == job-staged ]]; then
      extra+=", \"adaptive\": true, \"pipeline\": false"
    fi
    extra+="}"
    [[ $rc -eq 0 ]] || echo "b7: run $run exited with $rc; see $OUT/b7-*.log / b7-client.err" >&2
    report "$run" "$extra"
    stop_sims
  done
done
if [[ ${#SEEDS[@]} -gt 1 ]]; then
  # each run's mean over this invocation's seeds
  tail -n +"$first_line" "$JSONL" | python3 -c '
import json, sys
rows = [json.loads(line) for line in sys.stdin]
for label in dict.fromkeys(r["label"] for r in rows):
    mine = [r for r in rows if r["label"] == label and r["efficiency"] is not None]
    eff = sum(r["efficiency"] for r in mine) / len(mine)
    vs = [r["vs_client"] for r in mine if r["vs_client"] is not None]
    print(json.dumps({"label": label, "seeds": [r["seed"] for r in mine], "mean_efficiency": round(eff, 4),
                      "mean_vs_client": round(sum(vs) / len(vs), 4) if vs else None,
                      "min_vs_client": min(vs) if vs else None}))'
fi
load_note >&2
