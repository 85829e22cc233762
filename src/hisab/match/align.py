"""Aligning the parts of two names, in any order, including parts written joined.

Names on lists and in customer files differ in order ("SOLEIMANI, Qasem" /
"Qasem Soleimani"), in how compound names are split ("Abdolrahim" / "Abdol
Rahim", "محمدباقر" / "Mohammad Bagher"), and in which parts are present. The
alignment pairs each part of one name with at most one part (or two adjacent
parts joined) of the other, greedily by similarity, which for names of a few
parts finds the best pairing in practice.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import Final, NamedTuple

from hisab.names import tables
from hisab.names.similarity import (
    SIMILARITIES,
    SLIP,
    cut_short,
    similarity_at_least,
    slipped,
    token_similarity,
)
from hisab.names.tokens import (
    ARABIC,
    LEGAL,
    NAME,
    PARTICLE,
    Token,
    silent_final_h,
    skeleton,
    tokenize,
    untranslated,
)

#: Below this similarity two parts are not considered paired at all.
MIN_PAIR: Final = 0.55
#: A joined pair of parts must be at least this close to the part it faces.
JOINED_MIN: Final = 0.8
#: Below this similarity two parts are not looked at for a slip of the pen (`slipped`): a
#: slip leaves more alike than that ("FTAHI" and "FATHI" 0.60), and the check is skipped for
#: most of the pairs an alignment weighs.
SLIP_FLOOR: Final = 0.4


class Pair(NamedTuple):
    """Query parts `q` (indexes) paired with candidate parts `c`, at similarity `sim`. A named
    tuple: every scored name makes several, and a tuple is made in C."""

    q: tuple[int, ...]
    c: tuple[int, ...]
    sim: float


class Alignment:
    """How the parts of a query's name and of a listed name were paired (`align`).

    A plain class with slots, not a frozen dataclass: one is made for every name aligned, and
    a dataclass's `__init__` is written by the `dataclasses` module when the class is made, so
    compiled code ran it through the interpreter (about 5,900 instructions an alignment, 0.9%
    of screening the 1,000 sample queries; docs/benchmarks.md, 2026-12-07). Equal and hashed
    by its fields, as the dataclass was; nothing sets them once made."""

    __slots__ = ("in_order", "pairs", "unmatched_c", "unmatched_q")

    def __init__(
        self,
        pairs: tuple[Pair, ...],
        unmatched_q: tuple[int, ...],
        unmatched_c: tuple[int, ...],
        in_order: bool,
    ) -> None:
        self.pairs = pairs
        self.unmatched_q = unmatched_q
        self.unmatched_c = unmatched_c
        #: True if the paired candidate parts come in the query's order (`paired_in_order`).
        #: Worked out once, when the alignment is made: screening asks it of every name it
        #: scores, twice (the name loop, the `reordered` feature), and the alignment of a listed
        #: name is shared by every record that bears it.
        self.in_order = in_order

    def _fields(self) -> tuple[tuple[Pair, ...], tuple[int, ...], tuple[int, ...], bool]:
        return self.pairs, self.unmatched_q, self.unmatched_c, self.in_order

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Alignment) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Alignment(pairs={self.pairs!r}, unmatched_q={self.unmatched_q!r}, "
            f"unmatched_c={self.unmatched_c!r}, in_order={self.in_order!r})"
        )


def paired_in_order(pairs: tuple[Pair, ...]) -> bool:
    """True if the paired candidate parts come in the query's order (each query part is in one
    pair at most, so the pairs sort by their first query part alone)."""
    order = [c for _, c in sorted([(p.q[0], p.c[0]) for p in pairs])]
    return order == sorted(order)


@lru_cache(maxsize=1)
def _compound_ends() -> frozenset[str]:
    """The words of compound_ends.txt, as their tokens write them."""
    return frozenset(t.text for word in tables.compound_ends() for t in tokenize(word))


def joined(a: Token, b: Token) -> Token:
    """Two adjacent parts read as one ("Mohammad" + "Bagher" ~ "محمدباقر").

    A final h after a vowel, which the phonetic form leaves out (the ه of "Fatemeh" and
    "Allah" ends the word as a vowel), is written inside a compound: "Allah-Karam" read joined
    is "Allahkaram" (اللهکرم), as the word written as one is read, not "Alakaram".

    A Persian word that only ends compounds (compound_ends.txt: آباد, زاده, پور) before
    another Arabic-script part is read after it: right-to-left text copied in reversed order
    ("آباد شمس" for شمس‌آباد, Shamsabad).

    A word of an organisation's name read as its English word is joined as written
    (`untranslated`): "Hizb Allah" is "hizballah", not "partyallah"."""
    a, b = untranslated(a), untranslated(b)
    if a.script == ARABIC == b.script:
        ends = _compound_ends()
        if a.text in ends and b.text not in ends:
            a, b = b, a
    phon = a.phon + b.phon
    if silent_final_h(a) and not b.phon.startswith("h"):
        phon = a.phon + "h" + b.phon
    script = ARABIC if ARABIC in (a.script, b.script) else a.script
    return Token(a.text + b.text, phon, skeleton(phon), script, a.kind)


#: Function words of organisations' names (function_words.txt) that never join a neighbour into
#: one word: a compound is two name parts ("Mohammad Bagher" ~ "محمدباقر"), or a name and an
#: Arabic article ("Abd al-Rahman"; particles.txt), but no word runs on from "the" or "of". Read
#: joined, Al-Qaida's alias "THE BASE" was "thebase", and with th read as ث (s) the surname
#: "Subaşı" met it at 0.92 ("SUBAŞI IMPORT EXPORT SARL" alerted at 0.95). Not the one-letter
#: words, nor "ye": the Persian ezafe is written on the word it follows ("Sepah-e", "-ye").
NO_JOIN: Final = frozenset(
    ("and", "of", "the", "for", "in", "on", "to", "et", "und", "fur", "des", "por", "para", "za")
)


def joinable(a: Token, b: Token) -> bool:
    """Whether two adjacent parts may be read as one word (`joined`): not across a function
    word of NO_JOIN, nor a legal form, which no name runs on from or into: read joined, the
    EU's "OOO Stan" (OOO, a Russian LLC) was "ooostan", and the surname Üstün met it at 0.92
    ("Üstün Import Export SARL" alerted at 0.80). Not an Arabic article that is a legal form
    too: "AS SALAM", in an organisation's name, is As-Salam, "Assalam" written as one word."""
    if _legal_form(a) or _legal_form(b):
        return False
    return not ((a.kind == PARTICLE and a.text in NO_JOIN) or (b.kind == PARTICLE and b.text in NO_JOIN))


