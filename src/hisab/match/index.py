"""The candidate index: every listed subject's names as tokens, with postings by skeleton.

Built once from the current versions in the store (and cached on disk, keyed by
those versions), so that screening looks up candidates instead of scoring every
record. The index keeps the distinct name parts (the vocabulary, with adjacent
parts also read joined, so "محمدباقر" finds "Mohammad Bagher"), grouped by
consonant skeleton, and for each part the names that hold it. A query part is
compared with the vocabulary parts whose skeleton is the same or one edit away
(a deletion index, as in SymSpell): a few dozen comparisons, not one per
listed name.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import itertools
import math
import multiprocessing
import os
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np
from followthemoney import model
from numpy.typing import NDArray
from rigour.ids import IMO

from hisab.match.align import article_joins, joined, joined_spans
from hisab.names import tables
from hisab.names.gender import name_gender, person_like
from hisab.names.similarity import stored
from hisab.names.slavic import russian_reading
from hisab.names.tokens import (
    ARABIC,
    CYRILLIC,
    LATIN,
    NAME,
    NUMBER,
    PARTICLE,
    PREFIX,
    Token,
    cross_skeleton,
    cyrillic_language,
    digraph_spelling,
    he_skeleton,
    persian_form,
    tokenize,
    vessel_prefix,
)
from hisab.sources.values import short_forms
from hisab.store import Store, VersionInfo

#: Name properties, and how strongly each says "this is the subject's name".
NAME_PROPS: Final = {"name": "name", "alias": "alias", "previousName": "previous", "weakAlias": "weak"}
#: Per name part, the numbers of the names holding it.
Postings = tuple[NDArray[np.int32], ...]
#: The vocabulary parts of one skeleton: the Latin parts, which the vocabulary stage compares in
#: one vectorised call, and the names holding each; then the other parts (Arabic script,
#: numbers), compared one by one, and theirs.
Bucket = tuple[tuple[Token, ...], Postings, tuple[Token, ...], Postings]
#: Bump when the pickled layout changes.
CACHE_FORMAT: Final = 26
#: A name part of this many organisations' names or more, on one list, is a generic word of
#: organisations' names ("petrochemical", "shipping"; `Index.generic`).
GENERIC_ORG_NAMES: Final = 30
#: Skeletons shorter than this are not expanded to their one-deletion variants (too many hits).
MIN_FUZZY_SKELETON: Final = 4
#: Skeletons whose neighbours `lookup` keeps. Bounded, as every cache of screening is, so that
#: memory stays flat over a long file; full early in one (docs/benchmarks.md, a million rows).
LOOKUP_CACHE = 100_000
#: Index caches kept in a cache folder (`prune_index_cache`).
KEEP_CACHES: Final = 3
#: Entries of the caches keyed by a name's tokens (`initials`, `acronym_of`).
TOKENS_CACHE: Final = 20_000
#: Lists whose records name a person's family name: OFAC's "LAST, First Middle" (and the CSL's
#: and the consolidated list's copies of it), the EU's capitals ("Reza Khosravi MOGHADDAM"),
#: the UK's and the EU's older file's name columns, and the UN's numbered name fields, whose
#: last un_xml reads as the family name (Arabic names there give the father's and the
#: grandfather's names between). Other files' `lastName` may come from anywhere: their names
#: have no roles (`listed_roles`).
FAMILY_NAMED: Final = frozenset(
    {"us_ofac_sdn", "us_ofac_cons", "us_trade_csl", "eu_journal", "eu_fsf", "gb_hmt", "un_sc"}
)
#: The roles of a person's name parts (`name_roles`).
GIVEN: Final = "given"
MIDDLE: Final = "middle"
FAMILY: Final = "family"


#: `Subject.first_listed_year` not yet worked out.
UNKNOWN_YEAR: Final = -2


@dataclass
class Subject:
    """One listed subject, as screening needs it."""

    id: str
    schema: str
    caption: str
    dataset: str
    record_id: str
    names: list[tuple[tuple[Token, ...], str]] = field(default_factory=list)
    birth_dates: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    genders: set[str] = field(default_factory=set)
    #: a person's gender as its names say it (names/gender.py), when they agree
    name_gender: str | None = None
    identifiers: set[str] = field(default_factory=set)
    programs: list[dict[str, str]] = field(default_factory=list)
    #: UN Security Council reference numbers: a UN record's own (and its old ones), or
    #: those another list cites for the record ("UN Ref IRi.026" on the UK list).
    references: set[str] = field(default_factory=set)
    #: the phonetic forms of the names added as another name's Russian reading (`add_name`)
    read_names: set[tuple[str, ...]] = field(default_factory=set)
    #: the phonetic forms of the names added as another name spelled with sh, ch, zh for its š,
    #: č, ž (tokens.digraph_spelling)
    spelled_names: set[tuple[str, ...]] = field(default_factory=set)
    #: a person's name parts (phonetic forms) -> GIVEN, MIDDLE or FAMILY, as the list names
    #: them (`name_roles`); empty when it does not
    name_roles: dict[str, str] = field(default_factory=dict)
    #: What screening works out of the facts above when it first needs them, and keeps: every
    #: name of the subject scored asks again (features.first_listed, features.birth_years,
    #: features._listed_roles). The year first listed (UNKNOWN_YEAR: not yet worked out; -1:
    #: none given), the birth years, and each name's parts' roles. Not part of what the subject
    #: is: left out of comparisons. A subject made from another with other facts must start them
    #: anew (`fresh`).
    first_listed_year: int = field(default=UNKNOWN_YEAR, compare=False, repr=False)
    birth_years: frozenset[int] | None = field(default=None, compare=False, repr=False)
    roles_of_names: dict[tuple[Token, ...], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def fresh(self, **changes: Any) -> Subject:
        """`dataclasses.replace` with `changes`, the facts screening worked out and kept
        (`first_listed_year`, `birth_years`, `roles_of_names`) left to be worked out anew: a
        resolved actor's facts are its record with more birth dates and listings
        (service._actor_facts). (mypyc's dataclasses give no default to a field of init=False.)"""
        return replace(self, **changes, first_listed_year=UNKNOWN_YEAR, birth_years=None, roles_of_names={})


def name_roles(first: Iterable[str], middle: Iterable[str], last: Iterable[str]) -> dict[str, str]:
    """What each part of a person's name is, from the list's own name fields: the family name
    (`last`), the given name (the first word of `first`, with the next word when the two make
    one compound given name: "Ali-Reza", "Gholam Reza", "Mohammad Bagher"), and middle names
    (the other words of `first`, and `middle`). The last word of `first` is part of the family
    name when that is the second half of a Persian compound family name ("Reza Khosravi
    MOGHADDAM"). Compounds: resources/names/compound_given.tsv. Parts by their phonetic form;
    a part with two roles (an alias's "ALI" as the family name) has none."""
    heads, halves, family_halves = _compound_parts()
    roles: dict[str, str] = {}

    def put(tokens: Iterable[Token], role: str) -> None:
        for token in tokens:
            if token.kind == NAME:
                roles[token.phon] = role if roles.get(token.phon, role) == role else ""

    def words(value: str) -> list[tuple[Token, ...]]:
        found = (tokenize(word, False) for word in value.split())
        return [w for w in found if any(t.kind == NAME for t in w)]

    compound_family = False
    for value in last:
        family = words(value)
        put((t for word in family for t in word), FAMILY)
        compound_family |= bool(family) and any(t.phon in family_halves for t in family[0])
    for value in first:
        given = words(value)
        for i, word in enumerate(given):
            if i == 0 or (i == 1 and ({t.phon for t in given[0]} & heads or {t.phon for t in word} & halves)):
                put(word, GIVEN)
            elif compound_family and i == len(given) - 1:
                put(word, FAMILY)
            else:
                put(word, MIDDLE)
    for value in middle:
        put(tokenize(value, False), MIDDLE)
    return {phon: role for phon, role in roles.items() if role}


def borrow_roles(subjects: list[Subject]) -> None:
    """Give a person whose list does not name its name's parts (`listed_roles`) the roles
    another list gives a name it bears, part for part the same (in any order), where those
    lists agree. A name's structure is the name's: the EU's older files write "Muhammad Yunis
    Ahmad" with no capitals, and the UN's "MUHAMMAD YUNIS AHMAD" names Yunis a middle name
    (screening scores the first few of equal names, and the EU's came first: "Muhammad Ahmad",
    born 1949, scored 0.34 against it)."""
    found: dict[tuple[str, ...], dict[str, str]] = {}
    for subject in subjects:
        if subject.name_roles:
            for tokens, _ in subject.names:
                parts = [t.phon for t in tokens if t.kind == NAME]
                if len(parts) >= 3 and all(p in subject.name_roles for p in parts):
                    key = tuple(sorted(parts))
                    roles = found.setdefault(key, {})
                    for p in parts:
                        role = subject.name_roles[p]
                        roles[p] = role if roles.get(p, role) == role else ""
    for subject in subjects:
        if subject.name_roles or subject.schema != "Person":
            continue
        borrowed: dict[str, str] = {}
        for tokens, _ in subject.names:
            roles = found.get(tuple(sorted(t.phon for t in tokens if t.kind == NAME)), {})
            for p, role in roles.items():
                borrowed[p] = role if borrowed.get(p, role) == role else ""
        subject.name_roles = {p: role for p, role in borrowed.items() if role}


#: The datasets whose records copy OFAC's under its record number, without OFAC's weak marks
#: (the CSL: its Treasury rows keep OFAC's entity number as record id, us_csl.py), and OFAC's.
OFAC_COPIES: Final = frozenset({"us_trade_csl"})
OFAC_DATASETS: Final = frozenset({"us_ofac_sdn", "us_ofac_cons"})


def any_order(tokens: tuple[Token, ...]) -> tuple[str, ...]:
    """A name's parts in any order (phonetic forms, sorted)."""
    return tuple(sorted(t.phon for t in tokens))


def borrow_weak_aliases(subjects: list[Subject]) -> None:
    """Mark weak the names of a copy of an OFAC record (the CSL's, under the same number) that
    OFAC's own record marks weak. The CSL merges OFAC's weak a.k.a.s ("low quality", in OFAC's
    words not to be matched on alone) into its alternative names: KONY, Ali's weak "MOHAMMED,
    Ali" was a full alias on the CSL, and a customer "Mohammadali Ahmadi" born in one of his
    birth years alerted on it alone. Names are compared as parts in any order ("MOHAMMED,
    Ali" and "Ali MOHAMMED"); only where the store holds OFAC's record too."""
    weak: dict[str, set[tuple[str, ...]]] = {}
    for subject in subjects:
        if subject.dataset in OFAC_DATASETS:
            found = {any_order(tokens) for tokens, kind in subject.names if kind == "weak"}
            if found:
                weak.setdefault(subject.record_id, set()).update(found)
    if not weak:
        return
    for subject in subjects:
        if subject.dataset not in OFAC_COPIES:
            continue
        marked = weak.get(subject.record_id)
        if marked:
            subject.names = [
                (tokens, "weak" if kind != "name" and any_order(tokens) in marked else kind)
                for tokens, kind in subject.names
            ]


def listed_roles(dataset: str, props: dict[str, list[str]]) -> dict[str, str]:
    """`name_roles` of a listed person's record, from a list that names the family name
    (FAMILY_NAMED); empty from another."""
    if dataset not in FAMILY_NAMED or not props.get("lastName"):
        return {}
    return name_roles(props.get("firstName", []), props.get("middleName", []), props["lastName"])


#: `_compound_parts`, once read. A list, not `functools.cache`: `family_name_differs` asks for
#: the family halves in every comparison, and compiled code calls a cached function through
#: the interpreter's call protocol (about 2,200 instructions a call, 0.4% of screening).
_COMPOUND_PARTS: Final[list[tuple[frozenset[str], frozenset[str], frozenset[str]]]] = []


def _compound_parts() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """compound_given.tsv's given names' heads and halves and family names' second halves, by
    their phonetic forms."""
    if not _COMPOUND_PARTS:
        _COMPOUND_PARTS.append(_read_compound_parts())
    return _COMPOUND_PARTS[0]


def _read_compound_parts() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    table = tables.compound_given()

    def phons(kind: str) -> frozenset[str]:
        return frozenset(t.phon for word in table[kind] for t in tokenize(word, False))

    return phons("head"), phons("half"), phons("family")


def compound_family_halves() -> frozenset[str]:
    """The phonetic forms of the words that end Persian compound family names ("Moghaddam",
    "Nejad", "Zadeh": compound_given.tsv's family halves)."""
    return _compound_parts()[2]


def organisation_word_forms(words: Iterable[str]) -> frozenset[str]:
    """The phonetic forms of `words`, read as the words of an organisation's name are (a
    translated word as its translation: "Iranian" as Iran, org_terms.tsv)."""
    return frozenset(
        token.phon for word in words for token in tokenize(word, organisation=True) if token.kind == NAME
    )


@cache
def generic_org_words() -> frozenset[str]:
    """The phonetic forms of the generic words of organisation names in generic_org_words.txt."""
    return organisation_word_forms(tables.generic_org_words())


def _is_subject(schema: str) -> bool:
    s = model.get(schema)
    return s is not None and (s.is_a("LegalEntity") or s.is_a("Vessel") or s.is_a("Airplane"))


def joined_parts(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Each pair of adjacent parts read as one."""
    return tuple(joined(a, b) for a, b in itertools.pairwise(tokens))


# Caches keyed by a name's tokens keep those tokens alive: sized so that the queries of a long
# file do not pile up in them (docs/benchmarks.md, a million rows).
@lru_cache(maxsize=TOKENS_CACHE)
def initials(tokens: tuple[Token, ...]) -> str:
    """The initials of a name's words (particles and legal forms aside), if it has three or more."""
    words = [t for t in tokens if t.kind == NAME]
    return "".join(t.text[0] for t in words) if len(words) >= 3 else ""


def initial_bits(tokens: Iterable[Token]) -> int:
    """The first letters (a to z) of Latin name parts, as bits: a = 1, b = 2, c = 4, …"""
    bits = 0
    for t in tokens:
        if t.script == LATIN and t.kind == NAME and "a" <= t.text[0] <= "z":
            bits |= 1 << (ord(t.text[0]) - 97)
    return bits


#: The shortest word read as the first syllables of a name's words ("COPETE"): shorter ones
#: spell too many names by chance ("BELLA" for "BElaruskiya LAtarei").
MIN_SYLLABLES: Final = 6


def syllable_words(tokens: tuple[Token, ...]) -> tuple[str, ...]:
    """The words of a name a short name may take the first syllables of: two to four Latin
    words of two letters or more (particles and legal forms aside), else none."""
    words = tuple(t.text for t in tokens if t.kind == NAME)
    if 2 <= len(words) <= 4 and all(len(w) >= 2 and w.isascii() and w.isalpha() for w in words):
        return words
    return ()


def spells_syllables(word: str, words: tuple[str, ...]) -> bool:
    """Whether `word` is the first two letters or more of each of `words`, in order, run
    together: how Latin American companies shorten their names ("COPETE" for COlombo PEruana
    de TEjidos, "AGRONILO" for AGROpecuaria el NILO, "CANALVE" for CANALes VEnecia). The
    words written whole and joined are not a shortening (that is a joined name)."""
    if len(word) < MIN_SYLLABLES or not words or word == "".join(words):
        return False

    def rest(at: int, i: int) -> bool:
        if i == len(words):
            return at == len(word)
        head = words[i]
        for size in range(min(len(head), len(word) - at), 1, -1):
            if word[at : at + size] == head[:size] and rest(at + size, i + 1):
                return True
        return False

    return rest(0, 0)


def syllable_keys(word: str) -> Iterator[str]:
    """The keys (`Index.syllables`) of the names `word` may shorten: its first two letters
    and the two at each place the second word may start."""
    for at in range(2, len(word) - 1):
        yield word[:2] + word[at : at + 2]


#: The schemata that say nothing of what an entity is: a query given none, and FollowTheMoney's
#: LegalEntity, which the CSL and the EU's files give thousands of people and organisations.
UNKNOWN_KINDS: Final[tuple[str | None, ...]] = (None, "LegalEntity")
#: FollowTheMoney's schemata of vehicles, which no person is, and whose names are no acronyms.
VEHICLES: Final = ("Vessel", "Airplane")


@lru_cache(maxsize=TOKENS_CACHE)
def acronym_of(tokens: tuple[Token, ...]) -> str:
    """The acronym a name may be: its one word ("IRGC"), or its single letters ("E.C.A.")."""
    words = [t for t in tokens if t.kind == NAME]
    if len(words) == 1 and len(words[0].text) >= 3 and words[0].script != ARABIC:
        return words[0].text
    if len(words) >= 2 and all(len(t.text) == 1 for t in words):
        return "".join(t.text for t in words)
    return ""


def normalise_identifier(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


def imo_number(value: str) -> str | None:
    """A vessel's IMO number as FollowTheMoney writes it ("IMO9165786"), from "9165786",
    "IMO 9165786" or "imo9165786"; None unless its check digit holds (rigour's IMO format:
    a well-kept validator of the field's identifiers, so that a typo is no number)."""
    compact = normalise_identifier(value)
    return IMO.normalize(compact) if IMO.is_valid(compact) else None


def _skeletons(token: Token) -> tuple[str, ...]:
    """The skeletons a part is filed under: its own; for a Latin "th" the one of ت+ح ("Fathi"
    under `fs` and `fth`), which an Arabic-script query looks up; for Arabic-script parts read
    joined across a silent ه, the one with that ه as h (`he_skeleton`), which a Latin query
    ("Adinehvand") looks up."""
    if "T" in token.phon:
        return (token.skel, cross_skeleton(token))
    he = he_skeleton(token)
    return (token.skel,) if he is None else (token.skel, he)


def _deletions(skel: str) -> Iterator[str]:
    for i in range(len(skel)):
        yield skel[:i] + skel[i + 1 :]


@dataclass
class Index:
    subjects: list[Subject]
    #: name number -> subject number
    name_subject: NDArray[np.int32]
    name_tokens: list[tuple[Token, ...]]
    name_kind: list[str]
    #: skeleton -> the distinct name parts filed under it, with the names holding each, split
    #: as the vocabulary stage of screening compares them (see `Bucket`)
    vocab: dict[str, Bucket]
    #: the same for adjacent parts read joined ("Mohammad Bagher" as "mohammadbaqer")
    joined_vocab: dict[str, Bucket]
    #: one-deletion variant -> skeletons in the vocabulary
    deletions: dict[str, list[str]]
    #: Latin parts with a skeleton shorter than MIN_FUZZY_SKELETON, by their phonetic form and
    #: each of its one-deletion variants -> (skeleton, position in its bucket's Latin parts)
    short_forms: dict[str, tuple[tuple[str, int], ...]]
    #: rarity weight of a skeleton in [0, 1]: 1 for a part no listed name has
    weights: dict[str, float]
    #: the versions the index was built from: (dataset, version id in the store)
    versions: list[tuple[str, int]]
    #: per name: its parts' weights, and its adjacent parts joined (precomputed for speed)
    name_weights: list[tuple[float, ...]] = field(default_factory=list)
    name_joined: list[tuple[Token, ...]] = field(default_factory=list)
    name_lengths: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    #: initials of organisations' names of three words or more ("irgc") -> name numbers
    acronyms: dict[str, NDArray[np.int32]] = field(default_factory=dict)
    #: per name: the first letters of its Latin words (not letters alone), as bits (a = 1,
    #: b = 2, …), which a query's initials are looked up in ("M. Y. Ahmad")
    name_initials: NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    #: organisations' names of two to four words, by the first two letters of the first two
    #: ("cope" for "Colombo Peruana de Tejidos") -> name numbers (`spells_syllables`)
    syllables: dict[str, NDArray[np.int32]] = field(default_factory=dict)
    #: phonetic forms of the generic words of organisations' names: the name parts borne by
    #: GENERIC_ORG_NAMES organisations or more on one list, and those of generic_org_words.txt
    #: (features.omitted_generic_words). By phonetic form, not skeleton: "Powersun" has the
    #: skeleton of "Persian", a generic word of the lists, and was no name of its own.
    generic: frozenset[str] = frozenset()
    _lookups: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _by_id: dict[str, Subject] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.name_weights:
            self.name_weights = [tuple(self.weight(t) for t in tokens) for tokens in self.name_tokens]
            self.name_joined = [joined_parts(tokens) for tokens in self.name_tokens]
        if len(self.name_lengths) != len(self.name_tokens):
            # A name's length for the candidate stage's tie-break: a legal form, title or
            # particle counts a tenth of a part, so that "STARS INTERNATIONAL LTD" is not
            # ranked below the shorter "KUDOS STARS" for its own name.
            self.name_lengths = np.asarray(
                [sum(1.0 if t.kind == NAME else 0.1 for t in tokens) for tokens in self.name_tokens],
                dtype=np.float64,
            )
        if len(self.name_initials) != len(self.name_tokens):
            self.name_initials = np.asarray(
                [initial_bits(t for t in tokens if len(t.text) >= 2) for tokens in self.name_tokens],
                dtype=np.int32,
            )
        if not self.acronyms:
            found: dict[str, list[int]] = defaultdict(list)
            starts: dict[str, list[int]] = defaultdict(list)
            for n, tokens in enumerate(self.name_tokens):
                schema = self.subjects[self.name_subject[n]].schema
                if model.get(schema).is_a("Person") or schema in VEHICLES:  # type: ignore[union-attr]
                    # No acronym of a person's name, nor of a vessel's (`features.acronym`).
                    continue
                if schema in UNKNOWN_KINDS and person_like(tokens, self.generic):
                    # A person's name, on an entry of no known kind: no acronym (`acronym`).
                    continue
                letters = initials(tokens)
                if letters:
                    found[letters].append(n)
                words = syllable_words(tokens)
                if words:
                    starts[words[0][:2] + words[1][:2]].append(n)
            self.acronyms = {k: np.asarray(v, dtype=np.int32) for k, v in found.items()}
            self.syllables = {k: np.asarray(v, dtype=np.int32) for k, v in starts.items()}

    def weight(self, token: Token) -> float:
        if token.kind == NUMBER:
            return 0.5
        if token.kind == PREFIX:
            return 0.0
        # The lower of the part's rarity on the lists and in the general population: a
        # surname few listed people bear ("Farhadi") may still be borne by many ordinary
        # people, and a name match then says little about who the customer is.
        population = tables.population()
        base = min(self.weights.get(token.skel, 1.0), population.get(token.skel, 1.0))
        persian = persian_form(token) if token.script == CYRILLIC else None
        if persian is not None:
            # A Cyrillic part is no rarer than its Persian reading: "Мохаммад" (Mokhammad, rare
            # as written) is Mohammad, and counted as rare it made an ordinary name an alert.
            base = min(base, self.weights.get(persian.skel, 1.0), population.get(persian.skel, 1.0))
        return base if token.kind == NAME else base * 0.1

    def subject_by_id(self, entity_id: str) -> Subject | None:
        """The listed subject with this entity id, if any."""
        if not self._by_id:
            self._by_id = {s.id: s for s in self.subjects}
        return self._by_id.get(entity_id)

    def near_forms(self, token: Token) -> Iterator[tuple[str, int]]:
        """The short-skeleton Latin parts one edit (substitution, insertion, deletion,
        transposition) from `token`'s phonetic form, as (skeleton, position in its bucket).

        A short skeleton ("'mt" of "Amtu") has too many neighbours one edit away (hundreds
        of parts each) to compare for every query part, so `lookup` gives none; the full
        forms one edit away are few, and find a typo of a short name ("Amru") or its other
        spelling ("Wings", "Kim" for "Gim")."""
        seen: set[tuple[str, int]] = set()
        for variant in (token.phon, *_deletions(token.phon)):
            for found in self.short_forms.get(variant, ()):
                if found not in seen:
                    seen.add(found)
                    yield found

    def lookup(self, skel: str) -> tuple[str, ...]:
        """Vocabulary skeletons equal to `skel` or one edit away (the exact one first)."""
        cached = self._lookups.get(skel)
        if cached is not None:
            return cached
        found = {skel} if skel in self.vocab or skel in self.joined_vocab else set()
        if len(skel) >= MIN_FUZZY_SKELETON:
            found.update(self.deletions.get(skel, ()))
            for variant in _deletions(skel):
                if variant in self.vocab or variant in self.joined_vocab:
                    found.add(variant)
                found.update(self.deletions.get(variant, ()))
        # Its own skeleton first, then the others in order. Sorted as they are, with its own
        # moved to the front: sorted by a key made per skeleton (a call of a lambda and a tuple
        # each), the sort was 1.6% of screening the 1,000 sample queries (docs/benchmarks.md).
        ordered = sorted(found)
        if skel in found:
            ordered.remove(skel)
            ordered.insert(0, skel)
        return stored(self._lookups, skel, tuple(ordered), LOOKUP_CACHE)

    @classmethod
    def build(cls, store: Store, datasets: Iterable[str] = ()) -> Index:
        wanted = set(datasets)
        versions = [v for v in store.current_versions() if not wanted or v.dataset in wanted]
        subjects: dict[str, Subject] = {}
        sanctions: list[dict[str, Any]] = []
        for entity in store.entities(v.id for v in versions):
            props: dict[str, list[str]] = entity.get("properties", {})
            if entity["schema"] == "Sanction":
                sanctions.append(entity)
                continue
            if not _is_subject(entity["schema"]):
                continue
            subject = Subject(
                id=entity["id"],
                schema=entity["schema"],
                caption=(props.get("name") or [entity["id"]])[0],
                dataset=entity["datasets"][0],
                record_id=entity["record_id"],
            )
            organisation = not model.get(entity["schema"]).is_a("Person")  # type: ignore[union-attr]
            seen: set[tuple[str, ...]] = set()
            for prop, kind in NAME_PROPS.items():
                for value in props.get(prop, []):
                    add_name(subject, value, kind, organisation, seen)
                    found = short_forms(value) if organisation and kind != "weak" else None
                    if found is not None:
                        # "Islamic Revolutionary Guard Corps (IRGC)": read also without its
                        # short forms, and each as a weak alias (a former name's as former).
                        stripped, forms = found
                        whole, short = ("alias", "weak") if kind != "previous" else (kind, kind)
                        add_name(subject, stripped, whole, True, seen)
                        for form in forms:
                            add_name(subject, form, short, True, seen)
            if not organisation:
                subject.name_roles = listed_roles(subject.dataset, props)
            subject.birth_dates.update(props.get("birthDate", []))
            for prop in ("nationality", "citizenship", "country", "jurisdiction", "flag"):
                subject.countries.update(props.get(prop, []))
            subject.genders.update(props.get("gender", []))
            for prop in (
                "passportNumber",
                "idNumber",
                "taxNumber",
                "swiftBic",
                "imoNumber",
                "registrationNumber",
            ):
                subject.identifiers.update(normalise_identifier(v) for v in props.get(prop, []))
            for value in props.get("imoNumber", []):
                # A list that writes the number alone ("9165786") is found by "IMO 9165786".
                imo = imo_number(value)
                if imo is not None:
                    subject.identifiers.add(imo)
            if subject.names:
                subjects[subject.id] = subject
        borrow_roles(list(subjects.values()))
        borrow_weak_aliases(list(subjects.values()))
        for sanction in sanctions:
            props = sanction.get("properties", {})
            for target in props.get("entity", []):
                if target in subjects:
                    subjects[target].references.update(props.get("unscId", []))
                    subjects[target].programs.append(
                        {
                            "dataset": sanction["datasets"][0],
                            "record_id": (props.get("recordId") or [subjects[target].record_id])[0],
                            "program": (props.get("program") or [""])[0],
                            "listing_date": (props.get("listingDate") or [""])[0],
                        }
                    )
        return cls.from_subjects(list(subjects.values()), [(v.dataset, v.id) for v in versions])

    @classmethod
    def from_subjects(cls, subjects: list[Subject], versions: list[tuple[str, int]]) -> Index:
        name_subject: list[int] = []
        name_tokens: list[tuple[Token, ...]] = []
        name_kind: list[str] = []
        postings: dict[tuple[str, str], set[int]] = defaultdict(set)
        vocab: dict[str, dict[tuple[str, str], Token]] = defaultdict(dict)
        joined_postings: dict[tuple[str, str], set[int]] = defaultdict(set)
        joined_vocab: dict[str, dict[tuple[str, str], Token]] = defaultdict(dict)
        # Document frequency per dataset: the same person listed by five publishers is one
        # bearer of the name, not five, so rarity is measured within each list.
        subject_df: dict[tuple[str, str], set[int]] = defaultdict(set)
        #: the same over organisations only
        org_df: dict[tuple[str, str, str], set[int]] = defaultdict(set)
        # One object per distinct name and per distinct part: OFAC's and the CSL's copies of a
        # name (a third of the names are another's copy) are aligned once per query (`_best`
        # keys alignments by the tokens' identity), and the index holds and loads fewer objects.
        parts: dict[Token, Token] = {}
        shared: dict[tuple[Token, ...], tuple[Token, ...]] = {}
        for subject in subjects:
            subject.names = [(_shared(tokens, shared, parts), kind) for tokens, kind in subject.names]
        for s_idx, subject in enumerate(subjects):
            # A LegalEntity is a record whose list does not say what it is (a quarter of the
            # CSL's, the EU's "enterprise" records): mostly organisations, and the odd person,
            # whose name parts are too few to reach GENERIC_ORG_NAMES. Counted with them, the
            # words of their names that are generic become so ("nauchno" of 221 research
            # institutes, "centre", "shipbuilding", "ministry"); without, none was.
            organisation = subject.schema == "LegalEntity" or model.get(subject.schema).is_a("Organization")  # type: ignore[union-attr]
            if subject.schema == "Person":
                # Its main names only: an alias may be a surname alone, or written joined.
                said = {name_gender(tokens) for tokens, kind in subject.names if kind == "name"} - {None}
                subject.name_gender = said.pop() if len(said) == 1 else None
            for tokens, kind in subject.names:
                n_idx = len(name_tokens)
                name_subject.append(s_idx)
                name_tokens.append(tokens)
                name_kind.append(kind)
                for token in tokens:
                    # Rarity is a name part's: particles must not make a name with their
                    # skeleton common (the "al" of "Abd al-Karim" and "Ali" are both 'l).
                    if token.kind == NAME:
                        subject_df[subject.dataset, token.skel].add(s_idx)
                        if organisation:
                            org_df[subject.dataset, token.phon, token.skel].add(s_idx)
                    elif token.kind == PARTICLE:
                        # Nor are a name's particles found by the query's name parts in the
                        # candidate stage (a query's own particles look nothing up): "الله" of
                        # "حزب الله" met the article of every listed "ul" and "al", and names
                        # with "Hezbollah" and an article (ANSAR UL HEZBOLLAH, HARAKAT
                        # HEZBOLLAH AL NUJABA) took the places of the one-word HIZBALLAH. The
                        # full comparison still reads them, and they still make the joined
                        # forms ("Abdalrahman") below.
                        continue
                    postings[token.phon, token.script].add(n_idx)
                    for skel in _skeletons(token):
                        vocab[skel].setdefault((token.phon, token.script), token)
                three = [token for _, token in article_joins(tokens)]
                two = [token for _, token in joined_spans(tokens, joined_parts(tokens))]
                for token in (*two, *three):
                    joined_postings[token.phon, token.script].add(n_idx)
                    for skel in _skeletons(token):
                        joined_vocab[skel].setdefault((token.phon, token.script), token)
        # A part's frequency is the most subjects of any one list that bear it.
        most: dict[str, int] = defaultdict(int)
        for (_, skel), ids in subject_df.items():
            most[skel] = max(most[skel], len(ids))
        total = max(len(subjects), 1)
        weights = {skel: math.log((total + 1) / (df + 1)) / math.log(total + 1) for skel, df in most.items()}
        # Of three consonants or more: a shorter word ("al", "el") is a particle or a name. With the
        # words too rare on any one list to be found so (generic_org_words.txt).
        generic = (
            frozenset(
                phon
                for (_, phon, skel), ids in org_df.items()
                if len(ids) >= GENERIC_ORG_NAMES and len(skel.strip("'")) >= 3
            )
            | generic_org_words()
        )
        deletions: dict[str, list[str]] = defaultdict(list)
        for skel in vocab.keys() | joined_vocab.keys():
            if len(skel) >= MIN_FUZZY_SKELETON:
                for variant in set(_deletions(skel)):
                    deletions[variant].append(skel)
        buckets = _buckets(vocab, postings)
        short_forms: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for skel, (latin, *_) in buckets.items():
            if len(skel) < MIN_FUZZY_SKELETON:
                for i, token in enumerate(latin):
                    # Under its own skeleton only: a "th" part is also filed under the one of
                    # ت+ح, and would be found, and compared, twice.
                    if token.skel == skel:
                        for variant in {token.phon, *_deletions(token.phon)}:
                            short_forms[variant].append((skel, i))
        return cls(
            subjects=subjects,
            name_subject=np.asarray(name_subject, dtype=np.int32),
            name_tokens=name_tokens,
            name_kind=name_kind,
            vocab=buckets,
            joined_vocab=_buckets(joined_vocab, joined_postings),
            deletions=dict(deletions),
            short_forms={k: tuple(v) for k, v in short_forms.items()},
            weights=weights,
            versions=versions,
            generic=generic,
        )


def _shared(
    tokens: tuple[Token, ...], names: dict[tuple[Token, ...], tuple[Token, ...]], parts: dict[Token, Token]
) -> tuple[Token, ...]:
    """The one object for a name equal to `tokens` (`names`), made of the one object for each
    of its parts (`parts`)."""
    found = names.get(tokens)
    if found is None:
        found = tuple(parts.setdefault(t, t) for t in tokens)
        names[found] = found
    return found


def _buckets(
    vocab: dict[str, dict[tuple[str, str], Token]], postings: dict[tuple[str, str], set[int]]
) -> dict[str, Bucket]:
    """The vocabulary by skeleton, each skeleton's parts split and paired with their postings
    once, at build time: built as screening met them, 37,000 of them took 5% of the
    benchmark's screening."""
    arrays = {k: np.fromiter(sorted(v), dtype=np.int32) for k, v in postings.items()}
    found: dict[str, Bucket] = {}
    for skel, by_form in vocab.items():
        parts = tuple(by_form.values())
        latin = tuple(p for p in parts if p.script != ARABIC and p.kind != NUMBER)
        others = tuple(p for p in parts if p.script == ARABIC or p.kind == NUMBER)
        found[skel] = (
            latin,
            tuple(arrays[p.phon, p.script] for p in latin),
            others,
            tuple(arrays[p.phon, p.script] for p in others),
        )
    return found


def add_name(
    subject: Subject,
    name: str,
    kind: str,
    organisation: bool,
    seen: set[tuple[str, ...]],
    readings: bool = True,
) -> None:
    """Add a name to a listed subject, unless it reads as one already added (`seen`: the
    phonetic forms of its names so far), with its readings as aliases of the same kind: a name
    with š, č or ž spelled with sh, ch, zh (tokens.digraph_spelling, "MEDVEDČUK" as Medvedchuk),
    and a person's name written the Belarusian or the Ukrainian way read as its Russian form
    (names/slavic.py). `readings`: False for the name as written only (the benchmark's
    comparison)."""
    spellings = [tokenize(name, organisation)]
    spelled = digraph_spelling(name) if readings else None
    if spelled is not None:
        spellings.append(tokenize(spelled, organisation))
    if subject.schema == "Vessel":
        # "MT KONSTANTINOVSK": the name is Konstantinovsk, as a query's (`vessel_prefix`).
        spellings = [vessel_prefix(tokens) for tokens in spellings]
    for spelling, tokens in enumerate(spellings):
        names = [tokens]
        if readings and not organisation:
            reading = russian_reading(tokens, cyrillic_language(name))
            if reading is not None:
                names.append(reading)
        for i, found in enumerate(names):
            key = tuple(t.phon for t in found)
            if found and key not in seen:
                seen.add(key)
                subject.names.append((found, _name_kind(kind, found, organisation)))
                if i > 0:
                    subject.read_names.add(key)
                elif spelling > 0:
                    subject.spelled_names.add(key)


def _name_kind(kind: str, tokens: tuple[Token, ...], organisation: bool) -> str:
    """A person's alias or former name with a single name part ("Jafari") is
    a weak alias, as OFAC marks such names: one part identifies nobody. Lists that do not mark
    weak aliases (the CSL merges OFAC's weak a.k.a.s into its alternative names) then agree
    with those that do. A person's only or main name stays what it is."""
    if organisation or kind not in ("alias", "previous"):
        return kind
    return "weak" if sum(1 for t in tokens if t.kind == NAME) == 1 else kind


def build_code(folder: Path = Path(__file__).parent) -> str:
    """A hash of how the index is built, which is part of what it holds: the sources of this
    module, of align.py (whose joined parts the index holds) and of the names layer's
    tokens.py and slavic.py (whose tokens and Russian readings it holds). Their sources, not
    the files imported: compiled (setup.py), this module's `__file__` is an extension's
    loader, which stays the same when the code changes, and an index cached before a field
    was added to `Subject` was read back without it. build.check keeps a compiled module's
    source in step with it; where no source was installed, the compiled modules' manifest
    stands for them. And the names layer's tables (resources/names: romanisation rules,
    honorifics, compound ends, …), which decide the tokens as much as the code does: a rule
    added to latin.tsv left the listed names' phonetic forms of the cache as they were."""
    digest = hashlib.sha256()
    for name in ("index.py", "align.py", "../names/tokens.py", "../names/slavic.py", "../compiled.json"):
        path = folder / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    tables = folder.parent / "resources" / "names"
    if tables.is_dir():
        for path in sorted(tables.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


#: See `build_code`: a change to it stales the index's caches.
_BUILD_CODE: Final = build_code()


def cache_key(versions: list[VersionInfo], datasets: Iterable[str]) -> str:
    text = repr(
        (
            CACHE_FORMAT,
            tables.fingerprint(),
            _BUILD_CODE,
            sorted((v.dataset, v.id, v.content_hash) for v in versions),
            sorted(datasets),
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def ensure_index_cache(store: Store, cache_dir: Path, datasets: Iterable[str] = ()) -> None:
    """Build and cache the index unless an up-to-date cache exists (before worker processes
    load it, so that they do not each build it).

    The build runs in a child process. Built here, the index's half a gigabyte stayed in this
    process (Python keeps freed memory for reuse) while only the workers screen: `screen-file
    --workers 2` peaked 450 MB higher on a million rows whenever the cache had to be built."""
    wanted = sorted(set(datasets))
    key = cache_key([v for v in store.current_versions() if not wanted or v.dataset in wanted], wanted)
    if (cache_dir / f"index-{key}.pickle").exists():
        return
    builder = multiprocessing.get_context("spawn").Process(
        target=_build_cache, args=(store.url, str(cache_dir), wanted)
    )
    builder.start()
    builder.join()
    if builder.exitcode != 0:
        # Say why where this process can: the same build, here.
        load_index(store, cache_dir, wanted)


def _build_cache(url: str, cache_dir: str, datasets: list[str]) -> None:
    load_index(Store(url), Path(cache_dir), datasets)


def load_index(store: Store, cache_dir: Path | None, datasets: Iterable[str] = ()) -> Index:
    """The index of the current versions, from the disk cache when it is up to date."""
    wanted = sorted(set(datasets))
    if cache_dir is None:
        return Index.build(store, wanted)
    key = cache_key([v for v in store.current_versions() if not wanted or v.dataset in wanted], wanted)
    path = cache_dir / f"index-{key}.pickle"
    if path.exists():
        with open(path, "rb") as fh:
            index: Index = pickle.load(fh)
        # Marked as used, so that pruning keeps it while it is in use.
        os.utime(path)
        return index
    index = Index.build(store, wanted)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # A temporary file of this writer's own: two processes that start on a new version at
    # once (a screen-file and the server) both build the index; with one shared name, the
    # first to finish moved the other's file away and the other failed at its rename.
    fd, name = tempfile.mkstemp(prefix=f"{path.stem}.", suffix=".tmp", dir=cache_dir)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    prune_index_cache(cache_dir)
    return index


def prune_index_cache(cache_dir: Path, keep: int = KEEP_CACHES) -> list[Path]:
    """Remove all but the `keep` most recently used index caches of `cache_dir` (each list
    update, dataset selection or names-table change writes a new one, about 46 MB with the
    lists of ../shared/data; nothing removed them, and the folder grew with every update).
    A process that has loaded a removed cache keeps its index; the next load rebuilds it.
    Returns the files removed."""
    caches = sorted(cache_dir.glob("index-*.pickle"), key=_mtime, reverse=True)
    removed = []
    for old in caches[keep:]:
        try:
            old.unlink()
        except FileNotFoundError:  # another process pruned it first
            continue
        removed.append(old)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def freeze_heap(collect: bool = False) -> None:
    """Put every object alive now (after a load: the index, about 1.6 million objects with
    the lists of ../shared/data) out of the cyclic garbage collector's reach.

    Each of Python's full collections scans every object it tracks. With the index loaded,
    one took 0.73 s in the middle of screening the benchmark's queries: a pause that every
    request in flight waits for, and 15% of the run. Frozen objects are still freed when
    nothing refers to them any more; only reference cycles among them stay until
    `gc.unfreeze()`. `collect`: collect first, so that no such garbage is frozen with them
    (0.5 s: worth it where a process runs for long, as the server does).
    """
    if collect:
        gc.collect()
    gc.freeze()


def settle_heap() -> None:
    """Freeze what screening added since the last freeze: for a process that only screens (a
    `screen-file` run or one of its workers), after each chunk of queries.

    The screener's caches (part similarities, expansions, look-ups, names) grow by a few
    hundred thousand objects over a file, and each of the collector's full collections scans
    every one: on the benchmark's 4,491 queries, 4 or 5 full collections took 0.64 to 0.80 s,
    11 to 13% of the screening (`python -m bench.gc_pauses`). Frozen each chunk, they are
    scanned about once. Cycles among the new objects are collected first (the young
    generations: about a millisecond); screening makes none (none were found over the
    benchmark's queries), and an evicted cache entry is freed by its reference count, frozen
    or not. Not for the server: its other requests' objects would be frozen with them.

    Every TRIM_EVERY chunks it also hands the C heap's free memory back to the system
    (glibc's `malloc_trim`). The caches are bounded, but what their evicted entries (the
    expansions' arrays above all) leave free stays mapped, in pieces too small to be given
    back: over rows 100,000 to 400,000 of a customer file the process grew by 61 MB while
    the blocks Python held grew by 3%; trimmed, it grew by 6 to 25 MB (docs/benchmarks.md, a
    million rows).
    """
    gc.collect(1)
    gc.freeze()
    if next(_settled) % TRIM_EVERY == 0:
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


def pause_collector() -> bool:
    """Stop the cyclic garbage collector's automatic collections, for a process that only screens
    and calls `settle_heap` after each chunk; True if it ran before (`resume_collector`).

    Screening allocates many short-lived containers (tokens, alignments, matches), and each 700
    more of them than were freed set off a young collection that scans all those still alive:
    about 1,900 young and 180 older collections over the benchmark's 4,492 queries
    (`bench.gc_pauses`: 0.4 s of 9.4). Without them, `screen_file` ran 2.2% fewer instructions
    on the first 1,200 of those queries (callgrind: 10.87 billion against 11.12; docs/benchmarks.md).
    Nothing is left to leak: reference counting frees what screening drops, and the cycles a
    chunk may make are collected by `settle_heap`'s collection of the young generations before
    it freezes them (a chunk's worth at most). Not for the server, which never settles its heap."""
    running = gc.isenabled()
    gc.disable()
    return running


def resume_collector(running: bool) -> None:
    """Start the automatic collections again if they ran before `pause_collector`."""
    if running:
        gc.enable()


#: `settle_heap` trims the C heap every this many chunks (each trim takes about a millisecond).
TRIM_EVERY: Final = 16
_settled: Final = itertools.count(1)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (macOS, musl)."""
    try:
        function = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    trim: Callable[[int], int] = function
    return trim
