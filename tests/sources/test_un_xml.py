"""The UN SC consolidated XML parser, on the two real list files and on broken input."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import EntityProxy
from hypothesis import given
from hypothesis import strategies as st

from hisab.errors import ParseError
from hisab.sources.base import ParseReport, Record, Source, record_entity_id
from hisab.sources.un_xml import FORMAT, old_references, split_aliases

FILE_2026 = "un_sc/watchman_2026-02-27/UN_consolidated.xml"
FILE_2025 = "un_sc/mkweli_2025-11-20/un_consolidated.xml"


def parse(path: Path) -> tuple[list[Record], ParseReport]:
    report = ParseReport()
    records = list(FORMAT.parse(Source(path, FORMAT.name, FORMAT.dataset), report))
    return records, report


@pytest.fixture(scope="module")
def parsed_2026(data_dir: Path) -> tuple[list[Record], ParseReport]:
    return parse(data_dir / FILE_2026)


@pytest.fixture(scope="module")
def parsed_2025(data_dir: Path) -> tuple[list[Record], ParseReport]:
    return parse(data_dir / FILE_2025)


@pytest.fixture(scope="module")
def by_id(parsed_2026: tuple[list[Record], ParseReport]) -> dict[str, Record]:
    return {r.record_id: r for r in parsed_2026[0]}


def entities(record: Record, schema: str) -> list[EntityProxy]:
    return [e for e in record.entities if e.schema.name == schema]


def sanction(record: Record) -> EntityProxy:
    found = entities(record, "Sanction")
    assert len(found) == 1, f"{record.record_id}: expected one Sanction, got {len(found)}"
    return found[0]


# --- the real files -----------------------------------------------------------


def test_detects_both_real_files(data_dir: Path) -> None:
    for name in (FILE_2026, FILE_2025):
        path = data_dir / name
        assert FORMAT.detect(path, path.read_bytes()[:8192]), f"{name} not detected as {FORMAT.name}"


def test_registry_picks_un_xml(data_dir: Path) -> None:

    from tests.conftest import parse_file

    source, records, _ = parse_file(data_dir / FILE_2026)
    assert (source.format, source.dataset) == ("un_xml", "un_sc"), f"detected as {source}"
    assert len(records) == 1003, f"{len(records)} records through the registry"


def test_counts_2026(parsed_2026: tuple[list[Record], ParseReport]) -> None:
    records, report = parsed_2026
    schemas = Counter(r.subject.schema.name for r in records)
    assert schemas == {"Person": 730, "Organization": 273}, f"subjects: {schemas}"
    assert (report.rows, report.records, report.duplicates) == (1003, 1003, 0), f"report: {report}"
    assert report.published == "2026-02-27", f"published {report.published}"
    assert not report.is_delta, "a full list is not a delta"
    iran = Counter(r.subject.schema.name for r in records if sanction(r).get("program") == ["Iran"])
    assert iran == {"Person": 43, "Organization": 78}, f"Iran programme: {iran}"
    assert all(r.record_id[:2] == "IR" for r in records if sanction(r).get("program") == ["Iran"]), (
        "every Iran listing has an IRi/IRe reference"
    )


def test_unreadable_birth_dates_are_reported(parsed_2026: tuple[list[Record], ParseReport]) -> None:
    warnings = parsed_2026[1].warnings
    assert len(warnings) == 3, f"warnings: {warnings}"
    assert any(w.startswith("LYi.022:") and "30-35 years old" in w for w in warnings), warnings
    # A Hijri date must not be read as the Gregorian year 1402.
    assert any(w.startswith("QDi.291:") and "Hijri" in w for w in warnings), warnings


def test_individual_aliases_as_provenance_counts_them(
    data_dir: Path, parsed_2026: tuple[list[Record], ParseReport]
) -> None:
    # PROVENANCE.md's 2,139 counts INDIVIDUAL_ALIAS elements with a non-empty
    # ALIAS_NAME (the file has 2,308 elements, 169 of them empty placeholders).
    # One element may hold several ";"-separated names, so the parser yields
    # more alias values than that: each element's names must all be on the person.
    by_id = {r.record_id: r.subject for r in parsed_2026[0]}
    root = ET.parse(data_dir / FILE_2026).getroot()
    elements = 0
    for node in root.iter("INDIVIDUAL"):
        person = by_id[(node.findtext("REFERENCE_NUMBER") or "").strip()]
        names = set(person.get("alias")) | set(person.get("weakAlias"))
        for alias in node.findall("INDIVIDUAL_ALIAS"):
            if (alias.findtext("ALIAS_NAME") or "").strip():
                elements += 1
                missing = set(split_aliases(alias.findtext("ALIAS_NAME"))) - names
                assert not missing, f"{person.id}: aliases {missing} lost"
    assert elements == 2139, f"{elements} non-empty INDIVIDUAL_ALIAS elements"
    # Splitting on ";" alone gives 2,193 names; taking "name (other script)"
    # and "name (alias; alias)" groups apart as well gives 2,214.
    values = sum(len(split_aliases(a.findtext("ALIAS_NAME"))) for a in root.iter("INDIVIDUAL_ALIAS"))
    assert values == 2214, f"{values} individual alias names after splitting"


def test_original_script_names_are_aliases(
    data_dir: Path, parsed_2026: tuple[list[Record], ParseReport]
) -> None:
    by_id = {r.record_id: r.subject for r in parsed_2026[0]}
    root = ET.parse(data_dir / FILE_2026).getroot()
    with_script = 0
    for node in root.iter():
        script = " ".join((node.findtext("NAME_ORIGINAL_SCRIPT") or "").split())
        if node.tag in ("INDIVIDUAL", "ENTITY") and script:
            with_script += 1
            subject = by_id[(node.findtext("REFERENCE_NUMBER") or "").strip()]
            assert script in subject.get("alias"), f"{subject.id}: {script!r} not an alias"
    assert with_script == 378, f"{with_script} records with NAME_ORIGINAL_SCRIPT"


def test_2025_file_and_its_difference_from_2026(
    parsed_2025: tuple[list[Record], ParseReport], parsed_2026: tuple[list[Record], ParseReport]
) -> None:
    records, report = parsed_2025
    schemas = Counter(r.subject.schema.name for r in records)
    assert schemas == {"Person": 727, "Organization": 273}, f"subjects: {schemas}"
    assert report.published == "2025-11-20", f"published {report.published}"
    iran = sum(1 for r in records if sanction(r).get("program") == ["Iran"])
    assert iran == 121, f"{iran} Iran listings"
    old = {r.record_id for r in records}
    new = {r.record_id for r in parsed_2026[0]}
    assert new - old == {"SDi.007", "SDi.008", "SDi.009", "SDi.010"}, f"added: {sorted(new - old)}"
    assert old - new == {"IQi.074"}, f"removed: {sorted(old - new)}"


def test_ids_are_stable(data_dir: Path, parsed_2026: tuple[list[Record], ParseReport]) -> None:
    again, _ = parse(data_dir / FILE_2026)
    first = [e.id for r in parsed_2026[0] for e in r.entities]
    assert first == [e.id for r in again for e in r.entities], "ids changed between two parses"
    assert len(first) == len(set(first)), "entity ids are not unique"


def test_repeated_document_is_merged(by_id: dict[str, Record]) -> None:
    # KPi.006 lists one passport twice, typed in French and in Spanish.
    (passport,) = entities(by_id["KPi.006"], "Passport")
    assert {"Numéro de passeport", "Número de pasaporte"} <= set(passport.get("type")), passport.to_dict()


def test_record_shape(parsed_2026: tuple[list[Record], ParseReport]) -> None:
    for record in parsed_2026[0]:
        subject = record.subject
        assert record.dataset == "un_sc", f"{record.record_id}: dataset {record.dataset}"
        assert subject.id == record_entity_id("un_sc", record.record_id), f"subject id {subject.id}"
        assert record.line is not None and record.line > 2, f"{record.record_id}: line {record.line}"
        assert subject.get("topics") == ["sanction"], f"{subject.id}: topics"
        assert sanction(record).get("entity") == [subject.id], f"{subject.id}: sanction not linked"
        for address in entities(record, "Address"):
            assert address.id in subject.get("addressEntity"), f"{address.id} not linked"
        for doc in entities(record, "Passport") + entities(record, "Identification"):
            assert doc.get("holder") == [subject.id], f"{doc.id}: holder"


# --- field by field -----------------------------------------------------------


def test_qasem_soleimani(by_id: dict[str, Record]) -> None:
    record = by_id["IRi.039"]
    person = record.subject
    assert person.schema.name == "Person", person.schema.name
    assert person.get("name") == ["QASEM SOLEIMANI"], person.get("name")
    assert (person.get("firstName"), person.get("lastName")) == (["QASEM"], ["SOLEIMANI"])
    assert person.get("birthDate") == ["1957-03-11"], person.get("birthDate")
    assert person.get("birthPlace") == ["Qom, Iran (Islamic Republic of)"], person.get("birthPlace")
    assert person.get("birthCountry") == ["ir"], person.get("birthCountry")
    assert person.get("passportNumber") == ["008827"], person.get("passportNumber")
    assert set(person.get("position")) == {"Brigadier General", "Commander of Qods force"}
    # One ALIAS_NAME of QUALITY "Good" holds eight ";"-separated names.
    assert len(person.get("alias")) == 8 and "Qasem Sulaymani" in person.get("alias"), person.get("alias")
    assert set(person.get("weakAlias")) == {"Haj Qasem", "Haji Qassem", "Sardar Soleimani"}
    assert person.get("modifiedAt") == ["2014-12-17"], person.get("modifiedAt")
    sanc = sanction(record)
    assert sanc.get("program") == ["Iran"] and sanc.get("authority") == ["United Nations Security Council"], (
        sanc.to_dict()
    )
    assert sanc.get("listingDate") == ["2007-03-24"], sanc.get("listingDate")
    assert sanc.get("recordId") == ["IRi.039"], sanc.get("recordId")
    assert sanc.get("unscId") == ["IRi.039", "I.47.D.6"], "old reference not kept in unscId"
    (passport,) = entities(record, "Passport")
    assert passport.get("number") == ["008827"] and passport.get("country") == ["ir"], passport.to_dict()


def test_two_different_soleimanis(by_id: dict[str, Record]) -> None:
    # Qasem Soleimani (Qods Force, IRi.039) and Ghasem Soleymani (uranium
    # mining, IRi.040) are two people. The UN gives a birth date for the first
    # only, which is what tells them apart besides the spelling.
    qasem, ghasem = by_id["IRi.039"].subject, by_id["IRi.040"].subject
    assert ghasem.get("name") == ["GHASEM SOLEYMANI"], ghasem.get("name")
    assert qasem.get("birthDate") == ["1957-03-11"], qasem.get("birthDate")
    assert ghasem.get("birthDate") == [], f"IRi.040 has no birth date in the list: {ghasem.get('birthDate')}"
    assert qasem.get("birthDate") != ghasem.get("birthDate"), "the two birth dates must differ"
    assert set(ghasem.get("alias")) == {"Ghasim Soleymani", "Ghasem Sulaymani", "Ghasem Solaymani"}
    assert sanction(by_id["IRi.040"]).get("unscId") == ["IRi.040", "I.03.I.13"]


def test_iran_person_with_nationality_and_two_passports(by_id: dict[str, Record]) -> None:
    person = by_id["IRi.009"].subject
    assert person.get("nationality") == ["ir"], person.get("nationality")
    assert person.get("birthDate") == ["1952-12-31"], person.get("birthDate")
    assert set(person.get("passportNumber")) == {"I0005159", "10005159"}, person.get("passportNumber")
    assert len(entities(by_id["IRi.009"], "Passport")) == 2, "one Passport entity per document"


def test_original_script_person(by_id: dict[str, Record]) -> None:
    record = by_id["QDi.290"]
    person = record.subject
    assert person.get("name") == ["DOKU KHAMATOVICH UMAROV"], person.get("name")
    assert person.get("middleName") == ["KHAMATOVICH"], person.get("middleName")
    assert "Умаров Доку Хаматович" in person.get("alias"), "Cyrillic name lost"
    assert set(person.get("nationality")) == {"ru", "suhh"}, person.get("nationality")
    assert "1964-04-13" in person.get("birthDate"), person.get("birthDate")
    assert person.get("passportNumber") == ["96 03 464086"], person.get("passportNumber")
    (passport,) = entities(record, "Passport")
    assert passport.get("startDate") == ["2003-06-01"], passport.to_dict()
    arabic = by_id["IQi.025"].subject
    assert "طارق عزيز" in arabic.get("alias"), arabic.get("alias")


def test_birth_date_forms(by_id: dict[str, Record]) -> None:
    assert by_id["CDi.030"].subject.get("birthDate") == ["1973", "1974"], "BETWEEN range"
    assert by_id["CDi.036"].subject.get("birthDate") == ["1977"], "APPROXIMATELY year"
    assert by_id["CDi.004"].subject.get("birthDate") == ["1973-11"], "NOTE 'Nov. 1973'"
    assert by_id["QDi.395"].subject.get("birthDate") == ["1958-09"], "YEAR 1958 with NOTE 'Sep.'"
    assert "1977" in by_id["QDi.306"].subject.get("birthDate"), "'Between Aug. and Sep. 1977'"
    dates = by_id["QDi.291"].subject.get("birthDate")
    assert not any(d.startswith("1402") for d in dates), f"Hijri date read as Gregorian: {dates}"


def test_not_available_is_not_namibia(by_id: dict[str, Record]) -> None:
    person = by_id["SDi.001"].subject
    assert "na" not in person.get("nationality"), "NATIONALITY 'na' read as Namibia"


def test_old_references_for_the_uk_list(parsed_2026: tuple[list[Record], ParseReport]) -> None:
    # Every Iran listing, and only those, cites its pre-2014 reference; in seven
    # of them "Old" and "Reference" are on two lines of the XML.
    olds = {r.record_id: sanction(r).get("unscId")[1:] for r in parsed_2026[0]}
    with_old = {ref: old for ref, old in olds.items() if old}
    assert len(with_old) == 121, f"{len(with_old)} listings with an old reference"
    assert all(len(old) == 1 and ref[:2] == "IR" for ref, old in with_old.items()), with_old
    # A reference wrapped over two lines in the XML, and one the UK 2018 list cites.
    assert with_old["IRi.041"] == ["I.AC.50.18.04.12.(2)"], with_old["IRi.041"]
    assert {old[0] for old in with_old.values()} >= {"I.03.I.10", "E.03.III.1"}
    assert old_references("text. [Old Reference #E.29.I.1].") == ["E.29.I.1"]


def test_cited_listings_become_links(by_id: dict[str, Record]) -> None:
    (link,) = entities(by_id["IRi.041"], "UnknownLink")
    assert link.get("subject") == [record_entity_id("un_sc", "IRi.041")], link.to_dict()
    assert link.get("object") == [record_entity_id("un_sc", "IRi.039")], link.to_dict()
    assert "designated under IRi.039" in link.get("summary")[0], link.get("summary")
    # QDi.317 is cited by QDe.137 but not listed in this file: no dangling link.
    objects = {o for e in entities(by_id["QDe.137"], "UnknownLink") for o in e.get("object")}
    assert record_entity_id("un_sc", "QDe.004") in objects, objects
    assert record_entity_id("un_sc", "QDi.317") not in objects, objects


def test_organization_names_aliases_and_addresses(by_id: dict[str, Record]) -> None:
    org = by_id["CDe.003"].subject
    assert org.schema.name == "Organization", org.schema.name
    assert set(org.get("name")) == {
        "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)",
        "GREAT LAKES BUSINESS COMPANY (GLBC)",
    }, org.get("name")
    addresses = entities(by_id["CDe.003"], "Address")
    assert len(addresses) == 3 and set(org.get("country")) == {"cd", "rw"}, org.get("country")
    goma = [a for a in addresses if a.get("street") == ["Avenue Président Mobutu"]]
    assert goma and goma[0].get("city") == ["Goma"] and goma[0].get("country") == ["cd"]
    nusra = by_id["QDe.137"].subject
    # "جبهة النصرة (the Victory Front; Jabhat al-Nusrah; …)": one element, six names.
    assert {"جبهة النصرة", "Jabhat al-Nusrah", "Al-Nusra Front"} <= set(nusra.get("alias"))
    assert "هيئة تحرير الشام" in nusra.get("alias"), "original-script name inside brackets lost"


# --- alias splitting ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Haj Qasem; Haji Qassem", ["Haj Qasem", "Haji Qassem"]),
        ("Jin Tiesan (金铁三)", ["Jin Tiesan", "金铁三"]),
        ("Amir Khazmat (original script: Амир Хазмат)", ["Amir Khazmat", "Амир Хазмат"]),
        ("حسن غول (Hassan Ghul; Hassan Gul)", ["حسن غول", "Hassan Ghul", "Hassan Gul"]),
        ("Al-Qaida in Yemen (AQY)", ["Al-Qaida in Yemen (AQY)"]),
        ("Mohammad Sabet b) M. Javad Kareemi Sabet", ["Mohammad Sabet", "M. Javad Kareemi Sabet"]),
        (") Abdelrahman Mouhamad Zafir", ["Abdelrahman Mouhamad Zafir"]),
        ("(Sheikh) Musa Hilal", ["(Sheikh) Musa Hilal"]),
        ('"HASSAN, Sheikh"', ["HASSAN, Sheikh"]),
        ("(a; b)", ["a", "b"]),
        ("", []),
    ],
)
def test_split_aliases(text: str, names: list[str]) -> None:
    assert split_aliases(text) == names, f"{text!r} → {split_aliases(text)}"


@given(st.text(alphabet=st.sampled_from("ab ;()\n,\u0628\u0629)"), max_size=40))
def test_split_aliases_gives_clean_names(text: str) -> None:
    names = split_aliases(text)
    assert len(names) == len(set(names)), f"duplicates from {text!r}: {names}"
    for name in names:
        assert ";" not in name and name == " ".join(name.split()), f"{text!r} → {name!r}"
        assert any(c.isalnum() for c in name), f"{text!r} → {name!r}"


# --- bad input ----------------------------------------------------------------

MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00.000Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>TEST</FIRST_NAME>
      <SECOND_NAME>PERSON</SECOND_NAME>
      <UN_LIST_TYPE>Iran</UN_LIST_TYPE>
      {reference}
      <LISTED_ON>2020-01-01</LISTED_ON>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
"""


