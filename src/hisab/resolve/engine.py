"""Cross-list resolution: which records of different lists are the same actor.

The same IRGC commander is listed by the UN, OFAC, the EU and the UK, each in its
own spelling and with its own details. `resolve` finds the pairs of records (of
different datasets) that are the same actor, and groups them into clusters:

1. **Candidates.** Each listed subject's names are looked up in the screening
   index among the other datasets' subjects (the same candidate search that
   screening uses), and records that share a UN reference number (one list
   citing another's "UN Ref") or a strong identifier (passport, national id, IMO
   number, BIC) are paired directly.
2. **Evidence per pair.** The matching engine scores one record's names (with
   its birth date and nationality) against the other record, in both directions;
   birth years and UN references are compared for contradictions.
3. **Verdict per pair.** A reviewer's decision wins; then a contradiction keeps
   the pair apart for good (birth years more than a year apart on every pair of
   dates; or both records citing UN references with none in common; or two vessels with
   different IMO numbers); then a
   shared reference or identifier, or a score at or above the strict threshold,
   links them; a score at or above the review threshold queues the pair for
   review (`hisab review`).
4. **Clusters.** Links are applied strongest first (union-find), and a link is
   refused when it would put two records of one list that names each actor once
   in one cluster (two UN records are two actors: the UN lists no one twice; the
   UK's 2018 list and the EU's acts do list one person several times), or join
   records a reviewer said are different, or records whose birth years contradict.

Written here rather than taken from nomenklatura's resolver, which keeps its
judgements in its own store and scores pairs with its own matchers: the pairs
here are scored by hisab's engine (the product's edge) and the decisions live in
hisab's store beside the lists they are about.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing as mp
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Any

from followthemoney import model

from hisab.account.programs import act_of, program_info
from hisab.match.features import Query
from hisab.match.index import Index, Subject, acronym_of, initials
from hisab.names.similarity import token_similarity
from hisab.names.tokens import NAME, NUMBER, Token
from hisab.screen.service import Screener
from hisab.sources.datasets import dataset_info
from hisab.sources.ownership import is_ownership_dataset

#: A pair scoring at least this (and contradicting nothing) is the same actor.
STRICT_THRESHOLD = 0.9
#: A pair scoring at least this, but below the strict threshold, goes to review.
REVIEW_THRESHOLD = 0.5
#: Names of a record looked up for candidates (the primary name and strong aliases first).
NAMES_LOOKED_UP = 3
#: Listed names taken as candidates per name looked up.
CANDIDATES_PER_NAME = 6
#: The share of a name's rarity mass a candidate must share (screening asks for less: a
#: customer's name may be partial; two lists' names of one actor share most of it).
CANDIDATE_FLOOR = 0.6
#: The floor for the parties of ownership data (sources/ownership.py).
PARTY_FLOOR = 0.3
#: A review pair at least this likely is linked when each record is the other's best match on
#: the other's list, by a clear margin (MUTUAL_MARGIN) over the next best.
MUTUAL_THRESHOLD = 0.7
MUTUAL_MARGIN = 0.1
#: Names of a record compared with the other record's names (its first, strongest ones).
NAMES_COMPARED = 4
#: The other record's names each is compared with.
NAMES_AGAINST = 10
#: A pair whose primary names score below this is not looked at further (most candidates).
QUICK_FLOOR = 0.3
#: Organisations are linked on names alone only when two of their names share this share of
#: their words (by consonant skeleton, legal forms and particles aside).
ORG_OVERLAP = 0.6
#: Identifiers shorter than this are too likely to recur by chance to link on their own.
MIN_IDENTIFIER = 6
#: Birth years further apart than this on every pair of dates contradict.
YEAR_TOLERANCE = 1

#: A record's key: (dataset, record id). Both survive list versions.
Key = tuple[str, str]


def key_text(key: Key) -> str:
    return f"{key[0]}:{key[1]}"


def parse_key(text: str) -> Key:
    dataset, sep, record_id = text.partition(":")
    if not sep or not dataset or not record_id:
        raise ValueError(f"not a record key (dataset:record_id): {text!r}")
    return dataset, record_id


def subject_key(subject: Subject) -> Key:
    return subject.dataset, subject.record_id


@dataclass
class Pair:
    """Two records of different datasets, with the evidence about them."""

    left: Subject
    right: Subject
    score: float = 0.0
    #: "link", "review" or "apart"
    status: str = "review"
    #: How a link was made: "decision", "reference", "identifier", "match", "names" or "mutual".
    linked_by: str = ""
    evidence: list[str] = field(default_factory=list)
    #: names of one written exactly as a name of the other
    same_names: int = 0
    #: organisations whose countries are all different
    other_countries: bool = False
    #: birth dates: 2 the same date, 1 the same year, 0 not known on both
    same_birth: int = 0
    #: organisations whose names share only part of their words
    partial_name: bool = False

    @property
    def keys(self) -> tuple[Key, Key]:
        return subject_key(self.left), subject_key(self.right)


@dataclass
class Resolution:
    """The outcome of one run: clusters of record keys, and the pairs with their verdicts."""

    clusters: list[list[Key]]
    pairs: list[Pair]
    #: record key -> how it joined its cluster ("self" for the first or only record)
    linked_by: dict[Key, str]
    #: links refused when clustering (pair keys, reason)
    refused: list[tuple[Key, Key, str]] = field(default_factory=list)


#: Territories some lists give as their own country and others as part of another.
_COUNTRY_OF = {"hk": "cn", "mo": "cn"}


def _countries(subject: Subject) -> set[str]:
    return {_COUNTRY_OF.get(c, c) for c in subject.countries}


#: Words that say nothing about which organisation a name is.
_FUNCTION_WORDS = frozenset({"the", "and", "for", "with", "les", "des", "del", "der", "und"})


def _words(tokens: tuple[Token, ...], other: tuple[Token, ...]) -> list[Token]:
    """A name's words (legal forms and particles aside), without an acronym of the other name
    ("AEROSPACE INDUSTRIES ORGANISATION (AIO)" against "AEROSPACE INDUSTRIES ORGANIZATION")."""
    letters = {initials(other), acronym_of(other)} - {""}
    words = list(
        {
            t.text: t
            for t in tokens
            if t.kind in (NAME, NUMBER) and len(t.text) > 2 and t.text not in _FUNCTION_WORDS
        }.values()
    )
    return [t for t in words if t.text not in letters or len(words) == 1]


def shared_words(
    a: tuple[Token, ...], b: tuple[Token, ...], weight: Callable[[Token], float] | None = None
) -> float:
    """The Jaccard index of two names' words (words alike in spelling count as one), each
    word counting `weight(word)` (by default 1; the index's rarity, so that shared common
    words such as "Organization" or "Iran" count little)."""
    wa, wb = _words(a, b), _words(b, a)
    if not wa or not wb:
        return 0.0
    w = weight or (lambda t: 1.0)
    free = list(wb)
    shared = 0.0
    for t in wa:
        best = max(free, key=lambda u: token_similarity(t, u), default=None)
        if best is not None and token_similarity(t, best) >= 0.85:
            free.remove(best)
            shared += (w(t) + w(best)) / 2
    total = sum(w(t) for t in wa) + sum(w(t) for t in wb) - shared
    return shared / total if total > 0 else 0.0


def word_overlap(a: Subject, b: Subject) -> float:
    """The best share of words two names of `a` and `b` (former names and weak aliases too)
    have in common (words alike in spelling count as one; a Jaccard index; words of one or
    two letters, such as initials, aside)."""
    return max(
        (shared_words(ta, tb) for ta, _ in a.names[:NAMES_AGAINST] for tb, _ in b.names[:NAMES_AGAINST]),
        default=0.0,
    )


def _imo_numbers(subject: Subject) -> set[str]:
    """A vessel's IMO numbers (seven digits, with or without "IMO")."""
    if subject.schema != "Vessel":
        return set()
    return {i[-7:] for i in subject.identifiers if re.fullmatch(r"(IMO)?\d{7}", i)}


