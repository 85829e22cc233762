"""What the HTTP API does, as plain functions over the store and the screener.

The routes in app.py only parse requests and shape responses; the work is here,
so that the CLI and later web pages can call the same functions. Answers follow
yente's wire format (the OpenSanctions matching API), so that clients written
for yente work unchanged, with hisab's additions (`sources`, `programs`) beside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import orjson
from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.types import registry
from sqlalchemy import func, select

from hisab.errors import HisabError, NotFoundError, QueryError
from hisab.match.algorithm import Algorithm, describe
from hisab.match.features import Query
from hisab.match.index import Index, Subject
from hisab.screen.service import (
    Match,
    Screener,
    check_name,
    imo_numbers,
    make_query,
    query_schema,
    query_tokens,
    source_list,
)
from hisab.store import Store, VersionInfo
from hisab.store import schema as t

#: The collection that covers every loaded dataset.
DEFAULT_COLLECTION = "default"
#: Names of one query entity screened at most (name, alias, previousName, …).
MAX_QUERY_NAMES = 10
#: Properties that carry a query's names, besides the parts of a person's name.
NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias", "abbreviation")
#: Parts of a person's name, in the order they are written when no `name` is given.
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
#: Schemata a query may have: those hisab screens against.
MATCHABLE = ("Thing", "LegalEntity", "Person", "Organization", "Company", "PublicBody", "Vessel", "Airplane")


class RequestError(HisabError):
    """A request the API cannot answer as asked (the message says what to change)."""

    http_status = 422


def store_stamp(store: Store) -> tuple[Any, ...]:
    """What the server's state was loaded from: the current version of every dataset, and
    the last `hisab resolve` run (its latest time and its count of records). A change means
    the server should reload. One cheap query each."""
    with store.engine.connect() as conn:
        last = select(func.max(t.actors.c.resolved_at), func.count()).select_from(t.actors)
        resolved = conn.execute(last).one()
    versions = tuple(sorted((v.dataset, v.id) for v in store.current_versions()))
    return (versions, str(resolved[0]), int(resolved[1]))


@dataclass
class Catalog:
    """The datasets the server screens against: their current versions in the store."""

    versions: dict[str, VersionInfo] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store, index: Index) -> Catalog:
        wanted = set(index.versions)
        return cls({v.dataset: v for v in store.versions() if (v.dataset, v.id) in wanted})

    def collection(self, name: str) -> frozenset[str]:
        """The datasets of a collection: `default` (all) or one dataset's name."""
        if name == DEFAULT_COLLECTION:
            return frozenset(self.versions)
        if name in self.versions:
            return frozenset({name})
        known = ", ".join([DEFAULT_COLLECTION, *sorted(self.versions)])
        raise NotFoundError(f"no dataset or collection named {name!r} (known: {known})")

    def scope(self, collection: str, include: list[str], exclude: list[str]) -> frozenset[str]:
        """The datasets a request screens: its collection, narrowed by include/exclude filters."""
        datasets = self.collection(collection)
        for name in [*include, *exclude]:
            self.collection(name)
        if include:
            datasets = datasets & set(include)
        return datasets - set(exclude)


@dataclass(frozen=True)
class EntityQuery:
    """One query entity of a /match request, turned into what the screener takes."""

    schema: str
    names: tuple[str, ...]
    query: Query


