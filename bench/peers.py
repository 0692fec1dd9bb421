"""Python peer clients for benchmark B2, against the same simulator as the Java client.

Usage: peers.py openai|aiohttp BASE_URL REQUESTS CONCURRENCY WARMUP
Prints one JSON line like ClientBench: wall time, requests per second and this process's CPU time
(user + system, from getrusage) over the measured run, after a warm-up run.
"""

import asyncio
import json
import resource
import sys
import time

MESSAGES = lambda tag: [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": f"Write one sentence about topic number {tag}."},
]


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def run_openai(base_url, n, concurrency, tag_base):
    from openai import AsyncOpenAI

    # the SDK's own HTTP client and connection pool, as users run it
    client = AsyncOpenAI(base_url=base_url + "/v1", api_key="unused")
    sem = asyncio.Semaphore(concurrency)
    ok = 0

    async def one(tag):
        nonlocal ok
        async with sem:
            r = await client.chat.completions.create(
                model="bench-model", messages=MESSAGES(tag), temperature=0.7, max_tokens=16
            )
            if r.choices[0].message.content is not None:
                ok += 1

    await asyncio.gather(*(one(tag_base + i) for i in range(n)))
    await client.close()
    return ok


async def run_aiohttp(base_url, n, concurrency, tag_base):
    import aiohttp

    url = base_url + "/v1/chat/completions"
    sem = asyncio.Semaphore(concurrency)
    ok = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(tag):
            nonlocal ok
            body = {
                "model": "bench-model",
                "messages": MESSAGES(tag),
                "temperature": 0.7,
                "max_tokens": 16,
            }
            async with sem:
                async with session.post(url, json=body) as resp:
                    data = await resp.json()
                    if resp.status == 200 and data["choices"][0]["message"]["content"] is not None:
                        ok += 1

        await asyncio.gather(*(one(tag_base + i) for i in range(n)))
    return ok


def main():
    kind, base_url, n, concurrency, warmup = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    runner = {"openai": run_openai, "aiohttp": run_aiohttp}[kind]
    if warmup:
        asyncio.run(runner(base_url, warmup, concurrency, 0))
    c0, t0 = cpu_seconds(), time.perf_counter()
    ok = asyncio.run(runner(base_url, n, concurrency, 1_000_000))
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(
        json.dumps(
            {
                "client": kind,
                "requests": n,
                "ok": ok,
                "concurrency": concurrency,
                "seconds": round(seconds, 3),
                "rps": round(n / seconds, 1),
                "cpu_seconds": round(cpu, 3),
                "rps_per_cpu_second": round(n / cpu, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
