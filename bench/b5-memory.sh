#!/usr/bin/env bash
# B5: N requests (default 1,000,000) at 1% faulty attempts through one endpoint, as a Spark task
# sees it; prints the heap in use after a full GC every N/10 requests. Flat means no leak.
# Usage: bench/b5-memory.sh [REQUESTS] [CONCURRENCY]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N="${1:-1000000}"
C="${2:-64}"
build
load_note
port=18205
SDG_JAVA_OPTS="-Xmx1g" "$ROOT/submit/sdg" simulate --port "$port" --fault-rate 0.01 >"$OUT/sim-$port.log" 2>&1 &
SIM_PIDS+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
java -Xmx512m -cp "$CP" io.sparksdg.bench.MemoryBench "http://127.0.0.1:$port" "$N" "$C" | tee "$OUT/b5-memory.jsonl"
load_note
