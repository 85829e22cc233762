"""Sanctions exposure through ownership: OFAC's 50% rule, and the EU's owned-or-controlled rule.

OFAC (Revised Guidance on Entities Owned by Persons Whose Property and Interests in
Property Are Blocked, 2014): an entity is blocked when one or more blocked persons own,
directly or indirectly, 50% or more of it, in the aggregate. Shares held by different
blocked persons add up; a share held through an entity counts only when that entity is
itself blocked (listed, or blocked by this rule); a holding through an entity that is not
blocked does not count, however large. Below 50% the entity is not blocked, but the
holding is a risk to report.

EU (Council guidance on "owned or controlled", best practices for the effective
implementation of restrictive measures): an entity is *owned* when listed persons hold
more than 50% of it (here, as OFAC, in the aggregate and through owned or controlled
entities), and *controlled* when a listed (or owned or controlled) person controls it by
other means: a control relationship in the data (such as OFAC's "Owned or controlled by"
without a share) counts as control.

Shares are fractions (0.5 is 50%). A holding without a known share is never counted
towards 50%: it is reported as a warning (and, under the EU rule, a control relationship
blocks on its own). Ownership cycles are reported; blocking spreads in rounds from the
listed persons, each holding looked at once, so a cycle cannot loop.

Written here: no library in the field computes this rule with its arithmetic shown. The
graph is held as numpy columns (`Holdings`), so that the rule runs over millions of
holdings in seconds (bench/trace_exposure.py); scipy finds the cycles.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

RULES = ("ofac", "eu")
#: Tolerance for shares that add to 50% from rounded parts (25% + 25.0%).
EPSILON = 1e-9


@dataclass(frozen=True)
class Holding:
    """`owner` holds `share` (a fraction, or None if unknown) of `asset`; `control` marks a
    relationship of control rather than of shares. `source`: where the data says so."""

    owner: str
    asset: str
    share: float | None = None
    control: bool = False
    source: tuple[str, str] | None = None


class Holdings:
    """Ownership as columns: node ids, and per holding the owner's and the asset's node
    numbers, the share (NaN when unknown) and whether it is control. Arrays rather than a
    list of objects, so that a graph of millions of holdings fits and is computed fast."""

    def __init__(
        self,
        ids: list[str],
        owner: npt.NDArray[np.int64],
        asset: npt.NDArray[np.int64],
        share: npt.NDArray[np.float64],
        control: npt.NDArray[np.bool_],
        sources: list[tuple[str, str] | None] | None = None,
    ) -> None:
        self.ids = ids
        self.number = {node: n for n, node in enumerate(ids)}
        self.owner, self.asset, self.share, self.control = owner, asset, share, control
        self.sources = sources
        # The holdings of each owner (CSR): `by_owner[starts[n]:starts[n + 1]]`.
        self.by_owner = np.argsort(owner, kind="stable")
        self.starts = np.searchsorted(owner[self.by_owner], np.arange(len(ids) + 1))
        self._in: npt.NDArray[np.int64] | None = None
        self._in_starts: npt.NDArray[np.int64] | None = None

    @classmethod
    def of(cls, holdings: Iterable[Holding], nodes: Iterable[str] = ()) -> Holdings:
        found = list(holdings)
        number: dict[str, int] = {}
        for node in nodes:
            number.setdefault(node, len(number))
        for h in found:
            number.setdefault(h.owner, len(number))
            number.setdefault(h.asset, len(number))
        return cls(
            list(number),
            np.array([number[h.owner] for h in found], dtype=np.int64),
            np.array([number[h.asset] for h in found], dtype=np.int64),
            np.array([np.nan if h.share is None else h.share for h in found], dtype=np.float64),
            np.array([h.control for h in found], dtype=np.bool_),
            [h.source for h in found],
        )

    def __len__(self) -> int:
        return len(self.owner)

    def into(self, node: int) -> npt.NDArray[np.int64]:
        """The holdings of `node` (its owners' edges)."""
        if self._in is None:
            self._in = np.argsort(self.asset, kind="stable")
            self._in_starts = np.searchsorted(self.asset[self._in], np.arange(len(self.ids) + 1))
        assert self._in_starts is not None
        return self._in[self._in_starts[node] : self._in_starts[node + 1]]

    def holding(self, edge: int) -> Holding:
        share = float(self.share[edge])
        return Holding(
            self.ids[int(self.owner[edge])],
            self.ids[int(self.asset[edge])],
            None if np.isnan(share) else share,
            bool(self.control[edge]),
            self.sources[edge] if self.sources is not None else None,
        )


@dataclass
class Blocking:
    """The rule applied to a whole graph: per node, whether it is listed, blocked (listed or
    by the rule), the round in which it was blocked (0 for listed), the share its blocked
    owners hold together, how many of their holdings have no known share, the holding that
    blocked it (its path leads back to a listed person), and whether it is in a cycle."""

    holdings: Holdings
    rule: str
    listed: npt.NDArray[np.bool_]
    blocked: npt.NDArray[np.bool_]
    round: npt.NDArray[np.int32]
    aggregate: npt.NDArray[np.float64]
    unknown: npt.NDArray[np.int32]
    controlled: npt.NDArray[np.bool_]
    via: npt.NDArray[np.int64]
    in_cycle: npt.NDArray[np.bool_]

    def path(self, node: int) -> list[int]:
        """From a listed person down to `node`, through the holdings that blocked each step
        (each earlier in the rounds than the next, so the path always ends)."""
        trail = [node]
        while self.via[trail[-1]] >= 0:
            trail.append(int(self.holdings.owner[self.via[trail[-1]]]))
        return trail[::-1]


def _meets(shares: npt.NDArray[np.float64], rule: str) -> npt.NDArray[np.bool_]:
    result: npt.NDArray[np.bool_] = (shares >= 0.5 - EPSILON) if rule == "ofac" else (shares > 0.5 + EPSILON)
    return result


def _edges_of(holdings: Holdings, nodes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The holdings owned by any of `nodes`, at once (the CSR ranges concatenated)."""
    begin, end = holdings.starts[nodes], holdings.starts[nodes + 1]
    counts = end - begin
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(begin - np.cumsum(counts) + counts, counts) + np.arange(total)
    result: npt.NDArray[np.int64] = holdings.by_owner[offsets]
    return result


def block(holdings: Holdings, listed: Iterable[str], rule: str = "ofac") -> Blocking:
    """Apply `rule` to every node of the graph at once.

    Blocking spreads in rounds from the listed persons: in each round, the holdings of the
    nodes blocked in the round before are added to their assets' blocked shares, and an
    asset whose blocked owners now hold 50% or more (OFAC), more than 50% or control (EU),
    is blocked in this round. Blocked sets only grow, so this reaches the same fixed point
    as re-checking every entity until nothing changes, with each holding looked at once.
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)} (got {rule!r})")
    n = len(holdings.ids)
    is_listed = np.zeros(n, dtype=np.bool_)
    numbers = [holdings.number[p] for p in listed if p in holdings.number]
    is_listed[numbers] = True
    blocked = is_listed.copy()
    rounds = np.full(n, -1, dtype=np.int32)
    rounds[is_listed] = 0
    known = np.nan_to_num(holdings.share, nan=0.0)
    total = np.zeros(n, dtype=np.float64)
    controlled = np.zeros(n, dtype=np.bool_)
    frontier = np.flatnonzero(is_listed).astype(np.int64)
    step = 0
    while len(frontier):
        step += 1
        edges = _edges_of(holdings, frontier)
        assets = holdings.asset[edges]
        np.add.at(total, assets, known[edges])
        if rule == "eu":
            controlled[assets[holdings.control[edges]]] = True
        touched = np.unique(assets)
        touched = touched[~blocked[touched]]
        new = touched[_meets(total[touched], rule) | controlled[touched]]
        blocked[new] = True
        rounds[new] = step
        frontier = new
    # The holding that blocked each node: its largest holding (control first under the EU
    # rule) by an owner blocked in an earlier round.
    owner_round = rounds[holdings.owner]
    asset_round = rounds[holdings.asset]
    eligible = np.flatnonzero((owner_round >= 0) & (asset_round > 0) & (owner_round < asset_round))
    via = np.full(n, -1, dtype=np.int64)
    if len(eligible):
        key = known[eligible] + (2.0 * holdings.control[eligible] if rule == "eu" else 0.0)
        order = np.lexsort((key, holdings.asset[eligible]))
        ranked = eligible[order]
        last = np.r_[holdings.asset[ranked][1:] != holdings.asset[ranked][:-1], True]
        via[holdings.asset[ranked[last]]] = ranked[last]
    by_blocked = blocked[holdings.owner]
    unknown = np.bincount(holdings.asset[by_blocked & np.isnan(holdings.share)], minlength=n).astype(np.int32)
    return Blocking(
        holdings, rule, is_listed, blocked, rounds, total, unknown, controlled, via, _in_cycles(holdings)
    )