def _program_countries(subject: Subject) -> set[str]:
    found = set()
    act = act_of(subject.dataset, subject.record_id)
    for p in subject.programs:
        # A thematic program (terrorism, …) has no country and says nothing here.
        country = program_info(subject.dataset, p.get("program") or "", act).country
        if country:
            found.add(country)
    return found


def _years(subject: Subject) -> set[int]:
    return {int(d[:4]) for d in subject.birth_dates if len(d) >= 4 and d[:4].isdigit()}


def years_contradict(a: set[int], b: set[int]) -> bool:
    """Both have birth years, and every pair of them is more than YEAR_TOLERANCE apart."""
    return bool(a and b) and all(abs(x - y) > YEAR_TOLERANCE for x in a for y in b)


def compatible_schemata(a: str, b: str) -> bool:
    """A person pairs with a person, an organisation or company with either, a vessel with a
    vessel; a bare LegalEntity (lists that do not say which) with any legal entity."""
    sa, sb = model.get(a), model.get(b)
    if sa is None or sb is None:
        return False
    if sa.is_a(sb.name) or sb.is_a(sa.name):
        return True
    person_a, person_b = sa.is_a("Person"), sb.is_a("Person")
    return not person_a and not person_b and sa.is_a("Organization") and sb.is_a("Organization")


