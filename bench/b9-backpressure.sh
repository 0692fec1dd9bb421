#!/usr/bin/env bash
# B9: queue-aware backpressure (#18). A vLLM-style generator with 64 slots and heavy-tailed service
# times (lognormal, mean 600 ms, sigma 1.0) that queues what its slots cannot take and exports
# vllm:num_requests_waiting / vllm:num_requests_running on GET /metrics; a reward model with no slot
# limit and 50 ms answers, so that the generator is the bottleneck. The real job in local mode,
# generator max-concurrency 256 (four times the slots), PROMPTS prompts x 2 responses, once per
# backpressure mode (default: queue with queue-bound B9_BOUND, default 8, then latency).
#
# While the job runs, the generator's /metrics is sampled every 0.25 s. Reported per run, over the
# window while the job had requests left to send (from the first sample with a request running to
# the first at which the simulator has received all PROMPTS x 2; after that, idle slots are the end
# of the work, not the limiter's doing): waiting p50 / p95 / max and the running slots' busy
# fraction (running / slots, averaged over the samples); "steady", the same without the window's
# first 10 s (Spark's tasks ramp up, and the queue mode's limiter starts at max-concurrency and
# needs a few readings to come down); "all", every sample from the first request running to the
# last; the simulator's own busy fraction (service time given / slots / its first request to last
# reply, the tail included), and the job's wall time.
# Usage: bench/b9-backpressure.sh [PROMPTS] [MODE...]      (default 3000, queue latency)
#    or: B9_PROMPTS=1000 B9_BOUND=4 bench/b9-backpressure.sh
# Prints one JSON line per run and appends it to $OUT/b9.jsonl.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N="${1:-${B9_PROMPTS:-3000}}"
shift || true
MODES=("$@")
[[ ${#MODES[@]} -gt 0 ]] || read -r -a MODES <<<"${B9_MODES:-queue latency}"
for mode in "${MODES[@]}"; do
  case "$mode" in queue | latency | none) ;; *)
    echo "b9: unknown mode '$mode' (queue, latency, none)" >&2
    exit 2
    ;;
  esac
done
GEN_PORT=18291 REWARD_PORT=18292 SLOTS=64 CONC=256
BOUND="${B9_BOUND:-8}"
JSONL="$OUT/b9.jsonl"

build
prompts="$(prompts_file "$N")"

# sample PORT FILE: "seconds waiting running requests" every 0.25 s until killed (requests: the
# simulator's count of requests received so far, from /sim/stats)
sample() {
  exec python3 - "$1" "$2" <<'PY'
import re, sys, time, urllib.request
import json
url, path = f"http://127.0.0.1:{sys.argv[1]}/metrics", sys.argv[2]
stats_url = f"http://127.0.0.1:{sys.argv[1]}/sim/stats"
pattern = re.compile(r'^(vllm:num_requests_(?:waiting|running))(?:\{[^}]*\})? (\S+)', re.M)
start = time.time()
with open(path, "w") as out:
    while True:
        tick = time.time()
        try:
            text = urllib.request.urlopen(url, timeout=2).read().decode()
            g = {name: float(v) for name, v in pattern.findall(text)}
            sent = json.loads(urllib.request.urlopen(stats_url, timeout=2).read())["requests"]
            out.write(f"{tick - start:.3f} {g['vllm:num_requests_waiting']:.0f}"
                      f" {g['vllm:num_requests_running']:.0f} {sent}\n")
            out.flush()
        except Exception:
            pass
        time.sleep(max(0.0, 0.25 - (time.time() - tick)))
PY
}

load_note >&2
for mode in "${MODES[@]}"; do
  start_sim "$GEN_PORT" 600 --latency-sigma 1.0 --slots "$SLOTS" --seed "${B9_SEED:-0}"
  start_sim "$REWARD_PORT" 50 --seed "${B9_SEED:-0}"
  samples="$OUT/b9-$mode.samples"
  sample "$GEN_PORT" "$samples" &
  sampler=$!
  started=$(date +%s.%N)
  rc=0
  run_job "$OUT/b9-$mode.log" "$prompts" "http://127.0.0.1:$GEN_PORT" \
    "http://127.0.0.1:$REWARD_PORT" "$CONC" \
    --set endpoints.generator.backpressure="$mode" \
    --set endpoints.generator.queue-bound="$BOUND" || rc=$?
  wall=$(python3 -c "import time; print(round(time.time() - $started, 1))")
  kill "$sampler" 2>/dev/null && wait "$sampler" 2>/dev/null || true
  [[ $rc -eq 0 ]] || echo "b9: the $mode run exited with $rc; see $OUT/b9-$mode.log" >&2
  python3 - "$mode" "$N" "$SLOTS" "$CONC" "$BOUND" "$rc" "$wall" "$samples" \
    "$(sim_stats "$GEN_PORT")" <<'PY' | tee -a "$JSONL"
import json, sys
mode, n, slots, conc, bound, rc, wall, path, stats = sys.argv[1:]
n, slots, conc, bound, rc, wall = int(n), int(slots), int(conc), int(bound), int(rc), float(wall)
stats = json.loads(stats)
rows = [tuple(map(float, line.split())) for line in open(path) if line.strip()]
active = [i for i, r in enumerate(rows) if r[2] > 0]
every = rows[active[0]:active[-1] + 1] if active else []
sent_all = [i for i, r in enumerate(rows) if r[3] >= 2 * n]
window = rows[active[0]:sent_all[0] + 1] if active and sent_all else every
def pct(values, q):
    s = sorted(values)
    return None if not s else s[min(len(s) - 1, int(len(s) * q))]
def summary(part):
    waiting = [r[1] for r in part]
    busy = sum(r[2] for r in part) / slots / len(part) if part else None
    return {"samples": len(part), "waiting_p50": pct(waiting, 0.5),
            "waiting_p95": pct(waiting, 0.95), "waiting_max": max(waiting, default=None),
            "busy": None if busy is None else round(busy, 4)}
steady = [r for r in window if window and r[0] - window[0][0] >= 10]
span_ms = stats["lastReplyMillis"] - stats["firstRequestMillis"]
print(json.dumps({
    "mode": mode, "prompts": n, "requests": stats["requests"], "ok": stats["ok"],
    "slots": slots, "max_concurrency": conc, "queue_bound": bound if mode == "queue" else None,
    "window_s": round(window[-1][0] - window[0][0], 2) if window else None,
    **summary(window),
    "steady": summary(steady),
    "all": summary(every),
    "sim_busy": round(stats["serviceMillis"] / slots / span_ms, 4) if span_ms > 0 else None,
    "peak_queued": stats["peakQueued"], "rc": rc, "wall_s": wall,
}))
PY
  stop_sims
done
load_note >&2
