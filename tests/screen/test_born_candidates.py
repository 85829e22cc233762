"""The names of people born when the query's person was (`Screener._born_candidates`): a slip
in the rare part of a name leaves the name stage only its common part to go by, and the birth
date finds the listed person; only names that may pair every part are scored so."""

from __future__ import annotations

from hisab.match.align import align
from hisab.match.index import Index, Subject, add_name
from hisab.names import similarity, tokenize
from hisab.screen.service import Match, Screener, _near_parts, _part_left, make_query


def _person(n: int, name: str, birth_date: str) -> Subject:
    subject = Subject(id=f"p-{n}", schema="Person", caption=name, dataset="d", record_id=str(n))
    add_name(subject, name, "name", False, set())
    subject.birth_dates.add(birth_date)
    return subject


def _screener() -> Screener:
    listed = [
        _person(0, "BELKALEM, Mohamed", "1969-12-19"),
        _person(1, "OJI, Javad", "1966-07-24"),
        # A year alone, as OFAC gives "circa 1964".
        _person(2, "ARBUZOV, Serhiy", "1976"),
    ]
    # Many namesakes of the common parts, born on other days: more than the name stage scores.
    filler = [_person(10 + i, f"Mohamed Filler{i}an", f"19{50 + i % 40}-01-0{1 + i % 9}") for i in range(40)]
    filler += [_person(60 + i, f"Javad Other{i}i", f"19{50 + i % 40}-02-0{1 + i % 9}") for i in range(20)]
    filler += [_person(90 + i, f"Serhiy Some{i}enko", f"19{50 + i % 40}-03-0{1 + i % 9}") for i in range(20)]
    return Screener(Index.from_subjects([*listed, *filler], []))


def _found(results: list[Match], subject_id: str) -> Match | None:
    return next((m for m in results if m.subject.id == subject_id), None)


def test_a_slip_in_the_rare_part_is_found_by_the_birth_date() -> None:
    screener = _screener()
    # "Belalem" for BELKALEM: a form no listed name has, whose listed form the name stage does
    # not reach; "Mohamed" alone brings forty others first.
    found = _found(screener.screen(make_query("BELALEM Mohamed", "Person", "1969-12-19")), "p-0")
    assert found is not None and found.match
    # A full date against a list that gives the year only.
    found = _found(screener.screen(make_query("ABUZOV Serhiy", "Person", "1976-03-24")), "p-2")
    assert found is not None and found.match


def test_without_the_birth_date_the_slip_is_not_looked_beyond_the_name_stage() -> None:
    screener = _screener()
    for born in (None, "1975-01-01"):
        found = _found(screener.screen(make_query("BELALEM Mohamed", "Person", born)), "p-0")
        assert found is None or not found.match


def test_only_names_that_may_pair_every_part_are_scored_so() -> None:
    """A given name and a birth date shared by chance are no evidence the name stage missed:
    "Javad Mohammadi", born 1966-07-24, met OFAC's "OJI, Javad", born that day, at 0.69 on the
    lists when the names born that day were scored whatever their other parts."""
    assert _near_parts(tokenize("BELALEM Mohamed", False), tokenize("BELKALEM, Mohamed", False))
    assert _near_parts(tokenize("Mohamed BELALEM", False), tokenize("BELKALEM, Mohamed", False))
    assert not _near_parts(tokenize("Javad Mohammadi", False), tokenize("OJI, Javad", False))
    # Names in another script are left to the name stage.
    assert not _near_parts(tokenize("جواد محمدی", False), tokenize("Javad Mohammadi", False))
    # After the alignment: a name part of the query paired with none.
    q, c = tokenize("Javad Mohammadi", False), tokenize("OJI, Javad", False)
    assert _part_left(q, c, align(q, c))
    q, c = tokenize("BELALEM Mohamed", False), tokenize("BELKALEM, Mohamed", False)
    assert not _part_left(q, c, align(q, c))
    # A title left out is no name part.
    q, c = tokenize("Ali Khamenei", False), tokenize("Sayyed Ali KHAMENEI", False)
    assert not _part_left(q, c, align(q, c))
    # The listed name may have a part more (the query cut short, `test_cut_names`), but only
    # where each of the query's parts pairs for credit: "Ahmadi" is near "Mohammadi" as letters
    # go, and pairs with it for nothing.
    q, c = tokenize("Reza Ahmadi", False), tokenize("Mohammad Reza MOHAMMADI", False)
    assert _near_parts(q, c) and _part_left(q, c, align(q, c))
    q, c = tokenize("Reza Mohammadi", False), tokenize("Mohammad Reza MOHAMMADI", False)
    assert not _part_left(q, c, align(q, c))


def test_a_prepared_screener_answers_as_one_making_its_tables_when_first_needed() -> None:
    """`prepare` makes the tables a first query would (the names by birth date, the words known
    to be names, the listed parts' forms and texts) before any query: the answers are the
    same."""
    queries = [
        make_query("BELALEM Mohamed", "Person", "1969-12-19"),
        make_query("ABUZOV Serhiy", "Person", "1976-03-24"),
        make_query("Javad Mohammadi", "Person", "1966-07-24"),
        make_query("Serhiy Someenk", "Person"),
    ]
    lazy, prepared = _screener(), _screener()
    similarity._WRITTEN.clear()
    prepared.prepare()
    # The listed Latin parts' consonants as written, which the candidate stage compares, are
    # known before any query (`similarity.learn_written`).
    assert {"blklm", "mhmd", "j", "jvd", "srhy", "rbzv"} <= set(similarity._WRITTEN.values())
    for query in queries:
        assert [(m.subject.id, m.score) for m in prepared.screen(query)] == [
            (m.subject.id, m.score) for m in lazy.screen(query)
        ]