def _best_date(dates: Iterable[str], other: set[str]) -> str | None:
    """The date of one record that says most about the other: an exact match, a year match,
    or the first."""
    ordered = sorted(dates)
    for d in ordered:
        if d in other:
            return d
    years = {o[:4] for o in other}
    for d in ordered:
        if d[:4] in years:
            return d
    return ordered[0] if ordered else None


def _query_names(subject: Subject) -> list[tuple[Token, ...]]:
    strong = [tokens for tokens, kind in subject.names if kind in ("name", "alias")]
    return strong or [tokens for tokens, _ in subject.names]


class Resolver:
    """Resolves the subjects of one index. `decisions` maps a pair of record keys (smaller
    first) to the reviewer's verdict; `use_references` off leaves UN reference numbers out
    (to measure how well names and details alone resolve)."""

    def __init__(
        self,
        screener: Screener,
        decisions: dict[tuple[Key, Key], str] | None = None,
        use_references: bool = True,
        strict: float = STRICT_THRESHOLD,
        review: float = REVIEW_THRESHOLD,
    ) -> None:
        self.screener = screener
        self.index: Index = screener.index
        self.decisions = decisions or {}
        self.use_references = use_references
        self.strict = strict
        self.review = review
        self._by_key = {subject_key(s): s for s in self.index.subjects}

    # ------------------------------------------------------------ candidates

    def candidate_pairs(
        self,
        datasets: Iterable[str] | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int = 1,
    ) -> set[tuple[Key, Key]]:
        """Pairs of records of different datasets worth comparing (smaller key first)."""
        index = self.index
        wanted = set(datasets) if datasets else {s.dataset for s in index.subjects}
        subjects = [s for s in index.subjects if s.dataset in wanted]
        found: set[tuple[Key, Key]] = set()

        def add(a: Subject, b: Subject) -> None:
            if a.dataset != b.dataset and b.dataset in wanted and compatible_schemata(a.schema, b.schema):
                ka, kb = subject_key(a), subject_key(b)
                found.add((ka, kb) if ka < kb else (kb, ka))

        # Shared references and identifiers: grouped, so that each group pairs its members.
        groups: dict[str, list[Subject]] = defaultdict(list)
        for s in subjects:
            if self.use_references:
                for ref in s.references:
                    groups["ref:" + ref.upper()].append(s)
            for ident in s.identifiers:
                if len(ident) >= MIN_IDENTIFIER:
                    groups["id:" + ident].append(s)
        for members in groups.values():
            if len(members) <= 20:  # a value on many records is not an identifier of one
                for a, b in itertools.combinations(members, 2):
                    add(a, b)
        keys = [subject_key(s) for s in subjects]
        for chunk in _in_parallel(self, "_search", [(c, wanted) for c in _chunks(keys)], workers, progress):
            found.update(chunk)
        return found

    def _search(self, keys: list[Key], wanted: set[str]) -> set[tuple[Key, Key]]:
        """The name search for some records: pairs with the other lists' records it finds."""
        index = self.index
        found: set[tuple[Key, Key]] = set()
        for ka in keys:
            a = self._by_key[ka]
            others = frozenset(wanted - {a.dataset})
            if not others:
                continue
            # A party of a user's ownership data is a bare name ("Khatam al-Anbiya Construction
            # Headquarters"): looked up more widely, since its uncertain links go to review.
            floor = PARTY_FLOOR if is_ownership_dataset(a.dataset) else CANDIDATE_FLOOR
            for tokens in _query_names(a)[:NAMES_LOOKED_UP]:
                for name_number in self.screener.candidates(tokens, others, CANDIDATES_PER_NAME, floor):
                    b = index.subjects[int(index.name_subject[name_number])]
                    if compatible_schemata(a.schema, b.schema):
                        kb = subject_key(b)
                        found.add((ka, kb) if ka < kb else (kb, ka))
        return found

    def _judge_all(self, pairs: list[tuple[Key, Key]]) -> list[tuple[Any, ...]]:
        """Judge some pairs; the verdicts as plain tuples (cheap to send between processes)."""
        found = []
        for ka, kb in pairs:
            p = self.judge(ka, kb)
            if p.status != "none":
                found.append((ka, kb, *(getattr(p, f.name) for f in fields(Pair)[2:])))
        return found

    # ------------------------------------------------------------ evidence

    def _direction(self, a: Subject, b: Subject, names: int) -> float:
        """The best score of `a`'s first `names` names against `b`."""
        query = Query(
            name="",
            schema=a.schema,
            birth_date=_best_date(a.birth_dates, b.birth_dates),
            nationality=next(iter(sorted(a.countries & b.countries or a.countries)), None),
        )
        return max(
            self.screener.compare(query, b, tokens, NAMES_AGAINST).score for tokens in _query_names(a)[:names]
        )

    def _organisation_evidence(self, pair: Pair) -> None:
        """What keeps two organisations from being linked on names alone (they may still go to
        review): wholly different countries (every government has a "Ministry of Defence"),
        listings only under other countries' programs (Libya's "Revolutionary Guard Corps"
        and Iran's), or names that share less than ORG_OVERLAP of their words, whatever their
        rarity ("IRGC Regional Corps Shohada in West Azerbaijan" is not the IRGC; "Sun Middle
        East FZ Company" is not "Maxima Middle East Trading Co."; both score above 0.95).
        People are not held to these: nationalities vary by list, and names are words."""
        a, b = pair.left, pair.right
        countries_a, countries_b = _countries(a), _countries(b)
        if countries_a and countries_b and not countries_a & countries_b:
            pair.other_countries = True
            pair.evidence.append(
                f"different countries ({', '.join(sorted(a.countries))} vs {', '.join(sorted(b.countries))})"
            )
        else:
            pa, pb = _program_countries(a), _program_countries(b)
            if pa and pb and not pa & pb:
                pair.other_countries = True
                pair.evidence.append(
                    "listed under other countries' programs "
                    f"({', '.join(sorted(pa))} vs {', '.join(sorted(pb))})"
                )
        overlap = word_overlap(a, b)
        if overlap < ORG_OVERLAP:
            pair.partial_name = True
            pair.evidence.append(f"the names share only part of their words ({overlap:.2f})")

    def judge(self, ka: Key, kb: Key) -> Pair:
        a, b = self._by_key[ka], self._by_key[kb]
        pair = Pair(a, b)
        names_b = {tuple(t.phon for t in tokens) for tokens in _query_names(b)}
        same_names = sum(1 for tokens in _query_names(a) if tuple(t.phon for t in tokens) in names_b)
        pair.same_names = same_names
        refs_a = {r.upper() for r in a.references} if self.use_references else set()
        refs_b = {r.upper() for r in b.references} if self.use_references else set()
        shared_refs = refs_a & refs_b
        shared_ids = {i for i in a.identifiers & b.identifiers if len(i) >= MIN_IDENTIFIER}
        # First the primary names only: most candidates end there.
        quick = max(self._direction(a, b, 1), self._direction(b, a, 1))
        strong_tie = bool(same_names or self.decisions.get((ka, kb)) or shared_refs or shared_ids)
        if quick < QUICK_FLOOR and not strong_tie:
            pair.score, pair.status = round(quick, 4), "none"
            return pair
        # The aliases count when the primary names leave the pair undecided; a pair whose primary
        # names already pass the strict threshold is scored on them (most pairs of lists that
        # copy each other, such as the CSL and the SDN list).
        full = quick
        if quick < self.strict:
            full = max(quick, self._direction(a, b, NAMES_COMPARED), self._direction(b, a, NAMES_COMPARED))
        pair.score = round(full, 4)
        pair.evidence.append(f"name score {pair.score:.2f}")
        years_a, years_b = _years(a), _years(b)
        contradiction = ""
        if years_contradict(years_a, years_b):
            contradiction = f"birth years contradict ({sorted(years_a)} vs {sorted(years_b)})"
        elif years_a & years_b:
            same = sorted(d for d in a.birth_dates & b.birth_dates if len(d) == 10)
            pair.evidence.append(f"same birth date {same[0]}" if same else "same birth year")
            pair.same_birth = 2 if same else 1
        if shared_refs:
            pair.evidence.append("same UN reference " + ", ".join(sorted(shared_refs)))
        elif refs_a and refs_b and not contradiction:
            contradiction = f"different UN references ({sorted(refs_a)} vs {sorted(refs_b)})"
        imo_a, imo_b = _imo_numbers(a), _imo_numbers(b)
        if imo_a and imo_b and not imo_a & imo_b and not contradiction:
            # A vessel has one IMO number for life. (People hold several passports, so other
            # identifiers that differ are no contradiction.)
            contradiction = f"different IMO numbers ({sorted(imo_a)} vs {sorted(imo_b)})"
        if same_names >= 2:
            pair.evidence.append(f"{same_names} names written the same")
        if shared_ids:
            pair.evidence.append("same identifier " + ", ".join(sorted(shared_ids)))
        if a.countries & b.countries:
            pair.evidence.append("same country " + ", ".join(sorted(a.countries & b.countries)))
        if not model.get(a.schema).is_a("Person"):  # type: ignore[union-attr]
            self._organisation_evidence(pair)
        decision = self.decisions.get((ka, kb))
        if decision == "same":
            pair.status, pair.linked_by = "link", "decision"
            pair.evidence.append("a reviewer decided: same")
        elif decision == "different":
            pair.status = "apart"
            pair.evidence.append("a reviewer decided: different")
        elif contradiction:
            pair.status = "apart"
            pair.evidence.append(contradiction)
        elif shared_refs:
            pair.status, pair.linked_by = "link", "reference"
        elif shared_ids and pair.score >= self.review:
            pair.status, pair.linked_by = "link", "identifier"
        elif pair.score >= self.strict and not pair.other_countries and not pair.partial_name:
            pair.status, pair.linked_by = "link", "match"
        elif same_names >= 2 and pair.score >= self.review:
            # Two lists giving the same set of names (primary and aliases, written alike):
            # one took them from the other, which a namesake would not explain.
            pair.status, pair.linked_by = "link", "names"
        elif pair.score >= self.review or shared_ids or same_names:
            pair.status = "review"
            if decision == "unsure":
                pair.evidence.append("a reviewer was unsure")
        else:
            pair.status = "none"
        return pair

    # ------------------------------------------------------------ clusters

    def run(
        self,
        datasets: Iterable[str] | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int = 1,
    ) -> Resolution:
        """Resolve the records of `datasets` (or all), with `workers` processes (forked: they
        share the index the parent loaded)."""
        wanted = set(datasets) if datasets else None
        candidates = self.candidate_pairs(wanted, progress, workers)
        # Pairs a reviewer decided are judged even when the search no longer finds them.
        for ka, kb in self.decisions:
            if (
                ka in self._by_key
                and kb in self._by_key
                and (wanted is None or (ka[0] in wanted and kb[0] in wanted))
            ):
                candidates.add((ka, kb))
        pairs = []
        chunks = [(c,) for c in _chunks(sorted(candidates))]
        for judged in _in_parallel(self, "_judge_all", chunks, workers, None):
            for ka, kb, *verdict in judged:
                pairs.append(Pair(self._by_key[ka], self._by_key[kb], *verdict))
        pairs.sort(key=lambda p: p.keys)
        mutual_best(pairs)
        keys = sorted(subject_key(s) for s in self.index.subjects if wanted is None or s.dataset in wanted)
        organisations = {
            k: _program_countries(self._by_key[k])
            for k in keys
            if not model.get(self._by_key[k].schema).is_a("Person")  # type: ignore[union-attr]
        }
        return cluster(keys, pairs, {k: _years(self._by_key[k]) for k in keys}, organisations)


