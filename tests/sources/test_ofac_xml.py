"""The OFAC Enhanced XML parser, on the real CONS_ENHANCED file (XML and ZIP) and on broken input."""

from __future__ import annotations

import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import EntityProxy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hisab.errors import ParseError
from hisab.sources.base import ParseReport, Record, Source, derived_id, record_entity_id
from hisab.sources.ofac_xml import FORMAT

XML = "ofac_consolidated_non_sdn/CONS_ENHANCED.XML"
ZIP = "ofac_consolidated_non_sdn/CONS_ENHANCED.ZIP"
NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"


def cons(record_id: str) -> str:
    return record_entity_id("us_ofac_cons", record_id)


def sdn(record_id: str) -> str:
    return record_entity_id("us_ofac_sdn", record_id)


def parse(path: Path, dataset: str | None = None) -> tuple[list[Record], ParseReport]:
    assert FORMAT.detect(path, path.read_bytes()[:8192]), f"{path.name} not detected as {FORMAT.name}"
    report = ParseReport()
    source = Source(path, FORMAT.name, dataset or FORMAT.dataset_for(path))
    return list(FORMAT.parse(source, report)), report


@pytest.fixture(scope="module")
def parsed(data_dir: Path) -> tuple[list[Record], ParseReport]:
    return parse(data_dir / XML)


@pytest.fixture(scope="module")
def by_id(parsed: tuple[list[Record], ParseReport]) -> dict[str, Record]:
    return {r.record_id: r for r in parsed[0]}


def of(record: Record, schema: str) -> list[EntityProxy]:
    return [e for e in record.entities if e.schema.name == schema]


def sanctions(record: Record) -> dict[str, EntityProxy]:
    return {s.first("program") or "": s for s in of(record, "Sanction")}


def links(records: list[Record]) -> list[EntityProxy]:
    kinds = ("Ownership", "UnknownLink", "Family", "Directorship")
    return [e for r in records for e in r.entities if e.schema.name in kinds]


# --- the real file ------------------------------------------------------------


def test_counts_and_publication_date(parsed: tuple[list[Record], ParseReport]) -> None:
    records, report = parsed
    assert len(records) == 443, f"expected 443 entity records, got {len(records)}"
    assert (report.rows, report.records, report.duplicates) == (443, 443, 0), report
    assert report.published == "2025-01-10", report.published
    subjects = Counter(r.subject.schema.name for r in records)
    assert subjects["Person"] == 80, subjects
    assert subjects["Company"] + subjects["Organization"] == 363, subjects
    assert all(r.dataset == "us_ofac_cons" for r in records)
    assert all(r.subject.id == cons(r.record_id) for r in records)
    assert all(r.subject.get("topics") == ["sanction"] for r in records)
    assert sum(len(of(r, "Sanction")) for r in records) == 525, "one Sanction per program"


def test_every_relationship_is_mapped(parsed: tuple[list[Record], ParseReport]) -> None:
    records, report = parsed
    found = links(records)
    assert len(found) == 283, f"expected 283 relationships, got {len(found)}"
    assert Counter(e.schema.name for e in found) == {"Ownership": 282, "UnknownLink": 1}
    ids = [e.id for r in records for e in r.entities]
    assert len(ids) == len(set(ids)), "entity ids must be unique within the file"
    for link in found:
        assert link.get("recordId") and link.get("sourceUrl") and link.get("publisher"), link.to_dict()
        ends = [v for prop, v in link.itervalues() if prop.type.name == "entity"]
        assert len(ends) == 2, f"both ends of a link must survive FtM's id check: {link.to_dict()}"
    for record in records:
        for entity in record.entities[1:]:
            refs = [v for prop, v in entity.itervalues() if prop.type.name == "entity"]
            assert record.subject.id in refs or entity.id in record.subject.get("addressEntity"), entity.id
    # Only HAMAS (an SDN, not on the consolidated list) lies outside the file.
    outside = [w for w in report.warnings if "not in this file" in w]
    assert outside == [
        "entity 9647: relationship 17928 names entity 4695, which is not in this file;"
        f" linked as {sdn('4695')}"
    ], outside


