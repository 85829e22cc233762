"""Organisation names in the names layer: Persian words compared as their English translation,
a listing's scope and repeated parts de-weighted, function words weighing like particles."""

from __future__ import annotations

import pytest

from hisab.match.align import joined
from hisab.names.tokens import LEGAL, NAME, PARTICLE, tokenize


def kinds(name: str, organisation: bool | None = True) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for t in tokenize(name, organisation):
        found.setdefault(t.kind, []).append(t.text)
    return found


@pytest.mark.parametrize(
    ("written", "english"),
    [
        ("Gharargah Sazandegi", "Headquarters Construction"),
        ("Qarargah-e Sazandegi", "Headquarters Construction"),
        ("قرارگاه سازندگی", "Headquarters Construction"),
        ("Sepah-e Pasdaran-e Enghelab-e Eslami", "Sepah Guards Revolution Eslami"),
        ("Kashtirani Jomhuri Eslami Iran", "Shipping Republic Eslami Iran"),
        ("Havapeymayi Melli Iran", "Airline Melli Iran"),
        ("هواپیمایی ماهان", "Airline Mahan"),
        # English words one airline is named with on different lists.
        ("Mahan Air", "Mahan Airline"),
        ("Mahan Airlines", "Mahan Airline"),
        ("Dena Airways", "Dena Airline"),
        # Russian, Spanish, French and Arabic words of organisation names, as the lists
        # transliterate them.
        ("Ladoga Menedzhment", "Ladoga Management"),
        ("Nauchno Proizvodstvennoe Obedinenie Almaz", "Scientific Production Association Almaz"),
        ("Kontsern Radioelektronnye Tekhnologii", "Concern Radioelektronnye Technologies"),
        ("Sistema de Distribucion Mundial", "System Distribution World"),
        ("Groupement Islamique Arme", "Islamic Armed"),
        ("Banco Nacional", "Bank National"),
        ("Jaysh al-Adl", "Army Adl"),
        ("Zendan-e Evin", "Prison Evin"),
        ("Shoraye Aali", "Council Aali"),
        # A revolution's adjective as the revolution (Persian writes one word for both).
        ("Islamic Revolutionary Guard Corps", "Islamic Revolution Guard Corps"),
        # A country's adjective as the country.
        ("Belarusian Central Election Commission", "Belarus Central Election Commission"),
        ("National Iranian Oil", "National Iran Oil"),
    ],
)
def test_words_of_organisations_are_compared_as_one_english_word(written: str, english: str) -> None:
    tokens = [t for t in tokenize(written, True) if t.kind == NAME]
    assert [t.phon for t in tokens] == [t.phon for t in tokenize(english, True)]
    # The text stays as written: it is what a reviewer reads.
    assert "headquarters" not in [t.text for t in tokens]


@pytest.mark.parametrize(
    ("written", "english"),
    [
        # The words of the names of Iran's prisons, courts and police, which the lists write in
        # English only ("Isfahan Central Prison"); a name stays in its script.
        ("زندان مرکزی اصفهان", ["prison", "central", None]),
        ("شعبه اول دادگاه انقلاب شیراز", ["branch", None, "court", "revolution", None]),
        ("سازمان زندان‌های تهران", ["organization", "prisons", None]),
        ("پلیس فتا", ["police", None]),
        ("شورای عالی فضای مجازی", ["council", "supreme", None, None]),
        # سپاه is the corps; سپه is Bank Sepah's name.
        ("سپاه امام رضا", ["corps", None, None]),
        ("بانک سپه", [None, None]),
        # The Arabic words of armed groups' names, as in Latin letters (Harakat, Kataib, Liwa).
        ("حركة النجباء", ["movement", None]),
        ("كتائب حزب الله", ["brigades", None, None]),
        ("لواء فاطميون", ["brigade", None]),
    ],
)
def test_persian_words_of_organisations_are_compared_as_english(
    written: str, english: list[str | None]
) -> None:
    tokens = tokenize(written, True)
    assert len(tokens) == len(english)
    for token, word in zip(tokens, english, strict=True):
        if word is None:
            assert token.script == "arabic", token
        else:
            assert (token.phon, token.script) == (tokenize(word, True)[0].phon, "latin"), token


