"""The matching features: one small pure function per signal.

Each takes a `Comparison` (a query against one name of one listed subject, with
the parts already aligned) and returns a number, usually in [0, 1]. Its
docstring is the explanation shown to users: what it rewards or penalises,
and why. The algorithm (algorithm.py) weighs them and calibrates the sum.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from followthemoney import model

from hisab.match.align import Alignment, Pair
from hisab.match.index import (
    FAMILY,
    GIVEN,
    MIDDLE,
    MIN_SYLLABLES,
    UNKNOWN_KINDS,
    UNKNOWN_YEAR,
    VEHICLES,
    Subject,
    acronym_of,
    compound_family_halves,
    initials,
    organisation_word_forms,
    spells_syllables,
    syllable_words,
)
from hisab.names import tables
from hisab.names.gender import name_gender, person_like, plain_words
from hisab.names.similarity import devoiced_ending, initial_of, token_similarity
from hisab.names.tokens import LATIN, LEGAL, NAME, Token, fold_latin

#: Names whose matched parts weigh at least this much in total are strong evidence on their own.
EVIDENCE_CAP: Final = 1.5
#: Part similarities at or above FULL count fully; at or below NONE not at all; linear between.
FULL: Final = 0.9
NONE: Final = 0.7
#: The share of its rarity weight a patronymic counts when the other name leaves it out (as a
#: particle's: `omitted_patronymics`).
PATRONYMIC_LEFT_OUT: Final = 0.1
#: The share of its rarity weight a middle name counts when the other name leaves it out: a
#: listed person's (`omitted_middle_names`), or the query's where its record names the parts
#: (`omitted_query_middle_names`).
MIDDLE_LEFT_OUT: Final = 0.3
#: The share of its rarity weight a generic word of organisations' names counts when one name
#: gives it and the other, otherwise the same, leaves it out (`omitted_generic_words`).
GENERIC_LEFT_OUT: Final = 0.3
#: The share of its rarity weight a word of an organisation's qualifier counts when one name
#: gives the qualifier and the other, otherwise the same, leaves it out (`omitted_qualifier`).
QUALIFIER_LEFT_OUT: Final = 0.3


def credit(sim: float) -> float:
    """How much a paired part counts: "Raisi"/"Reisi" (0.92) fully, "Hossein"/"Hosseini" (0.7) not."""
    if sim >= FULL:
        return 1.0
    if sim <= NONE:
        return 0.0
    return (sim - NONE) / (FULL - NONE)


@dataclass(frozen=True)
class Query:
    """What a user screens: a name and what else they know."""

    name: str
    schema: str | None = None
    birth_date: str | None = None
    nationality: str | None = None
    identifiers: tuple[str, ...] = ()
    #: "male" or "female", when the user knows it
    gender: str | None = None
    #: What each part of a person's name is, when the user's record says (its first, middle and
    #: last name fields; `index.name_roles`): (phonetic form, GIVEN, MIDDLE or FAMILY) pairs.
    name_roles: tuple[tuple[str, str], ...] = ()


class Comparison:
    """A query against one name of one listed subject, with the parts aligned.

    The rarity mass of the paired parts (`matched`) and the two coverages are
    computed once, when the comparison is made: every feature of the name reads
    them. (A plain class with slots: one is made for every name scored.)
    """

    __slots__ = (
        "agreement",
        "alignment",
        "c_tokens",
        "c_weights",
        "coverages",
        "generic",
        "left_out",
        "matched",
        "name_kind",
        "paired",
        "q_tokens",
        "q_weights",
        "query",
        "subject",
        "totals",
    )

    def __init__(
        self,
        query: Query,
        q_tokens: tuple[Token, ...],
        q_weights: tuple[float, ...],
        subject: Subject,
        c_tokens: tuple[Token, ...],
        c_weights: tuple[float, ...],
        name_kind: str,
        alignment: Alignment,
        generic: frozenset[str] = frozenset(),
    ) -> None:
        self.query = query
        self.q_tokens = q_tokens
        q_weights = voiced_weights(q_tokens, q_weights, c_tokens, c_weights, alignment)
        self.q_weights = q_weights
        self.subject = subject
        self.c_tokens = c_tokens
        self.c_weights = c_weights
        self.name_kind = name_kind
        self.alignment = alignment
        #: the phonetic forms of organisations' generic words (`Index.generic`)
        self.generic = generic
        q_got = c_got = 0.0
        spelled = (
            initials_in_a_row(q_tokens, c_tokens, alignment)
            if organisation_names(query.schema, subject.schema)
            else ()
        )
        for pair in alignment.pairs:
            value = 1.0 if pair in spelled else credit(pair.sim)
            if value:
                q_got += value * sum(q_weights[i] for i in pair.q)
                c_got += value * sum(c_weights[j] for j in pair.c)
        #: The rarity mass of the paired parts, on the query's side and on the listed name's.
        self.matched = (q_got, c_got)
        # Summed in loops, as the pairs' weights above are: compiled, `sum` of a tuple (and
        # `max` below) is a generic call of the builtin, about 2,300 instructions a comparison
        # for the three of them.
        q_total = c_total = 0.0
        for weight in q_weights:
            q_total += weight
        for weight in c_weights:
            c_total += weight
        #: The parts one name gives and the other leaves out that count little (a patronymic, a
        #: middle name, a generic word of an organisation's name), as written: the explanation
        #: names them.
        self.left_out: tuple[str, ...] = ()
        if alignment.unmatched_c or alignment.unmatched_q:
            q_left, c_left = omitted_patronymics(q_tokens, c_tokens, alignment)
            share = 1.0 - PATRONYMIC_LEFT_OUT
            if not (q_left or c_left) and subject.name_roles:
                c_left = omitted_middle_names(q_tokens, c_tokens, alignment, subject.name_roles)
                share = 1.0 - MIDDLE_LEFT_OUT
            if not (q_left or c_left) and query.name_roles:
                q_left = omitted_query_middle_names(q_tokens, c_tokens, alignment, dict(query.name_roles))
                share = 1.0 - MIDDLE_LEFT_OUT
            if not (q_left or c_left) and generic and "Person" not in (query.schema, subject.schema):
                q_left, c_left = omitted_generic_words(q_tokens, c_tokens, alignment, generic)
                share = 1.0 - GENERIC_LEFT_OUT
                if not (q_left or c_left):
                    q_left, c_left = omitted_qualifier(q_tokens, c_tokens, alignment, generic)
                    share = 1.0 - QUALIFIER_LEFT_OUT
            if q_left or c_left:
                # They count only their share of their weight (PATRONYMIC_LEFT_OUT, MIDDLE_LEFT_OUT,
                # GENERIC_LEFT_OUT, QUALIFIER_LEFT_OUT).
                q_total -= share * sum(q_weights[i] for i in q_left)
                c_total -= share * sum(c_weights[j] for j in c_left)
                self.left_out = tuple(q_tokens[i].text for i in q_left) + tuple(
                    c_tokens[j].text for j in c_left
                )
        #: The whole rarity mass of the query's parts and of the listed name's.
        self.totals = (q_total, c_total)
        #: Query and candidate coverage (see the functions of those names).
        self.coverages = (q_got / q_total if q_total > 0 else 0.0, c_got / c_total if c_total > 0 else 0.0)
        #: The best `_date_agreement` of the query's birth date with a listed one (0 if either
        #: is missing), which three birth-date features read.
        q = query.birth_date
        agreement = 0.0
        if q:
            for d in subject.birth_dates:
                # (each at least 0, as is the default)
                agreement_d = _date_agreement(d, q)
                if agreement_d > agreement:
                    agreement = agreement_d
        self.agreement = agreement
        #: `_paired`, made when a feature first asks (three features read it).
        self.paired: tuple[set[int], set[int]] | None = None


def organisation_names(query_schema: str | None, subject_schema: str) -> bool:
    """Whether the two names may both be organisations': neither side a person's, the listed
    subject no vessel or aircraft. What organisations' names are read for (`initials_in_a_row`,
    `one_word_variant`, `other_distinctive_words`) is no evidence between people's names ("M.
    Y. Ahmad" is two given names' initials, each any name's) nor of a vessel's."""
    return "Person" not in (query_schema, subject_schema) and subject_schema not in VEHICLES