def test_person_field_by_field(by_id: dict[str, Record]) -> None:
    record = by_id["50476"]
    person = record.subject
    assert person.schema.name == "Person"
    assert person.get("name") == ["MARTELLY, Michel Joseph"]
    assert person.get("alias") == ["MARTELLY, Michael"]
    assert person.get("weakAlias") == ["Sweet Micky"], "a low-quality A.K.A. is a weak alias"
    assert person.get("firstName") == ["Michel", "Michael"]
    assert person.get("middleName") == ["Joseph"]
    assert person.get("lastName") == ["Martelly"]
    assert person.get("birthDate") == ["1961-02-12"]
    assert person.get("birthPlace") == ["Port-au-Prince, Haiti"]
    assert person.get("gender") == ["male"]
    assert person.get("nationality") == ["ht"]
    assert sorted(person.get("country")) == ["do", "ht", "us"]
    assert sorted(person.get("idNumber")) == ["0032768386", "M634550610520"]
    assert any(
        "Executive Order 14059 information: Prohibition on any United States" in n
        for n in person.get("notes")
    )
    assert person.get("sourceUrl") == ["https://sanctionssearch.ofac.treas.gov/Details.aspx?id=50476"]
    sanction = sanctions(record)["ILLICIT-DRUGS-EO14059"]
    assert sanction.get("listingDate") == ["2024-08-20"]
    assert sanction.get("authority") == ["US Treasury, Office of Foreign Assets Control"]
    assert sanction.get("recordId") == ["50476"]
    assert sanction.get("entity") == [person.id], "the Sanction must point at its subject"
    assert sanction.get("provisions") == ["Executive Order 14059 Non-blocking"]
    addresses = sorted(a.first("full") or "" for a in of(record, "Address"))
    assert addresses == [
        "Miami, FL, United States",
        "Petionville, Ouest, Haiti",
        "Port-au-Prince, Ouest, Haiti",
    ]
    assert sorted(person.get("addressEntity")) == sorted(a.id or "" for a in of(record, "Address"))
    documents = {d.first("type"): d for d in of(record, "Identification")}
    assert documents["National ID No."].get("number") == ["0032768386"]
    assert documents["National ID No."].get("country") == ["ht"]
    assert documents["Driver's License No."].get("country") == ["us"]
    assert all(d.get("holder") == [person.id] for d in documents.values())


def test_iran_program_person(by_id: dict[str, Record]) -> None:
    record = by_id["26182"]
    person = record.subject
    assert person.get("name") == ["KAYAKIRAN, Evren"]
    assert person.get("birthDate") == ["1980-02-08"]
    assert person.get("citizenship") == ["tr"]
    assert person.get("passportNumber") == ["U00242309"]
    (passport,) = of(record, "Passport")
    assert (passport.get("number"), passport.get("country")) == (["U00242309"], ["tr"])
    sanction = sanctions(record)["FSE-IR"]
    assert sanction.get("listingDate") == ["2019-02-07"]
    assert "Legal authority: Executive Order 13608 (Iran/Syria)" in sanction.get("summary")


def test_year_of_birth_and_listing_date_of_each_program(by_id: dict[str, Record]) -> None:
    person = by_id["9647"].subject
    assert person.get("birthDate") == ["1945"], "a span over a whole year is that year"
    assert person.get("weakAlias") == ["ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"]
    assert person.get("nationality") == ["ps"]
    programs = sanctions(by_id["9647"])
    # Listed on the PLC list in 2006, designated on the SDN list (SDGT) in 2023.
    assert programs["NS-PLC"].get("listingDate") == ["2006-04-12"]
    assert programs["SDGT"].get("listingDate") == ["2023-11-14"]


def test_entity_field_by_field(by_id: dict[str, Record]) -> None:
    record = by_id["17013"]
    vtb = record.subject
    assert vtb.schema.name == "Company", "an entity with a BIK code is a Company"
    assert vtb.get("name") == ["VTB BANK PUBLIC JOINT STOCK COMPANY"]
    assert "БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО" in vtb.get("alias"), "Cyrillic name kept as alias"
    assert "БАНК ВТБ ПАО" in vtb.get("alias")
    assert "VTB BANK PJSC" in vtb.get("alias")
    assert "JSC VTB BANK" in vtb.get("previousName"), "F.K.A. is a previous name"
    assert len(vtb.get("previousName")) == 21
    assert vtb.get("weakAlias") == ["JSC VTB BANK NEW DELHI BRANCH"]
    assert vtb.get("swiftBic") == ["VTBRRUMM"]
    assert vtb.get("bikCode") == ["044030707", "044525187"]
    assert vtb.get("website") == ["http://www.vtb.com/", "http://www.vtb.ru/"]
    assert vtb.get("incorporationDate") == ["1990-10-17"]
    assert vtb.get("classification") == ["Financial Institution"]
    assert vtb.get("leiCode") == ["253400V1H6ART1UQ0N98"]
    assert vtb.get("taxNumber") == ["7702070139"]
    assert sorted(vtb.get("registrationNumber")) == ["00032520", "1027739609391"]
    assert vtb.get("licenseNumber") == ["1000"]
    assert sorted(vtb.get("country")) == ["cn", "in", "ru"]
    assert len(of(record, "Address")) == 12
    assert len(of(record, "Identification")) == 5
    assert vtb.get("notes")[0].startswith("For more information on directives")
    assert "Executive Order 13662 Directive Determination: Subject to Directive 1" in vtb.get("notes")
    programs = sanctions(record)
    assert set(programs) == {"UKRAINE-EO13662", "RUSSIA-EO14024"}
    assert programs["UKRAINE-EO13662"].get("listingDate") == ["2014-07-29"], "SSI listing"
    assert programs["RUSSIA-EO14024"].get("listingDate") == ["2022-02-24"], "SDN designation"
    assert set(programs["RUSSIA-EO14024"].get("provisions")) == {"13662 Sectoral Directive 1", "Block"}