def _legal_form(token: Token) -> bool:
    return token.kind == LEGAL and (token.text,) not in tables.articles()


def joined_spans(tokens: tuple[Token, ...], read_joined: tuple[Token, ...]) -> Iterator[tuple[int, Token]]:
    """The adjacent pairs of `tokens` that may be read as one word (`joinable`): (position of
    the first, the pair read joined), from `read_joined`, every adjacent pair read joined."""
    for i, part in enumerate(read_joined):
        if joinable(tokens[i], tokens[i + 1]):
            yield i, part


def article_joins(tokens: tuple[Token, ...]) -> tuple[tuple[int, Token], ...]:
    """Each run of a name part, an Arabic article and a name part ("Abd al-Rahman") read as
    one word, with the article ("abdalrahman") and without it ("abdrahman"): the forms of
    "Abdulrahman", "Abdurrahman" or "Nureddin" written as one word. (Position of the run's
    first part, the joined part.)"""
    # Most names have no particle inside: answered without the cache, which then holds only
    # the names that have one (a long file's queries would otherwise fill it).
    if not any(t.kind == PARTICLE for t in tokens[1:-1]):
        return ()
    return _article_joins(tokens)


@lru_cache(maxsize=50_000)
def _article_joins(tokens: tuple[Token, ...]) -> tuple[tuple[int, Token], ...]:
    articles = tables.articles()
    found: list[tuple[int, Token]] = []
    for j in range(len(tokens) - 2):
        first, article, last = tokens[j : j + 3]
        named = first.kind == NAME and last.kind == NAME
        if named and article.kind == PARTICLE and (article.text,) in articles:
            found.append((j, joined(joined(first, article), last)))
            found.append((j, joined(first, last)))
    return tuple(found)


def _joined_options(
    spans: Iterable[tuple[tuple[int, ...], Token]], others: tuple[Token, ...], on_query: bool
) -> list[Pair]:
    """The pairs of each joined part (the parts `span` read as one) with a single part of the
    other name, at JOINED_MIN or closer. `on_query`: the joined parts are the query's."""
    found: list[Pair] = []
    for span, part in spans:
        for k, other in enumerate(others):
            if on_query:
                sim = similarity_at_least(part, other, JOINED_MIN)
            else:
                sim = similarity_at_least(other, part, JOINED_MIN)
            if sim >= JOINED_MIN:
                found.append(Pair(span, (k,), sim) if on_query else Pair((k,), span, sim))
    return found


