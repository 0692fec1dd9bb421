#!/usr/bin/env bash
# B6: the adaptive limiter against servers that behave like real ones (#20). A generator with 64
# slots and heavy-tailed service times (lognormal, mean 600 ms, sigma 1.0) that never queues (the
# client's budget is its slots): adaptive must keep what a fixed limit gets. Then one that queues
# (budget 256 for 64 slots): adaptive must back off, keeping the server as busy with a shorter queue.
# Usage: bench/b6-heavy-tail.sh [REQUESTS] (default 3000). Prints one JSON line per run.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N="${1:-3000}"
build
load_note
for adaptive in true false; do
  start_sim 18211 600 --latency-sigma 1.0 --slots 64
  client_bench --base-url http://127.0.0.1:18211 --requests "$N" --concurrency 64 --tasks 2 \
    --slots 64 --adaptive "$adaptive" --label "heavy-tail-no-queue-adaptive-$adaptive"
  stop_sims
done
for adaptive in true false; do
  start_sim 18212 600 --latency-sigma 1.0 --slots 64
  client_bench --base-url http://127.0.0.1:18212 --requests "$N" --concurrency 256 --tasks 2 \
    --slots 64 --adaptive "$adaptive" --label "heavy-tail-queueing-adaptive-$adaptive"
  stop_sims
done
load_note
