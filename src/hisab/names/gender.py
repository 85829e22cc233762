"""What a name says of its bearer: whether it is a person's, and of what gender."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from hisab.names.similarity import stored
from hisab.names.tables import given_gender, person_parts
from hisab.names.tokens import ARABIC, HONORIFIC, LATIN, NAME, PARTICLE, Token

#: `name_gender` by name ("" for none), in a plain dict: the scoring asks it of the query's name
#: and of the listed name for every name it scores (`features.gender_mismatch`), the same names
#: again and again: a dict look-up costs compiled code less than the `lru_cache` call it replaces (as
#: `similarity.written_consonants`). Keyed by a name's tokens, which it keeps alive: 20,000
#: names, so that the queries of a long file do not pile up in it; a full cache drops its older
#: half (`stored`).
_GENDERS: Final[dict[tuple[Token, ...], str]] = {}
GENDER_CACHE: Final = 20_000


def name_gender(tokens: tuple[Token, ...]) -> str | None:
    """The gender a name says, "male" or "female": that of its given names borne mostly by one
    gender (resources/names/given_gender.tsv), when they agree. "Maryam Soltani": female; "SOLTANI,
    Mohammad": male; "Fatima Mohammed Ali" (a patronymic) or "Soltani" alone: None."""
    found = _GENDERS.get(tokens)
    if found is None:
        found = stored(_GENDERS, tokens, _name_gender(tokens) or "", GENDER_CACHE)
    return found or None


def _name_gender(tokens: tuple[Token, ...]) -> str | None:
    """`name_gender` worked out."""
    table = given_gender()
    found = {table[t.phon] for t in tokens if t.kind == NAME and t.phon in table}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=20_000)
def person_like(tokens: tuple[Token, ...], generic: frozenset[str] = frozenset()) -> bool:
    """Whether a name reads as a person's: two to four Latin words, each a known given name or
    surname (resources/names/person_parts.txt.gz) and none a generic word of organisations'
    names (`generic`: phonetic forms, `Index.generic`), with nothing else but particles,
    titles and letters alone. "Stephen Edward Smith" and "Juan de la Cruz" are; "Sarmad
    Electronic Sepahan", "Koryo Bank" (a generic word), "Alliance EG Ltd" (a legal form) and
    a name of one word are not. For entities of no known kind (the CSL's and the EU's
    LegalEntity): a name that is not in the table, as most Persian, Chinese and Korean ones,
    says nothing either way. Reading articles, `read.detect.person_like` asks rigour's own
    tagger instead, which knows more names ("Maryam Rajavi") but takes 8 s to load and 11 ms a
    name: fit for an article's few dozen mentions, not for an index of thousands of entries.
    On the five articles' 129 named entities the two disagree on two."""
    words = plain_words(tokens, generic)
    if words is None or words[0].script != LATIN:
        return False
    table = person_parts()
    return all(t.text in table for t in words)


def plain_words(tokens: tuple[Token, ...], generic: frozenset[str] = frozenset()) -> tuple[Token, ...] | None:
    """The words of a name written as a person's is, whether or not they are known names: two to
    four words of one script, Latin or Arabic, none a generic word of organisations' names
    (`generic`; an Arabic-script word of org_terms.tsv is read as its English word) nor a
    number or a legal form, with nothing else but particles, titles and letters alone. None
    otherwise."""
    words: list[Token] = []
    scripts = set()
    for t in tokens:
        if t.kind in (PARTICLE, HONORIFIC) or (t.kind == NAME and len(t.text) == 1):
            continue
        if t.kind != NAME or t.script not in (LATIN, ARABIC) or t.phon in generic:
            return None
        words.append(t)
        scripts.add(t.script)
    return tuple(words) if 2 <= len(words) <= 4 and len(scripts) == 1 else None
