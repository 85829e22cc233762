"""The US Consolidated Screening List (CSL) CSV published by Trade.gov.

One CSV with a header row (often gzip-compressed as `consolidated.csv.gz`) that
merges thirteen lists of three departments: Treasury (SDN, SSI, FSE, PLC,
CAPTA, NS-MBS, CMIC), Commerce/BIS (Entity List, Denied Persons, Unverified,
Military End User) and State (ITAR debarred, nonproliferation). Each row is one
listing on one of those lists; the `source` column names the list.

Quirks this parser handles:

- `_id` is not unique. Treasury rows use the OFAC entity number as `_id`, so an
  entity on several Treasury lists (SDN + SSI + CAPTA) appears once per list
  under the same `_id`, and one CAPTA entity even appears twice. See
  `_assign_record_ids` for how such rows get distinct, stable record ids; each
  such row is reported. Only rows identical to an earlier one count as
  `duplicates` (and are dropped).
- Multi-valued cells (`programs`, `addresses`, `alt_names`, `dates_of_birth`,
  `nationalities`, `ids`, …) are separated by `;`. Cells may hold line breaks.
- `ids` items read `[country, ][expiry date, ][issue date, ]number, label`
  (when both dates are given the expiry comes first, as the OFAC remarks
  confirm; a single date cannot be told apart and is kept as the document's
  `date`). The same column also carries non-identifier facts in the same
  `value, label` shape: gender, websites, aircraft and vessel details, and
  sanction provisions ("Secondary sanctions risk:"). `_ID_LABELS` maps each
  label to an FtM property; labels it does not know go to `notes` and are
  reported once.
- Treasury remarks state links as "(Linked To: NAME; Linked To: NAME)". A link
  becomes an `UnknownLink` when NAME is the primary name of exactly one
  Treasury `_id` in the file; otherwise it stays in `notes` only. An aircraft's
  "Aircraft Operator" is resolved the same way into its `operator`.
- Values FtM cannot read (a phone number without its country code, a start
  date "0097-06-30") are reported and kept in `notes`.
- The file carries no publication date.

Where things go: the `source` list name is each Sanction's `authority`; the
OFAC entity number (`entity_number`, empty for Commerce and State rows) is each
Sanction's `authorityId`, so OFAC listings can be joined on it; the Federal
Register notice is the Sanction's `summary`; licence requirement and policy,
standard order and the provision items of `ids` are its `provisions`.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney import EntityProxy
from followthemoney.types import registry

from hisab.errors import ParseError
from hisab.sources.base import ParseReport, Record, Source, derived_id, make_entity, record_entity_id
from hisab.sources.values import clean_country, make_sanction, parse_date, split_values

DATASET = "us_trade_csl"
COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
#: Columns that together tell the CSL apart from other CSVs.
_DETECT_COLUMNS = frozenset({"_id", "source", "entity_number", "alt_names", "source_information_url", "ids"})
_SCHEMAS = {
    "Individual": "Person",
    "Entity": "Organization",
    "Vessel": "Vessel",
    "Aircraft": "Airplane",
    # Commerce and State rows have no type: they may be persons or companies.
    "": "LegalEntity",
}
#: The list whose rows keep the bare `_id` as record id (it is the OFAC entity number).
_PRIMARY_LIST = "SDN"
#: `ids` labels mapped to the subject property that takes the value. The value is
#: cleaned by the property's type (countries, dates); a property the subject's
#: schema lacks (a passport of a vessel) falls back to `notes`.
_ID_PROPS: dict[str, tuple[str, ...]] = {
    "passportNumber": (
        "Passport",
        "Diplomatic Passport",
        "Stateless Person Passport",
        "British National Overseas Passport",
    ),
    "idNumber": (
        "National ID No.",
        "Identification Number",
        "National Foreign ID Number",
        "Personal ID Card",
        "Cedula No.",
        "C.U.R.P.",
        "D.N.I.",
        "C.U.I.",
        "C.U.I.P.",
        "LE Number",
        "Electoral Registry No.",
        "Credencial electoral",
        "I.F.E.",
        "Residency Number",
        "Turkish Identification Number",
        "Citizen's Card Number",
        "Numero de Identidad",
        "Travel Document Number",
        "Kenyan ID No.",
        "Tazkira National ID Card",
        "Refugee ID Card",
        "Stateless Person ID Card",
        "Bosnian Personal ID No.",
        "Moroccan Personal ID No.",
        "UAE Identification",
        "CNP (Personal Numerical Code)",
        "Romanian Permanent Resident",
        "N.I.E.",
        "Birth Certificate Number",
        "Driver's License No.",
        "Cartilla de Servicio Militar Nacional",
        "VisaNumberID",
        "Immigration No.",
        "Public Security and Immigration No.",
        "Seafarer's Identification Document",
        "Pilot License Number",
        "SRE Permit No.",
    ),
    "socialSecurityNumber": ("SSN",),
    "taxNumber": (
        "Tax ID No.",
        "R.F.C.",
        "RFC",
        "NIT #",
        "RUC #",
        "RIF #",
        "C.U.I.T.",
        "C.I.F.",
        "US FEIN",
        "RTN",
        "RSIN",
        "Italian Fiscal Code",
        "Fiscal Code",
        "Romanian Tax Registration",
        "Paraguayan tax identification number",
        "Numero Unico de Identificacao Tributaria (NUIT)",
    ),
    "vatCode": ("V.A.T. Number",),
    "registrationNumber": (
        "Registration Number",
        "Registration ID",
        "Company Number",
        "UK Company Number",
        "Business Registration Number",
        "Business Registration Document #",
        "Business Number",
        "Commercial Registry Number",
        "Romanian C.R.",
        "C.R. No.",
        "Government Gazette Number",
        "Folio Mercantil No.",
        "Matricula Mercantil No",
        "Trade License No.",
        "Tourism License No.",
        "License",
        "Unified Social Credit Code (USCC)",
        "United Social Credit Code Certificate (USCCC)",
        "Enterprise Number",
        "Certificate of Incorporation Number",
        "Chamber of Commerce Number",
        "Istanbul Chamber of Comm. No.",
        "Dubai Chamber of Commerce Membership No.",
        "Public Registration Number",
        "Central Registration System Number",
        "Branch Unit Number",
        "Registered Charity No.",
        "File Number",
        "MSB Registration Number",
        "Afghan Money Service Provider License Number",
        "BIK (RU)",
        # Aircraft registration marks.
        "Aircraft Tail Number",
    ),
    "swiftBic": ("SWIFT/BIC",),
    "leiCode": ("Legal Entity Number",),
    "dunsCode": ("D-U-N-S Number",),
    "website": ("Website",),
    "email": ("Email Address",),
    "phone": ("Phone Number",),
    "gender": ("Gender",),
    "incorporationDate": ("Organization Established Date",),
    "sector": ("Organization Type:",),
    "classification": ("Target Type",),
    "country": ("Nationality of Registration", "Registration Country"),
    "imoNumber": ("Vessel Registration Identification",),
    "mmsi": ("MMSI",),
    "callSign": ("Other Vessel Call Sign",),
    # "Other" flags and types are alternatives to the current ones, not past ones.
    "flag": ("Other Vessel Flag",),
    "type": ("Other Vessel Type",),
    "pastFlags": ("Former Vessel Flag",),
    "model": ("Aircraft Model",),
    "buildDate": ("Aircraft Manufacture Date",),
    "serialNumber": (
        "Aircraft Manufacturer's Serial Number (MSN)",
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        "Aircraft Serial Identification",
    ),
    # The Mode S code is the aircraft's 24-bit ICAO address.
    "icaoCode": ("Aircraft Mode S Transponder Code",),
}
_ID_LABELS = {label: prop for prop, labels in _ID_PROPS.items() for label in labels}
#: Properties whose values are identity documents: each also becomes an
#: `Identification` (a `Passport` for passports) with its country and dates.
_DOCUMENT_PROPS = frozenset({"passportNumber", "idNumber", "socialSecurityNumber", "taxNumber"})
#: Labels of sanction terms written into `ids`: they become Sanction provisions.
_PROVISION_LABELS = frozenset(
    {
        "Additional Sanctions Information -",
        "Secondary sanctions risk:",
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
        "Executive Order 13662 Directive Determination -",
        "Executive Order 14024 Directive Information -",
        "Executive Order 14024 Directive Information",
        "Executive Order 13846 information:",
        "CAATSA Section 235 Information:",
        "IFCA Determination -",
        "PEESA Information:",
    }
)
#: Dated provisions: "Listing Date (CMIC)", "Effective Date (EO 14024 Directive 2):".
_PROVISION_DATE = re.compile(r"^(?:Listing|Effective|Purchase/Sales For Divestment) Date \(")
#: Known labels that fit no FtM property (a tail number no longer in use is not
#: the current registration).
_NOTE_LABELS = frozenset(
    {
        "Previous Aircraft Tail Number",
        "Chinese Commercial Code",
        "UN/LOCODE",
        "Equity Ticker",
        "MICEX Code",
        "Issuer Name",
        "Serial No.",
    }
)
_WALLET = re.compile(r"^Digital Currency Address - (\w+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_LIST_CODE = re.compile(r"\(([A-Z][A-Z-]*)")
_LINKED_TO = re.compile(r"\(\s*Linked To:", re.I)
_LINK_SEPARATOR = re.compile(r";\s*Linked To:", re.I)
_SPACES = re.compile(r"\s+")
_DATE_RANGE = re.compile(r"\s+to\s+", re.I)
#: Values that say there is none ("Former Vessel Flag: None Identified").
_NO_VALUE = frozenset({"none identified"})


def _clean(text: str | None) -> str:
    """Collapse the line breaks and runs of blanks some cells contain."""
    return _SPACES.sub(" ", text or "").strip()


def _list_code(source_name: str) -> str:
    """The short list code in a `source` value ("… (SDN) - Treasury Department" → SDN)."""
    found = _LIST_CODE.search(source_name)
    return found.group(1) if found else _clean(source_name)


def _name_key(name: str) -> str:
    return _clean(name).casefold()


def _lines(path: Path) -> Iterator[str]:
    """The file's lines as text, gunzipped when it is gzip (Trade.gov ships it either way).

    Lines are decoded one by one, not by a text wrapper reading ahead, so that a
    byte that is not UTF-8 is reported on its own line.
    """
    with open(path, "rb") as fh:
        magic = fh.read(2)
    opener = gzip.open if magic == b"\x1f\x8b" else open
    with opener(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ParseError(path, f"not UTF-8 text ({exc.reason})", line=number) from exc
            yield text.lstrip("\ufeff") if number == 1 else text


def _rows(path: Path, report: ParseReport | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row with the line it starts on; malformed input raises ParseError.

    Columns hisab does not know are reported to `report` (they are not read).
    """
    line = 0
    try:
        reader = csv.reader(_lines(path), strict=True)
        header = next(reader, None)
        if header is None:
            raise ParseError(path, "the file is empty")
        header = [h.strip() for h in header]
        for column in COLUMNS:
            if column not in header:
                raise ParseError(path, "missing column", line=1, field=column)
        unknown = [h for h in header if h not in COLUMNS]
        if unknown and report is not None:
            report.warn(f"{path.name}: columns not read: {', '.join(unknown)}")
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                return
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                # A short row names its first missing column; a long one has none to name.
                missing = len(cells) < len(header)
                raise ParseError(
                    path,
                    f"row has {len(cells)} fields, the header has {len(header)}",
                    line=line,
                    field=header[len(cells)] if missing else f"field {len(header) + 1} (no column)",
                )
            yield line, dict(zip(header, cells, strict=True))
    except (EOFError, OSError, zlib.error) as exc:
        raise ParseError(path, f"cannot read the file ({exc})", line=line or None) from exc
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV ({exc})", line=line or None) from exc


