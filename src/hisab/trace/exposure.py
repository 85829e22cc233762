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
blocks on its own). Ownership cycles are reported; the rule is computed as a fixed point,
so a cycle cannot loop.

Written here (no library in the field computes this with its arithmetic shown; the rule
is a few dozen lines over the graph).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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


def _threshold_met(share: float, rule: str) -> bool:
    return share >= 0.5 - EPSILON if rule == "ofac" else share > 0.5 + EPSILON


def blocked_by_ownership(
    holdings: Iterable[Holding], listed: set[str], rule: str = "ofac"
) -> dict[str, list[str]]:
    """Every entity blocked by the rule (not listed itself), with its path from a listed
    person: computed as a fixed point, so that blocking spreads down chains of ownership
    and cycles end."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)} (got {rule!r})")
    by_asset: dict[str, list[Holding]] = defaultdict(list)
    for h in holdings:
        by_asset[h.asset].append(h)
    paths: dict[str, list[str]] = {p: [p] for p in listed}
    changed = True
    while changed:
        changed = False
        for asset, owned in by_asset.items():
            if asset in paths:
                continue
            blocked = [h for h in owned if h.owner in paths]
            total = sum(h.share for h in blocked if h.share is not None)
            controlled = rule == "eu" and any(h.control for h in blocked)
            if blocked and (_threshold_met(total, rule) or controlled):
                main = max(blocked, key=lambda h: (h.control, h.share or 0.0))
                paths[asset] = [*paths[main.owner], asset]
                changed = True
    return {k: v for k, v in paths.items() if k not in listed}


def _cycles(holdings: list[Holding], start: str) -> list[list[str]]:
    """Ownership cycles through `start`'s owners (depth-first, each reported once)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for h in holdings:
        owners[h.asset].append(h.owner)
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(node: str, trail: list[str]) -> None:
        for up in owners.get(node, []):
            if up in trail:
                cycle = [*trail[trail.index(up) :], up]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    found.append(cycle)
            elif len(trail) < 50:
                walk(up, [*trail, up])

    walk(start, [start])
    return found


def exposure(entity: str, holdings: Iterable[Holding], listed: set[str], rule: str = "ofac") -> Exposure:
    """Whether `entity` is blocked by ownership under `rule`, with the arithmetic: its blocked
    owners (listed, or blocked by the rule themselves), their shares and paths, the aggregate
    share, and warnings (unknown shares, cycles, holdings through entities not blocked)."""
    found = list(holdings)
    by_rule = blocked_by_ownership(found, listed, rule)
    paths = {**{p: [p] for p in listed}, **by_rule}
    result = Exposure(entity=entity, rule=rule, listed=entity in listed, blocked=False, aggregate_share=0.0)
    for h in sorted((h for h in found if h.asset == entity), key=lambda h: h.owner):
        if h.owner in paths:
            result.owners.append(Owner(h.owner, h.share, [*paths[h.owner], entity], h.control, h.source))
            if h.share is None and not h.control:
                result.warnings.append(f"{h.owner} holds an unknown share of {entity}: not counted")
            elif h.share is None and rule == "ofac":
                result.warnings.append(
                    f"{h.owner} controls {entity} (no share stated): control alone does not block under "
                    "OFAC's 50% rule; counted under the EU rule"
                )
        else:
            # A holding through an owner that is not blocked: does it lead to blocked persons?
            upstream = [u for u in found if u.asset == h.owner and u.owner in paths]
            if upstream:
                result.warnings.append(
                    f"{h.owner} holds {_pct(h.share)} of {entity} and is partly owned by blocked persons "
                    f"but is not blocked itself: its holding does not count"
                )
    result.aggregate_share = sum(o.share for o in result.owners if o.share is not None)
    controlled = rule == "eu" and any(o.control for o in result.owners)
    result.blocked = (
        result.listed or entity in by_rule or _threshold_met(result.aggregate_share, rule) or controlled
    )
    for cycle in _cycles(found, entity):
        result.warnings.append("ownership cycle: " + " → ".join(cycle))
    return result


def _pct(share: float | None) -> str:
    return "an unknown share" if share is None else f"{share * 100:g}%"
