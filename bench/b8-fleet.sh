#!/usr/bin/env bash
# B8: fleets (#18). Two runs of the real job in local mode, each under 4 minutes:
#   replicas  the generator on three simulator replicas (B8_SLOTS slots each, B8_LATENCY_MS ms,
#             max-concurrency = slots per replica), the reward model on a fourth, fast simulator;
#             B8_PROMPTS prompts x 2 responses = the generator's calls. Replica 2 is killed
#             (SIGKILL) once the replicas have served a third of the calls, and started again on
#             the same port B8_DOWN_S seconds later. Reported: seconds from the kill to the
#             ejection (the job's log line), seconds from the restart to the first call the new
#             process receives, the survivors' in-flight (GET /sim/stats every 0.5 s while replica 2
#             is out) against their limits, and the ids accounted for (responses + failures).
#   keys      one simulator taking two keys; the generator holds both, with budgets of
#             B8_RPM_A and B8_RPM_B requests per minute (api-keys). The job runs ~B8_KEYS_S s of
#             calls. Reported: each key's request rate from its first call to its last (a bucket
#             starts with a second's worth, so the job paces from the start), and over the first
#             minute, against its budget.
# Usage: bench/b8-fleet.sh [replicas] [keys]       (default both)
# Prints one JSON line per run and appends it to $OUT/b8.jsonl.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RUNS=("$@")
[[ ${#RUNS[@]} -gt 0 ]] || RUNS=(replicas keys)
N="${B8_PROMPTS:-1500}"
SLOTS="${B8_SLOTS:-32}"
LATENCY="${B8_LATENCY_MS:-1000}"
DOWN_S="${B8_DOWN_S:-10}"
RPM_A="${B8_RPM_A:-600}" RPM_B="${B8_RPM_B:-300}"
KEYS_S="${B8_KEYS_S:-70}"
PORTS=(18281 18282 18283) REWARD_PORT=18284 KEYS_PORT=18285
JSONL="$OUT/b8.jsonl"
build
load_note >&2

now() { date +%s.%N; }

# served PORT...: the chat requests those simulators received, summed
served() {
  local total=0 n
  for p in "$@"; do
    n=$(sim_stats "$p" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])' 2>/dev/null || echo 0)
    total=$((total + n))
  done
  echo "$total"
}

run_replicas() {
  local gen_urls="" pid2 kill_at restart_at samples="$OUT/b8-samples.jsonl" log="$OUT/b8-replicas.log"
  for p in "${PORTS[@]}"; do
    start_sim "$p" "$LATENCY" --slots "$SLOTS"
    gen_urls+="${gen_urls:+, }http://127.0.0.1:$p"
  done
  pid2="${SIM_PIDS[1]}"
  start_sim "$REWARD_PORT" 5
  prompts="$(prompts_file "$N")"
  : >"$samples"
  # the job's log with milliseconds, to time the ejection
  sed 's/%d{HH:mm:ss}/%d{HH:mm:ss.SSS}/' "$ROOT/conf/log4j2.properties" >"$OUT/b8-log4j2.properties"
  started=$(now)
  SDG_LOG4J="$OUT/b8-log4j2.properties" run_job "$log" "$prompts" "[$gen_urls]" "http://127.0.0.1:$REWARD_PORT" "$SLOTS" \
    --set endpoints.reward.max-concurrency=64 &
  local job=$!
  # a third of the calls, then the kill
  while kill -0 "$job" 2>/dev/null && (($(served "${PORTS[@]}") < N * 2 / 3)); do sleep 0.2; done
  kill_at=$(now)
  kill -9 "$pid2" 2>/dev/null || true
  # the survivors' in-flight every 0.5 s while replica 2 is out
  python3 - "$samples" "$DOWN_S" "${PORTS[0]}" "${PORTS[2]}" <<'PY'
import json, sys, time, urllib.request
path, down, ports = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
end = time.time() + down
with open(path, "a") as out:
    while time.time() < end:
        tick = time.time()
        for p in ports:
            try:
                s = json.load(urllib.request.urlopen(f"http://127.0.0.1:{p}/sim/stats", timeout=1))
                out.write(json.dumps({"t": time.time(), "port": int(p), "in_flight": s["inFlightNow"],
                                      "queued": s["queuedNow"]}) + "\n")
            except OSError:
                pass
        time.sleep(max(0, 0.5 - (time.time() - tick)))
PY
  start_sim "${PORTS[1]}" "$LATENCY" --slots "$SLOTS"
  restart_at=$(now)
  local rc=0
  wait "$job" || rc=$?
  local wall
  wall=$(python3 -c "print(round($(now) - $started, 1))")
  python3 - "$log" "$OUT/job-out/_metrics.json" "$samples" "$kill_at" "$restart_at" "$N" "$SLOTS" \
    "$(sim_stats "${PORTS[1]}")" "$rc" "$wall" <<'PY' | tee -a "$JSONL"
import datetime, json, re, sys
log, metrics_path, samples_path = sys.argv[1], sys.argv[2], sys.argv[3]
kill_at, restart_at, n, slots = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
back, rc, wall = json.loads(sys.argv[8]), int(sys.argv[9]), float(sys.argv[10])
day = datetime.datetime.fromtimestamp(kill_at).date()
def stamp(line):  # the log's HH:MM:SS.mmm, on the kill's day, local time
    t = datetime.datetime.strptime(line.split(" ", 1)[0], "%H:%M:%S.%f").time()
    return datetime.datetime.combine(day, t).timestamp()
ejected = returned = None
for line in open(log, errors="replace"):
    if "ReplicaSet" not in line:
        continue
    if "replica 2 of 3" in line and " ejected " in line and ejected is None and stamp(line) >= kill_at - 1:
        ejected = stamp(line)
    if "replica 2 of 3" in line and "answers again" in line and stamp(line) >= restart_at - 1:
        returned = returned or stamp(line)
samples = [json.loads(l) for l in open(samples_path)]
# the outage after the first 2 s (calls that were on replica 2 are being retried elsewhere)
steady = [s["in_flight"] for s in samples if s["t"] >= kill_at + 2]
m = json.load(open(metrics_path))
gen = m["endpoints"]["generator"]
rows = m["rows"]
first_call = back.get("firstRequestMillis", 0) / 1000
print(json.dumps({
    "label": "replicas", "prompts": n, "rc": rc, "wall_s": wall,
    "kill_to_ejection_s": None if ejected is None else round(ejected - kill_at, 2),
    "restart_to_probe_ok_s": None if returned is None else round(returned - restart_at, 2),
    "restart_to_first_call_s": None if not first_call else round(first_call - restart_at, 2),
    "calls_to_restarted": back.get("requests"),
    "survivor_limit": slots,
    "survivor_in_flight_mean": None if not steady else round(sum(steady) / len(steady), 1),
    "survivor_in_flight_min": None if not steady else min(steady),
    "survivor_samples": len(steady),
    "responses": rows.get("responses"), "failures": rows.get("failures"),
    "expected_ids": n * 2,
    "ids_accounted": rows.get("responses", 0) + rows.get("failures", 0) == n * 2,
    "replicas": gen.get("replicas"),
}))
PY
  stop_sims
}

run_keys() {
  local log="$OUT/b8-keys.log" samples="$OUT/b8-key-samples.jsonl"
  export B8_KEY_A="b8-key-a-$RANDOM$RANDOM" B8_KEY_B="b8-key-b-$RANDOM$RANDOM"
  start_sim "$KEYS_PORT" 20 --require-key-env B8_KEY_A,B8_KEY_B
  start_sim "$REWARD_PORT" 5
  # enough calls for KEYS_S seconds at both budgets (2 responses a prompt)
  local n=$(((RPM_A + RPM_B) * KEYS_S / 60 / 2))
  prompts="$(prompts_file "$n")"
  : >"$samples"
  started=$(now)
  run_job "$log" "$prompts" "http://127.0.0.1:$KEYS_PORT" "http://127.0.0.1:$REWARD_PORT" 32 \
    --set "endpoints.generator.api-keys=[{env: B8_KEY_A, requests-per-minute: $RPM_A}, {env: B8_KEY_B, requests-per-minute: $RPM_B}]" \
    --set endpoints.reward.max-concurrency=64 &
  local job=$!
  while kill -0 "$job" 2>/dev/null; do
    sim_stats "$KEYS_PORT" | python3 -c "import json,sys,time; s=json.load(sys.stdin); print(json.dumps({'t': time.time(), 'by_key': s['requestsByKey']}))" >>"$samples" || true
    sleep 1
  done
  local rc=0
  wait "$job" || rc=$?
  python3 - "$samples" "$RPM_A" "$RPM_B" "$rc" "$(python3 -c "print(round($(now) - $started, 1))")" \
    "$OUT/job-out/_metrics.json" "$log" "$B8_KEY_A" "$B8_KEY_B" <<'PY' | tee -a "$JSONL"
import json, sys
samples = [json.loads(l) for l in open(sys.argv[1])]
budgets = {"1": int(sys.argv[2]), "2": int(sys.argv[3])}
rc, wall, metrics_path, log = int(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
keys = sys.argv[8:10]
out = {"label": "keys", "rc": rc, "wall_s": wall}
first = next(s for s in samples if sum(s["by_key"].values()) > 0)
for k, budget in budgets.items():
    series = [(s["t"], s["by_key"].get(k, 0)) for s in samples]
    total = series[-1][1]
    # from the sample where the key's first calls show to the one where its count stops growing;
    # and the calls in the minute after that first sample
    start = next(((t, c) for t, c in series if c > 0), None)
    end = next(((t, c) for t, c in series if c == total), None)
    rate = None
    if start and end and end[0] - start[0] >= 10:
        rate = (end[1] - start[1]) / (end[0] - start[0]) * 60
    minute = [c for t, c in series if start and t <= start[0] + 60]
    out[f"key{k}"] = {"budget_rpm": budget, "requests": total,
                      "rpm": None if rate is None else round(rate, 1),
                      "window_s": None if not (start and end) else round(end[0] - start[0], 1),
                      "vs_budget": None if rate is None else round(rate / budget, 4),
                      "first_minute": None if not minute or not end or end[0] - start[0] < 60
                      else minute[-1] - start[1]}
text = open(metrics_path).read() + open(log, errors="replace").read()
out["key_values_in_log_or_metrics"] = any(k in text for k in keys)
out["failures"] = json.load(open(metrics_path))["rows"].get("failures")
print(json.dumps(out))
PY
  stop_sims
}

for run in "${RUNS[@]}"; do
  case "$run" in
    replicas) run_replicas ;;
    keys) run_keys ;;
    *) echo "b8: unknown run '$run' (replicas, keys)" >&2; exit 2 ;;
  esac
done
