"""Resolution with the store: run, save the actors and the review queue, record decisions.

The CLI (`hisab resolve`, `hisab review`, `hisab decide`, `hisab decisions`) and the
screening and account features call these functions.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, insert, select, update

from hisab.errors import HisabError, NotFoundError
from hisab.resolve.engine import Key, Resolution, Resolver, assign_ids, key_text, parse_key
from hisab.screen.service import Screener
from hisab.sources.datasets import dataset_info
from hisab.store import Store
from hisab.store import schema as t

VERDICTS = ("same", "different", "unsure")


def _pair(left: Key, right: Key) -> tuple[Key, Key]:
    return (left, right) if left < right else (right, left)


def active_decisions(store: Store) -> dict[tuple[Key, Key], str]:
    """Each pair's latest decision that has not been retracted."""
    found: dict[tuple[Key, Key], str] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(t.resolve_decisions)
            .where(t.resolve_decisions.c.retracted_at.is_(None))
            .order_by(t.resolve_decisions.c.id)
        )
        for row in rows:
            found[_pair(parse_key(row.left_key), parse_key(row.right_key))] = row.verdict
    return found


def actor_ids(store: Store) -> dict[Key, str]:
    """Each record's actor id, as of the last saved run (empty before the first)."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.actors.c.dataset, t.actors.c.record_id, t.actors.c.actor_id))
        return {(r.dataset, r.record_id): r.actor_id for r in rows}


@dataclass
class ResolveSummary:
    records: int
    actors: int
    #: actors with records on two or more lists
    multi_list: int
    links: dict[str, int]
    review: int
    apart: int
    refused: int
    saved: bool
    resolution: Resolution

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "actors": self.actors,
            "actors_on_several_lists": self.multi_list,
            "links": self.links,
            "review_queue": self.review,
            "kept_apart": self.apart,
            "links_refused": self.refused,
            "saved": self.saved,
        }


def resolve(
    store: Store,
    screener: Screener,
    datasets: Iterable[str] | None = None,
    use_references: bool = True,
    save: bool = True,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> ResolveSummary:
    """Resolve the current versions of the lists (of `datasets`, or all). A run over all
    datasets is saved (actors and review queue replaced in one transaction) unless `save` is
    off; a run over some datasets is never saved, since it would drop the others' actors."""
    wanted = sorted(set(datasets)) if datasets else None
    known = {s.dataset for s in screener.index.subjects}
    for name in wanted or []:
        if name not in known:
            raise NotFoundError(f"no listed subjects of dataset {name!r} in the store")
    resolver = Resolver(screener, active_decisions(store), use_references=use_references)
    resolution = resolver.run(wanted, progress, workers)
    ids = assign_ids(resolution.clusters, actor_ids(store))
    saved = save and wanted is None
    if saved:
        _save(store, resolution, ids)
    links: dict[str, int] = {}
    for pair in resolution.pairs:
        if pair.status == "link":
            links[pair.linked_by] = links.get(pair.linked_by, 0) + 1
    return ResolveSummary(
        records=sum(len(c) for c in resolution.clusters),
        actors=len(resolution.clusters),
        multi_list=sum(1 for c in resolution.clusters if len({k[0] for k in c}) > 1),
        links=links,
        review=sum(1 for p in resolution.pairs if p.status == "review"),
        apart=sum(1 for p in resolution.pairs if p.status == "apart"),
        refused=len(resolution.refused),
        saved=saved,
        resolution=resolution,
    )


