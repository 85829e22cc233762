"""Linking the actors a text names to the lists, and the report.

Each actor is screened with the matching engine (answering with resolved actors when the
lists have been resolved), by each distinct full form the text gives it (not by a bare
surname or a short alias), with its schema; not with the country the text is mostly about
as nationality, since texts about Iran name Iraq's and Libya's leaders too (that country is
reported). The fullest form is kept unless a shorter one scores `FORM_MARGIN` higher. The
best result decides:

- **listed**: the engine says match, and the evidence is more than a name alone would give
  a common name: a score of at least `LINK_SCORE` (0.7), and for a person at least two name
  parts on each side; the actor's listed records (`sources`) and its designations per
  authority (the designation matrix) are reported.
- **possible**: a weaker result (score from `POSSIBLE_SCORE`, 0.3; for an organisation, names
  that share at least `UNRELATED_OVERLAP` of their words, weighted by rarity): shown with its
  record for review, never as a link.
- **unlisted**: nothing above that: listed nowhere.

A title in the text that agrees with a person's listed position ("Supreme Leader" and OFAC's
"Supreme Leader of Iran") is evidence beside the name, as a birth date would be: it makes a
person named by two or more parts, all of them in the listed name, listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hisab.account.matrix import build
from hisab.names.tokens import NAME, tokenize
from hisab.read.detect import DETECTORS, PERSON, Actor, Gazetteer, alias_table, detect, title_list
from hisab.read.extract import Document
from hisab.resolve.engine import ORG_OVERLAP, shared_words
from hisab.resolve.service import actor_ids
from hisab.screen.service import Match, Screener, make_query, source_list
from hisab.sources.values import clean_country
from hisab.store import Store

LINK_SCORE = 0.7
POSSIBLE_SCORE = 0.3
#: A shorter form of an actor's name replaces a fuller one only when it scores this much higher.
FORM_MARGIN = 0.05
#: The query coverage at which every part of the text's name is in the listed name.
WHOLE_NAME = 0.99
#: Organisations whose names share less than this of their words, weighted by rarity (a
#: Jaccard index), are not a possible match.
UNRELATED_OVERLAP = 0.2


@dataclass
class Linked:
    actor: Actor
    status: str
    match: Match | None = None
    query: str | None = None
    evidence: list[str] = field(default_factory=list)
    authorities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class Report:
    document: Document
    actors: list[Linked]
    country: str | None


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around a mention."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start))
    right_candidates = [
        i for i in (text.find(". ", end), text.find("\n", end), text.find("? ", end)) if i >= 0
    ]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left + 1 : right].split())


def context_country(document: Document) -> str | None:
    """The country the text is mostly about: the one named most often (at least three times),
    as an ISO code."""
    import re

    counts: Counter[str] = Counter()
    for word in re.findall(r"\b[A-Z][a-z]+\b", document.text):
        code = clean_country(word)
        if code and len(code) == 2:
            counts[code] += 1
    found = counts.most_common(1)
    return found[0][0] if found and found[0][1] >= 3 else None


def _parts(text: str) -> int:
    return sum(1 for t in tokenize(text) if t.kind == NAME)


def _is_acronym(text: str) -> bool:
    return " " not in text.strip() and text.isupper()


def _roles(actor: Actor, text: str) -> set[str]:
    """Titles written right before the actor's mentions ("Supreme Leader Ali Khamenei")."""
    found = set()
    for m in actor.mentions:
        before = text[max(0, m.start - 60) : m.start]
        for title in title_list():
            if before.endswith(title + " "):
                found.add(title)
                break
    return found


def _coverage(match: Match) -> float:
    """How much of the text's name the listed name holds (the `query_coverage` feature)."""
    return next((c.value for c in match.explanation if c.feature == "query_coverage"), 0.0)


