"""Judges instruction-following cases with IFEval's reference checkers (from lm-eval).

Usage: python ifeval_reference.py CASES.jsonl VERDICTS.jsonl

Each input line is {"case_id", "instruction_id", "kwargs", "prompt", "response"}; each output
line is {"case_id", "pass"} (or {"case_id", "pass": null, "error"} when the reference raised).
A case is judged the way lm-eval's strict IFEval metric judges one instruction, by calling its
own test_instruction_following_strict, so a blank response fails every instruction.

Only the ifeval package of lm-eval is loaded: lm_eval.tasks/__init__ pulls in the whole
harness (datasets, transformers), which the venv deliberately does not have.
"""

import importlib.util
import json
import os
import sys
import types


def _load_ifeval():
    spec = importlib.util.find_spec("lm_eval")
    if spec is None:
        sys.exit("lm_eval is not installed in this Python: run src/test/python/setup-venv.sh")
    tasks_dir = os.path.join(os.path.dirname(spec.origin), "tasks")
    # Stand-in for lm_eval.tasks that skips its __init__ (and with it the task manager).
    tasks = types.ModuleType("lm_eval.tasks")
    tasks.__path__ = [tasks_dir]
    sys.modules["lm_eval.tasks"] = tasks

    import langdetect

    # langdetect samples at random; a fixed seed makes the reference repeatable.
    langdetect.DetectorFactory.seed = 0

    from lm_eval.tasks.ifeval import utils

    return utils


def main(cases_path, verdicts_path):
    utils = _load_ifeval()
    with open(cases_path, encoding="utf-8") as cases, open(
        verdicts_path, "w", encoding="utf-8"
    ) as out:
        for line in cases:
            if not line.strip():
                continue
            case = json.loads(line)
            example = utils.InputExample(
                key=case["case_id"],
                instruction_id_list=[case["instruction_id"]],
                prompt=case.get("prompt") or "",
                kwargs=[case.get("kwargs") or {}],
            )
            try:
                result = utils.test_instruction_following_strict(example, case["response"])
                verdict = {"case_id": case["case_id"], "pass": bool(result.follow_all_instructions)}
            except Exception as e:  # report, do not stop the whole run
                verdict = {"case_id": case["case_id"], "pass": None, "error": f"{type(e).__name__}: {e}"}
            out.write(json.dumps(verdict) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: ifeval_reference.py CASES.jsonl VERDICTS.jsonl")
    main(sys.argv[1], sys.argv[2])
