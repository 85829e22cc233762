"""Screening with resolved actors (`Screener.use_actors`): one result per actor, its best-scoring
record first among the actor's records, whether the result was found by name or by identifier."""

from __future__ import annotations

from hisab.match.index import Index, Subject
from hisab.names import tokenize
from hisab.screen.service import Screener, make_query


def _person(n: int, dataset: str, name: str, born: str = "", identifier: str = "") -> Subject:
    s = Subject(id=f"{dataset}-{n}", schema="Person", caption=name, dataset=dataset, record_id=str(n))
    s.names.append((tokenize(name, False), "name"))
    if born:
        s.birth_dates.add(born)
    if identifier:
        s.identifiers.add(identifier)
    return s


def _screener() -> Screener:
    subjects = [
        _person(0, "un", "Ahmad VAHIDI", "1958-07-27"),
        _person(1, "eu", "Ahmed VAHIDI SHIRAZI"),
        _person(2, "uk", "VAHIDI, Ahmad", "1958-07-27", "A1234567"),
        _person(3, "un", "Ahmad VAHIDI NASAB"),
        _person(4, "eu", "Ali HOSSEINI", identifier="B7654321"),
    ]
    subjects += [_person(10 + i, "eu", f"Ahmad Filler{i}") for i in range(20)]
    screener = Screener(Index.from_subjects(subjects, []))
    screener.use_actors({("un", "0"): "actor-v", ("eu", "1"): "actor-v", ("uk", "2"): "actor-v"})
    return screener


def _records(sources: tuple[Subject, ...]) -> list[str]:
    return [s.id for s in sources]


def test_one_result_per_actor_with_its_records_the_best_first() -> None:
    screener = _screener()
    found = screener.screen(make_query("Ahmad Vahidi", "Person", birth_date="1958-07-27"), top=10)
    actors = [m.actor_id for m in found if m.actor_id is not None]
    assert actors == ["actor-v"]  # its three records are one result
    grouped = next(m for m in found if m.actor_id == "actor-v")
    # The record that scored best stands first, then the actor's others, in the lists' order.
    assert grouped.subject.id in ("un-0", "uk-2")
    others = [r for r in ("un-0", "eu-1", "uk-2") if r != grouped.subject.id]
    assert _records(grouped.sources) == [grouped.subject.id, *others]
    assert grouped.records == grouped.sources
    # A subject of no actor is a result of its own, with no actor and no other records.
    alone = next(m for m in found if m.subject.id == "un-3")
    assert alone.actor_id is None and alone.sources == () and alone.records == (alone.subject,)


def test_a_result_found_by_identifier_stands_for_its_actor_too() -> None:
    screener = _screener()
    # A name that finds nobody: the passport number alone brings the UK record in.
    found = screener.screen(make_query("Zzyzx Qwerty", "Person", identifiers=("A1234567",)), top=10)
    by_passport = next(m for m in found if m.subject.id == "uk-2")
    assert by_passport.actor_id == "actor-v"
    assert _records(by_passport.sources) == ["uk-2", "un-0", "eu-1"]
    assert [m.actor_id for m in found].count("actor-v") == 1
    # A record of no actor found so: itself alone.
    found = screener.screen(make_query("Zzyzx Qwerty", "Person", identifiers=("B7654321",)), top=10)
    hosseini = next(m for m in found if m.subject.id == "eu-4")
    assert hosseini.actor_id is None and hosseini.records == (hosseini.subject,)


def test_actors_given_again_replace_the_first() -> None:
    screener = _screener()
    screener.use_actors({("un", "0"): "actor-w", ("uk", "2"): "actor-w"})
    found = screener.screen(make_query("Ahmad Vahidi", "Person", birth_date="1958-07-27"), top=10)
    grouped = next(m for m in found if m.actor_id == "actor-w")
    assert sorted(_records(grouped.sources)) == ["uk-2", "un-0"]
    # The EU record is an actor of its own no more: a result by itself.
    assert all(m.actor_id != "actor-v" for m in found)
    shirazi = next(m for m in found if m.subject.id == "eu-1")
    assert shirazi.actor_id is None and shirazi.sources == () and shirazi.records == (shirazi.subject,)


def test_an_actors_facts_are_worked_out_anew_after_its_records_were_screened() -> None:
    # Screening keeps what it works out of a record's facts (the year first listed); an actor's
    # facts are its records' together (`_actor_facts`), and must not inherit what was kept of
    # one record. The EU listed "Ahmed VAHIDI" in 2012, when a customer born in 1996 was 16; the
    # UN, the same man by the actor, in 2008, when the customer was 12: too young to be him.
    # (Names spelled apart: an actor's name repeated by another record is scored once.)
    eu = _person(1, "eu", "Ahmed VAHIDI")
    eu.programs.append({"dataset": "eu", "record_id": "1", "listing_date": "2012-03-23"})
    un = _person(0, "un", "Ahmad VAHIDI")
    un.programs.append({"dataset": "un", "record_id": "0", "listing_date": "2008-03-03"})
    fillers = [_person(10 + i, "eu", f"Ahmad Filler{i}") for i in range(20)]
    screener = Screener(Index.from_subjects([un, eu, *fillers], []))
    query = make_query("Ahmad Vahidi", "Person", birth_date="1996-05-01")
    before = {m.subject.id: m for m in screener.screen(query, top=10)}
    assert "birth_date_mismatch" not in dict(before["eu-1"].fired)
    assert dict(before["un-0"].fired).get("birth_date_mismatch") == 1.0
    screener.use_actors({("un", "0"): "actor-v", ("eu", "1"): "actor-v"})
    after = [m for m in screener.screen(query, top=10) if m.actor_id == "actor-v"]
    assert len(after) == 1 and dict(after[0].fired).get("birth_date_mismatch") == 1.0
    # Each record's own facts stay its own.
    assert screener.compare(query, eu).fired == before["eu-1"].fired