def _digest(row: dict[str, str]) -> str:
    return hashlib.sha1("\x1f".join(row[c] for c in COLUMNS).encode("utf-8")).hexdigest()


def _assign_record_ids(claims: dict[str, list[tuple[str, str]]]) -> dict[tuple[str, str], str]:
    """Record ids for rows whose `_id` repeats, keyed by (`_id`, row digest).

    The SDN row (else the row of the alphabetically first list) keeps the bare
    `_id`, which for Treasury rows is the OFAC entity number; every other row
    gets `<_id>-<list code>` (`18741-SSI`), and a second row of the same list
    also the start of its content hash. Neither the order of the rows nor edits
    to their content move an id (a content hash alone would turn every
    correction of a listing into a deletion and an addition); only a second row
    on the same list depends on content. Identical rows share one id and the
    later ones are dropped as duplicates.
    """
    assigned: dict[tuple[str, str], str] = {}
    for raw_id, rows in claims.items():
        distinct = sorted(set(rows), key=lambda r: (r[0] != _PRIMARY_LIST, r[0], r[1]))
        if len(distinct) == 1:
            continue
        taken: set[str] = set()
        for rank, (code, digest) in enumerate(distinct):
            candidate = raw_id if rank == 0 else f"{raw_id}-{code}"
            if candidate in taken:
                candidate = f"{raw_id}-{code}-{digest[:8]}"
            taken.add(candidate)
            assigned[(raw_id, digest)] = candidate
    return assigned


