"""The screener keeps a query name's candidates and alignments (`Screener._best`): a name
screened again must get exactly what a fresh screener gives it, whatever its other facts."""

from __future__ import annotations

from hisab.match.index import Index, Subject
from hisab.names import tokenize
from hisab.screen.batch import match_dict
from hisab.screen.service import Screener, make_query


def _person(n: int, dataset: str, names: list[str], born: str = "") -> Subject:
    s = Subject(id=f"{dataset}-{n}", schema="Person", caption=names[0], dataset=dataset, record_id=str(n))
    s.names += [(tokenize(name, False), "name" if i == 0 else "alias") for i, name in enumerate(names)]
    if born:
        s.birth_dates.add(born)
    return s


def _index() -> Index:
    subjects = [
        _person(0, "eu", ["VAHIDI Ahmad", "Ahmed VAHIDI"], "1958-07-27"),
        _person(1, "eu", ["Ahmad VAHIDI SHIRAZI"], "1958-06-27"),
        _person(2, "un", ["Ahmad Vahidi"], "1958-07-27"),
        _person(3, "un", ["Mohammad Bagher Ghalibaf"], "1961-08-23"),
        _person(4, "eu", ["Ali Hosseini"]),
    ]
    subjects += [_person(10 + i, "eu", [f"Ahmad Filler{i}"]) for i in range(30)]
    return Index.from_subjects(subjects, [])


def _results(
    screener: Screener, name: str, born: str | None, nationality: str | None, datasets: set[str] | None = None
) -> list[dict[str, object]]:
    query = make_query(name, "Person", birth_date=born, nationality=nationality)
    return [match_dict(m) for m in screener.screen(query, top=10, datasets=datasets)]


QUERIES = [
    ("Ahmad Vahidi", "1958-06-27", None),
    ("Ahmad Vahidi", "1958-07-27", "ir"),
    ("Ahmad Vahidi", "1970-01-01", None),
    ("Ahmad Vahidi", None, None),
    ("VAHIDI, Ahmad", "1958-06-27", None),
    ("محمدباقر قالیباف", None, None),
    ("Mohammad Baqer Qalibaf", "1961-08-23", None),
    ("Mohammad Baqer Qalibaf", "1990-01-01", None),
    ("Ali Hosseini", "1985-03-02", "ir"),
]


def test_a_name_screened_again_scores_as_in_a_fresh_screener() -> None:
    index = _index()
    shared = Screener(index)
    # Twice through, so that every name after its first meets what the screener kept of it.
    for _ in range(2):
        for name, born, nationality in QUERIES:
            fresh = Screener(index)
            assert _results(shared, name, born, nationality) == _results(fresh, name, born, nationality), name
    # Nor do the lists asked for: the same name, against one list, then all.
    for datasets in ({"un"}, None, {"eu"}):
        found = _results(shared, "Ahmad Vahidi", None, None, datasets)
        assert found == _results(Screener(index), "Ahmad Vahidi", None, None, datasets)
        assert datasets is None or {m["sources"][0]["dataset"] for m in found} == datasets  # type: ignore[index]
    # The birth date still decides: the same name, kept, meets the second record's date.
    first = _results(shared, "Ahmad Vahidi", "1958-06-27", None)
    again = _results(shared, "Ahmad Vahidi", "1970-01-01", None)
    assert first[0]["score"] != again[0]["score"]


def test_resolved_actors_given_later_are_screened_as_actors() -> None:
    # Candidates are chosen per actor once actors are known (`_candidates`): one actor's many
    # records (twelve here, one per list) take one actor's places, and the names further down
    # are scored too. What was kept of a name before must not stand for it after.
    records = [_person(0, f"list{i}", ["Ahmad VAHIDI"], "1958-06-27") for i in range(12)]
    others = [_person(1, "un", ["Ahmad VAHIDI NASAB"]), _person(2, "un", ["Ahmad VAHIDI ZADEH"])]
    filler = [_person(10 + i, "eu", [f"Ahmad Filler{i}"]) for i in range(30)]
    index = Index.from_subjects([*records, *others, *filler], [])
    actors = {(f"list{i}", "0"): "actor-1" for i in range(12)}
    shared = Screener(index)
    for name, born, nationality in QUERIES:
        _results(shared, name, born, nationality)
    before = [m["entity_id"] for m in _results(shared, "Ahmad Vahidi", None, None)]
    assert "un-1" not in before  # the twelve records took every place
    shared.use_actors(actors)
    fresh = Screener(index)
    fresh.use_actors(actors)
    for name, born, nationality in QUERIES:
        assert _results(shared, name, born, nationality) == _results(fresh, name, born, nationality), name
    after = [m["entity_id"] for m in _results(shared, "Ahmad Vahidi", None, None)]
    assert after[0].startswith("list") and {"un-1", "un-2"} <= set(after)


def test_a_names_readings_are_kept_per_name_and_schema() -> None:
    # The readings of a query's name (`_readings`: as written, respelled the English way, read
    # as Russian …) depend on its name and schema alone: a name screened again with another
    # birth date is read from what the screener kept.
    screener = Screener(_index())
    first = screener._readings(make_query("Hüseyin Yılmaz", "Person", birth_date="1970-01-01"))
    assert [reading for _, reading, _ in first] == ["", "turkish", "turkish"]
    assert screener._readings(make_query("Hüseyin Yılmaz", "Person", birth_date="1980-02-02")) is first
    # Another schema is read apart: an organisation's name is not respelled as a person's.
    organisation = screener._readings(make_query("Hüseyin Yılmaz", "Organization"))
    assert [reading for _, reading, _ in organisation] == [""]
    unknown = screener._readings(make_query("Hüseyin Yılmaz"))
    assert unknown is not first and unknown == first
    # What is kept is what a fresh screener reads.
    assert Screener(_index())._readings(make_query("Hüseyin Yılmaz", "Person")) == first
