"""The store's tables (SQLAlchemy Core), portable between SQLite and PostgreSQL.

Every loaded file becomes a *version* of its dataset, holding a full copy of
the dataset's records and entities as of that file. Older versions stay
queryable (for diffs and audits); `datasets.current_version` says which one
screening uses, and is switched in the same transaction that writes the new
version, so readers see either the old list or the new one, never a mix.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

#: Bumped when the tables change shape; the store refuses a database of another version.
SCHEMA_VERSION = 1

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

datasets = Table(
    "datasets",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("current_version", Integer, ForeignKey("versions.id", use_alter=True), nullable=True),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(255), nullable=False),
    Column("number", Integer, nullable=False),
    Column("format", String(64), nullable=False),
    #: The publication date stated inside the file, when it states one (ISO).
    Column("published", String(32), nullable=True),
    #: SHA-256 over the parsed records: the same list in another wrapping (ZIP) hashes the same.
    Column("content_hash", String(64), nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    #: JSON: the files (path or URL, size, SHA-256) the version was read from.
    Column("sources", Text, nullable=False),
    Column("record_count", Integer, nullable=False),
    Column("entity_count", Integer, nullable=False),
    #: JSON: records per schema of their subject, e.g. {"Person": 730, "Organization": 273}.
    Column("schema_counts", Text, nullable=False),
    #: JSON: what the parser reported (rows read, duplicates, warnings).
    Column("report", Text, nullable=False),
    UniqueConstraint("dataset", "number", name="uq_version_number"),
)

records = Table(
    "records",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("record_id", String(512), primary_key=True),
    Column("schema", String(64), nullable=False),
    Column("caption", Text, nullable=False),
    Column("line", Integer, nullable=True),
    #: SHA-256 of the record's entities, to find changed records without reading them.
    Column("hash", String(64), nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("entity_id", String(512), primary_key=True),
    Column("record_id", String(512), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("caption", Text, nullable=False),
    #: JSON: the FtM entity's properties (and datasets/referents for FtM input).
    Column("data", Text, nullable=False),
    Index("ix_entities_record", "version_id", "record_id"),
)

#: API keys of `hisab serve` (`hisab keys create|list|revoke`). Only a SHA-256 of each key is
#: kept: a key is 256 random bits, so a fast hash cannot be reversed by guessing (a slow
#: password hash guards low-entropy secrets, which these are not).
api_keys = Table(
    "api_keys",
    metadata,
    #: The public part of the key ("hisab_<id>_<secret>"), shown by `hisab keys list`.
    Column("id", String(32), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("key_hash", String(64), nullable=False),
    #: "read" (screening) or "admin" (also the write and admin endpoints).
    Column("scope", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)


# ---------------------------------------------------------------- cross-list resolution
# (Added without a schema version change: `create_all` adds missing tables to an older store.)

#: Which resolved actor each listed record belongs to, as of the last `hisab resolve`. Records
#: are keyed by dataset and record id, which survive list versions, so an actor keeps its id
#: across list updates.
actors = Table(
    "actors",
    metadata,
    Column("dataset", String(255), primary_key=True),
    Column("record_id", String(512), primary_key=True),
    Column("actor_id", String(64), nullable=False),
    #: How the record joined its actor: "self" (alone or first), "reference", "identifier",
    #: "match" or "decision".
    Column("linked_by", String(32), nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=False),
    Index("ix_actors_actor", "actor_id"),
)

#: The pairs the last `hisab resolve` found uncertain (the review queue) or linked, with the
#: evidence. Keys are "dataset:record_id", the smaller one left.
resolve_pairs = Table(
    "resolve_pairs",
    metadata,
    Column("left_key", String(800), primary_key=True),
    Column("right_key", String(800), primary_key=True),
    Column("score", Float, nullable=False),
    #: "link", "review" or "apart" (a contradiction: never merged).
    Column("status", String(16), nullable=False),
    #: JSON: the evidence lines and the two records' captions.
    Column("evidence", Text, nullable=False),
    Column("found_at", DateTime(timezone=True), nullable=False),
)

#: Reviewers' decisions on pairs ("same", "different", "unsure"), kept across list versions
#: and runs. A decision is undone by setting `retracted_at`, never by deleting it.
resolve_decisions = Table(
    "resolve_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_key", String(800), nullable=False),
    Column("right_key", String(800), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("decided_by", String(255), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=True),
    Column("retracted_at", DateTime(timezone=True), nullable=True),
    Index("ix_decisions_pair", "left_key", "right_key"),
)