@dataclass
class _Index:
    """What the first pass learns: record ids of repeated rows, and Treasury names."""

    record_ids: dict[tuple[str, str], str]
    names: dict[str, set[str]]
    repeated: dict[str, list[str]]


def _index(path: Path) -> _Index:
    """The first pass over the file."""
    claims: dict[str, list[tuple[str, str]]] = {}
    names: dict[str, set[str]] = {}
    for _line, row in _rows(path):
        raw_id = row["_id"].strip()
        claims.setdefault(raw_id, []).append((_list_code(row["source"]), _digest(row)))
        # "Linked To:" is an OFAC remark naming another OFAC listing, so only
        # Treasury rows (those with an entity number) are link targets; this keeps
        # a same-named Commerce listing from making a link ambiguous.
        if row["entity_number"].strip() and row["name"].strip():
            names.setdefault(_name_key(row["name"]), set()).add(raw_id)
    repeated = {k: sorted({code for code, _ in v}) for k, v in claims.items() if len(v) > 1}
    return _Index(_assign_record_ids(claims), names, repeated)


@dataclass
class _Row:
    """One row being mapped, with what the record gathers on the way."""

    path: Path
    dataset: str
    line: int
    record_id: str
    data: dict[str, str]
    report: ParseReport
    subject: EntityProxy
    extra: dict[str, EntityProxy] = field(default_factory=dict)
    provisions: list[str] = field(default_factory=list)

    def keep(self, entity: EntityProxy) -> None:
        """Keep an entity of the record; the same one stated twice (an address
        written twice in the cell) is merged, as ids must be unique in a record."""
        assert entity.id is not None
        if entity.id in self.extra:
            self.extra[entity.id] = self.extra[entity.id].merge(entity)
        else:
            self.extra[entity.id] = entity

    def get(self, column: str) -> str:
        return _clean(self.data.get(column))

    def values(self, column: str) -> list[str]:
        return [_clean(v) for v in split_values(self.data.get(column))]

    def warn(self, message: str) -> None:
        self.report.warn(f"{self.path.name}: line {self.line}, record {self.record_id}: {message}")

    def note(self, label: str, value: str) -> None:
        self.subject.add("notes", f"{label}: {value}")

    def add(self, prop: str, value: str, label: str) -> None:
        """Add `value` to the subject, cleaned by the property's type; notes if the schema lacks it."""
        entity = self.subject
        if value.casefold() in _NO_VALUE:
            return
        if prop not in entity.schema.properties:
            self.note(label, value)
            return
        prop_type = entity.schema.properties[prop].type
        if prop_type == registry.phone and prop_type.clean(f"+{value}"):
            # Treasury writes international numbers without their leading "+".
            value = f"+{value}"
        if prop_type == registry.country:
            code = clean_country(value)
            if code is None:
                self.warn(f"unknown country {value!r} in {label!r}")
                self.note(label, value)
                return
            entity.add(prop, code)
        elif prop_type == registry.date:
            # "01 Jan 2015 to 31 Dec 2015": keep both ends.
            dates = parse_date(value) or [d for part in _DATE_RANGE.split(value) for d in parse_date(part)]
            if not dates:
                self.warn(f"unreadable date {value!r} in {label!r}")
                self.note(label, value)
                return
            entity.add(prop, dates)
        elif prop_type.clean(value) is None:
            # FtM would drop it without a word (a phone number it cannot parse).
            self.warn(f"unreadable {label!r} value {value!r}")
            self.note(label, value)
        else:
            entity.add(prop, value)


