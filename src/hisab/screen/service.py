"""Screening: a query against the index, the best listed subjects, scored and explained."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, Final, NamedTuple

import numpy as np
from followthemoney import model
from followthemoney.types import registry
from numpy.typing import NDArray
from rapidfuzz.distance import Levenshtein

from hisab.errors import QueryError
from hisab.match.algorithm import Algorithm, Contribution, default_algorithm, round4
from hisab.match.align import Alignment, align, joined
from hisab.match.features import Comparison, Query, country_words, credit, has_legal_form
from hisab.match.index import (
    MIN_FUZZY_SKELETON,
    MIN_SYLLABLES,
    Index,
    Subject,
    acronym_of,
    any_order,
    imo_number,
    initial_bits,
    joined_parts,
    name_roles,
    normalise_identifier,
    spells_syllables,
    syllable_keys,
    syllable_words,
)
from hisab.names import respell, slavic, tables
from hisab.names.respell import ORTHOGRAPHIES, respellings
from hisab.names.similarity import (
    INITIAL_SIMILARITY,
    SLIP,
    abbreviated_words,
    cut_short,
    learn_written,
    load_abbreviations,
    near_skeletons,
    prime,
    recalled,
    similarities,
    similarity_at_least,
    stored,
)
from hisab.names.tokens import (
    ARABIC,
    HONORIFIC,
    LATIN,
    LEGAL,
    NAME,
    NUMBER,
    Token,
    cyrillic_language,
    digraph_spelling,
    he_skeleton,
    kh_skeletons,
    ks_skeleton,
    load_tables,
    persian_reading,
    tokenize,
    vessel_prefix,
)
from hisab.sources.ownership import is_ownership_dataset
from hisab.sources.values import clean_country, parse_date

#: Listed names scored in full per query, after the cheap prescore.
MAX_NAMES: Final = 12
#: Names of one subject scored at most.
NAMES_PER_SUBJECT: Final = 2
#: Listed names of people born when the query's person was (that day, or that year where the
#: list gives the year only) scored besides the name stage's, at most (`_born_candidates`).
BORN_NAMES: Final = 6
#: Query parts whose expansion (listed names holding a like part) is kept in memory (its
#: arrays of name numbers are what grows with a long file of distinct names).
EXPANSION_CACHE: Final = 50_000
#: Query names whose candidates and alignments are kept in memory (`_best`): customer files
#: repeat names (the million synthetic customers of `bench.screen_file_scale` hold 279,773
#: distinct names), and a name screened again needs neither found nor aligned anew.
NAME_CACHE: Final = 20_000
#: Prescore taken off per part of a listed name, to break ties in favour of shorter names.
LENGTH_TIEBREAK: Final = 0.01
#: A query's two parts found as one listed part count this share of the two: at equal
#: likeness a name holding the parts as written comes first. Without it, "YAS AIR" read as
#: "yasair" met every "Abu Yasir" in full, and their shorter names pushed the airline itself
#: out of the candidates.
JOINED_SHARE: Final = 0.97
#: Names whose prescore is below this share of the query's total part weight are not scored.
PRESCORE_FLOOR: Final = 0.4
#: A query's legal forms count in the candidate stage among the names holding this share of the
#: query's rarity mass (`_candidates`): its name parts, near enough in full.
LEGAL_AMONG: Final = 0.9
#: Where screen/_merge.c is not built, numpy's merge (`_python_merged`) sums the names a query's
#: parts find among themselves while the finds (a name once per part) are fewer than one in this
#: many of the listed names, and over an array of all the listed names beyond. On the
#: benchmark's index (83,476 names), with the finds as the parts give them (runs of sorted
#: numbers, which a stable sort merges: `_unique`), the two ways cost the same at 10,000 to
#: 15,000 finds (46 µs and 61 µs for 5,000 finds in 8 runs, 116 µs and 127 µs for 15,000 in 4;
#: docs/benchmarks.md, 2026-12-07).
COMPACT_RATIO = 8


#: In the prescore a part similarity counts nothing at or below ZERO, fully at or above FULL.
PRESCORE_ZERO: Final = 0.55
PRESCORE_FULL: Final = 0.9


def best_per_name(
    ids: NDArray[np.int32], credits: NDArray[np.float64]
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """Each name of `ids` once (sorted), with the best of its `credits`. One sort, by name: each
    name's run of credits then gives its best (`np.maximum.reduceat`), where sorting by credit
    and then `np.unique` sorted twice."""
    if not len(ids):
        return ids.astype(np.int32), credits
    order = ids.argsort(kind="stable")
    by_name = ids[order]
    starts = _run_starts(by_name).nonzero()[0]
    return by_name[starts].astype(np.int32), np.maximum.reduceat(credits[order], starts)


def _run_starts(ordered: NDArray[np.int32]) -> NDArray[np.bool_]:
    """Where each run of one id begins in `ordered` (sorted): `best_per_name`, `_unique` and
    `_distinct` keep those places."""
    starts = np.empty(len(ordered), dtype=np.bool_)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    return starts


def _unique(ids: NDArray[np.int32]) -> tuple[NDArray[np.int32], NDArray[np.intp]]:
    """`np.unique(ids, return_inverse=True)` for a flat array of ids: the ids once each, sorted,
    and where each of `ids` is among them. Written out, as this module calls numpy's other
    functions written in Python (`np.flatnonzero`, `np.argsort`, `np.clip`, …) through the
    array's own methods: compiled code calls such a function through the interpreter, some
    thousands of instructions a call, several calls a query part.

    A stable sort, where `np.unique` takes numpy's quicksort: the candidate stage's ids are
    each query part's names, sorted (`_expand`), one run after another, and the stable sort
    (a merge sort) merges the runs. For 3,000 ids in 8 runs it took 29 µs against 161 µs."""
    order = ids.argsort(kind="stable")
    by_id = ids[order]
    starts = _run_starts(by_id)
    inverse = np.empty(len(ids), dtype=np.intp)
    inverse[order] = starts.cumsum() - 1
    return by_id[starts], inverse


def _native_merge() -> tuple[
    Callable[
        [list[NDArray[np.int32]], list[NDArray[np.float64]] | NDArray[np.float64], int, bool],
        tuple[bytearray, bytearray],
    ]
    | None,
    Callable[
        [list[NDArray[np.int32]], NDArray[np.float64], list[float], int, float, float],
        tuple[bytearray, bytearray],
    ]
    | None,
    Callable[
        [
            NDArray[np.int32],
            NDArray[np.float64],
            float,
            NDArray[np.float64],
            float,
            int,
            NDArray[np.bool_] | None,
            NDArray[np.int32],
            NDArray[np.int32] | None,
        ],
        tuple[list[int], list[int], list[float]],
    ]
    | None,
]:
    """The merge of name numbers, the credits of a query part's names and the choice of the
    names to score in C (screen/_merge.c), or None where it was not built (HISAB_COMPILE=0):
    then numpy does them (`_python_merged`, `_python_credited`, `_python_choose`)."""
    try:
        from hisab.screen import _merge
    except ImportError:
        return None, None, None
    return _merge.merge, _merge.credited, _merge.choose


_NATIVE: Final = _native_merge()
_NATIVE_MERGE: Final = _NATIVE[0]
_NATIVE_CREDITED: Final = _NATIVE[1]
_NATIVE_CHOOSE: Final = _NATIVE[2]


def merged(
    runs: list[NDArray[np.int32]],
    values: list[NDArray[np.float64]] | NDArray[np.float64],
    size: int,
    summing: bool,
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """Each name number of `runs` (each in [0, `size`)) once, in ascending order, with the sum
    of its values (`summing`, added in the order given) or the greatest. `values`: an array of
    values for each run, number by number, or one array with a value for each run. In C where it
    is built (screen/_merge.c), else `_python_merged`: the same numbers."""
    if _NATIVE_MERGE is None:
        return _python_merged(runs, values, size, summing)
    ids, results = _NATIVE_MERGE(runs, values, size, summing)
    return np.frombuffer(ids, dtype=np.int32), np.frombuffer(results, dtype=np.float64)


def _python_merged(
    runs: list[NDArray[np.int32]],
    values: list[NDArray[np.float64]] | NDArray[np.float64],
    size: int,
    summing: bool,
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """`merged` by numpy: the reference for screen/_merge.c, and what runs where that is not
    built. The greatest by one sort (`best_per_name`); sums among the numbers found while they
    are fewer than one in COMPACT_RATIO of `size`, over an array of `size` beyond."""
    found = np.concatenate(runs) if runs else np.empty(0, dtype=np.int32)
    if isinstance(values, list):
        weights = np.concatenate(values) if values else np.empty(0, dtype=np.float64)
    else:
        weights = values.repeat([len(run) for run in runs])
    if not summing:
        return best_per_name(found, weights)
    if len(found) * COMPACT_RATIO < size:
        pool, at = _unique(found)
        # (float64 as it is: numpy's stubs type a weighted count as integers.)
        return pool, np.bincount(at, weights=weights).astype(np.float64, copy=False)
    # Many (a query of common parts): one pass over all the listed names, no sorting. A name
    # found may sum to nothing: in a small index a part every name holds weighs 0.
    sums = np.bincount(found, weights=weights, minlength=size).astype(np.float64, copy=False)
    present = np.zeros(len(sums), dtype=np.bool_)
    present[found] = True
    every = present.nonzero()[0]
    return every.astype(np.int32), sums[every]


def _distinct(ids: NDArray[np.int32]) -> NDArray[np.int32]:
    """`np.unique(ids)`, written out as `_unique` is: `ids` (a new array, sorted in place) once
    each."""
    ids.sort()
    return ids[_run_starts(ids)]


def _first(scores: NDArray[np.float64], count: int) -> NDArray[np.intp]:
    """The positions of the `count` highest `scores` and of every score tied with the last of
    them, highest first; equal scores in the order of their positions.

    Not `np.argpartition` alone, which leaves unsaid which of the scores tied at the cut it
    keeps: the answer depends on the machine's code paths (under valgrind, which hides this
    machine's AVX-512, the dev queries' screen changed three decisions), and a screen must give
    the same answer on any machine, whatever order the lists number their names in."""
    lowest_first = -scores
    parted = lowest_first.copy()
    parted.partition(count - 1)
    best = (lowest_first <= parted[count - 1]).nonzero()[0]
    ranked: NDArray[np.intp] = best[lowest_first[best].argsort(kind="stable")]
    return ranked


def credited(
    runs: list[NDArray[np.int32]], sims: NDArray[np.float64], more: list[float], size: int
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """The names a query part finds (`Screener._expand`): `runs[k]` holds the names of the
    listed part of similarity `sims[k]`, or `more[k - len(sims)]` past them; each name once
    (ascending), with the best credit (`prescore_credits`) of the parts it holds; runs of no
    credit left out. In C where it is built (screen/_merge.c), else `_python_credited`: the same
    numbers."""
    if _NATIVE_CREDITED is None:
        return _python_credited(runs, sims, more, size)
    ids, values = _NATIVE_CREDITED(runs, sims, more, size, PRESCORE_ZERO, PRESCORE_FULL)
    return np.frombuffer(ids, dtype=np.int32), np.frombuffer(values, dtype=np.float64)


def _python_credited(
    runs: list[NDArray[np.int32]], sims: NDArray[np.float64], more: list[float], size: int
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """`credited` by numpy: the reference for screen/_merge.c, and what runs where that is not
    built."""
    shares = prescore_credits(np.concatenate([sims, np.asarray(more, dtype=np.float64)]))
    kept = (shares > 0).nonzero()[0]
    ids = [runs[i] for i in kept.tolist()]
    if not ids:
        return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float64)
    if len(ids) == 1:
        # (Its names are sorted and each once already.)
        return ids[0], shares[kept].repeat(len(ids[0]))
    return merged(ids, shares[kept], size, False)


def _python_choose(
    pool: NDArray[np.int32],
    counted: NDArray[np.float64],
    least: float,
    lengths: NDArray[np.float64],
    tiebreak: float,
    most: int,
    allowed: NDArray[np.bool_] | None,
    subjects: NDArray[np.int32],
    groups: NDArray[np.int32] | None,
) -> tuple[list[int], list[int], list[float]]:
    """The names the candidate stage scores (`Screener._candidates`): of the names `pool` with
    their sums `counted`, those whose sum is `least` or more and that `allowed` (by name, or
    None) lets through, scored by their sum less `tiebreak` times their length (`lengths`, by
    name); the `most` highest and those tied with the last of them (`_first`), highest first;
    with their owners (`subjects`, by name, then `groups`, by subject, if given) and scores.
    By numpy: the reference for screen/_merge.c's `choose`, and what runs where that is not
    built (`choose`)."""
    held = (counted >= least).nonzero()[0]
    kept = pool[held]
    if allowed is not None:
        through = allowed[kept]
        kept, held = kept[through], held[through]
    if len(kept) == 0:
        return [], [], []
    scores = counted[held] - tiebreak * lengths[kept]
    order = _first(scores, min(most, len(kept)))
    top = kept[order]
    owners = subjects[top]
    if groups is not None:
        owners = groups[owners]
    return top.tolist(), owners.tolist(), scores[order].tolist()


#: `_python_choose`, in C where it is built (screen/_merge.c): the same answer, called directly.
choose: Final = _NATIVE_CHOOSE if _NATIVE_CHOOSE is not None else _python_choose


def prescore_credits(sims: NDArray[np.float64]) -> NDArray[np.float64]:
    """How much listed parts count in the prescore: softer than the scoring's credit, to rank."""
    return np.minimum(np.maximum((sims - PRESCORE_ZERO) / (PRESCORE_FULL - PRESCORE_ZERO), 0.0), 1.0)