def test_issuing_register_names_the_identifier(by_id: dict[str, Record]) -> None:
    record = next(r for r in by_id.values() if "1057803105755" in r.subject.get("ogrnCode"))
    assert record.subject.get("name") == ["LENGIPRONEFTEKHIM OOO"]
    assert record.subject.get("innCode"), "an INN-issued tax number is an innCode"


def test_listing_date_features_name_their_program(by_id: dict[str, Record]) -> None:
    # "Listing Date (EO 14024 Directive 1a):" is the RUSSIA-EO14024 listing.
    assert sanctions(by_id["31693"])["RUSSIA-EO14024"].get("listingDate") == ["2022-02-22"]
    # On the Consolidated List since 2021-01-08, but listed under CMIC on 2021-06-03.
    assert sanctions(by_id["30882"])["CMIC-EO13959"].get("listingDate") == ["2021-06-03"]


def test_relationships_of_each_type(by_id: dict[str, Record]) -> None:
    (owned,) = of(by_id["17017"], "Ownership")
    assert owned.id == derived_id(cons("17017"), "relationship", "13449"), "stable id from OFAC's own"
    assert owned.get("owner") == [cons("17013")], "BM Bank is owned by VTB"
    assert owned.get("asset") == [cons("17017")]
    assert owned.get("role") == ["Owned or Controlled By"]
    assert owned.get("recordId") == ["13449"]
    assert owned.get("namesMentioned") == ["VTB BANK PUBLIC JOINT STOCK COMPANY"]
    (owns,) = of(by_id["32087"], "Ownership")
    assert owns.get("owner") == [cons("32087")], "Huawei Investment & Holding owns Huawei Technologies"
    assert owns.get("asset") == [cons("30947")]
    assert owns.get("role") == ["Owns, controls, or operates"]
    assert by_id["30947"].subject.schema.name == "Company", "an asset of an ownership is a Company"
    (agent,) = of(by_id["9647"], "UnknownLink")
    assert agent.get("subject") == [cons("9647")]
    assert agent.get("object") == [sdn("4695")], "HAMAS is on the SDN list, not in this file"
    assert agent.get("role") == ["Acting for or on behalf of"]
    assert agent.get("namesMentioned") == ["HAMAS"]
    (high,) = of(by_id["18783"], "Ownership")
    assert high.get("description") == ["Relationship quality: High"]


def test_same_file_gives_the_same_ids(data_dir: Path, parsed: tuple[list[Record], ParseReport]) -> None:
    again, _ = parse(data_dir / XML)
    first = [e.id for r in parsed[0] for e in r.entities]
    assert first == [e.id for r in again for e in r.entities], "ids must be deterministic"


def test_zip_gives_the_same_records(data_dir: Path, parsed: tuple[list[Record], ParseReport]) -> None:
    zipped, report = parse(data_dir / ZIP)
    assert FORMAT.dataset_for(data_dir / ZIP) == "us_ofac_cons"
    assert report.published == "2025-01-10"
    assert [r.record_id for r in zipped] == [r.record_id for r in parsed[0]]
    for a, b in zip(zipped, parsed[0], strict=True):
        assert [e.to_dict() for e in a.entities] == [e.to_dict() for e in b.entities], a.record_id


def test_registry_picks_this_format_for_xml_and_zip(data_dir: Path) -> None:
    from tests.conftest import parse_file

    for name in (XML, ZIP):
        source, records, _ = parse_file(data_dir / name)
        assert (source.format, source.dataset) == ("ofac_xml", "us_ofac_cons"), source
        assert len(records) == 443, f"{name}: {len(records)} records"