class UsCslFormat:
    """The US Trade.gov Consolidated Screening List CSV (plain or gzip)."""

    name = "us_csl"
    dataset = DATASET

    def dataset_for(self, path: Path) -> str:
        return self.dataset

    def detect(self, path: Path, head: bytes) -> bool:
        if head[:2] == b"\x1f\x8b":
            # A caller that did not gunzip the head: inflate what there is of it.
            try:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
            except zlib.error:
                return False
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        first = text.splitlines()[0] if text.strip() else ""
        columns = {c.strip() for c in next(csv.reader([first]), [])}
        return columns >= _DETECT_COLUMNS

    def companions(self, path: Path) -> tuple[Path, ...]:
        return ()

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        # A first, cheap pass finds the repeated `_id`s and the names links point
        # to; it keeps only ids, hashes and names, never the entities.
        index = _index(source.path)
        emitted: set[tuple[str, str]] = set()
        unresolved = 0
        unknown_labels: Counter[str] = Counter()
        for line, data in _rows(source.path, report):
            report.rows += 1
            raw_id = data["_id"].strip()
            if not raw_id:
                raise ParseError(source.path, "empty record id", line=line, field="_id")
            digest = _digest(data)
            record_id = index.record_ids.get((raw_id, digest), raw_id)
            if raw_id in index.repeated:
                if (raw_id, digest) in emitted:
                    report.duplicates += 1
                    report.warn(f"{source.path.name}: line {line}: repeats an earlier row of _id {raw_id}")
                    continue
                emitted.add((raw_id, digest))
                if record_id != raw_id:
                    lists = ", ".join(index.repeated[raw_id])
                    report.warn(
                        f"{source.path.name}: line {line}: _id {raw_id} repeats (lists {lists}); "
                        f"kept as record {record_id}"
                    )
            row = _map_row(source, line, record_id, data, report)
            unresolved += _add_links(row, index)
            unknown_labels.update(_add_ids(row, index))
            sanctions = _sanctions(row)
            report.records += 1
            yield Record(source.dataset, record_id, [row.subject, *sanctions, *row.extra.values()], line=line)
        if unresolved:
            report.warn(
                f"{source.path.name}: {unresolved} 'Linked To' names match no single listing; "
                "they stay in the notes"
            )
        if unknown_labels:
            labels = ", ".join(f"{label!r} ({n})" for label, n in sorted(unknown_labels.items()))
            report.warn(f"{source.path.name}: unknown id labels kept in notes: {labels}")


