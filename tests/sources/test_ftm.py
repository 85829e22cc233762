"""The FollowTheMoney JSON-lines parser: OpenSanctions exports and delta files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from followthemoney import ValueEntity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hisab.errors import ParseError
from hisab.sources import read_head
from hisab.sources.base import ParseReport, Record, Source
from hisab.sources.ftm import FORMAT

T1 = "opensanctions_ftm/yente_t1/entities.ftm.json"
RUNS = {
    "20240527194702-wnk": ("2024-05-27", 2),
    "20240528014702-pfh": ("2024-05-28", 2),
    "20240528134729-3iv": ("2024-05-28", 1),
}


def parse(path: Path) -> tuple[list[Record], ParseReport]:
    """Detect and parse one file with this format, as the loader does."""
    assert FORMAT.detect(path, read_head(path)), f"{path} not detected as FtM"
    report = ParseReport()
    records = list(FORMAT.parse(Source(path, FORMAT.name, FORMAT.dataset_for(path)), report))
    return records, report


def parse_bad(path: Path) -> ParseError:
    with pytest.raises(ParseError) as exc:
        list(FORMAT.parse(Source(path, FORMAT.name, "test"), ParseReport()))
    assert path.name in str(exc.value), f"file not named: {exc.value}"
    return exc.value


def delta(run: str) -> str:
    return f"opensanctions_ftm/yente_t2/{run}/entities.delta.json"


def write_lines(path: Path, objects: list[Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


PERSON = {"id": "p1", "schema": "Person", "properties": {"name": ["Ali Test"]}}


def test_detect(data_dir: Path) -> None:
    for name in (T1, *(delta(run) for run in RUNS)):
        path = data_dir / name
        assert FORMAT.detect(path, read_head(path)), f"{name} not detected"
    for other in ("us_csl/consolidated.csv.gz", "un_sc/mkweli_2025-11-20/un_consolidated.xml"):
        path = data_dir / other
        assert not FORMAT.detect(path, read_head(path)), f"{other} detected as FtM"


def test_detect_reads_past_a_long_first_line(tmp_path: Path) -> None:
    entity = {**PERSON, "properties": {"name": ["Ali Test"], "notes": ["x" * 20_000]}}
    path = write_lines(tmp_path / "long.json", [entity])
    head = read_head(path)
    assert b"\n" not in head, "the fixture's first line must be longer than the head"
    assert FORMAT.detect(path, head), "a first entity longer than the head is not detected"


def test_registry_detects_ftm(data_dir: Path) -> None:
    from hisab.sources import detect

    assert (detect(data_dir / T1).format, detect(data_dir / T1).dataset) == ("ftm", "yente_t1"), "t1"
    source = detect(data_dir / delta("20240527194702-wnk"))
    assert (source.format, source.dataset) == ("ftm", "yente_t2"), f"delta detected as {source}"


def test_dataset_for(data_dir: Path, tmp_path: Path) -> None:
    assert FORMAT.dataset_for(data_dir / T1) == "yente_t1", "folder holding the file"
    for run in RUNS:
        assert FORMAT.dataset_for(data_dir / delta(run)) == "yente_t2", "the folder above a run folder"
    assert FORMAT.dataset_for(tmp_path / "My Export" / "x.json") == "my_export", "folder names are slugged"


def test_export(data_dir: Path) -> None:
    records, report = parse(data_dir / T1)
    assert (report.rows, report.records, len(records)) == (7, 7, 7), f"counts {report}"
    assert not report.is_delta and report.published is None and report.warnings == [], f"report {report}"
    assert [r.line for r in records] == list(range(1, 8)), "one entity per line"
    assert all(r.dataset == "yente_t1" and not r.delete for r in records), "dataset, no deletions"
    by_name = {r.subject.caption: r for r in records}
    irgc = by_name["IRGC"].subject
    assert isinstance(irgc, ValueEntity) and irgc.schema.name == "Organization", "IRGC organization"
    assert irgc.id == "NK-2PacmNpiLUmoz4XD2mSt7A" == by_name["IRGC"].record_id, "ids kept as given"
    assert {"ofac-10465", "gb-hmt-11241", "gb-fcdo-inu0082", "ch-seco-12378"} <= irgc.referents, (
        irgc.referents
    )
    assert irgc.datasets == {"eu_fsf"}, f"datasets {irgc.datasets}"
    assert irgc.get("country") == ["ir"], "properties kept"
    assert irgc.to_dict()["last_seen"] == "2024-06-01T10:57:03", "OpenSanctions timestamps kept"
    schemas = sorted(r.subject.schema.name for r in records)
    assert schemas == ["Address", "Organization", "Organization", *["Person"] * 4], f"schemas {schemas}"


@pytest.mark.parametrize("run", sorted(RUNS))
def test_deltas(data_dir: Path, run: str) -> None:
    published, count = RUNS[run]
    records, report = parse(data_dir / delta(run))
    assert report.is_delta and report.published == published, f"report {report}"
    assert (report.rows, report.records, len(records)) == (count, count, count), f"counts {report}"
    assert all(r.dataset == "yente_t2" and not r.delete for r in records), "ADD/MOD are not deletions"


def test_delta_entities(data_dir: Path) -> None:
    records, _ = parse(data_dir / delta("20240527194702-wnk"))
    aqi = records[0].subject
    assert "AL-QAIDA IN IRAQ" in aqi.get("name") and aqi.schema.name == "Organization", "first entity"
    assert isinstance(aqi, ValueEntity), "a ValueEntity"
    assert (len(aqi.referents), len(aqi.datasets)) == (21, 22), "merged from many lists"
    assert {"un_sc_sanctions", "us_ofac_sdn", "gb_hmt_sanctions"} <= aqi.datasets, aqi.datasets
    modified, _ = parse(data_dir / delta("20240528014702-pfh"))
    assert [r.record_id for r in modified] == ["NK-500Poltergeist", "NK-2T3S8Hu29ktYnKSTgQp2wL"], "ids"
    assert "Foobar Foobargroup" in modified[1].subject.get("name"), "MOD carries the new version"


def test_delete_and_relationships(tmp_path: Path) -> None:
    ownership = {
        "id": "own1",
        "schema": "Ownership",
        "properties": {"owner": ["p1"], "asset": ["c1"], "percentage": ["51"]},
    }
    path = write_lines(
        tmp_path / "20240601120000-abc" / "entities.delta.json",
        [
            {"op": "ADD", "entity": ownership},
            {"op": "DEL", "entity": {"id": "gone"}},
            {"op": "DEL", "entity": {**PERSON, "id": "gone2"}},
        ],
    )
    records, report = parse(path)
    assert report.is_delta and report.published == "2024-06-01", f"report {report}"
    assert records[0].subject.schema.name == "Ownership" and records[0].record_id == "own1", "link record"
    assert records[0].subject.get("owner") == ["p1"], "relationship kept as given"
    assert [(r.record_id, r.delete) for r in records[1:]] == [("gone", True), ("gone2", True)], "deletions"
    assert records[1].subject.schema.name == "Thing", "an id-only deletion"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=4),
    referents=st.lists(st.text(alphabet="abc-0123", min_size=1, max_size=10), max_size=3),
)
def test_entities_round_trip(tmp_path: Path, names: list[str], referents: list[str]) -> None:
    data = {"id": "e1", "schema": "Person", "properties": {"name": names}, "referents": referents}
    records, _ = parse(write_lines(tmp_path / "rt.json", [data]))
    entity = records[0].subject
    assert entity.get("name") == list(dict.fromkeys(names)), "names kept as given"
    assert isinstance(entity, ValueEntity) and entity.referents == set(referents), "referents kept"


# Bad input: each raises ParseError naming the file, the line and the field.


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(PERSON) + "\nnot json\n", encoding="utf-8")
    error = parse_bad(path)
    assert error.line == 2 and "not JSON" in str(error), error


def test_truncated_last_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(PERSON) + "\n" + json.dumps(PERSON)[:30], encoding="utf-8")
    error = parse_bad(path)
    assert error.line == 2 and "truncated" in str(error), error


def test_unknown_op(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "op.json", [{"op": "ADD", "entity": PERSON}, {"op": "UPSERT", "entity": PERSON}]
    )
    error = parse_bad(path)
    assert (error.line, error.field) == (2, "op") and "UPSERT" in str(error), error


def test_missing_id(tmp_path: Path) -> None:
    for name, obj in (
        ("noid.json", {"schema": "Person", "properties": {}}),
        ("noid_delta.json", {"op": "DEL", "entity": {"schema": "Person"}}),
    ):
        error = parse_bad(write_lines(tmp_path / name, [obj]))
        assert (error.line, error.field) == (1, "id"), error


def test_unknown_schema(tmp_path: Path) -> None:
    error = parse_bad(write_lines(tmp_path / "schema.json", [PERSON, {**PERSON, "schema": "Persona"}]))
    assert (error.line, error.field) == (2, "schema") and "Persona" in str(error), error
    error = parse_bad(write_lines(tmp_path / "abstract.json", [{**PERSON, "schema": "Thing"}]))
    assert (error.line, error.field) == (1, "schema") and "abstract" in str(error), error


def test_unknown_property(tmp_path: Path) -> None:
    bad = {**PERSON, "properties": {"name": ["A"], "favouriteColour": ["red"]}}
    error = parse_bad(write_lines(tmp_path / "prop.json", [PERSON, bad]))
    assert (error.line, error.field) == (2, "favouriteColour"), error
    stub = {**PERSON, "properties": {"sanctions": ["s1"]}}
    error = parse_bad(write_lines(tmp_path / "stub.json", [stub]))
    assert error.field == "sanctions", f"reverse properties cannot be set: {error}"
    scalar = {**PERSON, "properties": {"name": "A"}}
    error = parse_bad(write_lines(tmp_path / "scalar.json", [scalar]))
    assert error.field == "name" and "list of strings" in str(error), error


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(
        json.dumps(PERSON).encode() + b"\n" + json.dumps(PERSON).replace("Ali", "Al\xed").encode("latin-1")
    )
    error = parse_bad(path)
    assert error.line == 2 and "UTF-8" in str(error), error


def test_empty_file(tmp_path: Path) -> None:
    for name, content in (("empty.json", ""), ("blank.json", "\n  \n")):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        error = parse_bad(path)
        assert "empty" in str(error), error
