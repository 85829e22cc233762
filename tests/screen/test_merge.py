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


def _choice(rng: random.Random, names: int) -> tuple:  # type: ignore[type-arg]
    """Arguments of `choose` as the candidate stage gives them: a pool of names (sorted, each
    once), their sums (with many ties: sums of a few credits), the floor, and lengths, masks and
    groups over the names."""
    size = rng.choice([0, 1, 3, 20, 400, 3000])
    pool = np.asarray(sorted(rng.sample(range(names), min(size, names))), dtype=np.int32)
    counted = np.asarray([rng.choice([0.25, 0.5, 0.75, 1.0, 1.5]) * rng.randint(0, 4) for _ in pool])
    if rng.random() < 0.3:
        counted += np.asarray([rng.random() for _ in pool])
    lengths = np.asarray([rng.choice([1.0, 2.0, 2.1, 3.0, 3.2, 4.0]) for _ in range(names)])
    allowed = np.asarray([rng.random() < 0.7 for _ in range(names)]) if rng.random() < 0.5 else None
    subjects = np.asarray([rng.randrange(names // 2) for _ in range(names)], dtype=np.int32)
    groups = np.asarray([rng.randrange(names // 3) for _ in range(names // 2)], dtype=np.int32)
    return (
        pool,
        counted,
        rng.choice([0.0, 0.5, 1.0, 1.2]),
        lengths,
        rng.choice([0.0, 0.01, 0.3]),
        rng.choice([1, 2, 24, 96, 5000]),
        allowed,
        subjects,
        groups if rng.random() < 0.5 else None,
    )


def test_the_choice_in_c_is_numpys() -> None:
    """The same names, owners and scores, in the same order, ties at the cut kept and ordered by
    their place in the pool, with and without a mask and groups."""
    assert str(service.__file__).endswith(".py") != (service._NATIVE_CHOOSE is not None)
    if service._NATIVE_CHOOSE is None:
        return
    rng = random.Random(11)
    tied = 0
    for _ in range(400):
        args = _choice(rng, 4000)
        expected = service._python_choose(*args)
        assert service._NATIVE_CHOOSE(*args) == expected
        scores = expected[2]
        tied += len(scores) > args[5] and scores[args[5] - 1] == scores[-1]
    # Ties at the cut were met, and kept whole.
    assert tied >= 10


def test_the_python_choice_orders_by_score_then_place() -> None:
    """The reference itself, on a small case worked out by hand."""
    pool = np.asarray([2, 5, 7, 9], dtype=np.int32)
    counted = np.asarray([1.0, 3.0, 1.0, 0.1])
    lengths = np.zeros(10)
    subjects = np.arange(10, dtype=np.int32)
    # 9 falls under the floor; 2 and 7 tie for the second place and both are kept, 2 first.
    assert service._python_choose(pool, counted, 0.5, lengths, 0.01, 2, None, subjects, None) == (
        [5, 2, 7],
        [5, 2, 7],
        [3.0, 1.0, 1.0],
    )
    allowed = np.asarray([True] * 7 + [False] * 3)
    groups = np.asarray([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], dtype=np.int32)
    lengths[2] = 10.0
    assert service._python_choose(pool, counted, 0.5, lengths, 0.01, 2, allowed, subjects, groups) == (
        [5, 2],
        [2, 1],
        [3.0, 1.0 - 0.01 * 10.0],
    )


def test_the_choice_in_c_says_what_it_was_given_wrong() -> None:
    choose = service._NATIVE_CHOOSE
    if choose is None:
        return
    pool, counted = np.asarray([1, 2], dtype=np.int32), np.ones(2)
    lengths, subjects = np.ones(4), np.arange(4, dtype=np.int32)
    with pytest.raises(ValueError, match="choose: pool must be a contiguous int32 array"):
        choose(pool.astype(np.int64), counted, 0.0, lengths, 0.0, 2, None, subjects, None)
    with pytest.raises(ValueError, match="choose: 2 names in the pool but 1 sums"):
        choose(pool, np.ones(1), 0.0, lengths, 0.0, 2, None, subjects, None)
    with pytest.raises(ValueError, match="choose: pool holds 7, which lengths, subjects or allowed lack"):
        choose(np.asarray([7], dtype=np.int32), np.ones(1), 0.0, lengths, 0.0, 2, None, subjects, None)
    with pytest.raises(ValueError, match="choose: allowed must be a contiguous bool array"):
        choose(pool, counted, 0.0, lengths, 0.0, 2, np.ones(4), subjects, None)
    with pytest.raises(ValueError, match="choose: most must be 1 or more"):
        choose(pool, counted, 0.0, lengths, 0.0, 0, None, subjects, None)
    with pytest.raises(ValueError, match="subject 3 is outside groups"):
        choose(
            pool,
            counted,
            0.0,
            lengths,
            0.0,
            2,
            None,
            np.full(4, 3, dtype=np.int32),
            np.zeros(2, dtype=np.int32),
        )


def test_the_credits_in_c_are_numpys() -> None:
    """The same names and credits (to the last bit) as numpy's, for similarities below, at and
    above the prescore's floor and full mark, from the batch and from the list past it, with
    runs sorted and each name once, as the index holds them."""
    credited = service._NATIVE_CREDITED
    assert str(service.__file__).endswith(".py") != (credited is not None)
    if credited is None:
        return
    rng = random.Random(5)
    zero, full = service.PRESCORE_ZERO, service.PRESCORE_FULL
    marks = [0.0, zero - 1e-9, zero, zero + 1e-9, (zero + full) / 2, full, full + 0.01, 1.0]
    left_out = single = 0
    for _ in range(300):
        size = rng.choice([1, 50, 5000])
        count = rng.randrange(0, 9)
        runs = [
            np.asarray(sorted(rng.sample(range(size), rng.randint(0, min(size, 60)))), dtype=np.int32)
            for _ in range(count)
        ]
        sims = [rng.choice(marks) if rng.random() < 0.5 else rng.random() for _ in range(count)]
        batched = rng.randint(0, count)
        args = (runs, np.asarray(sims[:batched], dtype=np.float64), sims[batched:], size)
        ids, values = service.credited(*args)
        want_ids, want_values = service._python_credited(*args)
        assert ids.tolist() == want_ids.tolist()
        assert values.tobytes() == want_values.tobytes()
        left_out += any(s <= zero for s in sims)
        single += sum(s > zero for s in sims) == 1
    # Parts of no credit, and a lone part of credit, were both met.
    assert left_out > 50 and single > 20


def test_the_credits_in_c_say_what_they_were_given_wrong() -> None:
    credited = service._NATIVE_CREDITED
    if credited is None:
        return
    run = np.asarray([1, 2], dtype=np.int32)
    with pytest.raises(ValueError, match="credited: 2 runs but 1 similarities"):
        credited([run, run], np.ones(1), [], 10, 0.3, 0.9)
    with pytest.raises(ValueError, match="credited: sims must be a contiguous float64 array"):
        credited([run], np.ones(1, dtype=np.float32), [], 10, 0.3, 0.9)
    with pytest.raises(ValueError, match="credited: run 1 holds 12, outside"):
        credited([run, np.asarray([12], dtype=np.int32)], np.ones(1), [1.0], 10, 0.3, 0.9)
    with pytest.raises(TypeError, match="must be real number"):
        credited([run], np.ones(0), ["high"], 10, 0.3, 0.9)
