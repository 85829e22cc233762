"""What every list format implements, and the records parsers produce.

A parser is pure and streaming: it reads a file (and its companion files) and
yields `Record`s. It never touches the store. A `Record` is one listing as the
publisher wrote it: the listed subject, its `Sanction`, and whatever else the
listing states (addresses, identifications, links to other listings), all as
FollowTheMoney entities, tagged with the dataset and the publisher's record id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from followthemoney import EntityProxy, model

#: FtM entity references allow only letters, digits, "." and "-"; any other run becomes "-".
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


@dataclass
class Record:
    """One listing: its entities and where it came from.

    `entities[0]` is the listed subject (a Person, Organization, Vessel, …) or,
    for a relationship stated on its own, the relationship itself.
    """

    dataset: str
    record_id: str
    entities: list[EntityProxy]
    line: int | None = None
    #: In a delta file (FtM `entities.delta.json`), True for a `DEL` operation.
    delete: bool = False

    @property
    def subject(self) -> EntityProxy:
        return self.entities[0]


@dataclass
class ParseReport:
    """What a parser saw: counts and warnings a user should know about."""

    rows: int = 0
    records: int = 0
    duplicates: int = 0
    published: str | None = None
    #: True when the file holds changes to the previous version, not a full list.
    is_delta: bool = False
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


@dataclass(frozen=True)
class Source:
    """A file to parse, and the companion files that belong to it."""

    path: Path
    format: str
    dataset: str
    companions: tuple[Path, ...] = ()


class ListFormat(Protocol):
    """One list format: how to recognise it and how to parse it."""

    #: Short name, used by `--format` and shown in `hisab lists`.
    name: str
    #: The dataset a file of this format loads into unless overridden.
    dataset: str

    def dataset_for(self, path: Path) -> str:
        """The dataset `path` loads into (usually `self.dataset`)."""
        ...

    def detect(self, path: Path, head: bytes) -> bool:
        """True if the file at `path`, whose first bytes are `head`, is this format."""
        ...

    def companions(self, path: Path) -> tuple[Path, ...]:
        """Other files that make one version of the list with `path`.

        OFAC's `add.csv`, `alt.csv` and `sdn_comments.csv` beside `sdn.csv`; the
        other legal acts' CSVs beside one EU Official Journal CSV.
        """
        ...

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        """Stream the records of `source`; raise `ParseError` on malformed input."""
        ...


def make_entity(schema: str, entity_id: str) -> EntityProxy:
    """A new FtM entity with an explicit, stable id."""
    entity = model.make_entity(schema)
    entity.id = entity_id
    return entity


def record_entity_id(dataset: str, record_id: str) -> str:
    """The stable id of a listed subject: `<dataset>-<record id>`, made a valid FtM id.

    Publisher ids are kept readable (`un-sc-IRi.039` for `un_sc` / `IRi.039`).
    FollowTheMoney silently drops references to ids with other characters
    (`_`, `/`), so those become `-`; the exact record id stays in the record.
    """
    return _ID_UNSAFE.sub("-", f"{dataset}-{record_id.strip()}").strip("-.")


def derived_id(parent_id: str, *parts: object) -> str:
    """A stable id for an entity derived from a listing (its Sanction, an Address, a link).

    Hashing the parts keeps the id the same when the same file is loaded again.
    """
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return f"{parent_id}-{digest.hexdigest()[:12]}"
