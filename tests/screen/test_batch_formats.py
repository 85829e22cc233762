"""`hisab screen-file` with JSON lines and Parquet in, a flat CSV out, and several workers."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from hisab.cli import app
from hisab.lists import load_paths
from hisab.store import Store

ROWS = [
    {
        "id": "a",
        "name": "Qasem Soleimani",
        "schema": "Person",
        "birth_date": "1957-03-11",
        "nationality": "ir",
    },
    {"id": "b", "name": "Sara Tehrani", "schema": "", "birth_date": "1990-01-01", "nationality": ""},
    {"id": "c", "name": "قاسم سلیمانی", "schema": "Person", "birth_date": "", "nationality": ""},
    {"id": "d", "name": "", "schema": "Person", "birth_date": "", "nationality": ""},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("formats") / "store.db"
    load_paths(Store(f"sqlite:///{path}"), [data_dir / "un_sc/watchman_2026-02-27"])
    return path


def _run(db: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["--db", str(db), "-q", "screen-file", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    summary: dict[str, object] = json.loads(result.stderr.strip().splitlines()[-1])
    return summary


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_jsonl_in_gives_the_same_results_as_csv_in(db: Path, tmp_path: Path) -> None:
    _write_csv(tmp_path / "q.csv", ROWS)
    (tmp_path / "q.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", "utf-8"
    )
    _run(db, str(tmp_path / "q.csv"), "--out", str(tmp_path / "a.jsonl"))
    _run(db, str(tmp_path / "q.jsonl"), "--out", str(tmp_path / "b.jsonl"))
    a = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    b = [json.loads(line) for line in (tmp_path / "b.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in b] == ["a", "b", "c", "d"]
    assert [[m["entity_id"] for m in r["matches"]] for r in a] == [
        [m["entity_id"] for m in r["matches"]] for r in b
    ]
    assert "q.jsonl, line 4" in b[3]["error"] and "name" in b[3]["error"], b[3]


def test_parquet_in_flat_csv_out(db: Path, tmp_path: Path) -> None:
    table = pa.Table.from_pylist(ROWS)
    pq.write_table(table, tmp_path / "q.parquet")
    summary = _run(db, str(tmp_path / "q.parquet"), "--out", str(tmp_path / "r.csv"))
    assert summary["queries"] == 4 and summary["errors"] == 1 and summary["alerts"] >= 1, summary
    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"]
    assert rows[0]["decision"] == "alert" and rows[0]["best_record_ids"] == "IRi.039", rows[0]
    assert rows[0]["best_datasets"] == "un_sc" and float(rows[0]["best_score"]) > 0.9
    # Without the explanation, the best match still says how the parts paired.
    assert rows[0]["best_parts"] == "qasem ~ qasem 1.00; soleimani ~ soleimani 1.00", rows[0]
    assert rows[0]["name"] == "Qasem Soleimani" and rows[0]["birth_date"] == "1957-03-11", (
        "query columns kept"
    )
    assert rows[1]["decision"] == "clear", rows[1]
    assert (
        rows[3]["decision"] == "error"
        and "q.parquet, row 4" in rows[3]["error"]
        and "name" in rows[3]["error"]
    )


def test_several_workers_give_the_same_file_in_the_same_order(db: Path, tmp_path: Path) -> None:
    names = ["Qasem Soleimani", "Ali Ahmadi", "محمد حسینی", "Reza Karimi", "Ahmad Vahidi", "Sara Tehrani"]
    rows = [
        {"id": str(i), "name": names[i % len(names)], "schema": "Person", "birth_date": "", "nationality": ""}
        for i in range(700)
    ]
    _write_csv(tmp_path / "many.csv", rows)
    _run(db, str(tmp_path / "many.csv"), "--out", str(tmp_path / "one.jsonl"))
    summary = _run(db, str(tmp_path / "many.csv"), "--out", str(tmp_path / "two.jsonl"), "--workers", "2")
    assert summary["workers"] == 2 and summary["queries"] == 700
    assert (tmp_path / "one.jsonl").read_text("utf-8") == (tmp_path / "two.jsonl").read_text("utf-8")


def test_bad_jsonl_line_names_file_and_line(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "name": "Ali"}\n{"id": "2", "name": \n', "utf-8")
    result = CliRunner().invoke(
        app, ["--db", str(db), "-q", "screen-file", str(path), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code != 0
    assert "bad.jsonl" in str(result.exception) and "line 2" in str(result.exception), result.exception


def test_unknown_suffix_asks_for_a_format(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "queries.txt"
    path.write_text("id,name\n1,Ali\n", "utf-8")
    result = CliRunner().invoke(
        app, ["--db", str(db), "-q", "screen-file", str(path), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code != 0 and "--format" in str(result.exception)
    _run(db, str(path), "--format", "csv", "--out", str(tmp_path / "o.jsonl"))


def test_an_optional_gender_column(db: Path, tmp_path: Path) -> None:
    """A `gender` column is evidence (the UN records Soleimani as male); a cell that is no
    gender is an error naming the line and the field, and the other rows are screened."""
    rows = [
        {"id": "f", "name": "Soleimani", "schema": "Person", "birth_date": "1957-03-11", "gender": "female"},
        {"id": "m", "name": "Soleimani", "schema": "Person", "birth_date": "1957-03-11", "gender": "M"},
        {"id": "x", "name": "Soleimani", "schema": "Person", "birth_date": "1957-03-11", "gender": "maybe"},
    ]
    _write_csv(tmp_path / "q.csv", rows)
    summary = _run(db, str(tmp_path / "q.csv"), "--out", str(tmp_path / "out.jsonl"))
    assert summary["errors"] == 1
    found = {r["id"]: r for r in map(json.loads, (tmp_path / "out.jsonl").read_text("utf-8").splitlines())}

    def fired(result: dict[str, Any]) -> set[str]:
        return {e["feature"] for e in result["matches"][0]["explanation"]}

    assert "gender_mismatch" in fired(found["f"]) and "gender_mismatch" not in fired(found["m"])
    assert found["f"]["matches"][0]["score"] < found["m"]["matches"][0]["score"]
    assert "line 4, field 'gender': cannot read 'maybe'" in found["x"]["error"]


def test_screen_file_settled_freezes_each_chunk_and_answers_alike(db: Path, tmp_path: Path) -> None:
    # `settle` (the CLI's own process) freezes what each chunk added, out of the collector's
    # reach; the results are those of a run without it.
    import gc
    import io

    from hisab.match.index import load_index
    from hisab.screen import batch
    from hisab.screen.service import Screener

    _write_csv(tmp_path / "q.csv", ROWS)
    screener = Screener(load_index(Store(f"sqlite:///{db}"), tmp_path / "cache"))
    outputs = []
    try:
        for settle in (False, True):
            gc.unfreeze()
            out = io.StringIO()
            batch.screen_file(screener, tmp_path / "q.csv", out, settle=settle)
            outputs.append(out.getvalue())
            assert (gc.get_freeze_count() > 0) is settle
    finally:
        gc.unfreeze()
    assert "entity_id" in outputs[0] and outputs[0] == outputs[1]


def test_screen_file_settled_collects_only_when_it_settles(db: Path, tmp_path: Path) -> None:
    # A process that only screens collects its cycles when it settles its heap after a chunk, not
    # on the way (`pause_collector`): no automatic young collection runs while the file is
    # screened, and the collector runs again afterwards as it did before. Without `settle` (a
    # library caller), the collector is left alone.
    import gc
    import io

    from hisab.match.index import load_index
    from hisab.screen import batch
    from hisab.screen.service import Screener

    _write_csv(tmp_path / "q.csv", ROWS * 100)
    screener = Screener(load_index(Store(f"sqlite:///{db}"), tmp_path / "cache"))
    generations: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            generations.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        for settle in (True, False):
            generations.clear()
            batch.screen_file(screener, tmp_path / "q.csv", io.StringIO(), settle=settle)
            assert gc.isenabled()
            young = generations.count(0)
            assert (young == 0) is settle, (settle, generations)
            # Settled: one collection of the young generations per chunk of the 400 rows.
            assert (generations == [1, 1]) is settle, (settle, generations)
    finally:
        gc.callbacks.remove(seen)
        gc.unfreeze()


def test_a_name_in_parts_in_parquet_with_the_columns_kept(db: Path, tmp_path: Path) -> None:
    """first_name, middle_name and last_name columns in Parquet, as in CSV: the name is the
    parts, the middle name the UN leaves out of "QASEM SOLEIMANI" counts little, and the flat
    output keeps the query's columns."""
    rows = [
        {"id": "p", "name": "", "first_name": "Qasem", "middle_name": "Husseini", "last_name": "Soleimani"},
        {"id": "n", "name": "Qasem Husseini Soleimani", "first_name": "", "middle_name": "", "last_name": ""},
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "q.parquet")
    _run(db, str(tmp_path / "q.parquet"), "--out", str(tmp_path / "r.csv"))
    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as fh:
        found = {r["id"]: r for r in csv.DictReader(fh)}
    assert found["p"]["decision"] == "alert" and found["p"]["best_record_ids"] == "IRi.039", found["p"]
    assert found["n"]["decision"] == "clear", found["n"]
    assert (found["p"]["first_name"], found["p"]["middle_name"]) == ("Qasem", "Husseini")


def test_jsonl_to_a_file_is_written_as_bytes_alike(db: Path, tmp_path: Path) -> None:
    # To a file, JSON lines go to its bytes (`Writer`); to a text stream, as text: the same
    # lines either way, Persian script and the line ends included.
    import io

    from hisab.match.index import load_index
    from hisab.screen import batch
    from hisab.screen.service import Screener

    _write_csv(tmp_path / "q.csv", ROWS)
    screener = Screener(load_index(Store(f"sqlite:///{db}"), tmp_path / "cache"))
    text = io.StringIO()
    batch.screen_file(screener, tmp_path / "q.csv", text)
    with open(tmp_path / "r.jsonl", "w", encoding="utf-8") as fh:
        assert batch.Writer(fh, "jsonl")._bytes is not None
        batch.screen_file(screener, tmp_path / "q.csv", fh)
    written = (tmp_path / "r.jsonl").read_text("utf-8")
    assert "قاسم" in written and written.count("\n") == len(ROWS)
    assert written == text.getvalue()
