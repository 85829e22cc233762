"""The relationship graph over the store: who owns, directs, is related to or linked to whom.

Edges are the FollowTheMoney link entities of the current list versions (the parsers
make them: OFAC's "Linked To:" remarks become `UnknownLink`s to the record they name,
its vessel owners and Enhanced XML "Owned or controlled by" `Ownership`s, family links
`Family`, leaders `Directorship`; OpenSanctions exports bring their own), and
user-supplied ownership data (`ownership_csv`). Every edge keeps its source.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hisab.errors import HisabError, ParseError
from hisab.match.index import Index, Subject
from hisab.sources.base import ParseReport, Source
from hisab.sources.ownership import FORMAT as OWNERSHIP
from hisab.sources.ownership import is_ownership_dataset, parse_share
from hisab.store import Store
from hisab.trace.exposure import Holding

#: Link schemata: (the property of the side the link goes from, of the side it goes to).
LINKS = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "Family": ("person", "relative"),
    "Associate": ("person", "associate"),
    "Membership": ("member", "organization"),
    "Employment": ("employee", "employer"),
    "Representation": ("agent", "client"),
    "Succession": ("predecessor", "successor"),
    "UnknownLink": ("subject", "object"),
}
#: The lists whose listings block property under each rule.
BLOCKING = {"ofac": frozenset({"us_ofac_sdn"}), "eu": frozenset({"eu_journal", "eu_fsf"})}
#: Roles that say control rather than (or as well as) ownership of shares.
CONTROL = re.compile(r"control|operat", re.IGNORECASE)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    schema: str
    role: str
    share: float | None
    #: where the data says so: (dataset, record id), or ("user", "file:line")
    origin: tuple[str, str]
    #: when the link ended (ISO date), if it did
    end: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.source,
            "to": self.target,
            "schema": self.schema,
            "role": self.role,
            "share": self.share,
            "source": {"dataset": self.origin[0], "record_id": self.origin[1]},
            "end_date": self.end,
        }


def percentage(text: str) -> float | None:
    """FtM's `percentage` ("50", "50.0", "50%") as a fraction; None when it is not one. The
    property holds a percentage, so "1" is 1% (unlike a CSV cell, where 0.5 may be a fraction:
    sources/ownership.py `parse_share`)."""
    return parse_share(text.strip().rstrip("%") + "%") if text and text.strip() else None


def link_edges(
    schema: str, props: dict[str, list[str]], origin: tuple[str, str], node: Callable[[str], str] = str
) -> list[Edge]:
    """The edges of one FtM link entity (`schema`, `props`), from each entity on its first
    side to each on its second (`node` maps the references to graph nodes)."""
    sides = LINKS[schema]
    share = next((percentage(p) for p in props.get("percentage", []) if percentage(p) is not None), None)
    role = "; ".join(props.get("role", []) or props.get("relationship", [])) or schema
    end = max(props.get("endDate", []), default=None)
    return [
        Edge(node(a), node(b), schema, role, share, origin, end)
        for a in props.get(sides[0], [])
        for b in props.get(sides[1], [])
    ]


@dataclass
class Graph:
    nodes: dict[str, Subject]
    edges: list[Edge] = field(default_factory=list)
    #: node ids that are not listed (user-supplied companies and people)
    names: dict[str, str] = field(default_factory=dict)
    _members: dict[str, list[Subject]] | None = None
    #: (number of edges, each node's edges): `around`'s index, remade when edges are added
    _adjacency: tuple[int, dict[str, list[Edge]]] | None = None

    @classmethod
    def build(cls, store: Store, index: Index) -> Graph:
        graph = cls(nodes={s.id: s for s in index.subjects})
        versions = [v.id for v in store.current_versions()]
        for entity in store.entities(versions, LINKS):
            origin = (entity["datasets"][0], entity["record_id"])
            graph.edges.extend(link_edges(entity["schema"], entity.get("properties", {}), origin))
        return graph

    def name(self, node: str) -> str:
        subject = self.nodes.get(node)
        return subject.caption if subject is not None else self.names.get(node, node)

    def blocked(self, rule: str, actor_of: dict[tuple[str, str], str]) -> set[str]:
        """The listed entities whose property is blocked under `rule`: on OFAC's SDN list for
        "ofac", on the EU's lists for "eu", or the same resolved actor (`hisab resolve`) as
        such a record. (Other lists, such as OFAC's sectoral list or the BIS Entity List, do
        not block property, and the UN's and UK's lists bind other authorities.)"""
        datasets = BLOCKING[rule]
        actors = {
            actor_of.get((s.dataset, s.record_id)) for s in self.nodes.values() if s.dataset in datasets
        }
        actors.discard(None)
        return {
            node
            for node, s in self.nodes.items()
            if s.dataset in datasets or actor_of.get((s.dataset, s.record_id)) in actors
        }

    def holdings(self, on: str | None = None) -> list[Holding]:
        """The ownership and control edges in force on `on` (an ISO date, default today),
        for the exposure rules: a holding that ended before then does not count."""
        day = on or date.today().isoformat()
        return [
            Holding(e.source, e.target, e.share, e.share is None and bool(CONTROL.search(e.role)), e.origin)
            for e in self.edges
            if e.schema == "Ownership" and (e.end is None or e.end[:10] >= day[: len(e.end[:10])])
        ]

    def listed_as(self, node: str, actor_of: dict[tuple[str, str], str]) -> list[dict[str, str]]:
        """The list records of `node`'s actor (`hisab resolve`): for a party of ownership data
        that the resolution linked to listed records, those records; else `node`'s own."""
        subject = self.nodes.get(node)
        if subject is None:
            return []
        actor = actor_of.get((subject.dataset, subject.record_id))
        if actor is not None:
            if self._members is None:
                self._members = defaultdict(list)
                for s in self.nodes.values():
                    found = actor_of.get((s.dataset, s.record_id))
                    if found is not None:
                        self._members[found].append(s)
            listed = [
                {"dataset": s.dataset, "record_id": s.record_id}
                for s in self._members.get(actor, [])
                if not is_ownership_dataset(s.dataset)
            ]
            if listed:
                return listed
        return [{"dataset": subject.dataset, "record_id": subject.record_id}]

    def _adjacent(self) -> dict[str, list[Edge]]:
        """Each node's edges (either direction), made once per set of edges."""
        if self._adjacency is None or self._adjacency[0] != len(self.edges):
            adjacent: dict[str, list[Edge]] = defaultdict(list)
            for e in self.edges:
                adjacent[e.source].append(e)
                adjacent[e.target].append(e)
            self._adjacency = (len(self.edges), adjacent)
        return self._adjacency[1]

    def around(self, start: str, depth: int = 1) -> tuple[list[str], list[Edge]]:
        """The nodes within `depth` links of `start` (either direction), and the edges among
        them that were walked, breadth first."""
        adjacent = self._adjacent()
        seen = {start: 0}
        walked: list[Edge] = []
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if seen[node] >= depth:
                continue
            for e in adjacent.get(node, []):
                walked.append(e)
                other = e.target if e.source == node else e.source
                if other not in seen:
                    seen[other] = seen[node] + 1
                    queue.append(other)
        unique = list(dict.fromkeys(walked))
        return list(seen), unique


