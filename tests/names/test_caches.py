"""The matcher's caches stay within their sizes on a long file, and keep the newer entries."""

from __future__ import annotations

import pytest

from hisab.names import similarity
from hisab.names.similarity import SIMILARITIES, forget_oldest, remember, token_similarity
from hisab.names.tokens import tokenize


def test_forget_oldest_keeps_the_newer_half() -> None:
    cache = {n: n for n in range(10)}
    forget_oldest(cache)
    assert list(cache) == [5, 6, 7, 8, 9]


def test_the_similarity_cache_stays_within_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similarity, "SIMILARITY_CACHE", 8)
    SIMILARITIES.clear()
    names = [tokenize(f"Name{chr(97 + i)}{chr(97 + j)}")[0] for i in range(5) for j in range(5)]
    for other in names:
        token_similarity(names[0], other)
        assert len(SIMILARITIES) <= 8
    # A full cache drops its older half, not everything: the recent pairs are still there.
    assert len(SIMILARITIES) > 1
    assert (names[0], names[-2]) in SIMILARITIES
    remember(names[1], names[:6], [0.5] * 6)
    assert len(SIMILARITIES) <= 8 + 6
    # The pairs just computed are still there; the first ones are gone.
    assert (names[1], names[5]) in SIMILARITIES
    assert (names[0], names[0]) not in SIMILARITIES
    SIMILARITIES.clear()


def test_the_alignment_forms_stay_within_their_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cross-script alignment's letter codes and letter counts are kept by form, in caches
    that drop their older half when full (`forget_oldest`), as the similarity cache does."""
    monkeypatch.setattr(similarity, "CODES_CACHE", 4)
    monkeypatch.setattr(similarity, "ARABIC_COUNTS_CACHE", 4)
    similarity._CODES.clear()
    similarity._ARABIC_COUNTS.clear()
    latin = [f"qalibaf{chr(97 + n)}" for n in range(10)]
    arabic = [f"qalibaf{'aiu'[n % 3]}{n}" for n in range(10)]
    first = [similarity._latin_codes(form) for form in latin]
    counts = [similarity._arabic_counts(form) for form in arabic]
    assert len(similarity._CODES) <= 4 and len(similarity._ARABIC_COUNTS) <= 4
    # The newest are kept, and a form answers the same from the cache or without it.
    assert latin[-1] in similarity._CODES and arabic[-1] in similarity._ARABIC_COUNTS
    assert latin[0] not in similarity._CODES
    assert [similarity._latin_codes(form) for form in latin] == first
    assert [similarity._arabic_counts(form) for form in arabic] == counts
    # Its codes, its 4 consonants, and its 4 letters that cost a whole letter to leave out.
    assert first[0] == (tuple(similarity._LATIN_ALPHABET.index(c) for c in "qalibafa"), 4, 4)
    similarity._CODES.clear()
    similarity._ARABIC_COUNTS.clear()


def test_the_neighbour_lookups_stay_within_their_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from hisab.match import index as index_module
    from hisab.match.index import Index, Subject

    subjects = [
        Subject(f"s{n}", "Person", name, "d", str(n)) for n, name in enumerate(["Qalibaf", "Ghalibafi"])
    ]
    for subject in subjects:
        subject.names.append((tokenize(subject.caption), "name"))
    index = Index.from_subjects(subjects, [])
    monkeypatch.setattr(index_module, "LOOKUP_CACHE", 4)
    skel = tokenize("Qalibaf")[0].skel
    skeletons = [f"{skel}{chr(97 + n)}" for n in range(12)] + [skel]
    answers = [index.lookup(skel) for skel in skeletons]
    assert len(index._lookups) <= 4
    # The newest are kept, and a lookup answers the same from the cache or without it.
    assert skel in index._lookups
    assert index.lookup(skel) == answers[-1] and skel in answers[-1]
    index._lookups.clear()
    assert [index.lookup(skel) for skel in skeletons] == answers


def test_a_screener_reads_the_names_tables_before_its_first_query() -> None:
    from hisab.match import features
    from hisab.match.index import Index, Subject
    from hisab.names import tables
    from hisab.screen.service import Screener

    subject = Subject("s0", "Person", "Qalibaf", "d", "0")
    subject.names.append((tokenize(subject.caption), "name"))
    index = Index.from_subjects([subject], [])
    readers = (
        tables.population,
        tables.given_gender,
        tables.org_terms,
        tables.cyrillic_letters,
        tables.abbreviated,
        features.country_words,
    )
    # The Belarusian and Ukrainian tables, one entry per language.
    slavic = (tables.slavic_given, tables.slavic_rules)
    # abbreviated.txt is read through the similarity layer's table of its words' beginnings,
    # kept once read (`similarity._ABBREVIATIONS`).
    from hisab.names.similarity import _ABBREVIATIONS

    for reader in (*readers, *slavic):
        reader.cache_clear()
    _ABBREVIATIONS.clear()
    Screener(index)
    # Read once, when the screener is made: the first query does not wait for them.
    assert [reader.cache_info().currsize for reader in readers] == [1, 1, 1, 1, 1, 1]
    assert [reader.cache_info().currsize for reader in slavic] == [2, 2]


def test_the_tables_fingerprint_names_the_romaniser() -> None:
    """The letters no table reads are romanised by rigour through ICU (tokens.fold_latin): the
    versions of both are part of what an index holds, and of its cache key."""
    from importlib import metadata

    import icu

    from hisab.names import tables

    assert tables.romaniser() == f"rigour {metadata.version('rigour')}, ICU {icu.ICU_VERSION}"
    # Read once per process (it hashes every names table and source): a cached function.
    tables.fingerprint()
    assert tables.fingerprint.cache_info().currsize == 1
    assert tokenize("Łukašenka")[0].text == "lukasenka"