class Match:
    """One listed subject found for a query: its score, the decision, and why.

    A plain class with slots, not a dataclass: one is made for every name scored, and a
    dataclass's `__init__` is written by the `dataclasses` module when the class is made, so
    compiled code ran it through the interpreter (about 7,000 instructions a match, 1.9% of
    screening the 1,000 sample queries; docs/benchmarks.md, 2026-12-07). Frozen, it had been
    17% of `_score` (2026-12-05). Nothing changes a match once made; a change is a new one
    (`with_ownership`). Matches are compared by identity: nothing compares two."""

    __slots__ = (
        "actor_id",
        "algorithm",
        "alignment",
        "c_tokens",
        "fired",
        "left_out",
        "match",
        "ownership",
        "q_tokens",
        "read_as_persian",
        "read_as_russian",
        "respelled_from",
        "score",
        "sources",
        "spelled_with_digraphs",
        "subject",
    )

    def __init__(
        self,
        subject: Subject,
        score: float,
        match: bool,
        fired: tuple[tuple[str, float], ...] = (),
        algorithm: Algorithm | None = None,
        actor_id: str | None = None,
        sources: tuple[Subject, ...] = (),
        ownership: dict[str, Any] | None = None,
        read_as_russian: tuple[str, ...] = (),
        read_as_persian: bool = False,
        spelled_with_digraphs: tuple[str, ...] = (),
        respelled_from: str | None = None,
        left_out: tuple[str, ...] = (),
        q_tokens: tuple[Token, ...] = (),
        c_tokens: tuple[Token, ...] = (),
        alignment: Alignment | None = None,
    ) -> None:
        self.subject = subject
        self.score = score
        self.match = match
        #: The features that fired, with their values (see `explanation`).
        self.fired = fired
        self.algorithm = algorithm
        #: The resolved actor (`hisab resolve`) the subject belongs to, and all its records on
        #: the loaded lists (the subject first); empty when the lists have not been resolved.
        self.actor_id = actor_id
        self.sources = sources
        #: For a company of the user's ownership data that is on no list: whether it is blocked
        #: by ownership, with the arithmetic and the path (trace/service.py, `ownership_info`).
        self.ownership = ownership
        #: Which names were compared as read as their Russian forms (names/slavic.py): "query"
        #: (the query's, written the Belarusian or Ukrainian way) and "listed" (the listed name's).
        self.read_as_russian = read_as_russian
        #: Whether the query's name, in Cyrillic script, was compared as read as a Persian or
        #: Arabic name written the Russian way (х as h, г as gh; names/tokens.py, persian_form).
        self.read_as_persian = read_as_persian
        #: Which names were compared as spelled with sh, ch, zh for their š, č, ž
        #: (tokens.digraph_spelling): "query" and "listed".
        self.spelled_with_digraphs = spelled_with_digraphs
        #: The orthography (one of names/respell.py's ORTHOGRAPHIES: "german", "polish", …) the
        #: query's name was read as romanised in, when it was compared respelled the English way
        #: ("Juri Kowaltschuk" as Yuri Kovalchuk); None when it was compared as written.
        self.respelled_from = respelled_from
        #: The parts one name gives and the other leaves out that count little: a patronymic, or
        #: a middle name where the list names the name's parts (match/features.py).
        self.left_out = left_out
        #: The names compared, as the scoring read them, and how their parts were paired: kept
        #: as they are (references, no work per scored name) for `name` and `parts`.
        self.q_tokens = q_tokens
        self.c_tokens = c_tokens
        self.alignment = alignment

    def __repr__(self) -> str:
        return f"Match(subject={self.subject.id!r}, score={self.score!r}, match={self.match!r})"

    def with_ownership(self, ownership: dict[str, Any], match: bool) -> Match:
        """This match, with what the ownership check found (`Screener._with_ownership`) and
        the decision it leads to."""
        return Match(
            self.subject,
            self.score,
            match,
            self.fired,
            self.algorithm,
            self.actor_id,
            self.sources,
            ownership,
            self.read_as_russian,
            self.read_as_persian,
            self.spelled_with_digraphs,
            self.respelled_from,
            self.left_out,
            self.q_tokens,
            self.c_tokens,
            self.alignment,
        )

    @property
    def name(self) -> str:
        """The listed name compared, as its parts read (folded): made only for the results
        shown, not for every name scored."""
        return " ".join(t.text for t in self.c_tokens)

    @property
    def parts(self) -> list[dict[str, Any]]:
        """Which part of the query's name was paired with which part of the listed name, and
        how alike they are (0–1), in the query's order; then the parts of either name paired
        with none (`listed` or `query` None). Two parts read as one show as both, space
        apart ("mohammad bagher" against "محمدباقر"). The features are computed from this
        pairing: it says why a name scored as it did."""
        a = self.alignment
        if a is None:
            return []
        q, c = self.q_tokens, self.c_tokens
        # A pair's query parts are its own (no part is in two pairs): sorting the pairs sorts
        # them by their first query part.
        found: list[dict[str, Any]] = [
            {
                "query": q[p.q[0]].text if len(p.q) == 1 else " ".join(q[i].text for i in p.q),
                "listed": c[p.c[0]].text if len(p.c) == 1 else " ".join(c[j].text for j in p.c),
                "similarity": round4(p.sim),
            }
            for p in sorted(a.pairs)
        ]
        found += [{"query": q[i].text, "listed": None, "similarity": 0.0} for i in a.unmatched_q]
        found += [{"query": None, "listed": c[j].text, "similarity": 0.0} for j in a.unmatched_c]
        return found

    @property
    def records(self) -> tuple[Subject, ...]:
        """The listed records the result stands for: the actor's, or the one subject."""
        return self.sources or (self.subject,)

    @property
    def explanation(self) -> list[Contribution]:
        """Each feature that fired, with its weight, contribution and description."""
        return self.algorithm.explain(self.fired) if self.algorithm is not None else []


