"""screen/_merge.c, the candidate stage's merge of name numbers, against numpy's (`_python_merged`)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from hisab.screen import service
from hisab.screen.service import _python_merged, merged

COMPILED = service._NATIVE_MERGE is not None


def _runs(rng: random.Random, size: int) -> list[np.ndarray]:
    """Runs of name numbers as the candidate stage gives them (sorted, each once) and not
    (in any order, repeated), some empty, some holding the first and last numbers."""
    runs = []
    for _ in range(rng.randrange(1, 12)):
        count = rng.choice([0, 1, 2, 5, 40, 300])
        ids = [rng.randrange(size) for _ in range(count)]
        if rng.random() < 0.5:
            ids = sorted(set(ids))
        if rng.random() < 0.2:
            ids += [0, size - 1]
        runs.append(np.asarray(ids, dtype=np.int32))
    return runs


def test_the_merge_in_c_is_numpys() -> None:
    """The same numbers, in the same order, with the same sums (to the last bit: added in the
    same order) and the same greatest values, for values per number and per run, and for sizes
    on either side of numpy's two ways of summing (COMPACT_RATIO)."""
    # Built with the compiled modules (setup.py, WRITTEN_IN_C), and only then: CI compiles.
    assert str(service.__file__).endswith(".py") != COMPILED
    if not COMPILED:
        return
    rng = random.Random(3)
    compared = repeated = 0
    for _ in range(400):
        size = rng.choice([1, 2, 63, 64, 65, 1000, 83_476])
        runs = _runs(rng, size)
        per_number = [np.asarray([rng.choice([0.0, 0.25, 1 / 3, rng.random()]) for _ in run]) for run in runs]
        per_run = np.asarray([rng.random() for _ in runs])
        for values in (per_number, per_run):
            for summing in (True, False):
                expected = _python_merged(runs, values, size, summing)
                found = merged(runs, values, size, summing)
                assert found[0].dtype == np.int32 and found[1].dtype == np.float64
                assert np.array_equal(found[0], expected[0]), (size, summing)
                assert np.array_equal(found[1], expected[1]), (size, summing)
                compared += 1
        total = sum(len(run) for run in runs)
        repeated += total > len(np.unique(np.concatenate(runs))) if total else 0
    assert compared == 1600 and repeated > 100
    # Numbers summed in an order where floating point shows it: (0.1 + 0.2) + 0.3 is not
    # 0.1 + (0.2 + 0.3); both add them as given.
    runs = [np.asarray([7], dtype=np.int32)] * 3
    values = [np.asarray([v]) for v in (0.1, 0.2, 0.3)]
    assert (
        merged(runs, values, 8, True)[1][0]
        == (0.1 + 0.2) + 0.3
        == _python_merged(runs, values, 8, True)[1][0]
    )


def test_the_merge_in_c_leaves_nothing_behind() -> None:
    """The table it keeps between calls starts each call clear, after a call that failed half
    way too; the arrays it gives back are the caller's to change."""
    if not COMPILED:
        return
    first = merged([np.asarray([3, 5], dtype=np.int32)], [np.asarray([1.0, 2.0])], 10, True)
    with pytest.raises(ValueError, match=r"run 1 holds 12, outside \[0, 10\)"):
        merged(
            [np.asarray([3, 4], dtype=np.int32), np.asarray([1, 12], dtype=np.int32)], np.ones(2), 10, True
        )
    ids, sums = merged([np.asarray([4, 1], dtype=np.int32)], [np.asarray([0.5, 0.25])], 10, True)
    assert ids.tolist() == [1, 4] and sums.tolist() == [0.25, 0.5]
    sums[0] = 9.0
    assert first[1].tolist() == [1.0, 2.0]


def test_the_merge_in_c_says_what_it_was_given_wrong() -> None:
    if not COMPILED:
        return
    with pytest.raises(ValueError, match="run 0 must be a contiguous int32 array"):
        merged([np.asarray([1, 2], dtype=np.int64)], np.ones(1), 10, True)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="values 0 must be a contiguous float64 array"):
        merged([np.asarray([1, 2], dtype=np.int32)], [np.asarray([1, 2], dtype=np.int32)], 10, True)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="run 0 holds 2 numbers but 1 values"):
        merged([np.asarray([1, 2], dtype=np.int32)], [np.ones(1)], 10, True)
    with pytest.raises(ValueError, match="2 runs but 1 values"):
        merged([np.asarray([1], dtype=np.int32)] * 2, np.ones(1), 10, False)
