"""Aligning the parts of two names, in any order, including parts written joined.

Names on lists and in customer files differ in order ("SOLEIMANI, Qasem" /
"Qasem Soleimani"), in how compound names are split ("Abdolrahim" / "Abdol
Rahim", "محمدباقر" / "Mohammad Bagher"), and in which parts are present. The
alignment pairs each part of one name with at most one part (or two adjacent
parts joined) of the other, greedily by similarity, which for names of a few
parts finds the best pairing in practice.
"""

from __future__ import annotations

from dataclasses import dataclass

from hisab.names.similarity import token_similarity
from hisab.names.tokens import ARABIC, Token, skeleton

#: Below this similarity two parts are not considered paired at all.
MIN_PAIR = 0.55


@dataclass(frozen=True, slots=True)
class Pair:
    """Query parts `q` (indexes) paired with candidate parts `c`, at similarity `sim`."""

    q: tuple[int, ...]
    c: tuple[int, ...]
    sim: float


@dataclass(frozen=True, slots=True)
class Alignment:
    pairs: tuple[Pair, ...]
    unmatched_q: tuple[int, ...]
    unmatched_c: tuple[int, ...]

    @property
    def in_order(self) -> bool:
        """True if the paired candidate parts come in the query's order."""
        order = [p.c[0] for p in sorted(self.pairs, key=lambda p: p.q[0])]
        return order == sorted(order)


def joined(a: Token, b: Token) -> Token:
    """Two adjacent parts read as one ("Mohammad" + "Bagher" ~ "محمدباقر")."""
    phon = a.phon + b.phon
    script = ARABIC if ARABIC in (a.script, b.script) else a.script
    return Token(a.text + b.text, phon, skeleton(phon), script, a.kind)


def align(query: tuple[Token, ...], cand: tuple[Token, ...]) -> Alignment:
    """Pair the parts of `query` with the parts of `cand`."""
    options: list[Pair] = []
    for i, q in enumerate(query):
        for j, c in enumerate(cand):
            sim = token_similarity(q, c)
            if sim >= MIN_PAIR:
                options.append(Pair((i,), (j,), sim))
    # Joined parts, only where a join beats both parts on their own.
    for i in range(len(query) - 1):
        jq = joined(query[i], query[i + 1])
        for j, c in enumerate(cand):
            sim = token_similarity(jq, c)
            if sim >= 0.8:
                options.append(Pair((i, i + 1), (j,), sim))
    for j in range(len(cand) - 1):
        jc = joined(cand[j], cand[j + 1])
        for i, q in enumerate(query):
            sim = token_similarity(q, jc)
            if sim >= 0.8:
                options.append(Pair((i,), (j, j + 1), sim))
    # Prefer higher similarity; on ties prefer pairs covering more parts, then in order.
    options.sort(key=lambda p: (-p.sim, -(len(p.q) + len(p.c)), abs(p.q[0] - p.c[0])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: list[Pair] = []
    for pair in options:
        if used_q.isdisjoint(pair.q) and used_c.isdisjoint(pair.c):
            chosen.append(pair)
            used_q.update(pair.q)
            used_c.update(pair.c)
    return Alignment(
        tuple(chosen),
        tuple(i for i in range(len(query)) if i not in used_q),
        tuple(j for j in range(len(cand)) if j not in used_c),
    )
