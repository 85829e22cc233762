"""The names layer's data tables, read once from `hisab/resources/names/`.

The tables are data so that a linguist can extend them without touching code;
each file says in its header why its entries exist.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import re
from functools import cache
from importlib import metadata, resources
from typing import Any, Final, NamedTuple


def _lines(name: str) -> list[str]:
    """A table's lines, without comments and blank lines; a ".gz" table is decompressed."""
    data = (resources.files("hisab") / "resources" / "names" / name).read_bytes()
    text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def arabic_letters() -> dict[str, tuple[str, str]]:
    """Arabic-script letter -> (phonetic value, class C/L/H/X)."""
    table: dict[str, tuple[str, str]] = {}
    for line in _lines("arabic.tsv"):
        letter, value, kind = line.split("\t")
        table[letter] = (value, kind)
    return table


def _rules(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """A table of ordered rules: regular expression, tab, replacement."""
    return tuple((re.compile(p), r) for p, r in (line.split("\t") for line in _lines(name)))


@cache
def latin_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Ordered (regular expression, replacement) rules from romanisations to the phonetic alphabet."""
    return _rules("latin.tsv")


@cache
def latin_steps() -> tuple[tuple[re.Pattern[str], str, str | None, str], ...]:
    """`latin_rules`, each with its pattern as a plain string where it is one (no character a
    regular expression reads otherwise, and a replacement with no escape), and the letters one
    of which a string must hold for the pattern to match in it (`needed_letters`; "" for none
    known). A plain rule ("sh", "kh", "ou") is applied by `str.replace`, and only where the
    string occurs; another only where one of its letters does. Either gives what `re.sub` gives.
    Every word screened goes through the 43 rules, and `re.sub` costs about 3,000 instructions
    even where its pattern cannot match: "^(abd[aeiou])([rs])(?=[aeiou])" needs a b."""
    return tuple(
        (
            pattern,
            replacement,
            pattern.pattern if _plain(pattern.pattern, replacement) else None,
            needed_letters(pattern),
        )
        for pattern, replacement in latin_rules()
    )


def _plain(pattern: str, replacement: str) -> bool:
    return bool(pattern) and re.escape(pattern) == pattern and "\\" not in replacement


#: Lower-case letters from the most common in the table of people's names to the rarest: of the
#: letters a pattern needs, the rarest is tested (`needed_letters`).
_BY_FREQUENCY: Final = "aieonsrklthumcdygbzwvpjfxq"


def needed_letters(pattern: re.Pattern[str]) -> str:
    """Letters one of which any string the pattern matches in holds (at least one: the rarest
    each alternative needs, `_BY_FREQUENCY`), read from the parsed pattern: a letter it matches
    outside any optional part, or one a lookahead or lookbehind asks for. "" when none can be
    told: an alternative that needs no letter, a character class, flags that fold case.

    The parser is the standard library's own (`re._parser`, which `re.compile` uses); it is not
    public, so anything unexpected of it gives "", which applies the rule everywhere, as before."""
    if pattern.flags & re.IGNORECASE:
        return ""
    try:
        parser: Any = importlib.import_module("re._parser")
        found = _needed(parser, parser.parse(pattern.pattern).data)
    except Exception:
        # Any surprise of a private module: no guard, which is still correct.
        return ""
    return "".join(sorted(found)) if found else ""


def _needed(parser: Any, items: Any) -> set[str] | None:
    """The letters one of which a match of the sequence `items` needs (None: none known)."""
    best: set[str] | None = None
    for op, av in items:
        need: set[str] | None = None
        if op is parser.LITERAL:
            letter = chr(av)
            need = {letter} if letter in _BY_FREQUENCY else None
        elif op is parser.SUBPATTERN:
            need = _needed(parser, av[-1].data)
        elif op is parser.ASSERT:
            need = _needed(parser, av[1].data)
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT) and av[0] >= 1:
            need = _needed(parser, av[2].data)
        elif op is parser.BRANCH:
            branches = [_needed(parser, branch.data) for branch in av[1]]
            if all(b is not None for b in branches):
                need = set().union(*(b for b in branches if b is not None))
        if need is not None and (best is None or _rarity(need) > _rarity(best)):
            best = need
    return best


def _rarity(letters: set[str]) -> int:
    """How rare the commonest of `letters` is (`_BY_FREQUENCY`): the higher, the fewer strings
    hold any of them."""
    return min(_BY_FREQUENCY.index(letter) for letter in letters)


@cache
def cyrillic_persian_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Ordered rules reading a romanised Cyrillic word as a Persian or Arabic name written the
    Russian way (х as h, г as gh)."""
    return _rules("cyrillic_persian.tsv")


@cache
def patronymic_endings() -> tuple[str, ...]:
    """Endings of East Slavic patronymics, folded ("ovich", "evna", "ivna")."""
    return tuple(line.strip() for line in _lines("patronymics.txt"))


@cache
def compound_given() -> dict[str, tuple[str, ...]]:
    """The parts of Persian and Arabic compound names, as written, by kind: "head" and "half"
    of given names ("Gholam", "Abdul"; "Reza", "Bagher"), "family" for the second halves of
    family names ("Moghaddam", "Nejad"): compound_given.tsv."""
    found: dict[str, list[str]] = {"head": [], "half": [], "family": []}
    for line in _lines("compound_given.tsv"):
        kind, _, word = line.partition("\t")
        if kind not in found or not word.strip():
            raise ValueError(f"compound_given.tsv: {line!r}: give head, half or family, a tab, and a word")
        found[kind].append(word.strip())
    return {kind: tuple(words) for kind, words in found.items()}


@cache
def slavic_given(language: str) -> dict[str, tuple[str, bool]]:
    """A given name romanised from `language` (belarusian, ukrainian) -> (the same name
    romanised from Russian, whether the form alone shows how a name is written)."""
    found: dict[str, tuple[str, bool]] = {}
    for line in _lines(f"{language}.tsv"):
        form, russian, mark = line.split("\t")
        found[form] = (russian, mark == "mark")
    return found


@cache
def slavic_rules(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Ordered rules from a romanisation of a name part from `language` to the Russian one."""
    return _rules(f"{language}_rules.tsv")


def _letter_table(name: str) -> dict[str, str]:
    """A two-column table: letter, then what it is read as."""
    return {letter: value for letter, _, value in (line.partition("\t") for line in _lines(name))}


@cache
def cyrillic_letters() -> dict[str, str]:
    """Cyrillic letter -> Latin letters."""
    return _letter_table("cyrillic.tsv")


@cache
def own_cyrillic_letters(language: str) -> dict[str, tuple[str, str]]:
    """Belarusian or Ukrainian Cyrillic letters (cyrillic_<language>.tsv) -> (their Latin inside
    a word, at a word's start or after a vowel), where they differ from `cyrillic_letters`."""
    table: dict[str, tuple[str, str]] = {}
    for line in _lines(f"cyrillic_{language}.tsv"):
        letter, _, rest = line.partition("\t")
        inside, _, start = rest.partition("\t")
        table[letter] = (inside, start or inside)
    return table


@cache
def digraph_letters() -> dict[str, str]:
    """Latin letters with a caron or a cedilla -> the two letters English spells them with."""
    return _letter_table("digraph_letters.tsv")


@cache
def confusables() -> dict[str, str]:
    """Letters of other scripts that pass for Latin ones -> those Latin letters."""
    return _letter_table("confusables.tsv")


@cache
def word_set(name: str) -> frozenset[tuple[str, ...]]:
    """A list of (multi-)word entries, each as a tuple of folded tokens."""
    return frozenset(tuple(line.strip().replace("-", " ").replace(".", " ").split()) for line in _lines(name))


def honorifics() -> frozenset[tuple[str, ...]]:
    return word_set("honorifics.txt")


def legal_forms() -> frozenset[tuple[str, ...]]:
    return word_set("legal_forms.txt")


def vessel_prefixes() -> frozenset[tuple[str, ...]]:
    return word_set("vessel_prefixes.txt")


def particles() -> frozenset[tuple[str, ...]]:
    return word_set("particles.txt")


def articles() -> frozenset[tuple[str, ...]]:
    return word_set("articles.txt")


def function_words() -> frozenset[tuple[str, ...]]:
    return word_set("function_words.txt")


@cache
def org_terms() -> dict[str, str]:
    """A word of Persian or Arabic organisation names (as written) -> its English translation."""
    return _letter_table("org_terms.tsv")


@cache
def qualifier_openers() -> frozenset[str]:
    """The words that open an organisation's qualifier ("de", "of", "in"): qualifier_openers.txt."""
    return frozenset(_lines("qualifier_openers.txt"))


@cache
def generic_org_words() -> tuple[str, ...]:
    """Generic words of organisation names too rare on any one list for the index to find them
    generic there ("Products", "Logistics"): generic_org_words.txt."""
    return tuple(_lines("generic_org_words.txt"))


@cache
def country_names() -> tuple[str, ...]:
    """Names of countries of one word ("Iran", "Misr", "Hrvatska"): country_names.txt."""
    return tuple(_lines("country_names.txt"))


@cache
def compound_ends() -> tuple[str, ...]:
    """Persian words that only end compound names (آباد, زاده, پور): compound_ends.txt."""
    return tuple(_lines("compound_ends.txt"))


@cache
def abbreviated() -> tuple[str, ...]:
    """Generic words of organisation names that are shortened by cutting them ("TECH" for
    Technology): abbreviated.txt."""
    return tuple(_lines("abbreviated.txt"))


@cache
def given_gender() -> dict[str, str]:
    """A given name's phonetic form -> "male" or "female", for names borne mostly by one gender
    (see scripts/build_given_gender.py)."""
    genders = {"m": "male", "f": "female"}
    return {form: genders[g] for form, _, g in (line.partition("\t") for line in _lines("given_gender.tsv"))}


@cache
def person_parts() -> frozenset[str]:
    """Words that are people's given names or surnames, folded (`Token.text`): person_parts.txt.gz
    (see scripts/build_person_parts.py). Compressed: 155,000 words, 1.1 MB as text."""
    return frozenset(_lines("person_parts.txt.gz"))


@cache
def population() -> dict[str, float]:
    """Rarity in [0, 1] of each name-part skeleton in the general population (1: unknown, rare).

    From population.tsv (see scripts/build_population.py): -log share, scaled so
    that the most common part ("Mohammad") is about 0.2.
    """
    import math

    counts: dict[str, int] = {}
    total = 0
    text = (resources.files("hisab") / "resources" / "names" / "population.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("# total\t"):
            total = int(line.split("\t")[1])
        elif line and not line.startswith("#"):
            skel, count = line.split("\t")
            counts[skel] = int(count)
    scale = math.log(total + 1)
    return {skel: math.log((total + 1) / (count + 1)) / scale for skel, count in counts.items()}


@cache
def romaniser() -> str:
    """What romanises the letters no table reads (tokens.fold_latin): rigour's version and
    that of the ICU it calls. Another may romanise a listed name otherwise."""
    import icu  # type: ignore[import-untyped]  # PyICU, which rigour requires; no stubs

    return f"rigour {metadata.version('rigour')}, ICU {icu.ICU_VERSION}"


@cache
def fingerprint() -> str:
    """A hash of every names table, of the names layer's code and of its romaniser (`romaniser`):
    an index built with other tables or other tokenisation rules is stale."""
    digest = hashlib.sha256()
    digest.update(romaniser().encode() + b"\0")
    package = resources.files("hisab")
    for folder, code in ((package / "resources" / "names", False), (package / "names", True)):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            # The code's sources only: not bytecode, nor its compiled extensions (setup.py).
            if entry.is_file() and (not code or entry.name.endswith(".py")):
                digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()[:16]


class Respelling(NamedTuple):
    """One orthography of respellings.tsv."""

    #: Its own marks, tested on each word of a name.
    marks: re.Pattern[str]
    #: Its own marks tested on the whole (case-folded) name: two letters in different words.
    name_marks: re.Pattern[str]
    #: The marks it shares with other orthographies, tested on each word.
    weak: re.Pattern[str]
    #: Its rules, in order: a pattern and its replacement.
    rules: tuple[tuple[re.Pattern[str], str], ...]
    #: Rules for a second respelling, applied after `rules` where a letter stands for two sounds
    #: the lists write apart (Hungarian h: х, kh, and h).
    variant: tuple[tuple[re.Pattern[str], str], ...] = ()


_MARK_KINDS: Final = ("mark", "name", "weak")


@cache
def respellings() -> dict[str, Respelling]:
    """respellings.tsv: per orthography (names/respell.py, ORTHOGRAPHIES), its marks and its
    ordered rules respelling a word the English way."""
    return parse_respellings(_lines("respellings.tsv"))


def parse_respellings(lines: list[str]) -> dict[str, Respelling]:
    """`respellings` from the table's lines; a bad line is a ValueError that quotes it."""
    marks: dict[str, dict[str, list[str]]] = {}
    rules: dict[tuple[str, str], list[tuple[re.Pattern[str], str]]] = {}
    for line in lines:
        language, _, after = line.partition("\t")
        kind, *rest = after.split("\t")
        try:
            if kind in _MARK_KINDS and len(rest) == 1:
                re.compile(rest[0])
                marks.setdefault(language, {k: [] for k in _MARK_KINDS})[kind].append(rest[0])
            elif kind in ("rule", "variant") and len(rest) == 2:
                rules.setdefault((language, kind), []).append((re.compile(rest[0]), rest[1]))
            else:
                raise ValueError(
                    "give a language, mark, name or weak and a pattern, or rule or variant, a pattern "
                    "and a replacement"
                )
        except (re.error, ValueError) as error:
            raise ValueError(f"respellings.tsv: {line!r}: {error}") from error

    def either(patterns: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")

    return {
        language: Respelling(
            either(found["mark"]),
            either(found["name"]),
            either(found["weak"]),
            tuple(rules.get((language, "rule"), ())),
            tuple(rules.get((language, "variant"), ())),
        )
        for language, found in marks.items()
    }
