"""Names romanised by German or Polish rules, respelled the English way (names/respell.py)."""

from __future__ import annotations

import pytest

from hisab.match.index import Index
from hisab.names import tokenize
from hisab.names.respell import orthographies, respellings
from hisab.screen.batch import match_dict
from hisab.screen.service import Screener, make_query
from tests.names.test_slavic import _person, _screened


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Juri Kowaltschuk", ("german",)),
        ("Olga Sergejewna NEBORSKAJA", ("german",)),
        ("Mohammed Dschawad Sarif", ("german",)),
        ("Siergiej Szojgu", ("polish",)),
        ("Jewgienij Prigożyn", ("polish",)),
        ("Aleksandr Łukaszenka", ("polish",)),
        # -ow and -ew: German and Polish both write them, and either may be meant.
        ("Sergej LAWROW", ("polish", "german")),
        ("Dmitri Medwedew", ("polish", "german")),
        # English, Persian and Hungarian names: none.
        ("Mohammad Hosseini", ()),
        ("Sergei Kuzhugetovich SHOIGU", ()),
        ("NEW AGE SHIPPING LTD", ()),
        ("ALLAHKARAM Husszein", ()),
        ("Mohammad Abbaszadeh", ()),
        ("Slobodan Milošević", ()),  # ć: the -ić of South Slavic names too
        ("José Gómez", ()),  # ó: Spanish too
        ("Khosrow Vaziri", ()),
        ("Ali Chamenei", ()),  # German ch, but nothing marks the name as German
    ],
)
def test_orthographies(name: str, found: tuple[str, ...]) -> None:
    assert orthographies(name) == found


@pytest.mark.parametrize(
    ("name", "respelled"),
    [
        ("Sergej Kuschugetowitsch SCHOJGU", [("german", "sergey kushugetovich shoygu")]),
        ("Witali Michajlowitsch MAKRIZKI", [("german", "vitali mikhaylovich makritski")]),
        ("Wassili Ilitsch Schukow", [("german", "vasili ilich shukov")]),
        ("Siergiej Kużugietowicz SZOJGU", [("polish", "sergey kuzhugetovich shoygu")]),
        ("Dmitrij Anatoljewicz Miedwiediew", [("polish", "dmitriy anatolyevich medvedev")]),
        ("Jewgienij Wiktorowicz Prigożyn", [("polish", "yevgeniy viktorovich prigozhin")]),
        # Both ways: German z is ts, Polish z is z.
        ("Kusnezow", [("polish", "kusnezov"), ("german", "kusnetsov")]),
        ("Mohammad Hosseini", []),
    ],
)
def test_respellings(name: str, respelled: list[tuple[str, str]]) -> None:
    assert respellings(name) == respelled


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # Pairs of bench/german_forms.py that scored below the threshold as written, with no
        # birth date given: the EU's Russian Cyrillic name romanised by the Duden's and the
        # PWN's rules, against the EU's Latin name.
        ("Sergej Michajlowitsch PINTSCHUK", "Sergei Mikhailovich PINCHUK"),
        ("Alexej Alexejewitsch NAJDENKO", "Aleksey Alekseevich NAYDENKO"),
        ("Witali Michajlowitsch MAKRIZKI", "Vitalii Mikhailavich MAKRITSKII"),
        ("Konstantin Michajlowitsch BACHAREW", "Konstantin Mikhailovich BAKHAREV"),
        ("Siergiej Kużugietowicz SZOJGU", "Sergei Kuzhugetovich SHOIGU"),
        ("Jurij Walentinowicz Kowalczuk", "Yuri Valentinovich KOVALCHUK"),
        ("Dmitrij Anatoljewicz Miedwiediew", "Dmitry Anatolyevich MEDVEDEV"),
        ("Jewgienij Wiktorowicz Prigożyn", "Yevgeniy Viktorovich PRIGOZHIN"),
        ("Juri Kowaltschuk", "Yuri Valentinovich KOVALCHUK"),
    ],
)
def test_respelled_name_finds_the_english_one(query: str, listed: str) -> None:
    results = _screened(query, listed, "1962-05-11", dated=False)
    assert results and results[0].subject.id == "p-0" and results[0].match
    language = orthographies(query)[0]
    assert results[0].respelled_from == language
    assert match_dict(results[0])["respelled_from"] == language
    # As written, the names are too far apart.
    target = _person(0, listed, "1962-05-11")
    screener = Screener(Index.from_subjects([target], []))
    written = screener.compare(make_query(query, "Person"), target, tokens=tokenize(query, False))
    assert not written.match


def test_a_name_respelled_and_read_as_russian() -> None:
    # Polish for the Belarusian "Uladzimir Makei": respelled, then read as its Russian form.
    results = _screened("Uładzimir Uładzimirawicz Makiej", "Vladimir Vladimirovich MAKEI", "1958-08-05")
    assert results and results[0].subject.id == "p-0" and results[0].match


def test_an_english_name_is_compared_as_written() -> None:
    results = _screened("Sergei Mikhailovich Pinchuk", "Sergei Mikhailovich PINCHUK", "1971-01-01")
    assert results[0].match and results[0].respelled_from is None
    assert match_dict(results[0])["respelled_from"] is None


def test_an_organisation_is_not_respelled() -> None:
    # An organisation's name is not a romanised Russian name: "Deutschland" stays as written.
    target = _person(0, "Sergei Mikhailovich PINCHUK", "1971-01-01")
    screener = Screener(Index.from_subjects([target], []))
    query = make_query("Sergej Michajlowitsch PINTSCHUK", "Organization")
    assert all(m.respelled_from is None for m in screener.screen(query))
