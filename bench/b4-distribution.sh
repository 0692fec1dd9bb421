#!/usr/bin/env bash
# B4: distribution. The real job through spark-submit on a standalone cluster (two one-core
# workers on 127.0.0.1, Spark's own Master/Worker from the build's jars), with one executor and
# then two, each allowed 64 requests in flight, against the simulator at 200 ms latency.
# Prints one JSON line per run and the speedup of two executors over one.
# Usage: bench/b4-distribution.sh [PROMPTS] [PER_EXECUTOR] [LATENCY_MS] (default 6400 64 200)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build
load_note
(cd "$ROOT" && java -Xmx512m -cp "$CP" io.sparksdg.bench.ClusterBench \
  --prompts "${1:-6400}" --per-executor "${2:-64}" --latency-ms "${3:-200}") | tee "$OUT/b4.jsonl"
load_note
