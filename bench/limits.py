"""What a rate limit costs a request: `take()` of the in-memory limiter against the shared
one (a SQLite file, serve/limits.py), alone and with two processes taking at once.

    .venv/bin/python -m bench.limits [--takes 20000]

Prints microseconds per take (median of 3 rounds). The limit is so high that every take is
granted, as in a server below its limit; callers cycle over 100 keys.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

from hisab.serve.limits import Limiter, RateLimiter, SharedRateLimiter

HIGH = 100_000_000


def _time(limiter: Limiter, takes: int) -> float:
    callers = [f"key:{n}" for n in range(100)]
    began = time.perf_counter()
    for n in range(takes):
        limiter.take(callers[n % 100])
    return (time.perf_counter() - began) / takes * 1e6


def _shared(path: str, takes: int, out: multiprocessing.Queue[float]) -> None:
    out.put(_time(SharedRateLimiter(Path(path), HIGH), takes))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--takes", type=int, default=20_000)
    args = parser.parse_args()
    rounds: dict[str, list[float]] = {
        "in memory (1 worker)": [],
        "shared file, 1 process": [],
        "shared file, 2 processes at once": [],
    }
    context = multiprocessing.get_context("spawn")
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            rounds["in memory (1 worker)"].append(_time(RateLimiter(HIGH), args.takes))
            rounds["shared file, 1 process"].append(
                _time(SharedRateLimiter(Path(folder) / "a", HIGH), args.takes)
            )
            out: multiprocessing.Queue[float] = context.Queue()
            processes = [
                context.Process(target=_shared, args=(str(Path(folder) / "b"), args.takes, out))
                for _ in range(2)
            ]
            for p in processes:
                p.start()
            both = [out.get(timeout=300) for _ in processes]
            for p in processes:
                p.join()
            rounds["shared file, 2 processes at once"].append(max(both))
    print(f"Command: `.venv/bin/python -m bench.limits --takes {args.takes}`")
    print()
    print("| limiter | µs per request |")
    print("|---|---:|")
    for label, values in rounds.items():
        print(f"| {label} | {statistics.median(values):.1f} |")


if __name__ == "__main__":
    main()
