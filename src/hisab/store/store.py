"""The versioned list store over SQLAlchemy Core (SQLite by default, PostgreSQL for servers)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from followthemoney import EntityProxy
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, literal, select, update
from sqlalchemy.exc import SQLAlchemyError

from hisab.errors import NotFoundError, StoreError
from hisab.sources.base import ParseReport, Record
from hisab.store import schema as t

#: Rows written per INSERT batch.
BATCH = 2000


@dataclass(frozen=True)
class VersionInfo:
    """One loaded version of a dataset."""

    id: int
    dataset: str
    number: int
    format: str
    published: str | None
    content_hash: str
    loaded_at: datetime
    sources: list[dict[str, Any]]
    record_count: int
    entity_count: int
    schema_counts: dict[str, int]
    report: dict[str, Any]
    current: bool = False


@dataclass(frozen=True)
class StoredRecord:
    record_id: str
    schema: str
    caption: str
    hash: str


def entity_data(entity: EntityProxy) -> dict[str, Any]:
    """What the store keeps of an entity besides its id and schema."""
    data: dict[str, Any] = {"properties": {k: sorted(v) for k, v in sorted(entity.properties.items())}}
    for extra in ("datasets", "referents"):
        values = getattr(entity, extra, None)
        if values:
            data[extra] = sorted(values)
    return data


def record_hash(record: Record) -> str:
    """A hash of the record's content, independent of entity order."""
    parts = sorted(
        json.dumps([e.id, e.schema.name, entity_data(e)], sort_keys=True, ensure_ascii=False)
        for e in record.entities
    )
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _sqlite_transactions(engine: Engine) -> None:
    """Make SQLite transactions real: the sqlite3 module otherwise commits behind our back.

    Python's sqlite3 driver opens transactions lazily and not for every statement,
    which breaks the all-or-nothing promise of a load; this is SQLAlchemy's
    documented recipe to let SQLAlchemy emit BEGIN itself.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")


class VersionWriter:
    """Writes one new version of a dataset inside an open transaction."""

    def __init__(self, conn: Connection, dataset: str, fmt: str, sources: list[dict[str, Any]]) -> None:
        self.conn = conn
        self.dataset = dataset
        self.format = fmt
        self.sources = sources
        self.schema_counts: Counter[str] = Counter()
        self.entity_count = 0
        self._records: list[dict[str, Any]] = []
        self._entities: list[dict[str, Any]] = []
        self._entity_ids: set[str] = set()
        self._record_ids: set[str] = set()
        self._ensure_dataset()
        number = conn.execute(
            select(func.coalesce(func.max(t.versions.c.number), 0)).where(t.versions.c.dataset == dataset)
        ).scalar_one()
        self.current_id: int | None = conn.execute(
            select(t.datasets.c.current_version).where(t.datasets.c.name == dataset)
        ).scalar()
        self.version_id: int = conn.execute(
            insert(t.versions).returning(t.versions.c.id),
            {
                "dataset": dataset,
                "number": number + 1,
                "format": fmt,
                "content_hash": "",
                "loaded_at": datetime.now(UTC),
                "sources": json.dumps(sources),
                "record_count": 0,
                "entity_count": 0,
                "schema_counts": "{}",
                "report": "{}",
            },
        ).scalar_one()
        self.number = number + 1

    def _ensure_dataset(self) -> None:
        exists = self.conn.execute(select(t.datasets.c.name).where(t.datasets.c.name == self.dataset)).first()
        if exists is None:
            self.conn.execute(insert(t.datasets), {"name": self.dataset})

    def copy_current(self) -> None:
        """Start from the current version's content (for delta files)."""
        if self.current_id is None:
            return
        for table in (t.records, t.entities):
            columns = [c for c in table.c if c.name != "version_id"]
            self.conn.execute(
                insert(table).from_select(
                    ["version_id", *(c.name for c in columns)],
                    select(literal(self.version_id, table.c.version_id.type), *columns).where(
                        table.c.version_id == self.current_id
                    ),
                )
            )
        rows = self.conn.execute(
            select(t.records.c.record_id, t.records.c.schema).where(t.records.c.version_id == self.version_id)
        )
        for record_id, schema in rows:
            self._record_ids.add(record_id)
            self.schema_counts[schema] += 1
        for (entity_id,) in self.conn.execute(
            select(t.entities.c.entity_id).where(t.entities.c.version_id == self.version_id)
        ):
            self._entity_ids.add(entity_id)
        self.entity_count = len(self._entity_ids)

    def remove(self, record_id: str) -> None:
        """Drop a record carried over from the previous version (delta `DEL`, or `MOD`)."""
        if record_id not in self._record_ids:
            return
        self._flush()
        schema = self.conn.execute(
            select(t.records.c.schema).where(
                t.records.c.version_id == self.version_id, t.records.c.record_id == record_id
            )
        ).scalar_one()
        gone = self.conn.execute(
            delete(t.entities)
            .where(t.entities.c.version_id == self.version_id, t.entities.c.record_id == record_id)
            .returning(t.entities.c.entity_id)
        ).all()
        for (entity_id,) in gone:
            self._entity_ids.discard(entity_id)
        self.entity_count -= len(gone)
        self.conn.execute(
            delete(t.records).where(
                t.records.c.version_id == self.version_id, t.records.c.record_id == record_id
            )
        )
        self._record_ids.discard(record_id)
        self.schema_counts[schema] -= 1

    def add(self, record: Record) -> None:
        if record.record_id in self._record_ids:
            raise StoreError(
                f"{self.dataset}: record id {record.record_id!r} occurs twice in one version"
                + (f" (line {record.line})" if record.line else "")
            )
        self._record_ids.add(record.record_id)
        subject = record.subject
        self.schema_counts[subject.schema.name] += 1
        self._records.append(
            {
                "version_id": self.version_id,
                "record_id": record.record_id,
                "schema": subject.schema.name,
                "caption": subject.caption,
                "line": record.line,
                "hash": record_hash(record),
            }
        )
        for entity in record.entities:
            if entity.id is None:
                raise StoreError(f"{self.dataset}: an entity of record {record.record_id!r} has no id")
            if entity.id in self._entity_ids:
                raise StoreError(
                    f"{self.dataset}: entity id {entity.id!r} (record {record.record_id!r}) occurs twice"
                )
            self._entity_ids.add(entity.id)
            self._entities.append(
                {
                    "version_id": self.version_id,
                    "entity_id": entity.id,
                    "record_id": record.record_id,
                    "schema": entity.schema.name,
                    "caption": entity.caption,
                    "data": json.dumps(entity_data(entity), ensure_ascii=False),
                }
            )
            self.entity_count += 1
        if len(self._entities) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._records:
            self.conn.execute(insert(t.records), self._records)
            self._records = []
        if self._entities:
            self.conn.execute(insert(t.entities), self._entities)
            self._entities = []

    def finish(self, report: ParseReport) -> VersionInfo | None:
        """Close the version and make it current; None (and nothing kept) if it equals the current one."""
        self._flush()
        digest = hashlib.sha256()
        rows = self.conn.execute(
            select(t.records.c.record_id, t.records.c.hash)
            .where(t.records.c.version_id == self.version_id)
            .order_by(t.records.c.record_id)
        )
        for record_id, record_digest in rows:
            digest.update(f"{record_id}\x1f{record_digest}\n".encode())
        content_hash = digest.hexdigest()
        if self.current_id is not None:
            current_hash = self.conn.execute(
                select(t.versions.c.content_hash).where(t.versions.c.id == self.current_id)
            ).scalar_one()
            if current_hash == content_hash:
                self.discard()
                return None
        counts = {k: v for k, v in sorted(self.schema_counts.items()) if v}
        report_data = {
            "rows": report.rows,
            "records": report.records,
            "duplicates": report.duplicates,
            "is_delta": report.is_delta,
            "warnings": report.warnings,
        }
        self.conn.execute(
            update(t.versions)
            .where(t.versions.c.id == self.version_id)
            .values(
                published=report.published,
                content_hash=content_hash,
                record_count=sum(counts.values()),
                entity_count=self.entity_count,
                schema_counts=json.dumps(counts),
                report=json.dumps(report_data, ensure_ascii=False),
            )
        )
        self.conn.execute(
            update(t.datasets)
            .where(t.datasets.c.name == self.dataset)
            .values(current_version=self.version_id)
        )
        row = self.conn.execute(select(t.versions).where(t.versions.c.id == self.version_id)).one()
        return _version_info(row._mapping, current=True)

    def discard(self) -> None:
        """Remove everything this writer wrote (used when the content is unchanged)."""
        self._records, self._entities = [], []
        self.conn.execute(delete(t.entities).where(t.entities.c.version_id == self.version_id))
        self.conn.execute(delete(t.records).where(t.records.c.version_id == self.version_id))
        self.conn.execute(delete(t.versions).where(t.versions.c.id == self.version_id))
        remaining = self.conn.execute(
            select(func.count()).select_from(t.versions).where(t.versions.c.dataset == self.dataset)
        ).scalar_one()
        if remaining == 0:
            self.conn.execute(delete(t.datasets).where(t.datasets.c.name == self.dataset))


