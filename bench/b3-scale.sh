#!/usr/bin/env bash
# B3: cost growth. N imported prompts (2 responses each) through responses, scores, filter and
# preferences in local mode against the zero-latency simulator (its own JVM); wall time of the
# whole run, the peak heap (before a GC) and the largest heap left after a GC (from the GC log),
# with the heap capped at 2 GB.
# Usage: bench/b3-scale.sh [N ...] (default 10000 100000; add 1000000 for the full series)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
sizes=("$@"); [[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000)
build
load_note
start_sim 18204 0
for n in "${sizes[@]}"; do
  prompts="$(prompts_file "$n")"
  gclog="$OUT/b3-gc-$n.log"
  t0=$(date +%s.%N)
  SDG_JAVA_OPTS="-Xmx2g -Xlog:gc:file=$gclog" \
    run_job "$OUT/b3-job-$n.log" "$prompts" http://127.0.0.1:18204 http://127.0.0.1:18204 64
  t1=$(date +%s.%N)
  python3 - "$n" "$t0" "$t1" "$gclog" "$OUT/b3-job-$n.log" <<'PY'
import json, re, sys
n, t0, t1, gclog, joblog = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
peak = live = 0
for line in open(gclog):
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        peak, live = max(peak, int(m.group(1))), max(live, int(m.group(2)))
rows = re.findall(r"Stage (\w+): (\d+) rows committed", open(joblog).read())
print(json.dumps({"prompts": n, "seconds": round(t1 - t0, 1), "peak_heap_mb": peak, "max_after_gc_mb": live,
                  "rows": {k: int(v) for k, v in rows}}))
PY
done
load_note