def _map_row(source: Source, line: int, record_id: str, data: dict[str, str], report: ParseReport) -> _Row:
    """The subject with its names, personal and vessel details, and addresses."""
    kind = _clean(data["type"])
    schema = _SCHEMAS.get(kind)
    if schema is None:
        report.warn(f"{source.path.name}: line {line}: unknown type {kind!r}, read as LegalEntity")
        schema = "LegalEntity"
    subject = make_entity(schema, record_entity_id(source.dataset, record_id))
    row = _Row(source.path, source.dataset, line, record_id, data, report, subject)
    name = row.get("name")
    subject.add("name", name)
    # Treasury writes persons as "SURNAME, Given Names".
    if schema == "Person" and name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        subject.add("lastName", last)
        subject.add("firstName", first)
    subject.add("alias", row.values("alt_names"))
    subject.add("topics", "sanction")
    subject.add("sourceUrl", row.get("source_information_url"))
    subject.add("notes", row.get("remarks"))
    if title := row.get("title"):
        row.add("position", title, "Title")
    for value in row.values("dates_of_birth"):
        row.add("birthDate", value, "Date of birth")
    for value in row.values("places_of_birth"):
        row.add("birthPlace", value, "Place of birth")
    for value in row.values("nationalities"):
        row.add("nationality", value, "Nationality")
    for value in row.values("citizenships"):
        row.add("citizenship", value, "Citizenship")
    for column, prop, label in (
        ("call_sign", "callSign", "Call sign"),
        ("vessel_type", "type", "Vessel type"),
        ("gross_tonnage", "tonnage", "Gross tonnage"),
        ("gross_registered_tonnage", "grossRegisteredTonnage", "Gross registered tonnage"),
    ):
        if value := row.get(column):
            row.add(prop, value, label)
    if flag := row.get("vessel_flag"):
        row.add("flag", flag, "Vessel flag")
    # The owner is a name, often an abbreviation ("NITC"), not a listing.
    if owner := row.get("vessel_owner"):
        row.note("Vessel owner", owner)
    for full in row.values("addresses"):
        _add_address(row, full)
    return row