#: Records (or pairs) per unit of work handed to a worker process.
CHUNK = 500
_WORKER: Resolver | None = None


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _call(method: str, args: tuple[Any, ...]) -> Any:
    assert _WORKER is not None
    return getattr(_WORKER, method)(*args)


def _in_parallel(
    resolver: Resolver,
    method: str,
    jobs: list[tuple[Any, ...]],
    workers: int,
    progress: Callable[[int], None] | None,
) -> Iterator[Any]:
    """`resolver.<method>(*job)` for each job, in order, in `workers` forked processes (or
    here, with one). Forked, the workers share the parent's index without pickling it."""
    global _WORKER
    done = 0
    if workers <= 1 or len(jobs) <= 1 or "fork" not in mp.get_all_start_methods():
        for job in jobs:
            yield getattr(resolver, method)(*job)
            done += len(job[0])
            if progress is not None:
                progress(done)
        return
    _WORKER = resolver
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            for job, result in zip(jobs, pool.map(_call, itertools.repeat(method), jobs), strict=True):
                yield result
                done += len(job[0])
                if progress is not None:
                    progress(done)
    finally:
        _WORKER = None


_STRENGTH = {"decision": 5, "reference": 4, "identifier": 3, "match": 2, "names": 1, "mutual": 0}


def mutual_best(pairs: list[Pair]) -> None:
    """Link the review pairs whose two records are each other's clear best match on the
    other's list (a record-linkage rule: a namesake would rarely be the only good match in
    both directions). Pairs in the same direction that are linked or kept apart count too."""
    best: dict[tuple[Key, str], list[tuple[float, Key]]] = defaultdict(list)
    for p in pairs:
        ka, kb = p.keys
        best[ka, kb[0]].append((p.score, kb))
        best[kb, ka[0]].append((p.score, ka))

    def clear_best(k: Key, dataset: str, other: Key) -> bool:
        ranked = sorted(best[k, dataset], reverse=True)
        if ranked[0][1] != other:
            return False
        return len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= MUTUAL_MARGIN

    for p in pairs:
        if (
            p.status == "review"
            and p.score >= MUTUAL_THRESHOLD
            and not p.other_countries
            and not p.partial_name
        ):
            ka, kb = p.keys
            if clear_best(ka, kb[0], kb) and clear_best(kb, ka[0], ka):
                p.status, p.linked_by = "link", "mutual"
                p.evidence.append("each is the other's clear best match")


