"""Tracing with the store: the graph loaded once, the rules applied once per rule, the
network around an actor and the exposure of a company as JSON. The CLI (`hisab trace`,
`hisab exposure`), the API (`/trace/{id}`, `/exposure/{id}`) and screening call these."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hisab.errors import HisabError, NotFoundError
from hisab.match.index import Subject
from hisab.resolve.service import actor_ids
from hisab.screen.service import Screener, make_query
from hisab.sources.ownership import is_ownership_dataset
from hisab.store import Store
from hisab.trace.exposure import RULES, Blocking, Holdings, block, exposure
from hisab.trace.graph import BLOCKING, Edge, Graph, ownership_csv

FORMATS = ("text", "json", "graphml", "ftm", "html")


@dataclass
class Tracer:
    graph: Graph
    screener: Screener
    #: each record's resolved actor (`hisab resolve`), (dataset, record id) → actor id
    actor_of: dict[tuple[str, str], str]
    notes: list[str] = field(default_factory=list)
    _blocking: dict[str, Blocking] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(cls, store: Store, screener: Screener) -> Tracer:
        return cls(Graph.build(store, screener.index), screener, actor_ids(store))

    def add_ownership(self, path: Path, rule: str = "ofac") -> list[str]:
        """A user's ownership file, for this tracer only (`hisab exposure --ownership`): names
        resolve to the records of the lists that block under `rule` when the engine decides
        they match."""

        def resolve(name: str) -> str | None:
            found = self.screener.screen(make_query(name), top=1, datasets=BLOCKING[rule])
            return str(found[0].subject.id) if found and found[0].match else None

        notes = ownership_csv(path, self.graph, resolve)
        with self._lock:
            self._blocking.clear()
        self.notes.extend(notes)
        return notes

    def blocking(self, rule: str) -> Blocking:
        """`rule` applied to the whole graph (computed once per rule)."""
        if rule not in RULES:
            raise HisabError(f"rule must be one of {', '.join(RULES)} (got {rule!r})")
        with self._lock:
            if rule not in self._blocking:
                listed = self.graph.blocked(rule, self.actor_of)
                table = Holdings.of(self.graph.holdings(), self.graph.nodes)
                self._blocking[rule] = block(table, listed, rule)
            return self._blocking[rule]

    def find(self, name_or_id: str) -> str:
        """A graph node: an entity id as given, a name of the user's ownership data, or the
        listed subject a name matches (the best match, if the engine decides it is one)."""
        if name_or_id in self.graph.nodes or name_or_id in self.graph.names:
            return name_or_id
        if f"user:{name_or_id}" in self.graph.names:
            return f"user:{name_or_id}"
        found = self.screener.screen(make_query(name_or_id), top=1, parties=True)
        if not found or not found[0].match:
            raise NotFoundError(
                f"no listed entity matches {name_or_id!r}; give an entity id (hisab screen shows them)"
            )
        return str(found[0].subject.id)

    def _sources(self, node: str) -> list[dict[str, str]]:
        """The list records `node` stands for (a party of ownership data: the listed records
        it was resolved to, or its own record)."""
        return self.graph.listed_as(node, self.actor_of)

    def listed(self, node: str) -> bool:
        """On a loaded list (a party of ownership data: resolved to a listed record)."""
        return any(not is_ownership_dataset(s["dataset"]) for s in self._sources(node))

    def ownership_note(self, node: str, rule: str = "ofac") -> str | None:
        """ "blocked by ownership: 60% …" for a node blocked by `rule` but not listed."""
        found = self.blocking(rule)
        n = found.holdings.number.get(node)
        if n is None or not found.blocked[n] or found.listed[n]:
            return None
        path = " → ".join(self.graph.name(found.holdings.ids[p]) for p in found.path(n))
        return f"{rule.upper()} rule: blocked owners hold {found.aggregate[n] * 100:g}%; {path}"

    def ownership_info(self, subject: Subject) -> dict[str, Any] | None:
        """For screening: whether a party of ownership data is blocked by ownership (OFAC's
        rule, then the EU's), with the arithmetic; None when it is not in the graph."""
        if subject.id not in self.graph.nodes:
            return None
        found = {rule: self.exposure_json(subject.id, rule) for rule in RULES}
        main = next((found[r] for r in RULES if found[r]["blocked"]), found["ofac"])
        return {
            "rule": main["rule"],
            "blocked": main["blocked"],
            "risk": main["risk"],
            "aggregate_share": main["aggregate_share"],
            "owners": main["owners"],
            "warnings": main["warnings"],
            "blocked_under": [r for r in RULES if found[r]["blocked"]],
        }

    def network_json(self, start: str, nodes: list[str], edges: list[Edge]) -> dict[str, Any]:
        """The network `Graph.around` found around `start`, each edge with its source."""
        found = []
        for n in nodes:
            sources = self._sources(n)
            listed = self.listed(n)
            found.append(
                {
                    "id": n,
                    "name": self.graph.name(n),
                    "schema": self.graph.nodes[n].schema if n in self.graph.nodes else None,
                    "listed": listed,
                    "dataset": sources[0]["dataset"] if listed else None,
                    "record_id": sources[0]["record_id"] if listed else None,
                    "sources": sources,
                    "blocked_by_ownership": self.ownership_note(n),
                }
            )
        return {
            "start": start,
            "nodes": found,
            "edges": [e.as_dict() for e in edges],
        }

    def exposure_json(self, node: str, rule: str = "ofac") -> dict[str, Any]:
        """Whether `node` is blocked by ownership under `rule`, with the arithmetic."""
        if node not in self.graph.nodes and node not in self.graph.names:
            raise NotFoundError(f"no entity {node!r} in the relationship graph")
        result = exposure(node, self.blocking(rule), rule=rule)
        names = {n: self.graph.name(n) for n in {node, *(p for o in result.owners for p in o.path)}}
        data = result.as_dict(names, {n: self._sources(n) for n in names})
        data["sources"] = self._sources(node)
        data["resolved_names"] = list(self.notes)
        return data


def attach_ownership(store: Store, screener: Screener) -> bool:
    """When ownership data is loaded (sources/ownership.py), let `screener` report its
    companies that are blocked by ownership (`Screener.use_ownership`). The graph is built on
    the first such result, not before."""
    if not any(is_ownership_dataset(v.dataset) for v in store.current_versions()):
        return False
    tracer: list[Tracer] = []
    lock = threading.Lock()

    def check(subject: Subject) -> dict[str, Any] | None:
        with lock:
            if not tracer:
                tracer.append(Tracer.load(store, screener))
        return tracer[0].ownership_info(subject)

    screener.use_ownership(check)
    return True