def initials_in_a_row(
    q_tokens: tuple[Token, ...], c_tokens: tuple[Token, ...], alignment: Alignment
) -> tuple[Pair, ...]:
    """The pairs of the query's letters with the listed words they begin (`initial_of`) that
    come two or more in a row on both sides: an organisation's words written as their initials
    (read only where both names may be organisations', `organisation_names`)
    ("M. E. ASHQUI" for OFAC's MICRO EMPRESA ASHQUI). One letter is any word's initial and
    counts as an initial does (0.8: half); two in a row, in order, spell two words, one pair of
    letters in hundreds, and count in full. Before, "M. E. ASHQUI" scored 0.43."""
    found = [
        pair
        for pair in alignment.pairs
        if len(pair.q) == 1 and len(pair.c) == 1 and initial_of(q_tokens[pair.q[0]], c_tokens[pair.c[0]])
    ]
    if len(found) < 2:
        return ()
    at = {(pair.q[0], pair.c[0]) for pair in found}
    return tuple(
        pair for pair in found if (pair.q[0] + 1, pair.c[0] + 1) in at or (pair.q[0] - 1, pair.c[0] - 1) in at
    )


def voiced_weights(
    q_tokens: tuple[Token, ...],
    q_weights: tuple[float, ...],
    c_tokens: tuple[Token, ...],
    c_weights: tuple[float, ...],
    alignment: Alignment,
) -> tuple[float, ...]:
    """The query's parts' weights, each part that meets a listed part only with its last t or p
    read as d or b (`similarity.devoiced_ending`: Turkish "Ahmet" for Ahmad) weighing no more
    than the listed part. "Ahmet" is a rare spelling, on the lists and in the name table, of a
    name thousands bear: weighed as written, it made an ordinary Turkish customer's name strong
    evidence against a listed Ahmad. Weighed once, for the listed part met, rather than in the
    index (as `Index.weight` weighs a Cyrillic part no rarer than its Persian reading): there,
    every word ending in t weighed as its voiced form, and the Persian "Hemmat" of SHAHID
    HEMMAT INDUSTRIAL GROUP (hmt) as the common Hamid and Hamed (hmd)."""
    capped: list[float] | None = None
    for pair in alignment.pairs:
        if len(pair.q) != 1 or len(pair.c) != 1:
            continue
        i, j = pair.q[0], pair.c[0]
        if q_weights[i] <= c_weights[j]:
            continue
        q, c = q_tokens[i], c_tokens[j]
        if q.script == LATIN and c.script == LATIN and devoiced_ending(q.phon, c.phon) is not None:
            if capped is None:
                capped = list(q_weights)
            capped[i] = c_weights[j]
    return q_weights if capped is None else tuple(capped)


def is_patronymic(token: Token, endings: tuple[str, ...]) -> bool:
    """Whether a name part ends as a patronymic does (`endings`: tables.patronymic_endings)."""
    return token.kind == NAME and len(token.text) >= 6 and token.text.endswith(endings)


def _paired_names(tokens: tuple[Token, ...], pairs: tuple[Pair, ...], listed: bool) -> int:
    """How many name parts of one side (the listed name's, or the query's) are paired."""
    found = {i for pair in pairs if credit(pair.sim) for i in (pair.c if listed else pair.q)}
    return sum(1 for i in found if tokens[i].kind == NAME)


def omitted_patronymics(
    q_tokens: tuple[Token, ...], c_tokens: tuple[Token, ...], alignment: Alignment
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The positions of the patronymics one side gives and the other leaves out, on each side
    (the query's, the listed name's): they count PATRONYMIC_LEFT_OUT of their weight.

    Lists give East Slavic names with the patronymic ("Sergei Kuzhugetovich SHOIGU"), and
    customer records and the press most often without it ("Sergei Shoigu"): left out, it is
    no evidence that the two differ, and counted in full it made "Sergei Shoigu" 0.31 and
    "Vladimir Yakunin" 0.25. Only when the side giving it has two other name parts paired
    (a given name and a family name), and the other side has no unpaired patronymic of its
    own: two different patronymics ("Ivanovich", "Petrovich") are evidence of two people.
    Patronymics are told by their endings (resources/names/patronymics.txt)."""
    endings = tables.patronymic_endings()
    c_left = tuple(j for j in alignment.unmatched_c if is_patronymic(c_tokens[j], endings))
    q_left = tuple(i for i in alignment.unmatched_q if is_patronymic(q_tokens[i], endings))
    if bool(c_left) == bool(q_left):
        return (), ()
    if c_left and _paired_names(c_tokens, alignment.pairs, True) >= 2:
        return (), c_left
    if q_left and _paired_names(q_tokens, alignment.pairs, False) >= 2:
        return q_left, ()
    return (), ()


def distinctive(token: Token, generic: frozenset[str]) -> bool:
    """Whether a part is a name part of its own: no legal form, particle or title, nor a generic
    word of organisations' names (`generic`: the index's phonetic forms)."""
    return token.kind == NAME and token.phon not in generic


@cache
def country_words() -> frozenset[str]:
    """The phonetic forms of the names of countries (country_names.txt), read as the words of an
    organisation's name are: an adjective as its country ("Iranian" as Iran)."""
    return organisation_word_forms(tables.country_names())


@cache
def common_org_words() -> frozenset[str]:
    """The phonetic forms of the English words org_terms.tsv reads organisations' words as
    (Movement for Harakat, Army for Jaysh, Headquarters, Iran for Irano) and of the countries'
    names (`country_words`): no name of an organisation's own, though a list may name too few
    organisations with one for the index to find it generic."""
    return organisation_word_forms(tables.org_terms().values()) | country_words()


def _fully_paired(alignment: Alignment, listed: bool) -> set[int]:
    """The positions of one side's parts (the listed name's, or the query's) paired in full."""
    return {k for pair in alignment.pairs if credit(pair.sim) == 1.0 for k in (pair.c if listed else pair.q)}


