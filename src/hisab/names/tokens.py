"""From a name as written to comparable tokens, in any of the scripts hisab reads.

Each token gets three forms:

- `text`: the token folded (Latin: ASCII lower case; Arabic script: letters unified),
  for display and exact comparison;
- `phon`: a phonetic spelling in one alphabet shared by every romanisation and by
  Arabic script (see resources/names/latin.tsv and arabic.tsv), so that
  "Ghalibaf", "Qalibaf" and "قالیباف" all read `qalibaf`;
- `skel`: the consonant skeleton of `phon` (vowels, semivowels and glottals
  dropped, doubled letters merged), which survives unwritten short vowels and
  romanisation differences in vowels ("Raisi", "Raeisi", "Reisi" → `rs`).

and a `kind`: an ordinary name part, or an honorific, particle, legal form or
number, which matching weighs less.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Final, NamedTuple

from rigour.text import ascii_text as romanise

from hisab.names import tables

NAME: Final = "name"
HONORIFIC: Final = "honorific"
PARTICLE: Final = "particle"
LEGAL: Final = "legal"
NUMBER: Final = "number"
#: A word beside a vessel's name that says what it is ("M/V", "tanker"; `vessel_prefix`).
PREFIX: Final = "prefix"
LATIN: Final = "latin"
ARABIC: Final = "arabic"
CYRILLIC: Final = "cyrillic"
OTHER: Final = "other"

_ZWNJ: Final = "\u200c"
#: Arabic harakat, tanwin, shadda, sukun, superscript alef, tatweel: not written in most names.
_ARABIC_MARKS: Final = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")
#: What separates words: not a letter, digit, ZWNJ or apostrophe, nor a combining mark of the
#: Latin and Cyrillic letters (U+0300–U+036F), which NFKC leaves apart where no letter has it
#: composed: "İbrahim" lower-cased is "i̇brahim", an i with a dot above, one word.
_SPLIT: Final = re.compile(r"[^\w\u200c'\u0300-\u036f]+|_")
_ALEFS: Final = frozenset("اأإآٱ")
_FINAL_YEH: Final = frozenset("یيى")
#: و and ی at the start of a word are the consonants v and y, never the long vowels u and i.
_INITIAL_CONSONANT: Final = {"و": "v", "ی": "y", "ي": "y"}
#: Digits inside a word are read as the letters they are mistaken for (OCR, "AL-AB5I").
_OCR_DIGITS: Final = str.maketrans("0134578", "oleastb")
_ARTICLE_ABD: Final = re.compile(r"^('bd)al")
_ARTICLE_ALLAH: Final = re.compile(r"([^a'])alE$")
_ARABIC_DOUBLES: Final = re.compile(r"([laiu'EY])\1+")
_FINAL_H: Final = re.compile(r"(?<=..)([ae])h$")
_FINAL_Y: Final = re.compile(r"(?<=.)([^aeiouy])y$")
_NOT_ASCII: Final = re.compile(r"[^\x00-\x7f]+")
#: Semivowels (v/w and y are vowels in other spellings, as ی and و write either), the glottal
#: mark and the phonetic form's marks: skeletons drop them with the vowels, and syllable shapes
#: without (`syllable_shape`: "Anatolievna"/"Anatolyevna" and "Tauhid"/"Tavhid" keep one shape).
#: (names/_edits.c is told them: `similarity._native_edits`.)
SEMIVOWELS_AND_MARKS: Final = "yv'EYHW"
_SKELETON_DROP: Final = str.maketrans("", "", "aeiou" + SEMIVOWELS_AND_MARKS)
_SHAPE_DROP: Final = str.maketrans("", "", SEMIVOWELS_AND_MARKS)
#: A run of Latin vowels: one syllable's vowel as a phonetic form writes it.
VOWEL_RUNS: Final = re.compile("[aeiou]+")
_NOT_VOWEL: Final = re.compile("[^aeiou]")
#: The first letters of a phonetic form that leave the skeleton's ' mark: the vowels, the glottal
#: mark, and the marks of a silent he and of ی (`spelled_consonants`).
HEAD_VOWELS: Final = frozenset("aeiou'EY")


class Token(NamedTuple):
    """One name part. A named tuple: tokens are hashed millions of times (as keys of the
    similarity cache), and a tuple hashes in C."""

    text: str
    phon: str
    skel: str
    script: str
    kind: str = NAME


def script_of(text: str) -> str:
    """The script of a token, from its first letter."""
    for char in text:
        code = ord(char)
        if not char.isalpha():
            continue
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return ARABIC
        if 0x0400 <= code <= 0x04FF:
            return CYRILLIC
        if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
            return LATIN
        return OTHER
    return LATIN


def fold_latin(text: str) -> str:
    """ASCII lower case: accents dropped ("Hosseinī" → "hosseini"), only letters and digits kept.

    Letters that are no accented ASCII letter and that no table of ours reads (Polish ł,
    Serbo-Croatian đ, Icelandic þ; Greek, Armenian, Georgian, Hebrew or Korean script; a
    Cyrillic letter cyrillic.tsv lacks) are romanised by ICU's transliteration, through
    `rigour` (FollowTheMoney's own text library), rather than dropped: dropped, "Łukašenka"
    was "ukasenka" and "Γιώργος" nothing at all.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("ß", "ss").replace("ı", "i").replace("ø", "o").replace("æ", "ae")
    # Azerbaijani ə is the a of Persian and Arabic names (Cəfər: Jafar, Əliyev: Aliyev).
    ascii_text = ascii_text.replace("ə", "a")
    if not ascii_text.isascii():
        ascii_text = _NOT_ASCII.sub(lambda found: romanise(found.group()).casefold(), ascii_text)
    return re.sub(r"[^a-z0-9]", "", ascii_text)


def latin_phonetic(folded: str) -> str:
    """The phonetic form of a folded Latin token (romanisation variants unified)."""
    value = folded
    # A final "eh"/"ah" is the silent he of Persian ("Fatemeh", "Zadeh"); a final
    # "y" after a consonant is the vowel i ("Aly", "Mahdy").
    value = _FINAL_H.sub(r"\1", value)
    value = _FINAL_Y.sub(r"\1i", value)
    for pattern, replacement, plain, needed in tables.latin_steps():
        if plain is not None:
            if plain in value:
                value = value.replace(plain, replacement)
        elif _holds_any(value, needed):
            value = pattern.sub(replacement, value)
    return once_each(value)


def once_each(text: str) -> str:
    """`text` with each run of one character written once ("mohammad" → "mohamad").

    A loop, not a regular expression's substitution: compiled, `re.sub` with a group in its
    replacement cost about 3,000 instructions a word, and skeletons are made for every joined
    pair of parts the candidate stage and the alignment read."""
    if len(text) < 2:
        return text
    kept = [text[0]]
    last = text[0]
    for char in text[1:]:
        if char != last:
            kept.append(char)
            last = char
    return "".join(kept)


def _holds_any(value: str, letters: str) -> bool:
    """Whether `value` holds one of `letters` ("": any string does)."""
    return not letters or any(letter in value for letter in letters)


def silent_final_h(token: Token) -> bool:
    """Whether a part written in a Latin (or romanised) spelling ends with the silent he that its
    phonetic form leaves out ("Fatemeh", "Allah": `latin_phonetic`'s first rule). A compound
    writes that h ("Allahkaram", اللهکرم): `align.joined` puts it back. Not a part whose phonetic
    form is another word's (an organisation's word compared as its translation)."""
    if token.script == ARABIC:
        return False
    found = _FINAL_H.search(token.text)
    return found is not None and token.phon.endswith(found.group(1))


def arabic_phonetic(token: str) -> str:
    """The phonetic form of an Arabic-script token.

    Long vowels stay (ا → a, و → u, ی → i), short vowels are not written and so
    are absent; the silent و of خوا ("khā") is `W`. A final ه (or one before a zero-width non-joiner, as in
    خامنه‌ای) is usually a silent vowel carrier ("Zadeh", "Fatemeh"): it becomes
    `E`, which matches a Latin e/a/h or nothing.
    """
    letters = tables.arabic_letters()
    out: list[str] = []
    chars = _ARABIC_MARKS.sub("", token)
    for i, char in enumerate(chars):
        if char == _ZWNJ:
            continue
        value = letters.get(char)
        if value is None:
            continue
        sound, _ = value
        following = chars[i + 1] if i + 1 < len(chars) else ""
        if sound == "h" and char in "هة" and (following in ("", _ZWNJ)) and out:
            sound = "E"
        elif char == "و" and following in "اآ" and out and out[-1] == "x":
            # The silent vav of خوا: read khā (دادخواه Dadkhah, خواجه Khajeh, خوانساری
            # Khansari), though some spellings keep it (Khwarizmi): `W`, almost free to skip.
            sound = "W"
        out.append(sound)
    if out and chars.rstrip(_ZWNJ)[-1:] in _FINAL_YEH:
        out[-1] = "Y"  # a final ی is i ("Hosseini") or, in Persian, alef maksura a ("Mojtaba")
    if out and chars[:1] in _ALEFS:
        out[0] = "'"  # a word-initial alef only carries a vowel of any quality: Ebrahim, Ibrahim
    elif out and chars[:1] in _INITIAL_CONSONANT:
        out[0] = _INITIAL_CONSONANT[chars[0]]  # a word never begins with a vowel letter: Vahid, Yazdi
    if out and out[-1] == "h" and chars.rstrip(_ZWNJ)[-1:] == "ح":
        out[-1] = "H"  # a final ح, which romanisations often drop with a silent h: Saleh, Fattah
    # Two like letters in a row are two consonants with a short vowel between (مدد, Madad):
    # Arabic script writes a doubled consonant once. Only the lam of the article (الله) and
    # runs of vowel letters merge.
    phon = _ARABIC_DOUBLES.sub(r"\1", "".join(out))
    # The alef of the article in Abd-al-… and …-allah is read a, o, u or e: Abdolrahim, Ruhollah.
    phon = _ARTICLE_ABD.sub(r"\1'l", phon)
    phon = _ARTICLE_ALLAH.sub(r"\1'lE", phon)
    # Two endings whose last two letters are one vowel: ه‌ای ("Khamenei", "Sabzevari-ye"),
    # the ای after a silent he; and ایی (Babaei, Rezaei, Ziaei), -aei with its yeh written twice.
    if phon.endswith("EaY") or (phon.endswith("aiY") and len(phon) > 3):
        phon = phon[:-2] + "Y"
    return phon


def skeleton(phon: str) -> str:
    """Consonant skeleton of a phonetic form; a leading vowel leaves a `'` mark.

    q and k share a class: ق is romanised "k" in Levantine spellings ("Kassem").
    A final h is dropped: silent in "Zadeh"/"Zada".
    """
    # The mark and the body never join: `spelled_consonants` drops the body's marks.
    return once_each(spelled_consonants(phon))


@lru_cache(maxsize=100_000)
def spelled_consonants(phon: str) -> str:
    """`skeleton` without joining a consonant with its double across a vowel: "mostotrest"
    gives `msttrst` where its skeleton is `mstrst`. Two Latin spellings of one name write the
    same consonants, doubles across a vowel included ("Mohammad", "Muhammad"); two words that
    only share a skeleton need not ("Mostotrest" and "Moststroy East" read joined)."""
    if not phon:
        return ""
    head = "'" if phon[0] in HEAD_VOWELS else ""
    return head + _without_final_h(as_latin(phon.translate(_SKELETON_DROP)).replace("q", "k"))


def _without_final_h(body: str) -> str:
    """A final h left out: silent ("Zadeh"), or the ح that spellings write or leave out
    ("Saleh"/"Salih" as romanised, "Fateme"/"Fatemeh")."""
    return body[:-1] if body.endswith("h") and len(body) > 1 else body


@lru_cache(maxsize=200_000)
def syllable_shape(phon: str) -> str:
    """Where a Latin spelling writes its vowels among its consonants: each run of vowels V,
    each consonant C (a double once), a final h and then a final vowel left out. "Zaher" is
    CVCVC and "Zahra" CVCC; "Fateme" and "Fatima" are both CVCVC, "Saleh" and "Salih" CVC."""
    body = _without_final_h(once_each(phon.translate(_SHAPE_DROP)))
    shape = VOWEL_RUNS.sub("V", _NOT_VOWEL.sub("C", body))
    return shape[:-1] if shape.endswith("V") else shape


def as_latin(phon: str) -> str:
    """A Latin phonetic form as compared with Latin: its "th" (`T`) is s (Uthman, Usman)."""
    # (Most forms have none: looking costs less than a new string.)
    return phon.replace("T", "s") if "T" in phon else phon


def th_readings(phon: str) -> tuple[str, ...]:
    """The spellings a Latin phonetic form may stand for in Arabic script: a Latin "th" (`T`)
    is ث, read s ("Uthman", عثمان), or ت with ح or ه after it ("Fathi", فتحی)."""
    if "T" not in phon:
        return (phon,)
    return (as_latin(phon), phon.replace("T", "th"))


def cross_skeleton(token: Token) -> str:
    """The skeleton a Latin part has when its "th" is ت with ح after it (`fth` for "Fathi"):
    the index also files the part under it, so that Arabic-script queries find it."""
    return skeleton(th_readings(token.phon)[-1])


def he_skeleton(token: Token) -> str | None:
    """The skeleton of an Arabic-script part with a silent ه inside it, that ه read as the h a
    romanisation writes: two words read joined (آدینه + وند, "Adinehvand": `'dnhnd`, where the
    part's own skeleton, `'dnd`, drops it). Lists write a final ه as "eh" (Fatemeh, Zadeh),
    and a Latin h inside a word stays in its skeleton. None for any other part."""
    phon = token.phon
    if token.script != ARABIC or "E" not in phon[:-1]:
        return None
    found = skeleton(phon[:-1].replace("E", "h") + phon[-1])
    return found if found != token.skel else None


def ks_skeleton(token: Token) -> str | None:
    """The skeleton of a Latin part's other spelling of кс (`similarity.ks_for_x`): its written x
    read as ks ("Maxim", mxm: mksm), or its ks as x ("Maksim": mxm); None for a part with
    neither, or in Arabic script. An x the phonetic form has for kh stays."""
    if token.script == ARABIC:
        return None
    if "x" in token.text:
        return skeleton(token.phon.replace("x", "ks"))
    if "ks" in token.phon:
        return skeleton(token.phon.replace("ks", "x"))
    return None


def kh_skeletons(token: Token) -> tuple[str, ...]:
    """The skeletons of a Latin part's other spelling of kh and h (`similarity._HALF_LETTERS`):
    each h read as kh ("Hamaney", hmn: xmn), or each kh as h ("Akhmed", 'xmd: 'hmd), one at a
    time and all at once; () for a part with neither, or in Arabic script. Turkish writes خ and х
    as h, the Russian romanisations ح and ه as kh; a short skeleton's is two letters away in the
    phonetic form, which no look-up of neighbours reaches. A written x (Maxim) is not kh."""
    if token.script == ARABIC:
        return ()
    phon = token.phon
    found: list[str] = []
    for letter, other in (("h", "x"), ("x", "h")):
        if letter not in phon or (letter == "x" and "x" in token.text):
            continue
        places = [i for i, c in enumerate(phon) if c == letter]
        reads = [phon[:i] + other + phon[i + 1 :] for i in places]
        if len(places) > 1:
            reads.append(phon.replace(letter, other))
        found += [skeleton(read) for read in reads]
    # Not a reading that merges the letter with its neighbour (pinyin "Huaxin", hxn, read
    # "xuaxin", is xn, Khan's skeleton): one letter spelled otherwise leaves as many consonants.
    size = len(token.skel)
    return tuple(s for s in dict.fromkeys(found) if s != token.skel and len(s) == size)


@lru_cache(maxsize=20_000)
def persian_form(token: Token) -> Token | None:
    """A Cyrillic part read as a Persian or Arabic name written the Russian way (х as h, г as
    gh: "Вахиди" as Vahidi, "Багер" as Bagher; resources/names/cyrillic_persian.tsv), with
    its text as written; None for a part of another script, or that reads the same.

    Russian writes the h of these names as it writes their kh: "Мохаммад" is Mohammad as
    well as Mokhammad, so a screen reads the name both ways, and weighs such a part no
    rarer than its Persian reading (Index.weight)."""
    if token.script != CYRILLIC or token.kind == NUMBER:
        return None
    text = token.text
    for pattern, replacement in tables.cyrillic_persian_rules():
        text = pattern.sub(replacement, text)
    if text == token.text:
        return None
    phon = latin_phonetic(text)
    return token._replace(phon=phon, skel=skeleton(phon))


def persian_reading(tokens: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """A name's Cyrillic parts read as `persian_form`, if any part reads otherwise; else None."""
    if all(t.script != CYRILLIC for t in tokens):
        # Most queries: not through persian_form's cache, which is for the Cyrillic parts.
        return None
    read = tuple(persian_form(t) or t for t in tokens)
    return read if read != tokens else None


def digraph_spelling(name: str) -> str | None:
    """`name` with its letters of digraph_letters.tsv spelled as English spells them ("Lukašenka":
    "Lukashenka"); None when it has none. Folding drops their marks ("Lukasenka"), which is how
    English writes South Slavic names (Milosevic) but not Russian or Belarusian ones: a name with
    such letters is read both ways."""
    table = tables.digraph_letters()
    folded = name.casefold()
    if not any(c in table for c in folded):
        return None
    return "".join(table.get(c, c) for c in folded)


#: Cyrillic letters that Belarusian or Ukrainian writes and Russian does not, and those of the
#: Cyrillic of Kazakh, Kyrgyz, Tajik, Uzbek and other languages, whose names are not read as
#: Slavic ones (Uzbek writes ў beside и, Kazakh і beside ы).
_UKRAINIAN_ONLY: Final = frozenset("їєґ")
_OTHER_CYRILLIC: Final = frozenset("әөұүқғңһҳҷӣӯӑӗҫӳ")
_CYRILLIC_VOWELS: Final = frozenset("аеёиіїоуыэюяє")
_CYRILLIC_LETTER: Final = re.compile("[\u0400-\u04ff]")
#: Apostrophes Ukrainian and Belarusian write inside a word (Юр’ївна, Мар'яна, Вʼячеслав): one
#: word, not two.
_INNER_APOSTROPHE: Final = re.compile("(?<=[\u0400-\u04ff])[’ʼ`](?=[\u0400-\u04ff])")


def _own_cyrillic(words: list[str]) -> tuple[str | None, str | None]:
    """Which Cyrillic a name's words are written in, by their letters: (the language whose
    romanisation to use, the language to read the name from). Ukrainian: ї, є or ґ, or і beside
    и; Belarusian: ў, or і beside ы or э, and no и. A name with і alone is romanised as
    Ukrainian (Belarusian agrees on its letters), and its reading is left to its parts
    (`slavic.language_of`). (None, None): Russian, or another language's Cyrillic."""
    letters = set("".join(words).casefold())
    if not letters & _CYRILLIC_VOWELS or letters & _OTHER_CYRILLIC:
        return None, None
    if letters & _UKRAINIAN_ONLY or {"і", "и"} <= letters:
        return "ukrainian", "ukrainian"
    if "и" in letters:
        return None, None
    if "ў" in letters or ("і" in letters and letters & {"ы", "э"}):
        return "belarusian", "belarusian"
    if "і" in letters:
        return "ukrainian", None
    return None, None


def romanise_cyrillic(word: str, language: str | None = None) -> str:
    """A Cyrillic word (in lower case) in Latin letters: the Russian way (cyrillic.tsv), or, for a
    word of a name written in Belarusian or Ukrainian, that language's (cyrillic_<language>.tsv:
    some letters are written one way after a consonant, another at a word's start or after a
    vowel)."""
    table = tables.cyrillic_letters()
    if language is None:
        return "".join(table.get(c, c) for c in word)
    own = tables.own_cyrillic_letters(language)
    out: list[str] = []
    previous = ""
    for c in word:
        found = own.get(c)
        if found is None:
            out.append(table.get(c, c))
        else:
            out.append(found[1] if not previous or previous in _CYRILLIC_VOWELS else found[0])
        previous = c
    return "".join(out)


def cyrillic_language(name: str) -> str | None:
    """The language ("belarusian", "ukrainian") a name's Cyrillic letters show it is written in
    (`_own_cyrillic`); None for any other name. The Russian reading of such a name
    (`slavic.russian_reading`) needs no part of it to be a known Belarusian or Ukrainian one:
    "Володимир Путін" is Vladimir Putin."""
    if not _CYRILLIC_LETTER.search(name):
        return None
    return _name_words(name)[2][1]


@lru_cache(maxsize=50_000)
def make_token(raw: str, language: str | None = None) -> Token | None:
    """One token from one word as written; None if nothing of it is comparable. `language`:
    "belarusian" or "ukrainian" for a word of a name written in that language's Cyrillic
    (`cyrillic_language`), romanised as that language's passports do."""
    script = script_of(raw)
    if script == ARABIC:
        text = _ARABIC_MARKS.sub("", raw).replace(_ZWNJ, "")
        phon = arabic_phonetic(raw)
    else:
        if script == CYRILLIC:
            raw = romanise_cyrillic(raw.casefold(), language)
        text = fold_latin(raw)
        if not text.isdigit() and any(c.isdigit() for c in text):
            text = text.translate(_OCR_DIGITS)
        phon = latin_phonetic(text)
    if not text or not phon:
        return None
    if text.isdigit():
        return Token(text, text, text, script, NUMBER)
    return Token(text, phon, skeleton(phon), script)


#: Marks a word table's key as the phonetic form of an Arabic-script word (see `_key`).
_ARABIC_KEY: Final = "\x00"
#: Latin words shorter than this are looked up by their text even `by_sound`.
_BY_SOUND_LENGTH: Final = 6


def _key(token: Token, by_sound: bool) -> str:
    """How a token is looked up in a word table: by its folded text, or `by_sound` by its
    phonetic form, so that one entry serves its spellings ("Hojatoleslam" and
    "Hodjatoleslam"). An Arabic-script token always by its phonetic form (سید and سيد,
    آیت‌الله and آيت الله), marked apart from Latin ones."""
    if token.script == ARABIC:
        return _ARABIC_KEY + token.phon
    # Not a short word: "Mrtz" (Mortaza) and "Mis" sound like "Mrs" and "Miss".
    return token.phon if by_sound and len(token.text) >= _BY_SOUND_LENGTH else token.text


@cache
def _keyed(entries: frozenset[tuple[str, ...]], by_sound: bool) -> tuple[frozenset[tuple[str, ...]], int]:
    """A word table's entries as `_key` looks them up, and the most words an entry has (worked
    out here, once: counted at each `_mark`, it was 1.2% of screening the 1,000 sample queries)."""
    found = set()
    for entry in entries:
        tokens = [t for t in map(make_token, entry) if t is not None]
        if len(tokens) == len(entry):
            found.add(tuple(_key(t, by_sound) for t in tokens))
    return frozenset(found), max((len(e) for e in found), default=0)


def _mark(
    tokens: list[Token],
    entries: frozenset[tuple[str, ...]],
    kind: str,
    groups: list[int],
    by_sound: bool = False,
    joining: bool = False,
) -> list[Token]:
    """Give `kind` to every run of tokens that spells an entry of the table, and starts and
    ends with whole abbreviations (`groups`, from `_words`). `joining` (the conjunctions and
    prepositions of function_words.txt): a word of one letter ("y", "e", "i") only between two
    words of two letters or more, where it joins them; elsewhere it is a letter ("I AND S
    HOLDING COMPANY")."""
    out = list(tokens)
    entries, longest = _keyed(entries, by_sound)
    keys = [_key(t, by_sound) for t in out]  # a token's key does not depend on its kind
    n = len(out)
    i = 0
    while i < n:
        if i and groups[i - 1] == groups[i]:
            i += 1  # inside an abbreviation
            continue
        for size in range(min(longest, n - i), 0, -1):
            end = i + size
            if end < n and groups[end - 1] == groups[end]:
                continue  # would end inside an abbreviation
            words = tuple(keys[i:end])
            if joining and size == 1 and len(out[i].text) == 1 and not _joins(out, i):
                continue
            if words in entries and all(t.kind == NAME for t in out[i:end]):
                for j in range(i, i + size):
                    t = out[j]
                    out[j] = Token(t.text, t.phon, t.skel, t.script, kind)
                i += size - 1
                break
        i += 1
    return out


def _joins(tokens: list[Token], i: int) -> bool:
    """Whether the token at `i` stands between two words of two letters or more."""
    return 0 < i < len(tokens) - 1 and len(tokens[i - 1].text) > 1 and len(tokens[i + 1].text) > 1


@cache
def _org_terms() -> dict[tuple[str, str], Token]:
    """(phonetic form, script) of a word of the org_terms table -> its English word's token."""
    found: dict[tuple[str, str], Token] = {}
    for word, english in tables.org_terms().items():
        source, target = make_token(word), make_token(english)
        if source is not None and target is not None:
            found[source.phon, source.script] = target
    return found


def _translate(tokens: list[Token]) -> list[Token]:
    """Persian and Arabic words of organisation names compared as their English translation
    ("gharargah" as "headquarters"), their text kept as written."""
    terms = _org_terms()
    out = []
    for t in tokens:
        en = terms.get((t.phon, t.script))
        out.append(t if en is None else t._replace(phon=en.phon, skel=en.skel, script=en.script))
    return out


def untranslated(token: Token) -> Token:
    """`token` as written where the org_terms table reads it as its English word (`_translate`),
    else `token`: read joined with its neighbour, a word is the word written, not its
    translation. "Hizb Allah" is the listed HIZBALLAH ("Party of God"); read joined as
    translated, it was "partyallah", and scored 0.00 against it."""
    # Every pair of parts of every name read joined comes here: most are no translated word.
    if (token.phon, token.script) not in _english_forms():
        return token
    written = _written(token.text)
    if written is None or written.phon == token.phon or (written.phon, written.script) not in _org_terms():
        return token
    return written._replace(kind=token.kind)


@lru_cache(maxsize=20_000)
def _written(text: str) -> Token | None:
    return make_token(text)


@cache
def _english_forms() -> frozenset[tuple[str, str]]:
    """(phonetic form, script) of the English words the org_terms table reads its words as."""
    return frozenset((t.phon, t.script) for t in _org_terms().values())


def _repeats(tokens: list[Token]) -> list[Token]:
    """A part an organisation's name repeats weighs like a particle the second time: lists join
    two forms of a name in one ("Bank Melli, Bank Melli Iran"), which names it no more."""
    seen: set[str] = set()
    out = []
    for t in tokens:
        # Not a letter: an abbreviation repeats them ("M.A.T.S.A.").
        if t.kind == NAME and len(t.text) > 1 and t.phon in seen:
            t = t._replace(kind=PARTICLE)
        seen.add(t.phon)
        out.append(t)
    return out


_BASIC_LATIN: Final = re.compile("[A-Za-z]")


def unconfuse(words: list[str]) -> list[str]:
    """Words written with look-alike letters of other scripts, read as the Latin they pass for.

    "Vаlеrу" with a Cyrillic а, е and у is "Valery"; so is a word of look-alikes
    only ("САLI" has a Latin L, "МОR" none) when other words of the name are Latin.
    A word with any letter that has no Latin look-alike is left alone, so genuine
    Cyrillic or Greek names are transliterated as usual (resources/names/confusables.tsv).
    """
    table = tables.confusables()
    joined = "".join(words)
    if _CYRILLIC_LETTER.search(joined) and _BASIC_LATIN.search(joined) and _cyrillic_name(words, table):
        return _as_cyrillic(words)
    suspect = [
        any(c in table for c in w) and all(c in table or not c.isalpha() or c.isascii() for c in w)
        for w in words
    ]
    if not any(suspect):
        return words
    latin_name = any(_BASIC_LATIN.search(w) for w in words)
    return [
        "".join(table.get(c, c) for c in w) if s and (latin_name or _BASIC_LATIN.search(w)) else w
        for w, s in zip(words, suspect, strict=True)
    ]


def _cyrillic_name(words: list[str], table: dict[str, str]) -> bool:
    """Whether a name is Cyrillic with Latin look-alikes inside its words: a word mixes the two
    scripts, each Latin letter inside such a word passes for a Cyrillic one, a word has a
    Cyrillic letter no Latin one looks like, and no word is all Latin. The EU writes Ukrainian
    names with a Latin I for the Ukrainian І ("Iнна", "НIКОНОРОВА"); read as a Latin name
    disguised, "НIКОНОРОВА" was "hikohopoba"."""
    lookalikes = _cyrillic_lookalikes()
    mixed = genuine = False
    for w in words:
        cyrillic = [c for c in w if _CYRILLIC_LETTER.match(c)]
        latin = [c for c in w if _BASIC_LATIN.match(c)]
        if latin and (not cyrillic or any(c not in lookalikes for c in latin)):
            return False
        mixed = mixed or (bool(latin) and bool(cyrillic))
        genuine = genuine or any(c not in table for c in cyrillic)
    return mixed and genuine


@cache
def _cyrillic_lookalikes() -> dict[str, str]:
    """Latin letters -> the Cyrillic letter each passes for (confusables.tsv read backwards,
    among the letters cyrillic.tsv romanises; the first such letter where there are two)."""
    romanised = tables.cyrillic_letters()
    found: dict[str, str] = {}
    for other, latin in tables.confusables().items():
        if _CYRILLIC_LETTER.match(other) and other.casefold() in romanised:
            found.setdefault(latin, other)
    return found


def _as_cyrillic(words: list[str]) -> list[str]:
    """The words of a Cyrillic name (`_cyrillic_name`) with their Latin letters read as the
    Cyrillic ones they pass for."""
    table = _cyrillic_lookalikes()
    return ["".join(table.get(c, c) for c in w) for w in words]


# 20,000 names: the names a long file repeats stay, and the cache (about 1 KB a name) is full
# early in a file, so that memory stays flat over the rest of it.
@lru_cache(maxsize=20_000)
def tokenize(name: str, organisation: bool | None = None) -> tuple[Token, ...]:
    """The tokens of a name, with honorifics, particles and legal forms marked.

    `organisation`: True marks legal forms (and organisations' function words) only, False
    honorifics only, None both.
    A token that is all such words is still kept (a list may name "Sheikh" alone).
    """
    words, groups, (language, _) = _name_words(name)
    made = [(make_token(w, language), g) for w, g in zip(words, groups, strict=True) if w]
    tokens = [t for t, _ in made if t is not None]
    groups = [g for t, g in made if t is not None]
    if organisation is not True:
        tokens = _mark(tokens, tables.honorifics(), HONORIFIC, groups, by_sound=True)
    if organisation is not False:
        tokens = _mark(tokens, tables.legal_forms(), LEGAL, groups)
        tokens = _mark(tokens, tables.function_words(), PARTICLE, groups, joining=True)
        tokens = _translate(tokens)
    if organisation is True:
        tokens = _repeats(tokens)
    tokens = _mark(tokens, tables.particles(), PARTICLE, groups)
    return tuple(tokens)


def _name_words(name: str) -> tuple[list[str], list[int], tuple[str | None, str | None]]:
    """A name's words (`_words`), normalised, with look-alike letters read (`unconfuse`), and
    which Cyrillic they are written in (`_own_cyrillic`; (None, None) for a name without)."""
    normal = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", name))
    if not _CYRILLIC_LETTER.search(normal):
        words, groups = _words(normal)
        return unconfuse(words), groups, (None, None)
    words, groups = _words(_INNER_APOSTROPHE.sub("'", normal))
    words = unconfuse(words)
    return words, groups, _own_cyrillic(words)


def vessel_prefix(tokens: tuple[Token, ...], letters: bool = True) -> tuple[Token, ...]:
    """A vessel's name with the words written beside it in shipping documents and payment
    messages ("M/V AREZOO", "MT ARTIN", "TANKER AREZOO"; resources/names/vessel_prefixes.txt)
    marked PREFIX: kept, shown, and weighing nothing (`Index.weight`). They say what the name
    is, not which vessel: counted as a particle's tenth, the unmatched "M" and "V" took "M/V
    HASNA" from 0.79 to 0.39.
    At the start; at the end, a word written out only ("AREZOO VESSEL", "AREZOO TANKER").
    Only beside a word of the name, in a name with no legal form: "MS 13" (a gang) and "MT
    SYSTEM LLC" (a company) keep theirs. For vessels' names and queries of no known kind: the
    lists hold no person's name that begins so. `letters`: False where a prefix of letters
    alone ("M V", "M.V.", "M/V") may be a person's initials ("M. V. Rao"): a query of no known
    kind whose name does not write the prefix with a slash."""
    if not tokens or tokens[0].script != LATIN or any(t.kind == LEGAL for t in tokens):
        return tokens
    entries, longest = _keyed(tables.vessel_prefixes(), False)

    def spells(words: tuple[Token, ...]) -> bool:
        return all(t.kind == NAME for t in words) and tuple(_key(t, False) for t in words) in entries

    def named(words: tuple[Token, ...]) -> bool:
        return any(t.kind == NAME and len(t.text) > 1 for t in words)

    for size in range(min(longest, len(tokens) - 1), 0, -1):
        head, rest = tokens[:size], tokens[size:]
        if spells(head):
            if not named(rest) or (not letters and all(len(t.text) == 1 for t in head)):
                return tokens
            tokens = tuple(t._replace(kind=PREFIX) for t in head) + rest
            break
    # Both ends may be written ("MT KONSTANTINOVSK TANKER").
    for size in range(min(longest, len(tokens) - 1), 0, -1):
        rest, tail = tokens[:-size], tokens[-size:]
        if spells(tail) and all(len(t.text) > 2 for t in tail) and named(rest):
            return rest + tuple(t._replace(kind=PREFIX) for t in tail)
    return tokens


def load_tables() -> None:
    """Read the names tables now instead of when the first name needs them (each is read once
    and kept): for a process about to screen, whose first query would otherwise wait some tens
    of milliseconds for them (the general population's table and the given names' genders
    above all)."""
    tables.arabic_letters()
    tables.latin_steps()
    tables.cyrillic_letters()
    tables.cyrillic_persian_rules()
    tables.patronymic_endings()
    tables.confusables()
    tables.digraph_letters()
    tables.org_terms()
    tables.given_gender()
    tables.population()
    _keyed(tables.vessel_prefixes(), False)
    for organisation in (None, True, False):
        # Keys each word table as `_mark` reads it, and the translations of organisations' words.
        tokenize("x", organisation)
    _english_forms()


def _words(text: str) -> tuple[list[str], list[int]]:
    """The words of a name, and for each the abbreviation it belongs to.

    Letters written with dots and no space between ("E.C.A.", "S.A.", "C.V.") are one
    abbreviation: they share a number, which no other word has. `_mark` reads a table's
    entry only over whole abbreviations, so that the "C.A." (compañía anónima) inside
    "E.C.A." (Ensambladora Colombiana Automotriz) is not a legal form, nor its "E" the
    particle "e" (and), while "S.A." and "S.A. de C.V." still are.
    """
    words: list[str] = []
    groups: list[int] = []
    for chunk in text.split():
        found = [w.strip("'") for w in _SPLIT.split(chunk)]
        letters = [w for w in found if w]
        dotted = "." in chunk and len(letters) >= 2 and all(len(w) == 1 for w in letters)
        first = len(words)
        for w in found:
            # A word's own position, or, in an abbreviation, the position of its first letter.
            groups.append(first if dotted else len(words))
            words.append(w)
    return words, groups
