"""The US Trade.gov Consolidated Screening List CSV parser, on the real file."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import EntityProxy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hisab.errors import ParseError
from hisab.sources import read_head
from hisab.sources.base import ParseReport, Record, Source
from hisab.sources.us_csl import COLUMNS, FORMAT

CSL = "us_csl/consolidated.csv.gz"
SOURCE_COUNTS = {
    "Specially Designated Nationals (SDN) - Treasury Department": 10026,
    "Entity List (EL) - Bureau of Industry and Security": 2001,
    "ITAR Debarred (DTC) - State Department": 727,
    "Denied Persons List (DPL) - Bureau of Industry and Security": 462,
    "Sectoral Sanctions Identifications List (SSI) - Treasury Department": 290,
    "Unverified List (UVL) - Bureau of Industry and Security": 201,
    "Nonproliferation Sanctions (ISN) - State Department": 163,
    "Palestinian Legislative Council List (PLC) - Treasury Department": 78,
    "Military End User (MEU) List - Bureau of Industry and Security": 71,
    "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department": 68,
    "Capta List (CAP) - Treasury Department": 53,
    "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department": 17,
    "Foreign Sanctions Evaders (FSE) - Treasury Department": 3,
}


def parse(path: Path) -> tuple[list[Record], ParseReport]:
    """Detect and parse one file with this format, as the loader does."""
    assert FORMAT.detect(path, read_head(path)), f"{path} not detected as the CSL"
    report = ParseReport()
    records = list(FORMAT.parse(Source(path, FORMAT.name, FORMAT.dataset_for(path)), report))
    return records, report


@pytest.fixture(scope="module")
def parsed(data_dir: Path) -> tuple[list[Record], ParseReport]:
    return parse(data_dir / CSL)


@pytest.fixture(scope="module")
def by_id(parsed: tuple[list[Record], ParseReport]) -> dict[str, Record]:
    return {record.record_id: record for record in parsed[0]}


def real_rows(data_dir: Path) -> list[dict[str, str]]:
    with gzip.open(data_dir / CSL, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(**values: str) -> dict[str, str]:
    base = dict.fromkeys(COLUMNS, "")
    base.update(
        _id="1",
        source="Specially Designated Nationals (SDN) - Treasury Department",
        entity_number="1",
        type="Individual",
        programs="IRAN",
        name="TEST, Person",
    )
    base.update(values)
    return base


def entities(record: Record, schema: str) -> list[EntityProxy]:
    return [e for e in record.entities if e.schema.name == schema]


def test_detect(data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / CSL
    assert FORMAT.detect(path, read_head(path)), "gunzipped head not detected"
    assert FORMAT.detect(path, path.read_bytes()[:8192]), "raw gzip head not detected"
    plain = tmp_path / "consolidated.csv"
    plain.write_bytes(gzip.decompress(path.read_bytes()))
    assert FORMAT.detect(plain, read_head(plain)), "plain CSV not detected"
    for other in (
        "ofac_sdn_2021-07/sdn.csv",
        "uk_hmt_2018-04/sanctionsconlist.csv",
        "un_sc/mkweli_2025-11-20/un_consolidated.xml",
    ):
        assert not FORMAT.detect(data_dir / other, read_head(data_dir / other)), f"{other} detected as CSL"


def test_registry_detects_the_csl(data_dir: Path) -> None:
    from hisab.sources import detect

    source = detect(data_dir / CSL)
    assert (source.format, source.dataset) == ("us_csl", "us_trade_csl"), f"detected as {source}"


def test_counts(parsed: tuple[list[Record], ParseReport]) -> None:
    records, report = parsed
    assert (report.rows, report.records, len(records)) == (14160, 14160, 14160), f"counts {report}"
    assert report.duplicates == 0, f"duplicates {report.duplicates}"
    assert report.published is None and not report.is_delta, "the CSL has no date and is a full list"
    lists = Counter(record.entities[1].first("authority") for record in records)
    assert lists == SOURCE_COUNTS, f"records per list {lists}"
    schemas = Counter(record.subject.schema.name for record in records)
    expected = {"Person": 5286, "Organization": 4533, "LegalEntity": 3625, "Vessel": 433, "Airplane": 283}
    assert schemas == expected, f"schemas {schemas}"
    assert len({r.record_id for r in records}) == 14160, "record ids are not unique"


def test_repeated_ids(parsed: tuple[list[Record], ParseReport], by_id: dict[str, Record]) -> None:
    _, report = parsed
    repeats = [w for w in report.warnings if "repeats" in w]
    assert len(repeats) == 112, f"{len(repeats)} repeat warnings (183 rows share 71 ids)"
    # The SDN row keeps the OFAC entity number; the other lists' rows are qualified.
    for record_id, authority in (
        ("18291", "Specially Designated Nationals (SDN) - Treasury Department"),
        ("18291-SSI", "Sectoral Sanctions Identifications List (SSI) - Treasury Department"),
        ("18291-CAP", "Capta List (CAP) - Treasury Department"),
    ):
        record = by_id[record_id]
        assert record.subject.id == f"us-trade-csl-{record_id}", f"subject id {record.subject.id}"
        assert record.entities[1].first("authority") == authority, f"{record_id} list"
        assert record.entities[1].get("authorityId") == ["18291"], f"{record_id} keeps the OFAC ent_num"
    # A CAPTA entity listed twice on the same list: the second one gets a qualified id.
    assert {"15268", "15268-CAP"} <= by_id.keys(), "both CAPTA rows of 15268 kept"


def test_repeated_ids_are_stable(data_dir: Path, tmp_path: Path) -> None:
    rows = [r for r in real_rows(data_dir) if r["_id"] in ("18291", "15268")]
    assert len(rows) == 5, "fixture rows"

    def ids(name: str, rows: list[dict[str, str]]) -> dict[tuple[str, ...], str]:
        # Keyed by what tells the rows apart: the list, and the URLs (the two CAPTA rows differ there).
        records, _ = parse(write_csv(tmp_path / name, rows))
        return {(r.subject.caption, *sorted(r.entities[1].get("sourceUrl"))): r.record_id for r in records}

    first = ids("a.csv", rows)
    assert ids("b.csv", rows[::-1]) == first, "reordering rows changed record ids"
    edited = [dict(r) for r in rows]
    for r in edited:
        if r["source"].startswith("Sectoral"):
            r["remarks"] += " (edited)"
    assert ids("c.csv", edited) == first, "editing a repeated row changed record ids"
    records, _ = parse(tmp_path / "a.csv")
    again, _ = parse(tmp_path / "a.csv")
    assert [e.id for r in records for e in r.entities] == [e.id for r in again for e in r.entities], (
        "entity ids differ between two parses of the same file"
    )


def test_identical_rows_are_duplicates(tmp_path: Path) -> None:
    records, report = parse(write_csv(tmp_path / "dup.csv", [row(), row(), row(_id="2", name="OTHER, Name")]))
    assert [r.record_id for r in records] == ["1", "2"], f"records {[r.record_id for r in records]}"
    assert report.duplicates == 1, f"duplicates {report.duplicates}"


def test_iran_person(by_id: dict[str, Record]) -> None:
    record = by_id["29816"]
    person = record.subject
    assert person.schema.name == "Person" and person.id == "us-trade-csl-29816", f"subject {person.id}"
    assert person.get("name") == ["ABEDSHAHI, Omid"], f"name {person.get('name')}"
    assert (person.get("lastName"), person.get("firstName")) == (["ABEDSHAHI"], ["Omid"]), "name parts"
    assert person.get("alias") == ["SHAHI, Omid Abded Abed"], f"aliases {person.get('alias')}"
    assert person.get("birthDate") == ["1983-01-21"], f"birth date {person.get('birthDate')}"
    assert person.get("birthPlace") == ["Mashhad, Iran"], f"birth place {person.get('birthPlace')}"
    assert person.get("nationality") == ["ir"], f"nationality {person.get('nationality')}"
    assert person.get("gender") == ["male"], f"gender {person.get('gender')}"
    assert person.get("passportNumber") == ["B30739724"], f"passport {person.get('passportNumber')}"
    assert person.get("topics") == ["sanction"], "topics"
    (sanction,) = entities(record, "Sanction")
    assert sanction.get("program") == ["IRAN-HR"], f"program {sanction.get('program')}"
    assert sanction.get("entity") == [person.id], "the sanction points at the subject"
    assert sanction.get("recordId") == ["29816"] and sanction.get("authorityId") == ["29816"], "ids"
    assert sanction.get("provisions") == ["Additional Sanctions Information - Subject to Secondary Sanctions"]
    (passport,) = entities(record, "Passport")
    assert (passport.get("number"), passport.get("country"), passport.get("holder")) == (
        ["B30739724"],
        ["ir"],
        [person.id],
    ), f"passport {passport.to_dict()}"
    (link,) = entities(record, "UnknownLink")
    assert link.get("object") == ["us-trade-csl-12111"], (
        "Linked To: IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY"
    )
    assert by_id["12111"].subject.get("name") == ["IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY"]


def test_linked_to_with_parentheses(by_id: dict[str, Record]) -> None:
    record = by_id["26860"]
    (link,) = entities(record, "UnknownLink")
    assert link.get("subject") == ["us-trade-csl-26860"], "link subject"
    target_id = link.first("object")
    assert target_id is not None, "link object"
    target = by_id[target_id.removeprefix("us-trade-csl-")]
    assert target.subject.get("name") == ["ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"], "target"
    assert [s.first("program") for s in entities(record, "Sanction")] == ["IFSR", "IRGC", "SDGT"], "programs"


def test_every_reference_resolves(parsed: tuple[list[Record], ParseReport]) -> None:
    records, report = parsed
    known = {e.id for r in records for e in r.entities}
    dangling = [
        (r.record_id, e.schema.name, prop.name, value)
        for r in records
        for e in r.entities
        for prop, value in e.itervalues()
        if prop.type.name == "entity" and value not in known
    ]
    assert dangling == [], f"references to unknown entities: {dangling[:5]}"
    links = sum(len(entities(r, "UnknownLink")) for r in records)
    assert links == 4344, f"UnknownLinks {links}"
    assert any("2 'Linked To' names match no single listing" in w for w in report.warnings), "unresolved"


def test_company_ids_and_provisions(by_id: dict[str, Record]) -> None:
    record = by_id["18291"]
    org = record.subject
    assert org.schema.name == "Organization", "schema"
    assert org.get("taxNumber") == ["7750004150"] and org.get("swiftBic") == ["BELBBY2X"], "identifiers"
    assert org.get("incorporationDate") == ["1991-12-23"], f"established {org.get('incorporationDate')}"
    assert org.get("country") == ["by"], f"country {org.get('country')}"
    assert len(entities(record, "Address")) == 2, "two addresses"
    provisions = entities(record, "Sanction")[0].get("provisions")
    assert "Executive Order 13662 Directive Determination - Subject to Directive 1" in provisions, provisions


def test_commerce_listing(by_id: dict[str, Record]) -> None:
    record = by_id["4398d33e9e93c7477af39f1e0bfffc13ddd47bcc"]
    assert record.subject.schema.name == "LegalEntity", "untyped rows are LegalEntity"
    assert record.subject.get("name") == ["140 Repair Plant JSC"], "name"
    (sanction,) = entities(record, "Sanction")
    assert sanction.get("authority") == ["Entity List (EL) - Bureau of Industry and Security"], "authority"
    assert sanction.get("program") == [], "Commerce lists have no program"
    assert sanction.get("listingDate") == ["2022-04-07"], f"listing date {sanction.get('listingDate')}"
    assert sanction.get("summary") == ["Federal Register notice: 87 FR 20299"], "FR notice"
    assert "License policy: Policy of denial." in sanction.get("provisions"), "license policy"


def test_vessel_and_aircraft(by_id: dict[str, Record]) -> None:
    vessel = by_id["15052"].subject
    assert vessel.schema.name == "Vessel" and vessel.get("name") == ["AMBER"], "vessel"
    assert vessel.get("imoNumber") == ["IMO9357406"] and vessel.get("mmsi") == ["677049700"], "vessel ids"
    assert vessel.get("flag") == ["pa"] and sorted(vessel.get("pastFlags")) == ["cy", "tz"], "flags"
    assert (vessel.get("callSign"), vessel.get("tonnage")) == (["5IM 597"], ["317356"]), "call sign, tonnage"
    plane = by_id["15445"].subject
    assert plane.schema.name == "Airplane", "aircraft"
    assert plane.get("model") == ["A300B4-605R"] and plane.get("buildDate") == ["1988-05-17"], "aircraft"
    assert plane.get("operator") == ["us-trade-csl-12927"], "operated by MAHAN AIR"
    assert by_id["12927"].subject.get("name") == ["MAHAN AIR"], "operator listing"


def test_values_ftm_cannot_read_are_kept(
    parsed: tuple[list[Record], ParseReport], by_id: dict[str, Record]
) -> None:
    _, report = parsed
    org = by_id["12802"].subject
    assert "+982188526300" in org.get("phone"), f"international prefix added: {org.get('phone')}"
    assert "Phone Number: 9821227700019" in org.get("notes"), "an unreadable phone number stays in the notes"
    assert any("record 12802: unreadable 'Phone Number' value '9821227700019'" in w for w in report.warnings)


def test_warnings_name_the_record(parsed: tuple[list[Record], ParseReport]) -> None:
    _, report = parsed
    assert (
        "consolidated.csv.gz: line 1753, record d6a68bd30aed352b043524ccacf9fc8551b786c2: "
        "unreadable start date '0097-06-30'"
    ) in report.warnings, "bad start date reported"


def test_multiline_cells_keep_line_numbers(tmp_path: Path) -> None:
    rows = [row(addresses="Room 1,\nShanghai, CN"), row(_id="2", name="SECOND, Row")]
    records, _ = parse(write_csv(tmp_path / "ml.csv", rows))
    assert [r.line for r in records] == [2, 4], f"lines {[r.line for r in records]}"
    assert records[0].subject.get("address") == ["Room 1, Shanghai, CN"], "line break collapsed"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ids=st.text(alphabet=st.sampled_from("AZaz09 ,;-:()"), max_size=60),
    dob=st.text(alphabet=st.sampled_from("0123456789-; toca"), max_size=30),
    remarks=st.text(max_size=60).filter(lambda t: "\x00" not in t and "\r" not in t),
)
def test_any_cell_text_parses(tmp_path: Path, ids: str, dob: str, remarks: str) -> None:
    records, _ = parse(write_csv(tmp_path / "h.csv", [row(ids=ids, dates_of_birth=dob, remarks=remarks)]))
    assert len(records) == 1 and records[0].subject.schema.name == "Person", "one person record"
    assert len({e.id for e in records[0].entities}) == len(records[0].entities), "entity ids repeat"


# Bad input: each raises ParseError naming the file, the line and the field.


def test_missing_column(tmp_path: Path) -> None:
    columns = tuple(c for c in COLUMNS if c != "alt_names")
    path = write_csv(tmp_path / "missing.csv", [row()], columns=columns)
    with pytest.raises(ParseError) as exc:
        list(FORMAT.parse(Source(path, "us_csl", "us_trade_csl"), ParseReport()))
    assert "missing.csv" in str(exc.value) and exc.value.line == 1 and exc.value.field == "alt_names", (
        exc.value
    )


def test_extra_field(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "extra.csv", [row(), row(_id="2")])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ParseError) as exc:
        parse(path)
    assert "extra.csv" in str(exc.value) and exc.value.line == 3, exc.value
    assert exc.value.field and "no column" in exc.value.field, exc.value


def test_short_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "short.csv", [row()])
    path.write_text(path.read_text(encoding="utf-8") + "9,SDN,9\n", encoding="utf-8")
    with pytest.raises(ParseError) as exc:
        parse(path)
    assert "short.csv" in str(exc.value) and exc.value.line == 3 and exc.value.field == "type", exc.value


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "latin.csv", [row(), row(_id="2")])
    path.write_bytes(path.read_bytes().replace(b"TEST, Person", b"T\xe9ST, Person", 1))
    with pytest.raises(ParseError) as exc:
        parse(path)
    assert "latin.csv" in str(exc.value) and "UTF-8" in str(exc.value) and exc.value.line == 2, exc.value


def test_truncated_gzip(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.csv.gz"
    path.write_bytes((data_dir / CSL).read_bytes()[:200_000])
    with pytest.raises(ParseError) as exc:
        parse(path)
    assert "cut.csv.gz" in str(exc.value) and exc.value.line and exc.value.line > 1, exc.value


def test_empty_file(tmp_path: Path) -> None:
    for name, content in (("empty.csv", b""), ("empty.csv.gz", gzip.compress(b""))):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ParseError) as exc:
            list(FORMAT.parse(Source(path, "us_csl", "us_trade_csl"), ParseReport()))
        assert name in str(exc.value) and "empty" in str(exc.value), exc.value


def test_header_only(tmp_path: Path) -> None:
    records, report = parse(write_csv(tmp_path / "header.csv", []))
    assert records == [] and report.rows == 0, "a header without rows is an empty list"


def test_unterminated_quote(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "quote.csv", [row()])
    path.write_text(
        path.read_text(encoding="utf-8") + '2,SDN,2,Individual,IRAN,"UNCLOSED, Name\n', encoding="utf-8"
    )
    with pytest.raises(ParseError) as exc:
        parse(path)
    assert "quote.csv" in str(exc.value) and exc.value.line == 3, exc.value


def test_unknown_columns_are_reported(tmp_path: Path) -> None:
    records, report = parse(write_csv(tmp_path / "new.csv", [row()], columns=(*COLUMNS, "new_column")))
    assert len(records) == 1, "the row is still read"
    assert "new.csv: columns not read: new_column" in report.warnings, report.warnings
