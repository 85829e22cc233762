"""The EU Official Journal CSV parser, on the 37 real files and on hand-written bad input."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import EntityProxy
from hypothesis import given
from hypothesis import strategies as st

import hisab.sources as sources
from hisab.errors import ParseError
from hisab.sources.base import ParseReport, Record, Source
from hisab.sources.eu_journal import (
    FORMAT,
    REQUIRED,
    name_variants,
    person_parts,
    read_countries,
    read_dates,
    split_cell,
)

HEADER = (
    "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,previousName,"
    "country,nationality,jurisdiction,birthDate,birthPlace,position,passportNumber,gender,appearance,"
    "ethnicity,fatherName,motherName,incorporationDate,legalForm,sector,registrationNumber,taxNumber,"
    "idNumber,innCode,ogrnCode,kppCode,okpoCode,leiCode,swiftBic,ticker,imoNumber,mmsi,flag,address,"
    "phone,email,website,notes"
)
COLUMNS = HEADER.split(",")
IRAN_HR, IRAN_NUCLEAR, IRAN_UAV = "32011R0359", "32012R0267", "32023R1529"


def folder(data_dir: Path) -> Path:
    return data_dir / "eu_oj_opensanctions" / "consolidated"


def parse(path: Path, companions: bool = True) -> tuple[list[Record], ParseReport]:
    source = Source(
        path, FORMAT.name, FORMAT.dataset_for(path), FORMAT.companions(path) if companions else ()
    )
    report = ParseReport()
    return list(FORMAT.parse(source, report)), report


def row(**cells: str) -> str:
    """One CSV line in the real column order; `cells` fill the named columns."""
    values = {"celex": "32011R0359", "annex": "I.A", "programKey": "EU-IRN", "schema": "Person", **cells}
    return ",".join(_quote(values.get(column, "")) for column in COLUMNS)


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


def write(tmp_path: Path, lines: list[str], name: str = "32011R0359.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def parsed(data_dir: Path) -> tuple[list[Record], ParseReport]:
    """The whole dataset, loaded (as a user would) by naming one of its files."""
    return parse(folder(data_dir) / f"{IRAN_HR}.csv")


@pytest.fixture(scope="module")
def by_id(parsed: tuple[list[Record], ParseReport]) -> dict[str, Record]:
    return {record.record_id: record for record in parsed[0]}


def values(entity: EntityProxy, prop: str) -> list[str]:
    return entity.get(prop)


def sanction(record: Record) -> EntityProxy:
    found = [e for e in record.entities if e.schema.name == "Sanction"]
    assert len(found) == 1, f"{record.record_id}: expected one Sanction, found {len(found)}"
    return found[0]


# -- detection and grouping ------------------------------------------------------


def test_detect_reads_the_header_not_the_file_name(data_dir: Path, tmp_path: Path) -> None:
    real = folder(data_dir) / f"{IRAN_HR}.csv"
    assert FORMAT.detect(real, real.read_bytes()[:8192]), "a real EU journal file is not recognised"
    renamed = write(tmp_path, [HEADER, row(recordId="1", name="X Y")], name="whatever.txt")
    assert FORMAT.detect(renamed, renamed.read_bytes()), "detection must not depend on the file name"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + renamed.read_bytes())
    assert FORMAT.detect(bom, bom.read_bytes()), "a UTF-8 byte-order mark must not hide the header"
    other = write(tmp_path, ["name,alias,birthDate", "A,B,1970"], name="other.csv")
    assert not FORMAT.detect(other, other.read_bytes()), "a CSV with another header was claimed"
    csl = data_dir / "us_csl" / "consolidated.csv.gz"
    assert not FORMAT.detect(csl, csl.read_bytes()[:8192]), "a gzip file was claimed"


def test_companions_are_every_other_act_in_the_folder(data_dir: Path, tmp_path: Path) -> None:
    path = folder(data_dir) / f"{IRAN_HR}.csv"
    companions = FORMAT.companions(path)
    assert len(companions) == 36, f"expected the 36 other acts, got {len(companions)}"
    assert path not in companions, "a file is not its own companion"
    assert list(companions) == sorted(companions), "companions must come in a stable order"
    shutil.copy(path, tmp_path / f"{IRAN_HR}.csv")
    write(tmp_path, ["name,alias", "A,B"], name="notes.csv")
    write(tmp_path, [HEADER, row(celex="32023R1529", recordId="1", name="X Y")], name="32023R1529.csv")
    assert [p.name for p in FORMAT.companions(tmp_path / f"{IRAN_HR}.csv")] == ["32023R1529.csv"], (
        "only sibling files with the EU journal header are companions"
    )


def test_discover_loads_the_folder_once(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only this format is registered here, so the test does not depend on the other parsers.
    monkeypatch.setattr(sources, "formats", lambda: (FORMAT,))
    found, skipped = sources.discover([folder(data_dir)])
    assert len(found) == 1, f"the 37 acts are one dataset version, got {len(found)} sources"
    assert not skipped, f"nothing in the folder should be skipped: {skipped}"
    source = found[0]
    assert source.dataset == "eu_journal", source.dataset
    assert len((source.path, *source.companions)) == 37, "the source must name all 37 files"


# -- counts ------------------------------------------------------------------------


def test_every_row_of_the_37_files_is_one_record(parsed: tuple[list[Record], ParseReport]) -> None:
    records, report = parsed
    assert report.rows == 8017, f"rows: {report.rows}"
    # Every row is one listing: the same person in two annexes (NAQDI) is two records.
    assert report.records == len(records) == 8017, f"records: {report.records}"
    assert report.duplicates == 0, "no row is dropped"
    assert report.published is None, "the files carry no publication date"
    ids = [r.record_id for r in records]
    assert len(set(ids)) == len(ids), "record ids must be unique within the dataset"
    entity_ids = [e.id for r in records for e in r.entities]
    assert len(set(entity_ids)) == len(entity_ids), "entity ids must be unique"


@pytest.mark.parametrize(
    ("celex", "rows", "persons", "entities"),
    [(IRAN_HR, 321, 268, 53), (IRAN_NUCLEAR, 339, 77, 262), (IRAN_UAV, 49, 22, 27)],
)
def test_iran_files(
    parsed: tuple[list[Record], ParseReport], celex: str, rows: int, persons: int, entities: int
) -> None:
    records = [r for r in parsed[0] if r.record_id.startswith(f"{celex}/")]
    schemas = Counter(r.subject.schema.name for r in records)
    assert len(records) == rows, f"{celex}: {len(records)} records"
    assert schemas == {"Person": persons, "LegalEntity": entities}, f"{celex}: {schemas}"
    assert all(values(sanction(r), "program") == ["EU-IRN"] for r in records), f"{celex}: program"


def test_schemas_come_from_the_schema_column(parsed: tuple[list[Record], ParseReport]) -> None:
    schemas = Counter(r.subject.schema.name for r in parsed[0])
    assert schemas == {
        "Person": 4500,
        "LegalEntity": 2553,
        "Vessel": 708,
        "Company": 200,
        "Asset": 29,
        "Organization": 27,
    }, schemas


# -- record ids --------------------------------------------------------------------


def test_record_ids(by_id: dict[str, Record]) -> None:
    record = by_id[f"{IRAN_HR}/I.A/69"]
    assert record.subject.id == "eu-journal-32011R0359-I.A-69", record.subject.id
    assert values(record.subject, "name") == ["MORTAZAVI Seyyed Solat"]
    assert values(sanction(record), "recordId") == ["32011R0359/I.A/69"]
    assert record.line == 63, f"line {record.line}"
    # Without a recordId the first name as written takes its place.
    assert "32002R0881/I/Abu Sayyaf Group" in by_id, "a name-based id is missing"
    assert by_id["32002R0881/I/Abu Sayyaf Group"].subject.id == "eu-journal-32002R0881-I-Abu-Sayyaf-Group"


def test_a_repeated_id_is_reported_and_disambiguated(
    by_id: dict[str, Record], parsed: tuple[list[Record], ParseReport]
) -> None:
    first, second = by_id["32002R0881/I/Ali Ghaleb Himmat"], by_id["32002R0881/I/Ali Ghaleb Himmat#2"]
    assert (first.line, second.line) == (125, 219), (first.line, second.line)
    warned = [w for w in parsed[1].warnings if "Ali Ghaleb Himmat" in w and "already taken" in w]
    assert len(warned) == 1 and "line 219" in warned[0], parsed[1].warnings[:3]


def test_disambiguation_is_deterministic(tmp_path: Path) -> None:
    lines = [HEADER] + [row(recordId="7", name=f"NAME{i} Given") for i in range(3)]
    path = write(tmp_path, lines)
    for _ in range(2):
        records, report = parse(path)
        assert [r.record_id for r in records] == [
            "32011R0359/I.A/7",
            "32011R0359/I.A/7#2",
            "32011R0359/I.A/7#3",
        ]
        assert len(report.warnings) == 2, report.warnings


def test_ids_do_not_depend_on_the_file_named(data_dir: Path, tmp_path: Path) -> None:
    for celex in ("32002R0881", IRAN_HR, IRAN_UAV):
        shutil.copy(folder(data_dir) / f"{celex}.csv", tmp_path)
    from_first, _ = parse(tmp_path / "32002R0881.csv")
    from_last, _ = parse(tmp_path / f"{IRAN_UAV}.csv")
    first_ids = [(r.record_id, [e.id for e in r.entities]) for r in from_first]
    assert first_ids == [(r.record_id, [e.id for e in r.entities]) for r in from_last], "ids changed"
    assert len(from_first) == 350 + 321 + 49, len(from_first)


# -- field by field ----------------------------------------------------------------


def test_ahmadi_moqaddam(by_id: dict[str, Record]) -> None:
    record = by_id[f"{IRAN_HR}/I.A/1"]
    person = record.subject
    assert person.schema.name == "Person"
    assert values(person, "name") == ["AHMADI-MOQADDAM Esmail"], "the name as written"
    assert values(person, "alias") == ["Esmail AHMADI-MOQADDAM"], "plus the natural order"
    assert values(person, "lastName") == ["AHMADI-MOQADDAM"] and values(person, "firstName") == ["Esmail"]
    assert values(person, "birthDate") == ["1961"]
    assert values(person, "birthPlace") == ["Tehran (Iran)"]
    assert values(person, "gender") == ["male"]
    assert values(person, "topics") == ["sanction"]
    listing = sanction(record)
    assert values(listing, "entity") == [person.id]
    assert values(listing, "authority") == ["Council of the European Union"]
    assert values(listing, "program") == ["EU-IRN"] and values(listing, "provisions") == ["Asset freeze"]
    assert values(listing, "listingDate") == ["2011-04-12"]
    assert "Chief of Iran’s National Police" in values(listing, "reason")[0]
    url = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32011R0359"
    assert values(listing, "sourceUrl") == [url] and values(person, "sourceUrl") == [url]


def test_hosseini_persian_alias_and_alias_note(by_id: dict[str, Record]) -> None:
    person = by_id[f"{IRAN_HR}/I.A/60"].subject
    assert values(person, "name") == ["HOSSEINI Dr Seyyed Mohammad"]
    aliases = values(person, "alias")
    assert "دکتر سيد محمد حسيني" in aliases, "the Persian-script alias must be kept in its script"
    assert "HOSSEYNI Dr Seyyed Mohammad" in aliases and "Seyyed Mohammad HOSSEINI" in aliases, aliases
    assert "Seyed, Sayyed and Sayyid" not in aliases, "a note in the alias cell is not a name"
    assert "alias: Seyed, Sayyed and Sayyid" in values(person, "notes")
    assert values(person, "title") == ["Dr"] and values(person, "lastName") == ["HOSSEINI"]
    assert values(person, "firstName") == ["Seyyed Mohammad"]
    assert values(person, "birthDate") == ["1961-07-23"]
    assert values(person, "birthPlace") == ["Rafsanjan, Kerman (Iran)"]
    assert values(sanction(by_id[f"{IRAN_HR}/I.A/60"]), "listingDate") == ["2011-10-10"]


def test_birth_place_written_in_the_birth_date_cell(by_id: dict[str, Record]) -> None:
    person = by_id[f"{IRAN_HR}/I.A/275"].subject
    assert values(person, "name") == ["Hossein YEKTA"]
    assert values(person, "birthDate") == ["1967-11-27"]
    assert values(person, "birthPlace") == ["Qom, Iran"], "the place moves out of the birth-date cell"
    assert values(person, "nationality") == ["ir"]
    assert values(person, "position") == ["Commander of the Islamic Revolutionary Guard Corps (IRGC)"]
    assert values(sanction(by_id[f"{IRAN_HR}/I.A/275"]), "listingDate") == ["2026-03-16"]


def test_comma_separated_name_parts(by_id: dict[str, Record]) -> None:
    person = by_id[f"{IRAN_NUCLEAR}/IX.I.A/16"].subject
    assert values(person, "name") == ["Rear Admiral Mohammad SHAFI'I RUDSARI"]
    assert values(person, "title") == ["Rear Admiral"]
    aliases = values(person, "alias")
    for written, natural in [
        ("ROODSARI, Mohammad, Hossein, Shafiei", "Mohammad Hossein Shafiei ROODSARI"),
        ("RUDSARI, Mohammad, Shafi’I", "Mohammad Shafi’I RUDSARI"),
    ]:
        assert written in aliases, f"{written!r} must be kept as written"
        assert natural in aliases, f"{natural!r} (natural order) is missing"
    assert "Mohammad SHAFI'I RUDSARI" in aliases, "the name without the rank"


def test_naqdi_is_listed_three_times(by_id: dict[str, Record]) -> None:
    hr = by_id[f"{IRAN_HR}/I.A/9"].subject
    assert values(hr, "name") == ["NAQDI Mohammad-Reza"] and values(hr, "birthDate") == ["1952"], "Circa 1952"
    assert values(hr, "position") == ["Brigadier-General"]
    un = by_id[f"{IRAN_NUCLEAR}/VIII.A.PERSONS/26"].subject
    assert values(un, "birthDate") == ["1949-02-11", "1952-02-11", "1953-02-11", "1961-02-11"]
    assert sorted(values(un, "birthPlace")) == ["Najaf, Iraq", "Tehran, Iran (Islamic Republic of)"]
    eu = by_id[f"{IRAN_NUCLEAR}/IX.II.A/8"]
    person = eu.subject
    assert values(person, "name") == ["Mohammad Reza NAQDI"]
    assert "محمد رضا نقدﻯ" in values(person, "alias"), "Persian script kept"
    assert {"Mohammad-Reza NAQDI", "Mohammad Reza NAGDI", "Gholamreza NAQDI"} <= set(values(person, "alias"))
    assert values(person, "nationality") == ["ir"] and values(person, "gender") == ["male"]
    assert values(person, "position") == [
        "Islamic Revolutionary Guard Corps (IRGC) Deputy Commander",
        "Brig. General",
    ]
    assert values(sanction(eu), "listingDate") == ["2010-07-26"]
    assert len({hr.id, un.id, person.id}) == 3, "three listings, three subjects"


def test_entity_with_address_and_phones(
    by_id: dict[str, Record], parsed: tuple[list[Record], ParseReport]
) -> None:
    record = by_id[f"{IRAN_NUCLEAR}/IX.I.B/105"]
    bank = record.subject
    assert bank.schema.name == "LegalEntity" and values(bank, "name") == ["Tejarat Bank"]
    addresses = [e for e in record.entities if e.schema.name == "Address"]
    assert len(addresses) == 1, addresses
    assert values(addresses[0], "country") == ["ir"] and values(bank, "country") == ["ir"]
    assert values(bank, "addressEntity") == [addresses[0].id]
    # Local numbers without a country code cannot be cleaned: reported and kept in notes.
    assert "phone: 88826690" in values(bank, "notes")
    assert any("IX.I.B/105: phone '88826690'" in w for w in parsed[1].warnings)


def test_alias_lists_in_one_cell(by_id: dict[str, Record]) -> None:
    prison = by_id[f"{IRAN_HR}/I.B/4"].subject
    aliases = values(prison, "alias")
    assert {"Rajai Shahr Prison", "Gohar Dasht Prison", "Raja’i Shahr"} <= set(aliases), aliases
    person = by_id[f"{IRAN_HR}/I.A/36"].subject
    assert {"AVAEE Seyyed Alireza", "AVAIE Alireza"} <= set(values(person, "alias")), values(person, "alias")


def test_passport_and_id_documents(by_id: dict[str, Record]) -> None:
    record = by_id[f"{IRAN_HR}/I.A/142"]
    person = record.subject
    assert values(person, "name") == ["BORMAHANI Mohsen"]
    assert values(person, "passportNumber") == ["A54062245"], "the number without the remark"
    assert values(person, "idNumber") == ["1063893488"]
    docs = {e.schema.name: e for e in record.entities if e.schema.name in ("Passport", "Identification")}
    passport = docs["Passport"]
    assert values(passport, "holder") == [person.id] and values(passport, "number") == ["A54062245"]
    assert values(passport, "country") == ["ir"], "the issuing country read from the remark"
    assert values(passport, "summary") == ["A54062245 (Iran), expires 12.7.2026"], "the cell as written"
    assert values(docs["Identification"], "number") == ["1063893488"]


def test_vessel_and_identifiers(by_id: dict[str, Record]) -> None:
    vessel = by_id["32014R0833/XLII/142"].subject
    assert vessel.schema.name == "Vessel" and values(vessel, "imoNumber") == ["9610810"]
    assert values(sanction(by_id["32014R0833/XLII/142"]), "provisions") == ["Transportation restrictions"]


def test_unreadable_dates_are_reported(
    by_id: dict[str, Record], parsed: tuple[list[Record], ParseReport]
) -> None:
    person = by_id["32014R0269/I.PERSONS/995"].subject
    assert "birthDate: 10 October (year unknown)" in values(person, "notes")
    assert any("I.PERSONS/995: birthDate '10 October (year unknown)'" in w for w in parsed[1].warnings)
    hijri = by_id["32002R0881/I/Ibrahim Hassan Tali Al-Asiri"].subject
    assert values(hijri, "birthDate") == ["1982-04-19", "1982-04-18"], "a Hijri year is not a Gregorian one"


# -- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize("column", REQUIRED)
def test_missing_column(tmp_path: Path, column: str) -> None:
    kept = [c for c in COLUMNS if c != column]
    path = write(tmp_path, [",".join(kept), ",".join("x" for _ in kept)])
    with pytest.raises(ParseError) as err:
        parse(path)
    assert path.name in str(err.value) and err.value.line == 1 and err.value.field == column, str(err.value)


def test_wrong_number_of_fields(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, row(recordId="1", name="A B"), row(recordId="2", name="C D") + ",extra"])
    with pytest.raises(ParseError) as err:
        parse(path)
    assert path.name in str(err.value) and err.value.line == 3, str(err.value)
    assert "expected 45 fields" in str(err.value) and "found 46" in str(err.value)


@pytest.mark.parametrize("schema", ["Persn", "Sanction", "Thing"])
def test_invalid_schema(tmp_path: Path, schema: str) -> None:
    path = write(tmp_path, [HEADER, row(recordId="1", name="A B", schema=schema)])
    with pytest.raises(ParseError) as err:
        parse(path)
    assert path.name in str(err.value) and err.value.line == 2 and err.value.field == "schema", str(err.value)
    assert repr(schema) in str(err.value)


def test_empty_required_cell(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, row(recordId="1", name="")])
    with pytest.raises(ParseError) as err:
        parse(path)
    assert err.value.line == 2 and err.value.field == "name", str(err.value)


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "32011R0359.csv"
    path.write_bytes((HEADER + "\n" + row(recordId="1", name="A B") + "\n").encode() + b"3,\xff\xfe,broken\n")
    with pytest.raises(ParseError) as err:
        parse(path)
    assert path.name in str(err.value) and err.value.line == 3 and "utf-8" in str(err.value), str(err.value)


def test_unterminated_quote(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, row(recordId="1", name="A B").replace("A B", '"A B')])
    with pytest.raises(ParseError) as err:
        parse(path)
    assert path.name in str(err.value) and err.value.line is not None, str(err.value)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "32011R0359.csv"
    path.write_bytes(b"")
    with pytest.raises(ParseError) as err:
        parse(path, companions=False)
    assert path.name in str(err.value) and err.value.line == 1, str(err.value)


def test_header_only_file_has_no_records(tmp_path: Path) -> None:
    records, report = parse(write(tmp_path, [HEADER]))
    assert records == [] and report.rows == 0, (records, report)


# -- cell readers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "person", "variants"),
    [
        ("AHMADI-MOQADDAM Esmail", True, ["Esmail AHMADI-MOQADDAM"]),
        ("Mohammad Reza NAQDI", True, []),
        ("ROODSARI, Mohammad, Hossein, Shafiei", True, ["Mohammad Hossein Shafiei ROODSARI"]),
        ("MORTAZAVI, Mojtaba", True, ["Mojtaba MORTAZAVI"]),
        ("Sviatlana, Anatoleuna LYUBETSKAYA", True, ["Sviatlana Anatoleuna LYUBETSKAYA"]),
        ("Ruben Pestano Lavilla, Jr.", True, ["Ruben Pestano Lavilla Jr."]),
        (
            "AVAEE Seyyed Alireza, AVAIE Alireza",
            True,
            ["AVAEE Seyyed Alireza", "AVAIE Alireza", "Seyyed Alireza AVAEE", "Alireza AVAIE"],
        ),
        ("Qadour, Qaddour, Kaddour", True, []),
        ("‘Bentley’, ‘Bergen’, ‘Ben’", True, []),
        ("MOSTAFAVI (Hojjatoleslam) Ali", True, ["MOSTAFAVI Ali", "Ali MOSTAFAVI"]),
        ("Munzir (a.k.a. Mundhir, Monzer) Jamil AL-ASSAD", True, ["Munzir Jamil AL-ASSAD"]),
        ("Wasim Badia AL-ASSAD وسيم بديع الأسد", True, ["Wasim Badia AL-ASSAD", "وسيم بديع الأسد"]),
        (
            "Dmitry Nikolayevich KOZAK (Дмитрий Николаевич КОЗАК)",
            True,
            ["Dmitry Nikolayevich KOZAK", "Дмитрий Николаевич КОЗАК"],
        ),
        ("Alesia MILORADOVICH or Alesya MILORADOVICH", True, ["Alesia MILORADOVICH", "Alesya MILORADOVICH"]),
        ("Iван Уладзіміравіч КУБРАКОЎ", True, []),
        ("نابل عبدالله, نابل العبدالله", True, ["نابل عبدالله", "نابل العبدالله"]),
        (
            "Rahkar Company, Rahkar Industries, Rahkar Sanaye Company",
            False,
            ["Rahkar Company", "Rahkar Industries", "Rahkar Sanaye Company"],
        ),
        ("Aid Organisation of The Ulema, Pakistan", False, []),
        ("Association for Education, Culture and Building Society- Sirat", False, []),
        ("AO Рособоронэкспорт", False, []),
        ("PJSC UEC-KUZNETSOV (ПАО ‘ОДК-Кузнецов’)", False, ["PJSC UEC-KUZNETSOV", "ПАО ‘ОДК-Кузнецов’"]),
        ("JSC ‘NNK’ / New Oil Company", False, ["JSC ‘NNK’", "New Oil Company"]),
    ],
)  # fmt: skip
def test_name_variants(written: str, person: bool, variants: list[str]) -> None:
    assert name_variants(written, person) == [written, *variants]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("AHMADI-MOQADDAM Esmail", (None, "Esmail", "AHMADI-MOQADDAM")),
        ("HOSSEINI Dr Seyyed Mohammad", ("Dr", "Seyyed Mohammad", "HOSSEINI")),
        ("Rear Admiral Mohammad SHAFI'I RUDSARI", ("Rear Admiral", "Mohammad", "SHAFI'I RUDSARI")),
        ("EL TAHIR Mohamed EL AWAD EL AMIN", (None, None, None)),
        ("Abu Sayyaf Group", (None, None, None)),
    ],
)
def test_person_parts(name: str, parts: tuple[str | None, str | None, str | None]) -> None:
    assert person_parts(name) == parts


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("27.11.1967", ["1967-11-27"]),
        ("Circa 1957 or 14 March 1942", ["1957", "1942-03-14"]),
        ("(a) 1.1.1968, (b) 23.4.1968", ["1968-01-01", "1968-04-23"]),
        ("Between 1968 and 1973", ["1968", "1969", "1970", "1971", "1972", "1973"]),
        ("16 Jun. 1969", ["1969-06-16"]),
        ("29.6. 2015", ["2015-06-29"]),
        ("1343 (Iranian Hijri calendar), 1964 or 1965 (Gregorian calendar)", ["1964", "1965"]),
        ("1960s-1970s (approx. 60 years old)", []),
    ],
)
def test_read_dates(text: str, dates: list[str]) -> None:
    assert read_dates(text) == dates


@pytest.mark.parametrize(
    ("text", "codes", "unread"),
    [
        ("Iranian", ["ir"], []),
        ("(a) Algerian, (b) German", ["dz", "de"], []),
        ("Myanmar/Burma", ["mm"], []),
        ("Italian since 1990", ["it"], []),
        ("Democratic Republic of the Congo", ["cd"], []),
        ("Belarussian", ["by"], []),
        ("Gaza Strip, West Bank, Southern Lebanon", ["ps"], ["Southern Lebanon"]),
    ],
)
def test_read_countries(text: str, codes: list[str], unread: list[str]) -> None:
    assert read_countries(text) == (codes, unread)


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("A; B", ["A", "B"]),
        ('"(a) German; (b) Algerian"', ["German", "Algerian"]),
        ('"Ali (born: 22.8.1973; in: Morocco)"; Kalad', ["Ali (born: 22.8.1973; in: Morocco)", "Kalad"]),
        ("Djamel (born (a) 31.12.1979 (b) 22.12.1973)", ["Djamel (born (a) 31.12.1979 (b) 22.12.1973)"]),
        ("a) 1 Jun. 1976; b) 1976", ["1 Jun. 1976", "1976"]),
        ("", []),
    ],
)  # fmt: skip
def test_split_cell(cell: str, parts: list[str]) -> None:
    assert split_cell(cell) == parts


@given(st.text(max_size=80), st.booleans())
def test_name_variants_never_fail(text: str, person: bool) -> None:
    found = name_variants(text, person)
    assert found[0] == text and len(found) == len(set(found)), found
    assert all(v.strip() for v in found[1:]), found
