"""`hisab serve`: yente's own client works against it unchanged, and bad requests get clear 4xx.

A real server (uvicorn) is started on 127.0.0.1 for the yente-client tests; the
key, limit and error tests use the same application in-process.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from yente_client import Client, Person
from yente_client.exceptions import APIError

from hisab.cli import app as cli
from hisab.lists import load_paths
from hisab.serve import service as serve_service
from hisab.serve.app import create_app
from hisab.serve.keys import create_key, list_keys, revoke_key
from hisab.settings import Settings
from hisab.store import Store
from tests.postgres import free_port

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "api" / "api_fixture"


@dataclass(frozen=True)
class Db:
    """The store the server runs on: SQLite (a file) or PostgreSQL (a URL), with a folder
    for the index cache and the jobs."""

    setting: str
    folder: Path

    def store(self) -> Store:
        return Store(self.setting if "://" in self.setting else f"sqlite:///{self.setting}")

    def settings(self, **values: Any) -> Settings:
        values.setdefault("cache_dir", self.folder / "cache")
        values.setdefault("jobs_dir", self.folder / "jobs")
        return Settings(db=self.setting, **values)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Db:
    """The store, on SQLite and on PostgreSQL: the API's store is shared by its users."""
    folder = tmp_path_factory.mktemp(f"serve-{request.param}")
    if request.param == "postgresql":
        from tests.postgres import fresh_database

        found = Db(fresh_database(request.getfixturevalue("postgres")), folder)
    else:
        found = Db(str(folder / "store.db"), folder)
    load_paths(found.store(), [data_dir / "un_sc/watchman_2026-02-27", FIXTURE])
    return found


@pytest.fixture(scope="module")
def server(db: Db) -> Iterator[str]:
    """A hisab server on 127.0.0.1, as `hisab serve` runs it; yields its base URL."""
    yield from _serve(db.settings())


def _serve(settings: Settings) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        assert thread.is_alive(), "the server stopped while starting"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


# ---------------------------------------------------------------- yente's own client


def test_yente_client_match_finds_qalibaf_by_another_spelling(server: str) -> None:
    with Client(base_url=server) as client:
        hits = client.match(Person(name=["Mohammad Bagher Ghalibaf"]))
    assert hits.top is not None
    assert hits.top.id == "hisab-test-qalibaf", hits.top
    assert hits.top.match is True and hits.top.score > 0.7
    assert "api_fixture" in hits.top.datasets
    # The explanation comes through in yente's shape: one entry per feature that fired.
    assert hits.top.explanations and all(f.detail for f in hits.top.explanations.values())
    assert "full_name" in hits.top.contributing_explanations


def test_yente_client_match_persian_script_and_birth_date(server: str) -> None:
    with Client(base_url=server) as client:
        hits = client.match(Person(name=["قاسم سلیمانی"], birthDate=["1957-03-11"]), datasets=["un_sc"])
    assert hits.top is not None and hits.top.match, hits.results
    assert hits.top.caption.upper() == "QASEM SOLEIMANI"
    assert all("un_sc" in r.datasets for r in hits.results)


def test_yente_client_ordinary_name_is_not_a_match(server: str) -> None:
    with Client(base_url=server) as client:
        hits = client.match(Person(name=["Sara Tehrani"], birthDate=["1990-01-01"]))
    assert not hits.matches, [(r.caption, r.score) for r in hits.results]


def test_yente_client_search_fetch_catalog_algorithms(server: str) -> None:
    with Client(base_url=server) as client:
        found = client.search("soleimani", schema="Person")
        assert found.results and all(r.schema_ == "Person" for r in found.results)
        assert any("SOLEIMANI" in r.caption.upper() for r in found.results)
        # Facets in yente's shape, counted over every filtered result.
        assert {"countries", "topics", "datasets"} <= set(found.facets)
        datasets = {v.name: v.count for v in found.facets["datasets"].values}
        assert datasets and sum(datasets.values()) >= found.total.value
        assert found.facets["countries"].values[0].label  # "Iran", not "ir"
        sanctioned = client.search("soleimani", topics=["sanction"], facets=["schema"])
        assert sanctioned.results and set(sanctioned.facets) == {"schema"}
        assert not client.search("soleimani", topics=["role.journo"]).results
        entity = client.fetch(found.results[0].id)
        assert entity.id == found.results[0].id
        sanctions = entity.properties.get("sanctions", [])
        assert sanctions and all(getattr(s, "schema_", None) == "Sanction" for s in sanctions), (
            entity.properties
        )
        catalog = client.datasets()
        names = {d.name for d in catalog.datasets}
        assert {"un_sc", "api_fixture", "default"} <= names
        assert all(d.load for d in catalog.datasets)
        algorithms = client.algorithms()
        assert algorithms.default == algorithms.best == "hisab-v1"
        assert algorithms.algorithms[0].docs and "birth_date_mismatch" in algorithms.algorithms[0].docs
        assert client.healthz().status == "ok" and client.readyz().status == "ok"


