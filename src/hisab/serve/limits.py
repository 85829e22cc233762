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
connection checkout per request would cost more than the statement itself.

Servers on several hosts behind one address share their buckets in a PostgreSQL database
instead (`HISAB_LIMITS_URL`, `PostgresRateLimiter`): the same UPSERT, one round trip per
request, through one `psycopg` connection per worker. Without it each host has its own
file, and a caller gets its limit once per host.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, Protocol

import psycopg

from hisab.errors import HisabError

log = logging.getLogger(__name__)


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


class _StoredRateLimiter(ABC):
    """A token bucket per caller, kept in a database table that several processes share: the
    arithmetic is one UPSERT statement (`_take`, written for each database), and every
    PRUNE_EVERY requests a worker drops the buckets that are full again (`_prune`)."""

    PRUNE_EVERY = 10_000

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self._lock = threading.Lock()
        self._count = 0

    @abstractmethod
    def _take(self, params: dict[str, Any]) -> tuple[float, bool] | None:
        """Run the UPSERT: the bucket's tokens after it and whether one was taken; None when the
        request is to go ahead unchecked."""

    @abstractmethod
    def _prune(self, before: float) -> None:
        """Drop the buckets last used before `before` (full again by now)."""

    def take(self, caller: str) -> float:
        if self.rate <= 0:
            return 0.0
        now = time.time()  # the wall clock: the workers' monotonic clocks need not agree
        params = {"caller": caller, "capacity": self.capacity, "now": now, "rate": self.rate}
        with self._lock:
            row = self._take(params)
            if row is None:
                return 0.0
            self._count += 1
            if self._count % self.PRUNE_EVERY == 0:
                self._prune(now - self.capacity / self.rate)
        tokens, granted = row
        if granted:
            return 0.0
        return max((1.0 - tokens) / self.rate, 1e-3)


class SharedRateLimiter(_StoredRateLimiter):
    """A token bucket per caller in the SQLite file `path`, shared by every process that
    opens it: `per_minute` requests a minute, bursts up to that many."""

    def __init__(self, path: Path, per_minute: int) -> None:
        super().__init__(per_minute)
        path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit (isolation_level None): each statement is its own transaction.
        self._conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        self._setup(deadline=time.monotonic() + 10.0)

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

    def _take(self, params: dict[str, Any]) -> tuple[float, bool]:
        tokens, granted = self._conn.execute(_TAKE, params).fetchone()
        return float(tokens), bool(granted)

    def _prune(self, before: float) -> None:
        self._conn.execute("DELETE FROM buckets WHERE at < ?", (before,))

    def close(self) -> None:
        self._conn.close()


#: The same statement for PostgreSQL: in ON CONFLICT DO UPDATE, the table's name reads the row
#: as it was, and the conflicting row stays locked until the statement ends, so two hosts
#: never take the same token.
_TAKE_PG = """
INSERT INTO hisab_rate_buckets AS b (caller, tokens, at, granted)
VALUES (%(caller)s, %(capacity)s - 1, %(now)s, true)
ON CONFLICT (caller) DO UPDATE SET
    granted = least(%(capacity)s, b.tokens + greatest(0, %(now)s - b.at) * %(rate)s) >= 1,
    tokens = least(%(capacity)s, b.tokens + greatest(0, %(now)s - b.at) * %(rate)s)
        - (least(%(capacity)s, b.tokens + greatest(0, %(now)s - b.at) * %(rate)s) >= 1)::int,
    at = %(now)s
RETURNING tokens, granted
"""


#: The advisory lock under which a worker creates the buckets' table (any fixed number).
_CREATE_LOCK = 0x6869736162


class PostgresRateLimiter(_StoredRateLimiter):
    """A token bucket per caller in the PostgreSQL database at `url` (table
    `hisab_rate_buckets`), shared by every worker on every host that uses it: `per_minute`
    requests a minute, bursts up to that many.

    The time is each host's wall clock (kept in step by NTP, as servers' clocks are; a
    difference of a second moves a per-minute limit by a sixtieth). If the database cannot
    be reached the request goes ahead and a warning is logged: a screening service stays up
    when its limiter's database is down; the next request tries to connect again.
    """

    def __init__(self, url: str, per_minute: int) -> None:
        super().__init__(per_minute)
        # The store's URLs are SQLAlchemy's ("postgresql+psycopg://"); psycopg takes the plain one.
        self.url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self._conn: psycopg.Connection[Any] | None = None
        try:
            self._connect()
        except psycopg.Error as exc:
            # A wrong setting stops the server at start, with the setting named.
            raise HisabError(f"HISAB_LIMITS_URL: cannot use the rate limits' database: {exc}") from exc

    def _connect(self) -> psycopg.Connection[Any]:
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=5)
        # Workers starting together would race to create the table (CREATE TABLE IF NOT
        # EXISTS is not safe against a concurrent creation): one at a time, under a lock.
        # UNLOGGED: no write-ahead log, as the SQLite file skips syncing; the buckets are worth
        # nothing after a crash (PostgreSQL empties such a table when it recovers).
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_CREATE_LOCK,))
            conn.execute(
                "CREATE UNLOGGED TABLE IF NOT EXISTS hisab_rate_buckets (caller TEXT PRIMARY KEY, "
                "tokens DOUBLE PRECISION NOT NULL, at DOUBLE PRECISION NOT NULL, granted BOOLEAN NOT NULL)"
            )
        self._conn = conn
        return conn

    def _take(self, params: dict[str, Any]) -> tuple[float, bool] | None:
        try:
            conn = self._conn if self._conn is not None and not self._conn.closed else self._connect()
            row = conn.execute(_TAKE_PG, params).fetchone()
        except psycopg.Error as exc:
            self._lost(exc)
            return None
        assert row is not None  # RETURNING gives the row written
        return float(row[0]), bool(row[1])

    def _prune(self, before: float) -> None:
        try:
            if self._conn is not None:
                self._conn.execute("DELETE FROM hisab_rate_buckets WHERE at < %s", (before,))
        except psycopg.Error as exc:
            self._lost(exc)

    def _lost(self, exc: psycopg.Error) -> None:
        """The database cannot be reached: let the request through; the next one reconnects."""
        # Logged without the URL, which may hold a password.
        log.warning("rate limits' database unreachable, request let through: %s", type(exc).__name__)
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
