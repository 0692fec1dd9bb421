"""Reads a spark-sdg output root's Parquet tables into pandas, for the notebooks beside this file.

Only pyarrow and pandas: no Spark needed. An output root is the folder a run wrote (``--out DIR``);
each table is a folder of Parquet files, and ``_run.json`` / ``_summary.json`` describe the run.
"""

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
SCORE_COLUMNS = ["helpfulness", "correctness", "coherence", "complexity", "verbosity", "reward"]


def root(env="SDG_OUT", default="work-out/local"):
    """The output root named by an environment variable, else ``default`` under the repository."""
    value = os.environ.get(env)
    path = Path(value) if value else HERE.parent / default
    if not (path / "_run.json").exists():
        raise FileNotFoundError(
            f"No spark-sdg run at {path}: set {env} to a run's output root "
            f"(submit/sdg run --config conf/local.yaml writes {HERE.parent / 'work-out/local'})"
        )
    return path


def has(out, table):
    return (Path(out) / table).is_dir()


def table(out, name, columns=None):
    """A table as a DataFrame; an empty one when the run did not write it."""
    path = Path(out) / name
    if not path.is_dir():
        return pd.DataFrame(columns=columns or [])
    return pq.read_table(path, columns=columns).to_pandas()


def run_info(out):
    """``_run.json``: the fingerprint and the configuration of the run."""
    return json.loads((Path(out) / "_run.json").read_text())


def summary(out):
    path = Path(out) / "_summary.json"
    return json.loads(path.read_text()) if path.exists() else {}


def last_user(messages):
    """The last user turn of a message list, the text a prompt asks."""
    for m in reversed(list(messages)):
        if m["role"] == "user":
            return m["content"]
    return ""


def scored(out):
    """One row per scored response: the prompt's task and text, the response and its scores."""
    prompts = table(out, "prompts", ["prompt_id", "task", "messages"])
    prompts["prompt"] = prompts["messages"].map(last_user)
    responses = table(out, "responses", ["response_id", "prompt_id", "model", "text", "finish_reason"])
    scores = table(out, "scores", ["response_id"] + SCORE_COLUMNS)
    return (
        scores.merge(responses, on="response_id")
        .merge(prompts[["prompt_id", "task", "prompt"]], on="prompt_id")
        .reset_index(drop=True)
    )


def short(text, n=160):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