def test_yente_client_unknown_entity_is_not_found(server: str) -> None:
    with Client(base_url=server) as client, pytest.raises(APIError) as raised:
        client.fetch("no-such-entity")
    assert raised.value.status_code == 404


def test_yente_cli_screen(server: str, tmp_path: Path) -> None:
    rows = tmp_path / "people.csv"
    rows.write_text(
        "ref,full_name,dob\nr1,Mohammad Bagher Ghalibaf,\nr2,Sara Tehrani,1990-01-01\n", encoding="utf-8"
    )
    out = tmp_path / "people.out.csv"
    cli_path = Path(sys.executable).parent / "yente-cli"
    env = {**os.environ, "YENTE_BASE_URL": server}
    env.pop("OPENSANCTIONS_API_KEY", None)
    result = subprocess.run(
        [
            str(cli_path),
            "screen",
            str(rows),
            str(out),
            "-s",
            "Person",
            "-i",
            "full_name=name",
            "-i",
            "dob=birthDate",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    with open(out, encoding="utf-8") as fh:
        found = list(csv.DictReader(fh))
    by_ref: dict[str, list[dict[str, str]]] = {}
    for row in found:
        by_ref.setdefault(row["ref"], []).append(row)
    first = by_ref["r1"][0]
    assert first["match_id"] == "hisab-test-qalibaf" and first["match"].lower() == "true", first
    assert not any(r.get("match", "").lower() == "true" for r in by_ref.get("r2", [])), by_ref.get("r2")


# ---------------------------------------------------------------- plain HTTP: the yente wire format


def test_match_wire_format(server: str) -> None:
    body = {
        "queries": {
            "a": {
                "schema": "Person",
                "properties": {"firstName": ["Mohammad Bagher"], "lastName": ["Ghalibaf"]},
            },
            "b": {"schema": "Person", "properties": {"name": ["Sara Tehrani"]}},
            # The same name written in Russian Cyrillic: г is the gh of Bagher and Ghalibaf.
            "c": {"schema": "Person", "properties": {"name": ["Мохаммад Багер Галибаф"]}},
        }
    }
    r = httpx.post(f"{server}/match/default", json=body, params={"limit": 3, "threshold": 0.5})
    assert r.status_code == 200, r.text
    data = r.json()
    assert set(data["responses"]) == {"a", "b", "c"} and data["limit"] == 3
    russian = data["responses"]["c"]["results"][0]
    assert russian["id"] == "hisab-test-qalibaf" and russian["match"] is True
    assert russian["read_as_persian"] is True
    top = data["responses"]["a"]["results"][0]
    assert top["id"] == "hisab-test-qalibaf" and top["match"] is True
    assert top["sources"] == [{"dataset": "api_fixture", "record_id": "hisab-test-qalibaf"}]
    assert top["features"] and top["explanations"]
    assert top["matched_name"] and top["read_as_russian"] == []  # a Persian name: read as written
    assert top["read_as_persian"] is False
    assert top["left_out"] == []
    # The name given in parts, paired part for part with the listed name.
    assert [p["query"] for p in top["parts"]] == ["mohammad", "bagher", "ghalibaf"]
    assert all(p["listed"] and p["similarity"] >= 0.9 for p in top["parts"]), top["parts"]
    assert data["matcher"]["threshold"] == 0.5
    scores = [x["score"] for x in data["responses"]["a"]["results"]]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 3


def test_match_name_parts_say_which_is_the_middle_name(server: str) -> None:
    """firstName, middleName and lastName: a middle name the listed name leaves out counts
    little (the UN lists Soleimani as "QASEM SOLEIMANI"), as it does not in a name alone."""
    parts = {"firstName": ["Qasem"], "middleName": ["Husseini"], "lastName": ["Soleimani"]}
    body = {
        "queries": {
            "parts": {"schema": "Person", "properties": parts},
            "name": {"schema": "Person", "properties": {"name": ["Qasem Husseini Soleimani"]}},
            "both": {"schema": "Person", "properties": {"name": ["Qasem Husseini Soleimani"], **parts}},
            # The name in Persian script and the fields in Latin: no disagreement.
            "script": {"schema": "Person", "properties": {"name": ["قاسم سلیمانی"], **parts}},
        }
    }
    r = httpx.post(f"{server}/match/un_sc", json=body, params={"threshold": 0.5})
    assert r.status_code == 200, r.text
    tops = {k: v["results"][0] for k, v in r.json()["responses"].items()}
    assert {t["id"] for t in tops.values()} == {tops["name"]["id"]}, tops
    assert tops["parts"]["left_out"] == tops["both"]["left_out"] == ["husseini"]
    assert tops["name"]["left_out"] == []
    assert tops["parts"]["score"] == tops["both"]["score"] > tops["name"]["score"]


def test_match_dataset_scope_and_exclusions(server: str) -> None:
    body = {"queries": {"a": {"schema": "Person", "properties": {"name": ["Mohammad Baqer Qalibaf"]}}}}
    only_un = httpx.post(f"{server}/match/un_sc", json=body).json()["responses"]["a"]["results"]
    assert all(x["datasets"] == ["un_sc"] for x in only_un)
    excluded = httpx.post(
        f"{server}/match/default", json=body, params={"exclude_entity_ids": "hisab-test-qalibaf"}
    ).json()["responses"]["a"]["results"]
    assert "hisab-test-qalibaf" not in {x["id"] for x in excluded}
    excluded = httpx.post(
        f"{server}/match/default", json=body, params={"exclude_dataset": "api_fixture"}
    ).json()["responses"]["a"]["results"]
    assert all(x["datasets"] != ["api_fixture"] for x in excluded)


# ---------------------------------------------------------------- bad requests


@pytest.mark.parametrize("schema", ["Airplane", "Aircraft", "Vessel"])
def test_aircraft_and_vessels_can_be_screened(schema: str) -> None:
    # FollowTheMoney's Airplane, also under the name issue #3 gives it.
    found = serve_service.query_from_entity("q", schema, {"name": ["Simorgh Airliner"]})
    assert found.query.schema == ("Airplane" if schema == "Aircraft" else schema)
    with pytest.raises(serve_service.RequestError, match="'Address' cannot be screened"):
        serve_service.query_from_entity("q", "Address", {"full": ["Tehran"]})


def _counts(db: Db) -> list[tuple[str, int, int, str]]:
    return [(v.dataset, v.number, v.entity_count, v.content_hash) for v in db.store().versions()]


def test_bad_requests_get_clear_4xx_and_change_nothing(server: str, db: Db) -> None:
    before = _counts(db)
    query = {"schema": "Person", "properties": {"name": ["Ali Ahmadi"]}}

    def person(properties: dict[str, list[str]]) -> httpx.Response:
        return httpx.post(
            f"{server}/match/default", json={"queries": {"q": {"schema": "Person", "properties": properties}}}
        )

    cases: list[tuple[str, httpx.Response, int, str]] = [
        (
            "unknown schema",
            httpx.post(
                f"{server}/match/default",
                json={"queries": {"q": {"schema": "Banana", "properties": {"name": ["x"]}}}},
            ),
            422,
            "Banana",
        ),
        (
            "unknown property",
            httpx.post(
                f"{server}/match/default",
                json={"queries": {"q": {"schema": "Person", "properties": {"colour": ["x"]}}}},
            ),
            422,
            "colour",
        ),
        (
            "no name",
            httpx.post(
                f"{server}/match/default",
                json={"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}},
            ),
            422,
            "no name",
        ),
        (
            "malformed JSON",
            httpx.post(
                f"{server}/match/default",
                content=b'{"queries": {',
                headers={"content-type": "application/json"},
            ),
            422,
            "invalid request",
        ),
        (
            "unknown dataset",
            httpx.post(f"{server}/match/nowhere", json={"queries": {"q": query}}),
            404,
            "nowhere",
        ),
        (
            "10,000 queries",
            httpx.post(
                f"{server}/match/default",
                json={"queries": {f"q{i}": query for i in range(10_000)}},
                timeout=60,
            ),
            422,
            "limit is 100",
        ),
        (
            "limit too large",
            httpx.post(f"{server}/match/default", json={"queries": {"q": query}}, params={"limit": 100_000}),
            422,
            "limit",
        ),
        (
            "unknown algorithm",
            httpx.post(f"{server}/match/default", json={"queries": {"q": query}}, params={"algorithm": "x"}),
            422,
            "algorithm",
        ),
        ("empty search", httpx.get(f"{server}/search/default", params={"q": ""}), 422, "q"),
        (
            "unreadable birth date",
            person({"name": ["Ali Ahmadi"], "birthDate": ["1960-13-45"]}),
            422,
            "query 'q': birth_date: cannot read '1960-13-45'",
        ),
        (
            "unknown country",
            person({"name": ["Ali Ahmadi"], "nationality": ["Narnia"]}),
            422,
            "query 'q': nationality: cannot read 'Narnia'",
        ),
        (
            "a name part not in the name",
            person({"name": ["Ali Ahmadi"], "firstName": ["Ali"], "lastName": ["Karimi"]}),
            422,
            "query 'q': lastName: 'Karimi' is not part of the name 'Ali Ahmadi'",
        ),
        (
            "a father's name not in the name",
            person({"name": ["Ali Ahmadi"], "fatherName": ["Hassan"]}),
            422,
            "query 'q': fatherName: 'Hassan' is not part of the name 'Ali Ahmadi'",
        ),
        (
            "nothing to screen",
            person({"name": ["!!!", "-"]}),
            422,
            "query 'q': name: nothing to screen in '!!!'",
        ),
        (
            "search with nothing to screen",
            httpx.get(f"{server}/search/default", params={"q": "!!!"}),
            422,
            "q: nothing",
        ),
    ]
    for label, response, status, words in cases:
        assert response.status_code == status, (label, response.status_code, response.text)
        detail = json.dumps(response.json())
        assert words in detail, (label, detail)
        assert "Traceback" not in detail, label
    response = person({"name": ["-", "Ali Ahmadi"]})
    assert response.status_code == 200, "a name with nothing to screen beside one to screen"
    big = b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["' + b"x" * 50_000_000 + b'"]}}}}'
    response = httpx.post(
        f"{server}/match/default", content=big, headers={"content-type": "application/json"}, timeout=60
    )
    assert response.status_code == 413, response.text
    assert "10,000,000 bytes" in response.json()["detail"]
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok"}, "the server stays up"
    assert _counts(db) == before, "the store is unchanged"


