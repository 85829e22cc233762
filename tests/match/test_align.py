"""The order of an alignment's pairs (`Alignment.in_order`), which the name loop of screening
and the `reordered` feature read: worked out once, when `align` makes the alignment."""

from __future__ import annotations

from hisab.match.align import Pair, align, paired_in_order
from hisab.match.index import Index, Subject
from hisab.names import tokenize
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
