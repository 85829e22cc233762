"""The delta between two versions of a dataset: added, removed and changed records, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hisab.errors import NotFoundError
from hisab.store.store import Store, StoredRecord, VersionInfo

#: The pseudo-property under which a whole entity added to or removed from a record is shown.
ENTITY = "(entity)"


@dataclass(frozen=True)
class FieldChange:
    """Values of one property of one entity that a version added or removed."""

    entity_id: str
    schema: str
    prop: str
    added: list[str]
    removed: list[str]


@dataclass(frozen=True)
class RecordChange:
    record_id: str
    schema: str
    caption: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class VersionDiff:
    dataset: str
    old: VersionInfo
    new: VersionInfo
    added: list[StoredRecord]
    removed: list[StoredRecord]
    changed: list[RecordChange]


def diff_versions(
    store: Store, dataset: str, old_number: int | None = None, new_number: int | None = None
) -> VersionDiff:
    """Compare two versions of `dataset`: by default the current one and the one before it."""
    new = store.version(dataset, new_number)
    if old_number is None:
        earlier = [v for v in store.versions(dataset) if v.number < new.number]
        if not earlier:
            raise NotFoundError(f"dataset {dataset!r} has no version before version {new.number} to compare")
        old = earlier[-1]
    else:
        old = store.version(dataset, old_number)
    old_records = {r.record_id: r for r in store.records(old.id)}
    new_records = {r.record_id: r for r in store.records(new.id)}
    added = [r for rid, r in new_records.items() if rid not in old_records]
    removed = [r for rid, r in old_records.items() if rid not in new_records]
    changed_ids = sorted(
        rid for rid, r in new_records.items() if rid in old_records and old_records[rid].hash != r.hash
    )
    old_entities = store.record_entities(old.id, changed_ids)
    new_entities = store.record_entities(new.id, changed_ids)
    changed = [
        RecordChange(
            record_id=rid,
            schema=new_records[rid].schema,
            caption=new_records[rid].caption,
            changes=compare_entities(old_entities.get(rid, []), new_entities.get(rid, [])),
        )
        for rid in changed_ids
    ]
    return VersionDiff(dataset, old, new, added, removed, changed)


def compare_entities(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[FieldChange]:
    """Field-by-field changes between two renderings of one record."""
    before = {e["id"]: e for e in old}
    after = {e["id"]: e for e in new}
    changes: list[FieldChange] = []
    for entity_id in sorted(before.keys() | after.keys()):
        a, b = before.get(entity_id), after.get(entity_id)
        if a is None or b is None:
            present = b if a is None else a
            assert present is not None
            summary = [_summary(present)]
            changes.append(
                FieldChange(
                    entity_id,
                    present["schema"],
                    ENTITY,
                    summary if a is None else [],
                    summary if b is None else [],
                )
            )
            continue
        props_a: dict[str, list[str]] = a.get("properties", {})
        props_b: dict[str, list[str]] = b.get("properties", {})
        if a["schema"] != b["schema"]:
            changes.append(FieldChange(entity_id, b["schema"], "schema", [b["schema"]], [a["schema"]]))
        for prop in sorted(props_a.keys() | props_b.keys()):
            va, vb = set(props_a.get(prop, [])), set(props_b.get(prop, []))
            if va != vb:
                changes.append(FieldChange(entity_id, b["schema"], prop, sorted(vb - va), sorted(va - vb)))
    return changes


def _summary(entity: dict[str, Any]) -> str:
    props: dict[str, list[str]] = entity.get("properties", {})
    label = next(
        (props[p][0] for p in ("name", "full", "program", "role", "number") if props.get(p)),
        entity["id"],
    )
    return f"{entity['schema']}: {label}"