def test_body_limit_without_a_declared_length(db: Db) -> None:
    """A chunked body (no Content-Length) over the limit is cut off with 413 as well."""
    app = create_app(db.settings(api_max_body_bytes=1000))
    with TestClient(app) as client:

        def chunks() -> Iterator[bytes]:
            yield b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["'
            for _ in range(100):
                yield b"x" * 100
            yield b'"]}}}}'

        response = client.post(
            "/match/default", content=chunks(), headers={"content-type": "application/json"}
        )
    assert response.status_code == 413 and "1,000 bytes" in response.json()["detail"]


def test_keys_required_invalid_and_revoked(db: Db) -> None:
    store = db.store()
    _, key = create_key(store, "test client")
    record, revoked = create_key(store, "old client")
    revoke_key(store, record.id)
    app = create_app(db.settings(api_require_key=True))
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Qasem Soleimani"]}}}}
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200, "probes stay open"
        missing = client.post("/match/default", json=body)
        assert missing.status_code == 401 and "API key is required" in missing.json()["detail"]
        wrong = client.post("/match/default", json=body, headers={"Authorization": "ApiKey hisab_0000_nope"})
        assert wrong.status_code == 401 and "unknown API key" in wrong.json()["detail"]
        garbage = client.post("/match/default", json=body, headers={"Authorization": "ApiKey not-a-key"})
        assert garbage.status_code == 401
        old = client.post("/match/default", json=body, headers={"Authorization": f"ApiKey {revoked}"})
        assert old.status_code == 401 and "revoked" in old.json()["detail"]
        good = client.post("/match/default", json=body, headers={"Authorization": f"ApiKey {key}"})
        assert good.status_code == 200 and good.json()["responses"]["q"]["results"]
        # The yente client sends the key the same way.
        with Client(base_url="http://testserver", api_key=key, transport=client._transport) as yente:  # type: ignore[attr-defined]
            assert yente.match(Person(name=["Qasem Soleimani"])).top is not None


def test_the_loaded_index_is_out_of_the_garbage_collectors_reach(db: Db) -> None:
    # Full collections would otherwise scan the whole index (a 0.7 s pause with the real lists).
    gc.unfreeze()
    app = create_app(db.settings())
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200
        assert gc.get_freeze_count() > 0
    # Stopped, the server gives them back to the collector.
    assert gc.get_freeze_count() == 0


def test_rate_limit_per_key(db: Db) -> None:
    app = create_app(db.settings(api_rate_limit=3))
    with TestClient(app) as client:
        codes = [client.get("/catalog").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429], codes
        limited = client.get("/catalog")
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert "3 requests per minute" in limited.json()["detail"]


def test_unexpected_failure_is_a_500_without_a_stack_trace(db: Db, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(db.settings())
    with TestClient(app, raise_server_exceptions=False) as client:

        def broken(*_: object, **__: object) -> None:
            raise RuntimeError("secret internals at /srv/hisab")

        # The service function the endpoint calls (the screener itself may be compiled, and a
        # compiled class's methods cannot be replaced).
        monkeypatch.setattr(serve_service, "screen_entity", broken)
        response = client.post(
            "/match/default", json={"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}}
        )
    assert response.status_code == 500
    text = response.text
    assert "request id" in text and "secret internals" not in text and "Traceback" not in text


# ---------------------------------------------------------------- admin endpoints


def test_admin_endpoints_manage_keys_and_see_every_job(db: Db, tmp_path: Path) -> None:
    store = db.store()
    _, root = create_key(store, "ops", "admin")
    _, reader = create_key(store, "bank")
    ops, bank = ({"Authorization": f"ApiKey {k}"} for k in (root, reader))
    app = create_app(db.settings(jobs_dir=tmp_path / "jobs", api_reload_seconds=0))
    with TestClient(app) as client:
        assert client.get("/admin/keys").status_code == 401
        refused = client.get("/admin/keys", headers=bank)
        assert refused.status_code == 403 and "needs an admin key" in refused.json()["detail"]
        made = client.post("/admin/keys", json={"name": "payments team"}, headers=ops)
        assert made.status_code == 201, made.text
        new = made.json()
        assert new["scope"] == "read" and new["key"].startswith(f"hisab_{new['id']}_")
        listed = client.get("/admin/keys", headers=ops)
        assert new["id"] in [k["id"] for k in listed.json()] and new["key"] not in listed.text
        fresh = {"Authorization": f"ApiKey {new['key']}"}
        job = client.post("/screen/file", content="id,name\n1,Sara Tehrani\n", headers=fresh)
        assert job.status_code == 202, "the key made by the API works"
        jobs = client.get("/admin/jobs", headers=ops).json()
        assert [(j["id"], j["key_id"]) for j in jobs] == [(job.json()["id"], new["id"])]
        assert client.get("/admin/jobs", headers=bank).status_code == 403
        revoked = client.delete(f"/admin/keys/{new['id']}", headers=ops)
        assert revoked.status_code == 200 and revoked.json()["revoked_at"], revoked.text
        after = client.post("/screen/file", content="id,name\n1,Ali\n", headers=fresh)
        assert after.status_code == 401 and "revoked" in after.json()["detail"]
        assert client.delete("/admin/keys/nope", headers=ops).status_code == 404
        wrong = client.put("/admin/keys", headers=ops)
        assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET, POST", "every method of the path"
        for body, field in [({"name": " "}, "name"), ({"name": "x", "scope": "root"}, "scope"), ({}, "name")]:
            bad = client.post("/admin/keys", json=body, headers=ops)
            assert bad.status_code == 422 and field in bad.json()["detail"], (body, bad.text)
    assert [k.active for k in list_keys(store) if k.id == new["id"]] == [False]


def _fixture_list(folder: Path, entity_id: str, name: str) -> Path:
    """A one-person FollowTheMoney list in `folder` (the folder's name is the dataset's)."""
    folder.mkdir(parents=True)
    # With a birth date: in an index of two or three listed names every name part is common,
    # and a common name that no birth date checks is not a match on its own.
    properties = {"name": [name], "birthDate": ["1961-03-02"]}
    person = {"id": entity_id, "schema": "Person", "properties": properties}
    (folder / "entities.ftm.json").write_text(json.dumps(person) + "\n", encoding="utf-8")
    return folder


def test_admin_reload_and_the_workers_own_check_pick_up_a_loaded_list(tmp_path: Path) -> None:
    db = Db(str(tmp_path / "store.db"), tmp_path)
    store = db.store()
    load_paths(store, [FIXTURE])
    _, root = create_key(store, "ops", "admin")
    ops = {"Authorization": f"ApiKey {root}"}
    query = {"name": ["Hossein Zarbafchian"], "birthDate": ["1961-03-02"]}
    body = {"queries": {"q": {"schema": "Person", "properties": query}}}

    def top(client: TestClient) -> list[str]:
        found = client.post("/match/default", json=body).json()["responses"]["q"]["results"]
        return [r["id"] for r in found if r["match"]]

    with TestClient(create_app(db.settings(api_reload_seconds=0))) as client:
        assert top(client) == []
        load_paths(store, [_fixture_list(tmp_path / "added_list", "added-1", "Hossein Zarbafchian")])
        assert top(client) == [], "the loaded index stays until a reload"
        done = client.post("/admin/reload", headers=ops)
        assert done.status_code == 200, done.text
        assert done.json()["reloaded"] and "added_list" in done.json()["datasets"], done.json()
        assert "added_list" not in done.json()["previous"]
        assert top(client) == ["added-1"]
        again = client.post("/admin/reload", headers=ops).json()
        assert not again["reloaded"] and again["previous"] == again["datasets"]

    with TestClient(create_app(db.settings(api_reload_seconds=0.2))) as client:
        load_paths(store, [_fixture_list(tmp_path / "later_list", "later-1", "Zarbafchian Hossein")])
        deadline = time.monotonic() + 60
        while "later_list" not in client.get("/readyz").json()["datasets"]:
            assert time.monotonic() < deadline, "the worker did not reload by itself"
            time.sleep(0.1)
        assert set(top(client)) == {"added-1", "later-1"}


# ---------------------------------------------------------------- `hisab keys`


def test_keys_cli_create_list_revoke(tmp_path: Path) -> None:
    db = tmp_path / "keys.db"
    runner = CliRunner()
    created = runner.invoke(cli, ["--db", str(db), "-q", "keys", "create", "bank A", "--json"])
    assert created.exit_code == 0, created.output
    made = json.loads(created.stdout)
    assert made["key"].startswith(f"hisab_{made['id']}_") and made["scope"] == "read"
    listed = runner.invoke(cli, ["--db", str(db), "-q", "keys", "list", "--json"])
    assert made["key"] not in listed.stdout, "the key itself is never shown again"
    assert [k["id"] for k in json.loads(listed.stdout)] == [made["id"]]
    stored = list_keys(Store(f"sqlite:///{db}"))
    assert stored[0].active
    revoked = runner.invoke(cli, ["--db", str(db), "-q", "keys", "revoke", made["id"]])
    assert revoked.exit_code == 0, revoked.output
    assert json.loads(runner.invoke(cli, ["--db", str(db), "-q", "keys", "list", "--json"]).stdout)[0][
        "revoked_at"
    ]
    unknown = runner.invoke(cli, ["--db", str(db), "-q", "keys", "revoke", "nope"])
    assert unknown.exit_code != 0 and "no API key with id 'nope'" in str(unknown.exception)
    with Store(f"sqlite:///{db}").engine.connect() as conn:
        hashes = [row[0] for row in conn.exec_driver_sql("SELECT key_hash FROM api_keys")]
    assert hashes and made["key"] not in hashes[0], "only a hash is stored"


# ---------------------------------------------------------------- file-screening jobs


def _wait(server: str, headers: dict[str, str], job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 120
    while True:
        status: dict[str, object] = httpx.get(f"{server}/screen/file/{job_id}", headers=headers).json()
        if status["status"] in ("done", "failed"):
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.1)


def test_screen_file_job(server: str, db: Db) -> None:
    _, key = create_key(db.store(), "jobs")
    headers = {"Authorization": f"ApiKey {key}"}
    upload = (
        "id,name,schema,birth_date,nationality\n"
        "x1,Qasem Soleimani,Person,1957-03-11,\n"
        "x2,Sara Tehrani,,1990-01-01,\n"
    )
    refused = httpx.post(f"{server}/screen/file", content=upload)
    assert refused.status_code == 401, "a write endpoint needs a key"
    made = httpx.post(f"{server}/screen/file", content=upload, headers=headers, params={"out_format": "csv"})
    assert made.status_code == 202, made.text
    job = made.json()
    assert job["status"] in ("queued", "running", "done") and job["result_url"].endswith("/result")
    done = _wait(server, headers, job["id"])
    assert done["status"] == "done" and done["queries"] == 2 and done["alerts"] == 1, done
    result = httpx.get(f"{server}{job['result_url']}", headers=headers)
    assert result.status_code == 200 and result.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(result.text.splitlines()))
    assert [r["id"] for r in rows] == ["x1", "x2"]
    assert rows[0]["decision"] == "alert" and rows[0]["best_record_ids"] == "IRi.039"
    _, other = create_key(db.store(), "someone else")
    hidden = httpx.get(f"{server}/screen/file/{job['id']}", headers={"Authorization": f"ApiKey {other}"})
    assert hidden.status_code == 404, "only the key that submitted a job sees it"


def test_screen_file_job_with_a_bad_file_fails_with_the_reason(server: str, db: Db) -> None:
    _, key = create_key(db.store(), "jobs")
    headers = {"Authorization": f"ApiKey {key}"}
    header = httpx.post(f"{server}/screen/file", content="ident,fullname\n1,Ali\n", headers=headers)
    assert header.status_code == 422, "a bad header is refused at once"
    assert (
        "uploaded file, line 1" in header.json()["detail"]
        and "lacks the column(s) id" in header.json()["detail"]
    )
    made = httpx.post(
        f"{server}/screen/file", content="id,name\n1,Ali Ahmadi\n2,Reza,extra\n", headers=headers
    )
    assert made.status_code == 202, made.text
    failed = _wait(server, headers, made.json()["id"])
    error = str(failed["error"])
    assert failed["status"] == "failed" and "uploaded file, line 3" in error and "more cells" in error, failed
    result = httpx.get(f"{server}/screen/file/{made.json()['id']}/result", headers=headers)
    assert result.status_code == 409 and "failed" in result.json()["detail"]
    empty = httpx.post(f"{server}/screen/file", content=b"", headers=headers)
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]


def test_screen_file_job_as_a_multipart_form(server: str, db: Db) -> None:
    """`curl -F file=@queries.jsonl`: the form's file part is the upload, its format read from
    the file name; a raw body with no format given is recognised by its first bytes."""
    _, key = create_key(db.store(), "forms")
    headers = {"Authorization": f"ApiKey {key}"}
    lines = (
        '{"id": "j1", "name": "Qasem Soleimani", "birth_date": "1957-03-11"}\n'
        '{"id": "j2", "name": "Sara Tehrani"}\n'
    )
    made = httpx.post(
        f"{server}/screen/file",
        files={"file": ("customers.jsonl", lines.encode(), "application/octet-stream")},
        headers=headers,
        params={"out_format": "csv"},
    )
    assert made.status_code == 202, made.text
    assert made.json()["input_format"] == "jsonl"
    done = _wait(server, headers, made.json()["id"])
    assert done["status"] == "done" and done["queries"] == 2 and done["alerts"] == 1, done
    rows = list(
        csv.DictReader(httpx.get(f"{server}{made.json()['result_url']}", headers=headers).text.splitlines())
    )
    assert [(r["id"], r["decision"]) for r in rows] == [("j1", "alert"), ("j2", "clear")]
    sniffed = httpx.post(f"{server}/screen/file", content=lines, headers=headers)
    assert sniffed.status_code == 202 and sniffed.json()["input_format"] == "jsonl", sniffed.text
    assert _wait(server, headers, sniffed.json()["id"])["queries"] == 2


@pytest.mark.parametrize(
    ("form", "status", "said"),
    [
        ({"files": {"upload": ("q.csv", b"id,name\n1,Ali\n")}}, 422, "no part named 'file'"),
        (
            {"files": {"file": ("q.csv", b"id,name\n1,Ali\n")}, "data": {"out_format": "csv"}},
            422,
            "field(s) 'out_format'",
        ),
        (
            {"files": [("file", ("a.csv", b"id,name\n1,Ali\n")), ("file", ("b.csv", b"id,name\n"))]},
            422,
            "2 parts named 'file'",
        ),
        ({"files": {"file": ("q.csv", b"")}}, 422, "empty"),
        ({"files": {"file": ("q.csv", b"ident,fullname\n1,Ali\n")}}, 422, "lacks the column(s) id"),
        ({"files": {"file": ("q.parquet", b"id,name\n1,Ali\n")}}, 422, "not a Parquet file"),
        ({"files": {"file": ("q.csv", b"id,name\n" + b"9,Ali Ahmadi\n" * 40)}}, 413, "upload over the limit"),
    ],
)
def test_screen_file_form_problems(
    db: Db, tmp_path: Path, form: dict[str, Any], status: int, said: str
) -> None:
    _, key = create_key(db.store(), "forms")
    app = create_app(db.settings(api_max_upload_bytes=400, jobs_dir=tmp_path / "jobs"))
    with TestClient(app) as client:
        response = client.post("/screen/file", headers={"Authorization": f"ApiKey {key}"}, **form)
    assert response.status_code == status and said in response.json()["detail"], response.text
    assert not any((tmp_path / "jobs").iterdir()), "a refused upload leaves nothing behind"


def test_screen_file_broken_multipart_body(db: Db, tmp_path: Path) -> None:
    _, key = create_key(db.store(), "forms")
    app = create_app(db.settings(jobs_dir=tmp_path / "jobs"))
    headers = {"Authorization": f"ApiKey {key}"}
    with TestClient(app) as client:
        no_boundary = client.post(
            "/screen/file", content=b"x", headers={**headers, "Content-Type": "multipart/form-data"}
        )
        broken = client.post(
            "/screen/file",
            content=b"--XYZ\r\nContent-Disposition: form-data; name=file\r\nno blank line",
            headers={**headers, "Content-Type": "multipart/form-data; boundary=XYZ"},
        )
    assert no_boundary.status_code == 422 and "boundary" in no_boundary.json()["detail"]
    assert broken.status_code == 422 and "cannot be read" in broken.json()["detail"], broken.text
    assert not any((tmp_path / "jobs").iterdir())


def test_screen_file_upload_limit(db: Db, tmp_path: Path) -> None:
    store = db.store()
    _, key = create_key(store, "jobs")
    app = create_app(db.settings(api_max_upload_bytes=100, jobs_dir=tmp_path / "jobs"))
    with TestClient(app) as client:
        big = "id,name\n" + "".join(f"{i},Ali Ahmadi\n" for i in range(50))
        response = client.post("/screen/file", content=big, headers={"Authorization": f"ApiKey {key}"})
    assert response.status_code == 413 and "100 bytes" in response.json()["detail"]
    assert not any((tmp_path / "jobs").iterdir()), "a refused upload leaves nothing behind"


@contextmanager
def _hisab_serve(db: Db, *options: str, **env: str) -> Iterator[str]:
    """`hisab serve` as a user runs it, on `db`; yields its base URL once it answers."""
    port = free_port()
    hisab = Path(sys.executable).parent / "hisab"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("HISAB_")}
    environ.update(HISAB_CACHE_DIR=str(db.folder / "cache"), HISAB_JOBS_DIR=str(db.folder / "jobs"), **env)
    process = subprocess.Popen(
        [str(hisab), "--db", db.setting, "-q", "serve", "--port", str(port), *options],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, "hisab serve exited"
                assert time.monotonic() < deadline, "hisab serve did not start"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_hisab_serve_command(db: Db) -> None:
    """`hisab serve` itself: the command starts the server on the store it is given."""
    with _hisab_serve(db) as base:
        ready = httpx.get(f"{base}/readyz")
        assert ready.status_code == 200 and {"un_sc", "api_fixture"} <= set(ready.json()["datasets"])
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Mohammad Baqer Ghalibaf"]}}}}
        top = httpx.post(f"{base}/match/default", json=body).json()["responses"]["q"]["results"][0]
        assert top["id"] == "hisab-test-qalibaf"


def test_hisab_serve_workers_share_the_rate_limit(tmp_path: Path) -> None:
    """With `--workers 2`, a caller's limit holds per server: the workers share its bucket
    (serve/limits.py), whichever of them each connection reaches."""
    db = Db(str(tmp_path / "store.db"), tmp_path)
    load_paths(db.store(), [FIXTURE])
    with _hisab_serve(db, "--workers", "2", HISAB_API_RATE_LIMIT="6") as base:
        codes = []
        for _ in range(16):
            # A new connection each time, as separate clients would open them.
            codes.append(httpx.get(f"{base}/catalog", headers={"Connection": "close"}).status_code)
            time.sleep(0.05)
    assert set(codes) == {200, 429}, codes
    # 6 at once; the bucket refills one a 10 s, and the requests take about a second.
    assert 6 <= codes.count(200) <= 7, codes
    assert (tmp_path / "store.db.limits").is_file()
