"""Loading every official list in the shared data folder, as `make demo` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.load_all import LISTS
from typer.testing import CliRunner

from hisab.cli import app
from hisab.lists import diff_versions, load_paths
from hisab.lists.load import LoadResult
from hisab.store import Store


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> tuple[Path, list[LoadResult]]:
    db = tmp_path_factory.mktemp("shared") / "all.db"
    results, skipped = load_paths(Store(f"sqlite:///{db}"), [data_dir / name for name in LISTS])
    assert skipped == [], f"every file in the list folders is a list or a companion: {skipped}"
    return db, results


def by_file(results: list[LoadResult], name: str) -> LoadResult:
    found = [r for r in results if r.source.path.name == name]
    assert len(found) == 1, f"{name}: {[r.source.path for r in results]}"
    return found[0]


def test_counts_match_the_provenance(loaded: tuple[Path, list[LoadResult]]) -> None:
    db, results = loaded
    store = Store(f"sqlite:///{db}")
    un = {v.published: v.schema_counts for v in store.versions("un_sc")}
    assert un == {
        "2025-11-20": {"Organization": 273, "Person": 727},
        "2026-02-27": {"Organization": 273, "Person": 730},
    }, un
    assert store.version("un_sc").published == "2026-02-27", "the newest file is current"

    sdn_2022 = by_file(results, "USASanctions.csv").report
    # PROVENANCE.md says 11,566 rows: it missed the row glued to the 0x1A end-of-file byte
    # of the sdn.csv part of this file (ent_num 9639); see tests/sources/test_ofac_csv.py.
    assert (sdn_2022.rows, sdn_2022.records, sdn_2022.duplicates) == (11567, 11509, 58)
    sdn_2021 = by_file(results, "sdn.csv")
    assert sdn_2021.version is not None and sdn_2021.version.record_count == 8976
    assert by_file(results, "cons_prim.csv").report.records == 442
    assert store.version("gb_hmt").record_count == 2106
    assert store.version("us_trade_csl").record_count == 14160
    assert store.version("eu_journal").record_count == 8017


def test_the_same_list_in_a_zip_is_unchanged(loaded: tuple[Path, list[LoadResult]]) -> None:
    _, results = loaded
    xml, zipped = by_file(results, "CONS_ENHANCED.XML"), by_file(results, "CONS_ENHANCED.ZIP")
    assert [xml.version is None, zipped.version is None].count(True) == 1, (
        "the second of two identical files makes no new version"
    )


def test_diff_of_the_two_un_files(loaded: tuple[Path, list[LoadResult]]) -> None:
    db, _ = loaded
    delta = diff_versions(Store(f"sqlite:///{db}"), "un_sc")
    assert sorted(r.record_id for r in delta.added) == ["SDi.007", "SDi.008", "SDi.009", "SDi.010"]
    assert [r.record_id for r in delta.removed] == ["IQi.074"]
    assert delta.changed, "records amended between the two files are reported"
    for change in delta.changed:
        assert change.changes, f"{change.record_id} is reported changed with no field named"


def test_cli_diff_json(loaded: tuple[Path, list[LoadResult]]) -> None:
    db, _ = loaded
    result = CliRunner().invoke(app, ["--db", str(db), "diff", "un_sc", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert len(payload["added"]) == 4 and len(payload["removed"]) == 1
    assert payload["from"]["published"] == "2025-11-20" and payload["to"]["published"] == "2026-02-27"


def test_cli_lists_json(loaded: tuple[Path, list[LoadResult]]) -> None:
    db, _ = loaded
    result = CliRunner().invoke(app, ["--db", str(db), "lists", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["dataset"]: row for row in json.loads(result.output)}
    assert rows["un_sc"]["versions"] == 2 and rows["un_sc"]["number"] == 2
    assert rows["un_sc"]["schema_counts"] == {"Organization": 273, "Person": 730}


def test_ids_are_stable_across_loads(tmp_path: Path, data_dir: Path) -> None:
    """Loading the same file into two stores gives the same ids and hashes."""
    path = data_dir / "un_sc" / "watchman_2026-02-27"
    hashes = []
    for name in ("a", "b"):
        store = Store(f"sqlite:///{tmp_path / name}.db")
        load_paths(store, [path])
        hashes.append([(r.record_id, r.hash) for r in store.records(store.version("un_sc").id)])
    assert hashes[0] == hashes[1]


def test_export_ftm(loaded: tuple[Path, list[LoadResult]], tmp_path: Path) -> None:
    db, _ = loaded
    out = tmp_path / "un.ftm.json"
    result = CliRunner().invoke(
        app, ["--db", str(db), "-q", "export", "--dataset", "un_sc", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    entities = [json.loads(line) for line in out.read_text().splitlines()]
    people = [e for e in entities if e["schema"] == "Person"]
    assert len(people) == 730
    assert all(e["datasets"] == ["un_sc"] for e in entities)
    sanctions = [e for e in entities if e["schema"] == "Sanction"]
    assert {s["properties"]["recordId"][0] for s in sanctions} >= {"IRi.039"}