def write(tmp_path: Path, content: str | bytes, name: str = "un.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def parse_error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(path)
    assert path.name in str(caught.value), f"file name missing from {caught.value}"
    return caught.value


def test_minimal_fixture_parses(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.format(reference="<REFERENCE_NUMBER>IRi.999 </REFERENCE_NUMBER>"))
    records, report = parse(path)
    assert [r.record_id for r in records] == ["IRi.999"], "trailing blank not stripped"
    assert records[0].line == 4 and report.published == "2026-01-02", (records[0].line, report)


def test_duplicate_reference_is_counted(tmp_path: Path) -> None:
    body = MINIMAL.format(reference="<REFERENCE_NUMBER>IRi.999</REFERENCE_NUMBER>")
    start, end = body.index("<INDIVIDUAL>"), body.index("</INDIVIDUAL>") + len("</INDIVIDUAL>")
    path = write(tmp_path, body[:end] + body[start:end] + body[end:])
    records, report = parse(path)
    assert len(records) == 1 and report.rows == 2 and report.duplicates == 1, report


def test_truncated_xml(data_dir: Path, tmp_path: Path) -> None:
    content = (data_dir / FILE_2026).read_bytes()
    cut = content.index(b"<REFERENCE_NUMBER>IRi.039") + 60
    error = parse_error(write(tmp_path, content[:cut]))
    assert error.line is not None and error.line > 8600, f"line {error.line}"
    assert error.element is not None and "INDIVIDUAL[IRi.039]" in error.element, error.element


def test_garbled_bytes(data_dir: Path, tmp_path: Path) -> None:
    content = (data_dir / FILE_2026).read_bytes()
    at = content.index(b"QASEM")
    error = parse_error(write(tmp_path, content[:at] + b"\xff\xfe\x00<<" + content[at:]))
    assert error.line == 8651, f"line {error.line}"
    assert error.element is not None and error.element.endswith("FIRST_NAME"), error.element


def test_wrong_encoding(tmp_path: Path) -> None:
    body = MINIMAL.format(reference="<REFERENCE_NUMBER>IRi.999</REFERENCE_NUMBER>")
    path = write(tmp_path, body.replace("TEST", "MÜLLER").encode("latin-1"))
    error = parse_error(path)
    assert error.line == 6 and error.element is not None, "the Latin-1 byte is in FIRST_NAME, line 6"
    assert error.element.endswith("INDIVIDUAL/FIRST_NAME"), error.element


def test_entity_expansion_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = "\n".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?>\n<!DOCTYPE CONSOLIDATED_LIST [\n<!ENTITY l0 "lol">\n{levels}\n]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&l9;</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n"
    )
    path = write(tmp_path, bomb)
    started = time.monotonic()
    error = parse_error(path)
    assert time.monotonic() - started < 5, "the bomb was expanded"
    assert "refused" in str(error) and error.line == 2, str(error)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret", "secret.txt")
    xxe = (
        f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&s;</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n"
    )
    assert "refused" in str(parse_error(write(tmp_path, xxe)))


