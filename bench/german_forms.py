"""Russian names as German, Polish, Latvian, Czech, Lithuanian and Hungarian write them ("Sergej
Schoigu", "Siergiej Szojgu", "Sergejs Šojgu", "Sergej Šojgu", "Sergejus Šojgu", "Szergej
Sojgu"), against the lists' English romanisations ("Sergei Kuzhugetovich SHOIGU"): hisab beside
nomenklatura's logic-v2 (yente's default).

    .venv/bin/python -m bench.german_forms

German, Polish, Latvian, Czech, Lithuanian and Hungarian newspapers, registers and customer files
romanise Russian names by their own languages' rules (the Duden's for German, the PWN's for
Polish, Latvia's rules for names in documents, the Czech press's, the State Commission of the
Lithuanian Language's, the Hungarian Academy's), not by the English ones the sanctions lists use.
From the index of the last `make bench-screen` (bench/out/index.jsonl): each person of the EU's
lists with a name in Russian Cyrillic (none of the letters only Belarusian or Ukrainian writes),
once per record. That name is romanised here by each language's rules (`german`, `polish`,
`latvian`, `czech`, `lithuanian`, `hungarian`: the published tables, written out below, not
hisab's reading of them), and the romanised name is scored against the record reduced to its Latin
names, as `bench.slavic_forms` scores its pairs (no candidate stage; each system at its own
default threshold: hisab's `match`, logic-v2 0.70, run in bench/.venv-peers), without and with the
record's birth date. "hisab as written" compares the names without hisab's readings of a name.

The romanisations above follow the published tables strictly, which people do not always do
("Isaakowitsch" where the Duden writes "Issaakowitsch"). A second table reads real spellings:
the name-part groups of `rigour_names/persons.txt` in the shared data folder (Wikidata's forms
of one name in many languages: "lavrov, lavrova, lawrow, лавров, …"). Each Latin form that hisab
takes for a German, Polish, Latvian, Czech or Turkish one (`hisab.names.respell.orthographies`) is
compared, as one name part, with the forms of its group that look English (no w, j, sch, cz or
sz, no c but in ch, no -ow or -ew ending, no mark of an orthography: not the Latvian "lavrovs"):
its best part similarity as written (or with sh, ch, zh for š, č, ž, which the screener reads as
well), and the better of that and the respelled form's (the screener keeps the better). The
English-looking forms have no j, which Turkish respelling writes for its c: the Turkish row
undercounts what the respelling gains. Nothing is asserted; the tables are printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import OUT, bench_screener, data_dir, read_index, record_key
from bench.slavic_forms import _CYRILLIC, _OWN_LETTERS, record_bases, report

_VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
_SIGNS = set("ъьЪЬ")
_HUSHING = set("жшчщцЖШЧЩЦ")

#: Duden (German press) romanisation of Russian: a letter's form, and where it differs, its form
#: at the start of a word, after a vowel or after ъ/ь (the iotated vowels).
_GERMAN = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
    "з": "s", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch",
    "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
_GERMAN_IOTATED = {"е": "je"}

#: PWN (Polish) romanisation of Russian, its forms after a consonant where they differ.
_POLISH = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "je", "ё": "jo", "ж": "ż",
    "з": "z", "и": "i", "й": "j", "к": "k", "л": "ł", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "c", "ч": "cz",
    "ш": "sz", "щ": "szcz", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
_POLISH_AFTER_CONSONANT = {"е": "ie", "ё": "io", "ю": "iu", "я": "ia"}
#: After ж, ш, ц, ч, щ Polish writes no i: е is e, ё is o, и is y, ю is u, я is a.
_POLISH_AFTER_HUSHING = {"е": "e", "ё": "o", "и": "y", "ю": "u", "я": "a"}
#: After л the vowels soften the l itself (l, not ł) and lose their i.
_POLISH_AFTER_L = {"е": "e", "ё": "o", "ю": "u", "я": "a"}


#: Czech romanisation of Russian (the Czech press's and the Czech Wikipedia's), its forms at the
#: start of a word, after a vowel or after ъ/ь where they differ (е is je there).
_CZECH = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "ž",
    "з": "z", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "c", "ч": "č",
    "ш": "š", "щ": "šč", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
#: е after д, т, н is ě (Medveděv, Timošenko has none).
_CZECH_SOFT = frozenset("дтн")

#: Latvian romanisation of Russian (Latvia's rules for names in documents): ль and нь are ļ and ņ,
#: х is h, ы is i, and a man's name takes the ending -s (-is for -кий, -ijs for -ий): Jurijs,
#: Lavrovs, Hodorkovskis, Igors.
_LATVIAN = {**_CZECH, "х": "h", "ы": "i"}
_LATVIAN_SOFT = {"л": "ļ", "н": "ņ"}

#: The two English romanisations the lists and passports use, for comparison: BGN/PCGN (OFAC's,
#: the UK's: е is ye at the start and after a vowel, й y: "Sergeyevich", "Gordeyev") and ICAO
#: 9303 (Russian passports since 2013: е always e, й i, ю iu, я ia: "Iurii", "Sergeevich").
_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_ICAO = {**_BGN, "ё": "e", "й": "i", "ъ": "ie", "ю": "iu", "я": "ia"}


def _case(form: str, letter: str, word: str) -> str:
    """`form` in the case of `letter` (all capitals where the word is)."""
    if not letter.isupper() or not form:
        return form
    return form.upper() if word.isupper() and len(word) > 1 else form[0].upper() + form[1:]


def _romanised(name: str, word: Callable[[str], str]) -> str:
    """`name` with each run of Cyrillic letters romanised by `word`."""
    return re.sub("[\u0400-\u04ff]+", lambda m: word(m.group()), name)


def german(name: str) -> str:
    """`name` (Russian Cyrillic) romanised the German way: Сергей Шойгу → Sergej Schoigu."""
    return _romanised(name, _german_word)


def _german_word(word: str) -> str:
    out: list[str] = []
    low = word.lower()
    for i, letter in enumerate(word):
        c, before = low[i], low[i - 1] if i else ""
        end = low[i + 1 :]
        if c == "к" and end.startswith("с"):
            out.append(_case("x", letter, word))  # кс: x (Alexander, Maxim)
            continue
        if c == "с" and before == "к":
            continue
        if c == "й" and before in ("и", "ы") and not end:
            continue  # -ий, -ый: Juri, Dmitri, Gorki
        if c == "ь" and end[:1] == "о":
            out.append("j")  # ьо: jo
            continue
        if c == "с" and before in _VOWELS and end[:1] in _VOWELS:
            out.append(_case("ss", letter, word))  # с between vowels: ss (Wassili)
            continue
        if c == "ё" and before in _HUSHING:
            out.append(_case("o", letter, word))
            continue
        iotated = not before or before in _VOWELS or before in _SIGNS
        form = _GERMAN_IOTATED.get(c, _GERMAN.get(c, c)) if iotated else _GERMAN.get(c, c)
        out.append(_case(form, letter, word))
    return "".join(out)


def polish(name: str) -> str:
    """`name` (Russian Cyrillic) romanised the Polish way: Сергей Шойгу → Siergiej Szojgu."""
    return _romanised(name, _polish_word)


def _polish_word(word: str) -> str:
    out: list[str] = []
    low = word.lower()
    for i, letter in enumerate(word):
        c, before = low[i], low[i - 1] if i else ""
        after = low[i + 1 : i + 2]
        if c == "л":
            soft = after in ("е", "ё", "и", "ю", "я", "ь")
            out.append(_case("l" if soft else "ł", letter, word))
            continue
        if before == "л" and c in _POLISH_AFTER_L:
            form = _POLISH_AFTER_L[c]
        elif before in _HUSHING and c in _POLISH_AFTER_HUSHING:
            form = _POLISH_AFTER_HUSHING[c]
        elif before and before not in _VOWELS and before not in _SIGNS and c in _POLISH_AFTER_CONSONANT:
            form = _POLISH_AFTER_CONSONANT[c]
        elif c == "и" and before in _SIGNS:
            form = "ji"
        else:
            form = _POLISH.get(c, c)
        out.append(_case(form, letter, word))
    return "".join(out)


def czech(name: str) -> str:
    """`name` (Russian Cyrillic) romanised the Czech way: Сергей Шойгу → Sergej Šojgu."""
    return _romanised(name, _czech_word)


def _czech_word(word: str) -> str:
    return _by_letter(word, _CZECH, e_soft=_CZECH_SOFT)


def _by_letter(
    word: str,
    table: dict[str, str],
    soft: dict[str, str] | None = None,
    e_soft: frozenset[str] = frozenset(),
    iotated_e: str = "je",
    after_hushing: dict[str, str] | None = None,
    after_sign: dict[str, str] | None = None,
) -> str:
    """`word` romanised by `table` letter by letter: е is `iotated_e` at the start and after a
    vowel, a sign or й, ě after a letter of `e_soft` (Czech: Medveděv); a letter of `soft`
    before ь is its soft form (Latvian ļ, ņ); ё after a hushing letter and и after ь take their
    forms of `after_hushing` and `after_sign` (Czech and Latvian: Chruščov, Iljič)."""
    soft = soft or {}
    after_hushing = _AFTER_HUSHING if after_hushing is None else after_hushing
    after_sign = _AFTER_SIGN if after_sign is None else after_sign
    out: list[str] = []
    low = word.lower()
    for i, letter in enumerate(word):
        c, before = low[i], low[i - 1] if i else ""
        if c in soft and low[i + 1 : i + 2] == "ь":
            form = soft[c]
        elif c == "е" and (not before or before in _VOWELS or before in _SIGNS or before == "й"):
            form = iotated_e
        elif c == "е" and before in e_soft:
            form = "ě"
        elif before in _HUSHING and c in after_hushing:
            form = after_hushing[c]
        elif before == "ь" and c in after_sign:
            form = after_sign[c]
        else:
            form = table.get(c, c)
        out.append(_case(form, letter, word))
    return "".join(out)


#: The Czech and Latvian forms of ё after ж, ч, ш, щ and of и after ь.
_AFTER_HUSHING = {"ё": "o"}
_AFTER_SIGN = {"и": "ji"}


def latvian(name: str) -> str:
    """`name` (Russian Cyrillic) romanised the Latvian way: Сергей Лавров → Sergejs Lavrovs."""
    return _romanised(name, _latvian_word)


def _latvian_word(word: str) -> str:
    romanised = _by_letter(word, _LATVIAN, soft=_LATVIAN_SOFT)
    low = word.lower()
    # A man's name (ending in a consonant or й) takes -s; -кий is -kis.
    stem = low.rstrip("ь")
    if low.endswith(("кий", "кый")):
        romanised = romanised[:-2] + _case("is", word[-1], word)
    elif stem and stem[-1] not in _VOWELS:
        romanised += _case("s", word[-1], word)
    return romanised


#: Lithuanian romanisation of Russian (the State Commission of the Lithuanian Language's rules
#: for Russian names, as the Lithuanian press and registers write them): х is ch, and after a
#: consonant я, ю, ё are ia, iu, io (Viačeslav-, Fiodor-); a man's name takes a Lithuanian
#: ending: -as after a consonant (Putinas, Vladimiras), -is after ь (Igoris), -ijus, -ejus,
#: -ajus, -ojus for -ий, -ей, -ай, -ой (Jurijus, Sergejus, Nikolajus), -skis for -ский, and
#: -ovičius for -ович. A woman's name, and a name ending in a vowel, keeps its form (Jelena,
#: Šoigu). Its letters are the Czech table's (`_CZECH`).
_LITHUANIAN_AFTER_CONSONANT = {"я": "ia", "ю": "iu", "ё": "io"}
#: я, ю, ё without their j: after a hushing letter (Lithuanian, Hungarian) or a soft д, т, н
#: (Hungarian).
_WITHOUT_J = {"я": "a", "ю": "u", "ё": "o"}


def lithuanian(name: str) -> str:
    """`name` (Russian Cyrillic) romanised the Lithuanian way: Сергей Лавров → Sergejus Lavrovas."""
    return _romanised(name, _lithuanian_word)


def _lithuanian_letter(c: str, before: str, after: str) -> str:
    after_consonant = before and before not in _VOWELS and before not in _SIGNS
    if c in _WITHOUT_J and before in _HUSHING:
        return _WITHOUT_J[c]
    if c in _LITHUANIAN_AFTER_CONSONANT and after_consonant:
        return _LITHUANIAN_AFTER_CONSONANT[c]
    if c == "е" and not after_consonant:
        return "je"
    if c == "ь" and after in ("и", "о"):
        return "j"
    return _CZECH.get(c, c)


def _lithuanian_word(word: str) -> str:
    low = word.lower()
    romanised = _letters(word, _lithuanian_letter)
    # A man's endings. -ский, -цкий: -skis, -ckis; -ий, -ей, -ай, -ой: -ijus, -ejus, -ajus, -ojus;
    # -ович, -евич: -ovičius; a final consonant: -as; a final ь: -is.
    if low.endswith(("ский", "цкий", "ской", "цкой")):
        return romanised[:-2] + _case("is", word[-1], word)
    if low.endswith(("ий", "ей", "ай", "ой", "уй")):
        return romanised + _case("us", word[-1], word)
    if low.endswith("ич"):
        return romanised + _case("ius", word[-1], word)
    if low.endswith("ь") and len(low) > 1 and low[-2] not in _VOWELS:
        return romanised + _case("is", word[-1], word)
    if low[-1:] and low[-1] not in _VOWELS and low[-1] not in _SIGNS:
        return romanised + _case("as", word[-1], word)
    return romanised


#: Hungarian romanisation of Russian (the Hungarian Academy's rules, as the Hungarian press writes
#: them): с is sz, ш s, ж zs, ч cs, щ scs, х h, ц c, ы i; д, т, н before е, ё, и, ю, я or ь are
#: the soft gy, ty, ny, after which the vowel loses its j (Vlagyimir, Putyin, Medvegyev, Tatyjana).
#: The Czech table's other letters.
_HUNGARIAN = {**_CZECH, "ж": "zs", "с": "sz", "х": "h", "ч": "cs", "ш": "s", "щ": "scs", "ы": "i"}
_HUNGARIAN_SOFT = {"д": "gy", "т": "ty", "н": "ny"}
_SOFTENING = frozenset("еёиюяь")


def hungarian(name: str) -> str:
    """`name` (Russian Cyrillic) romanised the Hungarian way: Владимир Путин → Vlagyimir Putyin."""
    return _romanised(name, partial(_letters, form=_hungarian_letter))


def _hungarian_letter(c: str, before: str, after: str) -> str:
    if c in _HUNGARIAN_SOFT and after in _SOFTENING:
        return _HUNGARIAN_SOFT[c]
    if c in _WITHOUT_J and (before in _HUNGARIAN_SOFT or before in _HUSHING):
        return _WITHOUT_J[c]
    if c == "е" and (not before or before in _VOWELS or before in _SIGNS):
        return "je"
    return _HUNGARIAN.get(c, c)


def _letters(word: str, form: Callable[[str, str, str], str]) -> str:
    """`word` romanised a letter at a time: `form` gives a letter's form (lower case) from the
    letter, the one before and the one after (each lower case, "" at the word's ends), and it is
    written in the letter's case."""
    low = word.lower()
    return "".join(
        _case(form(c, low[i - 1] if i else "", low[i + 1 : i + 2]), word[i], word) for i, c in enumerate(low)
    )


def bgn(name: str) -> str:
    """`name` (Russian Cyrillic) romanised by BGN/PCGN: Сергеевич Гордеев → Sergeyevich Gordeyev."""
    return _romanised(
        name, lambda word: _by_letter(word, _BGN, iotated_e="ye", after_hushing={}, after_sign={})
    )


def icao(name: str) -> str:
    """`name` (Russian Cyrillic) romanised as Russian passports do (ICAO 9303): Юрий → Iurii."""
    return _romanised(
        name, lambda word: _by_letter(word, _ICAO, iotated_e="e", after_hushing={}, after_sign={})
    )


def german_cases(index: Path) -> list[dict[str, Any]]:
    """The pairs: an EU person's Russian Cyrillic name romanised each way, against the record
    reduced to its Latin names, without and with its birth date."""
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for subject in read_index(index):
        if subject.dataset != "eu_journal" or subject.schema != "Person":
            continue
        if record_key(subject) in seen:
            continue
        names = subject.names()
        russian = [n for n in names if _CYRILLIC.search(n) and not _OWN_LETTERS.search(n)]
        latin = [n for n in names if not _CYRILLIC.search(n)]
        if not russian or not latin:
            continue
        seen.add(record_key(subject))
        for base in record_bases(subject):
            for kind, romanise in (
                ("german", german),
                ("polish", polish),
                ("latvian", latvian),
                ("czech", czech),
                ("lithuanian", lithuanian),
                ("hungarian", hungarian),
                ("bgn", bgn),
                ("icao", icao),
            ):
                found.append({**base, "kind": kind, "query": romanise(russian[0]), "names": latin})
    return found


#: A form that looks English: none of the letters and endings German and Polish write (nor,
#: being a-z only, Czech's).
_NOT_ENGLISH = re.compile("[wj]|sch|cz|sz|c(?!h)|[oe]w$")


def rigour_parts(path: Path) -> None:
    """The second table: Wikidata's German, Polish, Latvian and Czech forms of name parts against the English
    forms of the same group, as one part each, as written and respelled."""
    from hisab.names.respell import orthographies, respell_word
    from hisab.names.similarity import token_similarity
    from hisab.names.tokens import digraph_spelling, make_token

    rows: dict[str, list[tuple[float, float]]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            forms = [f.strip() for f in line.partition("=>")[0].split(",")]
            english = [
                make_token(f, None)
                for f in forms
                if re.fullmatch("[a-z]+", f) and not _NOT_ENGLISH.search(f) and not orthographies(f)
            ]
            others = [t for t in english if t is not None]
            if not others:
                continue
            for form in forms:
                languages = orthographies(form) if re.fullmatch(r"[^\W\d_]+", form) else ()
                written = make_token(form, None)
                if not languages or written is None:
                    continue
                respelled = [
                    make_token(respell_word(form, lang, variant), None)
                    for lang in languages
                    for variant in (False, True)
                ]
                # As written: and with sh, ch, zh for š, č, ž, as the screener reads those too.
                spelled = digraph_spelling(form)
                plain = [written] + ([make_token(spelled, None)] if spelled else [])
                as_written = max(token_similarity(w, o) for w in plain if w is not None for o in others)
                best = max(
                    [as_written]
                    + [token_similarity(r, o) for r in respelled if r is not None for o in others]
                )
                rows.setdefault(languages[0] if len(languages) == 1 else "either", []).append(
                    (as_written, best)
                )
    print("\n| forms read as | parts | mean similarity as written | with respelling | raised by > 0.05 |")
    print("|---|---:|---:|---:|---:|")
    for language, found in sorted(rows.items()):
        n = len(found)
        raised = sum(b > a + 0.05 for a, b in found)
        print(
            f"| {language} | {n} | {sum(a for a, _ in found) / n:.3f} | {sum(b for _, b in found) / n:.3f} "
            f"| {raised} ({raised / n:.0%}) |"
        )


def main() -> None:
    report(bench_screener(), german_cases(OUT / "index.jsonl"))
    rigour_parts(data_dir() / "rigour_names" / "persons.txt")


if __name__ == "__main__":
    main()
