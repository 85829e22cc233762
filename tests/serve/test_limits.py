"""Rate limits: one worker's buckets in memory; several workers' buckets shared in a file; several
hosts' buckets shared in PostgreSQL."""

from __future__ import annotations

import functools
import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from hisab.errors import HisabError
from hisab.serve import limits
from hisab.serve.limits import Limiter, PostgresRateLimiter, RateLimiter, SharedRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    found = Clock()
    monkeypatch.setattr(limits.time, "time", found)
    monkeypatch.setattr(limits.time, "monotonic", found)
    return found


@pytest.fixture
def unused_port() -> int:
    """A local port nothing listens on."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def limits_db(postgres: str) -> str:
    from tests.postgres import fresh_database

    return fresh_database(postgres)


@pytest.mark.parametrize("kind", ["memory", "file", "postgresql"])
def test_a_bucket_refills_at_the_rate(
    tmp_path: Path, clock: Clock, kind: str, request: pytest.FixtureRequest
) -> None:
    limiter: Limiter
    if kind == "postgresql":
        limiter = PostgresRateLimiter(request.getfixturevalue("limits_db"), 6)
    else:
        limiter = SharedRateLimiter(tmp_path / "limits", 6) if kind == "file" else RateLimiter(6)
    assert [limiter.take("key:a") for _ in range(6)] == [0.0] * 6
    assert limiter.take("key:a") == pytest.approx(10.0), "one token comes back every 10 s"
    assert limiter.take("key:b") == 0.0, "each caller has its own bucket"
    clock.now += 5
    assert limiter.take("key:a") == pytest.approx(5.0)
    clock.now += 5
    assert limiter.take("key:a") == 0.0
    clock.now += 3600
    assert [limiter.take("key:a") for _ in range(7)].count(0.0) == 6, "a bucket holds at most the limit"


@pytest.mark.parametrize("kind", ["file", "postgresql"])
def test_workers_share_one_limit(
    tmp_path: Path, clock: Clock, kind: str, request: pytest.FixtureRequest
) -> None:
    """Two workers' limiters on one file (or two hosts' on one PostgreSQL database, a
    connection each), taking from many threads at once: the caller gets its limit once, not
    once per worker, and no token is taken twice."""
    workers: list[Limiter]
    if kind == "postgresql":
        where = request.getfixturevalue("limits_db")
        workers = [PostgresRateLimiter(where, 60) for _ in range(2)]
    else:
        workers = [SharedRateLimiter(tmp_path / "limits", 60) for _ in range(2)]
    granted: list[int] = []

    def send(limiter: Limiter) -> None:
        granted.append(sum(limiter.take("key:a") == 0.0 for _ in range(50)))

    threads = [threading.Thread(target=send, args=(w,)) for w in workers for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(granted) == 60, granted
    assert workers[1].take("key:b") == 0.0, "each caller has its own bucket"


def _take_many(path: str, count: int, out: multiprocessing.Queue[int]) -> None:
    limiter = SharedRateLimiter(Path(path), 50)
    out.put(sum(limiter.take("key:a") == 0.0 for _ in range(count)))


def test_processes_share_one_limit(tmp_path: Path) -> None:
    """As `hisab serve --workers 2` runs them: separate processes, the real clock."""
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[int] = context.Queue()
    processes = [
        context.Process(target=_take_many, args=(str(tmp_path / "limits"), 100, out)) for _ in range(2)
    ]
    for process in processes:
        process.start()
    totals = [out.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    # 50 at once, and one more for every 1.2 s the processes took (they take a few seconds).
    assert 50 <= sum(totals) <= 55, totals


def _start_together(make: Callable[[], Limiter], count: int) -> list[Exception]:
    """`count` workers creating a limiter at the same moment and taking a token: the errors."""
    barrier = threading.Barrier(count)
    errors: list[Exception] = []

    def start() -> None:
        barrier.wait()
        try:
            make().take("key:1")
        except Exception as exc:  # any failure is the test's finding
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_workers_starting_together_open_a_new_file(tmp_path: Path) -> None:
    # Workers race for the new file; SQLite answers one "database is locked" at once, not after
    # its timeout, when two connections would each wait for the other (about one round in
    # fifteen failed this way before the limiter retried).
    for round_ in range(40):
        path = tmp_path / f"limits-{round_}"
        errors = _start_together(functools.partial(SharedRateLimiter, path, 50), 8)
        assert not errors, (round_, errors)


def test_a_wrong_limits_url_stops_the_server_at_start(unused_port: int) -> None:
    with pytest.raises(HisabError, match="HISAB_LIMITS_URL"):
        PostgresRateLimiter(f"postgresql://hisab@127.0.0.1:{unused_port}/hisab", 60)


def test_requests_go_ahead_while_the_database_is_away_and_it_reconnects(
    limits_db: str, unused_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = PostgresRateLimiter(limits_db, 1)
    assert limiter.take("key:a") == 0.0
    assert limiter.take("key:a") > 0.0, "the one token is taken"
    good, limiter.url = limiter.url, f"postgresql://hisab@127.0.0.1:{unused_port}/hisab"
    assert limiter._conn is not None
    limiter._conn.close()  # the database goes away
    assert limiter.take("key:a") == 0.0, "let through, not refused, while it cannot be reached"
    assert "unreachable" in caplog.text and str(unused_port) not in caplog.text
    limiter.url = good
    assert limiter.take("key:a") > 0.0, "back: the bucket kept in the database still counts"


def test_the_server_uses_postgresql_limits_when_given(limits_db: str, tmp_path: Path) -> None:
    from hisab.serve.app import _limiter
    from hisab.settings import Settings

    settings = Settings(db=str(tmp_path / "store.db"), limits_url=limits_db, api_workers=2)
    assert isinstance(_limiter(settings), PostgresRateLimiter)
    assert isinstance(_limiter(Settings(db=str(tmp_path / "store.db"), api_workers=2)), SharedRateLimiter)


def test_workers_starting_together_create_the_postgresql_table(limits_db: str) -> None:
    # CREATE TABLE IF NOT EXISTS run by two connections at once fails in one of them
    # ("duplicate key value violates unique constraint"): bench.limits hit it.
    from tests.postgres import fresh_database

    for round_ in range(5):
        where = fresh_database(limits_db)
        errors = _start_together(functools.partial(PostgresRateLimiter, where, 50), 6)
        assert not errors, (round_, errors)