def query_from_entity(key: str, schema: str, properties: dict[str, list[str]]) -> EntityQuery:
    """A screening query from a FollowTheMoney-style query entity (`schema`, `properties`).

    Names come from `name` and the other name properties, or else from the parts of a
    person's name; the first birth date, the first nationality (or country, citizenship,
    jurisdiction), a person's `gender` and every identifier-typed property are used; a query
    may give identifiers and no name (a vessel's `imoNumber`). Errors name the query.
    """
    try:
        # FollowTheMoney's names, in any case, and "Aircraft" for its Airplane.
        schema_name = query_schema(schema)
    except QueryError:
        schema_name = None
    found = model.get(schema_name) if schema_name else None
    if found is None or not (found.name == "Thing" or any(found.is_a(m) for m in MATCHABLE[1:])):
        raise RequestError(
            f"query {key!r}: schema {schema!r} cannot be screened (use one of: {', '.join(MATCHABLE[1:])})"
        )
    for prop in properties:
        if prop not in found.properties:
            raise RequestError(f"query {key!r}: schema {schema} has no property {prop!r}")
    values = {p: [str(v).strip() for v in vs if str(v).strip()] for p, vs in properties.items()}
    names = [v for p in NAME_PROPERTIES for v in values.get(p, [])]
    if not names:
        parts = [v for p in NAME_PARTS for v in values.get(p, [])[:1]]
        if parts:
            names = [" ".join(parts)]
    identifiers = tuple(
        v for p, vs in values.items() if found.properties[p].type == registry.identifier for v in vs
    )
    if found.name != "Person":
        # IMO numbers written in any of the names ("AREZOO (IMO 9165786)") are identifiers, as
        # `make_query` reads them in the first.
        cleaned = []
        for name in names:
            name, identifiers = imo_numbers(name, identifiers)
            cleaned.append(name)
        names = [n for n in cleaned if n]
    if not names and not identifiers:
        raise RequestError(
            f"query {key!r}: no name (give `name`, or `firstName` and `lastName`, or an identifier)"
        )
    # A query of identifiers only ("imoNumber") is screened by them (`Screener._identified`).
    names = list(dict.fromkeys(names))[:MAX_QUERY_NAMES] or [""]
    birth = values.get("birthDate", [])
    country = next(
        (vs[0] for p in ("nationality", "citizenship", "country", "jurisdiction") if (vs := values.get(p))),
        None,
    )
    screened_as = None if found.name in ("Thing", "LegalEntity") else found.name
    gender = next(iter(values.get("gender", [])), None)
    try:
        # A person's name parts say which part is which: a middle name (middleName, secondName,
        # fatherName) that a listed name leaves out then counts little.
        middle_props = [p for p in ("secondName", "middleName", "fatherName") if values.get(p)]
        middle = " ".join(values[p][0] for p in middle_props)
        query = make_query(
            names[0],
            screened_as,
            birth[0] if birth else None,
            country,
            identifiers,
            gender,
            first_name=next(iter(values.get("firstName", [])), None),
            middle_name=middle or None,
            last_name=next(iter(values.get("lastName", [])), None),
            other_names=tuple(names[1:]),
        )
        # A name with nothing to screen ("-") beside others is not screened; a query of such
        # names only is an error, not a "no match".
        screenable = tuple(n for n in names if query_tokens(replace(query, name=n)))
        if not screenable:
            check_name(query)
            screenable = (query.name,)  # identifiers only
    except QueryError as exc:
        if exc.field in ("first_name", "last_name", "middle_name"):
            # The query's own properties, not make_query's arguments.
            named = {"first_name": "firstName", "last_name": "lastName"}
            prop = named.get(exc.field) or "/".join(middle_props)
            raise RequestError(f"query {key!r}: {prop}: {exc.problem}") from exc
        raise RequestError(f"query {key!r}: {exc}") from exc
    return EntityQuery(found.name, screenable, query)


def screen_entity(
    screener: Screener, entity: EntityQuery, datasets: frozenset[str], limit: int, exclude: set[str]
) -> list[Match]:
    """The best `limit` subjects for a query entity: every one of its names screened, each
    subject kept once with its best score."""
    best: dict[str, Match] = {}
    for name in entity.names:
        query = replace(entity.query, name=name)
        for found in screener.screen(query, top=limit + len(exclude), datasets=datasets):
            if found.subject.id in exclude:
                continue
            held = best.get(found.subject.id)
            if held is None or found.score > held.score:
                best[found.subject.id] = found
    return sorted(best.values(), key=lambda m: (-m.score, m.subject.id))[:limit]