def _greedy(options: list[Pair]) -> tuple[list[Pair], set[int], set[int]]:
    """Take pairs best first, each part at most once."""
    # Prefer higher similarity; on ties prefer pairs covering more parts, then in order.
    options.sort(key=lambda p: (-p.sim, -(len(p.q) + len(p.c)), abs(p.q[0] - p.c[0])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: list[Pair] = []
    for pair in options:
        # Loops, not `isdisjoint` and `update`: compiled, those are generic method calls (about
        # 4,000 instructions an alignment; docs/benchmarks.md, 2026-12-08).
        free = True
        for i in pair.q:
            if i in used_q:
                free = False
                break
        if free:
            for j in pair.c:
                if j in used_c:
                    free = False
                    break
        if free:
            chosen.append(pair)
            for i in pair.q:
                used_q.add(i)
            for j in pair.c:
                used_c.add(j)
    return chosen, used_q, used_c


def align(
    query: tuple[Token, ...],
    cand: tuple[Token, ...],
    query_joined: tuple[Token, ...] | None = None,
    cand_joined: tuple[Token, ...] | None = None,
    names: AbstractSet[str] | None = None,
    rows: list[dict[Token, float]] | None = None,
) -> Alignment:
    """Pair the parts of `query` with the parts of `cand`.

    `query_joined`/`cand_joined` are the adjacent parts joined (computed here if
    not given; the index keeps them precomputed).

    `names`: the words known to be names (`Token.text`: the lists' and the table of people's
    names). A part of the query that is none of them, and a part of `cand` with a slip of the
    pen (`slipped`), pair at SLIP at least: a word no name is spelled with is a slip likelier
    than another name, while two names that both exist ("Jalali" and "Balali", "Nejati" and
    "Nemati") are left to the similarity. So does the query's last part, none of them, and a
    part of `cand` it begins (`cut_short`): the name cut by a field's length ("Vasiliy
    Aleksandrovi"), where "Hossein" and "Hosseini" are two names. None, for organisations'
    names, where a letter apart is often another body ("SHIG", Shahid Hemmat Industrial Group,
    and "SHIC", the Shahid Hemmat Industrial Complex): no slips.

    `rows`: for each part of `query`, its similarities with listed parts, as `prime` gives them
    (the same numbers as `token_similarity`), read first; None, or a part not in them, asks
    the shared cache.
    """
    options: list[Pair] = []
    known = SIMILARITIES.get  # inlined cache lookup: this loop runs for every scored name
    last = len(query) - 1
    for i, q in enumerate(query):
        row = rows[i] if rows is not None else None
        for j, c in enumerate(cand):
            sim = row.get(c) if row is not None else None
            if sim is None:
                sim = known((q, c))
                if sim is None:
                    sim = token_similarity(q, c)
            if (
                names is not None
                and SLIP_FLOOR <= sim < SLIP
                and q.text not in names
                and (slipped(q, c) or (i == last and cut_short(q, c)))
            ):
                # The query's part, no known name, is the listed one with a slip of the pen,
                # or, the query's last part, cut short.
                sim = SLIP
            if sim >= MIN_PAIR:
                options.append(Pair((i,), (j,), sim))
    chosen, used_q, used_c = _greedy(options)
    # Joined parts ("Mohammad Bagher" ~ "محمدباقر") are tried only when parts are
    # left over on both sides or a pair is imperfect, so most alignments skip the work.
    leftovers = len(used_q) < len(query) and len(used_c) < len(cand)
    if leftovers or any(p.sim < JOINED_MIN for p in chosen):
        if query_joined is None:
            query_joined = tuple(joined(a, b) for a, b in itertools.pairwise(query))
        if cand_joined is None:
            cand_joined = tuple(joined(a, b) for a, b in itertools.pairwise(cand))
        pairs = (((i, i + 1), part) for i, part in joined_spans(query, query_joined))
        options += _joined_options(pairs, cand, True)
        pairs = (((j, j + 1), part) for j, part in joined_spans(cand, cand_joined))
        options += _joined_options(pairs, query, False)
        # Three parts joined across an article ("Abd al-Rahman" ~ "Abdurrahman"). The article
        # then belongs to the compound: a pairing of it with an article of the other name
        # ("Abdurrahman Al MILAD") must not keep the compound from being read.
        runs_c = _joined_options((((j, j + 1, j + 2), part) for j, part in article_joins(cand)), query, False)
        runs_q = _joined_options((((i, i + 1, i + 2), part) for i, part in article_joins(query)), cand, True)
        options += runs_c + runs_q
        articles_c = {p.c[1] for p in runs_c}
        articles_q = {p.q[1] for p in runs_q}
        if articles_c or articles_q:
            options = [
                p
                for p in options
                if not (
                    len(p.q) == 1
                    and len(p.c) == 1
                    and (
                        (p.c[0] in articles_c and query[p.q[0]].kind == PARTICLE)
                        or (p.q[0] in articles_q and cand[p.c[0]].kind == PARTICLE)
                    )
                )
            ]
        chosen, used_q, used_c = _greedy(options)
    found = tuple(chosen)
    return Alignment(
        found,
        tuple(i for i in range(len(query)) if i not in used_q),
        tuple(j for j in range(len(cand)) if j not in used_c),
        paired_in_order(found),
    )