def test_a_translated_word_is_joined_as_written() -> None:
    # "Hizb Allah" is the listed HIZBALLAH: read joined, the two words are "hizballah", not the
    # translation of hizb (party) run into "allah".
    hizb, allah = tokenize("Hizb Allah", True)
    assert hizb.phon == tokenize("party", True)[0].phon
    assert joined(hizb, allah).skel == tokenize("Hizballah", True)[0].skel
    # A word that is not translated is joined as it is.
    mahan, kish = tokenize("Mahan Kish", True)
    assert joined(mahan, kish).phon == mahan.phon + kish.phon


def test_trade_is_trading() -> None:
    # "XIANGHE TRADE CO., LTD." is OFAC's DANDONG XIANGHE TRADING CO., LTD.: one generic word,
    # weighing as little as trading does (Turkish ticaret too).
    for written in ("Xianghe Trade Co", "Xianghe Ticaret Co"):
        tokens = tokenize(written, True)
        assert [t.phon for t in tokens] == [t.phon for t in tokenize("Xianghe Trading Co", True)]
    assert kinds("Xianghe Trade Co")[LEGAL] == ["trade", "co"]


def test_import_and_export_are_company_words() -> None:
    # On thousands of trading companies' names: "HAMAD IMPORT EXPORT SARL" met the EU's SAD
    # Import Export Company at 0.77 on them alone. Turkish ithalat, ihracat the same.
    assert kinds("Hamad Import Export SARL")[LEGAL] == ["import", "export", "sarl"]
    assert kinds("ACL Ithalat Ihracat")[LEGAL] == ["ithalat", "ihracat"]


def test_a_persons_name_is_not_translated() -> None:
    """ "Naft" or "Markaz" in a person's name is a name, not a word to translate."""
    person = tokenize("Ali Markaz", False)
    assert [t.phon for t in person] != [t.phon for t in tokenize("Ali Center", False)]


def test_a_listings_scope_weighs_like_a_legal_form() -> None:
    found = kinds("Bank Melli Iran (including all branches) and subsidiaries")
    assert found[LEGAL] == ["including", "all", "branches", "and", "subsidiaries"]
    assert found[NAME] == ["bank", "melli", "iran"]


def test_a_part_an_organisation_repeats_weighs_like_a_particle() -> None:
    found = kinds("Bank Melli, Bank Melli Iran")
    assert found[NAME] == ["bank", "melli", "iran"]
    assert found[PARTICLE] == ["bank", "melli"]
    # Not in a person's name, nor when the schema is not known.
    assert PARTICLE not in kinds("Mohamed Mohamed Abdi", False)
    assert PARTICLE not in kinds("Bank Melli, Bank Melli Iran", None)


def test_function_words_weigh_like_particles_in_organisations_only() -> None:
    assert kinds("Iran and Egypt Shipping Lines")[PARTICLE] == ["and"]
    assert kinds("Sazandegi-ye Khatam")[PARTICLE] == ["ye"]
    assert "and" in kinds("Iran and Egypt", False)[NAME]


def test_a_one_letter_function_word_only_between_words() -> None:
    """The "i" of "za proizvodnju i usluge" (for production and services) joins two words; the
    "I" of "I AND S HOLDING" is a letter of the name, and weighs as one."""
    found = kinds("CILINDER SISTEM D.O.O. ZA PROIZVODNJU I USLUGE")
    assert found[PARTICLE] == ["za", "i"]
    assert found[NAME] == ["cilinder", "sistem", "proizvodnju", "usluge"]
    assert kinds("I AND S HOLDING COMPANY")[NAME] == ["i", "s"]
    assert kinds("A Y B")[NAME] == ["a", "y", "b"]


