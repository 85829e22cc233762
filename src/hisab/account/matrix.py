"""The designation matrix: who sanctions whom, since when, under which program, and the gaps.

Rows are resolved actors (`hisab resolve`; before the first run, each record is an
actor of its own), columns the authorities whose lists are loaded (US, UN, EU, GB,
…). A cell holds the actor's listings by that authority: program, listing date,
dataset and record id. An actor has a gap at an authority that does not list it
although it runs a program comparable to one the actor is listed under
(account/programs.py says which are comparable).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from followthemoney import model

from hisab.account.programs import Program, act_of, comparable, program_info
from hisab.match.index import Index, Subject
from hisab.resolve.engine import Key
from hisab.sources.datasets import dataset_info
from hisab.sources.ownership import is_ownership_dataset
from hisab.store import VersionInfo

#: Column order: these first, then any other authority alphabetically.
AUTHORITY_ORDER = ("US", "UN", "EU", "GB")
#: Whose record names the actor in the matrix, best first.
NAME_PREFERENCE = ("un_sc", "us_ofac_sdn", "eu_journal", "gb_hmt", "us_ofac_cons", "eu_fsf", "us_trade_csl")


@dataclass(frozen=True)
class Listing:
    authority: str
    dataset: str
    record_id: str
    program: str
    listed_on: str
    act: str = ""
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "program": self.program,
            "listed_on": self.listed_on or None,
            "dataset": self.dataset,
            "record_id": self.record_id,
        }
        if self.act:
            found["act"] = self.act
        if self.url:
            found["url"] = self.url
        return found


@dataclass
class ActorRow:
    actor_id: str
    name: str
    schema: str
    countries: list[str]
    sources: list[Key]
    authorities: dict[str, list[Listing]]
    gaps: list[str]
    #: per gap: the authority's comparable program(s), for the reader to check
    gap_programs: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id,
            "name": self.name,
            "schema": self.schema,
            "countries": self.countries,
            "sources": [{"dataset": d, "record_id": r} for d, r in self.sources],
            "authorities": {a: [x.as_dict() for x in found] for a, found in self.authorities.items()},
            "gaps": self.gaps,
            "gap_programs": self.gap_programs,
        }


@dataclass
class Matrix:
    authorities: list[str]
    #: authority -> the lists (dataset, version, publication date) its column comes from
    lists: dict[str, list[dict[str, Any]]]
    rows: list[ActorRow]
    #: whether the rows are resolved actors (a `hisab resolve` run) or single records
    resolved: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "authorities": self.authorities,
            "lists": self.lists,
            "resolved": self.resolved,
            "actors": [r.as_dict() for r in self.rows],
        }


def _record_url(dataset: str, record_id: str) -> str | None:
    template = dataset_info(dataset).record_url
    if not template:
        return None
    return template.format(record_id=record_id, celex=act_of(dataset, record_id))


def listings(subject: Subject) -> list[Listing]:
    authority = dataset_info(subject.dataset).authority
    found: dict[tuple[str, str], Listing] = {}
    for p in subject.programs or [{"program": "", "listing_date": ""}]:
        program = p.get("program") or ""
        key = (program, p.get("listing_date") or "")
        found.setdefault(
            key,
            Listing(
                authority=authority,
                dataset=subject.dataset,
                record_id=subject.record_id,
                program=program,
                listed_on=p.get("listing_date") or "",
                act=act_of(subject.dataset, subject.record_id),
                url=_record_url(subject.dataset, subject.record_id),
            ),
        )
    return sorted(found.values(), key=lambda x: (x.program, x.listed_on))


def _program(listing: Listing) -> Program:
    return program_info(listing.dataset, listing.program, listing.act)


def _schema(subjects: list[Subject]) -> str:
    schemata = [model.get(s.schema) for s in subjects]
    # The most specific schema that all others are (Person over LegalEntity).
    for s in schemata:
        if s is not None and all(o is None or s.is_a(o.name) for o in schemata):
            return s.name
    return subjects[0].schema


def build(
    index: Index,
    actor_of: dict[Key, str],
    versions: Iterable[VersionInfo],
    *,
    country: str | None = None,
    program: str | None = None,
    schema: str | None = None,
    only: set[Key] | None = None,
    gaps_only: bool = False,
) -> Matrix:
    """The matrix over the index's subjects, grouped by `actor_of` (a record missing from it
    is an actor of its own). Filters: a country (of a record, or of a program the actor is
    listed under), a program, a schema, a set of record keys (`only`), gaps only."""
    lists: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for v in versions:
        if is_ownership_dataset(v.dataset):
            continue  # a user's ownership data lists no one
        info = dataset_info(v.dataset)
        lists[info.authority].append({"dataset": v.dataset, "version": v.number, "published": v.published})
    # Each authority's programs on its loaded lists, for the gaps.
    inventory: dict[str, set[Program]] = defaultdict(set)
    groups: dict[str, list[Subject]] = defaultdict(list)
    #: each subject's listings, made once
    listed: dict[str, list[Listing]] = {}
    for s in index.subjects:
        if is_ownership_dataset(s.dataset):
            continue
        key = (s.dataset, s.record_id)
        groups[actor_of.get(key) or f"record:{s.dataset}:{s.record_id}"].append(s)
        listed[s.id] = listings(s)
        for listing in listed[s.id]:
            if listing.program:
                inventory[listing.authority].add(_program(listing))
    authorities = sorted(
        (a for a in lists if a != "OTHER" or inventory.get(a)),
        key=lambda a: (AUTHORITY_ORDER.index(a) if a in AUTHORITY_ORDER else len(AUTHORITY_ORDER), a),
    )
    wanted_schema = model.get(schema) if schema else None
    rows: list[ActorRow] = []
    for actor_id, members in groups.items():
        if only is not None and not any((s.dataset, s.record_id) in only for s in members):
            continue
        members.sort(key=lambda s: (_preference(s.dataset), s.dataset, s.record_id))
        cells: dict[str, list[Listing]] = defaultdict(list)
        for s in members:
            for listing in listed[s.id]:
                cells[listing.authority].append(listing)
        programs = [_program(x) for found in cells.values() for x in found if x.program]
        countries = sorted({c for s in members for c in s.countries})
        if country and country not in countries and not any(p.country == country for p in programs):
            continue
        if program and not any(x.program.lower() == program.lower() for f in cells.values() for x in f):
            continue
        row_schema = _schema(members)
        if wanted_schema is not None and not model.get(row_schema).is_a(wanted_schema.name):  # type: ignore[union-attr]
            continue
        gaps: list[str] = []
        gap_programs: dict[str, list[str]] = {}
        for authority in authorities:
            if authority in cells:
                continue
            similar = sorted(
                {
                    f"{q.program}{' ' + q.act if q.act else ''}"
                    for q in inventory.get(authority, set())
                    if any(comparable(p, q) for p in programs)
                }
            )
            if similar:
                gaps.append(authority)
                gap_programs[authority] = similar
        if gaps_only and not gaps:
            continue
        rows.append(
            ActorRow(
                actor_id=actor_id,
                name=members[0].caption,
                schema=row_schema,
                countries=countries,
                sources=[(s.dataset, s.record_id) for s in members],
                authorities={a: cells[a] for a in authorities if a in cells},
                gaps=gaps,
                gap_programs=gap_programs,
            )
        )
    rows.sort(key=lambda r: (-len(r.authorities), r.name.lower(), r.actor_id))
    return Matrix(authorities=authorities, lists=dict(lists), rows=rows, resolved=bool(actor_of))


def _preference(dataset: str) -> int:
    return NAME_PREFERENCE.index(dataset) if dataset in NAME_PREFERENCE else len(NAME_PREFERENCE)