def _save(store: Store, resolution: Resolution, ids: dict[Key, str]) -> None:
    now = datetime.now(UTC)
    actor_rows = [
        {
            "dataset": k[0],
            "record_id": k[1],
            "actor_id": ids[k],
            "linked_by": resolution.linked_by.get(k, "self"),
            "resolved_at": now,
        }
        for c in resolution.clusters
        for k in c
    ]
    pair_rows = [
        {
            "left_key": key_text(p.keys[0]),
            "right_key": key_text(p.keys[1]),
            "score": p.score,
            "status": p.status,
            "evidence": json.dumps(
                {
                    "evidence": p.evidence,
                    "linked_by": p.linked_by,
                    "captions": [p.left.caption, p.right.caption],
                }
            ),
            "found_at": now,
        }
        for p in resolution.pairs
    ]
    with store.transaction() as conn:
        conn.execute(delete(t.actors))
        conn.execute(delete(t.resolve_pairs))
        for start in range(0, len(actor_rows), 5000):
            conn.execute(insert(t.actors), actor_rows[start : start + 5000])
        for start in range(0, len(pair_rows), 5000):
            conn.execute(insert(t.resolve_pairs), pair_rows[start : start + 5000])


@dataclass
class QueuedPair:
    left: Key
    right: Key
    score: float
    evidence: list[str]
    captions: list[str]
    #: a reviewer's earlier "unsure", if any
    verdict: str | None = None


def review_queue(store: Store, include_unsure: bool = True) -> list[QueuedPair]:
    """The uncertain pairs of the last run that no one has decided (or only "unsure"),
    most likely first."""
    decided = active_decisions(store)
    found = []
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.resolve_pairs).where(t.resolve_pairs.c.status == "review"))
        for row in rows:
            left, right = parse_key(row.left_key), parse_key(row.right_key)
            verdict = decided.get((left, right))
            if verdict in ("same", "different") or (verdict == "unsure" and not include_unsure):
                continue
            data = json.loads(row.evidence)
            found.append(
                QueuedPair(left, right, float(row.score), data["evidence"], data["captions"], verdict)
            )
    return sorted(found, key=lambda p: (-p.score, p.left, p.right))


def decide(
    store: Store, left: str, right: str, verdict: str, by: str | None = None, note: str | None = None
) -> int:
    """Record a reviewer's verdict on two records (keys "dataset:record_id"). Returns its id.
    It takes effect at the next `resolve` and in every later one, until retracted."""
    if verdict not in VERDICTS:
        raise HisabError(f"verdict must be one of {', '.join(VERDICTS)} (got {verdict!r})")
    try:
        a, b = _pair(parse_key(left), parse_key(right))
    except ValueError as exc:
        raise HisabError(str(exc)) from exc
    if a == b:
        raise HisabError(f"a record cannot be compared with itself: {key_text(a)}")
    if a[0] == b[0] and dataset_info(a[0]).one_record_per_actor:
        raise HisabError(
            f"{key_text(a)} and {key_text(b)} are two records of {a[0]}, which names each actor once"
        )
    reviewer = by or os.environ.get("HISAB_REVIEWER") or os.environ.get("USER") or "unknown"
    with store.transaction() as conn:
        result = conn.execute(
            insert(t.resolve_decisions).values(
                left_key=key_text(a),
                right_key=key_text(b),
                verdict=verdict,
                decided_by=reviewer,
                decided_at=datetime.now(UTC),
                note=note,
            )
        )
        return int(result.inserted_primary_key[0])  # type: ignore[index]


def retract(store: Store, decision_id: int) -> None:
    """Undo a decision (kept, marked retracted, for the audit trail)."""
    with store.transaction() as conn:
        done = conn.execute(
            update(t.resolve_decisions)
            .where(
                and_(t.resolve_decisions.c.id == decision_id, t.resolve_decisions.c.retracted_at.is_(None))
            )
            .values(retracted_at=datetime.now(UTC))
        )
        if done.rowcount != 1:
            raise NotFoundError(f"no decision {decision_id} in force")


def decisions(store: Store) -> list[dict[str, Any]]:
    """Every decision ever recorded, retracted ones included, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.resolve_decisions).order_by(t.resolve_decisions.c.id))
        return [
            {
                "id": r.id,
                "left": r.left_key,
                "right": r.right_key,
                "verdict": r.verdict,
                "decided_by": r.decided_by,
                "decided_at": r.decided_at.isoformat(),
                "note": r.note,
                "retracted_at": r.retracted_at.isoformat() if r.retracted_at else None,
            }
            for r in rows
        ]