def ownership_csv(path: Path, graph: Graph, resolve: Callable[[str], str | None]) -> list[str]:
    """Add a user's ownership file (`owner,owned,share,role,start_date,end_date,source`,
    read as `hisab load` reads it: sources/ownership.py) to the graph, for one question,
    without storing it. `owner` and `owned` are entity ids, or names: `resolve(name)` returns
    the listed entity id a name matches (or None; the name then stands for an unlisted party).
    Returns notes on how each name was resolved. A bad row fails naming the file and line."""
    notes: list[str] = []
    node_of: dict[str, str] = {}
    source = Source(path, OWNERSHIP.name, OWNERSHIP.dataset)
    try:
        for record in OWNERSHIP.parse(source, ParseReport()):
            entity = record.subject
            props = entity.to_dict()["properties"]
            if entity.schema.name != "Ownership":  # a party, named on its first line
                name = props["name"][0]
                found = resolve(name)
                node_of[str(entity.id)] = found or f"user:{name}"
                if found is None:
                    graph.names[f"user:{name}"] = name
                listed = f"listed {graph.name(found)} ({found})" if found else "not listed"
                notes.append(f"line {record.line}: {name!r} -> {listed}")
                continue
            cited = (props.get("summary") or props.get("sourceUrl") or [""])[0]
            origin = ("user", f"{path.name}:{record.line}" + (f" ({cited})" if cited else ""))
            graph.edges.extend(link_edges("Ownership", props, origin, lambda ref: node_of.get(ref, ref)))
    except ParseError as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        field = f" column {exc.field!r}:" if exc.field else ""
        raise HisabError(f"{where}:{field} {exc.reason}") from exc
    return notes