def test_wrong_root_element(tmp_path: Path) -> None:
    other = '<?xml version="1.0"?>\n<!-- <CONSOLIDATED_LIST> -->\n<sdnList><sdnEntry/></sdnList>\n'
    path = write(tmp_path, other)
    assert not FORMAT.detect(path, path.read_bytes()), "another XML list detected as UN"
    error = parse_error(path)
    assert error.element == "sdnList", error.element


def test_individual_without_reference_number(tmp_path: Path) -> None:
    error = parse_error(write(tmp_path, MINIMAL.format(reference="")))
    assert error.field == "REFERENCE_NUMBER", error.field
    assert error.element == "INDIVIDUAL[DATAID 1]" and error.line == 4, (error.element, error.line)


def test_individual_without_name(tmp_path: Path) -> None:
    body = MINIMAL.format(reference="<REFERENCE_NUMBER>IRi.999</REFERENCE_NUMBER>")
    body = body.replace("<FIRST_NAME>TEST</FIRST_NAME>", "").replace("<SECOND_NAME>PERSON</SECOND_NAME>", "")
    error = parse_error(write(tmp_path, body))
    assert (error.element, error.field) == ("INDIVIDUAL[IRi.999]", "FIRST_NAME"), str(error)


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"")
    assert not FORMAT.detect(path, b""), "an empty file detected as UN"
    assert "empty" in str(parse_error(path))
    assert "empty" in str(parse_error(write(tmp_path, b"  \n", "blank.xml")))
