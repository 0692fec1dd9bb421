"""Compares the tables of two runs' output roots, row for row, ignoring wall-clock columns.

A refactoring that must not change what the job writes is checked with it, e.g.:

    submit/sdg run --config conf/judges.yaml --out /tmp/before     # on the old commit
    submit/sdg run --config conf/judges.yaml --out /tmp/after      # on the new one
    .venv/bin/python src/test/python/compare_tables.py /tmp/before /tmp/after

Exit status 0 when every table has the same rows (in any order), 1 otherwise.
"""
import os
import sys

import pyarrow.parquet as pq

# Columns that carry wall-clock time, attempt counts or the run's identity, not data.
VOLATILE = {"latency_ms", "attempts", "run_fingerprint"}


def rows(path):
    table = pq.read_table(path).to_pylist()
    return sorted(
        repr(sorted((k, repr(v)) for k, v in row.items() if k not in VOLATILE)) for row in table
    )


def main(before, after):
    same = True
    for name in sorted(os.listdir(before)):
        old = os.path.join(before, name)
        if name.startswith("_") or name == "exports" or not os.path.isdir(old):
            continue
        new = os.path.join(after, name)
        if not os.path.isdir(new):
            print(f"{name:18} missing in {after}")
            same = False
            continue
        a, b = rows(old), rows(new)
        verdict = "same" if a == b else "DIFFERENT"
        same &= a == b
        print(f"{name:18} rows {len(a):6} vs {len(b):6}  {verdict}")
    print("ALL SAME" if same else "DIFFERENCES")
    return 0 if same else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare_tables.py BEFORE_ROOT AFTER_ROOT")
    sys.exit(main(sys.argv[1], sys.argv[2]))