def _add_address(row: _Row, full: str) -> None:
    """An Address entity; the last part names the country (an ISO code for Treasury rows)."""
    assert row.subject.id is not None
    address = make_entity("Address", derived_id(row.subject.id, "address", full))
    address.add("full", full)
    country = clean_country(full.rsplit(",", 1)[-1])
    address.add("country", country)
    row.subject.add("addressEntity", address)
    row.subject.add("address", full)
    if country and "country" in row.subject.schema.properties:
        row.subject.add("country", country)
    row.keep(address)


def _linked_names(remarks: str) -> list[str]:
    """The names in "(Linked To: A; Linked To: B (X))" remarks, inner parentheses kept."""
    found: list[str] = []
    for match in _LINKED_TO.finditer(remarks):
        depth, end = 1, match.end()
        while end < len(remarks) and depth:
            depth += {"(": 1, ")": -1}.get(remarks[end], 0)
            end += 1
        inner = remarks[match.end() : end - 1 if depth == 0 else end]
        found.extend(n.strip() for n in _LINK_SEPARATOR.split(inner) if n.strip())
    return found


def _add_links(row: _Row, index: _Index) -> int:
    """UnknownLinks for "Linked To" remarks; returns how many names could not be resolved."""
    assert row.subject.id is not None
    unresolved = 0
    own_id = row.data["_id"].strip()
    for name in _linked_names(row.data["remarks"]):
        targets = index.names.get(_name_key(name), set())
        if len(targets) != 1:
            unresolved += 1
            continue
        (target,) = targets
        if target == own_id:
            continue
        # The bare `_id` always names one record (see `_assign_record_ids`).
        target_id = record_entity_id(row.dataset, target)
        link = make_entity("UnknownLink", derived_id(row.subject.id, "linked", target_id))
        link.add("subject", row.subject)
        link.add("object", target_id)
        link.add("role", "Linked To")
        row.keep(link)
    return unresolved


def _add_ids(row: _Row, index: _Index) -> Counter[str]:
    """Map each `ids` item; returns the labels it did not know."""
    unknown: Counter[str] = Counter()
    for item in split_values(row.data["ids"]):
        parts = [p.strip() for p in _clean(item).split(", ")]
        label, rest = parts[-1], parts[:-1]
        value = ", ".join(rest)
        if not value:
            unknown[label] += 1
            row.note("Identifier", label)
            continue
        prop = _ID_LABELS.get(label)
        if label in _PROVISION_LABELS or _PROVISION_DATE.match(label):
            row.provisions.append(f"{label} {value}")
        elif wallet := _WALLET.match(label):
            _add_wallet(row, wallet.group(1), value)
        elif label == "ISIN":
            _add_security(row, value)
        elif label == "Aircraft Operator":
            _add_operator(row, index, value)
        elif label in _NOTE_LABELS:
            row.note(label, value)
        elif prop is None:
            unknown[label] += 1
            row.note(label, value)
        elif prop in _DOCUMENT_PROPS:
            _add_document(row, prop, label, rest)
        elif label == "Company Number" and value.upper().startswith("IMO"):
            # Ship-owning companies carry their IMO company number here.
            row.add("imoNumber", value, label)
        else:
            row.add(prop, value, label)
    return unknown


