"""How alike two name parts are, from 0 (unrelated) to 1 (the same name).

Latin against Latin (and Cyrillic, which is romanised first): the edit
similarity of the phonetic forms, raised when the consonant skeletons agree,
because romanisations of Persian and Arabic differ mostly in vowels
("Hossein"/"Hussain", "Raisi"/"Reisi").

Arabic script against Latin: an alignment that knows what Arabic script does
not write. Short vowels are absent, so a Latin vowel facing nothing costs
little; the long-vowel letters ا و ی face Latin vowels of their own quality
(ا: a/e, و: o/u/v, ی: i/e/y) at no cost and other vowels at a price; a glottal
ع/ء matches a vowel or nothing. Consonants must agree by class (q/gh, kh/x, …,
already unified in the phonetic forms). This tells محمد from محمود against
"Mohammad" (the و must face o/u), which a plain consonant skeleton cannot.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Final, TypeVar

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from hisab.names import tables
from hisab.names.tokens import (
    ARABIC,
    HEAD_VOWELS,
    LATIN,
    LEGAL,
    NAME,
    NUMBER,
    SEMIVOWELS_AND_MARKS,
    VOWEL_RUNS,
    Token,
    as_latin,
    make_token,
    once_each,
    skeleton,
    spelled_consonants,
    syllable_shape,
    th_readings,
)

#: Skeleton agreement lifts a Latin pair to at least this, if their spellings are this close.
SKELETON_FLOOR: Final = 0.92
SKELETON_MIN_EDIT: Final = 0.6
#: A part written without vowels whose consonant skeleton is another's scores this (see `vowelless`).
VOWELLESS_FLOOR: Final = 0.85
#: The most a name and its -i derivative ("Hossein"/"Hosseini") can score.
NISBA_CAP: Final = 0.7
#: Two spellings of one skeleton, one reading و as the consonant v and the other as the vowel
#: u ("Tavallaei"/"Toulai", "Nowrouzi"/"Nourozi"), score this at least (see `v_as_vowel`).
V_AS_VOWEL: Final = 0.85
#: A letter alone against a word it begins ("M." for "Mohammad"): an initial, which counts
#: for half a part (features.credit), whatever the spelling distance of one letter to a word.
INITIAL_SIMILARITY: Final = 0.8
#: A part written cut short ("TECH") against the generic word of organisation names it begins
#: (Technology; resources/names/abbreviated.txt): the same word, counted in full (features.FULL).
ABBREVIATION_SIMILARITY: Final = 0.9
#: The fewest letters an abbreviation writes, and the fewest letters of its word it leaves out.
ABBREVIATION_LETTERS: Final = 4
ABBREVIATION_CUT: Final = 2

_LATIN_VOWELS: Final = frozenset("aeiou")
#: Vowel letters, y among them, for telling letters from a word (`letters`).
_LETTER_VOWELS: Final = _LATIN_VOWELS | {"y"}
_V_WITH_VOWELS: Final = re.compile("[aeiou]?v[aeiou]?")
#: What a syllable's a may not be against in the other spelling (`vowels_alike`): i, or the
#: diphthong ei (ay, ai, ey: tokens.py writes them ei), which writes a ی.
_I_OR_EI: Final = ("i", "ei")
#: ia, an i gliding into a, against a vowel alone: a ی the other leaves out (Rad راد and Riad,
#: Riyad ریاض; Kani and Kiani, Nazi and Niazi; Kony and Kiani).
_GLIDE_LEFT_OUT: Final = ({"a", "ia"}, {"o", "ia"}, {"u", "ia"})
#: Latin letters each Arabic long-vowel letter (or glottal, silent he, final ḥ, or the silent
#: vav of خوا) may stand for.
_FITS: Final = {
    "a": frozenset("ae"),
    "u": frozenset("ouv"),
    "i": frozenset("iey"),
    "'": frozenset("aeiou'"),
    "E": frozenset("aeh"),
    "Y": frozenset("aeiy"),
    "H": frozenset("h"),
    "W": frozenset("ouv"),
}
#: Arabic-script word endings that are vowels, which a Latin -i may follow (a final ḥ is not one).
_VOWEL_LETTERS: Final = frozenset(_FITS) - {"H", "W"}
#: Arabic letters and the Latin letters that romanisations write for them besides their own, at
#: half the cost of another letter: خ is k where a romanisation drops the h of kh ("Bakshi",
#: "Bakshayesh" for بخشایش) and h in Turkish ("Halil" for خلیل); ح and ه are kh in the Russian
#: romanisations ("Akhmed", "Mukhammad", "Khasan"); ک and ك are g where Persian is typed without
#: its گ (an Arabic keyboard has none; so do older texts): عسكري for Asgari, whose romanisations
#: also write Askari. Not the same letter: a name that differs only there still scores below one
#: that agrees.
_NEAR: Final = {("x", "k"): 0.5, ("x", "h"): 0.5, ("h", "x"): 0.5, ("$", "%"): 0.5, ("k", "g"): 0.5}
#: Latin ch (%) and sh ($), alike at half the cost of another letter. French romanisations write
#: ش as ch ("Hachem", "Achraf", "Chamkhani", "Cham Wings" for Hashem, Ashraf, Shamkhani, Sham),
#: as does ش against Latin above; but Chinese, Korean and Russian romanisations write two
#: sounds there (Chen/Shen, Puchkov/Pushkov): a name that differs only there scores below one
#: that agrees. So are ch and kh (x): German, Dutch, Czech and Polish write خ and х as ch
#: ("Ali Chamenei", "Michail Chodorkowski" for Khamenei, Mikhail Khodorkovsky), where English
#: writes ch for چ and ч.
#:
#: And kh (x) and h, alike at half a letter too: Turkish writes خ and х as h ("Ali Hamaney",
#: "Halil", "Han", "Hodorkovski" for Khamenei, Khalil, Khan, Khodorkovsky), and the Russian
#: romanisations write the h of ح and ه as kh ("Akhmed", "Khasan", "Mukhammad"), where English
#: writes two letters apart.
_CH: Final = "%"
_SH: Final = "$"
_KH: Final = "x"
#: The pairs of letters alike at half a letter: (a letter, the letter it is read as against a
#: name that writes that letter there).
_HALF_LETTERS: Final = ((_CH, _SH), (_CH, _KH), (_KH, "h"))


def near_skeletons(skel: str) -> tuple[str, ...]:
    """An Arabic-script part's skeleton with a letter of `_NEAR` read as its neighbour
    (بخشایش as "bakshayesh", شمخانی as "chamkhani"): the candidate stage looks the part up
    under these too. Not ح and ه as kh, which would look every Mohammad up as Mokhammad."""
    return tuple(skel.replace(arabic, latin) for arabic, latin in _NEAR if arabic != "h" and arabic in skel)


#: Cost of an Arabic letter that no Latin letter stands for.
_SKIP_ARABIC: Final = {"a": 0.6, "u": 0.6, "i": 0.6, "'": 0.05, "E": 0.2, "Y": 0.3, "H": 0.1, "W": 0.05}
#: The letters of Latin phonetic forms (hisab's alphabet: $ is sh, % is ch).
_LATIN_ALPHABET: Final = "abcdefghijklmnopqrstuvwxyz'$%"
#: An alignment whose cost exceeds this share of the name's length cannot reach a useful score.
_GIVE_UP: Final = 0.5
#: Costs are sums of decimals: "exceeds" is decided with this tolerance, so that the loop and
#: the vectorised alignment (which add in another order) decide alike.
_TOLERANCE: Final = 1e-9
#: Cost of a Latin letter that stands for nothing written in Arabic script.
_SKIP_LATIN: Final = {"a": 0.1, "e": 0.1, "i": 0.1, "o": 0.1, "u": 0.1, "y": 0.3, "h": 0.6, "'": 0.0}
#: Added cost when one form begins with a vowel and the other does not (`_initial_mismatch`).
_INITIAL_MISMATCH: Final = 1.0


#: Part similarities already computed, by pair: screening compares the same parts again and
#: again (the vocabulary stage and then the alignment). A plain dict, not `lru_cache`, so that
#: the vectorised vocabulary stage can store a whole batch at once (`remember`).
SIMILARITIES: Final[dict[tuple[Token, Token], float]] = {}
#: The cache's size in pairs (300,000 pairs hold about 35 MB). Memory must not grow with a
#: long file: at this size the cache fills early in a file and stays full (docs/benchmarks.md,
#: a million rows).
SIMILARITY_CACHE = 300_000


def forget_oldest(cache: dict[Any, Any]) -> None:
    """Drop the older half of a full cache (a dict keeps insertion order). Emptying it would
    throw away the parts every query shares ("Mohammad", "Ali") along with the rare ones."""
    for key in list(itertools.islice(cache, len(cache) // 2)):
        del cache[key]


#: The keys and values of the caches `recalled` and `stored` serve.
K = TypeVar("K")
V = TypeVar("V")


def recalled(cache: dict[K, V], key: K) -> V | None:
    """What `cache` keeps under `key` (None: nothing), moved to its newest end: what is used
    again stays when a full cache drops its older half (`stored`)."""
    value = cache.pop(key, None)
    if value is not None:
        cache[key] = value
    return value


def stored(cache: dict[K, V], key: K, value: V, size: int) -> V:
    """`value` put in `cache` under `key` at its newest end, the older half dropped first
    (`forget_oldest`) if it holds `size` already; `value` back."""
    if len(cache) >= size:
        forget_oldest(cache)
    cache[key] = value
    return value


def token_similarity(a: Token, b: Token) -> float:
    """Similarity of two name parts in [0, 1]."""
    key = (a, b)
    value = SIMILARITIES.get(key)
    if value is None:
        value = stored(SIMILARITIES, key, _token_similarity(a, b), SIMILARITY_CACHE)
    return value


def remember(a: Token, others: Sequence[Token], values: Sequence[float]) -> None:
    """Store the similarities of `a` with each of `others`, computed in one batch."""
    if len(SIMILARITIES) + len(others) >= SIMILARITY_CACHE:
        forget_oldest(SIMILARITIES)
    SIMILARITIES.update(zip([(a, b) for b in others], values, strict=True))


#: Below these many parts, `similarities` compares the pairs one at a time. A vectorised call
#: of an Arabic-script part costs about a dozen numpy calls whatever its size (40 µs: the
#: alignment's rows), against 1.4 µs a pair one at a time (on the dev queries' parts; the pair
#: function gives up early where the batch cannot). Most calls are small: a query part against
#: a candidate's dozen parts (`prime`), or a rare skeleton's few listed parts (the candidate
#: stage). A Latin part's batch is C (names/_edits.c) with a few numpy calls around it, and
#: cheaper than the pairs one at a time from two parts on: on the benchmark's 1,000 sample
#: queries, 3.419 billion instructions with 2, 3.423 with 5, 3.427 with 10, 3.450 with 20
#: (docs/benchmarks.md, 2026-12-07).
LATIN_BATCH: Final = 2
CROSS_SCRIPT_BATCH: Final = 100


def similarities(
    token: Token, others: Sequence[Token], initials: bool = True, floor: float = 0.0
) -> NDArray[np.float64]:
    """`token_similarity` of `token` with each of `others` (Latin or romanised parts), vectorised.
    `initials=False`: a letter alone and a word it begins are compared as spellings, and letters
    written otherwise (`letters_apart`) as sounds, as the candidate stage does (an initial would
    make every listed word it begins alike; its vocabulary holds one part per sound).

    `floor`: for a caller that counts nothing below it (the candidate stage's prescore). A
    similarity at or above it is the same number; one below it may come back as 0: an
    Arabic-script part's pairs, compared one at a time, are compared only as far as the floor
    (`_across_at_least`), and half of the candidate stage's fall below it."""
    if len(others) < (CROSS_SCRIPT_BATCH if token.script == ARABIC else LATIN_BATCH):
        if floor > 0.0 and token.script == ARABIC:
            return np.asarray([_across_at_least(token, part, floor) for part in others], dtype=np.float64)
        return np.asarray([_token_similarity(token, part, initials) for part in others], dtype=np.float64)
    if token.script == ARABIC:
        sims = cross_script_similarities(token.phon, [part.phon for part in others])
        sims[[part.phon == token.phon for part in others]] = 1.0
        return sims
    return latin_similarities(token, others, initials)


def prime(queries: Sequence[Token], others: Sequence[Token]) -> list[dict[Token, float]]:
    """Compute, in one vectorised call per query part, the similarities not yet cached of
    `queries` with the Latin parts among `others` (the rest are left to `token_similarity`).

    Returns each query part's similarities with those parts, the cached and the new: a small
    table per query that `align` reads (its `rows`) before the shared cache. A look-up there
    hashes a pair of parts into a table of up to SIMILARITY_CACHE entries, and a look-up in a
    table that large costs 250 to 370 ns on the benchmark's machine, against some 50 in a small
    one (docs/benchmarks.md, 2026-12-08)."""
    rows: list[dict[Token, float]] = []
    for token in queries:
        row: dict[Token, float] = {}
        rows.append(row)
        if token.kind == NUMBER:
            continue
        missing: list[Token] = []
        for part in others:
            if part.script == ARABIC or part.kind == NUMBER:
                continue
            known = SIMILARITIES.get((token, part))
            if known is None:
                missing.append(part)
            else:
                row[part] = known
        if missing:
            values = similarities(token, missing).tolist()
            remember(token, missing, values)
            for part, value in zip(missing, values, strict=True):
                row[part] = value
    return rows


#: `_abbreviations`, once read. A list, not `functools.cache` (as index.py's `_compound_parts`):
#: the pair tests ask it of every pair they compare (`abbreviates`), and compiled code calls a
#: cached function through the interpreter's call protocol (about 500 instructions a call).
_ABBREVIATIONS: Final[list[tuple[dict[str, frozenset[str]], dict[str, Token]]]] = []


def _abbreviations() -> tuple[dict[str, frozenset[str]], dict[str, Token]]:
    """The phonetic forms of the beginnings of the words of abbreviated.txt (each leaving out
    ABBREVIATION_CUT letters or more) -> the words' forms; and the words' tokens by form."""
    if not _ABBREVIATIONS:
        _ABBREVIATIONS.append(_read_abbreviations())
    return _ABBREVIATIONS[0]


def _read_abbreviations() -> tuple[dict[str, frozenset[str]], dict[str, Token]]:
    found: dict[str, set[str]] = {}
    words: dict[str, Token] = {}
    for word in tables.abbreviated():
        token = make_token(word)
        if token is not None:
            words[token.phon] = token
            for end in range(1, len(token.phon) - ABBREVIATION_CUT + 1):
                found.setdefault(token.phon[:end], set()).add(token.phon)
    return {start: frozenset(full) for start, full in found.items()}, words


def load_abbreviations() -> None:
    """Read abbreviated.txt now (a screener does, as `tokens.load_tables`), not at the first
    query that holds a word of it."""
    _abbreviations()


def abbreviated_words(token: Token) -> tuple[Token, ...]:
    """The words of abbreviated.txt that `token` abbreviates (`abbreviates`)."""
    if token.script == ARABIC or len(token.text) < ABBREVIATION_LETTERS:
        return ()
    starts, words = _abbreviations()
    return tuple(words[form] for form in sorted(starts.get(token.phon, ())))


def abbreviates(a: Token, b: Token) -> bool:
    """Whether one of two Latin parts is the other cut short, the other a generic word of
    organisation names that is written so ("TECH" and "Technology", "ELEC" and "Electronics",
    "PHARMA" and "Pharmaceutical"; abbreviated.txt), and the short one writes
    ABBREVIATION_LETTERS letters or more. "ELEC" is both Electric and Electronics, as it is
    for whoever reads it."""
    if a.script == ARABIC or b.script == ARABIC:
        return False
    starts, _ = _abbreviations()
    return (len(a.text) >= ABBREVIATION_LETTERS and b.phon in starts.get(a.phon, ())) or (
        len(b.text) >= ABBREVIATION_LETTERS and a.phon in starts.get(b.phon, ())
    )


def _abbreviated(token: Token, others: Sequence[Token]) -> list[int]:
    """The positions of `others` that `token` abbreviates or is abbreviated by (`abbreviates`);
    none to look for, as for most parts, without going through them."""
    starts, words = _abbreviations()
    if token.phon not in words and (len(token.text) < ABBREVIATION_LETTERS or token.phon not in starts):
        return []
    return [i for i, t in enumerate(others) if abbreviates(token, t)]


def initial_of(a: Token, b: Token) -> bool:
    """Whether `a`, a query's part, is a Latin letter alone and `b`, a listed part, a word it
    begins ("M." and "Mohammad", "R" and "Redin"). One way only: a list's letters are most
    often an acronym's ("C.T.R." for Coal Tar Refining), which would begin any customer's words.
    Not a letter of a legal form, nor a legal form's word: the S of "Rubel Industries S.A." is
    no initial of REBEL SECT's "Sect" (0.73 so), nor the A of "Naqshbandi Industries S.A." one of
    the Naqshbandi Army's (0.76)."""
    return (
        len(a.text) == 1
        and len(b.text) >= 2
        and a.script == LATIN == b.script
        and b.text[0] == a.text
        and a.kind != LEGAL
        and b.kind != LEGAL
    )


#: The longest part read as letters, not sounds, when it has no vowel (`letters_apart`).
LETTERS_LONGEST: Final = 4


def letters(token: Token) -> bool:
    """Whether a part is letters, not a word: Latin, of LETTERS_LONGEST letters or fewer, and
    no vowel (y counted as one) among them ("MKS", "BC", "KH")."""
    text = token.text
    return (
        len(text) <= LETTERS_LONGEST and token.script == LATIN and not any(c in _LETTER_VOWELS for c in text)
    )


def letters_apart(a: Token, b: Token) -> bool:
    """Whether two parts are letters (`letters`) written otherwise: an acronym's letters are
    its words' initials, which no sound of theirs changes. Read as sounds, "MKS INTERNATIONAL
    GROUP" was MCS INTERNATIONAL GMBH (0.93) and "Bc Group" ABZAR BORESH KAVEH's "BK Co"."""
    return a.text != b.text and letters(a) and letters(b)


def _token_similarity(a: Token, b: Token, initials: bool = True) -> float:
    """`token_similarity` uncached; `initials=False` as for `similarities`."""
    if a.kind == NUMBER or b.kind == NUMBER:
        return 1.0 if a.text == b.text else 0.0
    if initials and initial_of(a, b):
        # Before the same phonetic form, as `latin_similarities` has it: "I" against "II".
        return INITIAL_SIMILARITY
    if initials and letters_apart(a, b):
        # Not in the candidate stage (`initials=False`), whose vocabulary holds one part per
        # sound for all the names written with it ("MKS" and "MCS" alike).
        return _edit_similarity(a.text, b.text)
    if a.phon == b.phon:
        return 1.0
    if (a.script == ARABIC) != (b.script == ARABIC):
        arabic, latin = (a, b) if a.script == ARABIC else (b, a)
        return cross_script_similarity(arabic.phon, latin.phon)
    # Two Arabic-script parts write a final ت and a final د as two letters: no Turkish
    # devoicing to read (`devoiced_ending`).
    score = latin_similarity(a.phon, a.skel, b.phon, b.skel, a.script != ARABIC)
    if score < VOWELLESS_FLOOR and vowels_left_out(a, b):
        score = VOWELLESS_FLOOR
    if score < ABBREVIATION_SIMILARITY and abbreviates(a, b):
        return ABBREVIATION_SIMILARITY
    return score


@lru_cache(maxsize=50_000)
def vowelless(token: Token) -> bool:
    """True for a Latin part written without its vowels ("Mhmd", "Alksndrvch", "FDYV"): three
    letters or more, two consonants or more, and no vowel letter but perhaps the first.

    Names are so written in abbreviations (Mhd, Mhmd) and to slip past screens that
    compare spellings; such a part whose consonants are a listed part's consonants
    is that part, give or take which of the names with those consonants it is.
    """
    text = token.text
    return (
        len(text) >= 3
        and token.script != ARABIC
        and len(written_consonants(text)) >= 2
        and not any(c in _LATIN_VOWELS for c in text[1:])
    )


#: `written_consonants` by text, in a plain dict: the candidate stage asks it of every listed
#: part it compares, and a dict look-up costs compiled code less than an `lru_cache` call.
_WRITTEN: Final[dict[str, str]] = {}
#: Texts kept in `_WRITTEN`; a full cache drops its older half (`forget_oldest`).
WRITTEN_CACHE: Final = 200_000


def written_consonants(text: str) -> str:
    """The consonant letters of a Latin part as written, a doubled letter once: what is left of
    a spelling with its vowels left out ("cmrclzdr" of "comercializadora", "sth" of "south")."""
    found = _WRITTEN.get(text)
    if found is None:
        consonants = "".join(c for c in text if c not in _LATIN_VOWELS)
        found = stored(_WRITTEN, text, once_each(consonants), WRITTEN_CACHE)
    return found


def learn_written(texts: Iterable[str]) -> None:
    """Work out `written_consonants` now for `texts` (the listed Latin parts: `Screener.prepare`),
    as many as the cache holds: the candidate stage asks it of every listed part it compares,
    and worked out there the first time, it was 1.6% of screening the benchmark's dev queries."""
    for text in texts:
        if len(_WRITTEN) >= WRITTEN_CACHE:
            return
        if text not in _WRITTEN:
            written_consonants(text)


def vowels_left_out(a: Token, b: Token) -> bool:
    """True when one of two parts is the other written with its vowels left out: all of them but
    perhaps the first (`vowelless`), with the consonants read alike (the skeletons, of two
    consonants or more) or written alike; or, written alike, in two places or more
    (`vowels_dropped`: "Hrbrto"). Not a name and its -i derivative.

    As written, for the letters whose reading the vowels decide: "cmrclzdra" reads its c as k
    where "comercializadora" reads the c before i as s ("kmrklzdr" against "kmrslzdr"), and in
    "sth" nothing tells the th of "south" from a t and an h."""
    if a.script == ARABIC or b.script == ARABIC:
        return False
    if a.script == LATIN and b.script == LATIN and written_consonants(a.text) == written_consonants(b.text):
        left_out = vowelless(a) != vowelless(b) or vowels_dropped(a.text, b.text)
    else:
        left_out = a.skel == b.skel and len(a.skel.strip("'")) >= 2 and vowelless(a) != vowelless(b)
    return left_out and not _nisba(a.phon, b.phon)


def _nisba(a: str, b: str) -> bool:
    """True when exactly one of two spellings ends in the -i suffix of a derived name.

    Persian and Arabic derive surnames from given names with a final -i
    ("Hossein" → "Hosseini", "Karim" → "Karimi", "Ahmad" → "Ahmadi"): those are
    different names, although their skeletons agree.
    """
    # A final e may be the -i written otherwise ("Karimi"/"Karime"); two spellings that both
    # end in e are no such pair ("Exchange"/"Exchnge", "Fateme"/"Fatime"). But not where the -i
    # follows a vowel and the other ends in that vowel: Zare (زارع, "zare") is no Zarei
    # (زارعی, "zarei"), nor is the e of "Dhere" the i of "Zarei".
    return _suffixed(a, b) or _suffixed(b, a)


def _suffixed(a: str, b: str) -> bool:
    """Whether `a` ends in the -i suffix and `b` does not (`_nisba`)."""
    if a[-1:] not in ("i", "y"):
        return False
    if b[-1:] not in ("i", "y", "e"):
        return True
    return b[-1:] == "e" and a[-2:-1] in ("a", "e", "o", "u") and b[-2:-1] != "i"


def latin_similarities(token: Token, others: Sequence[Token], initials: bool = True) -> NDArray[np.float64]:
    """`latin_similarity` of one Latin part with many, in one vectorised pass.

    The same numbers as calling `token_similarity` on each pair (a test checks
    this on the whole vocabulary), for the vocabulary stage of screening, where
    one query part meets dozens of listed parts.
    """
    if not others:
        return np.empty(0, dtype=np.float64)
    phon, skel = as_latin(token.phon), token.skel
    score, maybe_left_out, g_read, read = _latin_batch(token, phon, others)
    # Vowels left out (`vowels_left_out`), of the parts that may be (`_latin_batch`): a part of
    # the query's skeleton of which one of the two is written without vowels and the other not,
    # away from the -i suffix; and (a Latin part) a part whose consonants agree with its own as
    # written.
    if maybe_left_out:
        values: list[float] = score.tolist()
        own = vowelless(token) if len(skel.strip("'")) >= 2 else None
        own_written = written_consonants(token.text) if token.script == LATIN else None
        left_out = [
            i
            for i in maybe_left_out
            if values[i] < VOWELLESS_FLOOR
            and (
                (
                    own is not None
                    and others[i].skel == skel
                    and vowelless(others[i]) != own
                    and not _nisba(phon, as_latin(others[i].phon))
                )
                or (
                    own_written is not None
                    and others[i].script == LATIN
                    and written_consonants(others[i].text) == own_written
                    and vowels_left_out(token, others[i])
                )
            )
        ]
        if left_out:
            score[left_out] = VOWELLESS_FLOOR
    cut = _abbreviated(token, others) if token.script != ARABIC else []
    if cut:
        score[cut] = np.maximum(score[cut], ABBREVIATION_SIMILARITY)
    if initials and letters(token):
        # Letters written otherwise are compared as letters (`letters_apart`), but in the
        # candidate stage, as `_token_similarity` has it.
        for i, t in enumerate(others):
            if t.text != token.text and letters(t):
                score[i] = _edit_similarity(token.text, t.text)
    # The pairs that call for a reading (`_readings`), one by one: a g read as the other's q,
    # compared with initials (as the tests of a pair are made); a last t or p read as the
    # other's d or b, or an x as the other's ks, as the batch is.
    for i in g_read:
        score[i] = _token_similarity(token, others[i])
    for i in read:
        score[i] = _token_similarity(token, others[i], initials)
    if initials and token.script == LATIN and len(token.text) == 1:
        # Initials: the query part is a letter.
        found = [i for i, t in enumerate(others) if initial_of(token, t)]
        if found:
            score[found] = INITIAL_SIMILARITY
    return score


#: What `_readings` says of a pair: no reading, a g read as q alone, or a last t or p read as d
#: or b, or an x read as ks (with a g read as q or not).
NO_READING: Final = 0
G_READ: Final = 1
READ: Final = 2


def _readings(phon: str, skel: str, other_phon: str, other_skel: str) -> int:
    """Which of the readings of `latin_similarity` a pair of Latin forms (read `as_latin`) calls
    for, that the batch leaves to `_token_similarity`: a g read as the other's q (`g_for_q`;
    the skeletons alike with g read k), a last t or p as the other's d or b
    (`devoiced_ending`), an x as the other's ks (`ks_for_x`)."""
    if devoiced_ending(phon, other_phon) is not None or ks_for_x(phon, other_phon) is not None:
        return READ
    if g_for_q(phon, other_phon) is not None and skel.replace("g", "k") == other_skel.replace("g", "k"):
        return G_READ
    return NO_READING


def _latin_batch(
    token: Token, phon: str, others: Sequence[Token]
) -> tuple[NDArray[np.float64], list[int], list[int], list[int]]:
    """`latin_similarity` (devoicing on) of `token` (its form `phon`, read `as_latin`) with each
    of `others`, as a writable array; with the positions of the parts that may have vowels left
    out (`vowels_left_out`: below VOWELLESS_FLOOR), and of those that call for a reading
    (`_readings`: a g read as q alone, and the others).

    In C where it is built (names/_edits.c), which reads the tokens' fields itself and applies
    the rule of vowels left out (the positions are then those it could not decide, a text past
    ASCII); a part it does not take (a form past ASCII) by the Python functions. Else
    `_python_latin_batch`."""
    if _NATIVE_LATINS is None:
        phons = [as_latin(t.phon) for t in others]
        score = _python_latin_batch(phon, token.skel, phons, others)
        found = [_readings(phon, token.skel, p, t.skel) for p, t in zip(phons, others, strict=True)]
        below = (score < VOWELLESS_FLOOR).nonzero()[0].tolist()
        g_read = [i for i, kind in enumerate(found) if kind == G_READ]
        return score, below, g_read, [i for i, kind in enumerate(found) if kind == READ]
    scores, maybe_left_out, g_read, read, missing = _NATIVE_LATINS(token, others)
    score = np.frombuffer(scores, dtype=np.float64)
    for i in missing:
        # Not taken: compared by the Python functions, and tested for everything.
        other = others[i]
        p = as_latin(other.phon)
        score[i] = _python_latin_similarity(phon, token.skel, p, other.skel, True)
        maybe_left_out.append(i)
        kind = _readings(phon, token.skel, p, other.skel)
        if kind == G_READ:
            g_read.append(i)
        elif kind == READ:
            read.append(i)
    if missing:
        maybe_left_out.sort()
        g_read.sort()
        read.sort()
    return score, maybe_left_out, g_read, read


def _python_latin_batch(
    phon: str, skel: str, phons: list[str], others: Sequence[Token]
) -> NDArray[np.float64]:
    """`_latin_batch` vectorised with numpy: the edit similarities in one call, then each rule
    tested only for the parts it could change. The reference for names/_edits.c's batch, and
    what runs where that is not built. Not the readings of a last t or p, of g as q and of x as
    ks: `latin_similarities` compares the few pairs that call for one one by one."""
    distance, score = _edit_similarities(phon, phons)
    distance_score, score = score, score.copy()
    for letter, other in _HALF_LETTERS:
        has_letter, has_other = letter in phon, other in phon
        if not (has_letter or has_other):
            continue
        # ch against sh or kh, and kh against h, at half a letter (`_half_letters`): a kh and
        # an h are in many Persian names, so the test is made here, not a call per listed part,
        # and the parts read so are only those that write the other letter.
        at = [i for i, p in enumerate(phons) if (has_letter and other in p) or (has_other and letter in p)]
        if not at:
            continue
        own_read = phon.replace(letter, other)
        reads = [phons[i].replace(letter, other) for i in at]
        # Each pair's length as written, not as read (a kh read as h is a letter shorter).
        longest = [_at_least_one(len(phon), len(phons[i])) for i in at]
        _, read = _edit_similarities(own_read, reads, np.asarray(longest, dtype=np.int32))
        written = distance_score[at]
        score[at] = np.maximum(score[at], (written + read) / 2)
        # Read so, a vowel variant (`_read_vowel_variant`): the few parts whose read spellings
        # are close enough, one by one.
        for k in ((read >= SKELETON_MIN_EDIT) & (read < SKELETON_FLOOR)).nonzero()[0].tolist():
            lifted = _read_vowel_variant(own_read, reads[k], float(read[k]), float(written[k]))
            score[at[k]] = max(score[at[k]], lifted)
    # The rules for the parts with the query's consonants, away from the -i suffix: the skeleton
    # floor, then the dropped-vowels rule, then v read as u. Each rule's test is made only for
    # the parts it could change (most of a batch is a skeleton away and far below every floor):
    # the same numbers as testing every part, for a fraction of the tests.
    same = [i for i, t in enumerate(others) if t.skel == skel] if len(skel.strip("'")) >= 2 else []
    # The -i suffix caps a pair above NISBA_CAP, and keeps the floors off a pair of one skeleton.
    tested = score > NISBA_CAP
    tested[same] = True
    nisba = np.zeros(len(others), dtype=bool)
    _lift(nisba, tested, lambda i: _nisba(phon, phons[i]), True)
    score = np.where(nisba, np.minimum(score, NISBA_CAP), score)
    if same:
        rows = np.asarray(same)
        part, free = score[rows], ~nisba[rows]
        # In turn, each lifting what it passes: vowel variants to the skeleton floor if their
        # spellings are close, then the dropped-vowels rule, then v read as u.
        _lift(
            part,
            free & (part >= SKELETON_MIN_EDIT) & (part < SKELETON_FLOOR),
            lambda k: vowel_variants(phon, phons[same[k]]),
            SKELETON_FLOOR,
        )
        _lift(
            part,
            free & (part < VOWELLESS_FLOOR),
            lambda k: vowels_dropped(phon, phons[same[k]]),
            VOWELLESS_FLOOR,
        )
        _lift(part, free & (part < V_AS_VOWEL), lambda k: v_as_vowel(phon, phons[same[k]]), V_AS_VOWEL)
        score[rows] = part
    score[distance == 0] = 1.0
    return score


def _lift(
    values: NDArray[Any], where: NDArray[np.bool_], test: Callable[[int], bool], value: float | bool
) -> None:
    """Set `values` to `value` at the positions `where` marks that pass `test`: a rule of
    `latin_similarities`, tested only where it could change the score."""
    at = where.nonzero()[0]
    if len(at):
        # A list, not `np.fromiter` over a generator: compiled, each step of a generator goes
        # through the interpreter's iterator protocol.
        passed = [k for k in at.tolist() if test(k)]
        if passed:
            values[passed] = value


@lru_cache(maxsize=200_000)
def _vowel_groups(phon: str) -> tuple[str, ...]:
    return tuple(VOWEL_RUNS.findall(phon))


def vowels_alike(phon_a: str, phon_b: str) -> bool:
    """True when two spellings have as many syllables and no syllable's vowel is a in one and
    i in the other.

    Romanisations disagree on vowels within a family: fatha is a or e (Mahdi/Mehdi),
    kasra e or i (Ebrahim/Ibrahim), damma o or u (Hossein/Hussein); the article is
    al, ol or ul (Abdallah/Abdollah). But a and i are never the same letter or the
    same short vowel: Jalali and Jalili, Karami and Karimi, Jamal and Jamil are other names.
    Nor are a and the diphthong ei (ay, ai, ey), which writes a ی the a leaves out: Saeed
    (سعید, "seid") and Saad (سعد), Saeedi and Saadi, Seifi and Safi, Heidari and Hadari.
    Nor an i and a u or o gliding into the same vowel (`_glides_apart`), nor a and an i gliding
    into it (`_glide_left_out`).
    """
    groups_a, groups_b = _vowel_groups(phon_a), _vowel_groups(phon_b)
    if len(groups_a) != len(groups_b):
        return False
    # By position, not `zip(..., strict=True)`, which compiled code calls as a generic builtin.
    for k in range(len(groups_a)):
        x, y = groups_a[k], groups_b[k]
        # a against i or ei, either way (written out: compiled, a set made for each pair of
        # syllables and compared with the pairs' sets cost more than the rest of the test)
        if (x == "a" and y in _I_OR_EI) or (y == "a" and x in _I_OR_EI) or _glides_apart(x, y):
            return False
    return not _glide_left_out(phon_a, phon_b)


def _glide_left_out(phon_a: str, phon_b: str) -> bool:
    """True when, before a consonant, one spelling writes ia, an i (or y) gliding into a, where
    the other writes a, o or u alone: a ی the one leaves out, as with a and ei. Rad (راد) and
    Riad or Riyad (ریاض), Kani and Kiani, Nazi and Niazi, Kony and Kiani are other names; they
    scored 0.92 as vowel variants, and "Ali Rad", born 1961, alerted on OFAC's AMLI, Riyad Ali,
    born 1961. A glide written y is the i's spelling ("Zyad" and "Ziad", "Tatyana" and
    "Tatiana"). Not at a word's end, where the English names of places leave out the Arabic
    -iya: Africa and Afriqiya (أفريقيا). Not e: Russian writes ь before е both ways
    ("Grigoriev", "Grigorev")."""
    read_a, read_b = phon_a.replace("y", "i"), phon_b.replace("y", "i")
    if "ia" not in read_a and "ia" not in read_b:
        return False
    runs_a, runs_b = list(VOWEL_RUNS.finditer(read_a)), list(VOWEL_RUNS.finditer(read_b))
    return len(runs_a) == len(runs_b) and any(
        {x.group(), y.group()} in _GLIDE_LEFT_OUT and x.end() < len(read_a) and y.end() < len(read_b)
        for x, y in zip(runs_a, runs_b, strict=True)
    )


def _glides_apart(group_a: str, group_b: str) -> bool:
    """True when one vowel run glides from i and the other from u or o into the same vowels:
    a ی against a و before a vowel, never one letter's spellings. Niavaran (نیاوران) and
    Noavaran (نوآوران) are other words, and in Chinese names Xian and Xuan, Jiang and Zhuang
    (juang), Tian and Tuan other syllables: "XIANGHE TRADE" met the listed "Xuan Qi
    Technology", read joined, at 0.92 a part."""
    if len(group_a) < 2 or len(group_b) < 2 or group_a[1:] != group_b[1:]:
        return False
    return {group_a[0], group_b[0]} in ({"i", "u"}, {"i", "o"})


def vowel_variants(phon_a: str, phon_b: str) -> bool:
    """True when two Latin spellings with one skeleton are one name's, spelled with other
    vowels: as many syllables, alike (`vowels_alike`), the same consonants as written, a
    consonant's double across a vowel included (`spelled_consonants`), and the vowels in the
    same places among them (`syllable_shape`).

    The skeleton joins those doubles, for Arabic script, which writes no short vowels; two
    Latin spellings of one name both write them. Without this, "Moststroy East", read joined,
    was a spelling of the listed "Mostotrest" (`mstrst` both) and scored 0.99. A vowel on the
    other side of a consonant makes another name, one that Arabic script writes otherwise:
    Zaher (ظاهر) and Zahra (زهرا), Sabir (صابر) and Sabri (صبری), Hamid and Hamdi, Amir and
    Amri, Malik and Malki; and Alexander is no Alexandrov. They scored 0.92 as vowel variants."""
    return (
        vowels_alike(phon_a, phon_b)
        and spelled_consonants(phon_a) == spelled_consonants(phon_b)
        and syllable_shape(phon_a) == syllable_shape(phon_b)
    )


def g_for_q(phon_a: str, phon_b: str) -> tuple[str, str] | None:
    """Two Latin spellings with each g read as q, when one writes a g and the other a q (the
    phonetic q of q, gh and gh's other spellings); else None.

    Persian romanisations write ق and غ as g too: "Galibaf", "Sadegi", "Nagdi", "Aga" for
    Qalibaf, Sadeghi, Naghdi, Agha. Only against a q: a g against a k stays a g ("Gamal" is
    Jamal, not Kamal), though skeletons make q one with k."""
    if ("g" in phon_a and "q" in phon_b) or ("q" in phon_a and "g" in phon_b):
        return phon_a.replace("g", "q"), phon_b.replace("g", "q")
    return None


def ks_for_x(phon_a: str, phon_b: str) -> tuple[str, str] | None:
    """Two Latin spellings with each x read as ks, when one writes an x and the other a ks; else
    None.

    Romanisations of Russian, Belarusian and Ukrainian write кс both ways: "Maxim" and "Maksim",
    "Alexey" and "Aleksey", "Alexander" and "Aleksandr", and a customer file or another list
    writes the other. Edit similarity counts an x against a ks as two letters, and the phonetic
    forms read a Latin x as kh, as Persian and Uzbek romanisations write خ ("Baxtiyor"): "Maxim
    Oreshkin" scored 0.004 against the EU's "Maksim Stanislavovich ORESHKIN". The reading only
    adds (`latin_similarity` keeps the better)."""
    if ("x" in phon_a and "ks" in phon_b) or ("ks" in phon_a and "x" in phon_b):
        return phon_a.replace("x", "ks"), phon_b.replace("x", "ks")
    return None


def latin_similarity(phon_a: str, skel_a: str, phon_b: str, skel_b: str, devoicing: bool = True) -> float:
    """The edit similarity of two Latin phonetic forms, raised for vowel variants of one
    skeleton, with g read as q where the other writes q (`g_for_q`), and x as ks where the
    other writes ks (`ks_for_x`), if that says more. `devoicing`: a last t or p read as the
    other's d or b too (`devoiced_ending`); not for two parts written in Arabic script.

    In C where it is built (names/_edits.c), but for a form it does not take (a letter past
    ASCII, or longer than it holds); else `_python_latin_similarity`."""
    if _NATIVE_LATIN is not None:
        found = _NATIVE_LATIN(phon_a, skel_a, phon_b, skel_b, devoicing)
        if found >= 0.0:
            return found
    return _python_latin_similarity(phon_a, skel_a, phon_b, skel_b, devoicing)


@lru_cache(maxsize=100_000)
def _python_latin_similarity(
    phon_a: str, skel_a: str, phon_b: str, skel_b: str, devoicing: bool = True
) -> float:
    """`latin_similarity` by the Python functions: the reference for names/_edits.c's."""
    phon_a, phon_b = as_latin(phon_a), as_latin(phon_b)
    score = _latin_similarity(phon_a, skel_a, phon_b, skel_b, devoicing)
    read = g_for_q(phon_a, phon_b)
    if read is not None:
        read_skel = skel_a.replace("g", "k")
        if read_skel == skel_b.replace("g", "k"):
            score = max(score, _latin_similarity(read[0], read_skel, read[1], read_skel, devoicing))
    read = ks_for_x(phon_a, phon_b)
    if read is not None:
        score = max(
            score, _latin_similarity(read[0], skeleton(read[0]), read[1], skeleton(read[1]), devoicing)
        )
    return score


def _edit_similarities(
    phon: str, phons: list[str], longest: NDArray[np.int32] | None = None
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """`_edit_similarity` of one form with many: the Levenshtein distances and the similarities.
    `longest`: what to divide each pair's cost by (a contiguous int32 array), by default the
    longer form's length (at least 1), as `_edit_similarity` has it. In C where it is built
    (names/_edits.c), else `_python_edit_similarities`."""
    if _NATIVE_SIMILARITIES is None:
        return _python_edit_similarities(phon, phons, longest)
    distances, scores = _NATIVE_SIMILARITIES(phon, phons, longest)
    return np.frombuffer(distances, dtype=np.int32), np.frombuffer(scores, dtype=np.float64)


def _python_edit_similarities(
    phon: str, phons: list[str], longest: NDArray[np.int32] | None = None
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """`_edit_similarities` by rapidfuzz: the reference for names/_edits.c, and what runs where
    that is not built."""
    if longest is None:
        longest = np.asarray([_at_least_one(len(phon), len(p)) for p in phons], dtype=np.int32)
    distance = process.cdist([phon], phons, scorer=Levenshtein.distance, dtype=np.int32)[0]
    swaps = distance - process.cdist([phon], phons, scorer=OSA.distance, dtype=np.int32)[0]
    score: NDArray[np.float64] = 1.0 - (distance - 1.5 * swaps) / longest
    return distance, score


def _edit_similarity(phon_a: str, phon_b: str) -> float:
    """1 less the edit distance over the longer length, two adjacent letters swapped ("Medhi"/
    "Mehdi", a typing slip) counting half an edit, not two. In C where it is built
    (names/_edits.c), else `_python_edit_similarity`."""
    if _NATIVE_SIMILARITY is None:
        return _python_edit_similarity(phon_a, phon_b)
    return _NATIVE_SIMILARITY(phon_a, phon_b)


def _python_edit_similarity(phon_a: str, phon_b: str) -> float:
    """`_edit_similarity` by rapidfuzz: the reference for names/_edits.c."""
    distance = Levenshtein.distance(phon_a, phon_b)
    # Within one edit, a swap saves nothing (the OSA distance is the same): not asked.
    swaps = distance - OSA.distance(phon_a, phon_b) if distance > 1 else 0
    return 1.0 - (distance - 1.5 * swaps) / _at_least_one(len(phon_a), len(phon_b))


def _half_letters(phon_a: str, phon_b: str, score: float) -> float:
    """`score` with each ch against sh, or against kh, and each kh against h, costing half a
    letter (`_HALF_LETTERS`): halfway between the edit similarity as written and with the letter
    read as the other's. "Hachem"/"Hashem" 0.8 → 0.9, "Chamkhani"/"Shamkhani" 0.857 → 0.929,
    "Chen"/"Shen" 0.667 → 0.833, "Chamenei"/"Khamenei" 0.857 → 0.929, "Halil"/"Khalil" 0.8 → 0.9."""
    # Each pair of `_HALF_LETTERS` in turn, written out: compiled, a loop over the table (a
    # tuple object) and the unpacking of each pair cost more than the tests themselves.
    found = _half_letter(phon_a, phon_b, _CH, _SH, score, score)
    found = _half_letter(phon_a, phon_b, _CH, _KH, score, found)
    return _half_letter(phon_a, phon_b, _KH, "h", score, found)


def _half_letter(phon_a: str, phon_b: str, letter: str, other: str, score: float, found: float) -> float:
    """`_half_letters` for one pair of letters: `found`, or more if one spelling writes `letter`
    where the other writes `other`."""
    if (letter in phon_a and other in phon_b) or (other in phon_a and letter in phon_b):
        read_a, read_b = phon_a.replace(letter, other), phon_b.replace(letter, other)
        read = _edit_similarity(read_a, read_b)
        # (Written out: compiled, `max` of three is a generic call.)
        halfway = (score + read) / 2
        if halfway > found:
            found = halfway
        lifted = _read_vowel_variant(read_a, read_b, read, score)
        if lifted > found:
            found = lifted
    return found


def _read_vowel_variant(read_a: str, read_b: str, read: float, written: float) -> float:
    """Two spellings that, with a letter of `_HALF_LETTERS` read as the other's, are vowel
    variants of one skeleton (`vowel_variants`): the skeleton floor, less the half letters
    (half the distance between the similarities `read` and `written`). Turkish "Hamaney" and
    "Khamenei" 0.714 as written, 0.786 at half a letter, 0.849 so: their kh read h, they are
    "hamaney" and "hamenei", which `latin_similarity` lifts to the floor. 0 for any other pair."""
    if not SKELETON_MIN_EDIT <= read < SKELETON_FLOOR:
        return 0.0
    skel = skeleton(read_a)
    if len(skel.strip("'")) < 2 or skel != skeleton(read_b) or not vowel_variants(read_a, read_b):
        return 0.0
    return SKELETON_FLOOR - (read - written) / 2


#: A word's last consonant written voiceless where the other writes it voiced: (voiceless,
#: voiced). Turkish writes a final d as t and a final b as p, as it says them: "Ahmet", "Mahmut",
#: "Cevat", "Vahit", "Murat" for Ahmad, Mahmoud, Javad, Vahid, Murad, and "Recep", "Habip" for
#: Rajab, Habib; Turkey's banks and press write the names of Iran's officials and of Arab
#: armed groups' members so. Read as written, "Ahmet Vahidi" scored 0.03 against the listed
#: "VAHIDI Ahmad", who was not even among its candidates.
_DEVOICED: Final = {"t": "d", "p": "b"}
#: Each of those letters and the one it pairs with, either way.
_ENDING_PAIRS: Final = {**_DEVOICED, **{v: k for k, v in _DEVOICED.items()}}


def devoiced_ending(phon_a: str, phon_b: str) -> tuple[str, str] | None:
    """The two Latin forms with a last t read as the other's last d, or a last p as its b
    (`_DEVOICED`), when one ends so and the other so; else None. Of words of three letters or
    more: two-letter words are particles, not names Turkish respells."""
    end_a, end_b = phon_a[-1:], phon_b[-1:]
    if _ENDING_PAIRS.get(end_a) != end_b or len(phon_a) < 3 or len(phon_b) < 3:
        return None
    voiced = _DEVOICED.get(end_a, end_a)
    return phon_a[:-1] + voiced, phon_b[:-1] + voiced


def _native_edits() -> tuple[
    Callable[[str, str], float] | None,
    Callable[[str, list[str], NDArray[np.int32] | None], tuple[bytearray, bytearray]] | None,
    Callable[[str, str, str, str, bool], float] | None,
    Callable[[Token, Sequence[Token]], tuple[bytearray, list[int], list[int], list[int], list[int]]] | None,
]:
    """The C code of names/_edits.c, told the rules' constants and letters: the edit similarity
    (one pair's, a batch's) and `latin_similarity` (one pair's, a batch's); or None where it was
    not built (HISAB_COMPILE=0): then rapidfuzz computes the edit similarity
    (`_python_edit_similarity`) and the Python functions the rest (`_python_latin_similarity`)."""
    try:
        from hisab.names import _edits
    except ImportError:
        return None, None, None, None
    _edits.configure(
        NISBA_CAP,
        SKELETON_MIN_EDIT,
        SKELETON_FLOOR,
        VOWELLESS_FLOOR,
        V_AS_VOWEL,
        SEMIVOWELS_AND_MARKS,
        "".join(sorted(HEAD_VOWELS)),
        "".join(letter + other for letter, other in _HALF_LETTERS),
        "".join(voiceless + voiced for voiceless, voiced in _DEVOICED.items()),
        "".join(sorted(_LATIN_VOWELS)),
        Token._fields.index("text"),
        Token._fields.index("phon"),
        Token._fields.index("skel"),
        Token._fields.index("script"),
        LATIN,
        ARABIC,
    )
    return _edits.similarity, _edits.similarities, _edits.latin_similarity, _edits.latin_similarities


_NATIVE_EDITS: Final = _native_edits()
_NATIVE_SIMILARITY: Final = _NATIVE_EDITS[0]
_NATIVE_SIMILARITIES: Final = _NATIVE_EDITS[1]
_NATIVE_LATIN: Final = _NATIVE_EDITS[2]
_NATIVE_LATINS: Final = _NATIVE_EDITS[3]


def _latin_similarity(phon_a: str, skel_a: str, phon_b: str, skel_b: str, devoicing: bool = True) -> float:
    score = _latin_similarity_written(phon_a, skel_a, phon_b, skel_b)
    read = devoiced_ending(phon_a, phon_b) if devoicing else None
    if read is not None:
        # The ending read as the other's, at half a letter (as `_half_letters` charges): the
        # read pair scored by every rule (vowel variants of one skeleton, ch, kh, h), less half
        # the letter the reading saved. "Ahmet"/"Ahmad" 0.6 as written, 0.82 so; "Mahmut"/
        # "Mahmud" 0.83 → 0.92.
        read_a, read_b = read
        cost = (_edit_similarity(read_a, read_b) - _edit_similarity(phon_a, phon_b)) / 2
        found = _latin_similarity_written(read_a, skeleton(read_a), read_b, skeleton(read_b)) - cost
        score = max(score, found)
    return score


def _latin_similarity_written(phon_a: str, skel_a: str, phon_b: str, skel_b: str) -> float:
    """`_latin_similarity` of the two forms as written, with no ending read as the other's."""
    score = _half_letters(phon_a, phon_b, _edit_similarity(phon_a, phon_b))
    if _nisba(phon_a, phon_b):
        return min(score, NISBA_CAP)
    if (
        skel_a == skel_b
        and len(skel_a.strip("'")) >= 2
        and score >= SKELETON_MIN_EDIT
        and vowel_variants(phon_a, phon_b)
    ):
        # Same consonants and as many syllables: a vowel spelling variant ("Hossein"/
        # "Hussain"), not another name built on the same root ("Mohammadi"/"Mahmoudi").
        score = max(score, SKELETON_FLOOR)
    if (
        score < VOWELLESS_FLOOR
        and skel_a == skel_b
        and len(skel_a.strip("'")) >= 2
        and vowels_dropped(phon_a, phon_b)
    ):
        score = VOWELLESS_FLOOR
    if score < V_AS_VOWEL and skel_a == skel_b and len(skel_a.strip("'")) >= 2 and v_as_vowel(phon_a, phon_b):
        score = V_AS_VOWEL
    return score


@lru_cache(maxsize=50_000)
def v_as_vowel(phon_a: str, phon_b: str) -> bool:
    """True when one spelling writes a v (or w) where the other writes the vowel u (or ou, oo),
    and is otherwise the same or a vowel variant (`vowel_variants`) of as many letters: each v
    of the one read as u, with a vowel on either side of it. The caller checks the skeletons
    (the same) and the -i suffix (`_nisba`: "Mousavi" is no spelling of "Musa").

    و is the consonant v or w and the vowel u: توللائی is "Tavallaei" and "Toulai", نوروزی
    "Nowrouzi" and "Nourozi"; edit similarity puts them at 0.57. Only one of the two may write
    a v (two spellings that both do are compared as written)."""
    if ("v" in phon_a) == ("v" in phon_b):
        return False
    read, other = (phon_a, phon_b) if "v" in phon_a else (phon_b, phon_a)
    # The u read, and the other's u, as a consonant: the two must meet there ("Javad" is no
    # "Jaad"), and vowel variants of as many letters around it ("Kaviani" read "Kuani" is no
    # "Kony").
    read, other = _V_WITH_VOWELS.sub("U", read), other.replace("u", "U")
    return read == other or (len(read) == len(other) and vowel_variants(read, other))


@lru_cache(maxsize=50_000)
def vowels_dropped(phon_a: str, phon_b: str) -> bool:
    """True when one spelling is the other with vowels left out in two places or more, and
    nothing else changed ("Hrbrto"/"Heriberto", "Kbtsva"/"Kobtseva", "Rhna"/"Rouhina").

    The written-without-vowels rule (`vowelless`) for a part that keeps some of its
    vowels: abbreviations and evasions drop vowels from inside a word. One vowel, or one
    run of vowels, left out is an ordinary spelling difference or another name ("Nasr"/
    "Naser", "Hosni"/"Hoseini") that the edit similarity already weighs; the caller
    checks the skeletons and the -i suffix.
    """
    # The shorter first, the first given on a tie (as `sorted(..., key=len)` has them, which
    # compiled code calls as a generic builtin).
    short, long_ = (phon_a, phon_b) if len(phon_a) <= len(phon_b) else (phon_b, phon_a)
    if len(long_) - len(short) < 2 or len(short) < 3:
        return False
    i, runs, skipping = 0, 0, False
    for c in long_:
        if i < len(short) and c == short[i]:
            i += 1
            skipping = False
        elif c in _LATIN_VOWELS:
            runs += not skipping
            skipping = True
        else:
            return False
    return i == len(short) and runs >= 2


def _substitution(arabic: str, latin: str) -> float:
    if arabic == latin:
        return 0.0
    fits = _FITS.get(arabic)
    if fits is not None:
        if latin in fits:
            return 0.0
        return 0.8 if latin in _LATIN_VOWELS else 1.0
    if arabic in "kq" and latin in "kq":
        return 0.2
    return _NEAR.get((arabic, latin), 1.0)


#: The alignment counts its costs in twentieths of a letter: every cost above is a multiple of
#: 0.05, so the sums are whole numbers, exact in any order (the loop and the vectorised
#: alignment add in different orders), and compiled code adds small integers without making a
#: float object for each cell, as it did when the costs were floats (a third of the time of
#: Persian-script screening was the alignment's).
UNITS: Final = 20


def _units(cost: float) -> int:
    """A cost in UNITS; a cost that is not a whole number of them is a mistake in the tables."""
    units = round(cost * UNITS)
    if abs(units - cost * UNITS) > 1e-9:
        raise ValueError(f"alignment cost {cost} is not a multiple of 1/{UNITS}")
    return units


_LATIN_CODES: Final = {c: i for i, c in enumerate(_LATIN_ALPHABET)}
#: Codes past the alphabet: any other letter, and the padding right of a shorter name.
_OTHER: Final = len(_LATIN_ALPHABET)
_PAD: Final = len(_LATIN_ALPHABET) + 1
#: The cost of skipping a Latin letter, in UNITS, by code (any other letter 1, padding 0).
_SKIP_LATIN_UNITS: Final = [_units(_SKIP_LATIN.get(c, 1.0)) for c in _LATIN_ALPHABET] + [UNITS, 0]
_SKIP_LATIN_CODES: Final = np.asarray(_SKIP_LATIN_UNITS, dtype=np.int64)
_INITIAL_MISMATCH_UNITS: Final = _units(_INITIAL_MISMATCH)
_NOT_CONSONANT: Final = _LATIN_VOWELS | {"y", "'"}
_FINAL_VOWELS: Final = ("a", "e", "i", "o", "u", "y")
#: `_costs` by letter, made once each.
_COSTS: Final[dict[str, tuple[int, list[int], NDArray[np.int64]]]] = {}


def _costs(arabic: str) -> tuple[int, list[int], NDArray[np.int64]]:
    """For one Arabic-script letter, in UNITS: the cost of skipping it, and its substitution
    costs indexed by Latin letter code (any other letter and the padding: 1), as a list for
    the loop and as an array for the vectorised alignment."""
    found = _COSTS.get(arabic)
    if found is None:
        subst = [_units(_substitution(arabic, b)) for b in _LATIN_ALPHABET] + [UNITS, UNITS]
        found = (_units(_SKIP_ARABIC.get(arabic, 1.0)), subst, np.asarray(subst, dtype=np.int64))
        _COSTS[arabic] = found
    return found


#: `_latin_codes` and `_arabic_counts` by form, in plain dicts (as `_WRITTEN`): the alignment
#: asks them of every pair it compares, and a dict look-up costs compiled code less than a call
#: through `lru_cache`. A full cache drops its older half (`forget_oldest`).
_CODES: Final[dict[str, tuple[tuple[int, ...], int, int]]] = {}
_ARABIC_COUNTS: Final[dict[str, tuple[int, int]]] = {}
#: (Not `Final`, which compiled code would read as a constant: a test makes them small.)
CODES_CACHE, ARABIC_COUNTS_CACHE = 200_000, 20_000


def _latin_codes(latin: str) -> tuple[tuple[int, ...], int, int]:
    """A Latin phonetic form as letter codes, its number of consonants, and its letters that
    cost a whole letter to leave unpaired (`_cross_bound`)."""
    found = _CODES.get(latin)
    if found is None:
        # One loop, not a generator per count: compiled, each step of a generator goes through
        # the interpreter's iterator protocol (4,100 instructions a form, where this is 1,000).
        codes: list[int] = []
        consonants = hard = 0
        for c in latin:
            code = _LATIN_CODES.get(c, _OTHER)
            codes.append(code)
            if c not in _NOT_CONSONANT:
                consonants += 1
            if _SKIP_LATIN_UNITS[code] >= UNITS:
                hard += 1
        found = stored(_CODES, latin, (tuple(codes), consonants, hard), CODES_CACHE)
    return found


def cross_script_similarities(arabic: str, latins: Sequence[str]) -> NDArray[np.float64]:
    """`cross_script_similarity` of one Arabic-script form with many Latin ones, vectorised
    (each Latin "th" read both ways, as `th_readings` says, and the better kept)."""
    if not any("T" in latin for latin in latins):
        return _cross_script_batch(arabic, latins)
    readings = [th_readings(latin) for latin in latins]
    flat = [reading for group in readings for reading in group]
    scores = _cross_script_batch(arabic, flat)
    owner = np.repeat(np.arange(len(latins)), [len(group) for group in readings])
    best = np.zeros(len(latins))
    np.maximum.at(best, owner, scores)
    return best


def _cross_script_batch(arabic: str, latins: Sequence[str]) -> NDArray[np.float64]:
    """`cross_script_similarity` of one Arabic-script form with many Latin ones, vectorised.

    The same alignment, run for all the Latin forms at once: a row of the
    edit-distance table is computed for every name together, its left-to-right
    dependency as a running minimum (cell j is the best over cells l ≤ j of
    cell l plus the cost of skipping the Latin letters between). Names are
    padded on the right with letters that cost nothing to skip, and each is
    read at its own length. Giving up early is replaced by its equivalent at
    the end: row minima never decrease, so the last row's minimum decides.
    """
    count = len(latins)
    if count == 0 or not arabic:
        return np.asarray([cross_script_similarity(arabic, latin) for latin in latins], dtype=np.float64)
    encoded = [_latin_codes(latin) for latin in latins]
    # (Lists, not generators, for numpy to read: as `latin_similarities` does.)
    lengths = np.fromiter([len(c) for c, _, _ in encoded], dtype=np.intp, count=count)
    width = int(lengths.max())
    codes = np.full((count, width), _PAD, dtype=np.intp)
    for row, (letters, _, _) in enumerate(encoded):
        codes[row, : len(letters)] = letters
    skips = np.zeros((count, width + 1), dtype=np.int64)
    np.cumsum(_SKIP_LATIN_CODES[codes], axis=1, out=skips[:, 1:])
    previous = skips.copy()
    cells = np.empty((count, width + 1), dtype=np.int64)
    for letter in arabic:
        skip_arabic, _, substitution = _costs(letter)
        cells[:, 0] = previous[:, 0] + skip_arabic
        np.minimum(
            previous[:, :-1] + substitution[codes],
            previous[:, 1:] + skip_arabic,
            out=cells[:, 1:],
        )
        previous = skips + np.minimum.accumulate(cells - skips, axis=1)
    rows = np.arange(count)
    # The cost of a vowel at one start only (`_initial_mismatch`) is added to every cell (as the
    # loop starts from it), which changes no alignment: added here, to the last row.
    mismatch = np.fromiter([_initial_mismatch(arabic, latin) for latin in latins], dtype=bool, count=count)
    added = np.where(mismatch, _INITIAL_MISMATCH_UNITS, 0)
    final = previous[rows, lengths] + added
    valid = np.arange(width + 1)[None, :] <= lengths[:, None]
    lowest = np.where(valid, previous, np.iinfo(np.int64).max // 2).min(axis=1) + added
    arabic_consonants = _arabic_counts(arabic)[1]
    consonants = np.fromiter([n for _, n, _ in encoded], dtype=np.float64, count=count)
    scale = np.maximum(np.maximum(consonants, arabic_consonants), 1.0)
    score = np.maximum(0.0, 1.0 - final / (scale * UNITS))
    capped = np.fromiter([_final_cap(arabic[-1:], latin[-1:]) for latin in latins], dtype=bool, count=count)
    score = np.where(capped, np.minimum(score, NISBA_CAP), score)
    # (with the loop's limit and tolerance: the limit itself need not be a whole number)
    return np.where(lowest > scale * (_GIVE_UP * UNITS) + _TOLERANCE, 0.0, score)


def cross_script_similarity(arabic: str, latin: str) -> float:
    """Alignment similarity of an Arabic-script phonetic form and a Latin one.

    An edit-distance alignment with the costs above, written out for speed (this
    is the inner loop of Persian-script screening): rows stop as soon as every
    cell of one costs more than a useful similarity allows, since row minima
    never decrease.
    """
    return _cross_readings(arabic, latin, _GIVE_UP)


def _cross_readings(arabic: str, latin: str, give_up: float) -> float:
    """`_cross_script` for the best of the Arabic-script spellings a Latin form may stand for."""
    if "T" not in latin:
        return _cross_script(arabic, latin, give_up)
    return max(_cross_script(arabic, reading, give_up) for reading in th_readings(latin))


#: The similarity of two name parts one of which is the other with a slip of the pen in it
#: (`slipped`): 0.75 of a pair's credit (`features.credit`).
SLIP: Final = 0.85
#: The fewest letters of a part a slip is looked for in: in a shorter one, one letter makes
#: another name ("Said" and "Sai", "Raza" and "Raa").
SLIP_LETTERS: Final = 4


def slipped(a: Token, b: Token) -> bool:
    """Whether Latin-script name part `a` (the query's) may be `b` (a listed one) with a slip of
    the pen: one letter put for another, left out, added or swapped with the next (optimal
    string alignment distance 1 on the folded letters), both of SLIP_LETTERS letters or more.
    Not a vowel added at the end of `a`: that makes another name ("Salmani" for "Salman",
    "Gholami" for "Gholam", the Persian -i of descent); one left out is a slip, or a name cut
    short ("Cecili" for "Cecilia").

    The part similarity reads a name as it sounds: it forgives the vowels that
    transliterations change and weighs the consonants, so a slip in a consonant, which a
    typist makes as often as in a vowel, cost a rare part most of its credit ("SHARIFW" and
    "SHARIFI" 0.70, "MSIHAAL" and "MISHAAL" 0.67, "FROSXH" and "FROSCH", whose "sch" is one
    sound, less). Whether a slip is likelier than another name is the caller's to weigh
    (`align`'s `names`)."""
    if a.script != LATIN or b.script != LATIN or a.kind != NAME or b.kind != NAME:
        return False
    x, y = a.text, b.text
    if x == y or min(len(x), len(y)) < SLIP_LETTERS or abs(len(x) - len(y)) > 1:
        return False
    if OSA.distance(x, y, score_cutoff=1) > 1:
        return False
    # The query's part (`a`) with a vowel more at the end than the listed one: another name
    # (Salmani for SALMAN). With one less, a slip or a name cut short ("Cecili" for Cecilia).
    return not (len(x) > len(y) and x[-1] in "aeiouy" and x[:-1] == y)


#: The fewest letters of a query's last part read as a listed part cut short (`cut_short`): with
#: 4, "Sayyed Mohammed Haqq" (a name cut to 20 letters) found the UN's HAQQANI, and the 100,000
#: synthetic customers' alerts were the same as with 5 (docs/benchmarks.md, 2026-12-06).
CUT_LETTERS: Final = 4


def cut_short(a: Token, b: Token) -> bool:
    """Whether Latin-script name part `a` (the query's last) may be `b` (a listed one) cut
    short, as a field of fixed length cuts a name ("Vasiliy Aleksandrovi", 20 letters, for
    Vasiliy Aleksandrovich NIKITIN): `b` begins with `a`, which writes CUT_LETTERS letters or
    more and leaves out two or more (one is `slipped`). The part similarity pairs a part with
    a longer one that begins with it at 0.7 and no credit, as it must for two names that both
    exist ("Hossein" and "Hosseini", "Mohammad" and "Mohammadi"); whether `a` is such a name
    is the caller's to weigh (`align`'s `names`)."""
    if a.script != LATIN or b.script != LATIN or a.kind != NAME or b.kind != NAME:
        return False
    x, y = a.text, b.text
    return len(x) >= CUT_LETTERS and len(y) >= len(x) + 2 and y.startswith(x)


def similarity_at_least(a: Token, b: Token, floor: float) -> float:
    """`token_similarity(a, b)` if it is at least `floor`, else 0.

    Cheaper when the parts are in different scripts and not yet compared: the
    alignment gives up as soon as `floor` is out of reach. A similarity at or
    above `floor` is the same number either way.
    """
    if a.kind == NUMBER or b.kind == NUMBER or a.phon == b.phon:
        value = token_similarity(a, b)
    elif (a.script == ARABIC) == (b.script == ARABIC):
        # The bound before the cache (which `token_similarity` asks): a pair below the floor
        # gives 0 whether it was compared before or not, and most pairs are.
        if (
            a.skel != b.skel
            and _latin_bound(a.phon, b.phon) < floor - _TOLERANCE
            and not initial_of(a, b)
            and not abbreviates(a, b)
            and g_for_q(a.phon, b.phon) is None
            and not vowels_left_out(a, b)
        ):
            return 0.0
        value = token_similarity(a, b)
    else:
        found = SIMILARITIES.get((a, b))
        value = found if found is not None else _across_at_least(a, b, floor)
    return value if value >= floor else 0.0


def _across_at_least(a: Token, b: Token, floor: float) -> float:
    """`_token_similarity` of two parts of which one is in Arabic script and the other not,
    compared only as far as `floor`: at or above it the same number, below it 0 or a number
    below it (a sound bound, then an alignment that gives up once `floor` is out of reach)."""
    if a.kind == NUMBER or b.kind == NUMBER or a.phon == b.phon:
        return _token_similarity(a, b)
    arabic, latin = (a, b) if a.script == ARABIC else (b, a)
    if _cross_bound(arabic.phon, latin.phon) < floor - _TOLERANCE:
        return 0.0
    return _cross_readings(arabic.phon, latin.phon, min(_GIVE_UP, 1.0 - floor))


# The bounds below let `similarity_at_least` skip pairs that cannot reach its floor: the
# alignment tries each name's adjacent parts read joined against the other's single parts,
# and most such pairs differ too much in length to be alike. Each is a sound upper bound
# of the similarity (a test checks them against the full computation), so no pair at or
# above the floor is lost.


def _at_least_one(a: int, b: int) -> int:
    """`max(a, b, 1)`, written out: compiled, the builtin with three arguments is a generic
    call (about 1,800 instructions), and the similarities, bounds and alignments ask it of
    every pair they compare."""
    larger = a if a > b else b
    return larger if larger > 1 else 1


def _latin_bound(phon_a: str, phon_b: str) -> float:
    """An upper bound of `latin_similarity` for two Latin forms with different skeletons (no
    skeleton rule applies then). The edit cost `distance - 1.5 * swaps` is the OSA distance
    less half the swaps, and swaps are at most the OSA distance, itself at least the
    difference in length: so the cost is at least half that difference."""
    longest = _at_least_one(len(phon_a), len(phon_b))
    return 1.0 - 0.5 * abs(len(phon_a) - len(phon_b)) / longest


def _cross_bound(arabic: str, latin: str) -> float:
    """An upper bound of `cross_script_similarity`. Each letter of one script faces at most
    one of the other, so at least (hard Latin consonants − Arabic letters) Latin consonants
    are skipped, and at least (Arabic consonants − Latin letters) Arabic consonants, at a
    cost of 1 each. A Latin "th" has two readings; no bound is drawn for it."""
    if "T" in latin:
        return 1.0
    _, consonants, hard_latin = _latin_codes(latin)
    hard_arabic, arabic_consonants = _arabic_counts(arabic)
    cost = max(0, hard_latin - len(arabic)) + max(0, hard_arabic - len(latin))
    return 1.0 - cost / _at_least_one(consonants, arabic_consonants)


def _arabic_counts(arabic: str) -> tuple[int, int]:
    """An Arabic-script form's letters that cost 1 to leave unpaired, and its consonants."""
    found = _ARABIC_COUNTS.get(arabic)
    if found is None:
        hard = sum(1 for c in arabic if _SKIP_ARABIC.get(c, 1.0) >= 1.0)
        found = stored(
            _ARABIC_COUNTS, arabic, (hard, sum(1 for c in arabic if c not in _FITS)), ARABIC_COUNTS_CACHE
        )
    return found


@lru_cache(maxsize=100_000)
def _cross_script(arabic: str, latin: str, give_up: float) -> float:
    codes, consonants, _ = _latin_codes(latin)
    scale = _at_least_one(consonants, _arabic_counts(arabic)[1])
    # In UNITS, as the vectorised alignment has it (`_cross_script_batch`).
    limit = scale * (give_up * UNITS) + _TOLERANCE
    start = _INITIAL_MISMATCH_UNITS if _initial_mismatch(arabic, latin) else 0
    total = _NATIVE_COST(arabic, latin, start, limit) if _NATIVE_COST is not None else _NOT_HANDLED
    if total == _NOT_HANDLED:
        total = _cross_cost(arabic, codes, start, limit)
    if total == _GAVE_UP:
        return 0.0
    score = max(0.0, 1.0 - total / (scale * UNITS))
    return min(score, NISBA_CAP) if _final_cap(arabic[-1:], latin[-1:]) else score


#: What the alignment's table gives back when a row's lowest cost passed the limit, and (the C
#: table only) when the Arabic-script form holds a letter past its tables (not ASCII).
_GAVE_UP: Final = -1
_NOT_HANDLED: Final = -2


def _cross_cost(arabic: str, codes: tuple[int, ...], start: int, limit: float) -> int:
    """The cost in UNITS of the best alignment of an Arabic-script phonetic form with a Latin
    one (`codes`: `_latin_codes`), starting from `start`; _GAVE_UP once every cell of a row costs
    more than `limit` (row minima never decrease). The reference for the same table in C
    (names/_crossalign.c), and what runs where that is not built."""
    m = len(codes)
    skip_latin = [_SKIP_LATIN_UNITS[code] for code in codes]
    previous = [start]
    for skip in skip_latin:
        start += skip
        previous.append(start)
    for letter in arabic:
        skip_a, subst, _ = _costs(letter)
        left = previous[0] + skip_a
        current = [left]
        lowest = left
        diagonal = previous[0]
        for j in range(m):
            up = previous[j + 1]
            best = diagonal + subst[codes[j]]
            if up + skip_a < best:
                best = up + skip_a
            if left + skip_latin[j] < best:
                best = left + skip_latin[j]
            current.append(best)
            if best < lowest:
                lowest = best
            left = best
            diagonal = up
        if lowest > limit:
            return _GAVE_UP
        previous = current
    return previous[m]


def _native_table() -> Callable[[str, str, int, float], int] | None:
    """The alignment's table in C (names/_crossalign.c), given this module's costs, or None
    where it was not built (HISAB_COMPILE=0): then `_cross_cost` runs."""
    try:
        from hisab.names import _crossalign
    except ImportError:
        return None
    letters = [chr(code) for code in range(128)]
    costs = [_costs(letter) for letter in letters]
    _crossalign.set_tables(
        [skip for skip, _, _ in costs],
        [cost for _, row, _ in costs for cost in row],
        [*(_LATIN_CODES.get(letter, _OTHER) for letter in letters), _OTHER],
        _SKIP_LATIN_UNITS,
    )
    return _crossalign.cost


_NATIVE_COST: Final = _native_table()


def _initial_mismatch(arabic: str, latin: str) -> bool:
    """Whether one form begins with a vowel and the other does not. Arabic script always writes
    a word's first vowel (ا, آ, ع, a hamza: "'"), and romanisations write it too, so a vowel at
    one start only is a letter of another name, not a short vowel left out: "Ahmadi" is no
    spelling of محمدی (Mohammadi), "Mohammadi" none of احمدی, "Salami" none of اسلامی (Eslami).
    The alignment alone pairs the vowel with a consonant at the cost of that consonant only.
    Not where either begins with the article (ال; al, el, ul), which the other may leave out
    ("Hashemi" for الهاشمی), nor where the Arabic-script form begins with و or ی, a consonant
    that romanisations may write as a vowel (French "Ouahid" for وحید, "Usef" for یوسف)."""
    # `startswith`, not slices compared: compiled, each slice makes a string (the test was about
    # 950 instructions a pair, and the alignment of joined parts asks it of some 20,000 pairs of
    # the benchmark's 1,000 sample queries; docs/benchmarks.md, 2026-12-08).
    if arabic.startswith("'l") or arabic.startswith("v") or arabic.startswith("y"):
        return False
    vowel = latin[:1] in _LATIN_VOWELS
    if vowel and latin[1:2] == "l":
        return False
    return arabic.startswith("'") != vowel


def _final_cap(arabic_end: str, latin_end: str) -> bool:
    """The -i suffix across scripts: a final ی must face a final vowel, and a final consonant
    (a final ḥ included) must not face -i. When either fails the two are capped at NISBA_CAP."""
    if arabic_end in ("i", "Y"):
        return latin_end not in _FINAL_VOWELS
    return latin_end in ("i", "y") and arabic_end not in _VOWEL_LETTERS
