"""Screening metrics: what a system's answers are worth, per case kind and overall.

Counted per query, as an analyst sees alerts:

- a positive query is a **hit** (true positive) if some match at or above the
  threshold has one of the expected records among its sources; if it alerts
  only on other records it is a **wrong alert** (a false positive, and a miss);
- a negative query with any match at or above the threshold is a **false alert**.

Recall = hits / positives. Precision = hits / (hits + wrong alerts + false
alerts); overall, over all queries. For one positive kind, the false alerts
count pro rata: the kind's share of all positives times the false alerts on
all negatives, so every kind meets the negatives at the same rate as the whole
benchmark and a kind's precision is comparable with the overall one. F1 is the
harmonic mean of recall and precision. False alerts are also given per 1,000
negatives.

Apart from these, a positive query's alert on a record that is known to be another
actor (another record of a list that names each actor once, `another_actor`) is
counted as an **alert on another listed actor**, per 1,000 positive queries.

Each query is reduced to three scores, the best score of an expected record, of
any record and of a record known to be another actor, so that any threshold is evaluated by counting
(`Summary`); the best threshold is the one with the highest overall F1.
A system's own decision (`match` in its results) is used at its default
threshold when it gives one.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bench.common import Case, ScreeningResult, another_actor

MISSING = -math.inf


@dataclass(frozen=True)
class Scored:
    """One query reduced to what every metric needs."""

    kind: str
    positive: bool
    #: Best score of an expected record, and of any record.
    best_expected: float
    best_any: float
    #: The system's own decision: did it alert, and on an expected record?
    alerted: bool | None = None
    hit: bool | None = None
    #: Best score of a record known to be another actor (`another_actor`), and whether the
    #: system's own decisions alerted on one.
    best_other: float = MISSING
    other_alerted: bool | None = None


def reduce(case: Case, result: ScreeningResult | None) -> Scored:
    """The two best scores of a query (and the system's own decisions, if given)."""
    if result is None:
        return Scored(case.kind, case.positive, MISSING, MISSING, False, False)
    expected = set(case.expected)
    best_expected, best_any, best_other = MISSING, MISSING, MISSING
    alerted = hit = other = False
    for i, (score, refs) in enumerate(result.matches):
        is_expected = bool(expected & set(refs))
        is_other = another_actor(expected, refs)
        best_any = max(best_any, score)
        if is_expected:
            best_expected = max(best_expected, score)
        if is_other:
            best_other = max(best_other, score)
        if result.decisions is not None and result.decisions[i]:
            alerted = True
            hit = hit or is_expected
            other = other or is_other
    if result.decisions is None:
        return Scored(case.kind, case.positive, best_expected, best_any, best_other=best_other)
    return Scored(case.kind, case.positive, best_expected, best_any, alerted, hit, best_other, other)


@dataclass(frozen=True)
class Counts:
    """Query counts at one threshold for a set of queries."""

    positives: float = 0
    hits: float = 0
    wrong: float = 0
    negatives: float = 0
    #: Negatives with an alert (a fraction once counted pro rata, see `with_negatives`).
    false_alerts: float = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.positives + other.positives,
            self.hits + other.hits,
            self.wrong + other.wrong,
            self.negatives + other.negatives,
            self.false_alerts + other.false_alerts,
        )

    @property
    def recall(self) -> float | None:
        return self.hits / self.positives if self.positives else None

    @property
    def precision(self) -> float | None:
        alerts = self.hits + self.wrong + self.false_alerts
        return self.hits / alerts if alerts else None

    @property
    def f1(self) -> float | None:
        recall, precision = self.recall, self.precision
        if recall is None or precision is None or recall + precision == 0:
            return 0.0 if recall is not None else None
        return 2 * recall * precision / (recall + precision)

    @property
    def false_per_1000(self) -> float | None:
        return 1000 * self.false_alerts / self.negatives if self.negatives else None


def _count_at_least(sorted_scores: Sequence[float], threshold: float) -> int:
    return len(sorted_scores) - bisect_left(sorted_scores, threshold)


