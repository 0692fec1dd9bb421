"""Writes a small sample of each table of a spark-sdg output root as JSONL (data-samples/output/).

    .venv-notebooks/bin/python src/test/python/sample_tables.py OUT_ROOT data-samples/output [ROWS [TABLE,...]]

Prompts are taken one of each task family first, in a stable order (by id), and the other tables'
rows are those of the sampled prompts where they have any, so the files fit together; a re-run on
the same output gives the same files. Texts are kept whole, as the tables hold them.
"""

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq

TABLES = {
    "topics": "topic_id",
    "prompts": "prompt_id",
    "responses": "response_id",
    "scores": "response_id",
    "sft": "response_id",
    "preferences": "pair_id",
    "pair_candidates": "pair_id",
    "failures": "record_id",
}


def main(root, target, rows=12, only=None):
    target.mkdir(parents=True, exist_ok=True)
    chosen = set()
    for table, key in TABLES.items():
        if only and table not in only:
            continue
        path = root / table
        if not path.is_dir():
            print(f"{table}: not in {root}, skipped")
            continue
        data = pq.read_table(path).to_pylist()
        data.sort(key=lambda r: (str(r.get("task", "")), str(r[key])))
        if "task" in (data[0] if data else {}):
            # one of each task family first, then the rest, so the sample shows every family
            seen, first, rest = set(), [], []
            for r in data:
                (rest if r["task"] in seen else first).append(r)
                seen.add(r["task"])
            data = first + rest
        if table == "prompts":
            chosen = {r["prompt_id"] for r in data[:rows]}
        elif chosen and "prompt_id" in (data[0] if data else {}):
            # rows of the sampled prompts first
            data = [r for r in data if r["prompt_id"] in chosen] + [
                r for r in data if r["prompt_id"] not in chosen]
        sample = data[:rows]
        with open(target / f"{table}.jsonl", "w", encoding="utf-8") as f:
            for r in sample:
                f.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        print(f"{table}: {len(sample)} of {len(data)} rows")


if __name__ == "__main__":
    main(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        int(sys.argv[3]) if len(sys.argv) > 3 else 12,
        set(sys.argv[4].split(",")) if len(sys.argv) > 4 else None,
    )
