"""EU Financial Sanctions Files (FSF), the old v1.0 CSV layout.

One `;`-separated row per *element* of a listed entity: the entity's own
columns (`Date_file`, `Entity_logical_id`, `Subject_type` P/E, the legal act
`Leba_numtitle`/`Leba_publication_date`/`Leba_url`, `Programme`,
`Entity_remark`), then one filled block among name alias (`Naal_*`), address
(`Addr_*`), birth (`Birt_*`), identification (`Iden_*`) and citizenship
(`Citi_*`), each with its own id and legal act, and `EU_ref_num` last. The
header repeats `Entity_logical_id` in every block, so columns are named here
by block (`Naal_Entity_logical_id`). Fields holding `;` are double-quoted.
Windows-1252 (often described as Latin-1, but it uses 0x92, 0x96…). `Date_file`
(`04/07/2018`) is the file's date.

The v1.0 layout has no primary-name flag: the first name without a language
is the name, every other one an alias (translations into EU languages are
aliases too). Identification cells read `AD001095 (passport-National passport)
((passport))`: the number, then the kind. The earliest legal act naming the
entity or one of its elements gives the listing date.

The only real sample (`EUSanctionsShort.csv`) was damaged by a spreadsheet:
every line is wrapped in double quotes (inner quotes doubled) and padded
with tabs to 31 tabs a line, the tabs standing for the commas the
spreadsheet split on (`al-Awja\\t near Tikrit` was `al-Awja, near Tikrit`).
Such a file is repaired line by line (quotes removed, padding dropped, tabs
turned back into commas) before it is read as CSV; the normal form is read
as is. Names whose non-Latin letters were lost in that round trip
(`?µ??? ??????`) are skipped, with one warning per file.

Newer formats, not implemented here (no real sample file is available): the
Commission now publishes the FSF as v1.1 files, a CSV and an XML
(`csvFullSanctionsList_1_1`, `xmlFullSanctionsList_1_1`), with other column
names and more fields, such as each entity's UN id and designation date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from followthemoney import EntityProxy
from followthemoney.types import registry

from hisab.errors import ParseError
from hisab.sources._rows import (
    RecordWarnings,
    check_columns,
    collect,
    csv_rows,
    decoded_lines,
    group_rows,
    prepend,
)
from hisab.sources.base import ParseReport, Record, Source, derived_id, make_entity, record_entity_id
from hisab.sources.datasets import dataset_info
from hisab.sources.values import clean_country, make_sanction, parse_date

BLOCKS = {
    "Naal": ("lastname", "firstname", "middlename", "wholename", "gender", "title", "function", "language"),
    "Addr": ("number", "street", "zipcode", "city", "country", "other"),
    "Birt": ("date", "place", "country"),
    "Iden": ("number", "country"),
    "Citi": ("country",),
}
ENTITY_COLUMNS = (
    "Date_file",
    "Entity_logical_id",
    "Subject_type",
    "Leba_numtitle",
    "Leba_publication_date",
    "Leba_url",
    "Programme",
    "Entity_remark",
)
#: Every column, with the block's repeated `Entity_logical_id` named by its block.
COLUMNS = (
    *ENTITY_COLUMNS,
    *(
        column
        for block, fields in BLOCKS.items()
        for column in (
            f"{block}_logical_id",
            f"{block}_Entity_logical_id",
            f"{block}_leba_numtitle",
            f"{block}_leba_publication_date",
            f"{block}_leba_url",
            f"{block}_programme",
            *(f"{block}_{name}" for name in fields),
        )
    ),
    "EU_ref_num",
)
SCHEMAS = {"P": "Person", "E": "Organization"}
GENDERS = {"M": "male", "F": "female"}

_LEGAL_ACTS = ("Leba", *(f"{block}_leba" for block in BLOCKS))
_BLOCK_PREFIX = re.compile(r"^(Naal|Addr|Birt|Iden|Citi)_")
_JO_MARK = re.compile(r"\s*\(J\.O\. [A-Z]{2}\)$")
_IDENTIFICATION = re.compile(r"^(?P<number>[^()]*?)\s*\((?P<kind>[a-z]+)-(?P<label>[^()]*)\)\s*(?P<rest>.*)$")


class EuFsfFormat:
    """The EU FSF v1.0 CSV, in its normal form or damaged by a spreadsheet."""

    name = "eu_fsf"
    dataset = "eu_fsf"

    def dataset_for(self, path: Path) -> str:
        return self.dataset

    def detect(self, path: Path, head: bytes) -> bool:
        first = head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf").split("\n", 1)[0]
        return first.lstrip('"').startswith("Date_file") and "Naal_wholename" in first

    def companions(self, path: Path) -> tuple[Path, ...]:
        return ()

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        lost: list[str] = []
        for entity_id, rows in group_rows(source.path, lambda: _read(source.path, report)):
            report.rows += len(rows)
            report.records += 1
            yield _record(source.dataset, entity_id, rows, report, lost)
        if lost:
            report.warn(
                f"{len(lost)} names lost their non-Latin letters (shown as '?') when the file was "
                f"re-saved and were skipped, e.g. {lost[0]!r}"
            )


FORMAT = EuFsfFormat()


def _read(path: Path, report: ParseReport) -> Iterator[tuple[int, str, dict[str, str]]]:
    """`(line, Entity_logical_id, row)` for each data row, after checking the header."""
    lines = decoded_lines(path)
    first = next(lines, None)
    if first is None or not first.strip():
        raise ParseError(path, "the file is empty", line=1)
    # The damaged form wraps every line in quotes and pads it with tabs; a
    # normal file may quote its first header cell but never holds a tab there.
    damaged = first.startswith('"') and "\t" in first
    all_lines = prepend(first, lines)
    rows = csv_rows(path, _unwrapped(path, all_lines) if damaged else all_lines, ";")
    header_row = next(rows, None)
    if header_row is None:
        raise ParseError(path, "the file has no header", line=1)
    line, cells = header_row
    header = _check_header(path, line, cells)
    count = 0
    for line, cells in rows:
        if len(cells) != len(header):
            raise ParseError(
                path,
                f"the row has {len(cells)} columns, the header {len(header)}",
                line=line,
                field=header[len(cells)] if len(cells) < len(header) else None,
            )
        row = {name: cells[i].strip() for i, name in enumerate(header)}
        if not row["Entity_logical_id"]:
            raise ParseError(path, "the row has no entity id", line=line, field="Entity_logical_id")
        if report.published is None:
            report.published = next(iter(parse_date(row["Date_file"])), None)
        count += 1
        yield line, row["Entity_logical_id"], row
    if count == 0:
        raise ParseError(path, "the file has a header but no rows", line=line)


def _unwrapped(path: Path, lines: Iterable[str]) -> Iterator[str]:
    """Undo the spreadsheet damage: one quoted cell a line, tabs for commas, tab padding."""
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip():
            yield "\n"  # kept, so the CSV reader's line numbers stay the file's
            continue
        if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
            raise ParseError(
                path,
                "the line is not wrapped in double quotes like the rest of this re-saved file",
                line=number,
            )
        yield text[1:-1].replace('""', '"').rstrip("\t").replace("\t", ",") + "\n"


def _check_header(path: Path, line: int, cells: list[str]) -> list[str]:
    header = []
    block = ""
    for cell in (cell.strip() for cell in cells):
        prefix = _BLOCK_PREFIX.match(cell)
        if prefix is not None:
            block = prefix.group(1)
        if cell == "Entity_logical_id" and block:
            cell = f"{block}_Entity_logical_id"
        elif cell.startswith("Date_file"):
            # The damaged sample spells it `Date_filexxxx`.
            cell = "Date_file"
        header.append(cell)
    check_columns(path, line, header, COLUMNS)
    return header


def _record(
    dataset: str, entity_id: str, rows: list[tuple[int, dict[str, str]]], report: ParseReport, lost: list[str]
) -> Record:
    warnings = RecordWarnings(dataset, entity_id, report)
    first = rows[0][1]
    subject_type = first["Subject_type"]
    schema = SCHEMAS.get(subject_type)
    if schema is None:
        warnings.warn("unknown Subject_type, loaded as LegalEntity:", subject_type)
        schema = "LegalEntity"
    subject = make_entity(schema, record_entity_id(dataset, entity_id))
    subject.add("topics", "sanction")
    #: Addresses and documents, by id.
    others: dict[str, EntityProxy] = {}
    _add_names(subject, [row for _, row in rows if row["Naal_logical_id"]], lost)
    for _, row in rows:
        if row["Subject_type"] != subject_type:
            warnings.warn("Subject_type differs between rows:", row["Subject_type"])
        subject.add("notes", row["Entity_remark"].replace("\\n", "\n") or None)
        if row["Addr_logical_id"]:
            collect(others, _address(warnings, subject, row))
        if row["Birt_logical_id"]:
            _add_birth(warnings, subject, row)
        if row["Iden_logical_id"]:
            document = _identification(warnings, subject, row)
            if document is not None:
                collect(others, document)
        if row["Citi_logical_id"]:
            prop = "citizenship" if subject.schema.is_a("Person") else "country"
            subject.add(prop, _country(warnings, row["Citi_country"], "Citi_country"))
    sanctions = _sanctions(dataset, entity_id, subject, [row for _, row in rows])
    return Record(dataset, entity_id, [subject, *others.values(), *sanctions], line=rows[0][0])


def _add_names(subject: EntityProxy, rows: list[dict[str, str]], lost: list[str]) -> None:
    person = subject.schema.is_a("Person")
    named = False
    # The first name without a language is the listed name: sort those first, keeping file order.
    for row in sorted(rows, key=lambda r: r["Naal_language"] not in ("", "EN")):
        parts = (row["Naal_firstname"], row["Naal_middlename"], row["Naal_lastname"])
        whole = row["Naal_wholename"] or " ".join(p for p in parts if p)
        if not whole:
            continue
        if "?" in whole:
            lost.append(whole)
            continue
        if whole not in subject.get("name"):
            subject.add("alias" if named else "name", whole)
            named = True
        if person:
            subject.add("firstName", row["Naal_firstname"] or None)
            subject.add("middleName", row["Naal_middlename"] or None)
            subject.add("lastName", row["Naal_lastname"] or None)
            subject.add("gender", GENDERS.get(row["Naal_gender"]))
            subject.add("title", row["Naal_title"] or None)
        subject.add("position" if person else "notes", row["Naal_function"] or None)


def _country(warnings: RecordWarnings, code: str, field: str) -> str | None:
    if not code:
        return None
    cleaned = clean_country(code)
    if cleaned is None:
        warnings.warn(f"unknown country in {field}", code)
    return cleaned


def _address(warnings: RecordWarnings, subject: EntityProxy, row: dict[str, str]) -> EntityProxy:
    assert subject.id is not None
    country = _country(warnings, row["Addr_country"], "Addr_country")
    street = " ".join(p for p in (row["Addr_number"], row["Addr_street"]) if p)
    zipcode = row["Addr_zipcode"]
    country_name = registry.country.caption(country) if country else None
    full = ", ".join(p for p in (street, zipcode, row["Addr_city"], country_name) if p)
    address = make_entity("Address", derived_id(subject.id, "address", row["Addr_logical_id"]))
    address.add("full", full or None)
    address.add("street", street or None)
    address.add("postOfficeBox" if zipcode.lower().startswith("po box") else "postalCode", zipcode or None)
    address.add("city", row["Addr_city"] or None)
    address.add("country", country)
    address.add("remarks", row["Addr_other"].replace("\\n", "\n") or None)
    subject.add("country", country)
    subject.add("address", full or None)
    subject.add("addressEntity", address.id)
    return address


def _add_birth(warnings: RecordWarnings, subject: EntityProxy, row: dict[str, str]) -> None:
    person = subject.schema.is_a("Person")
    text = row["Birt_date"]
    # `N/A` is how the file says a birth element has a place but no date.
    if text and text.upper() != "N/A":
        dates = parse_date(text)
        if not dates:
            warnings.warn("unreadable Birt_date", text)
        subject.add("birthDate" if person else "incorporationDate", dates)
    place = _JO_MARK.sub("", row["Birt_place"])
    subject.add("birthPlace" if person else "notes", place or None)
    country = _country(warnings, row["Birt_country"], "Birt_country")
    subject.add("birthCountry" if person else "country", country)


def _identification(
    warnings: RecordWarnings, subject: EntityProxy, row: dict[str, str]
) -> EntityProxy | None:
    """A Passport or Identification for `1234 (passport-National passport) (details)`."""
    assert subject.id is not None
    text = row["Iden_number"].strip().strip('"').strip()
    match = _IDENTIFICATION.match(text)
    if match is None or not match.group("number"):
        warnings.warn("unreadable Iden_number", text)
        subject.add("notes", text or None)
        return None
    number, kind = match.group("number"), match.group("kind")
    passport = kind == "passport"
    subject.add("passportNumber" if passport and subject.schema.is_a("Person") else "idNumber", number)
    schema = "Passport" if passport else "Identification"
    document = make_entity(schema, derived_id(subject.id, schema, number))
    document.add("holder", subject.id)
    document.add("number", number)
    document.add("type", match.group("label").strip() or None)
    document.add("country", _country(warnings, row["Iden_country"], "Iden_country"))
    rest = match.group("rest").strip().strip("()? ")
    document.add("summary", rest if rest and rest != kind else None)
    return document


def _sanctions(
    dataset: str, entity_id: str, subject: EntityProxy, rows: list[dict[str, str]]
) -> list[EntityProxy]:
    """One Sanction per programme, with every legal act the rows cite."""
    acts: dict[tuple[str, str], str] = {}
    for row in rows:
        for act in _LEGAL_ACTS:
            title = row[f"{act}_numtitle"]
            if title:
                date = next(iter(parse_date(row[f"{act}_publication_date"])), "")
                acts.setdefault((date, title), row[f"{act}_url"])
    dates = sorted(date for date, _ in acts if date)
    info = dataset_info(dataset)
    sanctions = []
    for programme in dict.fromkeys(row["Programme"] for row in rows):
        sanction = make_sanction(
            subject,
            authority=info.publisher,
            program=programme or None,
            record_id=entity_id,
            listing_date=dates[0] if dates else None,
        )
        sanction.add("authorityId", rows[0]["EU_ref_num"] or None)
        for (date, title), url in sorted(acts.items()):
            sanction.add("summary", f"Legal basis: {title}" + (f", published {date}" if date else ""))
            sanction.add("sourceUrl", url or None)
        sanctions.append(sanction)
    return sanctions
