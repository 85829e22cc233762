"""Names written the Belarusian or the Ukrainian way, read as their Russian forms as well."""

from __future__ import annotations

import pytest

from hisab.match.index import Index, Subject, add_name
from hisab.names import token_similarity, tokenize
from hisab.names.slavic import language_of, russian_form, russian_reading
from hisab.screen.batch import match_dict
from hisab.screen.service import Screener, make_query


@pytest.mark.parametrize(
    ("language", "form", "russian"),
    [
        ("belarusian", "uladzimir", "vladimir"),
        ("belarusian", "siarhei", "sergei"),
        ("belarusian", "mikalai", "nikolai"),
        # Patronymics from their given name's Russian form.
        ("belarusian", "uladzimiravich", "vladimirovich"),
        ("belarusian", "siarheevich", "sergeevich"),
        ("belarusian", "ryhoravich", "grigorievich"),
        ("belarusian", "aliaksandrauna", "aleksandrovna"),
        # Other parts by the letter rules.
        ("belarusian", "lukashenka", "lukashenko"),
        ("belarusian", "holub", "golub"),
        ("belarusian", "dzmitryevich", "dmitrievich"),
        ("belarusian", "tsikhanouskaya", "tikhanovskaya"),
        ("ukrainian", "oleksandr", "aleksandr"),
        ("ukrainian", "mykola", "nikolai"),
        ("ukrainian", "volodymyrovych", "vladimirovich"),
        ("ukrainian", "mykolayivna", "nikolaevna"),
        ("ukrainian", "yuriyovych", "yurievich"),
        ("ukrainian", "anatoliivna", "anatolievna"),
        ("ukrainian", "buhrov", "bugrov"),
        ("ukrainian", "laptieva", "lapteva"),
        ("ukrainian", "manezhyna", "manezhina"),
        ("ukrainian", "balytskyi", "balitskii"),
    ],
)
def test_russian_form(language: str, form: str, russian: str) -> None:
    assert russian_form(form, language) == russian


@pytest.mark.parametrize(
    ("belarusian", "russian"),
    [
        ("Tserabau", "Terebov"),
        # (not "Navumau": as written, the v of its "avu" is read as the vowel, latin.tsv, and it
        # is already "Naumau", which meets "Naumov")
        ("Ramanau", "Romanov"),
        ("Biareishyk", "Bereishik"),
        ("Kuzniatsou", "Kuznetsov"),
    ],
)
def test_surnames_read_as_russian_are_alike(belarusian: str, russian: str) -> None:
    reading = russian_reading(tokenize(f"Siarhei {belarusian}", False))
    assert reading is not None
    other = tokenize(russian)[0]
    assert token_similarity(reading[1], other) >= 0.85
    assert token_similarity(tokenize(belarusian)[0], other) <= 0.7  # as written


@pytest.mark.parametrize(
    "name",
    [
        "Mohammad Bagher Ghalibaf",  # nothing Belarusian
        "Sergei Evgenievich Terebov",  # Russian already
        "Tserabau",  # a surname alone does not show how the name is written
        "Raman Hosseini",  # Raman is also a Persian name: it does not mark a name alone
        "Yuriy Ivanov",  # Yuriy is also a Russian romanisation
    ],
)
def test_other_names_have_no_reading(name: str) -> None:
    assert russian_reading(tokenize(name, False)) is None


def _person(n: int, name: str, birth_date: str, readings: bool = True) -> Subject:
    subject = Subject(id=f"p-{n}", schema="Person", caption=name, dataset="d", record_id=str(n))
    add_name(subject, name, "name", False, set(), readings=readings)
    subject.birth_dates.add(birth_date)
    return subject


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # The Russian form against a list that gives the Belarusian one, and the other way round.
        ("Alexander Grigorievich Lukashenko", "Aliaksandr Ryhoravich LUKASHENKA"),
        ("Siarhei Yauhenavich TSERABAU", "Сергей Евгеньевич Теребов"),
        ("Sergey Evgenievich Terebov", "Siarhei Yauhenavich TSERABAU"),
        ("Uladzimir Uladzimiravich Navumau", "Vladimir Vladimirovich Naumov"),
        ("Oleh Yevhenovych BUHROV", "Oleg Evgenevich BUGROV"),
        ("Ekaterina Vladimirovna GUZEEVA", "Kateryna Volodymyrivna HUZIEIEVA"),
    ],
)
def test_either_form_finds_the_other(query: str, listed: str) -> None:
    target = _person(0, listed, "1954-08-30")
    filler = [_person(i, f"Filler{i} Person{i}", "1970-01-01") for i in range(1, 20)]
    screener = Screener(Index.from_subjects([target, *filler], []))
    results = screener.screen(make_query(query, "Person", "1954-08-30"))
    assert results and results[0].subject.id == target.id and results[0].match
    # The listed name is shown as the list writes it, and the result says which name was read.
    assert results[0].name == " ".join(t.text for t in tokenize(listed, False))
    sides = {"listed"} if language_of(tokenize(listed, False)) else {"query"}
    assert set(results[0].read_as_russian) == sides
    assert match_dict(results[0])["read_as_russian"] == list(results[0].read_as_russian)


def test_a_name_read_as_written_says_so() -> None:
    target = _person(0, "Aliaksandr Ryhoravich LUKASHENKA", "1954-08-30")
    filler = [_person(i, f"Filler{i} Person{i}", "1970-01-01") for i in range(1, 20)]
    screener = Screener(Index.from_subjects([target, *filler], []))
    result = screener.screen(make_query("Aliaksandr Ryhoravich Lukashenka", "Person", "1954-08-30"))[0]
    assert result.match and result.read_as_russian == ()