def test_dataset_from_the_publication_or_the_file_name(tmp_path: Path) -> None:
    sdn = write(tmp_path / "export.xml", document(PERSON))
    assert FORMAT.dataset_for(sdn) == "us_ofac_sdn", "the publication names the SDN List"
    cons = write(tmp_path / "other.xml", document(PERSON, list_name="Consolidated List"))
    assert FORMAT.dataset_for(cons) == "us_ofac_cons"
    unnamed = document(PERSON).replace('<sanctionsList refId="1550">SDN List</sanctionsList>', "")
    assert FORMAT.dataset_for(write(tmp_path / "CONS_ENHANCED.XML", unnamed)) == "us_ofac_cons"
    assert FORMAT.dataset_for(write(tmp_path / "SDN_ENHANCED.XML", unnamed)) == "us_ofac_sdn"


def test_not_detected(data_dir: Path, tmp_path: Path) -> None:
    others = [
        data_dir / "un_sc/watchman_2026-02-27/UN_consolidated.xml",
        data_dir / "ofac_consolidated_non_sdn/cons_prim.csv",
        write(
            tmp_path / "other.xml", '<?xml version="1.0"?><sanctionsData xmlns="urn:x"><a/></sanctionsData>'
        ),
        write(tmp_path / "empty.xml", ""),
    ]
    for path in others:
        assert not FORMAT.detect(path, path.read_bytes()[:8192]), f"{path.name} wrongly detected"
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.xml", document(PERSON))
        archive.writestr("b.xml", document(PERSON))
    assert not FORMAT.detect(two, two.read_bytes()[:8192]), "a ZIP of two XML files is not one list"


# --- what the real file does not show: hand-written entities -------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac_xml"
#: Two SDN persons (date ranges, scripts, a wallet, a family link) and a vessel, as `<entity>` elements.
PERSON = (FIXTURES / "persons.xml").read_text(encoding="utf-8")
VESSEL = (FIXTURES / "vessel.xml").read_text(encoding="utf-8")


def document(entities: str, list_name: str = "SDN List") -> str:
    """A small Enhanced XML file; type names come from its reference section, as in OFAC's files."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<sanctionsData xmlns="{NS}">
<publicationInfo><dataAsOf>2025-03-01T00:00:00</dataAsOf><filters><sanctionsLists>
<sanctionsList refId="1550">{list_name}</sanctionsList></sanctionsLists></filters></publicationInfo>
<referenceValues>
<referenceValue refId="11109"><type>COUNTRY</type><value>Iran</value><isoCode>IR</isoCode></referenceValue>
<referenceValue refId="15004"><type>RELATIONSHIP TYPE</type><value>Family member of</value></referenceValue>
<referenceValue refId="1401"><type>ALIAS TYPE</type><value>F.K.A.</value></referenceValue>
</referenceValues>
<featureTypes>
<featureType featureTypeId="8"><type>Birthdate</type><detailType refId="1430">DATE</detailType></featureType>
</featureTypes>
<entities>{entities}</entities>
</sanctionsData>
"""


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_dates_names_wallets_and_family(tmp_path: Path) -> None:
    records, report = parse(write(tmp_path / "sdn.xml", document(PERSON)))
    assert report.published == "2025-03-01"
    by_id = {r.record_id: r for r in records}
    person = by_id["100"].subject
    assert person.id == sdn("100")
    # "DOB" in the element, "Birthdate" in the feature types: the reference section wins.
    assert person.get("birthDate") == ["1960", "1961", "1962", "1965-03"], "a range, and an approximate month"
    assert report.warnings == ["entity 100: unreadable date 'abt. the sixties' in 'birthdate'"]
    assert person.get("name") == ["REZAEI, Ali"]
    assert person.get("alias") == ["علی رضایی"], "the original script is kept"
    assert person.get("previousName") == ["REZAI, Ali"]
    (wallet,) = of(by_id["100"], "CryptoWallet")
    assert wallet.get("publicKey") == ["1Fz4aBcD"] and wallet.get("currency") == ["XBT"]
    assert wallet.get("holder") == [person.id]
    (family,) = of(by_id["100"], "Family")
    assert family.get("person") == [sdn("100")] and family.get("relative") == [sdn("101")]
    assert family.get("relationship") == ["Family member of"], "type name read from its refId"
    # Entity 101 is on no list: its listing date is unknown, its program still known.
    assert sanctions(by_id["101"])["IRAN"].get("listingDate") == []
    assert sanctions(by_id["100"])["IRAN"].get("listingDate") == ["2012-03-01"]


