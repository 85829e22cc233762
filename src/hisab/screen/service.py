"""Screening: a query against the index, the best listed subjects, scored and explained."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
from followthemoney import model

from hisab.match.algorithm import Algorithm, Contribution, default_algorithm
from hisab.match.align import align, joined
from hisab.match.features import Comparison, Query
from hisab.match.index import Index, Subject, normalise_identifier
from hisab.names.tokens import NAME, Token, tokenize
from hisab.sources.values import clean_country, parse_date

#: Listed names scored in full per query, after the cheap prescore.
MAX_NAMES = 60
#: Names of one subject scored at most.
NAMES_PER_SUBJECT = 6
#: A fuzzy (one edit) skeleton hit counts this much of an exact one in the prescore.
FUZZY_HIT = 0.7


@dataclass(frozen=True)
class Match:
    subject: Subject
    score: float
    match: bool
    name: str
    explanation: list[Contribution] = field(default_factory=list)


def make_query(
    name: str,
    schema: str | None = None,
    birth_date: str | None = None,
    nationality: str | None = None,
    identifiers: tuple[str, ...] = (),
) -> Query:
    """A query from user input, cleaned (dates to ISO, countries to codes)."""
    if schema and model.get(schema) is None:
        from hisab.errors import HisabError

        raise HisabError(f"unknown schema {schema!r}")
    dates = parse_date(birth_date) if birth_date else []
    return Query(
        name=name,
        schema=schema or None,
        birth_date=dates[0] if dates else None,
        nationality=clean_country(nationality) if nationality else None,
        identifiers=tuple(normalise_identifier(i) for i in identifiers if i),
    )


class Screener:
    """Screens queries against one index with one algorithm. Safe to share between threads."""

    def __init__(self, index: Index, algorithm: Algorithm | None = None) -> None:
        self.index = index
        self.algorithm = algorithm or default_algorithm()

    def _tokens(self, query: Query) -> tuple[Token, ...]:
        organisation = None if query.schema is None else query.schema != "Person"
        return tokenize(query.name, organisation)

    def candidates(self, tokens: tuple[Token, ...]) -> list[int]:
        """Name numbers worth scoring in full: those sharing rare parts with the query."""
        index = self.index
        keys: list[tuple[str, float]] = []
        names = [t for t in tokens if t.kind == NAME] or list(tokens)
        for token in names:
            keys.append((token.skel, index.weight(token)))
        for a, b in itertools.pairwise(names):
            keys.append((joined(a, b).skel, index.weight(a) + index.weight(b)))
        arrays: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for skel, weight in keys:
            for hit in index.lookup(skel):
                ids = index.postings[hit]
                arrays.append(ids)
                weights.append(np.full(len(ids), weight if hit == skel else weight * FUZZY_HIT))
        if not arrays:
            return []
        ids = np.concatenate(arrays)
        scores = np.bincount(ids, weights=np.concatenate(weights), minlength=len(index.name_tokens))
        count = min(MAX_NAMES * 4, int(np.count_nonzero(scores)))
        top = np.argpartition(-scores, count - 1)[:count] if count < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        chosen: list[int] = []
        per_subject: dict[int, int] = {}
        for n in top.tolist():
            if scores[n] <= 0:
                break
            s = int(index.name_subject[n])
            if per_subject.get(s, 0) >= NAMES_PER_SUBJECT:
                continue
            per_subject[s] = per_subject.get(s, 0) + 1
            chosen.append(n)
            if len(per_subject) >= MAX_NAMES and s not in per_subject:
                break
        return chosen

    def _score(
        self,
        query: Query,
        tokens: tuple[Token, ...],
        q_weights: tuple[float, ...],
        subject: Subject,
        c_tokens: tuple[Token, ...],
        kind: str,
    ) -> Match:
        comparison = Comparison(
            query=query,
            q_tokens=tokens,
            q_weights=q_weights,
            subject=subject,
            c_tokens=c_tokens,
            c_weights=tuple(self.index.weight(t) for t in c_tokens),
            name_kind=kind,
            alignment=align(tokens, c_tokens),
        )
        score, parts = self.algorithm.score(comparison)
        name = " ".join(t.text for t in c_tokens)
        return Match(subject, score, score >= self.algorithm.threshold, name, parts)

    def compare(self, query: Query, subject: Subject) -> Match:
        """Score `query` against one subject (any of its names), with the index's rarity weights."""
        tokens = self._tokens(query)
        q_weights = tuple(self.index.weight(t) for t in tokens)
        matches = [
            self._score(query, tokens, q_weights, subject, names, kind) for names, kind in subject.names
        ]
        return max(matches, key=lambda m: m.score)

    def screen(self, query: Query, top: int = 10, datasets: set[str] | None = None) -> list[Match]:
        """The best `top` listed subjects for `query`, best first."""
        tokens = self._tokens(query)
        if not tokens:
            return []
        q_weights = tuple(self.index.weight(t) for t in tokens)
        best: dict[int, Match] = {}
        for n in self.candidates(tokens):
            s_idx = int(self.index.name_subject[n])
            subject = self.index.subjects[s_idx]
            if datasets and subject.dataset not in datasets:
                continue
            match = self._score(
                query, tokens, q_weights, subject, self.index.name_tokens[n], self.index.name_kind[n]
            )
            if s_idx not in best or match.score > best[s_idx].score:
                best[s_idx] = match
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.subject.id))
        return ranked[:top]