def omitted_generic_words(
    q_tokens: tuple[Token, ...], c_tokens: tuple[Token, ...], alignment: Alignment, generic: frozenset[str]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The positions of the generic words of organisations' names (`generic`: the index's) one
    side gives and the other leaves out, on each side (the query's, the listed name's): they count
    GENERIC_LEFT_OUT of their weight.

    An organisation goes by the short form of its name: "GHAED BASSIR" is OFAC's "GHAED BASSIR
    PETROCHEMICAL PRODUCTS COMPANY", and "Petrochemical Products" counted as much as a name
    part made the short form a third of the name (0.39). Only when the words left out are all
    generic, the other side leaves no name part of its own unpaired, and a part that is no
    generic word is paired in full: "Shipping" alone is no short form of any shipping line's
    name."""
    c_left = tuple(j for j in alignment.unmatched_c if c_tokens[j].kind in (NAME, LEGAL))
    q_left = tuple(i for i in alignment.unmatched_q if q_tokens[i].kind in (NAME, LEGAL))
    if bool(c_left) == bool(q_left):
        return (), ()
    tokens, left = (c_tokens, c_left) if c_left else (q_tokens, q_left)
    if any(distinctive(tokens[k], generic) for k in left):
        return (), ()
    if not any(distinctive(tokens[k], generic) for k in _fully_paired(alignment, bool(c_left))):
        return (), ()
    return ((), c_left) if c_left else (q_left, ())


def omitted_qualifier(
    q_tokens: tuple[Token, ...], c_tokens: tuple[Token, ...], alignment: Alignment, generic: frozenset[str]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The positions of the words of an organisation's qualifier one side gives and the other
    leaves out, on each side (the query's, the listed name's): they count QUALIFIER_LEFT_OUT
    of their weight.

    An organisation goes by its name without the words that say where it is or which branch
    it is: "DISTRIBUIDORA IMPERIAL" is OFAC's "DISTRIBUIDORA IMPERIAL DE BAJA CALIFORNIA, S.A.
    DE C.V.", and "Baja California" counted as much as a name part made the short form less
    than half of the name (0.48). A qualifier is what follows the last opening word
    (qualifier_openers.txt: "de", "of", "in", ...) before the first unpaired name part. Only when
    every unpaired name part of that side is in it and none is generic, it ends the name (a
    legal form aside), the other side leaves no name part of its own unpaired, and the words
    before it pair in full a name of its own (no generic word, no word org_terms.tsv translates,
    no country): "CENTRAL BANK" is no short form of the CENTRAL BANK OF IRAN. A country in the
    qualifier is one: "... IN SAUDI ARABIA" says where."""
    c_left = tuple(j for j in alignment.unmatched_c if c_tokens[j].kind == NAME)
    q_left = tuple(i for i in alignment.unmatched_q if q_tokens[i].kind == NAME)
    if bool(c_left) == bool(q_left):
        return (), ()
    tokens, left = (c_tokens, c_left) if c_left else (q_tokens, q_left)
    first = min(left)
    before = range(first - 1, 0, -1)
    openers = tables.qualifier_openers()
    opener = next((k for k in before if tokens[k].kind != NAME and tokens[k].text in openers), None)
    if opener is None or any(tokens[k].kind == NAME for k in range(opener + 1, first)):
        return (), ()
    # The qualifier ends the name (but for a legal form), unpaired, and no word of it is generic:
    # "... OF THE ISLAMIC REPUBLIC OF IRAN COOPERATIVE FOUNDATION" is the foundation of the
    # forces named before it, not they.
    after = [k for k in range(first, len(tokens)) if tokens[k].kind == NAME]
    if len(after) != len(left) or any(tokens[k].phon in generic for k in after):
        return (), ()
    # A name of its own before the qualifier: no generic word, translated word or country. "Al
    # Harakat al-Islamiyya" (the Islamic Movement) is ABU SAYYAF GROUP's alias, and read as a
    # short form it made the EU's Abu Sayyaf the UN's ISLAMIC MOVEMENT OF UZBEKISTAN (0.92).
    full, common = _fully_paired(alignment, bool(c_left)), common_org_words()
    named = (k for k in range(opener) if k in full and tokens[k].phon not in common)
    if not any(distinctive(tokens[k], generic) for k in named):
        return (), ()
    return ((), left) if c_left else (left, ())


def omitted_middle_names(
    q_tokens: tuple[Token, ...], c_tokens: tuple[Token, ...], alignment: Alignment, roles: dict[str, str]
) -> tuple[int, ...]:
    """The positions of the listed name's middle names the query leaves out: they count
    MIDDLE_LEFT_OUT of their weight.

    Customer records and the press give a name without its middle names: "Ali Khamenei" for
    OFAC's "KHAMENEI, Ali Husseini" scored 0.26. Only where the list says which parts are the
    given, the middle and the family names (`index.name_roles`): guessed from the order of the
    parts, the part left out was as often half of a compound given name ("Ali Moradi" against
    "MORADI Ali-Reza") or the family name ("Mohammad Reza" against "Mohammad Reza ZAHEDI"), and
    false alerts on ordinary customers rose from 4.67 to 12.33 per 1,000 (docs/benchmarks.md).
    And only when the query pairs the given and the family name, and has no name part of its
    own unpaired: an extra part is evidence of another person."""
    return _middle_left_out(c_tokens, q_tokens, alignment, roles, listed=True)


def omitted_query_middle_names(
    q_tokens: tuple[Token, ...], c_tokens: tuple[Token, ...], alignment: Alignment, roles: dict[str, str]
) -> tuple[int, ...]:
    """`omitted_middle_names` the other way round: the positions of the query's middle names
    that the listed name leaves out, where the query says which parts of its name are the
    given, the middle and the family names (`roles`: a customer record's first, middle and
    last name fields; `Query.name_roles`). A customer "Ali Husseini Khamenei" whose record
    names "Husseini" a middle name, against a list's "Ali KHAMENEI"."""
    return _middle_left_out(q_tokens, c_tokens, alignment, roles, listed=False)


def _middle_left_out(
    tokens: tuple[Token, ...],
    other: tuple[Token, ...],
    alignment: Alignment,
    roles: dict[str, str],
    listed: bool,
) -> tuple[int, ...]:
    """The unpaired name parts of one name (`tokens`: the listed name's if `listed`, else the
    query's) when all are middle names by `roles`, that name's given and family names are
    paired, and the other name (`other`) has no name part unpaired; else none. The cheap
    checks first: most names scored fail them."""
    unmatched, other_unmatched = (
        (alignment.unmatched_c, alignment.unmatched_q)
        if listed
        else (alignment.unmatched_q, alignment.unmatched_c)
    )
    if any(other[i].kind == NAME for i in other_unmatched):
        return ()
    left = tuple(j for j in unmatched if tokens[j].kind == NAME)
    if not left or any(roles.get(tokens[j].phon) != MIDDLE for j in left):
        return ()
    found = {
        roles.get(tokens[j].phon)
        for pair in alignment.pairs
        if credit(pair.sim)
        for j in (pair.c if listed else pair.q)
    }
    if GIVEN not in found or FAMILY not in found:
        return ()
    return left


def query_coverage(c: Comparison) -> float:
    """How much of the query's name is found in the listed name, each part weighted by its rarity;
    a middle name the listed name leaves out counts little where the query names its parts, and
    so does a generic word of an organisation's name or its qualifier ("... de Baja California").

    A match on a rare surname counts far more than a match on "Mohammad"; a query
    part with no counterpart lowers this.
    """
    return c.coverages[0]


def candidate_coverage(c: Comparison) -> float:
    """How much of the listed name is found in the query, weighted by rarity; a patronymic, a
    middle name, a generic word of an organisation's name or its qualifier ("... de Baja
    California") the query leaves out counts little.

    Lists often give more name parts than a customer record does, so this counts
    less than query coverage, but a listed name mostly unmatched is weaker evidence.
    """
    return c.coverages[1]


def evidence(c: Comparison) -> float:
    """The rarity mass of the matched name parts, capped at 1.5.

    Two common names ("Mohammad Hosseini") matching in full are weak evidence
    that two people are the same; a rare surname matching is strong evidence.
    """
    # `min` written out: compiled, the builtin is a generic call (`full_name`, which called it on a
    # tuple, took 1,800 instructions a call on a customer file).
    matched = c.matched[0]
    return (EVIDENCE_CAP if matched > EVIDENCE_CAP else matched) / EVIDENCE_CAP


def full_name(c: Comparison) -> float:
    """How completely the two names cover each other: the lower of the two coverages.

    A listed name and a query that each account for all of the other's parts are
    far more likely the same than two names that share one part in full.
    """
    # `min` written out (`evidence`).
    query, listed = c.coverages
    return listed if listed < query else query


def rare_full_name(c: Comparison) -> float:
    """Full coverage times rarity: the whole name matches and it is not a common one."""
    return full_name(c) * evidence(c)


