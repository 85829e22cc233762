"""Loading list files into the store: parse, write a new version, switch, all or nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection

from hisab.sources import ParseReport, Source, discover, get_format
from hisab.store import Store, VersionInfo, VersionWriter

#: Called as records are written: (source, records so far).
Progress = Callable[[Source, int], None]


@dataclass(frozen=True)
class LoadResult:
    """What loading one source did. `version` is None when the content was unchanged."""

    source: Source
    version: VersionInfo | None
    report: ParseReport


def describe_files(source: Source) -> list[dict[str, Any]]:
    """Path, size and SHA-256 of every file a version is read from."""
    described = []
    for path in (source.path, *source.companions):
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        described.append({"path": str(path), "size": path.stat().st_size, "sha256": digest.hexdigest()})
    return described


def load_paths(
    store: Store, paths: Iterable[Path], dataset: str | None = None, progress: Progress | None = None
) -> tuple[list[LoadResult], list[str]]:
    """Find the list files under `paths` and load them all; also returns what was skipped."""
    sources, skipped = discover(paths, dataset)
    return load_sources(store, sources, progress), skipped


def load_sources(
    store: Store,
    sources: list[Source],
    progress: Progress | None = None,
    files: Callable[[Source], list[dict[str, Any]]] = describe_files,
) -> list[LoadResult]:
    """Load sources in one transaction: if any of them fails, the store is left exactly as it was."""
    with store.transaction() as conn:
        return [_load_one(conn, source, progress, files(source)) for source in sources]


def _load_one(
    conn: Connection, source: Source, progress: Progress | None, files: list[dict[str, Any]]
) -> LoadResult:
    report = ParseReport()
    writer = VersionWriter(conn, source.dataset, source.format, files)
    count = 0
    started = False
    for record in get_format(source.format).parse(source, report):
        if not started:
            # A delta file says so before its first record: start from the current version.
            if report.is_delta:
                writer.copy_current()
            started = True
        if report.is_delta:
            writer.remove(record.record_id)
        if not record.delete:
            writer.add(record)
        count += 1
        if progress is not None and count % 500 == 0:
            progress(source, count)
    if progress is not None:
        progress(source, count)
    return LoadResult(source, writer.finish(report), report)


def export_ftm(store: Store, out: TextIO, datasets: Iterable[str] = ()) -> int:
    """Write the current versions' entities as FollowTheMoney JSON lines; returns the count."""
    wanted = set(datasets)
    versions = [v for v in store.current_versions() if not wanted or v.dataset in wanted]
    missing = wanted - {v.dataset for v in versions}
    if missing:
        from hisab.errors import NotFoundError

        raise NotFoundError(f"no current version of dataset(s): {', '.join(sorted(missing))}")
    count = 0
    for entity in _without_record_ids(store.entities(v.id for v in versions)):
        out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def _without_record_ids(entities: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for entity in entities:
        entity.pop("record_id", None)
        yield entity
