"""A person's name cut short by a field of fixed length ("Vasiliy Aleksandrovi", 20 letters, for
Vasiliy Aleksandrovich NIKITIN): the query's last part, no known name, pairs at SLIP with a
listed part it begins (`cut_short`, `align`'s `names`); the name stage finds the names holding
such a part (`Screener._completions`); and the names born on the query's birth date are scored
when every part of the query pairs, though the listed name has more (`_part_left`)."""

from __future__ import annotations

from hisab.match.align import align
from hisab.match.index import Index, Subject, add_name, name_roles
from hisab.names import tokenize
from hisab.names.similarity import SLIP, cut_short
from hisab.screen.service import Screener, make_query


def _cut(a: str, b: str) -> bool:
    return cut_short(tokenize(a, False)[0], tokenize(b, False)[0])


def test_a_part_cut_short() -> None:
    assert _cut("Aleksandrovi", "Aleksandrovich")
    assert _cut("KASIAN", "KASIANCHYK")
    # Four letters or more: a shorter beginning is many names' ("Moh").
    assert _cut("Haqq", "Haqqani")
    assert not _cut("Kas", "Kasianchyk")
    # Two letters or more left out: one is a slip (`slipped`), read with its rules.
    assert not _cut("Aleksandrovic", "Aleksandrovich")
    # The beginning of the word, not any part of it; not across scripts; not the same word.
    assert not _cut("leksandrovi", "Aleksandrovich")
    assert not _cut("الکساندر", "Aleksandrovich")
    assert not _cut("Aleksandrovich", "Aleksandrovich")


def _sims(query: str, listed: str, names: frozenset[str] | None) -> set[float]:
    return {p.sim for p in align(tokenize(query, False), tokenize(listed, False), names=names).pairs}


def test_the_alignment_reads_only_the_querys_last_part_as_cut_and_only_if_no_name() -> None:
    names = frozenset({"vasiliy", "aleksandrovich", "nikitin", "hossein", "hosseini", "ali"})
    assert SLIP in _sims("Vasiliy Aleksandrovi", "NIKITIN, Vasiliy Aleksandrovich", names)
    # Without the words known to be names (an organisation's name): no reading.
    assert SLIP not in _sims("Vasiliy Aleksandrovi", "NIKITIN, Vasiliy Aleksandrovich", None)
    # A field cuts the end of a name, not its first part.
    assert SLIP not in _sims("Aleksandrovi Vasiliy", "NIKITIN, Vasiliy Aleksandrovich", names)
    # "Hossein" is a name of its own, not "Hosseini" cut short.
    assert SLIP not in _sims("Ali Hossein", "HOSSEINI, Ali", names)


def _person(n: int, last: str, first: str, middle: str, born: str) -> Subject:
    name = f"{last}, {first} {middle}"
    subject = Subject(id=f"p-{n}", schema="Person", caption=name, dataset="d", record_id=str(n))
    add_name(subject, name, "name", False, set())
    subject.birth_dates.add(born)
    subject.name_roles = name_roles([first], [middle], [last])
    return subject


def test_a_name_cut_to_its_given_name_and_patronymic_finds_the_person_born_that_day() -> None:
    # The benchmark's `degraded/truncate` variation of OFAC's "NIKITIN, Vasiliy Aleksandrovich",
    # born 1971-11-25: "Vasiliy Aleksandrovi", 0.034 before. Thirty other Vasiliy Aleksandroviches
    # share the query's name as far as it goes, and only the birth date tells them apart: the
    # name stage, which reads no date, chose a dozen of them.
    listed = _person(0, "NIKITIN", "Vasiliy", "Aleksandrovich", "1971-11-25")
    others = [
        _person(10 + i, f"Surname{chr(97 + i % 26)}{i}ov", "Vasiliy", "Aleksandrovich", f"19{50 + i}-01-01")
        for i in range(30)
    ]
    # Many other people, so that a Vasiliy is as rare as on the lists.
    people = [_person(100 + i, f"Family{i}", f"Given{i}", f"Middle{i}", "1980-01-01") for i in range(400)]
    screener = Screener(Index.from_subjects([*others, listed, *people], []))
    found = screener.screen(make_query("Vasiliy Aleksandrovi", "Person", "1971-11-25"))
    assert found and found[0].subject.record_id == "0" and found[0].match, found[:1]
    # Without the birth date, nothing tells the thirty-one apart: no alert.
    found = screener.screen(make_query("Vasiliy Aleksandrovi", "Person"))
    assert not any(m.match for m in found), [(m.subject.caption, m.score) for m in found if m.match]


def test_the_name_stage_finds_the_names_a_cut_part_begins() -> None:
    # "KASIAN" is three letters from "Kasianchyk"'s skeleton: the look-up one edit away does not
    # reach it, and a name sharing the given name alone holds too little of the query's rarity
    # to be chosen. No name was.
    listed = _person(0, "KASIANCHYK", "Alina", "Siarhieeuna", "1998-03-12")
    others = [_person(10 + i, f"Other{i}name", "Alina", "Siarhieeuna", "1970-01-01") for i in range(10)]
    people = [_person(100 + i, f"Family{i}", f"Given{i}", f"Middle{i}", "1980-01-01") for i in range(400)]
    screener = Screener(Index.from_subjects([*others, listed, *people], []))
    query = tokenize("Alina KASIAN", False)
    index = screener.index
    chosen = {index.subjects[index.name_subject[n]].record_id for n in screener.candidates(query)}
    assert "0" in chosen, chosen


def test_a_name_cut_between_words_finds_the_person_born_that_day() -> None:
    # "Sergey Yevgenyevich", OFAC's "Sergey Yevgenyevich GALAN" cut to 20 letters, born
    # 1970-06-13: every part is a listed spelling, so no slip sent the screener to the day's
    # births (`_unlisted_part`), and thirty other Sergey Yevgenyeviches took the name stage's
    # places. With a full date, the day's births are looked at all the same.
    listed = _person(0, "GALAN", "Sergey", "Yevgenyevich", "1970-06-13")
    others = [
        _person(10 + i, f"Surname{chr(97 + i % 26)}{i}ov", "Sergey", "Yevgenyevich", f"19{40 + i}-01-01")
        for i in range(30)
    ]
    # Listed with a year alone, as OFAC gives "circa 1952".
    year_only = _person(1, "NAQDI", "Mohammad", "Reza", "1952")
    people = [_person(100 + i, f"Family{i}", f"Given{i}", f"Middle{i}", "1980-01-01") for i in range(400)]
    screener = Screener(Index.from_subjects([*others, listed, year_only, *people], []))
    found = screener.screen(make_query("Sergey Yevgenyevich", "Person", "1970-06-13"))
    assert found and found[0].subject.record_id == "0" and found[0].match, found[:1]
    # Only those born that day: a common name and the year a list gives alone are no evidence
    # the name stage missed ("Mohammad Reza", born 1952-07-19, met NAQDI so at 0.495 among the
    # 100,000 synthetic customers when the year's births were looked at too).
    assert (
        screener._born_candidates(tokenize("Mohammad Reza", False), "1952-07-19", None, set(), day_only=True)
        == []
    )
    assert screener._born_candidates(tokenize("Mohammad Reza", False), "1952-07-19", None, set()) != []
