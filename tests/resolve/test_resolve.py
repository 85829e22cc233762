"""Cross-list resolution on small lists written here (FtM files), and its store side:
decisions, the review queue, stable actor ids. The real-data checks are in test_real.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hisab.cli import app
from hisab.errors import HisabError
from hisab.lists.load import load_paths
from hisab.match.index import Index
from hisab.resolve import service
from hisab.resolve.engine import Pair, assign_ids, cluster, years_contradict
from hisab.screen.service import Screener
from hisab.store import Store


def person(
    entity_id: str, name: str, *, born: str = "", alias: str = "", program: str = ""
) -> list[dict[str, Any]]:
    props: dict[str, list[str]] = {"name": [name]}
    if born:
        props["birthDate"] = [born]
    if alias:
        props["alias"] = [alias]
    found: list[dict[str, Any]] = [{"id": entity_id, "schema": "Person", "properties": props}]
    if program:
        found.append(
            {
                "id": f"{entity_id}-sanction",
                "schema": "Sanction",
                "properties": {"entity": [entity_id], "program": [program], "listingDate": ["2010-01-01"]},
            }
        )
    return found


def write_list(root: Path, dataset: str, entities: list[list[dict[str, Any]]]) -> Path:
    folder = root / dataset
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "entities.ftm.json"
    path.write_text("".join(json.dumps(e) + "\n" for group in entities for e in group), encoding="utf-8")
    return path


UN = [
    person("un-1", "Qasem Soleimani", born="1957-03-11", program="Iran"),
    person("un-2", "Ghasem Soleymani", program="Iran"),
    person("un-3", "Mohammad Reza Naqdi", born="1952", program="Iran"),
    person("un-4", "Ahmad Vahidi", born="1958", program="Iran"),
]
UK = [
    person("uk-1", "Qassem SOLEIMANI", born="1957-03-11", alias="Ghasem SOLEYMANI", program="Iran (nuclear)"),
    person("uk-3", "Mohammad Reza NAQDI", born="1952", program="Iran (nuclear)"),
    person("uk-4", "Ahmad VAHIDI", born="1970", program="Iran (nuclear)"),
    person("uk-5", "Hossein Shariatmadari", born="1949", program="Iran (human rights)"),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def lists(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Store, Path]:
    """Two small lists in a store on SQLite and on PostgreSQL (decisions are shared by the
    reviewers of a team, who use the server deployment)."""
    if request.param == "postgresql":
        from tests.postgres import fresh_database

        store = Store(fresh_database(request.getfixturevalue("postgres")))
    else:
        store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [write_list(tmp_path / "v1", "un_sc", UN), write_list(tmp_path / "v1", "gb_hmt", UK)])
    return store, tmp_path


def run(store: Store) -> service.ResolveSummary:
    return service.resolve(store, Screener(Index.build(store)))


def actor(store: Store, dataset: str, record_id: str) -> str:
    return service.actor_ids(store)[dataset, record_id]


def test_records_of_two_lists_are_one_actor_and_namesakes_stay_apart(lists: tuple[Store, Path]) -> None:
    store, _ = lists
    summary = run(store)
    assert summary.saved
    # Same name (another spelling) and birth date: one actor.
    assert actor(store, "gb_hmt", "uk-3") == actor(store, "un_sc", "un-3")
    # The UK's Soleimani carries the other UN Soleymani's name as an alias; the birth date decides,
    # and the two UN records (the UN lists no one twice) are never one actor.
    assert actor(store, "gb_hmt", "uk-1") == actor(store, "un_sc", "un-1")
    assert actor(store, "un_sc", "un-2") != actor(store, "un_sc", "un-1")
    # Birth years twelve years apart: never merged, however alike the names.
    assert actor(store, "gb_hmt", "uk-4") != actor(store, "un_sc", "un-4")
    vahidi = next(
        p for p in summary.resolution.pairs if {p.left.record_id, p.right.record_id} == {"uk-4", "un-4"}
    )
    assert vahidi.status == "apart"
    assert any("birth years contradict" in e for e in vahidi.evidence)
    # Someone on one list only is an actor of their own.
    members = [k for k, a in service.actor_ids(store).items() if a == actor(store, "gb_hmt", "uk-5")]
    assert members == [("gb_hmt", "uk-5")]


def test_a_decision_is_applied_by_every_later_run_and_can_be_retracted(lists: tuple[Store, Path]) -> None:
    store, _ = lists
    run(store)
    assert actor(store, "gb_hmt", "uk-3") == actor(store, "un_sc", "un-3")
    decision = service.decide(store, "un_sc:un-3", "gb_hmt:uk-3", "different", by="tester", note="checked")
    # Not before the next run...
    assert actor(store, "gb_hmt", "uk-3") == actor(store, "un_sc", "un-3")
    run(store)
    assert actor(store, "gb_hmt", "uk-3") != actor(store, "un_sc", "un-3")
    run(store)
    assert actor(store, "gb_hmt", "uk-3") != actor(store, "un_sc", "un-3")
    service.retract(store, decision)
    run(store)
    assert actor(store, "gb_hmt", "uk-3") == actor(store, "un_sc", "un-3")
    history = service.decisions(store)
    assert [(d["verdict"], d["decided_by"], d["note"]) for d in history] == [
        ("different", "tester", "checked")
    ]
    assert history[0]["retracted_at"] is not None
    with pytest.raises(HisabError, match="no decision"):
        service.retract(store, decision)


def test_a_same_decision_links_a_pair_the_engine_would_not(lists: tuple[Store, Path]) -> None:
    store, _ = lists
    run(store)
    assert actor(store, "gb_hmt", "uk-5") != actor(store, "un_sc", "un-4")
    service.decide(store, "gb_hmt:uk-5", "un_sc:un-4", "same", by="tester")
    run(store)
    assert actor(store, "gb_hmt", "uk-5") == actor(store, "un_sc", "un-4")


def test_bad_decisions_are_refused_with_a_reason(lists: tuple[Store, Path]) -> None:
    store, _ = lists
    with pytest.raises(HisabError, match="verdict must be one of"):
        service.decide(store, "un_sc:un-1", "gb_hmt:uk-1", "maybe")
    with pytest.raises(HisabError, match="not a record key"):
        service.decide(store, "un-1", "gb_hmt:uk-1", "same")
    with pytest.raises(HisabError, match="names each actor once"):
        service.decide(store, "un_sc:un-1", "un_sc:un-2", "same")
    assert service.decisions(store) == []


def test_actor_ids_survive_a_list_update(lists: tuple[Store, Path]) -> None:
    store, root = lists
    run(store)
    before = service.actor_ids(store)
    # A new UN version: Naqdi's record respelled, Vahidi's removed, a new record added.
    update = [UN[0], UN[1], person("un-3", "Mohammad-Reza NAGHDI", born="1952", program="Iran")]
    update.append(person("un-9", "Hossein Salami", born="1960", program="Iran"))
    load_paths(store, [write_list(root / "v2", "un_sc", update)])
    run(store)
    after = service.actor_ids(store)
    for key in [
        ("un_sc", "un-1"),
        ("gb_hmt", "uk-1"),
        ("un_sc", "un-3"),
        ("gb_hmt", "uk-3"),
        ("gb_hmt", "uk-5"),
    ]:
        assert after[key] == before[key]
    assert ("un_sc", "un-4") not in after
    assert after["un_sc", "un-9"] not in set(before.values())


def test_the_review_queue_and_the_cli(lists: tuple[Store, Path]) -> None:
    store, _ = lists
    db = store.url
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db, "-q", "resolve", "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["saved"] and summary["actors"] == 6 and summary["actors_on_several_lists"] == 2
    queue = service.review_queue(store)
    if queue:  # the engine may be sure of every pair here; then the queue is empty
        first = queue[0]
        result = runner.invoke(app, ["--db", db, "-q", "review", "--reviewer", "tester"], input="d\nq\n")
        assert result.exit_code == 0, result.output
        assert "recorded decision" in result.output
        assert service.decisions(store)[0]["verdict"] == "different"
        assert (first.left, first.right) not in {(p.left, p.right) for p in service.review_queue(store)}
    result = runner.invoke(
        app, ["--db", db, "-q", "decide", "un_sc:un-4", "gb_hmt:uk-5", "unsure", "--note", "x"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--db", db, "-q", "decisions", "--json"])
    assert json.loads(result.output)[-1]["verdict"] == "unsure"
    result = runner.invoke(app, ["--db", db, "-q", "resolve", "--dataset", "nope"])
    assert result.exit_code != 0


def test_the_review_shows_both_records_and_records_the_verdict(tmp_path: Path) -> None:
    # Two lists whose only pair is uncertain: a common name, no other detail.
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(
        store,
        [
            write_list(tmp_path, "un_sc", [person("a", "Mohammad Hosseini", program="Iran")]),
            write_list(tmp_path, "gb_hmt", [person("b", "Mohammad HOSSEINI", program="Iran (human rights)")]),
        ],
    )
    summary = run(store)
    assert summary.review == 1 and summary.multi_list == 0
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "store.db"), "-q", "review", "--reviewer", "tester"], input="s\n"
    )
    assert result.exit_code == 0, result.output
    assert "un_sc:a" in result.output and "gb_hmt:b" in result.output
    assert service.decisions(store)[0]["verdict"] == "same"
    run(store)
    assert actor(store, "un_sc", "a") == actor(store, "gb_hmt", "b")
    assert service.review_queue(store) == []


def test_birth_years_contradict_only_beyond_a_year() -> None:
    assert years_contradict({1957}, {1970})
    assert not years_contradict({1957}, {1958})
    assert not years_contradict({1957, 1970}, {1970})
    assert not years_contradict(set(), {1970})


def test_ids_follow_the_majority_and_splits_get_new_ones() -> None:
    a, b, c = ("x", "1"), ("y", "1"), ("z", "1")
    previous = {a: "actor-old", b: "actor-old", c: "actor-old"}
    ids = assign_ids([[a, b], [c]], previous)
    assert ids[a] == ids[b] == "actor-old"
    assert ids[c] != "actor-old" and ids[c].startswith("actor-")
    # Deterministic: the same record starts the same new id.
    assert assign_ids([[c]], {}) == assign_ids([[c]], {})


def test_cluster_refuses_a_link_that_would_join_two_records_of_one_un_list() -> None:
    keys = [("un_sc", "1"), ("un_sc", "2"), ("gb_hmt", "1")]
    subjects = {k: _subject(k) for k in keys}
    pairs = [
        Pair(subjects[keys[2]], subjects[keys[0]], 0.99, "link", "match"),
        Pair(subjects[keys[2]], subjects[keys[1]], 0.95, "link", "match"),
    ]
    resolution = cluster(sorted(keys), pairs, {k: set() for k in keys})
    assert sorted(map(sorted, resolution.clusters)) == [[("gb_hmt", "1"), ("un_sc", "1")], [("un_sc", "2")]]
    assert resolution.refused and "names each actor once" in resolution.refused[0][2]


def _subject(key: tuple[str, str]) -> Any:
    from hisab.match.index import Subject

    return Subject(id=f"{key[0]}-{key[1]}", schema="Person", caption=key[1], dataset=key[0], record_id=key[1])


def test_screening_answers_with_resolved_actors(lists: tuple[Store, Path], tmp_path: Path) -> None:
    store, _ = lists
    runner = CliRunner()
    before = runner.invoke(app, ["--db", store.url, "-q", "screen", "Mohammad Reza Naghdi", "--json"])
    assert before.exit_code == 0, before.output
    records = [m for m in json.loads(before.output)["matches"] if m["match"]]
    assert len(records) == 2  # before resolution: the UN and the UK record, one result each
    run(store)
    after = runner.invoke(app, ["--db", store.url, "-q", "screen", "Mohammad Reza Naghdi", "--json"])
    matches = [m for m in json.loads(after.output)["matches"] if m["match"]]
    assert len(matches) == 1
    assert matches[0]["actor_id"] == actor(store, "un_sc", "un-3")
    assert sorted((s["dataset"], s["record_id"]) for s in matches[0]["sources"]) == [
        ("gb_hmt", "uk-3"),
        ("un_sc", "un-3"),
    ]
    assert {p["program"] for p in matches[0]["programs"]} == {"Iran", "Iran (nuclear)"}
    # The HTTP API: one result, whose referents and datasets cover the actor's records.
    from fastapi.testclient import TestClient

    from hisab.serve.app import create_app
    from hisab.settings import Settings

    query = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Mohammad Reza Naghdi"]}}}}
    with TestClient(create_app(Settings(db=store.url, cache_dir=tmp_path / "cache"))) as client:
        results = client.post("/match/default", json=query).json()["responses"]["q"]["results"]
    found = [r for r in results if r["match"]]
    assert len(found) == 1
    assert found[0]["datasets"] == ["gb_hmt", "un_sc"]
    assert {found[0]["id"], *found[0]["referents"]} >= {"uk-3", "un-3"}
    assert found[0]["actor_id"] == matches[0]["actor_id"]


def test_vessels_with_different_imo_numbers_are_never_one(tmp_path: Path) -> None:
    def vessel(entity_id: str, name: str, imo: str) -> list[dict[str, Any]]:
        return [{"id": entity_id, "schema": "Vessel", "properties": {"name": [name], "imoNumber": [imo]}}]

    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(
        store,
        [
            write_list(
                tmp_path,
                "un_sc",
                [vessel("u1", "ADRIAN DARYA 1", "IMO 9116412"), vessel("u2", "SABITI", "9172777")],
            ),
            write_list(
                tmp_path,
                "gb_hmt",
                [vessel("g1", "ADRIAN DARYA 1", "9999999"), vessel("g2", "SABITI", "IMO9172777")],
            ),
        ],
    )
    summary = run(store)
    pairs = {frozenset({p.left.record_id, p.right.record_id}): p for p in summary.resolution.pairs}
    assert pairs[frozenset({"u1", "g1"})].status == "apart"
    assert "different IMO numbers" in " ".join(pairs[frozenset({"u1", "g1"})].evidence)
    assert actor(store, "un_sc", "u2") == actor(store, "gb_hmt", "g2")
    assert actor(store, "un_sc", "u1") != actor(store, "gb_hmt", "g1")
