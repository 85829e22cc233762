"""Aligning two names' parts: the order of an alignment's pairs (`Alignment.in_order`), which
the name loop of screening and the `reordered` feature read, worked out once, when `align` makes
the alignment; the pairs taken best first, each part once (`_greedy`); and the part similarities
read from the rows `prime` gives."""

from __future__ import annotations

import itertools
import random

from hisab.match.align import Pair, _greedy, align, paired_in_order
from hisab.match.index import Index, Subject
from hisab.names import tokenize
from hisab.names.similarity import SIMILARITIES, prime
from hisab.screen.service import Screener, make_query


def _aligned(query: str, listed: str) -> bool:
    return align(tokenize(query, False), tokenize(listed, False)).in_order


def test_the_listed_order_or_another() -> None:
    assert _aligned("Mohammad Bagher Ghalibaf", "Mohammad Baqer Qalibaf")
    # Lists write the family name first.
    assert not _aligned("Mohammad Bagher Ghalibaf", "QALIBAF, Mohammad Baqer")
    # A part joined with its neighbour ("Mohammad Bagher" as one) keeps its place.
    assert _aligned("Mohammadbagher Ghalibaf", "Mohammad Baqer Qalibaf")
    assert not _aligned("Ghalibaf Mohammadbagher", "Mohammad Baqer Qalibaf")
    # One part paired, or none, is in order.
    assert _aligned("Ghalibaf", "Mohammad Baqer Qalibaf")
    assert _aligned("Zzyzx", "Mohammad Baqer Qalibaf")


def test_the_order_of_the_pairs_as_given() -> None:
    # Pairs by their first query part, whatever order `align` chose them in.
    assert paired_in_order((Pair((2,), (2,), 1.0), Pair((0,), (0,), 1.0), Pair((1,), (1,), 1.0)))
    assert not paired_in_order((Pair((0,), (1,), 1.0), Pair((1,), (0,), 1.0)))
    assert paired_in_order((Pair((0, 1), (0,), 0.9), Pair((2,), (1, 2), 0.9)))
    assert paired_in_order(())


NAMES = [
    "Mohammad Bagher Ghalibaf",
    "QALIBAF, Mohammad Baqer",
    "Mohammadbagher Ghalibaf",
    "محمدباقر قالیباف",
    "Abdol Rahim Mousavi",
    "Abdolrahim MOUSAVI",
    "Abd al-Rahman Al Milad",
    "Ali Reza Karimi",
    "Hossein Hosseini",
    "Islamic Revolutionary Guard Corps",
    "IRGC",
]


def test_an_alignment_read_from_primed_rows_is_the_alignment_made_without() -> None:
    for query, listed in itertools.product(NAMES, NAMES):
        q, c = tokenize(query, False), tokenize(listed, False)
        SIMILARITIES.clear()
        rows = prime(q, c)
        assert align(q, c, rows=rows) == align(q, c), (query, listed)
        SIMILARITIES.clear()
        assert align(q, c) == align(q, c, rows=prime(q, c)), (query, listed)


def test_the_rows_are_read_before_the_shared_cache() -> None:
    q, c = tokenize("Zzyzx Karimi", False), tokenize("Karimi Mohammad", False)
    assert align(q, c).unmatched_q == (0,)
    # A row that says Zzyzx is Mohammad pairs them: what `prime` gave is what counts.
    rows = [{c[1]: 1.0}, {}]
    aligned = align(q, c, rows=rows)
    assert aligned.unmatched_q == () and Pair((0,), (1,), 1.0) in aligned.pairs


def _reference_greedy(options: list[Pair]) -> tuple[list[Pair], set[int], set[int]]:
    """Pairs best first, each part at most once, as sets say it."""
    ranked = sorted(options, key=lambda p: (-p.sim, -(len(p.q) + len(p.c)), abs(p.q[0] - p.c[0])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen = []
    for pair in ranked:
        if used_q.isdisjoint(pair.q) and used_c.isdisjoint(pair.c):
            chosen.append(pair)
            used_q.update(pair.q)
            used_c.update(pair.c)
    return chosen, used_q, used_c


def test_pairs_are_taken_best_first_each_part_once() -> None:
    rng = random.Random(8)
    for _ in range(2000):
        options = []
        for _ in range(rng.randrange(12)):
            i, j = rng.randrange(5), rng.randrange(5)
            q = (i,) if rng.random() < 0.7 else (i, i + 1)
            c = (j,) if rng.random() < 0.7 else (j, j + 1, j + 2)
            options.append(Pair(q, c, rng.choice([0.55, 0.7, 0.85, 0.9, 1.0])))
        assert _greedy(list(options)) == _reference_greedy(options)
    # By hand: the best pair first, then the best of those left whose parts are free.
    chosen, used_q, used_c = _greedy(
        [Pair((0,), (0,), 0.7), Pair((0, 1), (1,), 0.9), Pair((1,), (0,), 0.8), Pair((2,), (0,), 0.6)]
    )
    assert chosen == [Pair((0, 1), (1,), 0.9), Pair((2,), (0,), 0.6)]
    assert (used_q, used_c) == ({0, 1, 2}, {0, 1})


def test_a_reordered_name_costs_a_little() -> None:
    filler = []
    for i in range(30):
        s = Subject(
            id=f"f{i}", schema="Person", caption=f"Filler{i} Person{i}", dataset="d", record_id=str(i)
        )
        s.names.append((tokenize(s.caption, False), "name"))
        filler.append(s)
    listed = Subject(id="q", schema="Person", caption="QALIBAF, Mohammad Baqer", dataset="d", record_id="q")
    listed.names.append((tokenize(listed.caption, False), "name"))
    screener = Screener(Index.from_subjects([listed, *filler], []))
    inverted = screener.compare(make_query("Mohammad Bagher Ghalibaf", "Person"), listed)
    assert [c.feature for c in inverted.explanation if c.feature == "reordered"] == ["reordered"]
    same = screener.compare(make_query("Qalibaf Mohammad Baqer", "Person"), listed)
    assert "reordered" not in [c.feature for c in same.explanation]
    assert inverted.score < same.score