def unmatched_both(c: Comparison) -> float:
    """Rare parts left unmatched on both sides: the lesser of the two unmatched rarity masses.

    "Iran and Egypt Shipping Lines" against "Iran and India Shipping Lines", or "Maryam
    Soltani" against "Mohammad Soltani": each name has a part the other lacks, which is
    evidence of two different names, not of one name given in part (a customer record
    without the middle name leaves parts unmatched on one side only).
    """
    q_left = c.totals[0] - c.matched[0]
    c_left = c.totals[1] - c.matched[1]
    return min(max(min(q_left, c_left), 0.0), 1.0)


def _name_part(token: Token) -> bool:
    """A name part of more than one letter: what `given_name_differs` and `family_name_differs`
    count as a name of its own (an initial may be any name's)."""
    return token.kind == NAME and len(token.text) > 1


def _paired(c: Comparison) -> tuple[set[int], set[int]]:
    """The parts of the query and of the listed name in a pair that counts (`credit`):
    "Mohammad" against "Hamed" (0.57) is aligned, and counts nothing. Made once per comparison
    (`Comparison.paired`): `given_name_differs`, `family_name_differs` and
    `family_name_left_out` each read it."""
    if c.paired is None:
        paired_q: set[int] = set()
        paired_c: set[int] = set()
        for pair in c.alignment.pairs:
            if credit(pair.sim):
                # Loops, not `update`: compiled, that is a generic method call.
                for i in pair.q:
                    paired_q.add(i)
                for j in pair.c:
                    paired_c.add(j)
        c.paired = (paired_q, paired_c)
    return c.paired


def _persons_with_roles(c: Comparison) -> bool:
    """Whether the query may be a person's and the listed subject is a person whose list names
    its name's parts (`Subject.name_roles`): what the features on those roles need."""
    return bool(c.subject.name_roles) and c.subject.schema == "Person" and c.query.schema in (None, "Person")


def given_name_differs(c: Comparison) -> float:
    """1 when the two are persons who share the family name and not the given name: the list
    names the parts of its name (`Subject.name_roles`), its family name is paired, its given
    name is not, and the query has a name part of its own left unpaired. "Ali Soltani" against
    OFAC's "SOLTANI, Mohammad" is another man of that family. `unmatched_both` weighs the parts
    left unpaired by their rarity, so two common given names ("Ali", "Mohammad") differed at
    almost no cost, and a customer who shared a common family name and a birth year with a
    listed person alerted; but a list records a person by another given name seldom, however
    common both are. An alias spelled otherwise ("BAGHERI, Mohammed" beside "BAGHERI,
    Mohammad") has its parts' roles by their skeletons (`_listed_roles`).

    Not when the birth dates agree to the day: one person in some twenty thousand shares a birth
    date, and a list does record aliases under other given names ("Mariano AVENDANO", born
    1966-11-14, is an a.k.a. of OFAC's "AVENDANO OJEDA, Martin Guadencio", born that day); a
    birth year, shared by one in some sixty, does not tell such an alias from a namesake."""
    if c.agreement == 1.0 or not _persons_with_roles(c):
        return 0.0
    paired_q, paired_c = _paired(c)
    if len(paired_c) == len(c.c_tokens) or not any(
        _name_part(t) for i, t in enumerate(c.q_tokens) if i not in paired_q
    ):
        return 0.0
    listed = _listed_roles(c.subject, c.c_tokens)
    paired_roles = {listed[j] for j in paired_c}
    if FAMILY not in paired_roles or GIVEN in paired_roles:
        return 0.0
    unpaired_given = any(role == GIVEN and _name_part(c.c_tokens[j]) for j, role in enumerate(listed))
    return 1.0 if unpaired_given else 0.0


#: Below this similarity (`token_similarity`) a part of the query left unpaired is another
#: family name than the listed one, not a slip in it: "Ahmadi" and "Jabarin" 0.29, "Salimi"
#: and "Farahani" 0.25, "Ahmadi" and "Mohammadi" 0.62, "Hassani" and "Hosseini" 0.57; "Kmi"
#: and "Kim" 0.70, "Gim" and "Kim" 0.67, "Slaehi" and "Salehi" 0.67 ("Linus" and "Lin", 0.60,
#: begin alike). It was 0.5 until a customer "Reza Ahmadi" alerted on the EU's "Mohammad Reza
#: MOHAMMADI" by "Reza" and a birth date shared to the day (0.74).
FAMILY_UNLIKE: Final = 0.65


def family_name_differs(c: Comparison) -> float:
    """1 when the two are persons who share a given name and not the family name: the list
    names the parts of its name (`Subject.name_roles`), its given name is paired, no part of
    its family name is, and each name part the query leaves unpaired is unlike each of those
    (below `FAMILY_UNLIKE`, neither beginning the other, as a cut-off name does). "Alireza
    Ahmadi" against OFAC's "FADAKAR, Alireza" is another man of that given name. So is a query
    that pairs only the second half of a Persian compound family name (`_half_of_compound`):
    "Mohammad Moghaddam" against "SADEGHI MOGHADAM, Mohammad Hasan".

    Unlike `given_name_differs`, it holds when the birth dates agree to the day, which is
    where it matters: an exact birth date weighs as much as a full name, and a customer who
    shared a common given name and a birth date with a listed person alerted on those two alone
    ("Zahra Ahmadi", born 1968-11-09, against "JABARIN, Zaher", born that day, 0.51). A list
    does record a person under another family name (OFAC's "JAMALI" for "MUSAVI, Sayyed
    Kamal"), and such an alias still scores its given name and its birth date."""
    if not _persons_with_roles(c):
        return 0.0
    paired_q, paired_c = _paired(c)
    own = [t for i, t in enumerate(c.q_tokens) if i not in paired_q and _name_part(t)]
    # With no part of its own left, only a compound's second half paired can tell (most names
    # scored end here, before their parts' roles are read).
    halves = compound_family_halves()
    if not own and not any(c.c_tokens[j].phon in halves for j in paired_c):
        return 0.0
    listed = _listed_roles(c.subject, c.c_tokens)
    if GIVEN not in {listed[j] for j in paired_c}:
        return 0.0
    half = _half_of_compound(c.c_tokens, listed, paired_c, halves)
    if half is not None:
        other = c.c_tokens[half]
        return 0.0 if any(_alike(mine, other) for mine in own) else 1.0
    if not own:
        return 0.0
    family = [t for j, t in enumerate(c.c_tokens) if listed[j] == FAMILY and _name_part(t)]
    if not family or any(listed[j] == FAMILY for j in paired_c):
        return 0.0
    if any(_alike(mine, theirs) for mine in own for theirs in family):
        return 0.0
    return 1.0


def family_name_left_out(c: Comparison) -> float:
    """1 when the query names only given names of a listed person and leaves the family name
    out: the list names the parts of its name (`Subject.name_roles`), only given names are
    paired, and every name part of the query is paired. "Mohammad Reza", born 1944, against
    OFAC's "ZAHEDI, Mohammed Reza", born 1944, shares two of Iran's commonest given names and a
    birth year, which one man in some sixty shares by chance. Such a query may still be the
    listed person with his family name left out; so the feature weighs less than
    `family_name_differs`, where the query gives another family name."""
    if not c.alignment.unmatched_c or not _persons_with_roles(c):
        return 0.0
    paired_q, paired_c = _paired(c)
    if len(paired_c) == len(c.c_tokens) or not paired_c:
        return 0.0
    if any(_name_part(t) for i, t in enumerate(c.q_tokens) if i not in paired_q):
        return 0.0
    listed = _listed_roles(c.subject, c.c_tokens)
    paired_roles = {listed[j] for j in paired_c}
    if paired_roles != {GIVEN}:
        return 0.0
    # The family name of the name scored, or of an alias: the roles are the main name's, and an
    # alias's family name ("SHAMS, Mohammad Reza" of NAQDI's) has none.
    left_out = any(
        role in (FAMILY, "") and j not in paired_c and _name_part(c.c_tokens[j])
        for j, role in enumerate(listed)
    )
    return 1.0 if left_out else 0.0


