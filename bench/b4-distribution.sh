#!/usr/bin/env bash
# B4: distribution. The real job through spark-submit on a standalone cluster (two workers on
# 127.0.0.1, Spark's own Master/Worker from the build's jars), with one executor and then two,
# each allowed 64 requests in flight and running EXECUTOR_CORES tasks at once, against the
# simulator at 200 ms latency.
# Prints one JSON line per run and the speedup of two executors over one.
# Usage: bench/b4-distribution.sh [PROMPTS] [PER_EXECUTOR] [LATENCY_MS] [EXECUTOR_CORES]
# (default 25600 64 200 4)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build
load_note
(cd "$ROOT" && java -Xmx512m -cp "$CP" io.sparksdg.bench.ClusterBench \
  --prompts "${1:-25600}" --per-executor "${2:-64}" --latency-ms "${3:-200}" \
  --executor-cores "${4:-4}") | tee "$OUT/b4.jsonl"
load_note
