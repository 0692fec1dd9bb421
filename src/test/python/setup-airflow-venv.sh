#!/usr/bin/env bash
# Creates (or reuses) the Python virtual environment with Apache Airflow and its Spark provider
# that AirflowDagIT runs the DAG under submit/airflow/ in.
#
#   src/test/python/setup-airflow-venv.sh     # venv at $SDG_AIRFLOW_VENV, default <repo>/.venv-airflow
#
# Idempotent: the venv is rebuilt only when airflow-requirements.txt or this script changed.
# Packages come from PyPI only, installed with --no-deps from a complete pinned list (Airflow's
# own constraint files are not reachable here), which also leaves out what SparkSubmitOperator
# does not use: the Spark provider's Spark Connect client (pyspark-client) with pandas, pyarrow,
# numpy and grpcio, about 300 MB.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VENV="${SDG_AIRFLOW_VENV:-$ROOT/.venv-airflow}"
REQS="$HERE/airflow-requirements.txt"
PYTHON="${PYTHON:-python3}"

# One builder at a time: .ci/run starts this early in the background, Maven calls it again later.
mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9
stamp="$(cat "$REQS" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/airflow" && -f "$VENV/.sdg-stamp" && "$(cat "$VENV/.sdg-stamp")" == "$stamp" ]]; then
  echo "setup-airflow-venv: $VENV is up to date"
  exit 0
fi

start=$SECONDS
echo "setup-airflow-venv: building $VENV"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$REQS"
"$VENV/bin/python" -c "
import airflow
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
print('setup-airflow-venv: Airflow', airflow.__version__)
"
echo "$stamp" > "$VENV/.sdg-stamp"
echo "setup-airflow-venv: done in $((SECONDS - start))s"
