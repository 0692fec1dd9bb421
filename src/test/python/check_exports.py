"""Independent readers accept a run's output: the Parquet tables and the trainer exports.

    python check_exports.py OUTPUT_ROOT

- pyarrow reads every table under OUTPUT_ROOT;
- the NeMo-Aligner DPO/RPO exports have the five fields, a prompt in the Nemotron chat format
  and chosen != rejected;
- Hugging Face `datasets` loads the TRL export and TRL's own data utilities accept every row
  (`is_conversational`, `maybe_apply_chat_template` with a tokenizer built here, no hub download;
  TRL's data utilities import without torch);
- the SFT export is OpenAI-style `messages`;
- when a run keeps reasoning (responses.reasoning), `datasets` loads the SFT and TRL exports with
  `reasoning` in the message struct, filled on the answers that had reasoning;
- every export has a card whose row count matches its file.

Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.
"""

import json
import os
import sys
import tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="sdg-hf-"))

import pyarrow.parquet as pq  # noqa: E402

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def tables(root):
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if os.path.isdir(path) and not name.startswith(("_", ".")) and name != "exports":
            yield name, path


def tokenizer():
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(WordLevel(vocab={"[UNK]": 0, "<eos>": 1}, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    template = (
        "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}<eos>\n{% endfor %}"
        "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", eos_token="<eos>", chat_template=template
    )


def check_reasoning(exports, sft, trl):
    """The reasoning field loads with `datasets` from both message-list exports."""
    import datasets

    sft_file = os.path.join(exports, "sft-messages", "data.jsonl")
    ds = datasets.load_dataset("json", data_files=sft_file, split="train")
    features = ds.features["messages"]
    inner = features.feature if hasattr(features, "feature") else features[0]
    check("datasets loads the SFT export with a reasoning field", "reasoning" in inner, str(inner))
    loaded = [r["messages"][-1]["reasoning"] for r in ds]
    expected = [r["messages"][-1].get("reasoning") for r in sft]
    check(
        f"SFT reasoning as written ({sum(x is not None for x in loaded)} of {len(loaded)} rows)",
        loaded == expected and any(x is not None for x in loaded)
        and any(x is None for x in loaded),
    )
    check(
        "TRL export's chosen and rejected messages carry reasoning",
        all("reasoning" in r["chosen"][0] and "reasoning" in r["rejected"][0] for r in trl)
        and any(r["chosen"][0]["reasoning"] is not None for r in trl),
    )


def main(root):
    for name, path in tables(root):
        try:
            table = pq.read_table(path)
            check(f"pyarrow reads table {name} ({table.num_rows} rows)", True)
        except Exception as e:  # noqa: BLE001
            check(f"pyarrow reads table {name}", False, repr(e))
    prefs = pq.read_table(os.path.join(root, "preferences")).to_pylist()
    check(
        "every pair has a judge and both rewards",
        all(p["judge"] and p["chosen_reward"] is not None and p["rejected_reward"] is not None
            for p in prefs),
    )
    check("no pair's chosen equals its rejected", all(p["chosen"] != p["rejected"] for p in prefs))

    exports = os.path.join(root, "exports")
    for name in ("nemo-dpo", "nemo-rpo"):
        rows = lines(os.path.join(exports, name, "data.jsonl"))
        check(f"{name} has rows", len(rows) > 0)
        keys = {"prompt", "chosen_response", "rejected_response", "chosen_reward", "rejected_reward"}
        check(f"{name} rows have exactly the NeMo-Aligner fields", all(set(r) == keys for r in rows))
        check(
            f"{name} prompts are in the Nemotron chat format",
            all(r["prompt"].startswith("<extra_id_0>System\n")
                and r["prompt"].endswith("<extra_id_1>Assistant\n") for r in rows),
        )
        check(
            f"{name} rewards are numbers and responses differ",
            all(isinstance(r["chosen_reward"], float) and isinstance(r["rejected_reward"], float)
                and r["chosen_response"] != r["rejected_response"] for r in rows),
        )

    rpo = lines(os.path.join(exports, "nemo-rpo", "data.jsonl"))
    dpo = lines(os.path.join(exports, "nemo-dpo", "data.jsonl"))
    with open(os.path.join(exports, "nemo-rpo", "card.json"), encoding="utf-8") as f:
        rpo_card = json.load(f)
    check(
        "nemo-rpo has no pair whose reward gap contradicts its preference",
        all(r["chosen_reward"] > r["rejected_reward"] for r in rpo),
    )
    contradicting = sum(1 for r in dpo if r["chosen_reward"] <= r["rejected_reward"])
    left_out = rpo_card.get("left_out_reward_contradicts_preference", {}).get("rows", 0)
    check(
        f"nemo-rpo's card counts the {left_out} pairs it left out (nemo-dpo keeps {contradicting})",
        left_out >= contradicting and (left_out == 0 or "why" in
                                       rpo_card["left_out_reward_contradicts_preference"]),
        str(rpo_card.get("left_out_reward_contradicts_preference")),
    )

    import datasets
    from trl.data_utils import is_conversational, maybe_apply_chat_template

    trl_file = os.path.join(exports, "trl-preferences", "data.jsonl")
    ds = datasets.load_dataset("json", data_files=trl_file, split="train")
    check(f"datasets loads the TRL export ({ds.num_rows} rows)", ds.num_rows > 0)
    check("TRL export columns", set(ds.column_names) == {"prompt", "chosen", "rejected"},
          str(ds.column_names))
    check("TRL is_conversational accepts every row", all(is_conversational(r) for r in ds))
    tok = tokenizer()
    rendered = [maybe_apply_chat_template(r, tok) for r in ds]
    check(
        "TRL maybe_apply_chat_template renders every row to prompt/chosen/rejected text",
        all(isinstance(x["prompt"], str) and x["prompt"].endswith("<|assistant|>\n")
            and isinstance(x["chosen"], str) and isinstance(x["rejected"], str)
            and x["chosen"] != x["rejected"] for x in rendered),
        str(rendered[:1]),
    )

    sft = lines(os.path.join(exports, "sft-messages", "data.jsonl"))
    check(f"SFT export has rows ({len(sft)})", len(sft) > 0)
    check(
        "SFT rows are OpenAI-style messages ending with the assistant",
        all(list(r) == ["messages"] and r["messages"][-1]["role"] == "assistant"
            and all(set(m) in ({"role", "content"}, {"role", "content", "reasoning"})
                    for m in r["messages"]) for r in sft),
    )
    reasoning = [r for r in sft if "reasoning" in r["messages"][-1]]
    if reasoning:
        check_reasoning(exports, sft, ds)
    else:
        check("SFT export holds multi-turn dialogues", any(len(r["messages"]) >= 6 for r in sft))

    for name in ("nemo-dpo", "nemo-rpo", "trl-preferences", "sft-messages"):
        card_path = os.path.join(exports, name, "card.json")
        with open(card_path, encoding="utf-8") as f:
            card = json.load(f)
        count = len(lines(os.path.join(exports, name, "data.jsonl")))
        check(f"{name} card counts its {count} rows", card.get("rows") == count, str(card.get("rows")))
        check(f"{name} card names the run", bool(card.get("run_fingerprint")))

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
