#!/usr/bin/env bash
# B2: client cost, requests per CPU-second of the client process, against the zero-latency
# simulator in its own JVM; the Java client beside the Python peers (openai AsyncOpenAI, aiohttp)
# in one run, each process measured alone. Python packages go into a venv under target/.
# Usage: bench/b2-client-cost.sh [REQUESTS] [CONCURRENCY] (default 40000, 64)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N="${1:-40000}"; C="${2:-64}"
build
VENV="$ROOT/target/bench-venv"
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q openai aiohttp >&2
fi
"$VENV/bin/python" -c 'import openai, aiohttp, sys; print("peers: openai", openai.__version__, "aiohttp", aiohttp.__version__, "python", sys.version.split()[0])'
load_note
start_sim 18203 0
client_bench --base-url http://127.0.0.1:18203 --requests "$N" --concurrency "$C" --tasks 2 \
  --warmup 20000 --label java-okhttp
"$VENV/bin/python" "$ROOT/bench/peers.py" aiohttp http://127.0.0.1:18203 "$N" "$C" 2000
"$VENV/bin/python" "$ROOT/bench/peers.py" openai http://127.0.0.1:18203 "$((N / 4))" "$C" 1000
load_note
