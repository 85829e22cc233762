"""The candidate stage's look-up of skeletons one edit away (`Index.lookup`), against a plain
reading of what it promises."""

from __future__ import annotations

import random

from hisab.match.index import MIN_FUZZY_SKELETON, Index, Subject
from hisab.names.tokens import tokenize

NAMES = [
    "Mohammad Bagher Qalibaf",
    "Mohammad Baqer Ghalibafi",
    "Ebrahim Raisi",
    "Ebrahim Raeisi",
    "Qasem Soleimani",
    "Qassem Soleymani",
    "Ali Akbar Salehi",
    "Hossein Salami",
    "Abdolrahim Mousavi",
    "Abdol Rahim Musavi",
    "Islamic Revolutionary Guard Corps",
    "محمدباقر قالیباف",
    "ابراهیم رئیسی",
]


def _index() -> Index:
    subjects = [Subject(f"s{n}", "Person", name, "d", str(n)) for n, name in enumerate(NAMES)]
    for subject in subjects:
        subject.names.append((tokenize(subject.caption), "name"))
    return Index.from_subjects(subjects, [])


def _deletions(skel: str) -> set[str]:
    return {skel[:i] + skel[i + 1 :] for i in range(len(skel))}


def _expected(index: Index, skel: str) -> list[str]:
    """The vocabulary's skeletons (of single parts or joined pairs) equal to `skel`, or, for a
    skeleton of MIN_FUZZY_SKELETON letters or more, one deletion from it, it one deletion from
    them, or both one deletion from a third; its own first, then in order."""
    held = index.vocab.keys() | index.joined_vocab.keys()
    found = {skel} & held
    if len(skel) >= MIN_FUZZY_SKELETON:
        found |= _deletions(skel) & held
        for other in held:
            if len(other) >= MIN_FUZZY_SKELETON and (
                skel in _deletions(other) or _deletions(other) & _deletions(skel)
            ):
                found.add(other)
    return sorted(found, key=lambda s: (s != skel, s))


def test_the_lookup_finds_what_the_vocabulary_holds_one_edit_away() -> None:
    index = _index()
    held = sorted(index.vocab.keys() | index.joined_vocab.keys())
    # The skeletons held, each one letter longer, shorter or changed, and random strings.
    rng = random.Random(7)
    asked = set(held)
    for skel in held:
        asked |= _deletions(skel)
        at = rng.randrange(len(skel) + 1)
        asked.add(skel[:at] + rng.choice("bdfghklmnqrstvz'") + skel[at:])
        if skel:
            asked.add(skel[:at] + rng.choice("bdfghklmnqrstvz'") + skel[at + 1 :])
    asked |= {"".join(rng.choice("bdghklmnrs") for _ in range(rng.randint(1, 7))) for _ in range(200)}
    for skel in sorted(asked):
        found = index.lookup(skel)
        assert list(found) == _expected(index, skel), skel
        # From the cache, the same.
        assert index.lookup(skel) is found