def to_graphml(graph: Graph, nodes: list[str], edges: list[Edge]) -> str:
    """The network as GraphML (for Gephi, yEd, Cytoscape, networkx): nodes with their name,
    schema and listing; edges with their kind, role, share and source."""
    from xml.etree import ElementTree as ET

    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    keys = [
        ("name", "node"), ("schema", "node"), ("listed", "node"), ("dataset", "node"), ("record_id", "node"),
        ("kind", "edge"), ("role", "edge"), ("share", "edge"), ("source_dataset", "edge"),
        ("source_record", "edge"),
    ]  # fmt: skip
    for name, domain in keys:
        ET.SubElement(root, "key", id=name, attrib={"for": domain, "attr.name": name, "attr.type": "string"})
    body = ET.SubElement(root, "graph", id="hisab", edgedefault="directed")

    def data(parent: ET.Element, key: str, value: object) -> None:
        if value is not None and value != "":
            ET.SubElement(parent, "data", key=key).text = str(value)

    for node in nodes:
        element = ET.SubElement(body, "node", id=node)
        subject = graph.nodes.get(node)
        data(element, "name", graph.name(node))
        data(element, "listed", "true" if subject is not None else "false")
        if subject is not None:
            data(element, "schema", subject.schema)
            data(element, "dataset", subject.dataset)
            data(element, "record_id", subject.record_id)
    for n, edge in enumerate(edges):
        element = ET.SubElement(body, "edge", id=f"e{n}", source=edge.source, target=edge.target)
        data(element, "kind", edge.schema)
        data(element, "role", edge.role)
        data(element, "share", edge.share)
        data(element, "source_dataset", edge.origin[0])
        data(element, "source_record", edge.origin[1])
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def to_ftm(graph: Graph, nodes: list[str], edges: list[Edge]) -> list[dict[str, Any]]:
    """The network as FollowTheMoney entities (JSON lines): the subjects, and one link entity
    per edge (Ownership with its percentage, Family, Directorship, UnknownLink, …), each with
    the dataset it comes from."""
    from followthemoney import model

    found: list[dict[str, Any]] = []
    for node in nodes:
        subject = graph.nodes.get(node)
        entity = model.make_entity(subject.schema if subject is not None else "LegalEntity")
        entity.id = node
        entity.add("name", graph.name(node))
        data = entity.to_dict()
        data["datasets"] = [subject.dataset if subject is not None else "user"]
        found.append(data)
    for edge in edges:
        entity = model.make_entity(edge.schema)
        entity.make_id(edge.schema, edge.source, edge.target, edge.role, *edge.origin)
        from_prop, to_prop = LINKS[edge.schema]
        entity.add(from_prop, edge.source)
        entity.add(to_prop, edge.target)
        entity.add("role" if entity.schema.get("role") else "relationship", edge.role, quiet=True)
        if edge.share is not None and entity.schema.get("percentage"):
            entity.add("percentage", f"{edge.share * 100:g}")
        data = entity.to_dict()
        data["datasets"] = [edge.origin[0]]
        data["record_id"] = edge.origin[1]
        found.append(data)
    return found