def _version_info(row: Any, current: bool) -> VersionInfo:
    return VersionInfo(
        id=row["id"],
        dataset=row["dataset"],
        number=row["number"],
        format=row["format"],
        published=row["published"],
        content_hash=row["content_hash"],
        loaded_at=row["loaded_at"],
        sources=json.loads(row["sources"]),
        record_count=row["record_count"],
        entity_count=row["entity_count"],
        schema_counts=json.loads(row["schema_counts"]),
        report=json.loads(row["report"]),
        current=current,
    )


@dataclass
class Store:
    """The list store. One instance per process; safe to share between threads."""

    url: str
    engine: Engine = field(init=False)

    def __post_init__(self) -> None:
        try:
            self.engine = create_engine(self.url)
            if self.engine.dialect.name == "sqlite":
                _sqlite_transactions(self.engine)
            with self.engine.begin() as conn:
                t.metadata.create_all(conn)
                found = conn.execute(select(t.meta.c.value).where(t.meta.c.key == "schema_version")).scalar()
                if found is None:
                    conn.execute(insert(t.meta), {"key": "schema_version", "value": str(t.SCHEMA_VERSION)})
                elif found != str(t.SCHEMA_VERSION):
                    raise StoreError(
                        f"{self.url}: store schema version {found}, this hisab needs {t.SCHEMA_VERSION}"
                    )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store at {self.url}: {exc.__class__.__name__}: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One all-or-nothing unit of work: committed at the end, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    def versions(self, dataset: str | None = None) -> list[VersionInfo]:
        """Every version (of one dataset, or of all), oldest first."""
        with self.engine.connect() as conn:
            current = {row.current_version for row in conn.execute(select(t.datasets))}
            query = select(t.versions).order_by(t.versions.c.dataset, t.versions.c.number)
            if dataset is not None:
                query = query.where(t.versions.c.dataset == dataset)
            rows = conn.execute(query).all()
        found = [_version_info(r._mapping, r.id in current) for r in rows]
        if dataset is not None and not found:
            raise NotFoundError(f"no dataset {dataset!r} in the store")
        return found

    def current_versions(self) -> list[VersionInfo]:
        """The current version of every dataset."""
        return [v for v in self.versions() if v.current]

    def version(self, dataset: str, number: int | None = None) -> VersionInfo:
        """One version of `dataset`: by number, or the current one."""
        for info in self.versions(dataset):
            if (number is None and info.current) or info.number == number:
                return info
        which = f"version {number}" if number is not None else "a current version"
        raise NotFoundError(f"dataset {dataset!r} has no {which}")

    def records(self, version_id: int) -> Iterator[StoredRecord]:
        """The records of a version, by record id."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.records.c.record_id, t.records.c.schema, t.records.c.caption, t.records.c.hash)
                .where(t.records.c.version_id == version_id)
                .order_by(t.records.c.record_id)
            )
            for row in rows:
                yield StoredRecord(row.record_id, row.schema, row.caption, row.hash)

    def record_entities(self, version_id: int, record_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The entities (as FtM dicts) of some records of a version, by record id."""
        found: dict[str, list[dict[str, Any]]] = {}
        ids = list(record_ids)
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = conn.execute(
                    select(t.entities).where(
                        t.entities.c.version_id == version_id, t.entities.c.record_id.in_(chunk)
                    )
                )
                for row in rows:
                    found.setdefault(row.record_id, []).append(_entity_dict(row._mapping))
        return found

    def entities(
        self, version_ids: Iterable[int], schemata: Iterable[str] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every entity of the given versions (of some schemata only, if given) as an FtM
        dict, with its dataset."""
        with self.engine.connect() as conn:
            for version_id in version_ids:
                dataset = conn.execute(
                    select(t.versions.c.dataset).where(t.versions.c.id == version_id)
                ).scalar_one()
                query = select(t.entities).where(t.entities.c.version_id == version_id)
                if schemata is not None:
                    query = query.where(t.entities.c.schema.in_(list(schemata)))
                rows = conn.execute(
                    query.order_by(t.entities.c.record_id, t.entities.c.entity_id).execution_options(
                        yield_per=BATCH
                    )
                )
                for row in rows:
                    entity = _entity_dict(row._mapping)
                    entity.setdefault("datasets", [dataset])
                    yield entity

    def entity_texts(self, version_id: int, schemata: Iterable[str]) -> Iterator[tuple[str, str]]:
        """(entity id, stored JSON text) of a version's entities of some schemata, unparsed:
        for a server that keeps them in memory and parses only those it returns."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.entities.c.entity_id, t.entities.c.data)
                .where(t.entities.c.version_id == version_id, t.entities.c.schema.in_(list(schemata)))
                .execution_options(yield_per=BATCH)
            )
            for row in rows:
                yield row.entity_id, row.data


def _entity_dict(row: Any) -> dict[str, Any]:
    data = json.loads(row["data"])
    entity: dict[str, Any] = {"id": row["entity_id"], "schema": row["schema"], **data}
    entity["record_id"] = row["record_id"]
    return entity
