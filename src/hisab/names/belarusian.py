"""A name written the Belarusian way, read as its Russian form as well.

Belarusians are listed, and bank their customers, under Belarusian romanisations
(passports since 2000s, the EU's Belarus list: "Siarhei Yauhenavich TSERABAU") and
under Russian ones (other lists, older documents: "Sergey Evgenievich TEREBOV"). The
two differ by more than the romanisation variants the phonetic forms absorb: г is h,
palatal д and т are dz and ts, в after a vowel is u (ў), an unstressed е is ia, and
some given names differ in more than letters (Mikalai/Nikolai, Yauhen/Evgeni). Matched
as written, "Alexander Grigorievich Lukashenko" against "Aliaksandr Ryhoravich
LUKASHENKA" scored 0.37 with the same birth date.

`russian_reading` gives a Belarusian-written name's Russian reading: each name part's
phonetic form is that of its Russian form (given names from resources/names/belarusian.tsv,
patronymics from their given name's Russian form, other parts by the letter rules of
belarusian_rules.tsv), its text as written. The index holds a listed name's reading
beside the name; a query is screened both ways. Hand-written, not a library's: the
transliteration packages romanise Cyrillic, and nothing maps one Latin romanisation
of Belarusian to the Russian one.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from hisab.names import tables
from hisab.names.tokens import LATIN, NAME, Token, latin_phonetic, skeleton

#: A Belarusian patronymic ending, after its given name's stem (-avich, -evich, -auna, …).
_PATRONYMIC = re.compile(r"^(?:[aeoy]|[ie]e|ie|ye)?(?:v[iy]ch|vna|una)$")
#: Endings that alone mark a part as a Belarusian patronymic (the Russian is -ovich, -ovna).
_BELARUSIAN_PATRONYMIC = re.compile(r".{3,}(?:av[iy]ch|auna|euna)$")


@cache
def _stems() -> tuple[tuple[str, str], ...]:
    """(stem a patronymic is made from, the Russian given name), longest stem first:
    "siarhe" (Siarheevich) for Siarhei, "uladzimir" (Uladzimiravich) for Uladzimir."""
    stems = {
        (form[:-1] if form[-1] in "iy" else form): russian
        for form, (russian, _) in tables.belarusian_given().items()
        # Patronymics are made from men's names; women's end in -a (Aliaksandra, Volha).
        if not russian.endswith("a")
    }
    return tuple(sorted(stems.items(), key=lambda item: -len(item[0])))


def _russian_patronymic(given: str, female: bool) -> str:
    """Sergei -> Sergeevich, Vladimir -> Vladimirovich, Grigori -> Grigorievich."""
    if given.endswith(("ei", "ai")):
        given = given[:-1]
    vowel = given[-1] in "aeiouy"
    if female:
        return given + ("evna" if vowel else "ovna")
    return given + ("evich" if vowel else "ovich")


@lru_cache(maxsize=20_000)
def russian_form(text: str) -> str:
    """The Russian form of one folded Latin part of a Belarusian-written name."""
    given = tables.belarusian_given().get(text)
    if given is not None:
        return given[0]
    for stem, russian in _stems():
        if text.startswith(stem) and _PATRONYMIC.match(text[len(stem) :]):
            return _russian_patronymic(russian, text.endswith("na"))
    value = text
    for pattern, replacement in tables.belarusian_rules():
        value = pattern.sub(replacement, value)
    return value


def _marks(token: Token) -> bool:
    if token.script != LATIN or token.kind != NAME:
        return False
    given = tables.belarusian_given().get(token.text)
    return (given is not None and given[1]) or bool(_BELARUSIAN_PATRONYMIC.match(token.text))


def russian_reading(tokens: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """The name read as its Russian form, if a part shows it is written the Belarusian way
    and the reading differs; else None. Each name part keeps its text and takes the
    phonetic form and skeleton of its Russian form."""
    if not any(_marks(t) for t in tokens):
        return None
    read: list[Token] = []
    for token in tokens:
        if token.script == LATIN and token.kind == NAME:
            phon = latin_phonetic(russian_form(token.text))
            token = token._replace(phon=phon, skel=skeleton(phon))
        read.append(token)
    reading = tuple(read)
    return reading if reading != tokens else None
