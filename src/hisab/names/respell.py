"""Names romanised by German, Polish, Hungarian, Lithuanian, Latvian, Czech, Turkish or Spanish
rules, respelled the way English romanises them.

German, Polish, Hungarian, Lithuanian, Latvian and Czech newspapers, registers and customer files
write Russian names by their own languages' rules ("Sergej Michajlowitsch Schoigu", "Siergiej
Michajłowicz Szojgu", "Szergej Kuzsugetovics Sojgu", "Sergejus Šoigu", "Sergejs Šoigu", "Sergej
Šojgu"; Slovak, Slovene and Croatian write them as Czech does), and German and Turkish write
Persian and Arabic names so too ("Mohammed Dschawad", "Mücteba"). The lists write "Sergei
Mikhailovich SHOIGU" and "Mohammad Javad". Their letters stand for other sounds (German ch is kh,
j is y, w is v, z is ts; Polish sz is sh, cz ch, c ts; Hungarian sz is s, s sh, zs zh, cs ch, gy
d; Czech, Lithuanian and Latvian j is y, c ts; Turkish c is j, ş sh; Czech and Lithuanian ch and
Latvian h are kh), and Lithuanian and Latvian add an ending to a man's names (-as, -is, -ijus;
-s), so matched as written the two are several letters apart in every part: "Sergej Michajlowitsch
PINTSCHUK" scored 0.25 against "Sergei Mikhailovich PINCHUK", and Polish forms scored below
logic-v2's (bench/german_forms.py).

`respellings` says whether a name is written so (a word shows the orthography: German sch, -ow,
-witsch; Polish ł, sz, cz, -wicz; Hungarian zs, cs, gy, -vics; Lithuanian -ijus, -ovas, -vičius;
Latvian ļ, ņ, -js, -ovs; Czech ř, ě, ľ, or š, č, ž in a name with a j; Turkish ı, ğ, ş, or a c
before a vowel in a name of no letter Turkish lacks, "Hicazi"; Spanish an accented vowel with a j)
and gives it respelled (resources/names/respellings.tsv). The screener compares the respelled
name as well as the name as written and keeps the better score, as it does a name's Russian
reading (names/slavic.py). Hand-written: transliteration libraries romanise
Cyrillic into these languages, and none reads those romanisations back into English.
Only the query is respelled: the lists write English romanisations.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache, partial

from hisab.names import tables

#: A word: a run of letters (the rules' $ is a word's end, before a comma or a hyphen too).
_WORD = re.compile(r"[^\W\d_]+")

#: The orthographies, in the order a name is tested for them. Lithuanian first, whose marks are
#: men's endings no other writes (-ijus, -ovas, -vičius), before Latvian, whose -skis it writes
#: too ("Michailas Chodorkovskis"). Hungarian before Polish, whose sz it writes for с ("Szergej
#: Kuzsugetovics Sojgu"; its own marks are letters Polish does not write: zs, cs, gy), and before
#: Latvian, whose mark of two words ending in a consonant and s its -ovics takes ("Szergej
#: Petrovics RUBNYIKOVICS"). Polish next, whose marks are its own letters; German -ow and -ew
#: endings are Polish too ("Ławrow"). Latvian before Czech: Czech's š, č or ž with a j is
#: Latvian's too ("Sergejs Šoigu"). Czech and German share no mark. Turkish then Spanish last:
#: Turkish ş is Romanian's too, and Spanish's accented vowels are Czech's and Polish's, whose
#: names their own marks place first. (Typed as of any length: the compiled screener imports it,
#: and this module is not compiled.)
ORTHOGRAPHIES: tuple[str, ...] = (
    "lithuanian",
    "hungarian",
    "polish",
    "latvian",
    "czech",
    "german",
    "turkish",
    "spanish",
)


def orthographies(name: str) -> tuple[str, ...]:
    """The orthographies `name` may be romanised in, by its words' marks: the first whose own
    mark a word (or the name, for a mark of two words) shows, else every one whose shared marks
    a word shows ("Lawrow": German and Polish), else none."""
    folded = name.casefold()
    words = _WORD.findall(folded)
    # Most names show no mark at all: one search for any of them, rather than each
    # orthography's in turn (every query of a customer file comes through here).
    if not any(_word_marked(word) for word in words) and not _any_mark()[1].search(folded):
        return ()
    table = tables.respellings()
    for language in ORTHOGRAPHIES:
        own = table[language]
        if own.name_marks.search(folded) or any(own.marks.search(word) for word in words):
            return (language,)
    return tuple(lang for lang in ORTHOGRAPHIES if any(table[lang].weak.search(word) for word in words))


def load_tables() -> None:
    """Read respellings.tsv and compile its marks now (a screener does, as `tokens.load_tables`),
    not at the first query that is a person's name: 12 to 17 ms of it."""
    _any_mark()


@lru_cache(maxsize=50_000)
def _word_marked(word: str) -> bool:
    """Whether a word shows any orthography's mark of a word (`_any_mark`). Kept by word: the
    words of names recur (Mohammad, Ali, Hosseini), and each search tries a long alternation
    at every letter (15 µs a name of the 1,000 sample queries, of the 25 µs `orthographies`
    took)."""
    return _any_mark()[0].search(word) is not None


@cache
def _any_mark() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every orthography's marks in one pattern: those tested on a word (own and shared), and
    those tested on the whole name."""
    table = tables.respellings().values()
    word = "|".join(f"(?:{t.marks.pattern})|(?:{t.weak.pattern})" for t in table)
    return re.compile(word), re.compile("|".join(f"(?:{t.name_marks.pattern})" for t in table))


@lru_cache(maxsize=20_000)
def respell_word(word: str, language: str, variant: bool = False) -> str:
    """One lower-case word of a name written the way of `language`, spelled the English way;
    `variant`: with the orthography's `variant` rules applied as well (its second respelling)."""
    table = tables.respellings()[language]
    for pattern, replacement in table.rules + table.variant if variant else table.rules:
        word = pattern.sub(replacement, word)
    return word.lower()


def _respell_match(language: str, variant: bool, word: re.Match[str]) -> str:
    return respell_word(word.group(), language, variant)


def respellings(name: str) -> list[tuple[str, str]]:
    """(the orthography, `name` spelled the English way) for each orthography `name` may be
    romanised in (`orthographies`): "Juri Kowaltschuk" gives [("german", "yuri kovalchuk")];
    none for any other name, nor where respelling changes nothing. An orthography with
    `variant` rules gives its second respelling as well, where it differs ("Mihail Tyihonov":
    "mihail tihonov" and "mikhail tikhonov"). Cached: a customer file's names recur."""
    return list(_respelled(name))


@lru_cache(maxsize=20_000)
def _respelled(name: str) -> tuple[tuple[str, str], ...]:
    folded = name.casefold()
    found: list[tuple[str, str]] = []
    for language in orthographies(name):
        variants = (False, True) if tables.respellings()[language].variant else (False,)
        for variant in variants:
            respelled = _WORD.sub(partial(_respell_match, language, variant), folded)
            if respelled != folded and (language, respelled) not in found:
                found.append((language, respelled))
    return tuple(found)