class Summary:
    """One system's reduced queries, by kind; counts at any threshold."""

    def __init__(self, scored: Iterable[Scored]) -> None:
        self.scored = list(scored)
        self.kinds = sorted({s.kind for s in self.scored})
        self._expected: dict[str, list[float]] = {}
        self._any: dict[str, list[float]] = {}
        self._other: dict[str, list[float]] = {}
        for kind in self.kinds:
            rows = [s for s in self.scored if s.kind == kind]
            self._expected[kind] = sorted(s.best_expected for s in rows if s.positive)
            self._any[kind] = sorted(s.best_any for s in rows)
            self._other[kind] = sorted(s.best_other for s in rows if s.positive)

    def other_alerts(self, kind: str, threshold: float | None) -> int:
        """Positive queries of `kind` with an alert on another listed actor at `threshold`
        (None: by the system's own decisions)."""
        if threshold is not None:
            return _count_at_least(self._other[kind], threshold)
        rows = [s for s in self.scored if s.kind == kind and s.positive]
        if any(s.other_alerted is None for s in rows):
            raise ValueError("the system gave no decisions")
        return sum(1 for s in rows if s.other_alerted)

    def other_per_1000(self, kind: str, threshold: float | None) -> float | None:
        """`other_alerts` per 1,000 positive queries of `kind`; None for a negative kind."""
        positives = len(self._expected[kind])
        return 1000 * self.other_alerts(kind, threshold) / positives if positives else None

    def counts(self, kind: str, threshold: float) -> Counts:
        """Counts of one kind's queries at `threshold`."""
        positives = len(self._expected[kind])
        alerted = _count_at_least(self._any[kind], threshold)
        if positives:
            hits = _count_at_least(self._expected[kind], threshold)
            return Counts(positives=positives, hits=hits, wrong=alerted - hits)
        return Counts(negatives=len(self._any[kind]), false_alerts=alerted)

    def own_counts(self, kind: str) -> Counts:
        """Counts of one kind's queries by the system's own decisions."""
        rows = [s for s in self.scored if s.kind == kind]
        if any(s.alerted is None for s in rows):
            raise ValueError("the system gave no decisions")
        positives = [s for s in rows if s.positive]
        if positives:
            hits = sum(1 for s in positives if s.hit)
            wrong = sum(1 for s in positives if s.alerted and not s.hit)
            return Counts(positives=len(positives), hits=hits, wrong=wrong)
        return Counts(negatives=len(rows), false_alerts=sum(1 for s in rows if s.alerted))

    def has_decisions(self) -> bool:
        return bool(self.scored) and all(s.alerted is not None for s in self.scored)

    def by_kind(self, threshold: float | None) -> dict[str, Counts]:
        """Counts per kind at `threshold`, or by the system's own decisions when it is None."""
        if threshold is None:
            return {kind: self.own_counts(kind) for kind in self.kinds}
        return {kind: self.counts(kind, threshold) for kind in self.kinds}

    def best_threshold(self) -> float:
        """The threshold with the highest overall F1 (the lowest such, on a tie)."""
        candidates = sorted({s.best_any for s in self.scored} | {s.best_expected for s in self.scored})
        best, best_f1 = math.inf, -1.0
        for threshold in candidates:
            if threshold == MISSING:
                continue
            f1 = overall(self.by_kind(threshold)).f1 or 0.0
            if f1 > best_f1:
                best, best_f1 = threshold, f1
        return best


def overall(counts: dict[str, Counts]) -> Counts:
    total = Counts()
    for value in counts.values():
        total = total + value
    return total


def with_negatives(counts: dict[str, Counts], kind: str) -> Counts:
    """One positive kind's counts with its pro-rata share of the negatives (for precision and F1)."""
    negatives = overall({k: c for k, c in counts.items() if c.negatives})
    positives = sum(c.positives for c in counts.values())
    share = counts[kind].positives / positives if positives else 0.0
    return counts[kind] + Counts(
        negatives=negatives.negatives * share, false_alerts=negatives.false_alerts * share
    )


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile (`fraction` 0.99 for p99)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]
