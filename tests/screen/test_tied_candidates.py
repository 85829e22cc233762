"""Which listed names the name stage scores does not depend on the order of equal scores
(`service._first`): every name tied with the last one chosen is scored too."""

from __future__ import annotations

import numpy as np

from hisab.match.index import Index, Subject
from hisab.names import tokenize
from hisab.screen.service import MAX_NAMES, Screener, _distinct, _first, _unique, best_per_name, make_query


def _person(n: int, name: str, born: str) -> Subject:
    s = Subject(id=f"eu-{n}", schema="Person", caption=name, dataset="eu", record_id=str(n))
    s.names.append((tokenize(name, False), "name"))
    s.birth_dates.add(born)
    return s


def _subjects() -> list[Subject]:
    # Thirty persons named alike, their family names of one length: the same candidate score
    # for "Mohammad Reza", more than the name stage's cut (2 * MAX_NAMES) holds. One of them
    # was born in the query's year.
    families = [f"Zah{chr(97 + i // 26)}{chr(97 + i % 26)}di" for i in range(30)]
    return [
        _person(n, f"Mohammad Reza {family}", "1944" if n == 17 else "1970")
        for n, family in enumerate(families)
    ]


def test_first_keeps_every_score_tied_at_the_cut_in_order_of_position() -> None:
    scores = np.asarray([0.5, 0.9, 0.5, 0.7, 0.5, 0.9])
    assert _first(scores, 3).tolist() == [1, 5, 3]
    # The third highest is 0.5, which three positions share: all of them, in their order.
    assert _first(scores, 4).tolist() == [1, 5, 3, 0, 2, 4]


def test_the_names_tied_at_the_cut_are_all_scored_in_any_order() -> None:
    assert len(_subjects()) > 2 * MAX_NAMES
    query = make_query("Mohammad Reza", "Person", birth_date="1944-08-25")
    found = []
    for subjects in (_subjects(), _subjects()[::-1]):
        screener = Screener(Index.from_subjects(subjects, []))
        tokens = tokenize("Mohammad Reza", False)
        chosen, _ = screener._candidates(tokens, None, MAX_NAMES)
        assert len(chosen) == 30
        best = screener.screen(query, top=1)[0]
        found.append((best.subject.id, round(best.score, 6)))
    # The one born in the query's year ranks first, however the lists number their names.
    assert found[0] == found[1] and found[0][0] == "eu-17"


def test_best_per_name_gives_each_name_once_with_its_best_credit() -> None:
    # The candidate stage's credits of one query part: a name holding several parts like it
    # counts the best once. Names sorted; none at all, none.
    ids = np.asarray([5, 3, 5, 3, 9, 5], dtype=np.int32)
    credits = np.asarray([0.2, 0.5, 0.7, 0.1, 0.0, 0.7])
    names, best = best_per_name(ids, credits)
    assert names.dtype == np.int32 and names.tolist() == [3, 5, 9]
    assert best.tolist() == [0.5, 0.7, 0.0]
    names, best = best_per_name(np.empty(0, dtype=np.int32), np.empty(0))
    assert names.dtype == np.int32 and len(names) == len(best) == 0


def test_unique_gives_what_numpy_unique_gives_with_the_inverse() -> None:
    # The candidate stage's finds: runs of sorted names, one run per query part, as `_expand`
    # gives them; the names once each, sorted, and where each find is among them, as
    # `np.unique(..., return_inverse=True)` has them. None at all, and one, too.
    rng = np.random.default_rng(7)
    cases = [np.empty(0, dtype=np.int32), np.asarray([4], dtype=np.int32)]
    for runs in (1, 3, 9):
        cases.append(
            np.concatenate(
                [np.sort(rng.choice(500, rng.integers(1, 200), replace=False)) for _ in range(runs)]
            )
        )
    cases.append(rng.integers(0, 50, 400))
    for ids in cases:
        ids = ids.astype(np.int32)
        names, at = _unique(ids)
        expected, inverse = np.unique(ids, return_inverse=True)
        assert names.dtype == np.int32
        assert names.tolist() == expected.tolist()
        assert at.tolist() == inverse.tolist()
        assert names[at].tolist() == ids.tolist()
        # Without the inverse (a new array, which it sorts in place).
        once = _distinct(ids.copy())
        assert once.dtype == np.int32 and once.tolist() == expected.tolist()
