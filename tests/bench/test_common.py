"""Name keys, scripts and consonant skeletons shared by the benchmark's two environments."""

from __future__ import annotations

import pytest
from bench.cases import romanised_alike
from bench.common import name_key, name_keys, natural_order, script_of, skeleton


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("NAQDI, Mohammad-Reza", "mohammad reza naqdi"),
        ("José ÁLVAREZ", "alvarez jose"),
        ("حسینی مطلق", "حسيني مطلق"),  # Persian and Arabic yeh
        ("عزیزﻯ", "عزیزی"),  # a presentation form
    ],
)
def test_names_that_differ_only_in_form_share_a_key(left: str, right: str) -> None:
    assert name_key(left) == name_key(right)


def test_tokens_run_together_share_a_key() -> None:
    assert name_keys("Abdol Rahman") & name_keys("Abdolrahman")
    assert "".join(["حسینی", "مطلق"]) in name_keys("حسینی\u200cمطلق"), "a ZWNJ joins the parts of one word"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Mohammad", "Muhammad", "MOHAMMED", "محمد"], "mhmd"),
        (["Qasem", "Ghasem", "Kasem", "قاسم"], "gsm"),
        (["Dehghan", "دهقان"], "dhgn"),
        (["Fazli", "فضلی"], "fzl"),
    ],
)
def test_spellings_of_one_name_share_a_skeleton(names: list[str], expected: str) -> None:
    assert {skeleton(name) for name in names} == {expected}


def test_script_and_order() -> None:
    assert script_of("علی رضایی") == "arabic"
    assert script_of("\u041c\u043e\u0445\u0430\u043c\u043c\u0435d") == "cyrillic", (
        "mostly Cyrillic homoglyphs"
    )
    assert script_of("Mоhammed") == "latin", "one homoglyph"
    assert natural_order("GHALIBAF, Mohammad Bagher") == "Mohammad Bagher GHALIBAF"
    assert natural_order("BANK MELLI IRAN") == "BANK MELLI IRAN"


@pytest.mark.parametrize(
    ("arabic", "latin", "alike"),
    [
        ("محمدرضا نقدي", "Mohammad Reza Naqdi", True),
        ("عبد العلي عليعسكري", "Abdulali Ali-Asgari", True),
        ("سيد علي حسيني", "Mohammad Ali Hosseini", False),
        ("محمدرضا زاهدي", "Ali Reza Zahedi", False),
        ("محسن فخري زاده", "Mohsen Fakhrizadeh Mahabadi", False),
    ],
)
def test_both_forms_of_a_translit_pair_must_spell_every_part(arabic: str, latin: str, alike: bool) -> None:
    assert romanised_alike(arabic, latin) is alike
