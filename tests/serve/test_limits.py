"""Rate limits: one worker's buckets in memory; several workers' buckets shared in a file."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from hisab.serve import limits
from hisab.serve.limits import RateLimiter, SharedRateLimiter


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


@pytest.mark.parametrize("shared", [False, True])
def test_a_bucket_refills_at_the_rate(tmp_path: Path, clock: Clock, shared: bool) -> None:
    limiter = SharedRateLimiter(tmp_path / "limits", 6) if shared else RateLimiter(6)
    assert [limiter.take("key:a") for _ in range(6)] == [0.0] * 6
    assert limiter.take("key:a") == pytest.approx(10.0), "one token comes back every 10 s"
    assert limiter.take("key:b") == 0.0, "each caller has its own bucket"
    clock.now += 5
    assert limiter.take("key:a") == pytest.approx(5.0)
    clock.now += 5
    assert limiter.take("key:a") == 0.0
    clock.now += 3600
    assert [limiter.take("key:a") for _ in range(7)].count(0.0) == 6, "a bucket holds at most the limit"


def test_workers_share_one_limit(tmp_path: Path, clock: Clock) -> None:
    """Two workers' limiters on one file, taking from many threads at once: the caller gets
    its limit once, not once per worker, and no token is taken twice."""
    workers = [SharedRateLimiter(tmp_path / "limits", 60) for _ in range(2)]
    granted: list[int] = []

    def send(limiter: SharedRateLimiter) -> None:
        granted.append(sum(limiter.take("key:a") == 0.0 for _ in range(50)))

    threads = [threading.Thread(target=send, args=(w,)) for w in workers for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(granted) == 60, granted


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


def _open_and_take(path: Path, barrier: threading.Barrier, errors: list[Exception]) -> None:
    barrier.wait()
    try:
        SharedRateLimiter(path, 50).take("key:1")
    except Exception as exc:  # any failure is the test's finding
        errors.append(exc)


def test_workers_starting_together_open_a_new_file(tmp_path: Path) -> None:
    # Workers race for the new file; SQLite answers one "database is locked" at once, not after
    # its timeout, when two connections would each wait for the other (about one round in
    # fifteen failed this way before the limiter retried).
    for round_ in range(40):
        barrier = threading.Barrier(8)
        errors: list[Exception] = []
        args = (tmp_path / f"limits-{round_}", barrier, errors)
        threads = [threading.Thread(target=_open_and_take, args=args) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, (round_, errors)
