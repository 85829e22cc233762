"""What a rate limit costs a request: `take()` of the in-memory limiter against the shared
ones (a SQLite file for one host's workers, PostgreSQL for several hosts: serve/limits.py),
alone and with two processes taking at once.

    .venv/bin/python -m bench.limits [--takes 20000] [--postgres]

`--postgres` also times the PostgreSQL limiter against a throwaway server on loopback (the
tests' own, tests/postgres.py: fsync off), so without a network's round trip.

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

from hisab.serve.limits import Limiter, PostgresRateLimiter, RateLimiter, SharedRateLimiter

HIGH = 100_000_000


def _time(limiter: Limiter, takes: int) -> float:
    callers = [f"key:{n}" for n in range(100)]
    began = time.perf_counter()
    for n in range(takes):
        limiter.take(callers[n % 100])
    return (time.perf_counter() - began) / takes * 1e6


def _shared(path: str, takes: int, out: multiprocessing.Queue[float]) -> None:
    limiter = PostgresRateLimiter(path, HIGH) if "://" in path else SharedRateLimiter(Path(path), HIGH)
    out.put(_time(limiter, takes))


def _both(context: multiprocessing.context.SpawnContext, where: str, takes: int) -> float:
    """Two processes taking at once from one shared limiter: the slower one's µs per take."""
    out: multiprocessing.Queue[float] = context.Queue()
    processes = [context.Process(target=_shared, args=(where, takes, out)) for _ in range(2)]
    for p in processes:
        p.start()
    both = [out.get(timeout=300) for _ in processes]
    for p in processes:
        p.join()
    return max(both)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--takes", type=int, default=20_000)
    parser.add_argument("--postgres", action="store_true")
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
            rounds["shared file, 2 processes at once"].append(
                _both(context, str(Path(folder) / "b"), args.takes)
            )
    if args.postgres:
        from tests.postgres import fresh_database, postgres_server

        with postgres_server() as server:
            for label in ("PostgreSQL, 1 process", "PostgreSQL, 2 processes at once"):
                rounds[label] = []
            for _ in range(3):
                rounds["PostgreSQL, 1 process"].append(
                    _time(PostgresRateLimiter(fresh_database(server), HIGH), args.takes)
                )
                rounds["PostgreSQL, 2 processes at once"].append(
                    _both(context, fresh_database(server), args.takes)
                )
    flag = " --postgres" if args.postgres else ""
    print(f"Command: `.venv/bin/python -m bench.limits --takes {args.takes}{flag}`")
    print()
    print("| limiter | µs per request |")
    print("|---|---:|")
    for label, values in rounds.items():
        print(f"| {label} | {statistics.median(values):.1f} |")


if __name__ == "__main__":
    main()
