"""What Python's garbage collector costs screening: without freezing (`plain`), with the index
frozen once loaded (`frozen`: `freeze_heap`, as `hisab serve` does), and frozen again after
each chunk of queries (`settled`: `settle_heap`, as `hisab screen-file` and its workers do; they
also pause the automatic collections, `pause_collector`, so its collections are `settle_heap`'s
own, one of the young generations per chunk).

    .venv/bin/python -m bench.gc_pauses [--rounds 2]

Needs `make bench-screen` first: it screens that run's queries (bench/out/queries.csv) against
its index with `screen_file`, as `hisab screen-file` does (256 at a time, the results written
to memory), each round in a fresh process, the three ways alternating. Prints per round the
screening time, the collections of each generation with the seconds they took, and the longest
pause (the wait a request in flight would see).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import subprocess
import sys
import time
from pathlib import Path

from bench.common import OUT


def _measure(mode: str) -> dict[str, object]:
    from hisab.match.index import freeze_heap, load_index
    from hisab.screen import batch
    from hisab.screen.service import Screener
    from hisab.store import Store

    store = Store(f"sqlite:///{OUT / 'index.db'}")
    screener = Screener(load_index(store, OUT / "index.db.cache"))
    if mode != "plain":
        freeze_heap()
    spent = [0.0, 0.0, 0.0]
    count = [0, 0, 0]
    worst = 0.0
    began = 0.0

    def watch(phase: str, info: dict[str, int]) -> None:
        nonlocal began, worst
        if phase == "start":
            began = time.perf_counter()
            return
        pause = time.perf_counter() - began
        spent[info["generation"]] += pause
        count[info["generation"]] += 1
        worst = max(worst, pause)

    gc.callbacks.append(watch)
    # As `hisab screen-file` screens it (a chunk at a time; `settled`: its own freeze after each).
    stats = batch.screen_file(screener, OUT / "queries.csv", io.StringIO(), settle=mode == "settled")
    gc.callbacks.remove(watch)
    return {
        "mode": mode,
        "queries": stats.queries,
        "seconds": round(stats.seconds, 2),
        "collections": count,
        "gc_seconds": [round(s, 3) for s in spent],
        "longest_pause_ms": round(worst * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", choices=["plain", "frozen", "settled"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.child)))
        return
    if not (OUT / "queries.csv").exists():
        sys.exit("bench/out/queries.csv is missing: run `make bench-screen` first")
    for _ in range(args.rounds):
        for mode in ("plain", "frozen", "settled"):
            command = [sys.executable, "-m", "bench.gc_pauses", "--child", mode]
            repo = Path(__file__).parents[1]
            done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=repo)
            print(done.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
