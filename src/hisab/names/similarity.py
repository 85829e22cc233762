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

import re
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from hisab.names.tokens import ARABIC, NUMBER, Token

#: Skeleton agreement lifts a Latin pair to at least this, if their spellings are this close.
SKELETON_FLOOR = 0.92
SKELETON_MIN_EDIT = 0.6
#: The most a name and its -i derivative ("Hossein"/"Hosseini") can score.
NISBA_CAP = 0.7

_LATIN_VOWELS = frozenset("aeiou")
_VOWEL_GROUPS = re.compile("[aeiou]+")
#: Latin letters each Arabic long-vowel letter (or glottal, or silent he) may stand for.
_FITS = {
    "a": frozenset("ae"),
    "u": frozenset("ouv"),
    "i": frozenset("iey"),
    "'": frozenset("aeiou'"),
    "E": frozenset("aeh"),
    "Y": frozenset("aeiy"),
}
#: Cost of an Arabic letter that no Latin letter stands for.
_SKIP_ARABIC = {"a": 0.6, "u": 0.6, "i": 0.6, "'": 0.05, "E": 0.2, "Y": 0.3}
#: The letters of Latin phonetic forms (hisab's alphabet: $ is sh, % is ch).
_LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz'$%"
#: An alignment whose cost exceeds this share of the name's length cannot reach a useful score.
_GIVE_UP = 0.5
#: Cost of a Latin letter that stands for nothing written in Arabic script.
_SKIP_LATIN = {"a": 0.1, "e": 0.1, "i": 0.1, "o": 0.1, "u": 0.1, "y": 0.3, "h": 0.6, "'": 0.0}


@lru_cache(maxsize=1_000_000)
def token_similarity(a: Token, b: Token) -> float:
    """Similarity of two name parts in [0, 1]."""
    if a.kind == NUMBER or b.kind == NUMBER:
        return 1.0 if a.text == b.text else 0.0
    if a.phon == b.phon:
        return 1.0
    if (a.script == ARABIC) != (b.script == ARABIC):
        arabic, latin = (a, b) if a.script == ARABIC else (b, a)
        return cross_script_similarity(arabic.phon, latin.phon)
    return latin_similarity(a.phon, a.skel, b.phon, b.skel)


def _nisba(a: str, b: str) -> bool:
    """True when exactly one of two spellings ends in the -i suffix of a derived name.

    Persian and Arabic derive surnames from given names with a final -i
    ("Hossein" → "Hosseini", "Karim" → "Karimi", "Ahmad" → "Ahmadi"): those are
    different names, although their skeletons agree.
    """
    return (a[-1:] in ("i", "y")) != (b[-1:] in ("i", "y", "e"))


@lru_cache(maxsize=500_000)
def latin_similarity(phon_a: str, skel_a: str, phon_b: str, skel_b: str) -> float:
    distance = Levenshtein.distance(phon_a, phon_b)
    swaps = distance - OSA.distance(phon_a, phon_b)
    # Two adjacent letters swapped ("Medhi"/"Mehdi") is a typing slip: half an edit, not two.
    score = 1.0 - (distance - 1.5 * swaps) / max(len(phon_a), len(phon_b), 1)
    if _nisba(phon_a, phon_b) and _nisba(phon_b, phon_a):
        return min(score, NISBA_CAP)
    if (
        skel_a == skel_b
        and len(skel_a.strip("'")) >= 2
        and score >= SKELETON_MIN_EDIT
        and len(_VOWEL_GROUPS.findall(phon_a)) == len(_VOWEL_GROUPS.findall(phon_b))
    ):
        # Same consonants and as many syllables: a vowel spelling variant ("Hossein"/
        # "Hussain"), not another name built on the same root ("Mohammadi"/"Mahmoudi").
        score = max(score, SKELETON_FLOOR)
    return score


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
    return 1.0


@lru_cache(maxsize=4096)
def _costs(arabic: str) -> tuple[float, dict[str, float]]:
    """For one Arabic-script letter: the cost of skipping it, and its substitution costs."""
    return _SKIP_ARABIC.get(arabic, 1.0), {b: _substitution(arabic, b) for b in _LATIN_ALPHABET}


@lru_cache(maxsize=500_000)
def cross_script_similarity(arabic: str, latin: str) -> float:
    """Alignment similarity of an Arabic-script phonetic form and a Latin one.

    An edit-distance alignment with the costs above, written out for speed (this
    is the inner loop of Persian-script screening): rows stop as soon as every
    cell of one costs more than a useful similarity allows, since row minima
    never decrease.
    """
    n, m = len(arabic), len(latin)
    consonants = sum(1 for c in latin if c not in _LATIN_VOWELS and c not in "y'")
    scale = max(consonants, sum(1 for c in arabic if c not in _FITS), 1)
    limit = scale * _GIVE_UP
    skip_latin = [_SKIP_LATIN.get(b, 1.0) for b in latin]
    previous = [0.0] * (m + 1)
    for j in range(m):
        previous[j + 1] = previous[j] + skip_latin[j]
    for i in range(n):
        skip_a, subst = _costs(arabic[i])
        left = previous[0] + skip_a
        current = [left]
        diagonal = previous[0]
        for j in range(m):
            up = previous[j + 1]
            best = diagonal + subst.get(latin[j], 1.0)
            if up + skip_a < best:
                best = up + skip_a
            if left + skip_latin[j] < best:
                best = left + skip_latin[j]
            current.append(best)
            left = best
            diagonal = up
        if min(current) > limit:
            return 0.0
        previous = current
    score = max(0.0, 1.0 - previous[m] / scale)
    # The -i suffix: a final ی must face a final vowel, a final consonant must not face -i.
    if arabic[-1:] in ("i", "Y"):
        if latin[-1:] not in ("a", "e", "i", "o", "u", "y"):
            score = min(score, NISBA_CAP)
    elif latin[-1:] in ("i", "y") and arabic[-1:] not in _FITS:
        score = min(score, NISBA_CAP)
    return score
