"""The EU FSF v1.0 CSV parser: the damaged real excerpt, a normal-form fixture, and broken input."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from followthemoney import EntityProxy

from hisab.errors import ParseError
from hisab.sources import detect
from hisab.sources.base import ParseReport, Record, Source, record_entity_id
from hisab.sources.eu_fsf import FORMAT

FILE = "eu_fsf_csv_2018-07_excerpt/EUSanctionsShort.csv"
#: Tabs a line of the damaged sample holds: padding plus the commas it lost.
DAMAGE_TABS = 31


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


def of_schema(record: Record, schema: str) -> list[EntityProxy]:
    return [e for e in record.entities if e.schema.name == schema]


def normal_form(fixtures: Path) -> Path:
    return fixtures / "eu_fsf" / "normal_form.csv"


def damage(text: str) -> str:
    """What the spreadsheet did to the real sample: commas to tabs, tab padding, one quoted cell a line."""
    lines = []
    for line in text.splitlines():
        cells = line.replace(",", "\t")
        padding = "\t" * (DAMAGE_TABS - cells.count("\t"))
        lines.append('"' + (cells + padding).replace('"', '""') + '"')
    return "\n".join(lines) + "\n"


# --- the real (damaged) excerpt ------------------------------------------------


def test_the_file_is_detected_as_this_format(data_dir: Path) -> None:
    source = detect(data_dir / FILE)
    assert (source.format, source.dataset) == ("eu_fsf", "eu_fsf"), source


def test_counts(data_dir: Path, parsed: tuple[list[Record], ParseReport]) -> None:
    """999 element rows of 93 entities.

    The excerpt stops at line 1,000 of the full file; the entities' rows are
    adjacent, so only the last entity (481, the GSPC / AQIM) may miss rows that
    followed in the full file. It is still one record, counted here.
    """
    records, report = parsed
    raw = (data_dir / FILE).read_bytes().decode("cp1252").splitlines()[1:]
    assert len(raw) == 999 and len({line.split(";")[1] for line in raw}) == 93
    assert (report.rows, report.records, report.duplicates) == (999, 93, 0), report
    assert report.published == "2018-07-04", report.published
    schemas = Counter(r.subject.schema.name for r in records)
    assert schemas == {"Person": 61, "Organization": 32}, schemas
    programmes = Counter(s.first("program") for r in records for s in of_schema(r, "Sanction"))
    assert programmes == {"IRQ": 57, "TERR": 17, "TAQA": 17, "ZWE": 2}, programmes
    assert records[-1].record_id == "481" and records[-1].line == 983
    assert all(len(r.subject.get("name")) == 1 for r in records), "one listed name each"
    for record in records:
        ids = [e.id for e in record.entities]
        assert len(ids) == len(set(ids)), f"{record.record_id}: an entity id twice"


def test_lost_letters_are_reported_once(parsed: tuple[list[Record], ParseReport]) -> None:
    records, report = parsed
    assert len(report.warnings) == 1 and report.warnings[0].startswith("165 names lost"), report.warnings
    for record in records:
        for name in record.subject.get("name") + record.subject.get("alias"):
            assert "?" not in name, f"{record.record_id}: {name}"


def test_person_mugabe(by_id: dict[str, Record]) -> None:
    record = by_id["1"]
    person = record.subject
    assert person.id == record_entity_id("eu_fsf", "1")
    assert person.schema.name == "Person"
    assert person.get("name") == ["Robert Gabriel Mugabe"] and person.get("alias") == []
    assert (person.get("firstName"), person.get("middleName"), person.get("lastName")) == (
        ["Robert"],
        ["Gabriel"],
        ["Mugabe"],
    )
    assert person.get("gender") == ["male"]
    assert person.get("birthDate") == ["1924-02-21"] and person.get("birthPlace") == ["Kutama"]
    assert person.get("passportNumber") == ["AD001095"]
    assert "(Date of UN designation: 2002-02-21)\n" in person.get("notes")[0], "literal \\n made a line break"
    (sanction,) = of_schema(record, "Sanction")
    assert sanction.get("entity") == [person.id]
    assert (sanction.first("program"), sanction.first("authorityId")) == ("ZWE", "EU.36.64")
    assert sanction.get("listingDate") == ["2002-09-13"], "the earliest legal act"
    assert "Legal basis: 2018/223 (OJ L43), published 2018-02-16" in sanction.get("summary")
    assert len(sanction.get("sourceUrl")) == 4, "one URL per legal act"
    (passport,) = of_schema(record, "Passport")
    assert (passport.first("number"), passport.first("type")) == ("AD001095", "National passport")
    assert passport.get("holder") == [person.id]


def test_repaired_commas_and_quoted_semicolons(by_id: dict[str, Record]) -> None:
    saddam = by_id["13"].subject
    assert saddam.get("name") == ["Saddam Hussein Al-Tikriti"]
    assert saddam.get("birthPlace") == ["al-Awja, near Tikrit"], "the tab was a comma"
    assert saddam.get("birthDate") == ["1937-04-28"]
    assert saddam.get("citizenship") == ["iq"] and saddam.get("birthCountry") == ["iq"]
    assert {"Abu Ali", "Abou Ali"} <= set(saddam.get("alias"))
    numan = by_id["43"].subject
    assert "Former Governor of Karbala and An Najaf;" in numan.get("position"), "a quoted field holding ';'"
    assert numan.get("birthPlace") == ["An Nasiriyah", "Nassiriya"], "`(J.O. FR)` marks dropped"


def test_organization_with_addresses(by_id: dict[str, Record]) -> None:
    record = by_id["481"]
    org = record.subject
    assert org.schema.name == "Organization"
    assert org.get("name") == ["Salafist Group for Call and Combat"]
    assert {"GSPC", "AQIM", "Al Qaïda au Maghreb islamique"} <= set(org.get("alias"))
    addresses = of_schema(record, "Address")
    assert sorted(c for a in addresses for c in a.get("country")) == ["dz", "ma", "ml", "mr"]
    assert set(org.get("addressEntity")) == {a.id for a in addresses}
    (sanction,) = of_schema(record, "Sanction")
    assert sanction.get("listingDate") == ["2002-05-29"], "names from 881/2002, entity row cites 34/2012"


# --- the normal form ---------------------------------------------------------------


def test_normal_form(fixtures: Path) -> None:
    path = normal_form(fixtures)
    source = detect(path)
    assert source.format == "eu_fsf", source
    records, report = parse(path)
    assert (report.rows, report.records, report.published) == (9, 2, "2019-01-15"), report
    person, org = (r.subject for r in records)
    assert person.get("name") == ["Hossein EXAMPLE"] and person.get("alias") == ["Hossein EXEMPLE"]
    assert "Deputy; head of procurement" in person.get("position")
    assert person.get("birthPlace") == ["Qom, Iran"] and person.get("birthDate") == ["1960-03-02"]
    assert person.get("passportNumber") == ["X1234567"]
    assert of_schema(records[0], "Passport")[0].get("country") == ["ir"]
    assert of_schema(records[0], "Sanction")[0].get("listingDate") == ["2010-10-27"]
    assert org.get("alias") == ["Société Exemple"], "Windows-1252 text"
    (address,) = of_schema(records[1], "Address")
    assert address.get("postOfficeBox") == ["PO Box 1234"] and address.get("city") == ["Tehran"]
    assert address.get("remarks") == ["PHONE[+98 21 0000 0000]"]


def test_damaged_form_reads_like_the_normal_form(fixtures: Path, tmp_path: Path) -> None:
    normal = normal_form(fixtures)
    damaged = tmp_path / "damaged.csv"
    damaged.write_bytes(damage(normal.read_bytes().decode("cp1252")).encode("cp1252"))
    assert detect(damaged).format == "eu_fsf"

    def entities(path: Path) -> list[dict[str, object]]:
        return [e.to_dict() for r in parse(path)[0] for e in r.entities]

    assert entities(damaged) == entities(normal)


# --- bad input ---------------------------------------------------------------


def raises(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(path)
    assert path.name in str(info.value), f"the message names the file: {info.value}"
    return info.value


def fixture_lines(fixtures: Path) -> list[str]:
    return normal_form(fixtures).read_bytes().decode("cp1252").splitlines()


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert raises(path).line == 1


def test_missing_column(fixtures: Path, tmp_path: Path) -> None:
    lines = fixture_lines(fixtures)
    lines[0] = lines[0].replace(";Naal_wholename", "")
    error = raises(write(tmp_path, "missing.csv", lines))
    assert (error.line, error.field) == (1, "Naal_wholename"), error


def test_extra_column(fixtures: Path, tmp_path: Path) -> None:
    lines = fixture_lines(fixtures)
    lines[0] += ";Naal_script"
    error = raises(write(tmp_path, "extra.csv", lines))
    assert (error.line, error.field) == (1, "Naal_script"), error


def test_short_row_names_the_missing_column(fixtures: Path, tmp_path: Path) -> None:
    lines = fixture_lines(fixtures)
    lines[3] = lines[3].rsplit(";", 2)[0]
    error = raises(write(tmp_path, "short.csv", lines))
    assert (error.line, error.field) == (4, "Citi_country"), error


def test_long_row(fixtures: Path, tmp_path: Path) -> None:
    lines = fixture_lines(fixtures)
    lines[5] += ";surplus"
    assert raises(write(tmp_path, "long.csv", lines)).line == 6


def test_wrong_encoding(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "encoding.csv"
    data = normal_form(fixtures).read_bytes().replace(b"EXEMPLE", b"EXE\x8dMPLE")
    path.write_bytes(data)
    error = raises(path)
    assert error.line == 4 and "0x8d" in str(error), error


def test_row_without_entity_id(fixtures: Path, tmp_path: Path) -> None:
    lines = fixture_lines(fixtures)
    lines[2] = lines[2].replace(";900001;P;", ";;P;", 1)
    error = raises(write(tmp_path, "no_id.csv", lines))
    assert (error.line, error.field) == (3, "Entity_logical_id"), error


def test_damaged_file_with_an_unwrapped_line(fixtures: Path, tmp_path: Path) -> None:
    lines = damage("\n".join(fixture_lines(fixtures))).splitlines()
    lines[4] = lines[4].strip('"')
    error = raises(write(tmp_path, "unwrapped.csv", lines))
    assert error.line == 5, error


def test_damaged_file_with_a_short_row(fixtures: Path, tmp_path: Path) -> None:
    lines = fixture_lines(fixtures)
    lines[6] = lines[6].rsplit(";", 3)[0]
    error = raises(write(tmp_path, "damaged_short.csv", damage("\n".join(lines)).splitlines()))
    assert (error.line, error.field) == (7, "Citi_programme"), error
