"""The HM Treasury / OFSI consolidated list parser (2018 CSV), on the real file and on broken input."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import EntityProxy
from hypothesis import given
from hypothesis import strategies as st

from hisab.errors import ParseError
from hisab.sources import detect
from hisab.sources.base import ParseReport, Record, Source, record_entity_id
from hisab.sources.uk_hmt import (
    COLUMNS,
    FORMAT,
    document_number,
    is_ship_imo,
    short_forms,
    split_enumerated,
    un_references,
)

FILE = "uk_hmt_2018-04/sanctionsconlist.csv"
HEADER = ",".join(COLUMNS)


def parse(path: Path) -> tuple[list[Record], ParseReport]:
    report = ParseReport()
    records = list(FORMAT.parse(Source(path, FORMAT.name, FORMAT.dataset), report))
    return records, report


@pytest.fixture(scope="module")
def parsed(data_dir: Path) -> tuple[list[Record], ParseReport]:
    return parse(data_dir / FILE)


@pytest.fixture(scope="module")
def by_id(parsed: tuple[list[Record], ParseReport]) -> dict[str, Record]:
    return {record.record_id: record for record in parsed[0]}


def sanctions(record: Record) -> list[EntityProxy]:
    return [e for e in record.entities if e.schema.name == "Sanction"]


def of_schema(record: Record, schema: str) -> list[EntityProxy]:
    return [e for e in record.entities if e.schema.name == schema]


# --- the real file -----------------------------------------------------------


def test_the_file_is_detected_as_this_format(data_dir: Path) -> None:
    source = detect(data_dir / FILE)
    assert (source.format, source.dataset) == ("uk_hmt", "gb_hmt"), source


def test_raw_row_counts_match_the_provenance(data_dir: Path) -> None:
    """The file itself, read with the csv module: rows, groups and alias types."""
    with open(data_dir / FILE, encoding="cp1252", newline="") as fh:
        rows = list(csv.DictReader(fh.readlines()[1:]))
    assert len(rows) == 9487, len(rows)
    assert len({row["Group ID"] for row in rows}) == 2106
    alias_types = Counter(row["Alias Type"] for row in rows)
    assert alias_types == {"AKA": 6516, "Prime Alias": 2952, "FKA": 19}, alias_types


def test_counts(parsed: tuple[list[Record], ParseReport]) -> None:
    records, report = parsed
    assert (report.rows, report.records, report.duplicates) == (9487, 2106, 0), report
    assert len(records) == 2106 == len({r.record_id for r in records}), "one record per Group ID"
    assert report.published == "2018-04-13", report.published
    schemas = Counter(r.subject.schema.name for r in records)
    assert schemas == {"Person": 1426, "Organization": 655, "Vessel": 25}, schemas
    entities = Counter(e.schema.name for r in records for e in r.entities)
    for record in records:
        ids = [e.id for e in record.entities]
        assert len(ids) == len(set(ids)), f"{record.record_id}: an entity id twice"
    assert entities["Sanction"] == 2114, "2106 groups, six of them under two or three regimes"
    assert (entities["Address"], entities["Passport"], entities["Identification"]) == (1014, 346, 171), (
        entities
    )


def test_alias_rows_become_names(parsed: tuple[list[Record], ParseReport]) -> None:
    """2,952 Prime Alias rows hold one distinct name per group; AKA and FKA rows become aliases."""
    records, _ = parsed
    names = Counter(len(r.subject.get("name")) for r in records)
    assert names == {1: 2106}, f"each group has exactly one listed name: {names}"
    aliases = sum(len(r.subject.get("alias")) for r in records)
    previous = sum(len(r.subject.get("previousName")) for r in records)
    weak = sum(len(r.subject.get("weakAlias")) for r in records)
    # 3,433 aliases and 9 former names as the rows give them; then an organisation's name with
    # its short forms in parentheses ("... (AIO)") adds the name without them (122 aliases, 6
    # former names) and its short forms as weak aliases (117).
    assert (aliases, previous, weak) == (3555, 15, 117), (aliases, previous, weak)
    for record in records:
        assert not set(record.subject.get("alias")) & set(record.subject.get("name")), record.record_id


def test_iran_regimes(parsed: tuple[list[Record], ParseReport]) -> None:
    """212 and 81 count each group once, by its first row's regime; three Iran
    (nuclear proliferation) and two Iran (human rights) groups are also listed
    under Syria or terrorism, so 214 and 83 groups carry those programmes."""
    records, _ = parsed
    programs = [{p for s in sanctions(r) for p in s.get("program")} for r in records]
    for regime, total, only in [("Iran (nuclear proliferation)", 214, 211), ("Iran (human rights)", 83, 81)]:
        assert sum(regime in p for p in programs) == total, regime
        assert sum(p == {regime} for p in programs) == only, regime


def test_un_references(parsed: tuple[list[Record], ParseReport]) -> None:
    """Every UN reference in every spelling is extracted into the Sanctions' unscId.

    The provenance's "178 groups, 175 distinct refs" counts only new-style
    references written exactly `UN Ref XXi.NNN`; all of those are found here.
    With the other spellings (`UN REF:`, `UN Ref.KPI.067`, `UN Reference`)
    and old-style references (`QI.A.12.01`), 679 groups cite 672 references.
    """
    records, report = parsed
    refs = {r.record_id: {u for s in sanctions(r) for u in s.get("unscId")} for r in records}
    refs = {k: v for k, v in refs.items() if v}
    distinct = set().union(*refs.values())
    assert (len(refs), len(distinct)) == (679, 672), (len(refs), len(distinct))
    new_style = {ref for ref in distinct if re.fullmatch(r"[A-Z]{2}[ie]\.\d{3}", ref)}
    assert (len(new_style), len(distinct - new_style)) == (267, 405)
    assert {ref[:3] for ref in new_style} >= {"IRi", "IRe", "KPi", "KPe", "QDi", "TAi"}

    strict: dict[str, set[str]] = {}
    for record in records:
        notes = " ".join(record.subject.get("notes"))
        for match in re.finditer(r"UN Ref ([A-Z]{2}[ie]\.\d+)", notes):
            strict.setdefault(record.record_id, set()).add(match.group(1))
    assert (len(strict), len(set().union(*strict.values()))) == (178, 175)
    for record_id, cited in strict.items():
        for ref in cited:
            normal = f"{ref[:4]}{int(ref[4:]):03d}"
            assert normal in refs[record_id], f"{record_id}: {ref} not extracted"
    unreadable = [w for w in report.warnings if "unreadable UN reference" in w]
    assert len(unreadable) == 6, "six notes cite a bare number (`UN Ref.062`) with no list prefix"


def test_iran_person_soleimani(by_id: dict[str, Record]) -> None:
    record = by_id["9062"]
    person = record.subject
    assert person.id == record_entity_id("gb_hmt", "9062") == "gb-hmt-9062"
    assert person.schema.name == "Person"
    assert person.get("name") == ["Qasem SOLEIMANI"], "given names first, then the surname"
    assert (person.get("firstName"), person.get("lastName")) == (["Qasem"], ["SOLEIMANI"])
    assert {"Qasem SOLEYMANI", "Ghasem SOLEYMANI", "Qasem SULEMANI"} <= set(person.get("alias"))
    assert person.get("birthDate") == ["1957-03-11"]
    assert person.get("birthPlace") == ["Qom"]
    assert person.get("nationality") == ["ir"] and person.get("birthCountry") == ["ir"]
    assert person.get("title") == ["Brigadier General"]
    assert person.get("passportNumber") == ["008827"]
    assert any("Iran Diplomatic" in n for n in person.get("notes")), "passport text kept in notes"
    listed = {s.first("program"): s.first("listingDate") for s in sanctions(record)}
    assert listed == {
        "Iran (nuclear proliferation)": "2007-03-24",
        "Syria": "2011-06-24",
        "Terrorism and Terrorist Financing": "2011-10-17",
    }, listed
    for sanction in sanctions(record):
        assert sanction.get("unscId") == ["IRi.039"]
        assert sanction.get("authority") == [
            "HM Treasury, Office of Financial Sanctions Implementation"
        ] and sanction.get("recordId") == ["9062"]
        assert sanction.get("entity") == [person.id]
    passport = of_schema(record, "Passport")[0]
    assert passport.get("holder") == [person.id] and passport.get("number") == ["008827"]


def test_year_only_birth_date_and_two_passports(by_id: dict[str, Record]) -> None:
    person = by_id["12276"].subject
    assert person.get("name") == ["Ali Akbar TABATABAEI"]
    assert person.get("middleName") == ["Akbar"]
    assert person.get("birthDate") == ["1967"], "00/00/1967 is the year only"
    assert sorted(person.get("passportNumber")) == ["6620505", "9003213"]
    assert sanctions(by_id["12276"])[0].get("unscId") == ["IRi.041"]


def test_spellings_of_un_references(by_id: dict[str, Record]) -> None:
    assert sanctions(by_id["13562"])[0].get("unscId") == ["KPi.067"], "UN Ref.KPI.067"
    assert sanctions(by_id["8360"])[0].get("unscId") == ["QE.A.107.04"], "old style"
    assert sanctions(by_id["13629"])[0].get("unscId") == ["KPe.058"], "bare reference opening the notes"


def test_entity_with_addresses_and_fka(by_id: dict[str, Record]) -> None:
    furqan = by_id["8360"]
    assert furqan.subject.schema.name == "Organization"
    assert furqan.subject.get("name") == ["AL FURQAN"]
    assert "SIRAT" in furqan.subject.get("alias")
    addresses = of_schema(furqan, "Address")
    assert len(addresses) == 5, "names x addresses rows: five distinct addresses"
    assert {a.first("country") for a in addresses} == {"ba"}
    assert "42 Muhameda Hadzijahica, Sarajevo, Bosnia and Herzegovina" in furqan.subject.get("address")
    assert set(furqan.subject.get("addressEntity")) == {a.id for a in addresses}
    fajr = by_id["8994"].subject
    assert fajr.get("previousName") == ["INSTRUMENTATION FACTORY PLANT"]


def test_vessels(by_id: dict[str, Record]) -> None:
    lynn = by_id["13520"].subject
    assert lynn.schema.name == "Vessel"
    assert lynn.get("imoNumber") == ["IMO8706349"] and lynn.get("flag") == ["vc"]
    assert sanctions(by_id["13520"])[0].get("unscId") == ["LYe.005"]
    tong_san = by_id["13556"].subject
    assert (tong_san.get("imoNumber"), tong_san.get("mmsi")) == (["IMO8937675"], ["445539000"])
    shipping = by_id["13340"].subject
    assert shipping.schema.name == "Organization", "IMO Number 5342883 is a company number"


# --- value readers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("notes", "refs"),
    [
        ("UN Ref IRi.039", ["IRi.039"]),
        ("UN REF:QDi.349. A senior leader", ["QDi.349"]),
        ("Annex XIII. UN Listing. UN Ref.KPI.067.", ["KPi.067"]),
        ("UN Ref.KPI. 076. Ri Chun Song", ["KPi.076"]),
        ("UN Ref.KPe 070. Registered owner", ["KPe.070"]),
        ("UN Ref KPe.23. SWIFT: DCBK KPPY", ["KPe.023"]),
        ("UN Ref: QD1.410.  Trinidad", ["QDi.410"]),
        ("UN REF No.YEi.004.", ["YEi.004"]),
        ("UN Reference No: TAi.172. Belongs to", ["TAi.172"]),
        ("un rEF KPe.024. The Korea Mining", ["KPe.024"]),
        ("UN Ref QI.A.12.01. (a) Fathers name", ["QI.A.12.01"]),
        ("UN Ref Q.I.A.291.11. Operative", ["QI.A.291.11"]),
        ("UN Ref E.03.III.1. Involved in", ["E.03.III.1"]),
        ("UN Ref I.AC.50.20.12.12.(2). Next", ["I.AC.50.20.12.12.(2)"]),
        ("IRe.001. Subordinate of DIO.", ["IRe.001"]),
        ("UN Ref.062. Registered owner", []),
        ("Refused by the UN. No reference.", []),
    ],
)
def test_un_references_spellings(notes: str, refs: list[str]) -> None:
    assert un_references(notes) == refs


@given(st.text(max_size=200))
def test_un_references_only_returns_references(text: str) -> None:
    for ref in un_references(text):
        assert re.fullmatch(r"[A-Z]{2}[ie]\.\d{3}|[A-Z]{1,2}(?:\.[A-Z0-9]{1,3}){2,}(?:\.\(\d\))?", ref), ref


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("Passport No: 592667 (Qatari passport issued on 3 May 2007).", "passportNumber", "592667"),
        ("F654645 (Saudi Arabian). Issued on 30 Apr 2005.", "passportNumber", "F654645"),
        ("D 000933 (Afghan) Issued in Kabul on 13 Sep 1998", "passportNumber", "D 000933"),
        ("TR-P 614 166 (Turkish). Issued by the Turkish Consulate", "passportNumber", "TR-P 614 166"),
        ("Reference 62. Passport no. 9632078. issued 17/08/2006", "passportNumber", "9632078"),
        ("Passport: Pakistani Passport no. FA0157612. Issued: 23/01/2009", "passportNumber", "FA0157612"),
        ("Jordan 654781 (approximately issued in 2009)", "passportNumber", "654781"),
        ("No: 101127200129 (French national identity card issued by", "passportNumber", "101127200129"),
        ("Italian Fiscal Code JMM MDI 68A25 Z352D", "idNumber", "JMMMDI68A25Z352D"),
        ("US Social Security no 548-91-5411", "idNumber", "548-91-5411"),
        ("Military ID 1-69-09-51400-64", "idNumber", "1-69-09-51400-64"),
        ("983 (Diplomatic)", "passportNumber", None),
        ("Uganda Passport.", "passportNumber", None),
        ("2.81083E+11", "idNumber", None),
    ],
)
def test_document_numbers(text: str, default: str, expected: str | None) -> None:
    assert document_number(text, default)[1] == expected


def test_document_kinds() -> None:
    assert (
        document_number("No: 101127200129 (French national identity card)", "passportNumber")[0] == "idNumber"
    )
    assert document_number("Italian Fiscal Code SSDSBN68B10Z352F", "idNumber") == (
        "taxNumber",
        "SSDSBN68B10Z352F",
    )
    assert document_number("US Social Security no 548-91-5411", "idNumber")[0] == "socialSecurityNumber"


def test_split_enumerated() -> None:
    assert split_enumerated("(1) Saudi Arabian (2) Yemeni") == ["Saudi Arabian", "Yemeni"]
    assert split_enumerated("a) French, b) Tunisian") == ["French", "Tunisian"]
    assert split_enumerated("(1) to (6) Algeria (7) Morocco") == ["Algeria", "Morocco"]
    assert split_enumerated("Iran (Islamic Republic of)") == ["Iran (Islamic Republic of)"]


def test_short_forms_of_an_organisations_name(by_id: dict[str, Record]) -> None:
    aio = "AEROSPACE INDUSTRIES ORGANISATION"
    assert short_forms(f"{aio} (AIO)") == (aio, ("AIO",))
    assert short_forms("ELECTRO SANAM COMPANY (E.S. CO ./ E.X. CO.)") == (
        "ELECTRO SANAM COMPANY",
        ("E.S. CO.", "E.X. CO."),
    )
    assert short_forms("ABZAR BORESH KAVEH CO. (BK CO.)") == ("ABZAR BORESH KAVEH CO.", ("BK CO.",))
    # A place, a branch or another name in parentheses stays part of the name.
    for name in (
        "AL-HARAMAYN FOUNDATION (KENYA)",
        "AL-HARAMAIN (AFGHANISTAN BRANCH)",
        "NOVIN ENERGY COMPANY (MOHANDESI TOSEH SOKHT ATOMI COMPANY)",
        "BANK MELLI IRAN (including all branches)",
        "AL-HARAMAIN (HONG KONG)",
    ):
        assert short_forms(name) is None, name
    # On the real file: the UN's "ELECTRO SANAM COMPANY", with "E. S. Co." as an a.k.a.
    electro = by_id["10443"].subject
    assert electro.get("name") == ["ELECTRO SANAM COMPANY (E.S. CO ./ E.X. CO.)"]
    assert electro.get("alias") == ["ELECTRO SANAM COMPANY"]
    assert sorted(electro.get("weakAlias")) == ["E.S. CO.", "E.X. CO."]


def test_ship_imo_check_digit() -> None:
    assert is_ship_imo("8937675") and is_ship_imo("9191773")
    assert not is_ship_imo("5342883"), "a company number"
    assert not is_ship_imo("12345")


def test_countries_and_dates_of_a_tiny_file(tmp_path: Path) -> None:
    """Enumerated and annotated countries, and `00` day/month in dates, through the parser."""
    row = {name: "" for name in COLUMNS}
    row.update(
        {
            "Name 6": "EXAMPLE",
            "Name 1": "Test",
            "Group Type": "Individual",
            "Alias Type": "Prime Alias",
            "Regime": "Iran (human rights)",
            "Listed On": "14/04/2011",
            "Last Updated": "01/02/2018",
            "Group ID": "1",
        }
    )
    variants = [
        {"DOB": "00/00/1960", "Nationality": "(1) Iranian (2) Iraqi", "Country": "Iran (as at 2014)"},
        {"DOB": "00/05/1961", "Nationality": "(1) Iranian (2) Iraqi", "Country": "In Syria as at June 2013"},
        {"DOB": "99/99/1962", "Nationality": "(1) Iranian (2) Iraqi", "Country": "Qatarian"},
    ]
    path = write_rows(tmp_path, [{**row, **variant} for variant in variants])
    records, report = parse(path)
    person = records[0].subject
    assert sorted(person.get("birthDate")) == ["1960", "1961-05"], person.get("birthDate")
    assert sorted(person.get("nationality")) == ["iq", "ir"]
    assert sorted(person.get("country")) == ["ir", "sy"]
    assert any("unreadable DOB '99/99/1962'" in w for w in report.warnings), report.warnings
    assert any("no country in Country 'Qatarian'" in w for w in report.warnings), report.warnings


# --- streaming and ids ---------------------------------------------------------


def write_rows(tmp_path: Path, rows: list[dict[str, str]], name: str = "list.csv") -> Path:
    path = tmp_path / name
    with open(path, "w", encoding="cp1252", newline="") as fh:
        fh.write("Last Updated,13/04/2018\r\n")
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_rows_of_a_group_need_not_be_adjacent(data_dir: Path, tmp_path: Path) -> None:
    """The first 400 rows, written in reverse: same records, same ids, same entities."""
    with open(data_dir / FILE, encoding="cp1252", newline="") as fh:
        rows = list(csv.DictReader(fh.readlines()[1:]))[:400]
    forward, _ = parse(write_rows(tmp_path, rows, "forward.csv"))
    backward, report = parse(write_rows(tmp_path, rows[::-1], "backward.csv"))
    assert report.rows == 400
    assert len(forward) == len({row["Group ID"] for row in rows}) == len(backward)

    def entities(records: list[Record]) -> dict[str, dict[str, list[str]]]:
        return {
            str(e.id): {p: sorted(v) for p, v in e.to_dict()["properties"].items()}
            for r in records
            for e in r.entities
        }

    assert entities(forward) == entities(backward), "ids and values do not depend on row order"
    again, _ = parse(write_rows(tmp_path, rows, "again.csv"))
    assert entities(again) == entities(forward)


# --- bad input ---------------------------------------------------------------


def raises(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(path)
    assert path.name in str(info.value), f"the message names the file: {info.value}"
    return info.value


VALID_ROW = ",".join(
    ["EXAMPLE", "Test", "", "", "", "", "", "01/01/1970", "", "", "", "", "", ""]
    + [""] * 9
    + ["Individual", "Prime Alias", "Iran (human rights)", "14/04/2011", "01/02/2018", "1"]
)


def test_valid_row_fixture_parses(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(f"Last Updated,13/04/2018\n{HEADER}\n{VALID_ROW}\n", encoding="cp1252")
    records, report = parse(path)
    assert [r.record_id for r in records] == ["1"] and report.rows == 1


def test_utf8_with_byte_order_mark(tmp_path: Path) -> None:
    """A list re-saved as UTF-8 by an editor: the byte-order mark says so."""
    path = tmp_path / "utf8.csv"
    text = f"Last Updated,13/04/2018\n{HEADER}\n{VALID_ROW.replace('EXAMPLE', 'ḤUSAYN')}\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    records, _ = parse(path)
    assert records[0].subject.get("name") == ["Test ḤUSAYN"]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert raises(path).line == 1


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    header = HEADER.replace(",Regime,", ",")
    path.write_text(f"Last Updated,13/04/2018\n{header}\n{VALID_ROW}\n", encoding="cp1252")
    error = raises(path)
    assert (error.line, error.field) == (2, "Regime"), error


def test_extra_column_in_header(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(f"Last Updated,13/04/2018\n{HEADER},Gender\n{VALID_ROW},M\n", encoding="cp1252")
    error = raises(path)
    assert (error.line, error.field) == (2, "Gender"), error


def test_extra_value_in_a_row(tmp_path: Path) -> None:
    path = tmp_path / "extra_value.csv"
    path.write_text(
        f"Last Updated,13/04/2018\n{HEADER}\n{VALID_ROW}\n{VALID_ROW},surplus\n", encoding="cp1252"
    )
    assert raises(path).line == 4


def test_short_row_names_the_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    short = VALID_ROW.rsplit(",", 2)[0]
    path.write_text(f"Last Updated,13/04/2018\n{HEADER}\n{short}\n", encoding="cp1252")
    error = raises(path)
    assert (error.line, error.field) == (3, "Last Updated"), error


def test_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "encoding.csv"
    bad = VALID_ROW.replace("EXAMPLE", "EXA\x81MPLE").encode("latin-1")
    path.write_bytes(f"Last Updated,13/04/2018\n{HEADER}\n{VALID_ROW}\n".encode() + bad + b"\n")
    error = raises(path)
    assert error.line == 4 and "0x81" in str(error), error


def test_row_without_group_id(tmp_path: Path) -> None:
    path = tmp_path / "no_id.csv"
    path.write_text(f"Last Updated,13/04/2018\n{HEADER}\n{VALID_ROW[:-1]}\n", encoding="cp1252")
    error = raises(path)
    assert (error.line, error.field) == (3, "Group ID"), error


def test_garbled_quoting(tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    garbled = VALID_ROW.replace("EXAMPLE", '"EXAMPLE" LTD', 1)
    path.write_text(
        f"Last Updated,13/04/2018\n{HEADER}\n{VALID_ROW}\n{garbled}\n{VALID_ROW}\n", encoding="cp1252"
    )
    assert raises(path).line == 4


def test_header_without_rows(tmp_path: Path) -> None:
    path = tmp_path / "no_rows.csv"
    path.write_text(f"Last Updated,13/04/2018\n{HEADER}\n", encoding="cp1252")
    raises(path)


def test_unreadable_list_date(tmp_path: Path) -> None:
    path = tmp_path / "date.csv"
    path.write_text(f"Last Updated,April 2018\n{HEADER}\n{VALID_ROW}\n", encoding="cp1252")
    error = raises(path)
    assert (error.line, error.field) == (1, "Last Updated"), error
