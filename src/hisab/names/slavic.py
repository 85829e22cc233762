"""Names written the Belarusian or the Ukrainian way, read as their Russian forms as well.

Belarusians and Ukrainians are listed, and bank, under romanisations from their own languages
(passports; the EU's Belarus list: "Siarhei Yauhenavich TSERABAU"; its Ukraine-related lists:
"Oleksandr Yuriyovych KOBETS") and under Russian ones (other lists, older documents: "Sergey
Evgenievich TEREBOV", "Aleksandr Yurievich KOBETS"). The forms differ by more than the
romanisation variants the phonetic forms absorb: both languages write г as h; Belarusian writes
palatal д and т as dz and ts, в after a vowel as ў (u) and an unstressed е as ia; Ukrainian
writes и as y and є as ie; and some given names differ in more than letters (Mikalai, Mykola and
Nikolai; Yauhen, Yevhen and Evgeni). Matched as written, "Alexander Grigorievich Lukashenko"
scored 0.37 against "Aliaksandr Ryhoravich LUKASHENKA" with the same birth date.

`russian_reading` gives such a name's Russian reading: each name part takes the phonetic form
of its Russian form (given names from resources/names/<language>.tsv, patronymics from their
given name's Russian form, other parts by the letter rules of <language>_rules.tsv), its text
as written. The index holds a listed name's reading beside the name; a query is screened both
ways. Hand-written, not a library's: transliteration packages romanise Cyrillic, and none maps
a Latin romanisation of Belarusian or Ukrainian to the Russian one.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from hisab.names import tables
from hisab.names.tokens import CYRILLIC, LATIN, NAME, Token, latin_phonetic, skeleton

#: The languages read, in the order a name is tested for them.
LANGUAGES = ("belarusian", "ukrainian")
#: What follows a given name's stem in a patronymic: vowels, then -vich, -vna or -una
#: (Uladzimir-avich, Siarhe-evich, Aliaksandr-auna, Mykola-yovych, Mykola-yivna).
_PATRONYMIC = re.compile(r"^[aeiouy]{0,4}(?:v[iy]ch|vna|una)$")
#: Patronymic endings that alone show how a name is written (the Russian: -ovich, -ovna).
_MARKING_PATRONYMIC = {
    "belarusian": re.compile(r".{3,}(?:av[iy]ch|auna|euna)$"),
    "ukrainian": re.compile(r".{3,}(?:ovych|ivna)$"),
}


@cache
def _stems(language: str) -> tuple[tuple[str, str], ...]:
    """(stem a patronymic is made from, the Russian given name), longest stem first:
    "siarhe" (Siarheevich) for Siarhei, "uladzimir" (Uladzimiravich) for Uladzimir."""
    stems = {
        (form[:-1] if form[-1] in "iy" else form): russian
        for form, (russian, _) in tables.slavic_given(language).items()
        # Patronymics are made from men's names; women's end in -a (Aliaksandra, Olha).
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
def russian_form(text: str, language: str) -> str:
    """The Russian form of one folded part of a name written the way of `language`."""
    given = tables.slavic_given(language).get(text)
    if given is not None:
        return given[0]
    for stem, russian in _stems(language):
        if text.startswith(stem) and _PATRONYMIC.match(text[len(stem) :]):
            return _russian_patronymic(russian, text.endswith("na"))
    value = text
    for pattern, replacement in tables.slavic_rules(language):
        value = pattern.sub(replacement, value)
    return value


def load_tables() -> None:
    """Read the tables now rather than at the first Belarusian or Ukrainian name (see
    tokens.load_tables: for a process about to screen)."""
    for language in LANGUAGES:
        tables.slavic_given(language)
        tables.slavic_rules(language)
        _stems(language)


def _readable(token: Token) -> bool:
    return token.script in (LATIN, CYRILLIC) and token.kind == NAME


def _marks(token: Token, language: str) -> bool:
    """Whether the part alone shows that its name is written the way of `language`."""
    given = tables.slavic_given(language).get(token.text)
    return (given is not None and given[1]) or bool(_MARKING_PATRONYMIC[language].match(token.text))


def language_of(tokens: tuple[Token, ...]) -> str | None:
    """The language a name's parts show it is written in (the first of LANGUAGES), if any."""
    readable = [t for t in tokens if _readable(t)]
    return next((lang for lang in LANGUAGES if any(_marks(t, lang) for t in readable)), None)


def russian_reading(tokens: tuple[Token, ...], language: str | None = None) -> tuple[Token, ...] | None:
    """The name read as its Russian form, if a part shows it is written the Belarusian or the
    Ukrainian way, or `language` says so (a name in Belarusian or Ukrainian Cyrillic:
    `tokens.cyrillic_language`), and the reading differs; else None. Each name part keeps its
    text and takes the phonetic form and skeleton of its Russian form."""
    language = language or language_of(tokens)
    if language is None:
        return None
    read: list[Token] = []
    for token in tokens:
        if _readable(token):
            phon = latin_phonetic(russian_form(token.text, language))
            token = token._replace(phon=phon, skel=skeleton(phon))
        read.append(token)
    reading = tuple(read)
    return reading if reading != tokens else None