@pytest.mark.parametrize(
    ("name", "legal"),
    [
        ("ELLISSA SAL (HOLDING)", ["sal", "holding"]),
        ("CANALES VENECIA LTDA.", ["ltda"]),
        ("J.A.J. BARBOSA Y CIA. S.C.S.", ["y", "cia", "s", "c", "s"]),
        ("MERIDEIS D.O.O.", ["d", "o", "o"]),
        ("ABC SDN. BHD.", ["sdn", "bhd"]),
        # Written out in the register's language: OFAC's OOO and AO.
        (
            "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU LADOGA MENEDZHMENT",
            ["obshchestvo", "s", "ogranichennoi", "otvetstvennostyu"],
        ),
        ("AKTSIONERNOE OBSHCHESTVO KONTSERN VKO ALMAZ ANTEY", ["aktsionernoe", "obshchestvo"]),
        # Russian state corporations, in Cyrillic or romanised, in one word or two.
        ("Госкорпорация Ростех", ["goskorporatsiya"]),
        ("GOSUDARSTVENNAYA KORPORATSIYA ROSATOM", ["gosudarstvennaya", "korporatsiya"]),
        # Russian abbreviations of the kind of organisation: oil company, scientific-production
        # association, design bureau, trading house.
        ("ПАО НК Роснефть", ["pao", "nk"]),
        ("PAO ANK Bashneft", ["pao", "ank"]),
        ("JSC NPO Splav", ["jsc", "npo"]),
        ("AO OKB Astron", ["ao", "okb"]),
        ("OOO TD Kama", ["ooo", "td"]),
        ("INVERSIONES ABC SOCIEDAD ANONIMA", ["sociedad", "anonima"]),
        ("XYZ ANONIM SIRKETI", ["anonim", "sirketi"]),
    ],
)
def test_legal_forms_of_the_lists_weigh_like_legal_forms(name: str, legal: list[str]) -> None:
    assert kinds(name)[LEGAL] == legal
    # Not in a person's name: "Sal" is a given name.
    assert LEGAL not in kinds("Sal Barbosa", False)


def test_a_research_institutes_letters_keep_their_weight() -> None:
    # NII (research institute) is no legal form: institutes are named by a few letters after it.
    assert kinds("AO NII KP")[NAME] == ["nii", "kp"]


@pytest.mark.parametrize(
    ("name", "letters", "legal"),
    [
        # The C.A. (compañía anónima) and the particle e inside an acronym are its letters.
        ("E.C.A. S.A.", ["e", "c", "a"], ["s", "a"]),
        ("C.A.D. S.A.", ["c", "a", "d"], ["s", "a"]),
        # A letter the acronym repeats is no repeated word; S.A. de C.V. is still read whole.
        ("M.A.T.S.A. S.A. DE C.V.", ["m", "a", "t", "s", "a"], ["s", "a", "de", "c", "v"]),
        ("Banco S.A. de C.V.", ["banco"], ["s", "a", "de", "c", "v"]),
        ("CILINDER SISTEM D.O.O.", ["cilinder", "sistem"], ["d", "o", "o"]),
        # Mexico's other forms, with their "de C.V." (de capital variable).
        ("JJGON, S.P.R. DE R.L. DE C.V.", ["jjgon"], ["s", "p", "r", "de", "r", "l", "de", "c", "v"]),
        ("AGRICOLA TAVO S.P.R. DE R.L.", ["agricola", "tavo"], ["s", "p", "r", "de", "r", "l"]),
        ("GRUPO X S. DE R.L. DE C.V.", ["x"], ["grupo", "s", "de", "r", "l", "de", "c", "v"]),
        ("FONDO ALFA S.A.P.I. DE C.V.", ["fondo", "alfa"], ["s", "a", "p", "i", "de", "c", "v"]),
        ("FORPRES, S.C.", ["forpres"], ["s", "c"]),
    ],
)
def test_a_table_entry_is_read_over_whole_dotted_abbreviations_only(
    name: str, letters: list[str], legal: list[str]
) -> None:
    found = kinds(name)
    assert found[NAME] == letters
    assert found[LEGAL] == legal


def test_an_acronym_skips_the_prepositions_of_the_name_it_shortens() -> None:
    found = kinds("CORPORACION DE ALMACENES POR DEPARTAMENTOS S.A.")
    assert found[NAME] == ["corporacion", "almacenes", "departamentos"]
    assert found[PARTICLE] == ["de", "por"]