def _other_countries(a: set[str] | None, b: set[str] | None) -> bool:
    return bool(a and b and not a & b)


def cluster(
    keys: list[Key],
    pairs: list[Pair],
    years: dict[Key, set[int]],
    countries: dict[Key, set[str]] | None = None,
) -> Resolution:
    """Union-find over the linked pairs, strongest first, under the constraints. `countries`:
    the countries of the programs organisations are listed under; two clusters whose
    organisations are listed only under different countries' programs are not joined (the
    EU terrorist list's IRGC links both to Iran's IRGC and, by name, to Libya's)."""
    countries = {k: set(v) for k, v in (countries or {}).items() if v}
    parent = {k: k for k in keys}
    members: dict[Key, list[Key]] = {k: [k] for k in keys}
    apart: set[tuple[Key, Key]] = {p.keys for p in pairs if p.status == "apart"}
    linked_by: dict[Key, str] = {k: "self" for k in keys}
    refused: list[tuple[Key, Key, str]] = []

    def root(k: Key) -> Key:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    links = sorted(
        (p for p in pairs if p.status == "link"),
        # Among links of one kind, a shared birth date goes first (the UK's Qasem Soleimani, born
        # 1957, has the UN's other Ghasem Soleymani's name as an alias), then a name written the
        # same way on both lists: "SEPANIR" (UN) is the UK's "SEPANIR", not its "SEPANIR OIL AND
        # GAS ENERGY ENGINEERING COMPANY", though both score about 0.99.
        key=lambda p: (-_STRENGTH[p.linked_by], -p.same_birth, -min(p.same_names, 1), -p.score, p.keys),
    )
    for pair in links:
        ka, kb = pair.keys
        if ka not in parent or kb not in parent:
            continue
        ra, rb = root(ka), root(kb)
        if ra == rb:
            continue
        ma, mb = members[ra], members[rb]
        why = ""
        if any(dataset_info(d).one_record_per_actor for d in {k[0] for k in ma} & {k[0] for k in mb}):
            why = "would put two records of a list that names each actor once in one actor"
        elif any(((x, y) if x < y else (y, x)) in apart for x in ma for y in mb):
            why = "a member pair is kept apart (a contradiction or a reviewer's decision)"
        elif pair.linked_by != "decision" and any(
            years_contradict(years[x], years[y]) for x in ma for y in mb
        ):
            why = "birth years of members contradict"
        elif pair.linked_by != "decision" and _other_countries(countries.get(ra), countries.get(rb)):
            why = "organisations listed under other countries' programs"
        if why:
            refused.append((ka, kb, why))
            continue
        # The larger cluster absorbs the smaller; the joining record is marked with how.
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        parent[rb] = ra
        ma.extend(mb)
        del members[rb]
        if rb in countries:
            countries[ra] = countries.get(ra, set()) | countries.pop(rb)
        joining = ka if ka in mb else kb
        if linked_by.get(joining) == "self":
            linked_by[joining] = pair.linked_by
    clusters = sorted((sorted(m) for m in members.values()), key=lambda m: m[0])
    return Resolution(clusters=clusters, pairs=pairs, linked_by=linked_by, refused=refused)


def _new_id(first: Key, taken: set[str], retired: set[str]) -> str:
    for salt in itertools.count():
        text = key_text(first) + (f"#{salt}" if salt else "")
        found = "actor-" + hashlib.sha256(text.encode()).hexdigest()[:12]
        if found not in taken and found not in retired:
            return found
    raise AssertionError("unreachable")


def assign_ids(clusters: list[list[Key]], previous: dict[Key, str]) -> dict[Key, str]:
    """Actor ids for clusters that survive list updates and re-runs.

    A cluster keeps the id most of its members had before (the biggest clusters choose
    first; an id goes to one cluster only). A cluster with no free earlier id gets a new
    one, made from its first record's key, so the same record starts the same actor id."""
    assigned: dict[Key, str] = {}
    taken: set[str] = set()
    retired = set(previous.values())
    for members in sorted(clusters, key=lambda m: (-len(m), m[0])):
        votes: dict[str, int] = defaultdict(int)
        for k in members:
            if k in previous:
                votes[previous[k]] += 1
        chosen = next(
            (i for i, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if i not in taken), None
        )
        if chosen is None:
            chosen = _new_id(members[0], taken, retired)
        taken.add(chosen)
        for k in members:
            assigned[k] = chosen
    return assigned