def _add_operator(row: _Row, index: _Index, name: str) -> None:
    """The airline operating a listed aircraft, when it is itself a Treasury listing."""
    targets = index.names.get(_name_key(name), set())
    if len(targets) == 1 and "operator" in row.subject.schema.properties:
        row.subject.add("operator", record_entity_id(row.dataset, next(iter(targets))))
    else:
        row.note("Aircraft Operator", name)


def _add_document(row: _Row, prop: str, label: str, parts: list[str]) -> None:
    """An identity document: `[country, ][expiry, ][issue, ]number`."""
    assert row.subject.id is not None
    parts = list(parts)
    country = parts.pop(0) if len(parts) > 1 and _COUNTRY_CODE.match(parts[0]) else None
    dates: list[str] = []
    while len(parts) > 1 and _ISO_DATE.match(parts[0]):
        dates.append(parts.pop(0))
    number = ", ".join(parts)
    if prop not in row.subject.schema.properties or not row.subject.schema.is_a("LegalEntity"):
        row.note(label, number)
        return
    row.add(prop, number, label)
    schema = "Passport" if prop == "passportNumber" else "Identification"
    doc = make_entity(schema, derived_id(row.subject.id, "identification", label, country or "", number))
    doc.add("holder", row.subject)
    doc.add("number", number)
    doc.add("type", label)
    doc.add("country", clean_country(country))
    if len(dates) == 2:
        doc.add("endDate", dates[0])
        doc.add("startDate", dates[1])
    else:
        doc.add("date", dates)
    row.keep(doc)


def _add_wallet(row: _Row, currency: str, address: str) -> None:
    assert row.subject.id is not None
    if not row.subject.schema.is_a("LegalEntity"):
        row.note(f"Digital Currency Address - {currency}", address)
        return
    wallet = make_entity("CryptoWallet", derived_id(row.subject.id, "wallet", currency, address))
    wallet.add("publicKey", address)
    wallet.add("currencySymbol", currency)
    wallet.add("holder", row.subject)
    row.keep(wallet)


def _add_security(row: _Row, isin: str) -> None:
    """A security the subject issued (CMIC listings name the companies' ISINs)."""
    assert row.subject.id is not None
    if not row.subject.schema.is_a("LegalEntity"):
        row.note("ISIN", isin)
        return
    security = make_entity("Security", derived_id(row.subject.id, "security", isin))
    security.add("isin", isin)
    security.add("issuer", row.subject)
    row.keep(security)


def _sanctions(row: _Row) -> list[EntityProxy]:
    """One Sanction per program (one without a program for Commerce and State lists)."""
    authority = row.get("source")
    provisions = [
        f"{label}: {value}"
        for label, value in (
            ("License requirement", row.get("license_requirement")),
            ("License policy", row.get("license_policy")),
            ("Standard order", row.get("standard_order")),
        )
        if value
    ]
    notice = row.get("federal_register_notice")
    end_dates = parse_date(row.get("end_date"))
    if row.get("end_date") and not end_dates:
        row.warn(f"unreadable end date {row.get('end_date')!r}")
    if row.get("start_date") and not parse_date(row.get("start_date")):
        row.warn(f"unreadable start date {row.get('start_date')!r}")
    sanctions: list[EntityProxy] = []
    programs: list[str | None] = [*row.values("programs")] or [None]
    for program in programs:
        sanction = make_sanction(
            row.subject,
            authority=authority,
            program=program,
            record_id=row.record_id,
            listing_date=row.get("start_date") or None,
            source_url=row.get("source_information_url") or None,
            country="us",
        )
        sanction.add("sourceUrl", row.get("source_list_url"))
        sanction.add("authorityId", row.get("entity_number"))
        sanction.add("endDate", end_dates)
        sanction.add("summary", f"Federal Register notice: {notice}" if notice else None)
        sanction.add("provisions", [*provisions, *row.provisions])
        sanctions.append(sanction)
    return sanctions


FORMAT = UsCslFormat()
