#!/usr/bin/env python3
"""B7's reference client (#20): the least a pipelined client does, for the job to be measured against.

For each prompt, `--per-prompt` chat completions from the generator; each response is scored by the
reward model as soon as it arrives, in the same request shape the job sends (a chat completion to
the reward model with the user and assistant turns). One asyncio.Semaphore per server bounds its
in-flight requests (the generator's and the reward model's budgets), nothing else: no batching, no
stages, no adaptation. Prints one JSON line with what it did; the efficiency figures come from the
simulators' own /sim/stats (bench/b7-flow.sh).

Usage: flow_client.py --prompts FILE --gen-url URL --reward-url URL [--per-prompt 2]
       [--gen-concurrency 64] [--reward-concurrency 32]
"""
import argparse
import asyncio
import hashlib
import json
import sys
import time

import aiohttp


def seed_of(prompt_id, index):
    """A deterministic sampling seed per response, as the job sends one per response id."""
    digest = hashlib.sha256(f"{prompt_id}/{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


async def post(session, url, body, attempts=3):
    """POSTs a chat completion; retries transport errors and 429/5xx a few times."""
    for attempt in range(1, attempts + 1):
        try:
            async with session.post(url, json=body) as resp:
                if resp.status == 200:
                    return await resp.json()
                text = await resp.text()
                if resp.status != 429 and resp.status < 500:
                    raise RuntimeError(f"HTTP {resp.status}: {text[:200]}")
        except (aiohttp.ClientError, asyncio.TimeoutError):
            if attempt == attempts:
                raise
        await asyncio.sleep(0.2 * attempt)
    raise RuntimeError(f"{url}: no answer after {attempts} attempts")


async def one(args, prompt, index, gen, reward, gen_sem, reward_sem, counts):
    messages = [{"role": "user", "content": prompt["prompt"]}]
    chat = {
        "model": args.gen_model,
        "messages": messages,
        "max_tokens": args.max_tokens,
        "seed": seed_of(prompt["id"], index),
    }
    try:
        async with gen_sem:
            reply = await post(gen, args.gen_url + "/v1/chat/completions", chat)
        counts["responses"] += 1
        answer = reply["choices"][0]["message"]["content"]
        score = {
            "model": args.reward_model,
            "messages": messages + [{"role": "assistant", "content": answer}],
        }
        async with reward_sem:
            await post(reward, args.reward_url + "/v1/chat/completions", score)
        counts["scores"] += 1
    except Exception as e:  # noqa: BLE001 - counted and reported, the run goes on
        counts["failures"] += 1
        if counts["failures"] <= 3:
            print(f"flow_client: {prompt['id']}/{index} failed: {e!r}", file=sys.stderr)


async def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prompts", required=True, help="JSONL with id and prompt per line")
    p.add_argument("--gen-url", required=True)
    p.add_argument("--reward-url", required=True)
    p.add_argument("--per-prompt", type=int, default=2)
    p.add_argument("--gen-concurrency", type=int, default=64)
    p.add_argument("--reward-concurrency", type=int, default=32)
    p.add_argument("--gen-model", default="bench-instruct")
    p.add_argument("--reward-model", default="bench-reward")
    p.add_argument("--max-tokens", type=int, default=64)
    p.add_argument("--label", default="client")
    args = p.parse_args()
    with open(args.prompts) as f:
        prompts = [json.loads(line) for line in f if line.strip()]

    gen_sem = asyncio.Semaphore(args.gen_concurrency)
    reward_sem = asyncio.Semaphore(args.reward_concurrency)
    timeout = aiohttp.ClientTimeout(total=120)
    counts = {"responses": 0, "scores": 0, "failures": 0}
    # One connection pool per server, as large as its budget, so connections are reused.
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=args.gen_concurrency), timeout=timeout
    ) as gen, aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=args.reward_concurrency), timeout=timeout
    ) as reward:
        start = time.monotonic()
        await asyncio.gather(
            *(
                one(args, prompt, i, gen, reward, gen_sem, reward_sem, counts)
                for prompt in prompts
                for i in range(args.per_prompt)
            )
        )
        elapsed = time.monotonic() - start
    print(
        json.dumps(
            {
                "label": args.label,
                "prompts": len(prompts),
                **counts,
                "client_seconds": round(elapsed, 2),
            }
        )
    )
    return 0 if counts["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
