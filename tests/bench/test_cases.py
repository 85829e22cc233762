"""The benchmark's case construction: held-out names, genuine links, negatives, determinism."""

from __future__ import annotations

import csv
import gzip
import random
from collections import Counter
from pathlib import Path

import bench.cases as bc
import bench.index as idx
import pytest
from bench.common import Case, Subject, name_key, name_keys, read_cases, write_cases
from bench.negatives import iran_latin_customers, persian_script_customers

from hisab.sources import ParseReport, detect, get_format


def subject(
    dataset: str, record_id: str, schema: str, *names: str, refs: tuple[str, ...] = (), **props: list[str]
) -> Subject:
    """A listed subject with `names` (the first is its listed name) and the UN references `refs`."""
    properties = {"name": [names[0]], "alias": list(names[1:]), **props}
    entity = {"id": record_id, "schema": schema, "properties": properties}
    return Subject(dataset, record_id, entity, list(refs))


def make_index(tmp_path: Path, subjects: list[Subject]) -> bc.Index:
    path = tmp_path / "index.jsonl"
    path.write_text("".join(s.to_json() + "\n" for s in subjects), encoding="utf-8")
    return bc.Index.load(path)


@pytest.fixture(scope="module")
def ofac_aliases(data_dir: Path) -> list[idx.OfacAlias]:
    return idx.ofac_aliases(data_dir)


@pytest.fixture(scope="module")
def chosen(ofac_aliases: list[idx.OfacAlias]) -> list[idx.OfacAlias]:
    return bc.select_ofac_holdouts(ofac_aliases, 300, Counter())


def test_held_out_ofac_aliases_are_absent_from_the_index_copy(
    tmp_path: Path, data_dir: Path, chosen: list[idx.OfacAlias]
) -> None:
    rows = frozenset((a.ent_num, a.alt_num) for a in chosen)
    folder = idx.write_ofac_copy(data_dir, tmp_path, rows)
    kept = idx._ofac_rows(folder / "alt.csv")
    original = idx._ofac_rows(data_dir / idx.OFAC / "alt.csv")
    assert not {(r[0], r[1]) for r in kept} & rows, "a held-out alias row is still in alt.csv"
    assert len(kept) == len(original) - len(rows), "only the held-out rows are removed"
    assert (folder / "alt.csv").read_bytes().endswith(b"\r\n\x1a"), "CRLF and the end byte are kept"
    assert (folder / "sdn.csv").read_bytes() == (data_dir / idx.OFAC / "sdn.csv").read_bytes()


def test_held_out_aliases_spell_a_name_the_record_keeps(chosen: list[idx.OfacAlias]) -> None:
    assert len(chosen) == 300 and len({a.ent_num for a in chosen}) == 300, "one alias per record"
    assert all(a.sdn_type in ("individual", "-0-") for a in chosen), "persons and organisations only"
    assert chosen == bc.select_ofac_holdouts(idx.ofac_aliases(bc.data_dir()), 300, Counter()), "deterministic"


def test_held_out_persian_aliases_are_absent_from_the_parsed_eu_copy(tmp_path: Path, data_dir: Path) -> None:
    aliases = idx.eu_persian_aliases(data_dir)
    assert len(aliases) > 150, "the EU Iran acts carry Persian-script aliases of persons"
    held = frozenset((a.file, a.row, a.alias) for a in aliases)
    folder = idx.write_eu_copy(data_dir, tmp_path, held) / "consolidated"
    iran = tmp_path / "iran"
    iran.mkdir()
    for act in idx.EU_IRAN_ACTS:
        (iran / f"{act}.csv").write_bytes((folder / f"{act}.csv").read_bytes())
    source = detect(iran / f"{idx.EU_IRAN_ACTS[0]}.csv")
    names = {
        key
        for record in get_format(source.format).parse(source, ParseReport())
        for entity in record.entities
        for prop in ("name", "alias", "weakAlias", "previousName")
        if entity.schema.get(prop) is not None
        for value in entity.get(prop)
        for key in name_keys(value)
    }
    assert not names & {name_key(a.alias) for a in aliases}, "hisab parses a held-out alias from the copy"
    unchanged = folder / "32014R0269.csv"
    assert unchanged.read_bytes() == (data_dir / idx.EU / "consolidated" / unchanged.name).read_bytes()