@dataclass
class Entities:
    """The listed subjects as the API returns them: yente's entity shape, with hisab's
    provenance beside it. Their stored JSON is read once, at start (tens of MB for every
    list), and parsed only for the entities an answer returns, so that answering needs no
    store query."""

    catalog: Catalog
    texts: dict[str, str]

    @classmethod
    def load(cls, store: Store, catalog: Catalog, index: Index) -> Entities:
        schemata = {s.schema for s in index.subjects}
        texts = {
            entity_id: text
            for version in catalog.versions.values()
            for entity_id, text in store.entity_texts(version.id, schemata)
        }
        return cls(catalog, texts)

    def stored(self, entity_id: str) -> dict[str, Any]:
        text = self.texts.get(entity_id)
        found: dict[str, Any] = orjson.loads(text) if text is not None else {}
        return found

    def json(self, subject: Subject, records: tuple[Subject, ...] = ()) -> dict[str, Any]:
        """A listed subject in yente's entity shape, with its `sources` and `programs`: those
        of `records` when it stands for a resolved actor's records (the subject first)."""
        records = records or (subject,)
        stored = self.stored(subject.id)
        version = self.catalog.versions.get(subject.dataset)
        loaded = version.loaded_at.isoformat() if version is not None else None
        return {
            "id": subject.id,
            "caption": subject.caption,
            "schema": subject.schema,
            "properties": stored.get("properties", {}),
            "datasets": [subject.dataset],
            "referents": stored.get("referents", []),
            "target": True,
            "first_seen": None,
            "last_seen": loaded,
            "last_change": loaded,
            "sources": source_list(records),
            "programs": [p for s in records for p in s.programs],
        }

    def scored(self, match: Match, threshold: float) -> dict[str, Any]:
        """A match in yente's scored-entity shape: the entity, `score`, `match` (at
        `threshold`), and the explanation both as yente's `features` (value per feature)
        and `explanations`."""
        data = self.json(match.subject, match.records)
        if len(match.records) > 1:
            # A resolved actor (`hisab resolve`): its other records are the entity's referents
            # and their lists its datasets, as in OpenSanctions' merged entities.
            data["referents"] = sorted({*data["referents"], *(s.id for s in match.records[1:])})
            data["datasets"] = sorted({s.dataset for s in match.records})
        if match.actor_id is not None:
            data["actor_id"] = match.actor_id
        explanation = match.explanation
        data["score"] = round(match.score, 4)
        data["match"] = match.score >= threshold and (match.ownership is None or match.ownership["blocked"])
        if match.ownership is not None:
            data["blocked_by_ownership"] = match.ownership
        data["matched_name"] = matched = match.name
        data["read_as_russian"] = list(match.read_as_russian)
        data["read_as_persian"] = match.read_as_persian
        data["spelled_with_digraphs"] = list(match.spelled_with_digraphs)
        data["respelled_from"] = match.respelled_from
        data["left_out"] = list(match.left_out)
        data["parts"] = match.parts
        data["features"] = {c.feature: round(c.value, 4) for c in explanation}
        data["explanations"] = {
            c.feature: {
                "score": round(c.value, 4),
                "weight": c.weight,
                "detail": c.description,
                "query": None,
                "candidate": matched,
            }
            for c in explanation
        }
        return data


def algorithm_json(algorithm: Algorithm) -> dict[str, Any]:
    """The algorithm as /algorithms describes it: its features, weights and default threshold."""
    return {
        "name": algorithm.name,
        "description": (
            "hisab's transliteration-aware matcher: name parts aligned in any order, weighted by "
            "rarity, with birth date, nationality and identifier evidence; a logistic calibration "
            "makes the score read as a probability. See docs/matching.md."
        ),
        "threshold": algorithm.threshold,
        "docs": {
            name: {
                "description": describe(name),
                "coefficient": weight,
            }
            for name, weight in algorithm.weights.items()
        },
    }