def _in_cycles(holdings: Holdings) -> npt.NDArray[np.bool_]:
    """Whether each node lies on a cycle of ownership: in a strongly connected component of
    more than one node, or holding a share of itself (scipy's Tarjan, in C)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(holdings.ids)
    result = np.zeros(n, dtype=np.bool_)
    if n == 0:
        return result
    matrix = coo_matrix(
        (np.ones(len(holdings), dtype=np.int8), (holdings.owner, holdings.asset)), shape=(n, n)
    ).tocsr()
    _, labels = connected_components(matrix, directed=True, connection="strong")
    sizes = np.bincount(labels)
    result = sizes[labels] > 1
    result[holdings.owner[holdings.owner == holdings.asset]] = True
    return result


@dataclass
class Owner:
    """A blocked owner of an entity, the share it holds, and the path from a listed person."""

    id: str
    share: float | None
    #: from a listed person down to the entity: [listed, …, owner, entity]
    path: list[str]
    control: bool = False
    source: tuple[str, str] | None = None


@dataclass
class Exposure:
    entity: str
    rule: str
    listed: bool
    blocked: bool
    #: the share blocked owners hold together (0 when none)
    aggregate_share: float
    owners: list[Owner] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def risk(self) -> bool:
        """Held in part by blocked persons, below the rule's threshold: not blocked, a risk."""
        return not self.blocked and (self.aggregate_share > 0 or bool(self.owners))

    def as_dict(
        self, names: dict[str, str] | None = None, sources: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        names = names or {}
        sources = sources or {}
        return {
            "entity": self.entity,
            "name": names.get(self.entity, self.entity),
            "rule": self.rule,
            "listed": self.listed,
            "blocked": self.blocked,
            "risk": self.risk,
            "aggregate_share": round(self.aggregate_share, 6),
            "owners": [
                {
                    "id": o.id,
                    "name": names.get(o.id, o.id),
                    "sources": sources.get(o.id, []),
                    "share": o.share,
                    "control": o.control,
                    "path": [names.get(p, p) for p in o.path],
                    "path_ids": o.path,
                    "holding_source": list(o.source) if o.source else None,
                }
                for o in self.owners
            ],
            "warnings": self.warnings,
        }


def blocked_by_ownership(
    holdings: Iterable[Holding] | Holdings, listed: set[str], rule: str = "ofac"
) -> dict[str, list[str]]:
    """Every entity blocked by the rule (not listed itself), with its path from a listed
    person."""
    table = holdings if isinstance(holdings, Holdings) else Holdings.of(holdings)
    result = block(table, listed, rule)
    return {
        table.ids[n]: [table.ids[p] for p in result.path(int(n))]
        for n in np.flatnonzero(result.blocked & ~result.listed)
    }


def _cycle(result: Blocking, start: int) -> list[int] | None:
    """A shortest ownership cycle through `start` (breadth first up its owners, within the
    nodes that lie on cycles), or None."""
    if not result.in_cycle[start]:
        return None
    table = result.holdings
    before: dict[int, int] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for edge in table.into(node):
            up = int(table.owner[edge])
            if up == start:
                trail = [node]
                while trail[-1] != start:
                    trail.append(before[trail[-1]])
                return [start, *trail]
            if up not in before and result.in_cycle[up]:
                before[up] = node
                queue.append(up)
    return None


def exposure(
    entity: str,
    holdings: Iterable[Holding] | Holdings | Blocking,
    listed: Iterable[str] = (),
    rule: str = "ofac",
) -> Exposure:
    """Whether `entity` is blocked by ownership under `rule`, with the arithmetic: its blocked
    owners (listed, or blocked by the rule themselves), their shares and paths, the aggregate
    share, and warnings (unknown shares, cycles, holdings through entities not blocked).
    Pass a `Blocking` (from `block`, which knows the listed persons) to ask about many
    entities of one graph; otherwise the holdings and the `listed` persons."""
    if isinstance(holdings, Blocking):
        result = holdings
        if result.rule != rule:
            raise ValueError(f"the graph was computed under the {result.rule} rule, not {rule}")
    else:
        table = holdings if isinstance(holdings, Holdings) else Holdings.of(holdings, [entity])
        result = block(table, listed, rule)
    table = result.holdings
    ids = table.ids
    node = table.number.get(entity)
    if node is None:
        return Exposure(entity=entity, rule=rule, listed=False, blocked=False, aggregate_share=0.0)
    is_listed = bool(result.listed[node])
    found = Exposure(entity=entity, rule=rule, listed=is_listed, blocked=is_listed, aggregate_share=0.0)
    for edge in sorted(table.into(node).tolist(), key=lambda e: ids[int(table.owner[e])]):
        h = table.holding(edge)
        owner = int(table.owner[edge])
        if result.blocked[owner]:
            path = [ids[p] for p in result.path(owner)]
            found.owners.append(Owner(h.owner, h.share, [*path, entity], h.control, h.source))
            if h.share is None and not h.control:
                found.warnings.append(f"{h.owner} holds an unknown share of {entity}: not counted")
            elif h.share is None and rule == "ofac":
                found.warnings.append(
                    f"{h.owner} controls {entity} (no share stated): control alone does not block under "
                    "OFAC's 50% rule; counted under the EU rule"
                )
        elif result.aggregate[owner] > 0 or result.unknown[owner] > 0 or result.controlled[owner]:
            found.warnings.append(
                f"{h.owner} holds {_pct(h.share)} of {entity} and is partly owned by blocked persons "
                f"but is not blocked itself: its holding does not count"
            )
    found.aggregate_share = float(result.aggregate[node])
    found.blocked = bool(result.blocked[node])
    cycle = _cycle(result, node)
    if cycle is not None:
        found.warnings.append("ownership cycle: " + " → ".join(ids[p] for p in cycle))
    return found


def _pct(share: float | None) -> str:
    return "an unknown share" if share is None else f"{share * 100:g}%"
