"""Screening: a query against the index, the best listed subjects, scored and explained."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
from followthemoney import model
from numpy.typing import NDArray

from hisab.match.algorithm import Algorithm, Contribution, default_algorithm
from hisab.match.align import Alignment, align, joined
from hisab.match.features import Comparison, Query
from hisab.match.index import Index, Subject, joined_parts, normalise_identifier
from hisab.names.tokens import NAME, Token, tokenize
from hisab.sources.values import clean_country, parse_date

#: Listed names scored in full per query, after the cheap prescore.
MAX_NAMES = 30
#: Names of one subject scored at most.
NAMES_PER_SUBJECT = 3
#: A fuzzy (one edit) skeleton hit counts this much of an exact one in the prescore.
FUZZY_HIT = 0.7
#: Prescore taken off per part of a listed name, to break ties in favour of shorter names.
LENGTH_TIEBREAK = 0.01
#: Names whose prescore is below this share of the query's total part weight are not scored.
PRESCORE_FLOOR = 0.4


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
        """Name numbers worth scoring in full, best first.

        A vectorised prescore: each query part (and each pair of adjacent parts,
        for names written joined) adds its rarity weight to every listed name
        holding a part with the same skeleton (less for a skeleton one edit
        away). The best names by that sum, at most a few per subject, go on to
        full scoring.
        """
        index = self.index
        names = [t for t in tokens if t.kind == NAME] or list(tokens)
        keys = [(t.skel, index.weight(t)) for t in names]
        keys += [(joined(a, b).skel, index.weight(a) + index.weight(b)) for a, b in itertools.pairwise(names)]
        arrays: list[np.ndarray] = []
        weights: list[float] = []
        for skel, weight in keys:
            hits = index.lookup(skel)
            if not hits:
                continue
            # Each query part counts once per name: fully for its own skeleton, partly
            # for one a typo away, never several times for several near spellings.
            exact = index.postings[hits[0]] if hits[0] == skel else np.empty(0, dtype=np.int32)
            near = [index.postings[h] for h in hits if h != skel]
            if len(exact):
                arrays.append(exact)
                weights.append(weight)
            if near:
                fuzzy = np.unique(np.concatenate(near))
                if len(exact):
                    fuzzy = fuzzy[~np.isin(fuzzy, exact, assume_unique=True)]
                arrays.append(fuzzy)
                weights.append(weight * FUZZY_HIT)
        if not arrays:
            return []
        ids = np.concatenate(arrays)
        hits_weight = np.repeat(np.asarray(weights), [len(a) for a in arrays])
        counted = np.bincount(ids, weights=hits_weight, minlength=len(index.name_tokens))
        scores: NDArray[np.float64] = counted.astype(np.float64)
        # Among names sharing the same parts, prefer those with fewer other parts:
        # "Mohammad Bagheri" before "Mohammad Bagher Zolghadr" for "محمد باقری".
        scores -= LENGTH_TIEBREAK * index.name_lengths
        # A name sharing less than this share of the query's rarity mass cannot score high.
        kept = np.flatnonzero(scores >= PRESCORE_FLOOR * sum(w for _, w in keys[: len(names)]))
        count = min(MAX_NAMES * 2, len(kept))
        if count == 0:
            return []
        top = kept[np.argpartition(-scores[kept], count - 1)[:count]]
        top = top[np.argsort(-scores[top], kind="stable")]
        chosen: list[int] = []
        per_subject: dict[int, int] = {}
        for n, s_idx in zip(top.tolist(), index.name_subject[top].tolist(), strict=True):
            seen = per_subject.get(s_idx, 0)
            if seen >= NAMES_PER_SUBJECT:
                continue
            per_subject[s_idx] = seen + 1
            chosen.append(n)
            if len(chosen) >= MAX_NAMES:
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
        c_weights: tuple[float, ...] | None = None,
        alignment: Alignment | None = None,
    ) -> Match:
        comparison = Comparison(
            query=query,
            q_tokens=tokens,
            q_weights=q_weights,
            subject=subject,
            c_tokens=c_tokens,
            c_weights=c_weights if c_weights is not None else tuple(self.index.weight(t) for t in c_tokens),
            name_kind=kind,
            alignment=alignment if alignment is not None else align(tokens, c_tokens),
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
        q_joined = joined_parts(tokens)
        index = self.index
        best: dict[int, Match] = {}
        alignments: dict[int, Alignment] = {}
        for n in self.candidates(tokens):
            s_idx = int(index.name_subject[n])
            subject = index.subjects[s_idx]
            if datasets and subject.dataset not in datasets:
                continue
            c_tokens = index.name_tokens[n]
            # Lists repeat the same name (OFAC and the CSL, aliases): align each once.
            alignment = alignments.get(id(c_tokens))
            if alignment is None:
                alignment = align(tokens, c_tokens, q_joined, index.name_joined[n])
                alignments[id(c_tokens)] = alignment
            kind, c_weights = index.name_kind[n], index.name_weights[n]
            match = self._score(query, tokens, q_weights, subject, c_tokens, kind, c_weights, alignment)
            if s_idx not in best or match.score > best[s_idx].score:
                best[s_idx] = match
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.subject.id))
        return ranked[:top]