def test_vessel(tmp_path: Path) -> None:
    (record,), _ = parse(write(tmp_path / "vessel.xml", document(VESSEL)))
    vessel = record.subject
    assert vessel.schema.name == "Vessel"
    assert vessel.get("flag") == ["ir"]
    assert vessel.get("type") == ["Crude Oil Tanker"]
    assert vessel.get("callSign") == ["9HA3571"]
    assert vessel.get("grossRegisteredTonnage") == ["156880"]
    assert vessel.get("imoNumber") == ["IMO9116412"]
    assert vessel.get("mmsi") == ["422036200"]
    assert not of(record, "Identification"), "a vessel holds no Identification (holder is a LegalEntity)"


def test_duplicate_entity_is_counted_once(tmp_path: Path) -> None:
    entity = VESSEL
    records, report = parse(write(tmp_path / "dup.xml", document(entity + entity)))
    assert [r.record_id for r in records] == ["200"]
    assert (report.rows, report.records, report.duplicates) == (2, 1, 1)


# --- bad input ----------------------------------------------------------------


def parse_error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as caught:
        list(FORMAT.parse(Source(path, FORMAT.name, "us_ofac_sdn"), ParseReport()))
    assert path.name in str(caught.value), f"the error must name the file: {caught.value}"
    return caught.value


def test_truncated_xml(data_dir: Path, tmp_path: Path) -> None:
    data = (data_dir / XML).read_bytes()
    cut = write(tmp_path / "cut.xml", data[: data.index(b'<entity id="17013">') + 2000])
    error = parse_error(cut)
    assert error.line is not None and error.line > 11000, error
    assert error.element is not None and "entities/entity[@id=17013]" in error.element, error


def test_garbled_bytes(data_dir: Path, tmp_path: Path) -> None:
    data = bytearray((data_dir / XML).read_bytes()[:300000])
    data[200000:200010] = b"\xff\xfe<&\x00\x81\x00<<>"
    error = parse_error(write(tmp_path / "garbled.xml", bytes(data)))
    assert "malformed XML" in str(error) and error.line is not None, error


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    levels = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE sanctionsData [<!ENTITY lol0 "lol">{levels}]>'
        f'<sanctionsData xmlns="{NS}"><publicationInfo><dataAsOf>&lol9;</dataAsOf></publicationInfo>'
        "</sanctionsData>"
    )
    path = write(tmp_path / "bomb.xml", bomb)
    assert FORMAT.detect(path, path.read_bytes()[:8192]), "it looks like the format, so it reaches the parser"
    started = time.monotonic()
    error = parse_error(path)
    assert time.monotonic() - started < 5, "the bomb must be refused, not expanded"
    assert "refused" in str(error), error


def test_external_entity_is_refused(tmp_path: Path) -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE sanctionsData [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<sanctionsData xmlns="{NS}"><publicationInfo><dataAsOf>&x;</dataAsOf></publicationInfo>'
        "</sanctionsData>"
    )
    assert "refused" in str(parse_error(write(tmp_path / "xxe.xml", xxe)))


def test_other_schema_and_empty_file(data_dir: Path, tmp_path: Path) -> None:
    un = data_dir / "un_sc/watchman_2026-02-27/UN_consolidated.xml"
    with pytest.raises(ParseError, match="not OFAC Enhanced XML") as caught:
        list(FORMAT.parse(Source(un, FORMAT.name, "us_ofac_sdn"), ParseReport()))
    assert caught.value.element == "CONSOLIDATED_LIST"
    assert "the file is empty" in str(parse_error(write(tmp_path / "empty.xml", " \n")))


def test_broken_archives(tmp_path: Path) -> None:
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.xml", document(PERSON))
        archive.writestr("b.xml", document(PERSON))
    assert "2 .xml files" in str(parse_error(two))
    damaged = write(tmp_path / "damaged.zip", b"PK\x03\x04" + b"\x00" * 100)
    assert "damaged archive" in str(parse_error(damaged))


def test_entity_without_id_or_name(tmp_path: Path) -> None:
    no_id = parse_error(
        write(tmp_path / "no_id.xml", document(VESSEL.replace('<entity id="200">', "<entity>")))
    )
    assert (no_id.element, no_id.field) == ("entity #1", "id"), no_id
    nameless = VESSEL.replace("<formattedFullName>ADRIAN DARYA 1</formattedFullName>", "")
    no_name = parse_error(write(tmp_path / "no_name.xml", document(nameless)))
    assert (no_name.element, no_name.field) == ("entity[@id=200]", "names"), no_name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=400000))
def test_any_truncation_is_a_parse_error(data_dir: Path, tmp_path: Path, cut: int) -> None:
    data = (data_dir / XML).read_bytes()[:cut]
    path = write(tmp_path / "cut.xml", data)
    with pytest.raises(ParseError):
        list(FORMAT.parse(Source(path, FORMAT.name, "us_ofac_cons"), ParseReport()))