def _alike(mine: Token, theirs: Token) -> bool:
    """Whether a query's unpaired part may be a listed family name's part spelled otherwise or
    cut off (`FAMILY_UNLIKE`), rather than another name."""
    return (
        mine.phon.startswith(theirs.phon)
        or theirs.phon.startswith(mine.phon)
        or token_similarity(mine, theirs) >= FAMILY_UNLIKE
    )


def _half_of_compound(
    tokens: tuple[Token, ...], listed: tuple[str, ...], paired: set[int], halves: frozenset[str]
) -> int | None:
    """The first word of a listed Persian compound family name of which the query pairs only the
    second (None if there is none): the family name is two words, the second one of
    compound_given.tsv's family halves (`halves`: "Sadeghi Moghaddam", "Ahmadi-Moqaddam"). That
    half alone is another family name: "Mohammad Moghaddam" is not SADEGHI MOGHADAM, Mohammad Hasan, as
    "Reza Moghadam" is not the EU's "Reza Khosravi MOGHADDAM". The first word alone may be the
    name shortened: the EU lists OFAC's "ASHTARI FARD, Hossein" as "ASHTARI Hossein"."""
    family = [j for j, t in enumerate(tokens) if listed[j] == FAMILY and _name_part(t)]
    if len(family) != 2 or family[1] != family[0] + 1:
        return None
    if tokens[family[1]].phon not in halves:
        return None
    first, second = family
    return first if second in paired and first not in paired else None


def _listed_roles(subject: Subject, tokens: tuple[Token, ...]) -> tuple[str, ...]:
    """`_roles_of` one of the subject's names, worked out once (`Subject.roles_of_names`): two
    or three features ask it of the same name, and every query that meets the name asks again."""
    found = subject.roles_of_names.get(tokens)
    if found is None:
        found = tuple(_roles_of(subject, tokens))
        subject.roles_of_names[tokens] = found
    return found


def _roles_of(subject: Subject, tokens: tuple[Token, ...]) -> list[str]:
    """The role of each part of one of a listed person's names (`Subject.name_roles`, "" where
    none): by its phonetic form, or else by its skeleton, where the parts of the subject's names
    that have a role and that skeleton all have the same one. The roles come from the list's
    name fields, which name the main name's parts only. Only name parts have roles: a title
    ("Seyed") shares its skeleton with a given name (Saeed)."""
    roles = subject.name_roles
    found = [roles.get(t.phon, "") for t in tokens]
    missing = [j for j, t in enumerate(tokens) if not found[j] and t.kind == NAME]
    if not missing:
        return found
    by_skeleton: dict[str, str] = {}
    for names, _ in subject.names:
        for t in names:
            role = roles.get(t.phon)
            if role:
                by_skeleton[t.skel] = role if by_skeleton.get(t.skel, role) == role else ""
    for j in missing:
        found[j] = by_skeleton.get(tokens[j].skel, "")
    return found


def reordered(c: Comparison) -> float:
    """1 when the matched parts come in another order (a small penalty: lists invert names)."""
    return 0.0 if c.alignment.in_order else 1.0


def weak_alias(c: Comparison) -> float:
    """1 when the matching name is one the list marks as a weak (low-quality) alias."""
    return 1.0 if c.name_kind == "weak" else 0.0


#: The longest word `one_word_variant` counts (its phonetic form; the shorter of the two): a
#: variant of a long word is seldom another word by chance ("Chornomornaftogaz", Ukrainian, is
#: the Russian "Chernomorneftegaz").
ONE_WORD_LETTERS: Final = 7


def one_word_variant(c: Comparison) -> float:
    """1 when two organisations' names (neither side a person's) each hold one distinctive word
    (`distinctive`), one Latin at least, paired as a spelling variant rather than written alike:
    an ordinary company named after a family meets a listed organisation's short name or acronym
    written as a word ("Kütük Import Export SARL" ~ CATEC, "Gök Group" ~ GEC, "Sree Trading LLC"
    ~ SRIAE), each 0.92 as a vowel variant of one skeleton, the floor Persian romanisations need
    for persons' names. A single word spelled otherwise is weak evidence that two organisations
    are one.

    Generic words of organisations' names are no distinctive words: "Souna Shipping Ltd" met
    SINA SHIPPING COMPANY LIMITED at 0.92 and "Güney Shipping Ltd" GENI SARL (3,000 such
    companies, `bench.org_negatives`: 64 alerting, 48 once generic words no longer counted and
    slips were left out). Two words of one skeleton differ in vowels only, which in the
    Latin-script names of most languages tell short words apart. A word that differs from the
    other in one letter put for a consonant (an OCR "REDlN EXCHANGE", a typo "REFIN EXCHANGE" of
    REDIN EXCHANGE) is a slip (`_slip`), left to the similarity; one with letters more or fewer
    is not ("ASYAF INTERNATIONAL HOLDING GROUP" met Abu Sayyaf Group at 0.77 when it counted as
    one). A part paired with two read joined counts as a variant, and so does a word read across
    scripts, whose vowels the Arabic-script one does not write: "Shehadeh Trading LLC" met the
    EU's شهداء (Shohada, an IRGC regional corps) at 0.84."""
    q_words, c_words = _organisation_words(c)
    if len(q_words) != 1 or len(c_words) != 1:
        return 0.0
    i, j = q_words[0], c_words[0]
    a, b = c.q_tokens[i], c.c_tokens[j]
    if LATIN not in (a.script, b.script) or min(len(a.phon), len(b.phon)) > ONE_WORD_LETTERS:
        return 0.0
    for pair in c.alignment.pairs:
        if i in pair.q and j in pair.c:
            slip = len(pair.q) == len(pair.c) == 1 and a.script == b.script and _slip(a, b)
            return 1.0 if pair.sim < 1.0 and not slip else 0.0
    return 0.0


