"""OFAC legacy CSV (`sdn.csv`, `cons_prim.csv` and companions) on the real files.

Counts are the ones measured on the shared data (see PROVENANCE.md); the one
place they differ from PROVENANCE is explained in `test_2022_joined_file_counts`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import EntityProxy
from followthemoney.types import registry
from hypothesis import given
from hypothesis import strategies as st

from hisab.errors import ParseError
from hisab.sources import read_head
from hisab.sources.base import ParseReport, Record, Source, record_entity_id
from hisab.sources.ofac_csv import (
    ADDRESS_COLUMNS,
    ALIAS_COLUMNS,
    COMMENT_COLUMNS,
    FORMAT,
    PRIMARY_COLUMNS,
    parse_remarks,
    phone_number,
    read_dates,
    read_rows,
)

Parsed = tuple[Source, list[Record], ParseReport]


def sdn_id(ent_num: str) -> str:
    """The subject id of an SDN record (as `record_entity_id` builds it)."""
    return record_entity_id("us_ofac_sdn", ent_num)


def parse(path: Path, dataset: str | None = None) -> Parsed:
    """Detect and parse one primary file with its companions, as the loader does."""
    assert FORMAT.detect(path, read_head(path)), f"{path} not detected as OFAC CSV"
    source = Source(path, FORMAT.name, dataset or FORMAT.dataset_for(path), FORMAT.companions(path))
    report = ParseReport()
    return source, list(FORMAT.parse(source, report)), report


def by_id(records: list[Record]) -> dict[str, Record]:
    return {r.record_id: r for r in records}


def of_schema(record: Record, schema: str) -> list[EntityProxy]:
    return [e for e in record.entities if e.schema.name == schema]


def programs(record: Record) -> set[str]:
    return {p for s in of_schema(record, "Sanction") for p in s.get("program")}


def link_targets(record: Record) -> set[str]:
    return {o for link in of_schema(record, "UnknownLink") for o in link.get("object")}


@pytest.fixture(scope="module")
def sdn_2021(data_dir: Path) -> Parsed:
    return parse(data_dir / "ofac_sdn_2021-07" / "sdn.csv")


@pytest.fixture(scope="module")
def sdn_2022(data_dir: Path) -> Parsed:
    return parse(data_dir / "ofac_sdn_2022-11" / "USASanctions.csv")


@pytest.fixture(scope="module")
def cons(data_dir: Path) -> Parsed:
    return parse(data_dir / "ofac_consolidated_non_sdn" / "cons_prim.csv")


# -- Detection ------------------------------------------------------------------------


def test_detects_primary_files_by_content(data_dir: Path) -> None:
    for rel in (
        "ofac_sdn_2021-07/sdn.csv",
        "ofac_sdn_2022-11/USASanctions.csv",  # renamed: detected by content, not name
        "ofac_consolidated_non_sdn/cons_prim.csv",
    ):
        path = data_dir / rel
        assert FORMAT.detect(path, read_head(path)), f"{rel} should be detected"


def test_companions_are_not_detected_on_their_own(data_dir: Path) -> None:
    companions = [
        *sorted((data_dir / "ofac_sdn_2025-12_partial").glob("*.csv")),
        *(data_dir / "ofac_sdn_2021-07" / n for n in ("add.csv", "alt.csv", "sdn_comments.csv")),
        *sorted((data_dir / "ofac_consolidated_non_sdn").glob("cons_[!p]*.csv")),
    ]
    assert len(companions) == 9
    for path in companions:
        assert not FORMAT.detect(path, read_head(path)), f"companion {path} detected as a list"


def test_other_formats_are_not_detected(data_dir: Path) -> None:
    for rel in (
        "ofac_consolidated_non_sdn/CONS_ENHANCED.XML",
        "uk_hmt_2018-04/sanctionsconlist.csv",
        "us_csl/consolidated.csv.gz",
        "un_sc/watchman_2026-02-27/UN_consolidated.xml",
    ):
        path = data_dir / rel
        assert not FORMAT.detect(path, read_head(path)), f"{rel} wrongly detected as OFAC CSV"


def test_companions_and_datasets(data_dir: Path) -> None:
    sdn = data_dir / "ofac_sdn_2021-07" / "sdn.csv"
    assert [p.name for p in FORMAT.companions(sdn)] == ["add.csv", "alt.csv", "sdn_comments.csv"]
    assert FORMAT.dataset_for(sdn) == "us_ofac_sdn"
    prim = data_dir / "ofac_consolidated_non_sdn" / "cons_prim.csv"
    assert [p.name for p in FORMAT.companions(prim)] == [
        "cons_add.csv",
        "cons_alt.csv",
        "cons_comments.csv",
    ]
    assert FORMAT.dataset_for(prim) == "us_ofac_cons"
    lone = data_dir / "ofac_sdn_2022-11" / "USASanctions.csv"
    assert FORMAT.companions(lone) == (), "a renamed lone file has no companions"
    assert FORMAT.dataset_for(lone) == "us_ofac_sdn"


# -- Counts on the real files --------------------------------------------------------------


def test_2021_counts(sdn_2021: Parsed) -> None:
    _, records, report = sdn_2021
    assert (report.rows, report.records, report.duplicates) == (8976, 8976, 0)
    schemas = Counter(r.subject.schema.name for r in records)
    assert schemas["Person"] == 4620
    assert schemas["Organization"] + schemas["Company"] == 3673, "entities (no SDN_Type)"
    assert schemas["Vessel"] == 406
    assert schemas["Airplane"] == 277
    assert report.published is None, "the legacy CSV carries no date"


def test_2021_every_alias_row_is_on_its_subject(data_dir: Path, sdn_2021: Parsed) -> None:
    _, records, _ = sdn_2021
    rows = list(read_rows(data_dir / "ofac_sdn_2021-07" / "alt.csv", ALIAS_COLUMNS))
    assert len(rows) == 11910
    assert Counter(c[2] for _, c in rows) == {"aka": 11523, "fka": 369, "nka": 18}
    subjects = {r.record_id: r.subject for r in records}
    for line, (ent_num, _, alt_type, name, _) in rows:
        prop = "previousName" if alt_type == "fka" else "alias"
        cleaned = registry.name.clean(name)  # FtM's cleaning: blanks collapsed, quotes dropped
        assert cleaned in subjects[ent_num].get(prop), f"alt.csv line {line}: {name!r} not a {prop}"


def test_2021_addresses(data_dir: Path, sdn_2021: Parsed) -> None:
    _, records, _ = sdn_2021
    rows = list(read_rows(data_dir / "ofac_sdn_2021-07" / "add.csv", ADDRESS_COLUMNS))
    assert len(rows) == 13837
    # 2,397 rows are OFAC's placeholder for "no address" (every cell -0-).
    filled = [c for _, c in rows if any(c[2:5])]
    addresses = [e for r in records for e in of_schema(r, "Address")]
    assert len(addresses) == len(filled) == 11440
    bnc = by_id(records)["306"]
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in bnc.subject.get("address")
    assert set(bnc.subject.get("country")) == {"ch", "es", "jp", "pa"}
    for address in of_schema(bnc, "Address"):
        assert address.id in bnc.subject.get("addressEntity"), "subject must point to its Address"


def test_2021_comments_continue_the_remarks(data_dir: Path, sdn_2021: Parsed) -> None:
    _, records, report = sdn_2021
    rows = list(read_rows(data_dir / "ofac_sdn_2021-07" / "sdn_comments.csv", COMMENT_COLUMNS))
    assert len(rows) == 5
    record = by_id(records)["12300"]
    notes = " ".join(record.subject.get("notes"))
    assert "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL" in notes, "continuation glued on"
    # Links named only in the continuation are read too.
    assert {sdn_id("12367"), sdn_id("12904")} <= link_targets(record)
    assert not [w for w in report.warnings if "cut at" in w], "no remarks are cut with comments"


def test_2021_linked_to_resolution(sdn_2021: Parsed) -> None:
    _, records, report = sdn_2021
    links = sum(len(of_schema(r, "UnknownLink")) for r in records)
    assert links == 3399
    assert "9 of 3408 'Linked To' targets were not resolved" in report.warnings[-1]
    unresolved = [w for w in report.warnings if "Linked To '" in w]
    assert len(unresolved) == 9
    assert any("SMILE PROPERTY & TRAVEL LTD' matches several records (26466, 26603)" in w for w in unresolved)


def test_2022_joined_file_counts(sdn_2022: Parsed) -> None:
    """USASanctions.csv is sdn.csv, a 0x1A end-of-file byte, then cons_prim.csv.

    PROVENANCE.md counts 11,566 rows / 11,508 ent_nums: it lost the row glued to
    the 0x1A byte (line 11119, ent_num 9639, HANIYA, Ismail Abdul Salah). Read
    properly the file has 11,567 rows and 11,509 ent_nums; the 58 repeats are the
    entities listed on both lists, each repeated verbatim.
    """
    _, records, report = sdn_2022
    assert (report.rows, report.records, report.duplicates) == (11567, 11509, 58)
    assert report.rows == 11566 + 1 and report.records == 11508 + 1
    joint = [w for w in report.warnings if "0x1A" in w]
    assert len(joint) == 1 and "line 11119" in joint[0]
    haniya = by_id(records)["9639"]
    assert haniya.line == 11119 and haniya.subject.get("name") == ["HANIYA, Ismail Abdul Salah"]
    assert programs(haniya) == {"NS-PLC"}
    assert not [w for w in report.warnings if "different" in w], "all 58 repeats are verbatim"


def test_2022_remarks_are_read(data_dir: Path, sdn_2022: Parsed) -> None:
    _, records, report = sdn_2022
    rows = [c for _, c in read_rows(data_dir / "ofac_sdn_2022-11" / "USASanctions.csv", PRIMARY_COLUMNS)]
    assert sum(c[11].count("a.k.a.") for c in rows) == 2772
    assert sum("Linked To:" in c[11] for c in rows) == 4233
    # Fewer weak aliases than mentions: 58 repeated rows, and cut-off remarks.
    assert sum(len(r.subject.get("weakAlias")) for r in records) == 2749
    cut = [w for w in report.warnings if "cut at 1,000 characters" in w]
    assert len(cut) == 20, "remarks cut by OFAC, with no comments file to continue them"
    links = sum(len(of_schema(r, "UnknownLink")) for r in records)
    assert links == 4735
    assert "2 of 4737 'Linked To' targets were not resolved" in report.warnings[-1]
    assert "(99.96% resolved)" in report.warnings[-1]


def test_cons_counts(data_dir: Path, cons: Parsed) -> None:
    source, records, report = cons
    assert source.dataset == "us_ofac_cons"
    assert (report.rows, report.records, report.duplicates) == (442, 442, 0)
    folder = data_dir / "ofac_consolidated_non_sdn"
    assert len(list(read_rows(folder / "cons_alt.csv", ALIAS_COLUMNS))) == 1073
    assert len(list(read_rows(folder / "cons_add.csv", ADDRESS_COLUMNS))) == 574
    assert len(list(read_rows(folder / "cons_comments.csv", COMMENT_COLUMNS))) == 10
    assert sum(len(r.subject.get("alias")) + len(r.subject.get("previousName")) for r in records) == 1076
    assert all(r.subject.id == record_entity_id("us_ofac_cons", r.record_id) for r in records)


def test_ids_are_stable(data_dir: Path, cons: Parsed) -> None:
    _, again, _ = parse(data_dir / "ofac_consolidated_non_sdn" / "cons_prim.csv")
    first = [e.id for r in cons[1] for e in r.entities]
    assert first == [e.id for r in again for e in r.entities]
    assert len(set(first)) == len(first), "entity ids must be unique"


# -- Spot checks -----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["sdn_2021", "sdn_2022"])
def test_soleimani(which: str, request: pytest.FixtureRequest) -> None:
    _, records, _ = request.getfixturevalue(which)
    record = by_id(records)["10481"]
    person = record.subject
    assert person.schema.name == "Person" and person.id == sdn_id("10481")
    assert person.get("name") == ["SOLEIMANI, Qasem"], "OFAC's own form is kept as the name"
    assert person.get("lastName") == ["SOLEIMANI"] and person.get("firstName") == ["Qasem"]
    assert person.get("birthDate") == ["1957-03-11"]
    assert person.get("birthPlace") == ["Qom, Iran"]
    assert person.get("nationality") == ["ir"] and person.get("citizenship") == ["ir"]
    assert person.get("passportNumber") == ["008827"]
    assert programs(record) == {"SDGT", "SYRIA", "NPWMD", "IRGC", "IFSR"}
    for sanction in of_schema(record, "Sanction"):
        assert sanction.get("entity") == [person.id], "each Sanction must point to its subject"
        assert sanction.get("authority") == ["US Treasury, Office of Foreign Assets Control"]
        assert sanction.get("recordId") == ["10481"]
        assert "Additional Sanctions Information - Subject to Secondary Sanctions" in sanction.get(
            "provisions"
        )
    (passport,) = of_schema(record, "Passport")
    assert passport.get("type") == ["Diplomatic Passport"] and passport.get("country") == ["ir"]
    assert passport.get("startDate") == ["1999"] and passport.get("holder") == [person.id]
    if which == "sdn_2021":  # aliases come from alt.csv, absent in 2022
        assert {"SOLEYMANI, Ghasem", "SULEMANI, Qasem", "SULAYMAN, Qasim"} <= set(person.get("alias"))


@pytest.mark.parametrize("which", ["sdn_2021", "sdn_2022"])
def test_linked_to_resolves_to_the_right_records(which: str, request: pytest.FixtureRequest) -> None:
    _, records, _ = request.getfixturevalue(which)
    qasemi = by_id(records)["11786"]
    # "Linked To: SOLEIMANI, Qasem; Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"
    assert link_targets(qasemi) == {sdn_id("10481"), sdn_id("10465")}
    for link in of_schema(qasemi, "UnknownLink"):
        assert link.get("subject") == [qasemi.subject.id] and link.get("role") == ["Linked To"]
    assert programs(qasemi) == {"SDGT", "NPWMD", "IRGC", "IFSR"}

    kazemabad = by_id(records)["24470"]
    person = kazemabad.subject
    assert set(person.get("weakAlias")) == {"BAGHERI, Mahmud", "BAGHERI, Mahmoud"}
    assert person.get("birthDate") == ["1965-06-26"] and person.get("gender") == ["male"]
    (passport,) = of_schema(kazemabad, "Passport")
    assert passport.get("number") == ["J32377129"] and passport.get("endDate") == ["2020-08-31"]
    assert link_targets(kazemabad) == {sdn_id("12056")}  # IRGC AL-GHADIR MISSILE COMMAND


def test_birth_date_ranges(sdn_2021: Parsed) -> None:
    _, records, _ = sdn_2021
    naqdi = by_id(records)["12057"].subject
    # DOB 1951 to 1953; alt. DOB 1960 to 1962; alt. DOB Apr 1961; alt. DOB 1953
    assert set(naqdi.get("birthDate")) == {"1951", "1952", "1953", "1960", "1961", "1962", "1961-04"}
    assert set(naqdi.get("birthPlace")) == {"Najaf, Iraq", "Tehran, Iran"}
    assert "Brigadier General and Commander of the IRGC Basij Resistance Force" in naqdi.get("position")


def test_vessel(sdn_2021: Parsed) -> None:
    _, records, _ = sdn_2021
    record = by_id(records)["15902"]
    vessel = record.subject
    assert vessel.schema.name == "Vessel" and vessel.get("name") == ["STARLA"]
    assert vessel.get("flag") == ["pa"] and vessel.get("pastFlags") == ["tz"]
    assert vessel.get("imoNumber") == ["IMO9569621"] and vessel.get("callSign") == ["5IM316"]
    assert vessel.get("type") == ["Crude Oil Tanker"]
    assert "Vessel owner: NITC" in vessel.get("notes")
    (ownership,) = of_schema(record, "Ownership")  # NITC is an alias of NATIONAL IRANIAN TANKER COMPANY
    assert ownership.get("owner") == [sdn_id("15117")] and ownership.get("asset") == [vessel.id]


def test_aircraft(sdn_2021: Parsed) -> None:
    _, records, _ = sdn_2021
    plane = by_id(records)["15978"].subject
    assert plane.schema.name == "Airplane" and plane.get("registrationNumber") == ["UR-CKF"]
    assert plane.get("model") == ["BAe-146 Avro RJ100"]
    assert set(plane.get("serialNumber")) == {"341", "3341"}
    assert plane.get("buildDate") == ["1998-12-20"]
    assert plane.get("operator") == [sdn_id("12927")], "Aircraft Operator Mahan Air -> MAHAN AIR"


def test_company_identifiers(cons: Parsed) -> None:
    _, records, _ = cons
    companies = [r.subject for r in records if r.subject.schema.name == "Company"]
    assert len(companies) == 58, "entities with an ISIN, ticker or BIK are Companies"
    assert all(c.get("isinCode") or c.get("ticker") or c.get("bikCode") for c in companies)


# -- Remarks, unit level -----------------------------------------------------------------------


def test_parse_remarks_fields() -> None:
    remarks = parse_remarks(
        "DOB 02 Mar 1961; alt. DOB 01 Jan 1973 to 31 Dec 1973; POB Tehran, Iran; nationality Iran; "
        "nationality possibly Palestinian; Passport G 649385 (Iran) issued 08 Sep 2006 expires "
        "17 Jul 2011; National ID No. D489833(9) (Hong Kong); a.k.a. 'NU'MAN'; f.k.a. 'OLD NAME'; "
        "Gender Male; Telephone No. 263-4-486946; Legal Entity Number 253400V1H6ART1UQ0N98 (Russia); "
        "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; Secondary sanctions "
        "risk: section 561.201; Linked To: BANK MELLI IRAN."
    )
    values = {(props[0], value) for props, value in remarks.values}
    assert {("birthDate", "1961-03-02"), ("birthDate", "1973"), ("birthPlace", "Tehran, Iran")} <= values
    assert {("nationality", "ir"), ("nationality", "ps"), ("gender", "male")} <= values
    assert {("weakAlias", "NU'MAN"), ("previousName", "OLD NAME")} <= values
    assert {("phone", "+2634486946"), ("leiCode", "253400V1H6ART1UQ0N98")} <= values
    passport, national = remarks.documents
    assert (passport.number, passport.country, passport.issued, passport.expires) == (
        "G 649385",
        "ir",
        ["2006-09-08"],
        ["2011-07-17"],
    )
    assert (national.number, national.country, national.prop) == ("D489833(9)", "hk", "idNumber")
    assert remarks.wallets == [("XBT", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h")]
    assert remarks.provisions == ["Secondary sanctions risk: section 561.201"]
    assert remarks.links == ["BANK MELLI IRAN"] and remarks.problems == []


def test_unreadable_values_are_reported() -> None:
    remarks = parse_remarks("DOB sometime in the sixties; nationality Atlantis")
    assert remarks.values == []
    assert remarks.problems == [
        "DOB 'sometime in the sixties' is not a date hisab can read",
        "nationality 'Atlantis' is not a country hisab knows",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01 Jan 1961 to 31 Dec 1962", ["1961", "1962"]),
        ("01 Feb 1960 to 29 Feb 1960", ["1960-02"]),
        ("26 Sep 1946 to 07 Dec 1946", ["1946"]),
        ("Mar 1962 to Feb 1963", ["1962", "1963"]),
        ("circa 1951", ["1951"]),
        ("1951 to 1953", ["1951", "1952", "1953"]),
        ("10 Dec 1948", ["1948-12-10"]),
        ("unknown", []),
    ],
)
def test_read_dates(text: str, expected: list[str]) -> None:
    assert read_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("982188526300", "+982188526300"),
        (": 0097282858208", "+97282858208"),
        ("(98)(21)(22013392)", "+982122013392"),
        ("No. (218) (0)214778766", "+218214778766"),
        ("09 738 27777", "0973827777"),
    ],
)
def test_phone_number(text: str, expected: str) -> None:
    assert phone_number(text) == expected


@given(st.text())
def test_parse_remarks_never_fails(text: str) -> None:
    remarks = parse_remarks(text)
    for props, value in remarks.values:
        assert props and value


@given(st.text(alphabet="0123456789 JanFebMarDectocirca-", max_size=40))
def test_read_dates_gives_iso_prefixes(text: str) -> None:
    for value in read_dates(text):
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value), value


# -- Bad and odd input ---------------------------------------------------------------------------

ROW_CUBA = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
ROW_BNC = (
    '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    "\"a.k.a. 'BNC'; Linked To: AEROCARIBBEAN AIRLINES.\""
)


def write(folder: Path, name: str, *lines: str | bytes) -> Path:
    """An OFAC-style file: CRLF line ends and a closing 0x1A byte."""
    data = b"".join((line if isinstance(line, bytes) else line.encode("cp1252")) + b"\r\n" for line in lines)
    path = folder / name
    path.write_bytes(data + b"\x1a")
    return path


def run(path: Path) -> tuple[list[Record], ParseReport]:
    source = Source(path, FORMAT.name, FORMAT.dataset_for(path), FORMAT.companions(path))
    report = ParseReport()
    return list(FORMAT.parse(source, report)), report


def test_small_file_with_companions(tmp_path: Path) -> None:
    sdn = write(tmp_path, "sdn.csv", ROW_CUBA, ROW_BNC)
    write(tmp_path, "alt.csv", '306,220,"aka","NATIONAL BANK OF CUBA",-0- ')
    write(tmp_path, "add.csv", '306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- ')
    assert FORMAT.detect(sdn, read_head(sdn))
    records, report = run(sdn)
    assert [r.record_id for r in records] == ["36", "306"] and report.warnings == []
    bnc = records[1]
    assert bnc.subject.get("alias") == ["NATIONAL BANK OF CUBA"] and bnc.subject.get("weakAlias") == ["BNC"]
    assert link_targets(bnc) == {sdn_id("36")} and bnc.line == 2


def test_cp1252_text_is_read(tmp_path: Path) -> None:
    row = ROW_CUBA.replace("AEROCARIBBEAN AIRLINES", "CAF\xc9 CUBA").encode("cp1252")
    records, _ = run(write(tmp_path, "sdn.csv", row))
    assert records[0].subject.get("name") == ["CAFÉ CUBA"]


def test_undecodable_byte(tmp_path: Path) -> None:
    row = ROW_CUBA.encode("cp1252").replace(b"AIRLINES", b"AIR\x81LINES")
    path = write(tmp_path, "sdn.csv", ROW_BNC, row)
    with pytest.raises(ParseError, match=r"sdn\.csv, line 2: byte 0x81") as exc:
        run(path)
    assert exc.value.line == 2


def test_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "sdn.csv", ROW_CUBA, ROW_BNC.rsplit(",", 2)[0])
    with pytest.raises(ParseError, match=r"sdn\.csv, line 2, field 'Vess_owner': missing columns") as exc:
        run(path)
    assert (exc.value.line, exc.value.field) == (2, "Vess_owner")


def test_extra_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "sdn.csv", ROW_CUBA + ",-0- ")
    with pytest.raises(ParseError, match=r"sdn\.csv, line 1, field 'column 13': extra columns"):
        run(path)


def test_non_numeric_ent_num(tmp_path: Path) -> None:
    path = write(tmp_path, "sdn.csv", ROW_CUBA, "X" + ROW_BNC)
    with pytest.raises(ParseError, match=r"sdn\.csv, line 2, field 'ent_num': ent_num 'X306'"):
        run(path)


def test_bad_companion_row_names_the_companion(tmp_path: Path) -> None:
    sdn = write(tmp_path, "sdn.csv", ROW_CUBA)
    write(tmp_path, "alt.csv", '36,12,"aka","AERO-CARIBBEAN"')
    with pytest.raises(ParseError, match=r"alt\.csv, line 1, field 'alt_remarks': missing columns"):
        run(sdn)


def test_empty_file(tmp_path: Path) -> None:
    for data in (b"", b"\x1a", b"\r\n\x1a"):
        path = tmp_path / "sdn.csv"
        path.write_bytes(data)
        with pytest.raises(ParseError, match=r"sdn\.csv: the file is empty"):
            run(path)


def test_companion_with_unknown_ent_num_is_a_warning(tmp_path: Path) -> None:
    sdn = write(tmp_path, "sdn.csv", ROW_CUBA)
    write(tmp_path, "alt.csv", '36,12,"aka","AERO-CARIBBEAN",-0- ', '999,13,"aka","NOBODY",-0- ')
    records, report = run(sdn)
    assert len(records) == 1 and records[0].subject.get("alias") == ["AERO-CARIBBEAN"]
    assert report.warnings == [
        "alt.csv: 1 row(s) refer to an ent_num that is not in sdn.csv; they are skipped: line 2 (ent_num 999)"
    ]


def test_duplicates(tmp_path: Path) -> None:
    changed = ROW_CUBA.replace("AIRLINES", "AIRWAYS")
    records, report = run(write(tmp_path, "sdn.csv", ROW_CUBA, ROW_BNC, ROW_CUBA, changed))
    assert (report.rows, report.records, report.duplicates) == (4, 2, 2)
    assert report.warnings == [
        "sdn.csv: ent_num 36 is on line 1 and again, different, on line 4; the first is kept"
    ]
    assert records[0].subject.get("name") == ["AEROCARIBBEAN AIRLINES"]


def test_joined_files(tmp_path: Path) -> None:
    path = tmp_path / "joined.csv"
    path.write_bytes(f"{ROW_CUBA}\r\n\x1a{ROW_BNC}\r\n\x1a".encode("cp1252"))
    assert FORMAT.detect(path, read_head(path))
    records, report = run(path)
    assert [r.record_id for r in records] == ["36", "306"] and records[1].line == 2
    assert len(report.warnings) == 1 and "joined.csv line 2: an end-of-file mark" in report.warnings[0]


def test_cut_remarks_without_comments(tmp_path: Path) -> None:
    remarks = "DOB 1961; " + "; ".join(f"a.k.a. 'NAME {i:03d}'" for i in range(100))
    cut = remarks[:1000]
    assert cut.endswith("'; a."), "cut inside 'a.k.a.': a full stop does not mean complete"
    row = f'{ROW_CUBA.rsplit(",", 1)[0]},"{cut}"'
    records, report = run(write(tmp_path, "sdn.csv", row))
    aliases = records[0].subject.get("weakAlias")
    assert "NAME 000" in aliases and not any(len(a) < len("NAME 000") for a in aliases)
    assert report.warnings == [
        "record 36 (line 1): remarks cut at 1,000 characters and no comments file continues "
        "them; the last field is kept in notes only"
    ]
    write(tmp_path, "sdn_comments.csv", f'36,"{remarks[1000:]}."')
    records, report = run(write(tmp_path, "sdn.csv", row))
    assert len(records[0].subject.get("weakAlias")) == 100 and report.warnings == []


def test_unresolved_link_is_reported(tmp_path: Path) -> None:
    row = ROW_BNC.replace("AEROCARIBBEAN AIRLINES", "NOBODY KNOWN")
    records, report = run(write(tmp_path, "sdn.csv", ROW_CUBA, row))
    assert of_schema(records[1], "UnknownLink") == []
    assert report.warnings == [
        "record 306 (line 2): Linked To 'NOBODY KNOWN' matches no record in this file; no link made",
        "1 of 1 'Linked To' targets were not resolved to a record in this file (0.00% resolved)",
    ]
