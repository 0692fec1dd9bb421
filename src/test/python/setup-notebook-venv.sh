#!/usr/bin/env bash
# Creates (or reuses) the Python virtual environment that NotebooksIT executes the notebooks under
# notebooks/ in: Jupyter (nbconvert, nbclient, ipykernel), pyarrow, pandas and matplotlib.
#
#   src/test/python/setup-notebook-venv.sh    # venv at $SDG_NOTEBOOK_VENV, default <repo>/.venv-notebooks
#
# Idempotent: the venv is rebuilt only when notebook-requirements.txt or this script changed.
# Packages come from PyPI only, installed with --no-deps from a complete pinned list.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VENV="${SDG_NOTEBOOK_VENV:-$ROOT/.venv-notebooks}"
REQS="$HERE/notebook-requirements.txt"
PYTHON="${PYTHON:-python3}"

# One builder at a time: .ci/run starts this early in the background, Maven calls it again later.
mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9
stamp="$(cat "$REQS" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/jupyter" && -f "$VENV/.sdg-stamp" && "$(cat "$VENV/.sdg-stamp")" == "$stamp" ]]; then
  echo "setup-notebook-venv: $VENV is up to date"
  exit 0
fi

start=$SECONDS
echo "setup-notebook-venv: building $VENV"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$REQS"
# The kernel the notebooks name (python3) must be this venv's Python, not a system one.
"$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 > /dev/null
"$VENV/bin/python" -c "
import matplotlib, nbconvert, pandas, pyarrow
print('setup-notebook-venv: nbconvert', nbconvert.__version__, 'pandas', pandas.__version__,
      'pyarrow', pyarrow.__version__, 'matplotlib', matplotlib.__version__)
"
echo "$stamp" > "$VENV/.sdg-stamp"
echo "setup-notebook-venv: done in $((SECONDS - start))s"
