#!/usr/bin/env bash
# Every benchmark in one go, for the README's table: bench/all.sh | tee target/bench/all.txt
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$DIR/b1-efficiency.sh"
BENCH_NO_BUILD=1 "$DIR/b2-client-cost.sh"
BENCH_NO_BUILD=1 "$DIR/b4-distribution.sh"
BENCH_NO_BUILD=1 "$DIR/b3-scale.sh" "$@"
