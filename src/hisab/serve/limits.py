"""Rate limits of the HTTP API: a token bucket per caller (an API key, or a client address).

One worker process keeps its buckets in memory (`RateLimiter`). Several workers
(`hisab serve --workers N`) share theirs in a small SQLite file (`SharedRateLimiter`), so
that a caller gets its limit once per server and not once per worker: uvicorn hands each
connection to whichever worker accepts it, and per-worker buckets would let a caller send N
times its limit.

The shared file is not the store: it is scratch state of one server host, written on every
request. It is kept apart so that the store (SQLite or PostgreSQL) takes no write per request,
and it uses the standard library's `sqlite3` rather than SQLAlchemy because the whole
exchange is one UPSERT statement on the request path, where an engine, a pool and a
connection checkout per request would cost more than the statement itself. Servers on
several hosts share a PostgreSQL store but each host has its own limits file: the limit
then holds per host.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Protocol


class Limiter(Protocol):
    def take(self, caller: str) -> float:
        """0 if the request may go ahead; else the seconds until it may."""
        ...


class RateLimiter:
    """A token bucket per caller, in memory: `per_minute` requests a minute, bursts up to
    that many."""

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, caller: str) -> float:
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            if len(self._buckets) > 100_000:
                # Callers idle long enough to have a full bucket again need no entry.
                idle = self.capacity / self.rate
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < idle}
            tokens, then = self._buckets.get(caller, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - then) * self.rate)
            if tokens >= 1.0:
                self._buckets[caller] = (tokens - 1.0, now)
                return 0.0
            self._buckets[caller] = (tokens, now)
            return (1.0 - tokens) / self.rate


#: One statement takes a token, or does not: the bucket is refilled for the time since its
#: last request, capped at its capacity, and one token taken if there is one. Every
#: expression on the right of SET reads the row as it was before the update, and SQLite runs
#: the statement under its write lock, so two workers never take the same token.
_TAKE = """
INSERT INTO buckets (caller, tokens, at, granted) VALUES (:caller, :capacity - 1, :now, 1)
ON CONFLICT (caller) DO UPDATE SET
    granted = min(:capacity, tokens + max(0, :now - at) * :rate) >= 1,
    tokens = min(:capacity, tokens + max(0, :now - at) * :rate)
        - (min(:capacity, tokens + max(0, :now - at) * :rate) >= 1),
    at = :now
RETURNING tokens, granted
"""


class SharedRateLimiter:
    """A token bucket per caller in the SQLite file `path`, shared by every process that
    opens it: `per_minute` requests a minute, bursts up to that many."""

    #: Every this many requests, a worker drops the buckets that are full again.
    PRUNE_EVERY = 10_000

    def __init__(self, path: Path, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit (isolation_level None): each statement is its own transaction.
        self._conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        self._setup(deadline=time.monotonic() + 10.0)
        self._lock = threading.Lock()
        self._count = 0

    def _setup(self, deadline: float) -> None:
        """Switch the file to WAL and create the table. Workers starting together race for
        the new file, and SQLite answers one of them "database is locked" at once, without
        waiting out the timeout, when two connections would each wait for the other: retry."""
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode=WAL")
                # The buckets are worth nothing after a crash: no need to wait for the disk.
                self._conn.execute("PRAGMA synchronous=OFF")
                self._conn.execute(
                    "CREATE TABLE IF NOT EXISTS buckets (caller TEXT PRIMARY KEY, tokens REAL NOT NULL, "
                    "at REAL NOT NULL, granted INTEGER NOT NULL)"
                )
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def take(self, caller: str) -> float:
        if self.rate <= 0:
            return 0.0
        now = time.time()  # the wall clock: the workers' monotonic clocks need not agree
        params = {"caller": caller, "capacity": self.capacity, "now": now, "rate": self.rate}
        with self._lock:
            tokens, granted = self._conn.execute(_TAKE, params).fetchone()
            self._count += 1
            if self._count % self.PRUNE_EVERY == 0:
                idle = self.capacity / self.rate
                self._conn.execute("DELETE FROM buckets WHERE at < ?", (now - idle,))
        if granted:
            return 0.0
        return max((1.0 - float(tokens)) / self.rate, 1e-3)

    def close(self) -> None:
        self._conn.close()
