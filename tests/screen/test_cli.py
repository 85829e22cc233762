"""`hisab screen` and `hisab screen-file`: the contract the benchmark and users rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hisab.cli import app
from hisab.lists import load_paths
from hisab.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("screen") / "store.db"
    load_paths(Store(f"sqlite:///{path}"), [data_dir / "un_sc/watchman_2026-02-27"])
    return path


def test_screen_json(db: Path) -> None:
    result = CliRunner().invoke(
        app, ["--db", str(db), "-q", "screen", "Qasem Soleimani", "--birth-date", "1957-03-11", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    best = payload["matches"][0]
    assert best["sources"] == [{"dataset": "un_sc", "record_id": "IRi.039"}], best
    assert best["match"] is True and best["explanation"], best


def test_screen_file_contract(db: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,schema,birth_date,nationality\n"
        "a,Qasem Soleimani,Person,1957-03-11,ir\n"
        "b,Sara Tehrani,,1990-01-01,\n"
        "c,قاسم سلیمانی,Person,,\n"
        "d,,Person,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(app, ["--db", str(db), "-q", "screen-file", str(queries), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"], "one result per query, in input order"
    assert rows[0]["matches"][0]["sources"] == [{"dataset": "un_sc", "record_id": "IRi.039"}]
    assert rows[0]["matches"][0]["match"] is True
    scores = [m["score"] for m in rows[0]["matches"]]
    assert scores == sorted(scores, reverse=True), "matches ordered by score"
    assert not any(m["match"] for m in rows[1]["matches"]), rows[1]
    assert rows[2]["matches"][0]["sources"][0]["record_id"] in ("IRi.039", "IRi.040")
    assert "line 5" in rows[3]["error"] and "name" in rows[3]["error"], rows[3]
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert summary["queries"] == 4 and summary["errors"] == 1, summary


def test_screen_file_bad_header(db: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text("ident,fullname\n1,Ali\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--db", str(db), "-q", "screen-file", str(queries), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code != 0
    assert "q.csv" in str(result.exception) and "id" in str(result.exception), result.exception