def dataset_json(version: VersionInfo) -> dict[str, Any]:
    return {
        "name": version.dataset,
        "title": version.dataset,
        "version": str(version.number),
        "entity_count": version.entity_count,
        "thing_count": version.record_count,
        "updated_at": version.loaded_at.isoformat(),
        "published": version.published,
        "load": True,
        "index_current": True,
        "index_version": str(version.number),
        "children": [],
    }


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    """/catalog: every loaded dataset with its version, counts and load time, and `default`."""
    datasets = [dataset_json(v) for _, v in sorted(catalog.versions.items())]
    latest = max((v.loaded_at for v in catalog.versions.values()), default=None)
    datasets.append(
        {
            "name": DEFAULT_COLLECTION,
            "title": "Every loaded dataset",
            "version": None,
            "entity_count": sum(v.entity_count for v in catalog.versions.values()),
            "updated_at": latest.isoformat() if isinstance(latest, datetime) else None,
            "load": True,
            "index_current": True,
            "children": sorted(catalog.versions),
        }
    )
    return {
        "datasets": datasets,
        "current": [*sorted(catalog.versions), DEFAULT_COLLECTION],
        "outdated": [],
        "index_stale": False,
    }


def entity_detail(
    store: Store, entities: Entities, index: Index, entity_id: str, nested: bool
) -> dict[str, Any]:
    """/entities/{id}: one listed entity; with `nested`, the entities of its record that point
    at it (its sanctions, ownerships, family and other links) inlined under their reverse
    properties, as yente nests them."""
    subject = index.subject_by_id(entity_id)
    version = entities.catalog.versions.get(subject.dataset) if subject is not None else None
    if subject is None or version is None:
        raise NotFoundError(f"no entity with id {entity_id!r} in the loaded datasets")
    data = entities.json(subject)
    if not nested:
        return data
    schema = model.get(subject.schema)
    record = store.record_entities(version.id, [subject.record_id]).get(subject.record_id, [])
    for other in record:
        other_schema = model.get(other["schema"])
        if other["id"] == entity_id or other_schema is None:
            continue
        for prop_name, values in other.get("properties", {}).items():
            prop = other_schema.properties.get(prop_name)
            if prop is None or prop.reverse is None or entity_id not in values:
                continue
            if schema is not None and prop.reverse.name not in schema.properties:
                continue
            inlined = {
                "id": other["id"],
                "caption": other_schema.label,
                "schema": other["schema"],
                "properties": {k: v for k, v in other.get("properties", {}).items() if k != prop_name},
                "datasets": [subject.dataset],
                "referents": [],
                "target": False,
            }
            data["properties"].setdefault(prop.reverse.name, []).append(inlined)
    return data


def schema_filter(name: str | None) -> Schema | None:
    """The schema a search is limited to, or None; an unknown name is an error."""
    if not name:
        return None
    found = model.get(name)
    if found is None:
        raise RequestError(f"schema: unknown FollowTheMoney schema {name!r}")
    return found


def model_is_a(schema_name: str, wanted: Schema) -> bool:
    found = model.get(schema_name)
    return found is not None and found.is_a(wanted)


def search_facets(entities: list[dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """yente's search facets: for each of `names` (countries, topics, datasets, schema), the
    values found among `entities` with their labels and counts, most frequent first."""
    from collections import Counter

    facets: dict[str, Any] = {}
    for name in names:
        counts: Counter[str] = Counter()
        for e in entities:
            if name == "countries":
                values = {
                    v for prop in ("country", "nationality", "citizenship", "jurisdiction")
                    for v in e["properties"].get(prop, [])
                }  # fmt: skip
            elif name == "topics":
                values = set(e["properties"].get("topics", []))
            elif name == "datasets":
                values = set(e.get("datasets", []))
            else:
                values = {e["schema"]}
            counts.update(v for v in values if isinstance(v, str))
        labels = {
            "countries": "Countries", "topics": "Topics", "datasets": "Data sources", "schema": "Entity types"
        }  # fmt: skip
        facets[name] = {
            "label": labels.get(name, name),
            "values": [
                {"name": v, "label": _facet_label(name, v), "count": c} for v, c in counts.most_common()
            ],
        }
    return facets


def _facet_label(facet: str, value: str) -> str:
    from followthemoney.types import registry

    from hisab.sources.datasets import dataset_info

    if facet == "countries":
        return str(registry.country.names.get(value, value))
    if facet == "topics":
        return str(registry.topic.names.get(value, value))
    if facet == "datasets":
        return dataset_info(value).title
    return value
