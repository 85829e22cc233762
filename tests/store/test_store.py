"""The versioned store: versions, atomic switch, unchanged content, deltas, diffs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hisab.errors import NotFoundError, StoreError
from hisab.sources.base import ParseReport, Record, make_entity
from hisab.store import Store, VersionWriter
from hisab.store.diff import ENTITY, diff_versions


def person(record_id: str, name: str, **props: str) -> Record:
    entity = make_entity("Person", f"test-{record_id}")
    entity.add("name", name)
    for prop, value in props.items():
        entity.add(prop, value)
    sanction = make_entity("Sanction", f"test-{record_id}-s")
    sanction.add("entity", entity.id)
    sanction.add("program", "IRAN")
    return Record("test", record_id, [entity, sanction])


def write(
    store: Store, records: list[Record], published: str | None = None, delta: bool = False
) -> int | None:
    report = ParseReport(published=published, is_delta=delta)
    with store.transaction() as conn:
        writer = VersionWriter(conn, "test", "fake", [{"path": "x"}])
        if delta:
            writer.copy_current()
        for record in records:
            if delta:
                writer.remove(record.record_id)
            if not record.delete:
                writer.add(record)
        info = writer.finish(report)
    return info.number if info else None


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """The store on SQLite (the embedded default) and on PostgreSQL (the server deployment)."""
    if request.param == "postgresql":
        from tests.postgres import fresh_database

        return Store(fresh_database(request.getfixturevalue("postgres")))
    return Store(f"sqlite:///{tmp_path / 'store.db'}")


def test_versions_are_numbered_and_the_newest_is_current(store: Store) -> None:
    assert write(store, [person("1", "Ali Ahmadi")], "2025-01-01") == 1
    assert write(store, [person("1", "Ali Ahmadi"), person("2", "Reza Karimi")], "2025-02-01") == 2
    versions = store.versions("test")
    assert [(v.number, v.current) for v in versions] == [(1, False), (2, True)]
    assert versions[1].schema_counts == {"Person": 2}, versions[1].schema_counts
    assert versions[1].entity_count == 4
    assert store.version("test", 1).record_count == 1, "the old version stays queryable"


def test_unchanged_content_makes_no_new_version(store: Store) -> None:
    write(store, [person("1", "Ali Ahmadi")])
    assert write(store, [person("1", "Ali Ahmadi")]) is None
    assert len(store.versions("test")) == 1


def test_failed_load_leaves_the_store_as_it_was(store: Store) -> None:
    write(store, [person("1", "Ali Ahmadi")])
    before = store.versions("test")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        writer = VersionWriter(conn, "test", "fake", [])
        writer.add(person("1", "Changed"))
        raise RuntimeError("parser failed half-way")
    assert store.versions("test") == before
    records = list(store.records(before[0].id))
    assert [r.caption for r in records] == ["Ali Ahmadi"]


def test_duplicate_record_ids_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="occurs twice"):
        write(store, [person("1", "A"), person("1", "B")])
    with pytest.raises(NotFoundError):
        store.versions("test")


def test_delta_applies_on_the_current_version(store: Store) -> None:
    write(store, [person("1", "Ali Ahmadi"), person("2", "Reza Karimi")])
    gone = Record("test", "2", [make_entity("Person", "test-2")], delete=True)
    number = write(store, [person("1", "Ali Ahmadi", birthDate="1960"), gone, person("3", "New")], delta=True)
    assert number == 2
    names = {r.record_id: r.caption for r in store.records(store.version("test").id)}
    assert names == {"1": "Ali Ahmadi", "3": "New"}, names


def test_diff_reports_records_field_by_field(store: Store) -> None:
    write(store, [person("1", "Ali Ahmadi", birthDate="1960"), person("2", "Reza Karimi")])
    changed = person("1", "Ali Ahmadi", birthDate="1961")
    changed.entities.append(make_entity("Address", "test-1-a"))
    changed.entities[-1].add("full", "Tehran")
    write(store, [changed, person("3", "Sara Tehrani")])
    delta = diff_versions(store, "test")
    assert [r.record_id for r in delta.added] == ["3"]
    assert [r.record_id for r in delta.removed] == ["2"]
    assert [c.record_id for c in delta.changed] == ["1"]
    fields = {(f.prop, tuple(f.added), tuple(f.removed)) for f in delta.changed[0].changes}
    assert ("birthDate", ("1961",), ("1960",)) in fields, fields
    assert (ENTITY, ("Address: Tehran",), ()) in fields, fields


def test_diff_needs_two_versions(store: Store) -> None:
    write(store, [person("1", "Ali Ahmadi")])
    with pytest.raises(NotFoundError, match="no version before"):
        diff_versions(store, "test")
