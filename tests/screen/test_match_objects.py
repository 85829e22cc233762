"""`Match` and `Alignment` are plain classes with slots (made for every name scored), not
dataclasses: what the dataclasses gave that the screener relies on still holds."""

from __future__ import annotations

from hisab.match.algorithm import default_algorithm
from hisab.match.align import Alignment, Pair, align
from hisab.match.index import Subject
from hisab.names import tokenize
from hisab.screen.service import Match


def test_a_match_with_ownership_keeps_every_other_field() -> None:
    # `Screener._with_ownership` makes a new match with the ownership check's finding: every
    # other field, whichever the class holds (its slots), comes over as it was.
    subject = Subject(
        id="p-1", schema="Company", caption="Example Bakery LLC", dataset="parties", record_id="1"
    )
    other = Subject(id="p-2", schema="Company", caption="Example Bakery", dataset="parties", record_id="2")
    q_tokens, c_tokens = tokenize("Example Bakery"), tokenize("Example Bakery LLC")
    match = Match(
        subject,
        0.91,
        True,
        (("full_name", 1.0),),
        default_algorithm(),
        actor_id="actor-1",
        sources=(subject, other),
        ownership=None,
        read_as_russian=("query",),
        read_as_persian=True,
        spelled_with_digraphs=("listed",),
        respelled_from="german",
        left_out=("llc",),
        q_tokens=q_tokens,
        c_tokens=c_tokens,
        alignment=align(q_tokens, c_tokens),
    )
    info = {"blocked": False, "risk": True}
    found = match.with_ownership(info, False)
    assert found is not match and match.ownership is None and match.match is True
    assert found.ownership is info and found.match is False
    # Its slots: compiled (mypyc), the class names them in `__mypyc_attrs__`.
    names = getattr(Match, "__mypyc_attrs__", None) or Match.__slots__
    assert len(names) == 16
    for name in names:
        if name not in ("ownership", "match"):
            assert getattr(found, name) == getattr(match, name), name


def test_alignments_are_equal_and_hashed_by_their_fields() -> None:
    pairs = (Pair((0,), (1,), 0.9),)
    one = Alignment(pairs, (1,), (0,), False)
    same = Alignment((Pair((0,), (1,), 0.9),), (1,), (0,), False)
    assert one == same and hash(one) == hash(same) and len({one, same}) == 1
    assert one != Alignment(pairs, (1,), (0,), True)
    assert one != Alignment(pairs, (), (0,), False)
    assert one != pairs
    assert "in_order=False" in repr(one)
