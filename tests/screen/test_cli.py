"""`hisab screen` and `hisab screen-file`: the contract the benchmark and users rely on."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hisab.cli import app
from hisab.errors import QueryError
from hisab.lists import load_paths
from hisab.store import Store

#: An aircraft (invented, not a listing) besides the UN's list: the UN lists none.
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "screen" / "screen_fixture"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("screen") / "store.db"
    load_paths(Store(f"sqlite:///{path}"), [data_dir / "un_sc/watchman_2026-02-27", FIXTURE])
    return path


@pytest.mark.parametrize("schema", ["Aircraft", "aircraft", "Airplane"])
def test_screen_an_aircraft(db: Path, schema: str) -> None:
    """`--schema Aircraft`, as issue #3's CLI names it, is FollowTheMoney's Airplane."""
    result = CliRunner().invoke(
        app, ["--db", str(db), "-q", "screen", "Simorgh Airliner", "--schema", schema, "--json"]
    )
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout)["matches"][0]
    assert best["schema"] == "Airplane" and best["match"], best
    assert "schema_mismatch" not in {e["feature"] for e in best["explanation"]}


def test_screen_json(db: Path) -> None:
    result = CliRunner().invoke(
        app, ["--db", str(db), "-q", "screen", "Qasem Soleimani", "--birth-date", "1957-03-11", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    best = payload["matches"][0]
    assert best["sources"] == [{"dataset": "un_sc", "record_id": "IRi.039"}], best
    assert best["match"] is True and best["explanation"], best
    assert best["parts"] == [
        {"query": "qasem", "listed": "qasem", "similarity": 1.0},
        {"query": "soleimani", "listed": "soleimani", "similarity": 1.0},
    ]
    shown = CliRunner().invoke(app, ["--db", str(db), "-q", "screen", "Qasem Soleimani", "--explain"]).output
    assert "parts: qasem ~ qasem 1.00 · soleimani ~ soleimani 1.00" in shown


def _screen_file(db: Path, tmp_path: Path, lines: str) -> tuple[Path, list[dict[str, Any]], dict[str, Any]]:
    """Screen a CSV of `lines` (after the header) with `screen-file`: the file, the results in
    order and the summary."""
    queries = tmp_path / "q.csv"
    queries.write_text("id,name,schema,birth_date,nationality\n" + lines, encoding="utf-8")
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(app, ["--db", str(db), "-q", "screen-file", str(queries), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return queries, rows, json.loads(result.stderr.strip().splitlines()[-1])


def test_screen_file_contract(db: Path, tmp_path: Path) -> None:
    _, rows, summary = _screen_file(
        db,
        tmp_path,
        "a,Qasem Soleimani,Person,1957-03-11,ir\n"
        "b,Sara Tehrani,,1990-01-01,\n"
        "c,قاسم سلیمانی,Person,,\n"
        "d,,Person,,\n",
    )
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"], "one result per query, in input order"
    assert rows[0]["matches"][0]["sources"] == [{"dataset": "un_sc", "record_id": "IRi.039"}]
    assert rows[0]["matches"][0]["match"] is True
    scores = [m["score"] for m in rows[0]["matches"]]
    assert scores == sorted(scores, reverse=True), "matches ordered by score"
    assert not any(m["match"] for m in rows[1]["matches"]), rows[1]
    assert rows[2]["matches"][0]["sources"][0]["record_id"] in ("IRi.039", "IRi.040")
    assert "line 5" in rows[3]["error"] and "name" in rows[3]["error"], rows[3]
    assert summary["queries"] == 4 and summary["errors"] == 1, summary


def test_screen_file_bad_header(db: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text("ident,fullname\n1,Ali\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--db", str(db), "-q", "screen-file", str(queries), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code != 0
    assert "q.csv" in str(result.exception) and "id" in str(result.exception), result.exception


NEXT_YEAR = f"{date.today().year + 1}-01-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Qasem Soleimani", "--birth-date", "1957-13-45"], "birth_date: cannot read '1957-13-45'"),
        (["Qasem Soleimani", "--birth-date", NEXT_YEAR], f"birth_date: '{NEXT_YEAR}' is in the future"),
        (["Qasem Soleimani", "--nationality", "Narnia"], "nationality: cannot read 'Narnia'"),
        (["!!!"], "name: nothing to screen in '!!!'"),
        (["ـــ"], "name: nothing to screen"),  # Arabic-script tatweels: letters of no sound
        ([""], "name: nothing to screen"),
        ([], "name: nothing to screen"),
        (["Qasem Soleimani", "--last-name", "Salami"], "last_name: 'Salami' is not part of the name"),
        (["--first-name", "Qasem", "--schema", "Vessel"], "first_name: name parts are a person's"),
        (["Qasem Soleimani", "--schema", "Banana"], "schema: unknown schema 'Banana'"),
    ],
)
def test_screen_rejects_what_it_cannot_read(db: Path, args: list[str], message: str) -> None:
    """A birth date or nationality given but unreadable, or a name with nothing to screen, is
    an error naming the field: left out, it would make "no match" of a screen that never
    checked it."""
    result = CliRunner().invoke(app, ["--db", str(db), "-q", "screen", *args])
    # `main` prints a HisabError as "error: …" and exits with its code (2 for a QueryError).
    assert isinstance(result.exception, QueryError), (result.exception, result.output)
    assert message in str(result.exception)
    assert "MATCH" not in result.output and "shown)" not in result.output


def test_screen_name_in_parts(db: Path) -> None:
    """A name given in parts is screened as written in that order, and a middle name the list
    leaves out counts little: the UN lists Soleimani as "QASEM SOLEIMANI"."""
    args = ["--db", str(db), "-q", "screen", "--json"]
    parts = ["--first-name", "Qasem", "--middle-name", "Husseini", "--last-name", "Soleimani"]
    written = json.loads(CliRunner().invoke(app, [*args, "Qasem Husseini Soleimani"]).stdout)
    result = CliRunner().invoke(app, [*args, *parts])
    assert result.exit_code == 0, result.output
    in_parts = json.loads(result.stdout)
    assert in_parts["query"]["name"] == "Qasem Husseini Soleimani"
    best, before = in_parts["matches"][0], written["matches"][0]
    assert best["sources"] == [{"dataset": "un_sc", "record_id": "IRi.039"}]
    assert (before["left_out"], best["left_out"]) == ([], ["husseini"])
    assert best["score"] > before["score"] and best["match"] and not before["match"], (before, best)
    shown = CliRunner().invoke(app, ["--db", str(db), "-q", "screen", *parts]).output
    assert "left out by one name, counted little: husseini" in shown


def test_screen_file_names_in_parts(db: Path, tmp_path: Path) -> None:
    """Optional first_name, middle_name and last_name columns: the name is those parts when its
    cell is empty; a part not in the name is an error naming its line and field."""
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,first_name,middle_name,last_name\n"
        "a,,Qasem,Husseini,Soleimani\n"
        "b,Qasem Husseini Soleimani,,,\n"
        "c,Qasem Husseini Soleimani,Qasem,Husseini,Salami\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(app, ["--db", str(db), "-q", "screen-file", str(queries), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    assert rows["a"]["matches"][0]["left_out"] == ["husseini"] and rows["a"]["matches"][0]["match"]
    assert rows["b"]["matches"][0]["left_out"] == [] and not rows["b"]["matches"][0]["match"]
    assert rows["c"]["matches"] == []
    assert f"{queries}, line 4, field 'last_name': 'Salami' is not part of the name" in rows["c"]["error"]


def test_screen_file_rejects_unreadable_cells_by_line_and_field(db: Path, tmp_path: Path) -> None:
    """Each unreadable cell is an error naming the file, the line and the field; the other
    rows are screened as before."""
    queries, results, summary = _screen_file(
        db,
        tmp_path,
        "a,Qasem Soleimani,Person,1957-03-11,ir\n"
        "b,Qasem Soleimani,Person,11/03/57x,\n"
        "c,Qasem Soleimani,Person,,Narnia\n"
        "d,!!!,,,\n"
        "e,Qasem Soleimani,Person,11 Mar 1957,Iran\n",
    )
    rows = {r["id"]: r for r in results}
    assert f"{queries}, line 3, field 'birth_date': cannot read '11/03/57x'" in rows["b"]["error"]
    assert f"{queries}, line 4, field 'nationality': cannot read 'Narnia'" in rows["c"]["error"]
    assert f"{queries}, line 5, field 'name': nothing to screen in '!!!'" in rows["d"]["error"]
    assert rows["b"]["matches"] == rows["c"]["matches"] == rows["d"]["matches"] == []
    assert "error" not in rows["a"] and "error" not in rows["e"]
    assert rows["a"]["matches"][0]["sources"] == [{"dataset": "un_sc", "record_id": "IRi.039"}]
    assert rows["e"]["matches"] == rows["a"]["matches"], "the same date and country, written otherwise"
    assert summary["queries"] == 5 and summary["errors"] == 3, summary
