"""spark-sdg as a scheduled Airflow DAG: one spark-submit of the whole pipeline per logical date.

The task runs ``spark-submit --class io.sparksdg.cli.Main spark-sdg.jar run --config CONFIG --out
ROOT/<ds>`` through the Spark provider's SparkSubmitOperator, on the Spark connection
``spark_sdg`` (its host is the master: ``yarn``, ``k8s://https://...``, ``spark://host:7077`` or
``local[4]``; ``spark-submit`` must be on the worker's PATH).

Each logical date has its own output root, and a re-run with the same config and root resumes:
the job keeps the batches it committed and requests only the missing work, so Airflow's retries
(and "clear" on a finished run) never duplicate rows.

Exit codes of the job (README, "Command line and exit codes"): 0 ok; 1 other failure (retried);
2 config or command-line error, 4 error budget exceeded and 5 run.max-budget spent (not retried: a
retry cannot fix them, or would spend the budget again); 3 an endpoint was unreachable or failed
every request (retried, after ``retry_delay``).

Settings, environment variables of the scheduler and workers, read when the DAG file is parsed:
  SDG_JAR          the shaded job jar (target/spark-sdg.jar of a build)
  SDG_CONFIG       the job's YAML config, readable where the driver runs (default for the
                   "config" param)
  SDG_OUTPUT_ROOT  the parent of the per-date output roots, a local path or any Hadoop URI
                   (default for the "output_root" param)
  SDG_LOG4J        optional log4j2 config for the driver (the repository's conf/log4j2.properties
                   keeps the task log to the job's progress lines)
Override the params for one run with ``-c '{"config": ..., "output_root": ...}'``.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pendulum
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.sdk import DAG, Param
    from airflow.sdk.exceptions import AirflowException, AirflowFailException
except ImportError:  # Airflow 2.10+
    from airflow import DAG
    from airflow.exceptions import AirflowException, AirflowFailException
    from airflow.models.param import Param

# Exit codes that a retry cannot fix (io.sparksdg.cli.ExitCode).
NOT_RETRIED = {
    2: "config or command-line error",
    4: "error budget exceeded",
    5: "run.max-budget spent; re-run with a larger budget to resume",
}


def _setting(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


class SdgSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that fails without retrying on the exit codes no retry can fix."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            match = re.search(r"[Ee]rror code is: (-?\d+)", str(e))
            code = int(match.group(1)) if match else None
            if code in NOT_RETRIED:
                raise AirflowFailException(
                    f"spark-sdg exited with {code} ({NOT_RETRIED[code]}); not retried: {e}"
                ) from e
            raise


with DAG(
    dag_id="spark_sdg",
    description="Synthetic alignment data (spark-sdg) per logical date",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    params={
        "config": Param(_setting("SDG_CONFIG", "conf/local.yaml"), type="string"),
        "output_root": Param(_setting("SDG_OUTPUT_ROOT", "work-out/airflow"), type="string"),
    },
    default_args={
        "retries": 2,
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": True,
    },
    tags=["spark-sdg"],
) as dag:
    SdgSubmitOperator(
        task_id="generate",
        conn_id="spark_sdg",
        application=_setting("SDG_JAR", "target/spark-sdg.jar"),
        java_class="io.sparksdg.cli.Main",
        name="spark-sdg-{{ ds_nodash }}",
        application_args=[
            "run",
            "--config",
            "{{ params.config }}",
            "--out",
            "{{ params.output_root }}/{{ ds }}",
        ],
        conf={
            # A model call must never run twice because a task looked slow (the job forces it too).
            "spark.speculation": "false",
            **(
                {"spark.driver.extraJavaOptions": "-Dlog4j2.configurationFile=" + _setting("SDG_LOG4J")}
                if _setting("SDG_LOG4J")
                else {}
            ),
        },
        verbose=False,
    )