def link_actor(
    actor: Actor,
    screener: Screener,
    text: str = "",
    positions: Callable[[Match], list[str]] | None = None,
) -> Linked:
    (aliases,) = alias_table()
    names = {m.text.replace("[", "").replace("]", "") for m in actor.mentions if m.found_by != "short"}
    if actor.alias:
        names |= {name for name, (key, short) in aliases.items() if key == actor.alias and not short}
    full = {n for n in names if not _is_acronym(n)}
    # An acronym alone is looked up only when the text gives nothing fuller ("MEK" is also
    # an alias of Makhtab al-Khidamat).
    forms = sorted(full or names, key=lambda t: (-_parts(t), t))
    best: tuple[Match, str] | None = None
    for form in forms[:6]:
        query = make_query(form, actor.schema)
        # The first listed result (a company of the user's ownership data is not a listing).
        m = next((m for m in screener.screen(query, top=3) if m.ownership is None), None)
        # The fullest form comes first; a shorter one takes over only when it scores clearly
        # better ("Revolutionary Guard Corps", Libya's, must not win over "Islamic
        # Revolutionary Guard Corps" by a rounding difference).
        if m is not None and (best is None or m.score > best[0].score + FORM_MARGIN):
            best = (m, form)
    if best is None:
        return Linked(actor, "unlisted")
    match, form = best
    roles = _roles(actor, text) if actor.schema == PERSON else []
    held = positions(match) if positions is not None and roles else []
    agreeing = [
        (r, p)
        for r in roles
        for p in held
        if set(r.lower().split()) <= set(p.lower().replace(",", " ").split())
    ]
    # A title that agrees with the listed position is evidence beside the name (as a birth
    # date is): with it, a name whose every part is in the listed name is looked at even
    # when the name alone scores below a possible match ("Supreme Leader Ali Khamenei").
    whole = _coverage(match) >= WHOLE_NAME
    if match.score < POSSIBLE_SCORE and not (agreeing and whole):
        return Linked(actor, "unlisted")
    evidence = [f"{c.feature} = {c.value:.2f} ({c.contribution:+.2f})" for c in match.explanation]
    strong = match.match and match.score >= LINK_SCORE
    if actor.schema == PERSON:
        named = _parts(form) >= 2 and _parts(match.name) >= 2
        if named and not strong and agreeing:
            role, position = agreeing[0]
            evidence.append(f"the text's title {role!r} agrees with the listed position {position!r}")
            strong = True
        if strong and not named:
            evidence.append("a person named by one name part: not enough to link")
            strong = False
    else:
        overlap = max(
            (shared_words(tokenize(form, True), tokens) for tokens, _ in match.subject.names), default=0.0
        )
        rare = max(
            (
                shared_words(tokenize(form, True), tokens, screener.index.weight)
                for tokens, _ in match.subject.names
            ),
            default=0.0,
        )
        if rare < UNRELATED_OVERLAP:
            # "People's Mojahedin Organization of Iran" and "Atomic Energy Organization of
            # Iran" share only generic words: not even a possible match.
            evidence.append(
                f"nearest: {match.subject.caption} ({match.score:.2f}), sharing {rare:.0%} of the words' "
                "rarity (only common words such as 'Organization' or 'Iran')"
            )
            return Linked(actor, "unlisted", None, form, evidence)
        if strong and overlap < ORG_OVERLAP:
            evidence.append(
                f"the names share {overlap:.0%} of their words: not enough to link an organisation"
            )
            strong = False
    if not strong and match.score < LINK_SCORE:
        evidence.append(f"score {match.score:.2f}: below {LINK_SCORE} for a name alone")
    return Linked(actor, "listed" if strong else "possible", match, form, evidence)


def read_documents(
    documents: list[Document],
    store: Store,
    screener: Screener,
    gazetteer: Gazetteer,
    detectors: frozenset[str] = DETECTORS,
) -> list[Report]:
    """Detect and link the actors of each document; designations per authority for the
    listed ones (one designation matrix for all)."""
    versions = {v.dataset: v.id for v in store.current_versions()}

    def positions(match: Match) -> list[str]:
        """The positions the listed records of a match state (OFAC's "Supreme Leader of Iran")."""
        found = []
        for s in match.records:
            if s.dataset in versions:
                for entity in store.record_entities(versions[s.dataset], [s.record_id]).get(s.record_id, []):
                    found.extend(entity.get("properties", {}).get("position", []))
        return found

    reports = []
    for document in documents:
        country = context_country(document)
        linked = [
            link_actor(a, screener, document.text, positions) for a in detect(document, gazetteer, detectors)
        ]
        reports.append(Report(document, linked, country))
    wanted = {
        (s.dataset, s.record_id)
        for r in reports
        for item in r.actors
        if item.match is not None and item.status == "listed"
        for s in item.match.records
    }
    if wanted:
        matrix = build(screener.index, actor_ids(store), store.current_versions(), only=wanted)
        by_key = {key: row for row in matrix.rows for key in row.sources}
        for r in reports:
            for item in r.actors:
                if item.match is None or item.status != "listed":
                    continue
                row = by_key.get((item.match.subject.dataset, item.match.subject.record_id))
                if row is not None:
                    item.authorities = {
                        a: [x.as_dict() for x in found] for a, found in row.authorities.items()
                    }
    return reports


def report_json(reports: list[Report]) -> dict[str, Any]:
    articles = []
    for r in reports:
        text = r.document.text
        actors = []
        for item in r.actors:
            mentions = [
                {
                    "text": m.text,
                    "sentence": _sentence(text, m.start, m.end),
                    "start": m.start,
                    "end": m.end,
                    "found_by": m.found_by,
                    "in_boilerplate": r.document.boilerplate_at(m.start) is not None,
                }
                for m in item.actor.mentions
            ]
            match = item.match
            actors.append(
                {
                    "name": item.actor.name,
                    "schema": item.actor.schema,
                    "mentions": mentions,
                    "status": item.status,
                    "sources": source_list(match.records) if match is not None else [],
                    "authorities": item.authorities,
                    "in_boilerplate": all(x["in_boilerplate"] for x in mentions),
                    "listed_as": match.subject.caption if match is not None else None,
                    "actor_id": match.actor_id if match is not None else None,
                    "score": round(match.score, 4) if match is not None else None,
                    "query": item.query,
                    "evidence": item.evidence,
                }
            )
        articles.append(
            {
                "path": r.document.source,
                "kind": r.document.kind,
                "title": r.document.title,
                "country": r.country,
                "actors": actors,
            }
        )
    return {"articles": articles}
