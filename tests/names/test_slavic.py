"""Names written the Belarusian or the Ukrainian way, read as their Russian forms as well."""

from __future__ import annotations

import pytest

from hisab.match.index import Index, Subject, add_name
from hisab.names import token_similarity, tokenize
from hisab.names.slavic import language_of, russian_form, russian_reading
from hisab.names.tokens import cyrillic_language
from hisab.screen.batch import match_dict
from hisab.screen.service import Match, Screener, make_query


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


def _screened(query: str, listed: str, birth_date: str, dated: bool = True) -> list[Match]:
    """`query`, born on `birth_date` (or, not `dated`, of no known birth date), screened against
    a person listed as `listed` (p-0), born on `birth_date`, among nineteen others."""
    target = _person(0, listed, birth_date)
    filler = [_person(i, f"Filler{i} Person{i}", "1970-01-01") for i in range(1, 20)]
    screener = Screener(Index.from_subjects([target, *filler], []))
    return screener.screen(make_query(query, "Person", birth_date if dated else None))


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
    results = _screened(query, listed, "1954-08-30")
    assert results and results[0].subject.id == "p-0" and results[0].match
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


@pytest.mark.parametrize(
    ("name", "language", "written"),
    [
        # Ukrainian: ї, є or ґ, or і beside и; romanised as Ukrainian passports do (г as h, и as
        # y; є, ї, й, ю, я one way inside a word, another at its start or after a vowel).
        ("Володимир Путін", "ukrainian", "volodymyr putin"),
        ("Тетяна Андріївна ГУЗЄЄВА", "ukrainian", "tetiana andriyivna huzieyeva"),
        ("Євген Євгенович", "ukrainian", "yevhen yevhenovych"),
        # An apostrophe inside a word (here ’) leaves it one word.
        ("Наталя Юр’ївна", "ukrainian", "natalia yurivna"),
        # Belarusian: ў, or і beside ы or э, and no и.
        ("Аляксандр Рыгоравіч Лукашэнка", "belarusian", "aliaksandr ryhoravich lukashenka"),
        ("Яўген Андрэевіч ШАПЕЦЬКА", "belarusian", "yauhen andreevich shapetska"),
        # і alone: both languages write it, and agree on such a name's letters; its parts decide
        # how it is read.
        ("Ігор Сечін", None, "ihor sechin"),
        # Russian, Uzbek (ў beside и) and Kazakh (і beside ы, and letters of its own) Cyrillic.
        ("Владимир Путин", None, "vladimir putin"),
        ("Тўхтасин Ҳамидов", None, "tukhtasin hamidov"),
        ("Нұрсұлтан Әбішұлы Назарбаев", None, "nursultan abishuly nazarbaev"),
    ],
)
def test_cyrillic_is_romanised_as_its_language(name: str, language: str | None, written: str) -> None:
    assert cyrillic_language(name) == language
    assert " ".join(t.text for t in tokenize(name, False)) == written


@pytest.mark.parametrize(
    ("name", "written"),
    [
        # Latin letters inside the Cyrillic words of a Cyrillic name, as the EU writes some (a
        # Latin I for the Ukrainian І, a Latin O), are read as the Cyrillic they pass for.
        ("Наталя НIКОНОРОВА", "natalia nikonorova"),
        ("Iнна Миколаївна", "inna mykolayivna"),
        ("Геннадий ДАВЫДЬКO", "gennadiy davydko"),
        # A Latin name written with Cyrillic look-alikes is still read as Latin, beside a Cyrillic
        # word too when a word has Latin letters no Cyrillic one looks like (V, l, r).
        ("САLI", "cali"),
        ("Vаlеrу Ivanov", "valery ivanov"),
        ("Vаlеrу Иванов", "valery ivanov"),
    ],
)
def test_look_alikes_in_a_cyrillic_name(name: str, written: str) -> None:
    assert " ".join(t.text for t in tokenize(name, False)) == written


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # A name in Ukrainian or Belarusian Cyrillic against a list that gives its Russian form
        # only, in Latin or in Cyrillic (pairs from the EU's Ukraine-related and Belarus acts),
        # with the birth date the list gives.
        ("Володимир Путін", "PUTIN, Vladimir Vladimirovich"),
        ("Валерій Володимирович КАУРОВ", "Валерий Владимирович КАУРОВ"),
        ("Iнна Миколаївна ГУЗЄЄВА", "Инна Николаевна ГУЗЕЕВА"),
        ("Яўген Андрэевіч ШАПЕЦЬКА", "Евгений Андреевич ШАПЕТЬКО"),
    ],
)
def test_own_cyrillic_finds_the_russian_form(query: str, listed: str) -> None:
    results = _screened(query, listed, "1952-10-07")
    assert results and results[0].subject.id == "p-0" and results[0].match
    assert results[0].read_as_russian == ("query",)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # кс romanised x by one, ks by the other (names/similarity.ks_for_x), with no birth date
        # given: the EU's "Maksim ... ORESHKIN", OFAC's "MILLER, Alexey Borisovich".
        ("Maxim Stanislavovich Oreshkin", "Maksim Stanislavovich ORESHKIN"),
        ("Aleksey Miller", "MILLER, Alexey Borisovich"),
        ("Alexander Bortnikov", "Aleksandr Vasilievich BORTNIKOV"),
        ("Oxana Marchenko", "Oksana Ivanovna MARCHENKO"),
    ],
)
def test_x_and_ks_find_each_other(query: str, listed: str) -> None:
    results = _screened(query, listed, "1982-07-21", dated=False)
    assert results and results[0].subject.id == "p-0" and results[0].match