def test_held_out_names_are_removed_from_the_csl_copy(tmp_path: Path, data_dir: Path) -> None:
    keys = name_keys("ABDELRAZIK, Abousofiane") | name_keys("JOLAIBA")
    folder = idx.write_csl_copy(data_dir, tmp_path, keys)
    with gzip.open(folder / "consolidated.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    left = {name for row in rows for name in row["alt_names"].split(";") if name_keys(name) & keys}
    assert not left, f"still in alt_names: {left}"
    assert len(rows) == 14160


def test_cross_list_links_must_be_genuine(tmp_path: Path) -> None:
    index = make_index(
        tmp_path,
        [
            subject("un_sc", "KPe.023", "Organization", "DAEDONG CREDIT BANK", refs=("KPe.023",)),
            subject("un_sc", "IRi.039", "Person", "Qasem Soleimani", refs=("IRi.039", "I.03.I.10")),
        ],
    )
    uk = [
        subject("gb_hmt", "1", "Organization", "KANGBONG TRADING CORPORATION", refs=("KPe.023",)),
        subject("gb_hmt", "2", "Person", "Qassem SOLEIMANI", refs=("I.03.I.10",), birthDate=["1957-03-11"]),
    ]
    found = bc.cross_list(uk, index)
    assert [c.detail for c in found] == ["gb_hmt:2"], "a UK entity citing another's reference is no link"
    assert found[0].expected == (("un_sc", "IRi.039"),), "an old-style reference maps to the current record"
    assert found[0].birth_date == "1957-03-11", "the query carries the UK birth date"


def test_an_alias_the_index_still_holds_makes_no_case(tmp_path: Path) -> None:
    index = make_index(
        tmp_path,
        [
            subject("us_ofac_sdn", "1", "Person", "GHALIBAF, Mohammad Bagher"),
            subject("un_sc", "IRi.1", "Person", "Mohammad Qalibaf"),
        ],
    )
    alias = idx.OfacAlias(
        "1", "9", "aka", "QALIBAF, Mohammad", "GHALIBAF, Mohammad Bagher", "individual", "IRAN"
    )
    other = idx.OfacAlias(
        "1", "8", "aka", "QALIBAF, Mohammad Baqer", "GHALIBAF, Mohammad Bagher", "individual", ""
    )
    dropped: Counter[str] = Counter()
    found = bc.ofac_alias_heldout([alias, other], index, dropped)
    assert [c.name for c in found] == ["Mohammad Baqer QALIBAF"], "person aliases in natural order"
    assert sum(dropped.values()) == 1, "the alias UN still lists is dropped, and counted"


def test_another_name_altogether_is_no_variant() -> None:
    assert bc.is_variant("Mohammad Baqer QALIBAF", ["GHALIBAF, Mohammad Bagher"])
    assert bc.is_variant("T.D.G.", ["TECHNOLOGY AND DEVELOPMENT GROUP LTD"])
    assert not bc.is_variant("EPANASTATIKOS AGHONAS", ["REVOLUTIONARY STRUGGLE"])
    assert not bc.is_variant("Mohammed AL-MASRI", ["DEIF, Muhammed"])


def test_name_variants_respell_one_part_within_its_class(tmp_path: Path) -> None:
    rigour = tmp_path / "persons.txt"
    rigour.write_text("ghasem, qasem, kristus, قاسم => Q1\nsoleimani, solaimani => Q2\n", encoding="utf-8")
    index = make_index(tmp_path, [subject("un_sc", "IRi.039", "Person", "Qasem SOLEIMANI")])
    found = bc.name_variants(index, rigour, 10)
    assert [c.name for c in found] == ["Ghasem SOLEIMANI"], (
        "the class needs a Persian form; kristus is no respelling"
    )
    assert found == bc.name_variants(index, rigour, 10), "deterministic"


def test_variations_take_each_class_evenly(tmp_path: Path) -> None:
    subjects = [subject("un_sc", f"IRi.{i:03d}", "Person", f"Ali Rezaei{i}") for i in range(300)]
    subjects += [subject("un_sc", f"IRe.{i:03d}", "Organization", f"Bank {i}") for i in range(100)]
    index = make_index(tmp_path, subjects)

    def perturb(names: list[str]) -> list[dict[str, list[str]]]:
        return [{"benign/case": [n.upper()], "degraded/typo": [n + "x", n + "y"]} for n in names]

    found = bc.variations(index, perturb, 20)
    assert Counter(c.detail for c in found) == {"benign/case": 10, "degraded/typo": 10}
    assert found == bc.variations(index, perturb, 20), "deterministic"


def test_negatives_have_birth_dates_and_are_deterministic(data_dir: Path) -> None:
    listed = {name_key("Mohammad Mohammadi")}
    latin = iran_latin_customers(data_dir, random.Random(1), 500, listed)
    persian = persian_script_customers(data_dir, random.Random(1), 200, listed)
    for case in latin + persian:
        assert "1940-01-01" <= case.birth_date <= "2005-12-31", case
        assert case.nationality == "ir" and case.schema == "Person" and not case.expected
    assert {c.script for c in latin} == {"latin"} and {c.script for c in persian} == {"arabic"}
    czech = {"Petr", "Tomáš", "Nováková", "Jana"}
    assert not {t for c in latin for t in c.name.split()} & czech, "the Czech pollution is filtered"
    assert latin == iran_latin_customers(data_dir, random.Random(1), 500, listed), "deterministic"
    assert persian == persian_script_customers(data_dir, random.Random(1), 200, listed)


def test_cases_round_trip_through_the_csv(tmp_path: Path) -> None:
    written = [
        Case(
            "a-1",
            "cross_list",
            "Qasem SOLEIMANI",
            "Person",
            "1957",
            "ir",
            (("un_sc", "IRi.039"),),
            "latin",
            "x",
        ),
        Case("n-1", "neg_persian_script", "علی رضایی", "Person", "1980-01-02", "ir", (), "arabic", ""),
    ]
    write_cases(tmp_path / "cases.csv", written)
    assert read_cases(tmp_path / "cases.csv") == written


def test_cross_list_uses_the_checked_corrections(tmp_path: Path) -> None:
    index = make_index(
        tmp_path,
        [
            subject("un_sc", "KPe.023", "Organization", "DAEDONG CREDIT BANK", refs=("KPe.023",)),
            subject("un_sc", "KPe.035", "Organization", "KOREA DAESONG BANK", refs=("KPe.035",)),
        ],
    )
    # The UK's "KOREA DAESONG BANK" cites KPe.023 and shares half its words with it ("daesong"
    # and "daedong" are 80% alike): the name check lets it through; the correction puts it right.
    uk = [
        subject("gb_hmt", "11286", "Organization", "KOREA DAESONG BANK", refs=("KPe.023",)),
        subject("gb_hmt", "13349", "Organization", "DAEDONG CREDIT BANK", refs=("KPe.023",)),
    ]
    assert [c.expected for c in bc.cross_list(uk, index)] == [(("un_sc", "KPe.023"),)] * 2
    corrections = {"gb_hmt:11286": "un_sc:KPe.035", "gb_hmt:13349": "none"}
    found = bc.cross_list(uk, index, corrections)
    assert [(c.detail, c.expected) for c in found] == [("gb_hmt:11286", (("un_sc", "KPe.035"),))]
    # The file the benchmark reads holds that correction.
    assert bc.uk_corrections()["gb_hmt:11286"] == "un_sc:KPe.035"