def source_list(records: tuple[Subject, ...]) -> list[dict[str, str]]:
    """Listed records as provenance: dataset and record id."""
    return [{"dataset": s.dataset, "record_id": s.record_id} for s in records]


def _actor_facts(subject: Subject, others: tuple[Subject, ...]) -> Subject | None:
    """`subject` with the facts of its resolved actor's `others` records too: their birth dates,
    countries, genders, identifiers and listings (None for an actor of one record). Lists
    record one person differently: the EU's first act gives Ahmad VAHIDI 1958-07-27, its
    second 1958-06-27, OFAC 1958; each record alone contradicts a customer born on the other
    day, and with the names limited per actor (`candidates`) only one record may be scored.
    The names stay the record's own."""
    if not others:
        return None
    return subject.fresh(
        birth_dates=subject.birth_dates.union(*(r.birth_dates for r in others)),
        countries=subject.countries.union(*(r.countries for r in others)),
        genders=subject.genders.union(*(r.genders for r in others)),
        identifiers=subject.identifiers.union(*(r.identifiers for r in others)),
        programs=[p for r in (subject, *others) for p in r.programs],
    )


def make_query(
    name: str,
    schema: str | None = None,
    birth_date: str | None = None,
    nationality: str | None = None,
    identifiers: tuple[str, ...] = (),
    gender: str | None = None,
    *,
    first_name: str | None = None,
    middle_name: str | None = None,
    last_name: str | None = None,
    other_names: tuple[str, ...] = (),
) -> Query:
    """A query from user input, cleaned (dates to ISO, countries to codes, gender to "male" or
    "female").

    A birth date, nationality or gender given but unreadable is a QueryError naming the
    field, not left out: a user who gave a birth date must not be told "no match" by a
    screen that never checked it.

    A person's name may come in parts, as customer records keep it (`first_name`,
    `middle_name`, `last_name`): the name is then those parts, in that order, unless `name`
    is given too, and the query knows which part is which (`name_part_roles`; `other_names`:
    the record's other names, which the parts may be part of instead)."""
    schema = query_schema(schema)
    parts = {
        key: value.strip()
        for key, value in (("first_name", first_name), ("middle_name", middle_name), ("last_name", last_name))
        if value and value.strip()
    }
    if parts and not name.strip():
        name = " ".join(parts.values())
    found = tuple(normalise_identifier(i) for i in identifiers if i)
    if schema != "Person":
        name, found = imo_numbers(name, found)
    return Query(
        name=name,
        schema=schema,
        birth_date=_birth_date(birth_date),
        nationality=_nationality(nationality),
        identifiers=found,
        gender=_gender(gender),
        name_roles=name_part_roles(name, schema, parts, other_names) if parts else (),
    )


#: "IMO 9165786", "IMO: 9165786", "IMO No. 9165786", "IMO9165786" inside a name.
IMO_IN_NAME: Final = re.compile(
    r"\bIMO\s*[.:#]?\s*(?:(?:NO|NR|NUMBER)\b\s*[.:#]?\s*)?(\d{7})\b", re.IGNORECASE
)