def _organisation_words(c: Comparison) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The positions of the distinctive words (`distinctive`) of the query's name and of the
    listed name, when both may be organisations' (neither side a person's, the listed subject
    no vessel or aircraft); else none: what `one_word_variant` and `other_distinctive_words`
    read."""
    if not organisation_names(c.query.schema, c.subject.schema):
        return (), ()
    return (
        tuple(i for i, t in enumerate(c.q_tokens) if distinctive(t, c.generic)),
        tuple(j for j, t in enumerate(c.c_tokens) if distinctive(t, c.generic)),
    )


def other_distinctive_words(c: Comparison) -> float:
    """1 when two organisations' names (neither side a person's) pair generic words of
    organisations' names and names of countries only, and each holds a distinctive word
    (`distinctive`) that pairs with nothing: "SOUTH STEEL COMPLEX" met VIAN STEEL COMPLEX at
    0.84 and GILAN STEEL COMPLEX at 0.72 without it, and "Iran and Egypt Shipping Lines" met
    IRANO HIND SHIPPING COMPANY at 0.79. The generic words say what the two do and a country
    where; which organisation each is, the distinctive words say, and they differ. (A name of
    such words only, another distinctive word paired however weakly, or one that is the other
    name's acronym, leaves this to the other features.)"""
    q_words, c_words = _organisation_words(c)
    if not q_words or not c_words:
        return 0.0
    credited = [pair for pair in c.alignment.pairs if credit(pair.sim) > 0.0]
    q_paired = {i for pair in credited for i in pair.q}
    c_paired = {j for pair in credited for j in pair.c}
    countries = country_words()
    if any(c.q_tokens[i].phon not in countries for i in q_words if i in q_paired) or any(
        c.c_tokens[j].phon not in countries for j in c_words if j in c_paired
    ):
        return 0.0
    unpaired = any(i not in q_paired for i in q_words) and any(j not in c_paired for j in c_words)
    # A short form spelled by the other name's words ("LAPA S.A.S.", "COPETE S.A.") pairs with
    # none of them: `acronym` weighs it.
    return 1.0 if credited and unpaired and not acronym(c) else 0.0


def _slip(a: Token, b: Token) -> bool:
    """Whether two words differ in one consonant put for another letter, and in nothing else:
    an OCR or keying slip ("redln", "refin" for "redin"), not another word ("asyaf", "sayyaf")."""
    if a.skel == b.skel or len(a.phon) != len(b.phon):
        return False
    return sum(1 for x, y in zip(a.phon, b.phon, strict=True) if x != y) == 1


def birth_years(subject: Subject) -> frozenset[int]:
    """The years of a subject's birth dates, worked out once (`Subject.birth_years`): every name
    of the subject scored asks."""
    years = subject.birth_years
    if years is None:
        years = frozenset(int(d[:4]) for d in subject.birth_dates if d[:4].isdigit())
        subject.birth_years = years
    return years


def _date_agreement(listed: str, query: str) -> float:
    """How far two birth dates agree: 1 the same day, 0.8 the same month, 0.6 the same year,
    0 otherwise. Only what both give is compared: a listed year-only date agrees with any
    date in that year. Two full dates that differ in month or day do not agree, unless
    month and day are swapped (a frequent clerical error), which counts as the same month."""
    size = min(len(listed), len(query))
    if listed[:4] != query[:4]:
        return 0.0
    if size >= 10 and listed[:10] == query[:10]:
        return 1.0
    if size >= 10:
        swapped = listed[5:7] == query[8:10] and listed[8:10] == query[5:7]
        return 0.8 if swapped else 0.0
    if size >= 7:
        return 0.8 if listed[:7] == query[:7] else 0.0
    return 0.6


def birth_date_match(c: Comparison) -> float:
    """1 for the same birth date, 0.8 for the same month (or day and month swapped); the best
    over the listed dates. A year alone is `birth_year_match`."""
    return c.agreement if c.agreement > 0.6 else 0.0


def birth_year_match(c: Comparison) -> float:
    """1 when the birth years agree and that is all one side gives (a listed "1957").

    A feature of its own, not a fraction of `birth_date_match`: one person in some sixty
    shares a given birth year, one in some twenty thousand a birth date, so the fit weighs
    the two apart."""
    return 1.0 if c.agreement == 0.6 else 0.0


def birth_date_mismatch(c: Comparison) -> float:
    """1 when both birth dates are known and no listed year is within a year of the query's, or
    when the query's person was a child when the subject was listed; 0.5 when the years agree
    but no listed date agrees with the query's (other month or day).

    A contradicting birth date is strong evidence of two different people with
    similar names; this is what protects ordinary people with common names. A list that
    gives no birth date still gives the date it listed the person (the EU and UN lists, the
    CSL): a customer born in 2002 is not the "SADEGHI Mohamed" the EU listed in 2012
    (`too_young_when_listed`).
    """
    q = c.query.birth_date
    if not q or not q[:4].isdigit():
        return 0.0
    if too_young_when_listed(int(q[:4]), c.subject):
        return 1.0
    if not c.subject.birth_dates:
        return 0.0
    years = birth_years(c.subject)
    if not years:
        return 0.0
    if not any(abs(int(q[:4]) - y) <= 1 for y in years):
        return 1.0
    return 0.0 if c.agreement else 0.5


#: Born fewer than this many years before the year a person was first listed: too young to
#: be that person. Sanctions name people for what they did as adults; on the lists of
#: ../shared/data the youngest listed person with a birth date was 17 in the year of listing
#: (two UN entries), and nobody was younger.
MIN_AGE_LISTED: Final = 14


def too_young_when_listed(birth_year: int, subject: Subject) -> bool:
    """True when a person born in `birth_year` was under MIN_AGE_LISTED in the year `subject`
    was first listed (by its own record's listing dates; none known: False). Years only, so
    that a date read in another calendar or a record updated later errs towards no."""
    if subject.schema not in ("Person", "LegalEntity"):
        return False
    listed = first_listed(subject)
    return listed is not None and listed - birth_year < MIN_AGE_LISTED


def first_listed(subject: Subject) -> int | None:
    """The year `subject` was first listed, by its own record's listing dates (None: none given).
    Worked out once (`Subject.first_listed_year`): two features ask it of every name scored."""
    year = subject.first_listed_year
    if year == UNKNOWN_YEAR:
        years = [int(d[:4]) for p in subject.programs if (d := p.get("listing_date") or "")[:4].isdigit()]
        year = min(years) if years else -1
        subject.first_listed_year = year
    return year if year >= 0 else None


#: `listing_age` reads the listed persons' counts by age at listing
#: (resources/match/listing_age.tsv, built by scripts/build_listing_age.py), each age averaged
#: with this many years on either side.
LISTING_AGE_WINDOW: Final = 2
#: How a customer base spreads over ages at a given listing: evenly over seventy birth years.
CUSTOMER_AGE_SHARE: Final = 1 / 70
#: The most `listing_age` counts (a likelihood ratio of about 1 in 55).
LISTING_AGE_CAP: Final = 4.0


def _read_listing_age() -> tuple[tuple[float, ...], int]:
    """`listing_age`'s value at each age of listing, worked out once, and the lists' median age.

    The share of listed persons at an age counts the persons over a window of five years, plus
    half a person a year so that no age is impossible; the value is the log of the customer
    base's share over it, between 0 and LISTING_AGE_CAP, and 0 from the median age on."""
    counts: dict[int, int] = {}
    text = (resources.files("hisab") / "resources" / "match" / "listing_age.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("age\t") or not line.strip():
            continue
        cells = line.split("\t")
        counts[int(cells[0])] = int(cells[1])
    oldest = max(counts)
    total = sum(counts.values())
    running = 0
    median = oldest
    for age in range(oldest + 1):
        running += counts.get(age, 0)
        if 2 * running >= total:
            median = age
            break
    prior = 0.5
    values = []
    for age in range(median):
        near = range(max(age - LISTING_AGE_WINDOW, 0), min(age + LISTING_AGE_WINDOW, oldest) + 1)
        mean = sum(counts.get(a, 0) for a in near) / (2 * LISTING_AGE_WINDOW + 1)
        share = (mean + prior) / (total + prior * (oldest + 1))
        values.append(min(max(math.log(CUSTOMER_AGE_SHARE / share), 0.0), LISTING_AGE_CAP))
    return tuple(values), median


_LISTING_AGE: Final = _read_listing_age()
_LISTING_AGE_VALUES: Final = _LISTING_AGE[0]
LISTING_MEDIAN_AGE: Final = _LISTING_AGE[1]


def listing_age(c: Comparison) -> float:
    """How much rarer the lists name people of the query's age at listing than a customer base
    holds them, when the list gives a listing date but no birth date (a log likelihood ratio;
    0 at the usual ages). Under 30 when listed is unusual, under 25 rare: a "Mohammad Eslami"
    born in 1985 was 23 when the UN listed Iran's deputy defence minister of that name.

    Only ages below the lists' median count: customers young at listing are many in any
    customer base, while few customers are as old as the oldest listed. Under 14 the two are
    different people (`birth_date_mismatch`), and a listed birth date says more (the birth-date
    features)."""
    q = c.query.birth_date
    # With the query's birth date given, `unverified` means the list gives none for a person.
    if not q or not q[:4].isdigit() or not unverified(c):
        return 0.0
    listed = first_listed(c.subject)
    if listed is None:
        return 0.0
    age = listed - int(q[:4])
    if age < MIN_AGE_LISTED or age >= LISTING_MEDIAN_AGE:
        return 0.0
    return _LISTING_AGE_VALUES[age]


def unverified(c: Comparison) -> float:
    """1 when a person's birth date cannot be checked (one side does not give it): the name is
    then the only evidence, and a common name is weak evidence.

    Not where either side is an organisation: by its schema, or, for a query given no schema,
    by a legal form in its name ("HARA COMPANY"; `_query_schema`). Organisations have no birth
    date to check: screened without a schema, the dev queries' organisations met 152 of their
    160 listed entries of no known kind at the threshold, against 158 with the schema given
    (HARA COMPANY 0.93 with it, 0.47 without); read so, 157. A listed LegalEntity named as an
    organisation still counts here: against a person's query `schema_mismatch` already holds
    it, and without this penalty too the person "Saeed Ka" rose from 0.01 to 0.46 against
    CIDCO (Cement Investment and Development Company), by a joined reading of his name."""
    if c.query.birth_date and c.subject.birth_dates:
        return 0.0
    if _query_schema(c) not in (None, "Person", "LegalEntity"):
        return 0.0
    return 1.0 if c.subject.schema in ("Person", "LegalEntity") else 0.0


def unverified_common(c: Comparison) -> float:
    """`unverified` times how common the matched parts are (1 − `evidence`): with no birth date
    to check, "Ali Gholami" borne by thousands is far weaker evidence than a rare name."""
    return unverified(c) * (1.0 - evidence(c))


def country_match(c: Comparison) -> float:
    """1 when the query's nationality is among the subject's nationalities or countries."""
    return 1.0 if c.query.nationality and c.query.nationality in c.subject.countries else 0.0


def country_mismatch(c: Comparison) -> float:
    """1 when both sides give countries and they differ (weak: people hold several)."""
    if not c.query.nationality or not c.subject.countries:
        return 0.0
    return 0.0 if c.query.nationality in c.subject.countries else 1.0


def gender_mismatch(c: Comparison) -> float:
    """1 when the two are persons of different genders: by their given names ("Maryam
    Soltani" against "SOLTANI, Mohammad"; the listed person's other names when the one
    compared does not tell), or, where a name does not tell, by the gender the user gives and
    the list records. Two names that both tell are compared with each other
    first, so that a list's gender never faces a guess made from a name it would contradict."""
    if c.subject.schema != "Person" or c.query.schema not in (None, "Person"):
        return 0.0
    # The listed side: the name compared, or else the subject's other names ("Soleimani",
    # a weak alias, says nothing; "Qasem Soleimani", the main name, does).
    by_query, by_list = name_gender(c.q_tokens), name_gender(c.c_tokens) or c.subject.name_gender
    if by_query and by_list:
        return 1.0 if by_query != by_list else 0.0
    given = c.query.gender or by_query
    listed = next(iter(c.subject.genders)) if len(c.subject.genders) == 1 else by_list
    return 1.0 if given and listed and given != listed else 0.0


def identifier_match(c: Comparison) -> float:
    """1 when an identifier (passport, national id, BIC, …) is the same on both sides; an IMO
    number counts in `imo_match`."""
    if not c.query.identifiers:
        # (Most queries give none: no set to make and go through.)
        return 0.0
    return 1.0 if any(not is_imo(i) for i in _shared_identifiers(c)) else 0.0


def imo_match(c: Comparison) -> float:
    """1 when a vessel's IMO number is the same on both sides: one hull's for its life, whatever
    it is called, as a passport's number is not (countries reuse them). Decisive on its own, a
    name given or not: sanctioned tankers are renamed to slip through ("IMO 9165786" alone, or
    under a new name, is still the AREZOO)."""
    if not c.query.identifiers:
        return 0.0
    return 1.0 if any(is_imo(i) for i in _shared_identifiers(c)) else 0.0


def _shared_identifiers(c: Comparison) -> set[str]:
    """The identifiers both sides give."""
    return c.subject.identifiers.intersection(c.query.identifiers)


def is_imo(identifier: str) -> bool:
    """Whether an identifier is an IMO number as the index and queries hold one ("IMO9165786":
    `index.imo_number`)."""
    return len(identifier) == 10 and identifier.startswith("IMO") and identifier[3:].isdigit()


def schema_mismatch(c: Comparison) -> float:
    """1 when a person is compared with an organisation or a vessel (or the reverse), 2 when a
    person is compared with a vessel or an aircraft. A person may bear an organisation's name,
    and a shipping company its vessel's, but a person is no vessel: the customer "Paria Arian",
    read as one word, met the vessel PERARIN in full, and alerted at 0.72 with the mismatch
    counted once. A listed legal entity whose main name has a legal form ("Cement Investment
    and Development Company") counts as an organisation: some lists do not say whether an
    entry is a person. So does a query given no schema whose name has one (`_query_schema`)."""
    query = _query_schema(c)
    if not query:
        return 0.0
    if c.subject.schema == "LegalEntity" and query == "Person":
        return 1.0 if _named_as_organisation(c.subject) else 0.0
    return _schemata_differ(query, c.subject.schema)


def has_legal_form(tokens: tuple[Token, ...]) -> bool:
    """Whether a name has a legal form ("HARA COMPANY"): a query of no kind so named is read as
    an organisation's (`_query_schema`; the screener's readings, `Screener._readings`)."""
    return any(t.kind == LEGAL for t in tokens)


def _named_as_organisation(subject: Subject) -> bool:
    return any(has_legal_form(tokens) for tokens, kind in subject.names if kind == "name")


def _query_schema(c: Comparison) -> str | None:
    """The query's schema; where it gives none or LegalEntity, Organization when its name has a
    legal form ("KANGBONG TRADING CORPORATION"), as a listed legal entity's is read; else Person
    when it gives a birth date, which only a person has (FollowTheMoney's birthDate is a
    Person's): screened with no schema, the dev queries' customers met organisations at the
    threshold ("Saeed Ka", born 2001, SINA ENERGY DEVELOPMENT COMPANY at 0.84, "Bahman
    Mohammadi" BAHMAN GROUP at 0.58) with nothing held against a person's name on an
    organisation; and Person against a vessel or an aircraft whose name is only some of a
    person's name (`_person_beyond_vehicle`)."""
    if c.query.schema in UNKNOWN_KINDS:
        if has_legal_form(c.q_tokens):
            return "Organization"
        if c.query.birth_date:
            return "Person"
        if c.subject.schema in VEHICLES and _person_beyond_vehicle(c):
            return "Person"
    return c.query.schema


def _person_beyond_vehicle(c: Comparison) -> bool:
    """Whether a query of no known kind is written as a person's name is (`plain_words`: two to
    four Latin or Arabic-script words, none generic, a number or a legal form) and holds a name
    part the vessel's or aircraft's name lacks: "Arezoo Saeedi" is a woman named Arezoo, not
    the tanker AREZOO. Payment messages and customer files often give no kind; screened so, the dev
    queries of persons met vessels named with Persian given names (AREZOO, ARTIN, ARSHAM,
    SOBHAN, NEGEEN) at up to 0.78. Not `person_like`: its table of given names and surnames
    lacks Arezoo, Artin and Matin. A name that is the vessel's in full ("Mikhail Ulyanov": 255
    of 2,549 listed vessels' names read as persons') may be either, and is left as it is; so
    is a name with a vessel's prefix ("MV AREZOO": `tokens.vessel_prefix`) or an IMO number."""
    q_tokens = c.q_tokens
    if not any(q_tokens[i].kind == NAME for i in c.alignment.unmatched_q):
        return False
    if any(is_imo(i) for i in c.query.identifiers):
        # "ALI BABA (IMO 9165786)": an IMO number is a vessel's or a shipping company's.
        return False
    return plain_words(q_tokens, c.generic) is not None


@cache
def _schemata_differ(query: str, subject: str) -> float:
    q, s = model.get(query), model.get(subject)
    if q is None or s is None:
        return 0.0
    if q.is_a(s.name) or s.is_a(q.name):
        return 0.0
    person, vehicle = q.is_a("Person") != s.is_a("Person"), (q.name in VEHICLES) != (s.name in VEHICLES)
    if person and vehicle:
        return 2.0
    return 1.0 if person or vehicle else 0.0


def acronym(c: Comparison) -> float:
    """1 when one name is the initials of the other ("IRGC" ~ "Islamic Revolutionary Guard Corps",
    "LAPA S.A.S." ~ "Linea Aerea Pueblos Amazonicos S.A.S."), or an organisation's name is the
    other's first syllables ("COPETE S.A." ~ "Colombo Peruana de Tejidos S.A."); organisations'
    names only. A word of three letters spelling initials counts THREE_LETTER_WORD.

    A person's initials are not his name: with the weight (11, decisive), "S.E.S. GROUP" was a
    match for a person named Stephen Edward Smith. Nor where the kind is not known (the CSL and
    the EU's files give none for thousands of entries, LegalEntity; a query given no schema)
    and the spelled-out name reads as a person's (`person_like`): the CSL's Stephen Edward Smith
    is such an entry. Other names of no known kind may be an organisation's. Nor a vessel's or
    an aircraft's name, which nobody writes as its initials or first syllables: the surname
    "Nikzad" screened without a schema met the tanker NIKOLAY ZADORNOV at 0.86.

    A company named after a family (`_family_firm`) counts THREE_LETTER_WORD as well: its
    family's name spells some listed organisation's initials or first syllables by chance. On
    3,000 such companies (`bench.org_negatives`), "Sarı Holdings Ltd" met Sookht Atomi
    Reactorhaye Iran (SARI) at 0.87 and "Turhan Group" TURismo HANsa S.A. at 0.83. Nor a query's
    word written in small letters where its name has capitals too (`written_as_word`)."""
    if c.query.schema == "Person" or c.subject.schema == "Person":
        return 0.0
    if c.query.schema in VEHICLES or c.subject.schema in VEHICLES:
        return 0.0
    sides = (
        (c.q_tokens, c.c_tokens, c.subject.schema, c.query.name),
        (c.c_tokens, c.q_tokens, c.query.schema, None),
    )
    found = 0.0
    for short, long, schema, written in sides:
        letters = acronym_of(short)
        spelled = (bool(letters) and letters == initials(long)) or (
            len(letters) >= MIN_SYLLABLES and spells_syllables(letters, syllable_words(long))
        )
        # Asked only of a name spelled so: most comparisons spell no acronym at all. (The query's
        # name as written says whether its word is one; a listed name's case is not kept.)
        if spelled and not (
            (schema in UNKNOWN_KINDS and person_like(long, c.generic))
            or (written is not None and written_as_word(written, letters))
        ):
            # Three letters written as one word ("SES"; acronym_of reads letters written as
            # letters from two words or more, "S.E.S."), or a word that is a person's name
            # followed by company words the spelled-out name does not have.
            as_letters = sum(1 for t in short if t.kind == NAME) > 1
            if as_letters or (len(letters) > 3 and not _family_firm(short, long)):
                return 1.0
            found = THREE_LETTER_WORD
    return found


def written_as_word(text: str, word: str) -> bool:
    """Whether a name written in capitals and small letters writes `word` (a folded part of it)
    in small letters: a word, not an acronym, which is written in capitals. "Essa Industries
    S.A." met ESTACION DE SERVICIO SERVIAGRICOLA DEL ARIARI (its initials) at 0.87, and "Mateen
    Holdings Ltd" MAhtab TEchnical ENgineering Company (its first syllables) at 0.84. A name
    all in capitals, as payment messages and most lists write names, tells nothing so."""
    if text.upper() == text:
        return False
    return any(not written.isupper() for written in _WORDS.findall(text) if fold_latin(written) == word)


#: The words of a name as written (`written_as_word`).
_WORDS: Final = re.compile(r"[^\W_]+")


def _family_firm(short: tuple[Token, ...], long: tuple[Token, ...]) -> bool:
    """Whether a name of one word and company words reads as a company named after a family
    rather than as an acronym: its word is a person's given name or surname, and some of its
    company words ("Holdings Ltd", "Group") are not the spelled-out name's. "LAPA S.A.S." (Lapa
    is a surname too) ~ "Linea Aerea Pueblos Amazonicos S.A.S." shares its legal form."""
    word = next(t.text for t in short if t.kind == NAME)
    if word not in tables.person_parts():
        return False
    held = {t.text for t in long if t.kind != NAME}
    return any(t.kind != NAME and t.text not in held for t in short)


#: `acronym` for a word of three letters written as a word ("SES"), not as letters ("S.E.S.",
#: "R D I"): the initials of some listed organisation's name by chance for about one such word in
#: six (3,153 of the 17,576 there are, on the lists of ../shared/data), of four letters for one in
#: 175 (2,615 of 456,976). Shown, and ranked, but no longer decisive: "SES GROUP", OFAC's alias of
#: SES INTERNATIONAL CORP, met Sarmad Electronic Sepahan Company and Servicios Empresariales Soda
#: at 0.88 each. A three-letter short name in real use is on the lists as a name: OFAC's weak
#: alias "AIO" of AEROSPACE INDUSTRIES ORGANIZATION, "DIO" of DEFENSE INDUSTRIES ORGANIZATION.
THREE_LETTER_WORD: Final = 0.5


Feature = Callable[[Comparison], float]

FEATURES: Final[dict[str, Feature]] = {
    f.__name__: f
    for f in (
        query_coverage,
        candidate_coverage,
        evidence,
        full_name,
        rare_full_name,
        unmatched_both,
        given_name_differs,
        family_name_differs,
        family_name_left_out,
        reordered,
        weak_alias,
        one_word_variant,
        other_distinctive_words,
        birth_date_match,
        birth_year_match,
        birth_date_mismatch,
        listing_age,
        unverified,
        unverified_common,
        country_match,
        country_mismatch,
        gender_mismatch,
        identifier_match,
        imo_match,
        schema_mismatch,
        acronym,
    )
}


def feature_values(c: Comparison) -> list[float]:
    """Every feature's value for `c`, in the order of `FEATURES` (a test checks the two agree).
    Called by name: compiled, a function called through an object (as `FEATURES` holds them)
    goes through the interpreter's call protocol and boxes its float, about 400 instructions a
    call, and the algorithm asks all 26 features of every name it scores (a fifth of
    `Algorithm.score`'s time on the benchmark's sample queries)."""
    return [
        query_coverage(c),
        candidate_coverage(c),
        evidence(c),
        full_name(c),
        rare_full_name(c),
        unmatched_both(c),
        given_name_differs(c),
        family_name_differs(c),
        family_name_left_out(c),
        reordered(c),
        weak_alias(c),
        one_word_variant(c),
        other_distinctive_words(c),
        birth_date_match(c),
        birth_year_match(c),
        birth_date_mismatch(c),
        listing_age(c),
        unverified(c),
        unverified_common(c),
        country_match(c),
        country_mismatch(c),
        gender_mismatch(c),
        identifier_match(c),
        imo_match(c),
        schema_mismatch(c),
        acronym(c),
    ]
