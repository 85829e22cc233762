"""Load benchmark of the HTTP API: `/match` under load on loopback, with 1 and 2 workers.

    .venv/bin/python -m bench.serve_load [--requests 2000] [--seconds 60] [--concurrency 4 8] [--no-docs]

Needs the benchmark store of `make bench-screen` (bench/out/index.db: every list
of ../shared/data, 32,701 listed subjects) and its queries (bench/out/queries.csv,
listed people and ordinary customers mixed). For each number of workers it starts
`hisab serve --workers N` on 127.0.0.1, waits for /readyz, warms up, then a load
generator (threads in this process, each with its own keep-alive connection)
sends `/match/default` requests with one query, then (on a fresh server) with
batches of 20, from a fixed number of concurrent clients (one run for each number
given), bounded by a request count and a time limit. The clients are closed-loop
(each sends its next request when the last is answered), so more clients raise the
latency by the queue they form (Little's law) more than they raise the rate.
Measured queries are never ones the server has seen (see `run`). It reports
requests (and queries) per second and p50/p99 latency, and writes the table into
docs/benchmarks.md between the serve-load markers.

There is no peer in this table: yente needs an Elasticsearch cluster, which this
benchmark machine does not run, and nomenklatura's matchers are libraries, not
servers. The load generator shares the machine's cores with the server: on a
2-core machine with 2 workers, the three compete.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.report import write_section

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
DOCS = REPO / "docs" / "benchmarks.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _queries() -> list[dict[str, Any]]:
    with open(OUT / "queries.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    random.Random(7).shuffle(rows)
    found = []
    for row in rows:
        properties: dict[str, list[str]] = {"name": [row["name"]]}
        if row["birth_date"]:
            properties["birthDate"] = [row["birth_date"]]
        if row["nationality"]:
            properties["nationality"] = [row["nationality"]]
        found.append({"schema": row["schema"] or "LegalEntity", "properties": properties})
    return found


def _start(workers: int, port: int, rate_limit: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HISAB_DB": str(OUT / "index.db"), "HISAB_API_RATE_LIMIT": str(rate_limit)}
    hisab = Path(sys.executable).parent / "hisab"
    command = [str(hisab), "-q", "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"hisab serve exited with {process.returncode}")
        time.sleep(0.25)
    process.terminate()
    raise SystemExit("hisab serve did not become ready in 180 s")


def _load(
    port: int, bodies: list[bytes], requests: int, seconds: float, concurrency: int
) -> dict[str, float]:
    """Send up to `requests` bodies (for at most `seconds`) from `concurrency` threads.

    Each thread keeps one connection (`http.client`, bodies encoded beforehand): the
    generator shares the cores with the server, so it should spend as little of them as
    it can. (An `httpx` client costs about as much CPU per request as the server's own
    HTTP handling, and held the measured rate down by a third.)"""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    counter = iter(range(requests))
    stop = time.monotonic() + seconds
    headers = {"Content-Type": "application/json"}

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.monotonic() < stop:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                began = time.perf_counter()
                connection.request("POST", "/match/default", body=bodies[n % len(bodies)], headers=headers)
                response = connection.getresponse()
                response.read()
                spent = time.perf_counter() - began
                with lock:
                    if response.status == 200:
                        latencies.append(spent)
                    else:
                        failures[0] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    values = np.asarray(latencies) * 1000
    return {
        "requests": len(latencies),
        "failures": failures[0],
        "rps": len(latencies) / wall,
        "p50": float(np.quantile(values, 0.5)) if len(values) else float("nan"),
        "p99": float(np.quantile(values, 0.99)) if len(values) else float("nan"),
    }


def _encode(queries: list[dict[str, Any]]) -> bytes:
    return json.dumps({"queries": {f"q{j}": q for j, q in enumerate(queries)}}).encode()


def run(
    requests: int,
    seconds: float,
    concurrencies: list[int],
    worker_counts: list[int],
    rate_limit: int,
    batches: list[int],
) -> list[dict[str, Any]]:
    """Each measured run gets a fresh server and queries that server has not seen: the
    queries are split in two halves; a run warms up on one half and is measured on the
    other, so that no measured query is answered from a warm cache of itself."""
    queries = _queries()
    half = len(queries) // 2
    first, second = queries[:half], queries[half:]
    rows = []
    for workers in worker_counts:
        for concurrency in concurrencies:
            for per in batches:
                label = "1 query" if per == 1 else f"{per} queries"
                warm, measured = (second, first) if per == 1 else (first, second)
                bodies = [
                    json.dumps(
                        {"queries": {f"q{j}": q for j, q in enumerate(measured[i : i + per])}}
                    ).encode()
                    for i in range(0, len(measured) - per + 1, per)
                ]
                count = min(requests // per, len(bodies))
                warming = [_encode([q]) for q in warm[:300]]
                port = _free_port()
                process = _start(workers, port, rate_limit)
                try:
                    _load(port, warming, 150 * workers, 30, concurrency)
                    found = _load(port, bodies, count, seconds, concurrency)
                finally:
                    process.terminate()
                    process.wait(timeout=30)
                found.update(
                    workers=workers, batch=label, concurrency=concurrency, queries_per_s=found["rps"] * per
                )
                rows.append(found)
                print(
                    f"workers {workers}, concurrency {concurrency}, {label}: {found['rps']:.0f} requests/s "
                    f"({found['queries_per_s']:.0f} queries/s), p50 {found['p50']:.1f} ms, "
                    f"p99 {found['p99']:.1f} ms, {found['requests']} requests, {found['failures']} failed",
                    flush=True,
                )
    return rows


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [
        f"Command: `.venv/bin/python -m bench.serve_load --requests {args.requests} "
        f"--seconds {args.seconds:g} --concurrency {' '.join(map(str, args.concurrency))} "
        f"--workers {' '.join(map(str, args.workers))} --batch {' '.join(map(str, args.batch))} "
        f"--rate-limit {args.rate_limit}` "
        "(after `make bench-screen`). "
        f"Measured {date.today().isoformat()}; {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}; the load generator runs on the same cores.",
        "",
        "| workers | clients | request | requests/s | queries/s | p50 ms | p99 ms | requests | failed |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['workers']} | {r['concurrency']} | {r['batch']} | {r['rps']:.0f} | "
            f"{r['queries_per_s']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['requests']:,} | {r['failures']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--requests", type=int, default=2000, help="queries per run (at most half of the benchmark's queries)"
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per run")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[4, 8], help="concurrent clients (one run for each)"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 20], help="queries per request")
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=100_000_000,
        help="HISAB_API_RATE_LIMIT: on by default, as a deployment has it, but so high that no "
        "request is refused, so that the limiter's cost (with 2 workers, a shared SQLite file: "
        "serve/limits.py) is measured; 0 turns it off",
    )
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    if not (OUT / "index.db").is_file() or not (OUT / "queries.csv").is_file():
        raise SystemExit("bench/out/index.db and queries.csv are missing: run `make bench-screen` first")
    rows = run(args.requests, args.seconds, args.concurrency, args.workers, args.rate_limit, args.batch)
    block = report(rows, args)
    print(block)
    if not args.no_docs:
        write_section(DOCS, block, "## The HTTP API under load (issue #4)", "serve-load")


if __name__ == "__main__":
    main()