def imo_numbers(name: str, identifiers: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The IMO numbers (a vessel's, or a shipping company's) a query that is no person's gives:
    in its name, as shipping documents and payment messages write them ("AREZOO (IMO
    9165786)"), taken out of the name into the identifiers; and among the identifiers, written
    with or without "IMO" ("9165786"), in FollowTheMoney's form, which the index holds
    (`imo_number`). Only a number whose check digit holds: "IMO 9165787" stays in the name as
    written. An identifier that is an IMO number is kept as given too (a registration number
    may pass the check)."""
    found = list(identifiers)
    for value in identifiers:
        imo = imo_number(value)
        if imo is not None and imo not in found:
            found.append(imo)

    def taken(m: re.Match[str]) -> str:
        imo = imo_number(m.group(1))
        if imo is None:
            return m.group(0)
        if imo not in found:
            found.append(imo)
        return " "

    cleaned = IMO_IN_NAME.sub(taken, name)
    if cleaned != name:
        # The brackets or the comma the number stood in.
        name = " ".join(re.sub(r"[(\[]\s*[)\]]", " ", cleaned).split()).strip(" ,;:-")
    return name, tuple(found)


#: FollowTheMoney's schemata by their names in any case, and by the other names users write:
#: FollowTheMoney calls an aircraft an Airplane.
SCHEMA_NAMES: Final = {s.name.casefold(): s.name for s in model.schemata.values()} | {"aircraft": "Airplane"}


def query_schema(schema: str | None) -> str | None:
    """A query's schema as FollowTheMoney names it: "Person", "person" and " PERSON" are Person,
    and "Aircraft" (issue #3's CLI, the word users and lists use) is FollowTheMoney's Airplane;
    None for nothing. Anything else is a QueryError naming the field."""
    if schema is None or not schema.strip():
        return None
    found = SCHEMA_NAMES.get(schema.strip().casefold())
    if found is None:
        raise QueryError(
            "schema", f"unknown schema {schema!r} (Person, Organization, Company, Vessel, Aircraft …)"
        )
    return found


def name_part_roles(
    name: str, schema: str | None, parts: dict[str, str], other_names: tuple[str, ...] = ()
) -> tuple[tuple[str, str], ...]:
    """What each part of a person's `name` is, from the record's name fields (`parts`:
    first_name, middle_name, last_name): the same reading as a list's fields get
    (`index.name_roles`: compound given names, Persian compound family names). With it, a
    middle name the listed name leaves out counts little (`features.omitted_query_middle_names`).

    A QueryError, naming the field, for name parts of a query that is no person's, and for a
    field none of whose words is in `name` or `other_names` (the same record's other names, as
    an API query gives them), by their consonants, though written in the same script: a record
    whose fields and full name disagree. Fields in another script than the names ("Ali", "Khamenei" beside
    "علی خامنه‌ای") are no disagreement; they name no part of the name as written, and say
    nothing of it."""
    if schema not in (None, "Person"):
        raise QueryError(next(iter(parts)), f"name parts are a person's, not a {schema}'s")
    names = [tokenize(n, False) for n in (name, *other_names)]
    written = {skel for tokens in names for skel in _skeletons(tokens)}
    scripts = {t.script for tokens in names for t in tokens}
    fields = {field_name: tokenize(value, False) for field_name, value in parts.items()}
    for field_name, given in fields.items():
        # A title alone ("Seyed") is a part of the name too; a field of no letters is no part.
        if any(t.script in scripts for t in given) and not _skeletons(given) & written:
            raise QueryError(field_name, f"{parts[field_name]!r} is not part of the name {name!r}")
    first, middle = parts.get("first_name"), parts.get("middle_name")
    if first and middle:
        # Read as one field, as lists give them: a "middle name" that makes a compound given
        # name with the first ("Mohammad" and "Reza") is half of the given name, not a middle name.
        first, middle = f"{first} {middle}", None
    last = parts.get("last_name")
    roles = name_roles([first] if first else [], [middle] if middle else [], [last] if last else [])
    # The name's own spelling of a part the fields spell otherwise ("Soleimani" in the name,
    # "Suleimani" in the field) takes its role: roles are looked up by the name's parts.
    by_skel: dict[str, str] = {}
    for given in fields.values():
        for t in given:
            if t.phon in roles:
                role = roles[t.phon]
                by_skel[t.skel] = role if by_skel.get(t.skel, role) == role else ""
    for t in (t for tokens in names for t in tokens):
        if t.kind == NAME and t.phon not in roles and by_skel.get(t.skel):
            roles[t.phon] = by_skel[t.skel]
    return tuple(sorted(roles.items()))


def _skeletons(tokens: tuple[Token, ...]) -> set[str]:
    """The consonant skeletons of a name's parts and of each two adjacent parts read as one: a
    record's fields and its full name may spell a part otherwise ("Muhammad", "Mohammad") or
    write it joined ("Ali-Reza", "Alireza"), and still agree."""
    return {t.skel for t in (*tokens, *joined_parts(tokens))}


def _birth_date(text: str | None) -> str | None:
    """The first date read from `text` (ISO: YYYY, YYYY-MM or YYYY-MM-DD); None for nothing.
    Unreadable or in the future: a QueryError naming the field."""
    if not text or not text.strip():
        return None
    dates = parse_date(text)
    if not dates:
        raise QueryError(
            "birth_date", f"cannot read {text!r} (a date such as 1961, 1961-03, 1961-03-02 or 02 Mar 1961)"
        )
    if dates[0] > date.today().isoformat():
        raise QueryError("birth_date", f"{text!r} is in the future")
    return dates[0]


def _nationality(text: str | None) -> str | None:
    """A country code for a country's name or code ("Iran", "IR", "IRN"); None for nothing.
    Anything else is a QueryError naming the field. Each text is read once (`_COUNTRIES`): a
    file gives the same few over and over, and FollowTheMoney's reading runs in the interpreter
    (0.9% of the wall clock of screening the dev queries)."""
    if not text or not text.strip():
        return None
    code = _COUNTRIES.get(text)
    if code is None:
        code = clean_country(text)
        if code is None:
            raise QueryError(
                "nationality", f"cannot read {text!r} (a country's name or ISO code, such as IR or Iran)"
            )
        if len(_COUNTRIES) < COUNTRY_TEXTS:
            _COUNTRIES[text] = code
    return code


#: The country codes of the nationalities queries gave, by their text as given (`_nationality`);
#: at most COUNTRY_TEXTS of them, so that a file of free text cannot fill memory.
_COUNTRIES: Final[dict[str, str]] = {}
COUNTRY_TEXTS: Final = 10_000


#: A prefix of two letters with a slash between ("M/V", "m/t").
SLASHED_PREFIX: Final = re.compile(r"\s*[^\W\d_]\s*/\s*[^\W\d_]\b")


def query_tokens(query: Query, name: str | None = None) -> tuple[Token, ...]:
    """The parts of a query's name (or of `name`, another spelling of it) as the screener compares
    them (a person's or an organisation's, as its schema says; either when it gives none)."""
    organisation = None if query.schema is None else query.schema != "Person"
    text = query.name if name is None else name
    tokens = tokenize(text, organisation)
    if query.schema not in (None, "Vessel"):
        return tokens
    # "M/V AREZOO": a vessel's name as shipping documents and payments write it; given no
    # schema, "M.V." only with a slash, which no person's initials are written with.
    return vessel_prefix(tokens, query.schema == "Vessel" or SLASHED_PREFIX.match(text) is not None)


def check_name(query: Query) -> None:
    """A QueryError when the query's name has nothing to screen (no letters or digits once
    cleaned: "!!!", an emoji): an empty result would read as "no match". For user input;
    the tokens are cached, so screening the query next splits its name once."""
    if not query_tokens(query) and not query.identifiers:
        raise QueryError("name", f"nothing to screen in {query.name!r} (no letters or digits)")


def _gender(text: str | None) -> str | None:
    """A person's gender as "male" or "female" (FollowTheMoney's values; "m", "F", "woman" …
    accepted); None for nothing or "other". Anything else is a QueryError naming the field."""
    if not text:
        return None
    cleaned = registry.gender.clean(text)
    if cleaned is None:
        raise QueryError("gender", f"cannot read {text!r} (male, female or other)")
    return cleaned if cleaned in ("male", "female") else None


def _lone_consonant(token: Token) -> bool:
    return len(token.text) == 1 and token.script == LATIN and token.text not in "aeiou"


#: A reading of the query's name (`Screener._readings`): its parts, its name ("" as written,
#: "turkish", "persian", …) and the forms whose parts' rarity its own may not exceed.
_Reading = tuple[tuple[Token, ...], str, tuple[tuple[Token, ...], ...]]


class _Named(NamedTuple):
    """What `Screener._best` keeps of a query name: its candidates, the names that repeat each
    (`_candidates`), and the alignments made so far, by the identity of the listed tokens."""

    chosen: list[int]
    siblings: dict[int, list[int]]
    alignments: dict[int, Alignment]


#: The least edit similarity (of the phonetic forms) at which two Latin name parts may pair,
#: for `_near_parts`: below the pairing's own least (MIN_PAIR), which its rules lift.
NEAR_PART: Final = 0.5


def _near_parts(q_tokens: tuple[Token, ...], c_tokens: tuple[Token, ...]) -> bool:
    """Whether two names written in Latin script have each name part of the query within
    NEAR_PART edit similarity (of the phonetic forms) of a name part of the listed one: a cheap
    test, before the alignment, that the query's parts may all pair (`_part_left`). The
    listed name may have more: a name cut by a field's length ("Vasiliy Aleksandrovi") leaves
    out the family name. False for a name in another script: a slip of the pen is a Latin
    spelling's, and the names across scripts a day's births hold (the EU's Persian-script
    aliases, the UN's Arabic-script names) cost alignments across scripts for nothing."""
    q_parts = [t.phon for t in q_tokens if t.kind == NAME]
    c_parts = [t.phon for t in c_tokens if t.kind == NAME]
    if not q_parts or not c_parts:
        return False
    if any(t.script != LATIN for t in q_tokens) or any(t.script != LATIN for t in c_tokens):
        return False
    near = Levenshtein.normalized_similarity
    return all(any(near(a, b) >= NEAR_PART for b in c_parts) for a in q_parts)


def _part_left(q_tokens: tuple[Token, ...], c_tokens: tuple[Token, ...], alignment: Alignment) -> bool:
    """Whether the alignment leaves a name part of the query unpaired, or one of the listed
    name while a part of the query pairs for no credit (`credit`; titles, particles and legal
    forms aside). A listed name may have a part more where the query's all pair: "Dmitriy
    Aleksandrovi", born 1982-06-09, is the EU's "Dmitriy Aleksandrovich PANTUS", born that day,
    cut to 20 letters; a dozen other listed Dmitriy Aleksandroviches took the name stage's
    places, and a part left of either name left him out of the day's births as well
    (bench.typos --cut 20). But "Reza Ahmadi" is not "Mohammad Reza MOHAMMADI": Ahmadi pairs
    with Mohammadi for nothing."""
    if any(q_tokens[i].kind == NAME for i in alignment.unmatched_q):
        return True
    if not any(c_tokens[j].kind == NAME for j in alignment.unmatched_c):
        return False
    return any(credit(p.sim) == 0.0 for p in alignment.pairs if any(q_tokens[i].kind == NAME for i in p.q))


def _better(match: Match, than: Match | None) -> bool:
    """Whether `match` is kept before `than`, of the same listed subject: a higher score, or
    as high a score (it saturates near 1) with nearer parts, which explain it better. Read as
    written, "Мохаммад" is Mokhammad, 0.93 against Mohammad, and read as a Persian name,
    Mohammad: "Мохаммад Реза Нагди" scores 0.990 against NAQDI either way."""
    if than is None or match.score > than.score:
        return True
    if match.score < than.score:
        return False
    return _nearness(match) > _nearness(than)


def _nearness(match: Match) -> float:
    """The sum of a match's part similarities (0 for one without an alignment)."""
    return sum(p.sim for p in match.alignment.pairs) if match.alignment is not None else 0.0


class Screener:
    """Screens queries against one index with one algorithm. Safe to share between threads."""

    def __init__(self, index: Index, algorithm: Algorithm | None = None) -> None:
        self.index = index
        self.algorithm = algorithm or default_algorithm()
        load_tables()
        load_abbreviations()
        slavic.load_tables()
        respell.load_tables()
        # Tokenised once (about 9 ms), here rather than at the first organisation compared.
        country_words()
        self._expansions: dict[tuple[Token, bool], tuple[NDArray[np.int32], NDArray[np.float64]]] = {}
        #: (a reading's parts, datasets, names scored) -> the candidates (`_candidates`) and
        #: their alignments with the parts, by the identity of the listed name's tokens
        self._named: dict[tuple[tuple[Token, ...], frozenset[str] | None, int], _Named] = {}
        #: (a query's name, its schema) -> its readings (`_readings`), as many names as `_named`
        self._read: dict[tuple[str, str | None], list[_Reading]] = {}
        self._masks: dict[frozenset[str], NDArray[np.bool_]] = {}
        self._actor_id: dict[int, str] = {}
        #: subject number -> its actor's records, the subject first (a match's `sources`)
        self._sources: dict[int, tuple[Subject, ...]] = {}
        #: subject number -> the number of its actor's first record (None: no actors)
        self._group: NDArray[np.int32] | None = None
        #: subject number -> the record with its actor's facts (`_actor_facts`), where they add
        self._facts: dict[int, Subject] = {}
        self._ownership: Callable[[Subject], dict[str, Any] | None] | None = None
        #: the datasets of the index that are a user's ownership data, not lists
        self._parties = frozenset(d for d in {s.dataset for s in index.subjects} if is_ownership_dataset(d))
        #: birth date, birth year and "~" and a year given alone -> the listed names of the
        #: people born then (`_born_names`), made when first needed
        self._born: dict[str, NDArray[np.int32]] | None = None
        #: the phonetic forms of the listed names' Latin parts (`_unlisted_part`)
        self._forms: frozenset[str] | None = None
        #: the words known to be names (`_slip_names`)
        self._known: frozenset[str] | None = None
        #: the listed names' Latin parts (`Token.text`), sorted, and the names holding each
        #: (`_completions`), made when first needed
        self._parts_by_text: tuple[list[str], list[Token], list[list[NDArray[np.int32]]]] | None = None
        #: listed name number -> how many name parts it has (made with `_born`)
        self._sizes: NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        #: identifier -> the subjects bearing it (`_identified`)
        self._by_identifier: dict[str, list[int]] = {}
        for n, subject in enumerate(index.subjects):
            for identifier in subject.identifiers:
                self._by_identifier.setdefault(identifier, []).append(n)

    def prepare(self) -> None:
        """Make now the tables of the index that screening makes when a query first needs them:
        the words known to be names (`_slip_names`), the listed parts' forms (`_listed_forms`) and
        texts (`_parts_by_texts`), the names by birth date (`_born_names`), and the listed Latin
        parts' consonants as written (`similarity.learn_written`). Made so, they are
        part of loading the index (`hisab screen-file` reports them in `seconds_index`) rather than
        of the first queries that need them, or of a server's first requests: on the benchmark's
        index they take 0.22 to 0.39 s, and its first queries took up to 92 ms each while they
        were made (docs/benchmarks.md). Call it after `use_actors`, which makes the names by birth
        date anew (an actor's records share their dates)."""
        self._slip_names("Person")
        self._listed_forms()
        self._parts_by_texts()
        self._born_names()
        index = self.index
        learn_written(
            part.text
            for vocab in (index.vocab, index.joined_vocab)
            for latin, _, _, _ in vocab.values()
            for part in latin
        )

    def use_ownership(self, check: Callable[[Subject], dict[str, Any] | None]) -> None:
        """Report companies of the user's ownership data (which are on no list) when `check`
        finds them blocked by ownership or at risk; others are left out of the results."""
        self._ownership = check

    def _with_ownership(self, found: Iterable[Match]) -> Iterator[Match]:
        """A result that stands only for parties of ownership data is no listing: it stays
        only when blocked by ownership (a match, if the names match) or at risk (never a
        match), with the arithmetic. Lazy: only the results taken are checked."""
        for m in found:
            if not all(s.dataset in self._parties for s in m.records):
                yield m
                continue
            info = self._ownership(m.subject) if self._ownership is not None else None
            if info is not None and (info["blocked"] or info["risk"]):
                yield m.with_ownership(info, m.match and bool(info["blocked"]))

    def use_actors(self, actor_of: dict[tuple[str, str], str]) -> None:
        """Answer with resolved actors (`hisab resolve`): one result per actor, with all its
        records, instead of one per list entry. `actor_of`: (dataset, record id) -> actor id."""
        members: dict[str, list[Subject]] = {}
        self._actor_id = {}
        for n, subject in enumerate(self.index.subjects):
            actor = actor_of.get((subject.dataset, subject.record_id))
            if actor is not None:
                self._actor_id[n] = actor
                members.setdefault(actor, []).append(subject)
        # A match is made with its actor and records (`_score`), not copied with them when
        # results are grouped: `dataclasses.replace` of a match of sixteen fields, for each
        # result, was 7% of screening a customer file against resolved lists.
        self._sources = {}
        self._facts = {}
        first: dict[str, int] = {}
        group = np.arange(len(self.index.subjects), dtype=np.int32)
        for n, actor in self._actor_id.items():
            subject = self.index.subjects[n]
            others = tuple(s for s in members[actor] if s is not subject)
            self._sources[n] = (subject, *others)
            facts = _actor_facts(subject, others)
            if facts is not None:
                self._facts[n] = facts
            group[n] = first.setdefault(actor, n)
        self._group = group if self._actor_id else None
        # The candidates are chosen per actor now (`_candidates`), and a record is born when
        # its actor is (`_born_candidates`).
        self._named = {}
        self._born = None

    def _expand(self, token: Token, joined_key: bool) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
        """The listed names holding a part like `token`, with how much that part counts (0–1).

        The vocabulary parts whose skeleton is `token`'s or one edit away are
        compared with it in full (the same part similarity the scoring uses); each
        name counts its best such part once. A joined query pair is looked up among
        single listed parts only, so "Mohammad Bagher" against "Mohammad Baqer" does
        not count twice. Cached per part: common parts recur in every batch.
        """
        key = (token, joined_key)
        cached = recalled(self._expansions, key)
        if cached is not None:
            # The parts every query shares stay when the cache is trimmed.
            return cached
        arabic = token.script == ARABIC
        # The parts of the other script (Latin against Latin, Arabic script against Latin) go
        # through one vectorised call; Arabic script against Arabic script, and numbers, one by one.
        batch: list[Token] = []
        batch_ids: list[NDArray[np.int32]] = []
        single_sims: list[float] = []
        single_ids: list[NDArray[np.int32]] = []
        index = self.index
        skels = index.lookup(token.skel)
        own: tuple[str, ...] = (token.skel,)
        he = he_skeleton(token)  # None but for Arabic-script parts
        if he is not None:
            # Parts read joined across a silent ه (آدینه وند): romanisations write it ("Adinehvand").
            own = (token.skel, he)
            skels += tuple(s for s in index.lookup(he) if s not in skels)
        if arabic:
            # خ romanised k or h, ش the French way ch (`near_skeletons`): the parts filed under
            # the skeleton so read, not its neighbours.
            # The lookup may hold such a skeleton already, as one edit away: it is the part's own
            # all the same (عليعسكري is "'lskr", read "'lsgr": the listed "Ali-Asgari", read
            # joined, was not compared while it counted as a neighbour only).
            for read in near_skeletons(token.skel):
                if read in index.vocab or read in index.joined_vocab:
                    own += (read,)
                    if read not in skels:
                        skels += (read,)
        else:
            # Its other spelling of кс ("Maxim" and "Maksim"), two letters away: that skeleton's
            # parts, not its neighbours.
            spelled = ks_skeleton(token)
            if (
                spelled is not None
                and spelled not in skels
                and (spelled in index.vocab or spelled in index.joined_vocab)
            ):
                skels += (spelled,)
            # Its h read as kh and its kh as h (Turkish "Hamaney", Russian "Akhmed"): those
            # skeletons' parts, not their neighbours.
            for read in kh_skeletons(token):
                if read not in skels and (read in index.vocab or read in index.joined_vocab):
                    skels += (read,)
        # The parts filed under each skeleton, and (unless the query part is itself a joined
        # pair) the joined pairs. A look-up gives about 18 skeletons, most with a bucket or two
        # of no part of the other script: the loop asks only what each bucket needs.
        vocabs = (index.vocab,) if joined_key else (index.vocab, index.joined_vocab)
        number = token.kind == NUMBER
        for skel in skels:
            # Across scripts the skeletons already absorb what Arabic script does not write:
            # comparing one edit away as well would cost many alignments.
            batched = not number and (not arabic or skel in own)
            for vocab in vocabs:
                bucket = vocab.get(skel)
                if bucket is None:
                    continue
                latin, latin_ids, others, other_ids = bucket
                if number:
                    others, other_ids = latin + others, latin_ids + other_ids
                elif batched:
                    batch += latin
                    batch_ids += latin_ids
                if others:
                    # A part can earn credit only above PRESCORE_ZERO (`prescore_credits`): each
                    # pair is compared only as far as that floor (`similarity_at_least`).
                    single_sims += [similarity_at_least(token, part, PRESCORE_ZERO) for part in others]
                    single_ids += other_ids
        if not arabic and token.kind == NAME and len(token.skel) < MIN_FUZZY_SKELETON:
            # A short part's typo ("Amtu" for "Amru") or other spelling ("Wing" for "Wings")
            # may have another skeleton, which `lookup` does not reach for short ones: the
            # listed short forms one edit away.
            for skel, i in index.near_forms(token):
                if skel not in skels:
                    latin, latin_ids, _, _ = index.vocab[skel]
                    batch.append(latin[i])
                    batch_ids.append(latin_ids[i])
        if not arabic and not joined_key and token.kind == NAME:
            # A generic word of organisation names written cut short ("TECH"): the listed names
            # holding the word (Technology), which no skeleton of the short form reaches. Not
            # for two parts read joined: "TELE.COM" read as "telecom" would be every listed
            # Telecommunications' abbreviation, and those crowded CALI @ TELE.COM out.
            for word in abbreviated_words(token):
                bucket = index.vocab.get(word.skel)
                if bucket is not None:
                    latin, latin_ids, _, _ = bucket
                    held = [i for i, part in enumerate(latin) if part.phon == word.phon]
                    batch += [latin[i] for i in held]
                    batch_ids += [latin_ids[i] for i in held]
        # Nothing below PRESCORE_ZERO earns credit (`prescore_credits`): compared only so far.
        sims = similarities(token, batch, initials=False, floor=PRESCORE_ZERO) if batch else np.empty(0)
        result = credited(batch_ids + single_ids, sims, single_sims, len(index.name_tokens))
        return stored(self._expansions, key, result, EXPANSION_CACHE)

    def _cut_short(self, token: Token) -> bool:
        """Whether the query's last part may be a listed part cut short: no name is spelled so
        (`_slip_names`), as `align` asks; `similarity.cut_short` says which listed parts it may
        be (`_completions`). "Aleksandrovi" (of "Vasiliy Aleksandrovi", a name cut to 20
        letters) is no name, and its skeleton is two letters or more from the part it begins,
        which `lookup` does not reach: the name stage chose only the listed Vasiliys with the
        most of its rarity, and NIKITIN's name was never scored."""
        known = self._slip_names("Person")
        return known is not None and token.text not in known

    def _with_completions(
        self, token: Token, ids: NDArray[np.int32], credits: NDArray[np.float64]
    ) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
        """`_expand`'s names for the query's last part (`ids`, `credits`), with those holding a
        listed part it begins (`_completions`), at a slip's credit (SLIP, as `align` pairs them)
        times no more than the listed part's rarity over the query part's: a cut-off part may
        complete a common one. Each name counts its best part once."""
        more = self._completions(token)
        if not more:
            return ids, credits
        own = self.index.weight(token) or 1.0
        share = float(prescore_credits(np.asarray([SLIP]))[0])
        found = [ids] + [names for _, names in more]
        values = [credits] + [
            np.full(len(names), share * min(1.0, self.index.weight(part) / own)) for part, names in more
        ]
        return merged(found, values, len(self.index.name_tokens), False)

    def _parts_by_texts(self) -> tuple[list[str], list[Token], list[list[NDArray[np.int32]]]]:
        """The listed names' Latin name parts' texts, sorted, with their tokens and the names
        holding each (`_completions`)."""
        made = self._parts_by_text
        if made is None:
            held: dict[str, tuple[Token, list[NDArray[np.int32]]]] = {}
            for latin, latin_ids, _, _ in self.index.vocab.values():
                for part, names in zip(latin, latin_ids, strict=True):
                    if part.kind == NAME:
                        held.setdefault(part.text, (part, []))[1].append(names)
            words = sorted(held)
            # Made whole, then set: threads sharing the screener see it made or not at all. Each
            # part's names are merged when asked for: few parts ever are, and merging all thirty
            # thousand took 0.3 s of a new screener's first query that needed them.
            made = (words, [held[w][0] for w in words], [held[w][1] for w in words])
            self._parts_by_text = made
        return made

    def _completions(self, token: Token) -> list[tuple[Token, NDArray[np.int32]]]:
        """The listed Latin name parts `token` may be cut short from (`similarity.cut_short`),
        each with the listed names holding it."""
        texts, parts, postings = self._parts_by_texts()
        start = bisect.bisect_left(texts, token.text)
        end = bisect.bisect_left(texts, token.text + "\uffff", start)
        return [
            (parts[i], _distinct(np.concatenate(postings[i])))
            for i in range(start, end)
            if cut_short(token, parts[i])
        ]

    def _shortened(self, word: str) -> NDArray[np.int32]:
        """The organisations' names `word` takes the first syllables of (`spells_syllables`)."""
        index = self.index
        found = {
            int(n)
            for key in set(syllable_keys(word))
            for n in index.syllables.get(key, ())
            if spells_syllables(word, syllable_words(index.name_tokens[n]))
        }
        return np.fromiter(sorted(found), dtype=np.int32, count=len(found))

    def _allowed(self, datasets: frozenset[str]) -> NDArray[np.bool_]:
        """Which listed names belong to `datasets` (cached per set of datasets)."""
        found = self._masks.get(datasets)
        if found is None:
            index = self.index
            by_subject = np.fromiter((s.dataset in datasets for s in index.subjects), dtype=np.bool_)
            found = by_subject[index.name_subject] if len(index.name_subject) else np.zeros(0, dtype=np.bool_)
            if len(self._masks) >= 64:
                self._masks.clear()
            self._masks[datasets] = found
        return found

    def candidates(
        self,
        tokens: tuple[Token, ...],
        datasets: frozenset[str] | None = None,
        max_names: int = MAX_NAMES,
        floor: float = PRESCORE_FLOOR,
    ) -> list[int]:
        """Name numbers worth scoring in full, best first.

        A vectorised prescore: each query part (and each pair of adjacent parts,
        for names written joined) adds its rarity weight, times how alike the
        listed part is, to every listed name holding a part like it. The best
        names by that sum, at most a few per subject, go on to full scoring.
        """
        return self._candidates(tokens, datasets, max_names, floor)[0]

    def _candidates(
        self,
        tokens: tuple[Token, ...],
        datasets: frozenset[str] | None,
        max_names: int,
        floor: float = PRESCORE_FLOOR,
    ) -> tuple[list[int], dict[int, list[int]]]:
        """`candidates`, and for each name chosen, the names of its subject (or actor) that
        repeat it (the same parts, in any order), which take no place of their own: `_best`
        scores them only when the chosen name's parts come in another order than the query's."""
        index = self.index
        names = [t for t in tokens if t.kind == NAME] or list(tokens)
        keys = [(t, index.weight(t), False) for t in names]
        keys += [
            (joined(a, b), JOINED_SHARE * (index.weight(a) + index.weight(b)), True)
            for a, b in itertools.pairwise(names)
            # A consonant alone is an initial, not half of a compound ("M. Y. Ahmad" is no
            # "Yahmad"); a vowel alone may be a syllable ("Cho Il U" is also "Cho Ilu").
            if not (_lone_consonant(a) or _lone_consonant(b))
        ]
        #: The query's rarity mass: its own parts, not the joined pairs.
        mass = sum(w for _, w, _ in keys[: len(names)])
        arrays: list[NDArray[np.int32]] = []
        values: list[NDArray[np.float64]] = []
        cut = names[-1] if names[-1] is tokens[-1] and self._cut_short(tokens[-1]) else None
        for token, weight, joined_key in keys:
            ids, credits = self._expand(token, joined_key)
            if token is cut:  # not a joined pair, a token of its own
                ids, credits = self._with_completions(token, ids, credits)
            if len(ids):
                arrays.append(ids)
                values.append(credits * weight)
        letters = acronym_of(tokens)
        if letters in index.acronyms:
            # An acronym query ("IRGC", "E.C.A.") finds the names whose initials it spells.
            hits = index.acronyms[letters]
            arrays.append(hits)
            values.append(np.full(len(hits), mass * 2.0))
        if len(letters) >= MIN_SYLLABLES:
            # A short name of first syllables ("COPETE") finds the names it shortens.
            shortened = self._shortened(letters)
            if len(shortened):
                arrays.append(shortened)
                values.append(np.full(len(shortened), mass * 2.0))
        if not arrays:
            return [], {}
        # The names found (`pool`, in the order of their numbers) and their sums.
        pool, counted = merged(arrays, values, len(index.name_tokens), True)
        if len(names) < len(tokens):
            for title in (t for t in tokens if t.kind in (HONORIFIC, LEGAL)):
                # A title both names bear ("Sayyed") counts as little as it weighs, and only
                # among the names holding the query's name parts: without it, "Sayyed Haqqani"
                # ranked twelve shorter Haqqanis before "Sayyed Mohammed HAQQANI". So does an
                # organisation's legal form or company word, among the names holding all of them
                # (LEGAL_AMONG): "SAD EXPORT IMPORT COMPANY" ranked twelve other names ("Saad", "Abu
                # Sad") before "SAD Import Export Company". Among names holding some, it would rank
                # the companies sharing a word and a legal form ("KOREA ... SHIPPING CO") first.
                ids, credits = self._expand(title, False)
                # The title's names among those found (`pool` is sorted, and never empty here).
                spots = np.minimum(pool.searchsorted(ids), len(pool) - 1)
                held = pool[spots] == ids
                spots, credits = spots[held], credits[held]
                holding = counted[spots] >= LEGAL_AMONG * mass if title.kind == LEGAL else counted[spots] > 0
                counted[spots[holding]] += credits[holding] * index.weight(title)
        letters_alone = [t for t in names if len(t.text) == 1]
        wanted = initial_bits(letters_alone) if len(letters_alone) < len(names) else 0
        if wanted:
            # Initials ("M. Y. Ahmad"; not a name of letters only, which is an acronym): the
            # names holding the query's other parts whose words begin with its letters, as
            # `token_similarity` credits an initial (half a part).
            begins = (index.name_initials[pool] & wanted) == wanted
            counted[begins & (counted > 0)] += credit(INITIAL_SIMILARITY) * sum(
                index.weight(t) for t in letters_alone
            )
        # A name sharing less than this share of the query's rarity mass cannot score high.
        # Among names sharing the same parts, prefer those with fewer other parts: "Mohammad
        # Bagheri" before "Mohammad Bagher Zolghadr" for "محمد باقری" (LENGTH_TIEBREAK). With
        # resolved actors, the names are limited per actor, and one actor's many records (nine
        # for Naqdi) must not fill the list: look further down it.
        top, owners, top_scores = choose(
            pool,
            counted,
            floor * mass,
            index.name_lengths,
            LENGTH_TIEBREAK,
            max_names * (8 if self._group is not None else 2),
            self._allowed(datasets) if datasets is not None else None,
            index.name_subject,
            self._group,
        )
        if not top:
            return [], {}
        chosen: list[int] = []
        siblings: dict[int, list[int]] = {}
        # subject (or actor) -> its names chosen, as (weak alias or not, parts in any order) ->
        # the place in `chosen`: all the scoring tells one subject's names apart by, but for
        # the order of the parts (an actor's records share its facts: `_actor_facts`)
        per_subject: dict[int, dict[tuple[bool, tuple[str, ...]], int]] = {}
        last = 0.0
        for n, s_idx, score in zip(top, owners, top_scores, strict=True):
            if len(chosen) >= max_names and score < last:
                # Enough, and no name left tied with the last chosen: which of several tied
                # names is scored must not depend on the order they come in.
                break
            taken = per_subject.setdefault(s_idx, {})
            name = (index.name_kind[n] == "weak", any_order(index.name_tokens[n]))
            place = taken.get(name)
            if place is not None:
                # The same name again (OFAC's and the CSL's copies of one actor's record,
                # "SALEHI Ali" and its alias "Ali SALEHI") would take the place of the actor's
                # other names ("NAMHUNG" twice, a weak alias, kept "Namhung Trading
                # Corporation" from being scored at all): one is scored, and the others only
                # when its parts come in another order than the query's.
                siblings.setdefault(chosen[place], []).append(n)
                continue
            if len(taken) >= NAMES_PER_SUBJECT:
                continue
            taken[name] = len(chosen)
            chosen.append(n)
            last = score
        return chosen, siblings

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
        reading: str = "",
        number: int = -1,
    ) -> Match:
        """`number`: the subject's number in the index, when screening (-1, none: a subject
        compared on its own). With resolved actors (`use_actors`), the subject is then compared
        with its actor's facts (`_actor_facts`), and the match, which still names `subject`,
        carries the actor and its records."""
        facts = self._facts.get(number)
        if alignment is None:
            alignment = align(tokens, c_tokens, names=self._slip_names(subject.schema))
        comparison = Comparison(
            query=query,
            q_tokens=tokens,
            q_weights=q_weights,
            subject=facts if facts is not None else subject,
            c_tokens=c_tokens,
            c_weights=c_weights if c_weights is not None else tuple(self.index.weight(t) for t in c_tokens),
            name_kind=kind,
            alignment=alignment,
            generic=self.index.generic,
        )
        score, fired = self.algorithm.score(comparison)
        read: tuple[str, ...] = ("query",) if reading == "russian" else ()
        key = tuple(t.phon for t in c_tokens) if subject.read_names or subject.spelled_names else ()
        if key in subject.read_names:
            read += ("listed",)
        return Match(
            subject,
            score,
            score >= self.algorithm.threshold,
            fired,
            self.algorithm,
            read_as_russian=read,
            read_as_persian=reading == "persian",
            spelled_with_digraphs=(("query",) if reading == "spelled" else ())
            + (("listed",) if key in subject.spelled_names else ()),
            respelled_from=reading if reading in ORTHOGRAPHIES else None,
            left_out=comparison.left_out,
            actor_id=self._actor_id.get(number),
            sources=self._sources.get(number, ()),
            q_tokens=tokens,
            c_tokens=c_tokens,
            alignment=alignment,
        )

    def compare(
        self,
        query: Query,
        subject: Subject,
        tokens: tuple[Token, ...] | None = None,
        max_names: int | None = None,
    ) -> Match:
        """Score `query` against one subject (any of its names, or its first `max_names`), with
        the index's rarity weights. `tokens`: the query's name already split into parts (a
        listed name, when two listed records are compared)."""
        readings = [(tokens, "", ())] if tokens is not None else self._readings(query)
        matches: list[Match] = []
        for read, reading, rarer_not in readings:
            q_weights = self._weights(read, rarer_not)
            matches += [
                self._score(query, read, q_weights, subject, names, kind, reading=reading)
                for names, kind in subject.names[:max_names]
            ]
        return max(matches, key=lambda m: m.score)

    def _weights(
        self, tokens: tuple[Token, ...], rarer_not: tuple[tuple[Token, ...], ...]
    ) -> tuple[float, ...]:
        """The rarity weights of a reading's parts (`Index.weight`), each no more than that of
        the part in its place in each form of `rarer_not` (`_readings`) that has as many parts."""
        weights = tuple(self.index.weight(t) for t in tokens)
        for form in rarer_not:
            if len(form) == len(tokens):
                weights = tuple(min(w, self.index.weight(t)) for w, t in zip(weights, form, strict=True))
        return weights

    def _readings(self, query: Query) -> list[_Reading]:
        """The query's name as written (reading ""), and as it may be read too, each with the
        reading's name: a person's name written the Belarusian or the Ukrainian way as its
        Russian form ("russian"; names/slavic.py; the index holds listed names both ways), and
        a name in Cyrillic script as a Persian or Arabic name written the Russian way
        ("persian"; х as h, г as gh: "Ахмад Вахиди" is Ahmad Vahidi; tokens.persian_form); a
        name with š, č or ž spelled with sh, ch, zh ("spelled": tokens.digraph_spelling); a
        person's name romanised by another language's rules (German, Polish, …) respelled the
        English way (the language's name: names/respell.py, ORTHOGRAPHIES). Each reading that
        reads as an earlier one is left out.

        With each reading, the forms whose parts' rarity its own parts' may not exceed (or ()):
        for a respelling of a name in plain (ASCII) letters, the name as written; for an
        orthography's second respelling (its `variant` rules), its first as well; for the Persian
        reading of a Cyrillic name, the name as written. Such a reading is the name as written
        read otherwise, and no stronger evidence: "Hüseyin" read the Turkish way with h as kh is
        "Khusein", a rare spelling of the common Husein, and counted as rare it made an ordinary
        name strong evidence; the listed weak alias "Iranvisacart", read the Turkish way as the
        unseen "iranvisajart", rose from 0.48 to 0.58 against its own record, and "Colonel
        Omega", whose title the reading made a name ("jolonel"), from nothing to 0.88.

        They depend on the name and the schema alone, and are kept for the names screened most
        recently: a customer file repeats names (the 100,000 synthetic customers hold 40,299
        distinct ones), and working them out was 5% of screening the first 10,000 of them
        (1.4 of 29.8 billion instructions)."""
        key = (query.name, query.schema)
        found = recalled(self._read, key)
        return found if found is not None else stored(self._read, key, self._read_name(query), NAME_CACHE)

    def _read_name(self, query: Query) -> list[_Reading]:
        """`_readings`, worked out."""
        tokens = query_tokens(query)
        readings: list[_Reading] = [(tokens, "", ())]
        # A Belarusian or Ukrainian name's Russian form is read from its English spelling where
        # it has another: respelled from German or Polish ("Aleksandr Łukaszenka" as Lukashenka),
        # or with digraphs ("Lukašenka" as Lukashenka), as the index reads both; then
        # Lukashenko.
        slavic_form = tokens
        # A person's name only: not a query of no kind named with a legal form, which is read as
        # an organisation's (`features._query_schema`). Respelled, "HARA COMPANY" read the
        # Turkish way (a c before a vowel) was "hara jompany", a person's name of two rare parts.
        person = query.schema == "Person" or (query.schema is None and not has_legal_form(tokens))
        respelled_names = respellings(query.name) if person else []
        respelled: list[_Reading] = []
        firsts: dict[str, tuple[Token, ...]] = {}
        # A name in plain letters read as written is a reading of its own, and a respelling
        # weighs no more. Not a name with letters of its orthography: read as written, they are
        # folded to other names' letters ("Çol" as "col", a skeleton many names share).
        as_written: tuple[tuple[Token, ...], ...] = (tokens,) if query.name.isascii() else ()
        for language, name in respelled_names:
            form = query_tokens(query, name)
            # An orthography's first respelling, then its variant (`respellings`).
            first = firsts.setdefault(language, form)
            respelled.append((form, language, as_written if first is form else (*as_written, first)))
        # The Polish respelling spells ż as zh already. A name respelled another way (Czech,
        # Lithuanian, Latvian, Turkish, …) is read with digraphs as well, as before: its j may
        # be the South Slavic one ("Šešelj"), its final s the name's own, its ş Romanian ("Ilan
        # Şor"). A Hungarian name has no š, č or ž to spell so.
        spelled = (
            None
            if respelled and respelled_names[0][0] in ("polish", "german")
            else digraph_spelling(query.name)
        )
        if spelled is not None:
            spelled_form = query_tokens(query, spelled)
            readings.append((spelled_form, "spelled", ()))
            slavic_form = spelled_form
        readings += respelled
        if respelled:
            slavic_form = respelled[0][0]
        russian = slavic.russian_reading(slavic_form, cyrillic_language(query.name)) if person else None
        if russian is not None:
            readings.append((russian, "russian", ()))
        persian = persian_reading(tokens)
        if persian is not None:
            # Its parts weigh no more than as written: "Михаил" read as "Mihail" is no rarer
            # than Mikhail.
            readings.append((persian, "persian", (tokens,)))
        # A reading that reads as an earlier one is screened once: a Turkish name's respelling is
        # often its name as written ("Yılmaz") or with digraphs ("Şahin": Shahin).
        seen: set[tuple[tuple[str, str, str], ...]] = set()
        distinct: list[_Reading] = []
        for form, reading, rarer_not in readings:
            key = tuple((t.phon, t.script, t.kind) for t in form)
            if key not in seen:
                seen.add(key)
                distinct.append((form, reading, rarer_not))
        return distinct

    def screen(
        self,
        query: Query,
        top: int = 10,
        datasets: set[str] | frozenset[str] | None = None,
        parties: bool = False,
    ) -> list[Match]:
        """The best `top` listed subjects for `query`, best first.

        `parties`: keep the parties of the user's ownership data as they are (for finding
        them by name); by default they are results only when blocked by ownership or at risk.

        `datasets` limits the search to those datasets' subjects (before candidates are
        chosen, so that other lists' near-namesakes do not crowd them out). At least
        MAX_NAMES listed names are scored in full, more when `top` asks for more.
        """
        best: dict[int, Match] = {}
        wanted = frozenset(datasets) if datasets else None
        readings = self._readings(query)
        for tokens, reading, rarer_not in readings:
            if tokens:
                self._best(query, tokens, wanted, top, best, reading, rarer_not)
        if query.identifiers:
            self._identified(query, readings[0][0], wanted, best)
        ranked = sorted(best.items(), key=lambda item: (-item[1].score, item[1].subject.id))
        matches = (m for _, m in ranked)
        found = self._grouped(matches) if self._actor_id else matches
        if self._parties and not parties:
            found = self._with_ownership(found)
        return list(itertools.islice(found, top))

    def _best(
        self,
        query: Query,
        tokens: tuple[Token, ...],
        datasets: frozenset[str] | None,
        top: int,
        best: dict[int, Match],
        reading: str = "",
        rarer_not: tuple[tuple[Token, ...], ...] = (),
    ) -> None:
        """Score the candidates of one reading of the query (`reading`: its name, see
        `_readings`); keep each subject's best match in `best` (subject number -> match). A
        part weighs no more than the part in its place in each form of `rarer_not` (`_weights`)."""
        index = self.index
        q_weights = self._weights(tokens, rarer_not)
        # The candidates and alignments depend on the name alone (not on the birth date or
        # the nationality): a name screened before reuses them, and only the scoring is done.
        max_names = max(MAX_NAMES, top)
        key = (tokens, datasets, max_names)
        # The names a file repeats most stay when the cache is trimmed.
        named = recalled(self._named, key)
        # The part similarities the alignments need, computed a query part at a time (`prime`),
        # for this call's alignments only: a name screened before has its alignments made.
        rows: list[dict[Token, float]] | None = None
        if named is None:
            chosen, siblings = self._candidates(tokens, datasets, max_names)
            rows = prime(tokens, list({t for n in chosen for t in index.name_tokens[n]}))
            named = stored(self._named, key, _Named(chosen, siblings, {}), NAME_CACHE)
        chosen, siblings, alignments = named
        # The query's adjacent parts read as one, made when an alignment first needs them.
        q_joined: list[tuple[Token, ...]] = []
        for first in chosen:
            for n in (first, *siblings.get(first, ())):
                alignment = self._aligned(tokens, n, alignments, q_joined, rows)
                self._keep(query, tokens, q_weights, n, alignment, reading, best)
                if alignment.in_order:
                    # The same name in another order (`_candidates`) would score no higher.
                    break
        if not (
            query.birth_date and query.schema in (None, "Person") and all(t.script == LATIN for t in tokens)
        ):
            return
        # A full date: the day's births for any name; the year's whose list gives the year alone,
        # and a year's births, only for a part no listed name spells (`_unlisted_part`).
        day_only = not self._unlisted_part(tokens)
        if day_only and len(query.birth_date) < 10:
            return
        taken = {n for first in chosen for n in (first, *siblings.get(first, ()))}
        for n in self._born_candidates(tokens, query.birth_date, datasets, taken, day_only):
            if not _near_parts(tokens, index.name_tokens[n]):
                continue
            alignment = self._aligned(tokens, n, alignments, q_joined)
            if _part_left(tokens, index.name_tokens[n], alignment):
                # Another name, not this one spelled otherwise: a birth date shared by
                # chance and a given name ("Javad Mohammadi", born 1966-07-24, and OFAC's
                # "OJI, Javad", born that day) are no evidence the name stage missed.
                continue
            self._keep(query, tokens, q_weights, n, alignment, reading, best)

    def _aligned(
        self,
        tokens: tuple[Token, ...],
        n: int,
        alignments: dict[int, Alignment],
        q_joined: list[tuple[Token, ...]],
        rows: list[dict[Token, float]] | None = None,
    ) -> Alignment:
        """The alignment of the query's parts with listed name `n`'s, made once: lists repeat
        the same name (OFAC and the CSL, aliases), and `alignments` keeps them by the identity
        of the listed tokens. `q_joined` holds the query's joined parts once made; `rows`, the
        query's part similarities `prime` gave (`align`)."""
        index = self.index
        c_tokens = index.name_tokens[n]
        names = self._slip_names(index.subjects[index.name_subject[n]].schema)
        # Lists may share one name's tokens between a person and an organisation, which are
        # aligned apart (`_slip_names`).
        key = id(c_tokens) << 1 | (names is not None)
        alignment = alignments.get(key)
        if alignment is None:
            if not q_joined:
                q_joined.append(joined_parts(tokens))
            alignment = align(tokens, c_tokens, q_joined[0], index.name_joined[n], names, rows)
            alignments[key] = alignment
        return alignment

    def _slip_names(self, schema: str) -> frozenset[str] | None:
        """What `align` reads slips of the pen by (its `names`) in a listed name of `schema`:
        for a person's, the words known to be names (`Token.text`), to tell a slip from another
        name: every Latin part of a listed name, and the table of people's names
        (`tables.person_parts`, 155,000 words, which lacks many a Persian surname: "Zarei",
        "Gholami", "Nemati" are known by the lists). None for an organisation's, which is not
        read for slips (one letter apart is often another body)."""
        if schema != "Person":
            return None
        if self._known is None:
            listed = {t.text for latin, _, _, _ in self.index.vocab.values() for t in latin}
            self._known = frozenset(listed) | tables.person_parts()
        return self._known

    def _keep(
        self,
        query: Query,
        tokens: tuple[Token, ...],
        q_weights: tuple[float, ...],
        n: int,
        alignment: Alignment,
        reading: str,
        best: dict[int, Match],
    ) -> None:
        """Score listed name `n`, and keep the match as its subject's if it is the best yet."""
        index = self.index
        s_idx = int(index.name_subject[n])
        match = self._score(
            query,
            tokens,
            q_weights,
            index.subjects[s_idx],
            index.name_tokens[n],
            index.name_kind[n],
            index.name_weights[n],
            alignment,
            reading,
            s_idx,
        )
        if _better(match, best.get(s_idx)):
            best[s_idx] = match

    def _unlisted_part(self, tokens: tuple[Token, ...]) -> bool:
        """Whether a name part of the query is spelled as no listed name's part is: a slip of
        the pen makes such a form ("Belalem" for BELKALEM), and only then are the names born in
        the query's year whose list gives the year alone looked at beyond the name stage's
        (`_born_candidates`); those born on the query's day are looked at for any name. An
        ordinary name spelled as the lists spell it ("Mohammad Reza", born 1952-07-19) met
        NAQDI, Mohammad Reza, whom OFAC gives as born in 1952, at 0.495."""
        forms = self._listed_forms()
        return any(t.kind == NAME and t.phon not in forms for t in tokens)

    def _listed_forms(self) -> frozenset[str]:
        """The phonetic forms of the listed names' Latin parts (`_unlisted_part`)."""
        if self._forms is None:
            self._forms = frozenset(t.phon for latin, _, _, _ in self.index.vocab.values() for t in latin)
        return self._forms

    def _born_candidates(
        self,
        tokens: tuple[Token, ...],
        birth_date: str,
        datasets: frozenset[str] | None,
        taken: set[int],
        day_only: bool = False,
    ) -> list[int]:
        """The listed names of people born on the query's birth date, then of those born in its
        year whose list gives no day (all born in its year, for a query that gives a year) that
        hold a part like one of the query's (its expansions, `_expand`), the most of its rarity
        mass first: at most BORN_NAMES of those the name alone did not choose (`taken`), of about
        as many name parts as the query's. `day_only`: those born on the query's day only.

        The name alone chooses the MAX_NAMES names that share the most of its rarity mass, before
        any birth date is read. A name with a slip in its rare part ("BELALEM Mohamed" for
        BELKALEM, born 1969-12-19) then shares with its listed form only the common part, and
        hundreds of Mohameds came first: the listed person was never scored. Those born on the
        query's date, or in its year, are few (a few hundred names a year), and the birth date,
        which the scoring weighs, tells them apart. So does a name cut short between words
        ("Sergey Yevgenyevich", born 1970-06-13, OFAC's "Sergey Yevgenyevich GALAN" cut to 20
        letters), whose parts are listed spellings, when thirty other listed Sergey
        Yevgenyeviches take the name stage's places. `_best` scores only those with which the
        query's parts all pair (`_near_parts`, `_part_left`): a given name and a birth date
        shared by chance are no evidence the name stage missed."""
        picked: list[int] = []
        born = self._born_names()
        # A full date: those born that day, and those whose list gives that year only (or its
        # month); a year: all those born that year.
        keys = [birth_date[:4]] if len(birth_date) < 10 else [birth_date, "~" + birth_date[:4]]
        if day_only:
            keys = keys[:1]
        # Only names of about as many parts: `_best` scores those that pair every part of the
        # query, and a listed name of one part more may be the query's name before it was cut.
        parts = sum(1 for t in tokens if t.kind == NAME)
        sizes = self._sizes
        for key in keys:
            names = born.get(key)
            if names is None:
                continue
            found: list[int]
            if len(key) == 10:
                # A day's: a name or two, which `_near_parts` sorts out, not worth the arrays.
                allowed = self._allowed(datasets) if datasets is not None else None
                found = [
                    n
                    for n in names.tolist()
                    if abs(int(sizes[n]) - parts) <= 1 and (allowed is None or allowed[n])
                ]
            else:
                found = self._sharing(tokens, names[np.abs(sizes[names] - parts) <= 1], datasets)
            for n in found:
                if n not in taken:
                    taken.add(n)
                    picked.append(n)
                    if len(picked) >= BORN_NAMES:
                        return picked
        return picked

    def _sharing(
        self, tokens: tuple[Token, ...], names: NDArray[np.int32], datasets: frozenset[str] | None
    ) -> list[int]:
        """Those of `names` (sorted) that hold a part like one of the query's, the most of its
        rarity mass first."""
        index = self.index
        shared = np.zeros(len(names))
        for token in tokens:
            if token.kind != NAME:
                continue
            ids, credits = self._expand(token, False)
            if not len(ids):
                continue
            # Both sorted: the expansions' names and these.
            spots = np.minimum(ids.searchsorted(names), len(ids) - 1)
            held = ids[spots] == names
            shared[held] += credits[spots[held]] * index.weight(token)
        if datasets is not None:
            shared[~self._allowed(datasets)[names]] = 0.0
        found = (shared > 0).nonzero()[0]
        result: list[int] = names[found[(-shared[found]).argsort(kind="stable")]].tolist()
        return result

    def _born_names(self) -> dict[str, NDArray[np.int32]]:
        """Birth date ("1969-12-19"), birth year ("1969") and a year of a date given no more
        precisely ("~1969": "1969" or "1969-12") -> the listed names (sorted) of the people born
        then, by the record's own birth dates and its actor's (`_actor_facts`)."""
        if self._born is None:
            index = self.index
            dated: list[set[str]] = []
            for n, subject in enumerate(index.subjects):
                dates = set(subject.birth_dates)
                facts = self._facts.get(n)
                if facts is not None:
                    dates |= set(facts.birth_dates)
                keys = {d[:4] for d in dates if len(d) >= 4 and d[:4].isdigit()}
                keys |= {d if len(d) == 10 else "~" + d[:4] for d in dates if len(d) >= 4 and d[:4].isdigit()}
                dated.append(keys)
            found: dict[str, list[int]] = {}
            for n, s_idx in enumerate(index.name_subject.tolist()):
                for key in dated[s_idx]:
                    found.setdefault(key, []).append(n)
            self._born = {k: np.asarray(v, dtype=np.int32) for k, v in found.items()}
            self._sizes = np.fromiter(
                (sum(1 for t in tokens if t.kind == NAME) for tokens in index.name_tokens),
                dtype=np.int32,
                count=len(index.name_tokens),
            )
        return self._born

    def _identified(
        self, query: Query, tokens: tuple[Token, ...], datasets: frozenset[str] | None, best: dict[int, Match]
    ) -> None:
        """Score the listed subjects bearing one of the query's identifiers (an IMO number, a
        passport's) that its name did not bring among the candidates: a name spelled beyond
        recognition, or none at all ("IMO 9165786"). Each by its best name."""
        index = self.index
        q_weights = tuple(index.weight(t) for t in tokens)
        for identifier in query.identifiers:
            for s_idx in self._by_identifier.get(identifier, ()):
                subject = index.subjects[s_idx]
                if s_idx in best or (datasets is not None and subject.dataset not in datasets):
                    continue
                # Its names, found when asked: few queries give an identifier.
                for n in (index.name_subject == s_idx).nonzero()[0].tolist():
                    match = self._score(
                        query,
                        tokens,
                        q_weights,
                        subject,
                        index.name_tokens[n],
                        index.name_kind[n],
                        index.name_weights[n],
                        number=s_idx,
                    )
                    if s_idx not in best or match.score > best[s_idx].score:
                        best[s_idx] = match

    def _grouped(self, ranked: Iterable[Match]) -> Iterator[Match]:
        """One result per resolved actor: its best-scoring record, which holds all its records
        (`_score`)."""
        seen: set[str] = set()
        for match in ranked:
            actor = match.actor_id
            if actor is None:
                yield match
            elif actor not in seen:
                seen.add(actor)
                yield match
