"""UK HM Treasury / OFSI Consolidated List of financial sanctions targets, 2018 CSV layout.

The file starts with a line `Last Updated,13/04/2018`, then a header row:
`Name 6` (the surname, or an entity's whole name), `Name 1`–`Name 5`, `Title`,
`DOB`, `Town of Birth`, `Country of Birth`, `Nationality`, `Passport Details`,
`NI Number`, `Position`, `Address 1`–`Address 6`, `Post/Zip Code`, `Country`,
`Other Information`, `Group Type`, `Alias Type`, `Regime`, `Listed On`,
`Last Updated`, `Group ID`. One designation (a *group*, keyed by `Group ID`)
spans many rows: the cross product of its names, birth dates, addresses and
regimes. The rows of a group are not always adjacent, so the file is read
twice (see `_rows.group_rows`). Windows-1252, CRLF or LF line ends.

Quirks handled here:

- Dates are `dd/mm/yyyy` with `00` for an unknown day or month
  (`00/00/1960` is "1960").
- Countries, nationalities, titles, birth towns and documents are free text,
  often enumerated (`(1) Saudi Arabian (2) Yemeni`, `a) French, b) Tunisian`)
  and annotated (`Afghanistan (since 2009)`, `Iranian citizenship`).
- Passport and national identification numbers are extracted where the text
  makes them clear; the whole text is always kept in `notes`.
- The UN reference of a UN-derived listing is only cited in `Other
  Information`, in many spellings (`UN Ref IRi.039`, `UN REF:QDi.349`,
  `UN Ref.KPI.067`, `UN Reference No: TAi.172`, old-style `UN Ref QI.A.12.01`);
  it is normalised (`KPi.067`, `QI.A.12.01`) into the Sanction's `unscId`.
- 2018 has no `Ship` group type: ships are `Entity` rows whose notes give an
  IMO number (`IMO: 8937675`, `(IMO number: 7303803)`). An entity becomes a
  Vessel when that number passes the IMO ship-number check digit, which
  company numbers (`IMO Number: 5342883`) do not.

Newer formats, not implemented here (no real sample file is available):
OFSI changed this CSV in February 2022 (seven new fields, a `Ship` group
type; the mapping below already reads `Ship`) and retired the Consolidated
List on 28 January 2026. The FCDO's *UK Sanctions List* (CSV, XML, ODS), with
its own layout and ids, is now the single UK list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy

from hisab.errors import ParseError
from hisab.sources._rows import RecordWarnings, check_columns, collect, csv_rows, decoded_lines, group_rows
from hisab.sources.base import ParseReport, Record, Source, derived_id, make_entity, record_entity_id
from hisab.sources.datasets import dataset_info
from hisab.sources.values import clean_country, make_sanction, parse_date, short_forms

NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_COLUMNS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")
COLUMNS = (
    "Name 6",
    *NAME_COLUMNS[:5],
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Details",
    "NI Number",
    "Position",
    *ADDRESS_COLUMNS,
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
)
SCHEMAS = {"Individual": "Person", "Entity": "Organization", "Ship": "Vessel"}
#: Alias Type → the FtM name property. "Prime Alias" is the listed name.
NAME_PROPS = {"Prime Alias": "name", "AKA": "alias", "FKA": "previousName"}

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
#: Enumeration markers: `(1)`, `(a)`, `(A)`, `1)`, `a)`.
_ENUM = re.compile(r"\(\s*(?:\d{1,2}|[a-zA-Z])\s*\)|(?<![\w(])(?:\d{1,2}|[a-z])\)")
_PARENS = re.compile(r"\([^()]*\)?")
_JUNK = " \t,;.:-–"
_LEAD_QUALIFIER = re.compile(r"^(?:possibly|probably|now|in|formerly|former|also believed to hold)\s+", re.I)
_TRAIL_QUALIFIER = re.compile(
    r"\s+(?:citizenship|nationality|nationalities|national|citizen|by birth|"
    r"(?:as (?:at|of)|since|until|from|between)\b.*)$",
    re.I,
)
_COUNTRY_PIECES = re.compile(r",|;|\.\s|/|\s+and\s+")

_NEW_REF = r"(?P<list>[A-Z]{2})\s*(?P<kind>[ieIE1])\s*\.?\s*(?P<num>\d{1,3})(?![\d.]\d)"
_OLD_REF = r"(?P<old>(?:[A-Z]\.?){1,2}(?:\.(?:[A-Z]{1,3}|\d{1,3})){2,}(?:\.\(\d\))?)"
_UN_REF = re.compile(
    rf"\b(?i:UN\s*ref(?:erence)?)\b[\s.:]*(?:(?i:no)\b[\s.:]*)?(?:{_NEW_REF}|{_OLD_REF}|(?P<bad>\S+))"
)
#: A few listings open their notes with the bare new-style reference (`KPe.058. Registered owner…`).
_LEADING_REF = re.compile(rf"^\s*{_NEW_REF}\b")

_IMO = re.compile(r"\bIMO(?:\s+number)?\s*:\s*(\d{7})\b", re.I)
_MMSI = re.compile(r"\bMMSI\s*:\s*(\d{9})\b")
_FLAG = re.compile(r"\bFlag State:\s*([^.]+)")

_DOC_LABEL = re.compile(
    r"(?:\b(?:passport|travel document|details|numbers?|nos?|code|card|id|ssn)\b[\s.:]*)+", re.I
)
_DOC_LEAD_WORDS = re.compile(r"(?:[A-Za-z’']+\s+){1,8}(?=[A-Z]{0,3}\d)")
#: A document number: an optional capital prefix (`TR-`, `D `), letters glued to digits, and
#: digit groups after single spaces (`TR-P 614 166`).
_DOC_NUMBER = re.compile(r"\s*(?:[A-Z]{1,4}[ /-]){0,2}[A-Za-z]{0,5}\d[\dA-Za-z/.-]*(?: \d[\dA-Z/-]*)*")
_DOC_PAREN_AFTER = re.compile(r"[^(]{0,3}\([^()]*\)?")
_FISCAL_CODE = re.compile(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]")
#: Words in a document's text that say what kind of number it is, in the order they are tried.
_DOC_KINDS = (
    ("social security", "socialSecurityNumber"),
    ("ssn", "socialSecurityNumber"),
    ("identity card", "idNumber"),
    ("identification card", "idNumber"),
    ("identity number", "idNumber"),
    ("identification number", "idNumber"),
    ("id card", "idNumber"),
    ("civil id", "idNumber"),
    ("passport", "passportNumber"),
)


class UkHmtFormat:
    """The 2018 OFSI Consolidated List CSV (`sanctionsconlist.csv`)."""

    name = "uk_hmt"
    dataset = "gb_hmt"

    def dataset_for(self, path: Path) -> str:
        return self.dataset

    def detect(self, path: Path, head: bytes) -> bool:
        first_lines = head.decode("latin-1").lstrip("\xef\xbb\xbf").splitlines()[:2]
        return any(line.startswith("Name 6,Name 1,Name 2") and "Group ID" in line for line in first_lines)

    def companions(self, path: Path) -> tuple[Path, ...]:
        return ()

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        for group_id, rows in group_rows(source.path, lambda: _read(source.path, report)):
            report.rows += len(rows)
            report.records += 1
            yield _record(source.dataset, group_id, rows, report)


FORMAT = UkHmtFormat()


def _read(path: Path, report: ParseReport) -> Iterator[tuple[int, str, dict[str, str]]]:
    """`(line, Group ID, row)` for each data row, after checking the header."""
    rows = csv_rows(path, decoded_lines(path), ",")
    first = next(rows, None)
    if first is None:
        raise ParseError(path, "the file is empty", line=1)
    line, cells = first
    if cells[0].strip() == "Last Updated":
        published = _uk_date(cells[1] if len(cells) > 1 else "")
        if published is None:
            raise ParseError(path, f"unreadable list date {cells[1:2]}", line=line, field="Last Updated")
        report.published = published
        header_row = next(rows, None)
        if header_row is None:
            raise ParseError(path, "the header row is missing", line=line + 1)
        line, cells = header_row
    header = _check_header(path, line, cells)
    count = 0
    for line, cells in rows:
        if len(cells) < len(header):
            raise ParseError(
                path,
                f"the row has {len(cells)} columns, the header {len(header)}",
                line=line,
                field=header[len(cells)],
            )
        if any(cell.strip() for cell in cells[len(header) :]):
            raise ParseError(path, f"the row has {len(cells)} columns, the header {len(header)}", line=line)
        row = {name: " ".join(cells[i].split()) for i, name in enumerate(header)}
        if not row["Group ID"]:
            raise ParseError(path, "the row has no Group ID", line=line, field="Group ID")
        count += 1
        yield line, row["Group ID"], row
    if count == 0:
        raise ParseError(path, "the file has a header but no rows", line=line)


def _check_header(path: Path, line: int, cells: list[str]) -> list[str]:
    header = [cell.strip() for cell in cells]
    while header and not header[-1]:
        header.pop()
    check_columns(path, line, header, COLUMNS)
    return header


def _record(
    dataset: str, group_id: str, rows: list[tuple[int, dict[str, str]]], report: ParseReport
) -> Record:
    warnings = RecordWarnings(dataset, group_id, report)
    first = rows[0][1]
    subject = make_entity(_schema(warnings, first), record_entity_id(dataset, group_id))
    subject.add("topics", "sanction")
    #: Addresses and documents, by id: rows repeat them for every name.
    others: dict[str, EntityProxy] = {}
    regimes: dict[str, list[str]] = {}
    for _, row in rows:
        _add_names(warnings, subject, row)
        _add_birth_dates(warnings, subject, row["DOB"])
        address = _address(warnings, subject, row)
        if address is not None:
            collect(others, address)
        listed = parse_date(row["Listed On"])
        if row["Listed On"] and not listed:
            warnings.warn("unreadable Listed On", row["Listed On"])
        regimes.setdefault(row["Regime"], []).extend(listed)
    # A few groups repeat the listed name as an AKA row.
    for prop in ("alias", "previousName"):
        for repeated in set(subject.get(prop)) & set(subject.get("name")):
            subject.remove(prop, repeated)
    # The columns below hold one value per group: the first row has them.
    notes = first["Other Information"]
    subject.add("notes", notes or None)
    _add_person_details(warnings, subject, first)
    documents = [
        *_documents(warnings, subject, first["Passport Details"], "passportNumber", "Passport"),
        *_documents(warnings, subject, first["NI Number"], "idNumber", "National identification"),
    ]
    for document in documents:
        collect(others, document)
    entities = [subject, *others.values()]
    if subject.schema.is_a("Vessel"):
        _add_vessel_details(warnings, subject, notes)
    refs = un_references(notes, warnings)
    info = dataset_info(dataset)
    for regime, dates in regimes.items():
        sanction = make_sanction(
            subject,
            authority=info.publisher,
            program=regime or None,
            record_id=group_id,
            listing_date=min(dates) if dates else None,
        )
        sanction.add("unscId", refs)
        sanction.add("modifiedAt", parse_date(first["Last Updated"]))
        entities.append(sanction)
    return Record(dataset, group_id, entities, line=rows[0][0])


def _schema(warnings: RecordWarnings, row: dict[str, str]) -> str:
    group_type = row["Group Type"]
    schema = SCHEMAS.get(group_type)
    if schema is None:
        warnings.warn("unknown Group Type, loaded as LegalEntity:", group_type)
        return "LegalEntity"
    if schema == "Organization":
        imo = _IMO.search(row["Other Information"])
        if imo is not None and is_ship_imo(imo.group(1)):
            return "Vessel"
    return schema


def is_ship_imo(number: str) -> bool:
    """True if a seven-digit number passes the IMO ship-number check digit.

    The last digit is the sum of the first six weighted 7, 6, 5, 4, 3, 2,
    modulo 10; IMO company and owner numbers do not follow that rule.
    """
    if not re.fullmatch(r"\d{7}", number):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(number[6])


def _add_names(warnings: RecordWarnings, subject: EntityProxy, row: dict[str, str]) -> None:
    full = " ".join(" ".join(row[c] for c in NAME_COLUMNS).split())
    if not full:
        warnings.warn("a row has no name; Alias Type", row["Alias Type"])
        return
    prop = NAME_PROPS.get(row["Alias Type"])
    if prop is None:
        warnings.warn("unknown Alias Type, name kept as alias:", row["Alias Type"])
        prop = "alias"
    subject.add(prop, full)
    if not subject.schema.is_a("Person"):
        # "AEROSPACE INDUSTRIES ORGANISATION (AIO)", "ELECTRO SANAM COMPANY (E.S. CO ./ E.X.
        # CO.)": the name is kept as the list writes it; the name without its short forms is an
        # alias, as other lists give it, and each short form a weak alias (a word of a few
        # letters, "ROADS" as well as "AIO", is weak evidence on its own).
        # A former name's short forms are former too.
        found = short_forms(full)
        if found is not None:
            former = prop == "previousName"
            subject.add(prop if former else "alias", found[0])
            subject.add(prop if former else "weakAlias", list(found[1]))
    if prop == "name" and subject.schema.is_a("Person"):
        # Name parts only from the listed name: an alias's parts would mix names.
        subject.add("firstName", row["Name 1"] or None)
        subject.add("middleName", [row[c] for c in NAME_COLUMNS[1:5] if row[c]])
        subject.add("lastName", row["Name 6"] or None)
    if row["Title"] and subject.schema.get("title") is not None:
        for title in split_enumerated(row["Title"]):
            subject.add("title", [t.strip() for t in title.split("/") if t.strip()])


def _uk_date(text: str) -> str | None:
    """`dd/mm/yyyy` with `00` for an unknown day or month, as an ISO date prefix."""
    match = _UK_DATE.match(text.strip())
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    if month == 0:
        found = parse_date(str(year))
    elif day == 0:
        found = parse_date(f"{year:04d}-{month:02d}")
    else:
        found = parse_date(f"{year:04d}-{month:02d}-{day:02d}")
    return found[0] if found else None


def _add_birth_dates(warnings: RecordWarnings, subject: EntityProxy, text: str) -> None:
    if not text:
        return
    value = _uk_date(text)
    if value is None:
        warnings.warn("unreadable DOB", text)
    elif subject.schema.get("birthDate") is not None:
        subject.add("birthDate", value)


def _add_person_details(warnings: RecordWarnings, subject: EntityProxy, row: dict[str, str]) -> None:
    person = subject.schema.is_a("Person")
    for town in split_enumerated(row["Town of Birth"]):
        subject.add("birthPlace" if person else "notes", town)
    birth_countries = country_codes(row["Country of Birth"], warnings, "Country of Birth")
    subject.add("birthCountry" if person else "country", birth_countries)
    nationalities = country_codes(row["Nationality"], warnings, "Nationality")
    subject.add("nationality" if person else "country", nationalities)
    subject.add("position" if person else "notes", row["Position"] or None)


def _address(warnings: RecordWarnings, subject: EntityProxy, row: dict[str, str]) -> EntityProxy | None:
    codes = country_codes(row["Country"], warnings, "Country")
    subject.add("country", codes)
    lines = [row[c] for c in ADDRESS_COLUMNS if row[c]]
    if not lines and not row["Post/Zip Code"]:
        return None
    assert subject.id is not None
    full = ", ".join(part for part in (*lines, row["Post/Zip Code"], row["Country"]) if part)
    address = make_entity("Address", derived_id(subject.id, "address", full))
    address.add("full", full)
    address.add("postalCode", row["Post/Zip Code"] or None)
    address.add("country", codes)
    subject.add("address", full)
    subject.add("addressEntity", address.id)
    return address


def _add_vessel_details(warnings: RecordWarnings, subject: EntityProxy, notes: str) -> None:
    imo = _IMO.search(notes)
    if imo is not None:
        subject.add("imoNumber", f"IMO{imo.group(1)}")
    mmsi = _MMSI.search(notes)
    if mmsi is not None:
        subject.add("mmsi", mmsi.group(1))
    flag = _FLAG.search(notes)
    if flag is not None:
        subject.add("flag", country_codes(flag.group(1), warnings, "Flag State"))


def split_enumerated(text: str) -> list[str]:
    """The items of a cell written as `(1) A (2) B`, `a) A, b) B` or plain `A`."""
    items = (part.strip(_JUNK) for part in _ENUM.split(text))
    return [item for item in items if item and item.lower() not in {"to", "and"}]


def country_codes(text: str, warnings: RecordWarnings, field: str) -> list[str]:
    """ISO codes for every country named in a free-text cell; warns on an item naming none."""
    codes: list[str] = []
    for item in split_enumerated(text):
        found = _countries_in(item)
        if not found:
            warnings.warn(f"no country in {field}", item)
        codes.extend(code for code in found if code not in codes)
    return codes


def _countries_in(item: str) -> list[str]:
    plain = " ".join(_PARENS.sub(" ", item).split()).strip(_JUNK)
    whole = _country(plain)
    if whole is not None:
        return [whole]
    found = []
    for piece in _COUNTRY_PIECES.split(plain):
        piece = _TRAIL_QUALIFIER.sub("", _LEAD_QUALIFIER.sub("", piece.strip())).strip(_JUNK)
        code = _country(piece)
        if code is not None:
            found.append(code)
    return found


def _country(text: str) -> str | None:
    # Short lower-case words ("to", "no", "in") are also ISO codes: only
    # accept a code-length word when it is written in capitals (US, UAE, DRC).
    if len(text) <= 3 and not text.isupper():
        return None
    return clean_country(text)


def _documents(
    warnings: RecordWarnings, subject: EntityProxy, text: str, default: str, label: str
) -> list[EntityProxy]:
    """Passport / identification entities for the numbers `text` makes clear."""
    if not text:
        return []
    subject.add("notes", f"{label}: {text}")
    if subject.schema.is_a("Vessel"):
        return []
    assert subject.id is not None
    found: list[EntityProxy] = []
    items = [piece for item in split_enumerated(text) for piece in re.split(r"\s+and\s+(?=\d)", item)]
    for item in items:
        prop, number = document_number(item, default)
        if number is None:
            continue
        if subject.schema.get(prop) is None:
            prop = "idNumber"
        subject.add(prop, number)
        schema = "Passport" if prop == "passportNumber" else "Identification"
        document = make_entity(schema, derived_id(subject.id, schema, number))
        document.add("holder", subject.id)
        document.add("number", number)
        document.add("summary", item)
        countries = [c for c in (_country(m.strip(_JUNK)) for m in re.findall(r"\(([^()]*)\)", item)) if c]
        document.add("country", countries[:1])
        found.append(document)
    return found


def document_number(text: str, default: str) -> tuple[str, str | None]:
    """The FtM property and the number of one document item, e.g. `("passportNumber", "F654645")`.

    The number is the first token holding at least four digits found after a
    label (`Passport No:`, `number`), after a leading country or description
    (`Jordan 654781`, `Military 1-64-86-22311-29`), or at the start of the
    item. The kind of number comes from the words up to it and the
    parenthesis right after it (`04711809 (Tunisian National Identity Card…)`),
    else `default`. Italian fiscal codes (16 characters, often written with
    spaces) are read as tax numbers.
    """
    if "fiscal code" in text.lower():
        fiscal = _FISCAL_CODE.search(text.replace(" ", ""))
        return "taxNumber", fiscal.group(0) if fiscal else None
    paren = text.find("(") if "(" in text else len(text)
    labels = [m.end() for m in _DOC_LABEL.finditer(text)]
    lead = _DOC_LEAD_WORDS.match(text)
    starts = [end for end in labels if end <= paren] + [0]
    starts += [lead.end()] if lead is not None else []
    starts += [end for end in labels if end > paren]
    for start in starts:
        match = _DOC_NUMBER.match(text, start)
        if match is None:
            continue
        number = match.group(0).strip(_JUNK)
        # A spreadsheet wrote some numbers in scientific notation (`2.81083E+11`): digits are lost.
        scientific = text[match.end() : match.end() + 1] == "+"
        if sum(ch.isdigit() for ch in number) >= 4 and not scientific:
            after = _DOC_PAREN_AFTER.match(text, match.end())
            context = text[: after.end() if after else match.end()].lower()
            return next((prop for word, prop in _DOC_KINDS if word in context), default), number
    return default, None


def un_references(notes: str, warnings: RecordWarnings | None = None) -> list[str]:
    """The UN Security Council references cited in a listing's notes, normalised.

    New-style references become `KPi.067` (list code, lower-case i/e, three
    digits); old-style ones are kept with their dots (`QI.A.12.01`,
    `I.AC.50.20.12.12.(2)`), `Q.I.A.291.11` becoming `QI.A.291.11`.
    """
    refs: list[str] = []
    matches = list(_UN_REF.finditer(notes))
    leading = _LEADING_REF.match(notes)
    if leading is not None:
        matches.insert(0, leading)
    for match in matches:
        if match.group("list"):
            kind = match.group("kind").lower()
            ref = f"{match.group('list')}{'i' if kind == '1' else kind}.{int(match.group('num')):03d}"
        elif match.groupdict().get("old"):
            ref = re.sub(r"^([A-Z])\.([A-Z])\.", r"\1\2.", match.group("old"))
        else:
            if warnings is not None:
                warnings.warn("unreadable UN reference", match.group("bad"))
            continue
        if ref not in refs:
            refs.append(ref)
    return refs
