"""Golden screening cases, scored with rarity weights from real lists."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hisab.lists import load_paths
from hisab.match.align import align
from hisab.match.features import FEATURES, Comparison, feature_values, voiced_weights
from hisab.match.index import Index, Subject
from hisab.names import tokenize
from hisab.screen import Screener, make_query, service
from hisab.screen.batch import match_dict
from hisab.store import Store


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Screener:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('golden') / 'store.db'}")
    load_paths(
        store,
        [
            data_dir / "un_sc/watchman_2026-02-27",
            data_dir / "ofac_sdn_2022-11",
            data_dir / "eu_oj_opensanctions/consolidated/32011R0359.csv",
        ],
    )
    return Screener(Index.build(store))


def subject(name: str, schema: str = "Person", birth_date: str | None = None) -> Subject:
    organisation = schema != "Person"
    s = Subject(id="test-1", schema=schema, caption=name, dataset="test", record_id="1")
    s.names.append((tokenize(name, organisation), "name"))
    if birth_date:
        s.birth_dates.add(birth_date)
    return s


MATCH = [
    ("Mohammad Bagher Ghalibaf", "Mohammad Baqer Qalibaf", "Person"),
    ("محمدباقر قالیباف", "Mohammad Bagher Ghalibaf", "Person"),
    ("ابراهیم رئیسی", "Ebrahim Raisi", "Person"),
    ("Ebrahim Raeisi", "RAISI, Ebrahim", "Person"),
    ("Seyed Ali Khamenei", "Ali Khamenei", "Person"),
    pytest.param(
        "علی خامنه‌ای",
        "Ali Hosseini Khamenei",
        "Person",
        # Known gap (issue 3): a partial name without birth dates scores 0.18 against a name
        # whose parts no list names (this subject's). Where the list says Husseini is a middle
        # name, as OFAC's does, it is a match (test_a_middle_name_left_out_where_the_list_names_
        # the_parts). strict: when it passes the marker must go.
        marks=pytest.mark.xfail(strict=True, reason="partial name, no birth date: known gap"),
    ),
    # A compound's end written first, as right-to-left text copied in reversed order comes
    # (an EU alias of Mehdi SHAMSABAD; match/align.py, joined).
    ("آباد شمس مهدی", "Mehdi Shamsabad", "Person"),
    # ش written ch in the French way (names/similarity.py, _CH and _SH).
    ("Ali Chamkhani", "Ali Shamkhani", "Person"),
    ("Hachem Safieddine", "Hashem Safieddine", "Person"),
    # خ written ch in the German way (names/similarity.py, _CH and _KH).
    ("Ali Chamenei", "Ali Khamenei", "Person"),
    # خ written j the Spanish way, in a name that shows Spanish (names/respell.py).
    ("Alí Jameneí", "Ali Khamenei", "Person"),
    # Russian names romanised by German and Polish rules (names/respell.py).
    ("Sergej Kuschugetowitsch Schoigu", "Sergei Kuzhugetovich SHOIGU", "Person"),
    ("Siergiej Kużugietowicz Szojgu", "Sergei Kuzhugetovich SHOIGU", "Person"),
    ("Sergejs Kužugetovičs Šoigu", "Sergei Kuzhugetovich SHOIGU", "Person"),
    ("Sergej Kužugetovič Šojgu", "Sergei Kuzhugetovich SHOIGU", "Person"),
    ("Sergejus Kužugetovičius Šoigu", "Sergei Kuzhugetovich SHOIGU", "Person"),
    ("Vladimiras Putinas", "Vladimir Vladimirovich PUTIN", "Person"),
    ("Vlagyimir Putyin", "Vladimir Vladimirovich PUTIN", "Person"),
    ("Szergej Kuzsugetovics Sojgu", "Sergei Kuzhugetovich SHOIGU", "Person"),
    # A Russian name in BGN/PCGN (OFAC's) and in the EU's romanisation; in a Russian passport's.
    ("Yuriy Sergeyevich GORDEYEV", "Yuriy Sergeevich GORDEEV", "Person"),
    ("Iurii Pavlovich IUROV", "Yuriy Pavlovich YUROV", "Person"),
    # Abd al- before a sun letter, assimilated in one form, cut in the other (the UN's alias).
    ("Abdussatar Abdul Manan", "Abdul Satar Abdul Manan", "Person"),
    ("Abdul Samad", "Abdus Samad", "Person"),
    # A Persian name beginning with ye, in Arabic script and in Latin.
    ("حسين يكتا", "Hossein YEKTA", "Person"),
    # Persian names written in Russian Cyrillic, where х is h and г gh (names/tokens.py,
    # persian_form), and in Tajik Cyrillic.
    ("Ахмад Вахиди", "Ahmad Vahidi", "Person"),
    ("Мохсен Резаи", "Mohsen Rezaei", "Person"),
    ("Мохаммад Багер Галибаф", "Mohammad Bagher Ghalibaf", "Person"),
    ("Муҳаммадбоқир Қолибоф", "Mohammad Bagher Ghalibaf", "Person"),
    # A Russian name without its patronymic, as customer records and the press write it.
    ("Sergei Shoigu", "Sergei Kuzhugetovich SHOIGU", "Person"),
    ("Vladimir Yakunin", "YAKUNIN, Vladimir Ivanovich", "Person"),
    ("Roman Abramovich", "Roman Arkadyevich ABRAMOVICH", "Person"),
    # Serbian Cyrillic and Greek: letters that were dropped.
    ("Ратко Младић", "Ratko Mladic", "Person"),
    ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos", "Person"),
    ("Islamic Revolutionary Guard Corps", "IRGC", "Organization"),
    ("IRGC", "Islamic Revolutionary Guard Corps", "Organization"),
    ("Abdolrahim Mousavi", "Abdul Rahim Musawi", "Person"),
    # ق written g, as Persian romanisations do (OFAC's "BAGHERI, Mohammad").
    ("Mohammad Bageri", "BAGHERI, Mohammad", "Person"),
    # داوود written with its و as the consonant and as the vowel (EU-IRN's "Davoud BABAEI").
    ("Daoud Babaei", "Davoud BABAEI", "Person"),
    ("Bank Melli Iran", "Bank Melli", "Organization"),
    # NK (oil company), a Russian abbreviation of the kind of organisation (legal_forms.txt).
    ("ПАО НК Роснефть", "ROSNEFT", "Organization"),
    # A Persian name and its English translation (resources/names/org_terms.tsv).
    ("Khatam al-Anbiya Construction Headquarters", "Gharargah Sazandegi Khatam al-Anbiya", "Organization"),
    ("قرارگاه سازندگی خاتم الانبیا", "Khatam al-Anbiya Construction Headquarters", "Organization"),
    # Russian, Spanish and French names against their English translation (org_terms.tsv),
    # and the Russian legal form written out (legal_forms.txt).
    (
        "OOO LADOGA MANAGEMENT",
        "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU LADOGA MENEDZHMENT",
        "Organization",
    ),
    ("World Distribution System", "SISTEMA DE DISTRIBUCION MUNDIAL, S.A.C.", "Organization"),
    ("Groupement Islamique Armé", "Armed Islamic Group", "Organization"),
    # Generic words abbreviated, as payment messages write them to fit a field (org_terms.tsv).
    ("SWISS MGMT SVCS SARL", "SWISS MANAGEMENT SERVICES SARL", "Organization"),
    (
        "IRANIAN PETROCHEM INVESTMENT DEVELOPMENT MGMT CO",
        "Iranian Petrochemical Investment Development Management Company",
        "Organization",
    ),
    # Generic words cut short (abbreviated.txt), "ELEC" being Electric or Electronics.
    ("SKYWALKER TECH CO LTD", "SKYWALKER TECHNOLOGY CO. LTD", "Organization"),
    ("CHINA ELEC TECH GRP CORP", "CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION", "Organization"),
    # An airline by its other English names, and by its Persian one.
    ("Mahan Airlines", "MAHAN AIR", "Organization"),
    ("هواپیمایی ماهان", "Mahan Air", "Organization"),
    # The EU's name with its listing's scope, against OFAC's.
    (
        "Bank Melli, Bank Melli Iran (including all branches) and subsidiaries",
        "BANK MELLI IRAN",
        "Organization",
    ),
]

NO_MATCH = [
    ("Mohammad Rezaei", "Mohammad Karimi", "Person"),
    ("Ali Hosseini", "Ali Hossein Tabatabaei", "Person"),
    ("Mahmoud Ahmadi", "Mohammad Ahmadian", "Person"),
    # A common name written in Russian Cyrillic is as common as in Latin script: read as
    # Mokhammad and Khosseini, rare names, it was an alert.
    ("Мохаммад Хоссейни", "Seyyed Mohammad Hosseini", "Person"),
    # Two patronymics are two fathers: left out, a patronymic counts little; different, in full.
    ("Sergei Ivanovich Petrov", "Sergei Nikolaevich PETROV", "Person"),
    # Organisations that share only generic words ("Organization", "of", "Iran").
    ("People's Mojahedin Organization of Iran", "Atomic Energy Organization of Iran", "Organization"),
    ("National Development Fund of Iran", "Islamic Republic of Iran Broadcasting", "Organization"),
    ("Mahan Airlines", "Iran Air", "Organization"),
    # Abbreviations of generic words are read as the words: they make no match on their own.
    ("SEPEHR INTL TRDG CO", "ARIAN INTERNATIONAL TRADING COMPANY", "Organization"),
    ("KALA ELEC", "IRAN ELECTRONICS INDUSTRIES", "Organization"),
    # Two shipping lines that share a country and what they do: which line each is, the other
    # country says ("Iran" is a country's name, "Shipping" and "Lines" generic words;
    # features.other_distinctive_words). 0.80 before countries were read so.
    ("Iran and Egypt Shipping Lines", "Iran and India Shipping Lines", "Organization"),
]


@pytest.mark.parametrize(("query", "listed", "schema"), MATCH)
def test_golden_matches(screener: Screener, query: str, listed: str, schema: str) -> None:
    result = screener.compare(make_query(query, schema), subject(listed, schema))
    assert result.match, f"{query} ~ {listed}: {result.score:.3f} {result.explanation}"


@pytest.mark.parametrize(("query", "listed", "schema"), NO_MATCH)
def test_golden_non_matches(screener: Screener, query: str, listed: str, schema: str) -> None:
    result = screener.compare(make_query(query, schema), subject(listed, schema))
    assert not result.match, f"{query} !~ {listed}: {result.score:.3f} {result.explanation}"


def test_birth_date_contradiction_blocks_a_common_name(screener: Screener) -> None:
    listed = subject("Mohammad Hosseini", birth_date="1961")
    same = screener.compare(make_query("Mohammad Hosseini", "Person", "1961-05-01"), listed)
    other = screener.compare(make_query("Mohammad Hosseini", "Person", "1990-05-01"), listed)
    assert other.score < 0.1 < same.score, (same.score, other.score)
    assert not other.match


def test_the_two_soleimanis_are_told_apart_by_birth_date(screener: Screener) -> None:
    """UN IRi.039 QASEM SOLEIMANI (born 1957-03-11) and IRi.040 GHASEM SOLEYMANI (no date listed)."""
    matches = screener.screen(
        make_query("Qasem Soleimani", "Person", "1957-03-11"), top=10, datasets={"un_sc"}
    )
    ids = [m.subject.record_id for m in matches]
    assert ids[0] == "IRi.039", ids
    scores = {m.subject.record_id: m.score for m in matches}
    assert scores["IRi.039"] > 0.95, scores
    assert scores.get("IRi.040", 0.0) < scores["IRi.039"], scores
    qasem = next(m for m in matches if m.subject.record_id == "IRi.039")
    assert any(c.feature == "birth_date_match" for c in qasem.explanation), (
        "the birth date is part of the reason"
    )


def test_screen_finds_listed_people_across_scripts(screener: Screener) -> None:
    for query in ("Mohammad Reza Naqdi", "محمدرضا نقدی", "Mohammadreza Naghdi"):
        matches = screener.screen(make_query(query, "Person"), top=5)
        assert matches and matches[0].match, (query, [(m.subject.caption, m.score) for m in matches])
        assert "NAQDI" in matches[0].subject.caption.upper(), (query, matches[0].subject.caption)


def test_a_middle_name_left_out_where_the_list_names_the_parts(screener: Screener) -> None:
    # OFAC writes "KHAMENEI, Ali Husseini": Husseini is a middle name there, and "Ali Khamenei"
    # leaves it out (0.26 when it counted in full). No birth date is given.
    for query in ("Ali Khamenei", "علی خامنه‌ای", "Ali Chamenei", "Alí Jameneí"):
        matches = screener.screen(make_query(query, "Person"), top=3, datasets={"us_ofac_sdn"})
        assert matches and matches[0].match, [(m.subject.caption, m.score) for m in matches]
        assert matches[0].subject.caption == "KHAMENEI, Ali Husseini", matches[0].subject.caption
        # The explanation names the part left out, and so does screen-file's output.
        assert matches[0].left_out == ("husseini",), matches[0].left_out
        assert match_dict(matches[0])["left_out"] == ["husseini"]
    # The family name is no middle name: the given names alone are no match.
    given = screener.screen(make_query("Ali Husseini", "Person"), top=5, datasets={"us_ofac_sdn"})
    assert not any(m.match for m in given), [(m.subject.caption, m.score) for m in given]


@pytest.mark.parametrize(
    ("query", "caption"),
    [
        ("زندان اوین", "Evin Prison"),
        ("زندان مرکزی اصفهان", "Isfahan Central Prison"),
        ("شعبه اول دادگاه انقلاب شیراز", "1st branch of the Revolutionary Court of Shiraz"),
        ("سپاه امام رضا", "Imam Reza Islamic Revolutionary Guard Corps"),
    ],
)
def test_persian_names_of_listed_prisons_and_courts(screener: Screener, query: str, caption: str) -> None:
    # The EU lists Iran's prisons and courts in English only; NGOs and the press name them in
    # Persian. Read as written, "زندان اوین" scored 0.00 against Evin Prison, and "زندان مرکزی
    # اصفهان" alerted on the EU's Sanandaj and Zahedan central prisons (whose records carry
    # Persian aliases) at 0.71 and 0.67 instead.
    matches = screener.screen(make_query(query, "Organization"), top=5, datasets={"eu_journal"})
    alerts = [m.subject.caption for m in matches if m.match]
    assert alerts == [caption], [(m.subject.caption, m.score) for m in matches]


@pytest.mark.parametrize(
    ("query", "caption"),
    [
        ("حركة النجباء", "HARAKAT AL-NUJABA"),
        ("كتائب حزب الله", "KATA'IB HIZBALLAH"),
        # Hizb (party) is read as its English word, and as written when read joined: 0.00 when
        # the joined reading was "partyallah".
        ("Hizb Allah", "HIZBALLAH"),
        ("حزب الله", "HIZBALLAH"),
    ],
)
def test_arabic_names_of_listed_armed_groups(screener: Screener, query: str, caption: str) -> None:
    # OFAC writes them in Latin letters, the word for movement or brigades transliterated
    # (Harakat, Kataib); their own media in Arabic. Read as written, "حركة النجباء" scored 0.13.
    matches = screener.screen(make_query(query, "Organization"), top=5, datasets={"us_ofac_sdn"})
    assert matches and matches[0].match, [(m.subject.caption, m.score) for m in matches]
    assert matches[0].subject.caption == caption, [(m.subject.caption, m.score) for m in matches]


def test_a_lithuanian_form_finds_the_listed_record(screener: Screener) -> None:
    # The Lithuanian press's form of Putin's name, with its endings -as, against OFAC's record
    # "PUTIN, Vladimir Vladimirovich": read as written, 0.00 (names/respell.py).
    (found,) = screener.screen(make_query("Vladimiras Putinas", "Person"), top=1, datasets={"us_ofac_sdn"})
    assert found.match and found.subject.caption == "PUTIN, Vladimir Vladimirovich", found.subject.caption
    assert found.respelled_from == "lithuanian"


def test_a_hungarian_form_finds_the_listed_record(screener: Screener) -> None:
    # The Hungarian press's form of Putin's name (gy and ty the soft д and т) against OFAC's
    # record: read as written, 0.25 against the EU's "Vladimir PUTIN" (names/respell.py).
    (found,) = screener.screen(make_query("Vlagyimir Putyin", "Person"), top=1, datasets={"us_ofac_sdn"})
    assert found.match and found.subject.caption == "PUTIN, Vladimir Vladimirovich", found.subject.caption
    assert found.respelled_from == "hungarian"


@pytest.mark.parametrize(
    ("query", "listed", "respelled_from"),
    [
        # Turkish h for خ (and the vowels Turkish hears), respelled with kh as well.
        ("Mücteba Hamaney", "KHAMENEI, Mojtaba", "turkish"),
        ("Ali Şemhani", "SHAMKHANI, Ali", "turkish"),
        ("Halid Şeyh Muhammed", "MOHAMMED, Khalid Shaikh", None),  # kh against h
        ("Kim Çol Sam", "Kim Chol Sam", "turkish"),  # ç alone marks Turkish
        # c alone, in plain letters, is Turkish for ج (0.12 read as written only).
        ("Muhammed Hicazi", "Mohammad Hejazi", "turkish"),
        ("SACCAD, Rassul", "SAJJAD, Rasoul", "turkish"),  # cc for jj (0.16 as written)
        # A Turkish letter keeps its reading's rarity: "Çol" read as written is "col", a skeleton
        # many names share.
        ("Jo Çol", "Cho Il U", "turkish"),
        # The list's Russian romanisation (kh for ح) against the English one.
        ("Ahmad Shishani", "Akhmed Rajapovich Chataev", None),
    ],
)
def test_turkish_and_russian_spellings_find_the_listed_record(
    screener: Screener, query: str, listed: str, respelled_from: str | None
) -> None:
    # Read as written before, each scored 0.17 or less against its record (names/similarity.py,
    # `_HALF_LETTERS`; resources/names/respellings.tsv, the Turkish variant).
    found = screener.screen(make_query(query, "Person"), top=3)
    mine = [m for m in found if m.subject.caption.upper() == listed.upper()]
    assert mine and mine[0].match, [(m.subject.caption, m.score) for m in found]
    assert mine[0].respelled_from == respelled_from


def test_a_second_respelling_counts_no_rarer_than_the_first(screener: Screener) -> None:
    # "Hüseyin" read the Turkish way with h as kh is "Khusein", a rare spelling of the common
    # Husein: it weighs as Husein does, and makes no alert of a common name (0.97 before).
    name = subject("Hussayn Salami")
    variant = screener.compare(make_query("Hüseyin Salami", "Person"), name)
    plain = screener.compare(make_query("Husein Salami", "Person"), name)
    assert variant.score <= plain.score, (variant.score, plain.score)


def test_a_respelling_of_a_name_in_plain_letters_counts_no_rarer_than_the_name(screener: Screener) -> None:
    # OFAC lists "Iranvisacart" as a weak alias of KHORASHADIZADEH, Ali. Read the Turkish way (a c
    # before a vowel) it is "iranvisajart", a spelling no list holds, which weighed as rarer than
    # the name as written: the reading alerted at 0.58 where the name as written scores 0.48.
    found = screener.screen(make_query("Iranvisacart", "Person"), top=3)
    mine = [m for m in found if m.subject.caption == "KHORASHADIZADEH, Ali"]
    assert mine, [(m.subject.caption, m.score) for m in found]
    assert mine[0].respelled_from is None, (mine[0].respelled_from, mine[0].score)


def test_a_turkish_last_t_finds_the_listed_d(screener: Screener) -> None:
    # Turkish writes Ahmad "Ahmet": read as written, "Ahmet Vahidi" left the EU's VAHIDI Ahmad
    # out of its candidates (0.6 a part against Ahmad); with his birth year, a match now.
    found = screener.screen(make_query("Ahmet Vahidi", "Person", "1958"), top=3)
    assert found and found[0].match, [(m.subject.caption, m.score) for m in found]
    assert found[0].subject.caption == "VAHIDI Ahmad", found[0].subject.caption


def test_a_devoiced_part_weighs_no_more_than_the_listed_part_it_meets(screener: Screener) -> None:
    # "Ahmet" is a rare spelling of the common Ahmad: against VAHIDI Ahmad it weighs as Ahmad
    # does (features.voiced_weights), and the query scores as "Ahmed Vahidi" would at most.
    listed = subject("Ahmad Vahidi")
    devoiced = screener.compare(make_query("Ahmet Vahidi", "Person"), listed)
    plain = screener.compare(make_query("Ahmed Vahidi", "Person"), listed)
    # The rarity mass matched: Ahmet's at most Ahmed's (weighed as written, 0.95 against 0.71).
    assert dict(devoiced.fired)["evidence"] <= dict(plain.fired)["evidence"]
    assert devoiced.score < plain.score, (devoiced.score, plain.score)
    (ahmet, vahidi) = tokenize("Ahmet Vahidi")
    index = screener.index
    assert index.weight(ahmet) > index.weight(tokenize("Ahmad")[0])
    alignment = align((ahmet, vahidi), listed.names[0][0])
    weights = (index.weight(ahmet), index.weight(vahidi))
    c_weights = tuple(index.weight(t) for t in listed.names[0][0])
    capped = voiced_weights((ahmet, vahidi), weights, listed.names[0][0], c_weights, alignment)
    assert capped == (index.weight(tokenize("Ahmad")[0]), weights[1])


def test_a_glide_one_name_writes_is_no_vowel_variant(screener: Screener) -> None:
    # Kiani (کیانی) writes a ی that Kony leaves out: "Mohammad Kiani", born in the year the UN
    # gives for Ali KONY, alerted on him at 0.87 as a vowel variant (kiani ~ kony 0.92).
    found = screener.screen(make_query("Mohammad Kiani", "Person", "1993-10-23"), top=5)
    assert not [m.subject.caption for m in found if m.match], [(m.subject.caption, m.score) for m in found]


def test_a_russian_writing_of_a_persian_name_is_read_both_ways(screener: Screener) -> None:
    matches = screener.screen(make_query("Мохаммад Реза Нагди", "Person"), top=5)
    assert matches and matches[0].match, [(m.subject.caption, m.score) for m in matches]
    assert "NAQDI" in matches[0].subject.caption.upper(), matches[0].subject.caption
    assert matches[0].read_as_persian
    assert match_dict(matches[0])["read_as_persian"] is True  # in screen-file's output too
    # A part weighs as its Persian reading does: "Мохаммад" is as common as Mohammad.
    index = screener.index
    for russian, latin in (("Мохаммад", "Mohammad"), ("Хоссейни", "Hosseini"), ("Хасан", "Hasan")):
        (cyrillic,) = tokenize(russian)
        assert index.weight(cyrillic) == index.weight(tokenize(latin)[0]), russian
    # A Russian name is found as written (х as kh), and says so.
    (found,) = screener.screen(make_query("Михаил Мишустин", "Person"), top=1)
    assert found.match and "MISHUSTIN" in found.subject.caption.upper(), found.subject.caption
    assert not found.read_as_persian


def test_explanation_names_the_features(screener: Screener) -> None:
    result = screener.compare(
        make_query("Mohammad Bagher Ghalibaf", "Person"), subject("Mohammad Baqer Qalibaf")
    )
    features = {c.feature for c in result.explanation}
    assert {"query_coverage", "candidate_coverage"} <= features, features
    # Each feature described in words (its docstring's first paragraph), not by its name: a
    # compiled feature function has no __doc__, so the text is read from features.py.
    described = {c.feature: c.description for c in result.explanation}
    assert all(text and text != feature for feature, text in described.items()), described
    assert described["query_coverage"].startswith("How much of the query's name is found in the listed name")


# The candidate stage (`Screener._candidates`) on the same lists.
CANDIDATE_QUERIES = [
    ("Mohammad Bagher Ghalibaf", False),
    ("محمدباقر قالیباف", False),
    ("Sayyed Ali Khamenei", False),
    ("Hojatoleslam Mohammad Hosseini", False),
    ("M. Y. Ahmad", False),
    ("Mohammad", False),
    ("Islamic Revolutionary Guard Corps", True),
    ("IRGC", True),
    ("Bank Sepah PJSC", True),
    ("Korea Mining Development Trading Corporation", True),
]


def test_the_names_found_are_summed_alike_among_themselves_and_over_all_listed_names(
    screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A query's finds are summed by screen/_merge.c where it is built, and by numpy otherwise:
    # among themselves while they are few (COMPACT_RATIO), over an array of every listed name
    # when many. The titles, legal forms and initials that add to the sums must reach the same
    # names every way; and the sums themselves, of each query part's finds as the candidate
    # stage makes them (`_expand`, weighted), must be the same numbers.
    size = len(screener.index.name_tokens)
    for name, organisation in CANDIDATE_QUERIES:
        tokens = tokenize(name, organisation)
        runs, values = [], []
        for token in tokens:
            ids, credits = screener._expand(token, False)
            runs.append(ids)
            values.append(credits * screener.index.weight(token))
        ways = []
        for ratio in (0, 10**9):
            monkeypatch.setattr(service, "COMPACT_RATIO", ratio)
            ways.append(
                (service._python_merged(runs, values, size, True), screener._candidates(tokens, None, 12))
            )
        if service._NATIVE_MERGE is not None:
            ways.append((service.merged(runs, values, size, True), ways[0][1]))
        (pool, sums), chosen = ways[0]
        assert len(pool) > 10 and chosen[0], name
        for (other_pool, other_sums), other_chosen in ways[1:]:
            assert np.array_equal(other_pool, pool) and np.array_equal(other_sums, sums), name
            assert other_chosen == chosen, name


def test_another_given_name_of_a_listed_family_is_no_match(screener: Screener) -> None:
    # OFAC's "SOLTANI, Mohammad" and the EU's "ROSTAMI CHESHMEH GACHI Mohammed" name their given
    # names: customers of those common family names, born in the listed year, with other common
    # given names alerted on them (0.68, 0.73), the given names differing at almost no cost.
    for query, born in (
        ("Ali Soltani", "1958-07-05"),
        ("علی سلطانی", "1958-07-05"),
        ("Ali Rostami", "1976-06-04"),
    ):
        found = screener.screen(make_query(query, "Person", born), top=5)
        assert not [m.subject.caption for m in found if m.match], [
            (m.subject.caption, m.score) for m in found
        ]
        differs = [m for m in found if any(c.feature == "given_name_differs" for c in m.explanation)]
        assert differs, [(m.subject.caption, m.score) for m in found]
    # The listed given name, in another spelling, is still a match.
    found = screener.screen(make_query("Mohammed Soltani", "Person", "1958-07-05"), top=5)
    assert any(m.match and m.subject.caption == "SOLTANI, Mohammad" for m in found), [
        (m.subject.caption, m.score) for m in found
    ]


def test_given_names_and_a_birth_year_alone_are_no_match(screener: Screener) -> None:
    # Customers of bench.screen_file_scale named "Mohammad Reza", born in 1944 or 1952, alerted
    # (0.50) on OFAC's "ZAHEDI, Mohammed Reza" and "NAQDI, Mohammad Reza" (or its alias "SHAMS,
    # Mohammad Reza") by two of Iran's commonest given names and the birth year.
    for born, caption in (("1944-08-25", "ZAHEDI, Mohammed Reza"), ("1952-03-02", "NAQDI, Mohammad Reza")):
        found = screener.screen(make_query("Mohammad Reza", "Person", born, "ir"), top=5)
        listed = [m for m in found if m.subject.caption == caption]
        assert listed and not listed[0].match, [(m.subject.caption, m.score) for m in found]
        assert any(c.feature == "family_name_left_out" for c in listed[0].explanation)
        whole = screener.screen(
            make_query(f"Mohammad Reza {caption.split(',')[0]}", "Person", born, "ir"), top=5
        )
        assert any(m.match and m.subject.caption == caption for m in whole), [
            (m.subject.caption, m.score) for m in whole
        ]


def test_feature_values_are_each_feature_in_the_order_of_features(screener: Screener) -> None:
    # `feature_values` calls the features by name (compiled, a call through `FEATURES` costs the
    # call protocol); the algorithm reads its values by the positions of `FEATURES`.
    index = screener.index
    comparisons = 0
    fired: set[str] = set()
    queries = [(q, s, None) for q, _, s in MATCH if isinstance(q, str)]
    queries += [
        ("Mohammad Reza", "Person", "1944-08-25"),
        ("Ali Soltani", "Person", "1958-07-05"),
        ("Maryam Soltani", None, "1958"),
        ("Qasem Soleimani", "Person", "1957-03-11"),
        ("Ebrahim Raisi", None, "2010-01-01"),
        ("Islamic Revolutionary Guard Corps", "Organization", None),
        ("IRGC", None, None),
        ("Mahan Air", "Organization", None),
    ]
    for text, schema, born in queries:
        query = make_query(text, schema, born, "ir")
        tokens = tokenize(text, schema not in (None, "Person"))
        q_weights = tuple(index.weight(t) for t in tokens)
        for found in screener.screen(query, top=10):
            for c_tokens, kind in found.subject.names:
                comparison = Comparison(
                    query,
                    tokens,
                    q_weights,
                    found.subject,
                    c_tokens,
                    tuple(index.weight(t) for t in c_tokens),
                    kind,
                    align(tokens, c_tokens),
                    index.generic,
                )
                values = feature_values(comparison)
                assert values == [feature(comparison) for feature in FEATURES.values()], (text, c_tokens)
                fired |= {name for name, value in zip(FEATURES, values, strict=True) if value}
                comparisons += 1
    # Enough comparisons, and enough features that fire in them, for a value put in the wrong
    # place to show.
    assert comparisons > 300 and len(fired) >= 20, (comparisons, sorted(set(FEATURES) - fired))
