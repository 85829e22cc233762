"""OFAC's "Enhanced XML" lists: SDN_ENHANCED.XML and CONS_ENHANCED.XML, plain, zipped or gzipped.

One schema (namespace `…/exports/ENHANCED_XML`, root `<sanctionsData>`) serves the
SDN list and the Consolidated (non-SDN) list:

- `<publicationInfo>`: `<dataAsOf>` (the publication date) and the list(s) exported.
- `<referenceValues>`: every coded value (countries with ISO codes, scripts, programs,
  name-part, address-part, alias, relationship and document types), keyed by `refId`.
- `<featureTypes>`: the feature types (Birthdate, Gender, SWIFT/BIC, Vessel Flag, …)
  keyed by `featureTypeId`, each with a detail type (DATE, COUNTRY, LOOKUP, TEXT).
- `<entities>`: one `<entity id=…>` per listing. Its id is OFAC's `ent_num`/uid, the
  same number as in the legacy CSV and in OFAC's search site; it is the record id.
  An entity holds its list memberships (with `datePublished`), programs, sanction
  types, legal authorities, names (each with translations into scripts and name
  parts), addresses, features, identity documents and `<relationships>` to other
  entities (`<relatedEntity entityId=…>`).

Quirks and choices:

- Type names are read from the reference section (`refId` → value) and, failing
  that, from the element's own text; no OFAC id is hard-coded. Mappings to FtM
  (tables below) are keyed by those names.
- Dates are structured (`fromDateBegin` … `toDateEnd`): a span over a whole year
  is a year, over a whole month a month, a multi-year span becomes its years.
- Names: the primary name's primary translation is `name`; its other translations
  (Cyrillic, Chinese, …) are `alias`, kept in their script. A.K.A. → `alias`,
  F.K.A. → `previousName`, low-quality names → `weakAlias`.
- OFAC dates list memberships, not programs. A program's listing date is, in this
  order: a "Listing Date (…)" feature naming it (e.g. "(EO 14024 Directive 2)" for
  RUSSIA-EO14024); the date of the list that program is published on, learned from
  the file's single-program, single-list entities; the only list of the entity no
  other program claimed; else the earliest membership. The list named in
  `<publicationInfo>` ("Consolidated List") is an umbrella and is used last.
- A relationship is emitted inside the record of the entity that states it: OFAC
  publishes it inside that `<entity>`, so it changes and disappears with that listing.
  Its id is derived from the subject's id and OFAC's relationship id. A related entity
  that is not in the file is linked under the other OFAC dataset (SDN ↔ Consolidated
  share one id space), with a warning.
- "Owned or Controlled By" becomes an `Ownership` (owner = the related entity, asset =
  the stating entity: "BM BANK JSC … Owned or Controlled By VTB BANK"); OFAC does not
  tell ownership from control, so the role keeps its wording. "Owns, controls, or
  operates" is the same link the other way round. Family links are `Family`, leaders
  and principal executive officers `Directorship`, the rest (e.g. "Acting for or on
  behalf of") `UnknownLink`s with the type as role.
- Features without an FtM property (secondary-sanctions notes, directive dates, issuer
  names) are kept as `notes` ("Type: value"), as OFAC's legacy CSV keeps them in its
  remarks. Digital currency addresses become `CryptoWallet`s.
- An "Entity" is an `Organization`, or a `Company` when it holds company-only data
  (ticker, ISIN, BIK) or is the asset of an ownership link in the file.
- The file is read twice: a first pass learns the reference values, the entity ids
  and the program → list pattern, the second streams the records.
"""

from __future__ import annotations

import calendar
import gzip
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, cast
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from followthemoney import EntityProxy, model

from hisab.errors import ParseError
from hisab.sources.base import ParseReport, Record, Source, derived_id, make_entity, record_entity_id
from hisab.sources.datasets import DATASETS, DatasetInfo
from hisab.sources.values import MAX_RANGE_YEARS, clean_country, make_sanction, parse_date

ROOT = "sanctionsData"
NAMESPACE_MARK = b"ENHANCED_XML"
SDN = "us_ofac_sdn"
CONS = "us_ofac_cons"
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
#: How much of the file `dataset_for` reads to find the list name.
HEAD_SIZE = 65536

SCHEMAS = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}

#: Name-part type → Person property. Entity, vessel and aircraft names are whole names.
NAME_PARTS = {
    "last name": "lastName",
    "first name": "firstName",
    "middle name": "middleName",
    "maiden name": "lastName",
    "patronymic": "fatherName",
    "matronymic": "motherName",
}

#: Feature type → candidate properties, the first one the subject's schema has wins.
#: The property's FtM type says how the value is read (date, country, text).
#: Feature types not listed here are kept as `notes` ("Type: value").
FEATURES: dict[str, tuple[str, ...]] = {
    "birthdate": ("birthDate",),
    "place of birth": ("birthPlace",),
    "nationality country": ("nationality", "country"),
    "citizenship country": ("citizenship", "country"),
    "nationality of registration": ("jurisdiction", "country"),
    "gender": ("gender",),
    "title": ("position",),
    "swift/bic": ("swiftBic",),
    "website": ("website",),
    "email address": ("email",),
    "phone number": ("phone",),
    "bik (ru)": ("bikCode",),
    "d-u-n-s number": ("dunsCode",),
    "equity ticker": ("ticker",),
    "isin": ("isinCode",),
    "organization established date": ("incorporationDate",),
    "organization type": ("sector",),
    "target type": ("classification",),
    "vessel call sign": ("callSign",),
    "other vessel call sign": ("callSign",),
    "vessel type": ("type",),
    "other vessel type": ("type",),
    "vessel flag": ("flag",),
    "other vessel flag": ("flag",),
    "former vessel flag": ("pastFlags",),
    "vessel tonnage": ("tonnage",),
    "vessel gross registered tonnage": ("grossRegisteredTonnage",),
    "vessel year of build": ("buildDate",),
    "mmsi": ("mmsi",),
    "aircraft manufacturer's serial number (msn)": ("serialNumber",),
    "aircraft construction number (also called l/n or s/n or f/n)": ("serialNumber",),
    "aircraft model": ("model",),
    "aircraft manufacture date": ("buildDate",),
    "aircraft tail number": ("registrationNumber",),
    "previous aircraft tail number": ("registrationNumber",),
}
#: "Listing Date (CMIC)", "Listing Date (EO 14024 Directive 2):" — a program's own listing date.
LISTING_DATE = re.compile(r"^listing date \((.+?)\)\W*$", re.I)
CRYPTO_PREFIX = "digital currency address"

#: Identity document type → subject property; other types are `idNumber`. Document
#: types naming a passport are `passportNumber` and get a `Passport` entity.
# fmt: off
DOCUMENTS: dict[str, str] = {
    **dict.fromkeys((
        "tax id no.", "r.f.c.", "rfc", "ruc #", "c.i.f.", "c.u.i.t.", "italian fiscal code", "fiscal code",
        "n.i.f.", "nit #", "us fein", "rtn", "paraguayan tax identification number",
        "romanian tax registration", "numero unico de identificacao tributaria (nuit)",
    ), "taxNumber"),
    **dict.fromkeys((
        "registration id", "registration number", "business registration number",
        "business registration document #", "company number", "uk company number",
        "public registration number", "commercial registry number", "certificate of incorporation number",
        "c.r. no.", "romanian c.r.", "le number", "chamber of commerce number", "enterprise number",
        "business number", "istanbul chamber of comm. no.", "registered charity no.",
        "government gazette number", "matricula mercantil no", "folio mercantil no.",
        "registration certificate number (dubai)", "dubai chamber of commerce membership no.",
        "central registration system number", "economic register number (cbls)", "organization code",
        "russian state individual business registration number pattern (ogrnip)",
    ), "registrationNumber"),
    **dict.fromkeys((
        "license", "trade license no.", "tourism license no.", "msb registration number", "permit number",
        "sre permit no.", "pilot license number", "afghan money service provider license number",
    ), "licenseNumber"),
    "v.a.t. number": "vatCode",
    "ssn": "socialSecurityNumber",
    "legal entity number": "leiCode",
    "unified social credit code (uscc)": "uscCode",
    "united social credit code certificate (usccc)": "uscCode",
    "global intermediary identification number": "giiNumber",
    "vessel registration identification": "imoNumber",
    "mmsi": "mmsi",
    "aircraft serial identification": "serialNumber",
}
# fmt: on
#: Russian registers named as the issuing authority say what the number is.
AUTHORITY_CODES = {"ogrn": "ogrnCode", "inn": "innCode"}
#: Where an identifier goes when its own property is missing or rejects the value.
ID_FALLBACKS = ("idNumber", "registrationNumber")

#: Relationship type → (schema, property for the stating entity, property for the
#: related entity, property for the type's wording). Others are `UnknownLink`s.
RELATIONS: dict[str, tuple[str, str, str, str]] = {
    "owned or controlled by": ("Ownership", "asset", "owner", "role"),
    "owns, controls, or operates": ("Ownership", "owner", "asset", "role"),
    "family member of": ("Family", "person", "relative", "relationship"),
    "leader or official of": ("Directorship", "director", "organization", "role"),
    "principal executive officer": ("Directorship", "director", "organization", "role"),
}
UNKNOWN_LINK = ("UnknownLink", "subject", "object", "role")

ADDRESS_ORDER = ("address1", "address2", "address3", "city", "state/province", "postal code", "region")
ADDRESS_PARTS = {
    "address1": "street",
    "address2": "street2",
    "address3": "street2",
    "city": "city",
    "state/province": "state",
    "postal code": "postalCode",
    "region": "region",
}


def _schema_props(name: str) -> frozenset[str]:
    schema = model.get(name)
    assert schema is not None, name
    return frozenset(schema.properties)


#: Company-only properties: an OFAC "Entity" holding one of them is a Company.
COMPANY_ONLY = _schema_props("Company") - _schema_props("Organization")


def _key(name: str | None) -> str:
    """A type name as the tables spell it: lower case, no trailing ':' or '-', plain apostrophes."""
    return re.sub(r"[\s:\-]+$", "", (name or "").replace("’", "'")).strip().casefold()


def _text(elem: Element | None, path: str | None = None) -> str | None:
    node = elem if path is None or elem is None else elem.find(path)
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


@dataclass(frozen=True)
class _Ref:
    value: str
    iso: str | None


@dataclass
class _Index:
    """What the first pass learns about the file."""

    refs: dict[str, _Ref] = field(default_factory=dict)
    features: dict[str, str] = field(default_factory=dict)
    published: str | None = None
    #: The list(s) the file exports, named in `<publicationInfo>`: umbrellas, used last for listing dates.
    lists: list[str] = field(default_factory=list)
    entity_ids: set[str] = field(default_factory=set)
    #: Entities that another entity says it owns, controls or operates.
    assets: set[str] = field(default_factory=set)
    #: Program → the list it is published on, learned from single-program, single-list entities.
    program_lists: dict[str, str] = field(default_factory=dict)

    def name(self, elem: Element | None) -> str | None:
        """The reference value an element points to (`refId`), else the element's own text."""
        if elem is None:
            return None
        ref = self.refs.get(elem.get("refId") or "")
        return ref.value if ref is not None else _text(elem)

    def names(self, elem: Element, path: str) -> list[str]:
        """The distinct reference values of the elements at `path`, in file order."""
        return list(dict.fromkeys(n for n in (self.name(e) for e in elem.iterfind(path)) if n))

    def country(self, elem: Element | None = None, ref_id: str | None = None) -> str | None:
        """An ISO code for a country element or `valueRefId`, preferring the reference's ISO code."""
        ref = self.refs.get(ref_id or (elem.get("refId") if elem is not None else None) or "")
        if ref is None:
            return clean_country(_text(elem))
        return (clean_country(ref.iso) if ref.iso else None) or clean_country(ref.value)


class OfacEnhancedXml:
    """OFAC Enhanced XML (SDN_ENHANCED.XML, CONS_ENHANCED.XML), plain, zipped or gzipped."""

    name = "ofac_xml"
    dataset = SDN

    def dataset_for(self, path: Path) -> str:
        """`us_ofac_sdn` for the SDN list, `us_ofac_cons` for OFAC's other (non-SDN) lists.

        Read from the list names in `<publicationInfo>`; the file name decides when
        the head names none.
        """
        try:
            head = _read_head(path, HEAD_SIZE).decode("utf-8", errors="replace")
        except ParseError:
            head = ""
        info = re.search(r"<publicationInfo>(.*?)</publicationInfo>", head, re.S)
        names = re.findall(r"<sanctionsList\b[^>]*>([^<]+)</sanctionsList>", info.group(1)) if info else []
        if names:
            return SDN if any(n.strip().casefold() == "sdn list" for n in names) else CONS
        return CONS if "cons" in path.name.casefold() else SDN

    def detect(self, path: Path, head: bytes) -> bool:
        """The Enhanced XML root and namespace in the head, or in the only .xml file of a ZIP."""
        if head.startswith(ZIP_MAGIC):
            try:
                head = _read_head(path, 4096)
            except ParseError:
                return False
        return f"<{ROOT}".encode() in head and NAMESPACE_MARK in head

    def companions(self, path: Path) -> tuple[Path, ...]:
        return ()

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        index = _scan(source.path)
        report.published = index.published
        natural = self.dataset_for(source.path)
        context = _Context(source, index, report, DATASETS[natural], CONS if natural == SDN else SDN)
        seen: set[str] = set()
        for elem in _entities(source.path):
            report.rows += 1
            record = _Listing(context, elem, report.rows).record()
            if record.record_id in seen:
                report.duplicates += 1
                report.warn(f"entity {record.record_id} occurs more than once; kept the first")
                continue
            seen.add(record.record_id)
            report.records += 1
            yield record


@dataclass(frozen=True)
class _Context:
    """What every listing of one file is read with."""

    source: Source
    index: _Index
    report: ParseReport
    info: DatasetInfo
    #: The dataset of related entities that are not in this file (SDN ↔ Consolidated).
    other_dataset: str

    def url(self, record_id: str) -> str | None:
        return self.info.record_url.format(record_id=record_id) if self.info.record_url else None


class _Listing:
    """One `<entity>` element read into a `Record`."""

    def __init__(self, context: _Context, elem: Element, position: int) -> None:
        self.context = context
        self.index = context.index
        self.elem = elem
        self.record_id = (elem.get("id") or "").strip()
        self.where = f"entity[@id={self.record_id}]" if self.record_id else f"entity #{position}"
        if not self.record_id:
            raise ParseError(context.source.path, "entity without an id", element=self.where, field="id")
        self.subject = make_entity(self._schema(), record_entity_id(context.source.dataset, self.record_id))
        self.subject_id = self.subject.id or ""
        self.extra: list[EntityProxy] = []

    def warn(self, message: str) -> None:
        self.context.report.warn(f"entity {self.record_id}: {message}")

    def record(self) -> Record:
        subject, elem = self.subject, self.elem
        subject.add("topics", "sanction")
        subject.add("sourceUrl", self.context.url(self.record_id))
        subject.add("notes", [n for n in (_text(e) for e in elem.iterfind("generalInfo/remarks")) if n])
        self._names()
        self._addresses()
        listing_dates = self._features()
        self._documents()
        sanctions = self._sanctions(listing_dates)
        links = self._relationships()
        return Record(self.context.source.dataset, self.record_id, [subject, *sanctions, *self.extra, *links])

    def _schema(self) -> str:
        entity_type = self.index.name(self.elem.find("generalInfo/entityType"))
        schema = SCHEMAS.get(_key(entity_type))
        if schema is None:
            self.warn(f"unknown entity type {entity_type!r}; read as LegalEntity")
            return "LegalEntity"
        if schema == "Organization" and self._is_company():
            return "Company"
        return schema

    def _is_company(self) -> bool:
        if self.record_id in self.index.assets:
            return True
        for rel_type in self.index.names(self.elem, "relationships/relationship/type"):
            if RELATIONS.get(_key(rel_type), UNKNOWN_LINK)[1] == "asset":
                return True
        return any(
            prop in COMPANY_ONLY
            for feature in self.elem.iterfind("features/feature")
            for prop in FEATURES.get(_key(self._feature_type(feature)), ())
        )

    # -- names -------------------------------------------------------------

    def _names(self) -> None:
        names = self.elem.findall("names/name")
        primary = next((n for n in names if _text(n, "isPrimary") == "true"), names[0] if names else None)
        if primary is not None and _text(primary, "isPrimary") != "true":
            self.warn("no primary name; the first name is used")
        for name in names:
            weak = _text(name, "isLowQuality") == "true"
            if name is primary:
                prop = "name"
            elif weak:
                prop = "weakAlias"
            else:
                prop = (
                    "previousName" if _key(self.index.name(name.find("aliasType"))) == "f.k.a." else "alias"
                )
            translations = name.findall("translations/translation")
            main = next((t for t in translations if _text(t, "isPrimary") == "true"), None)
            for translation in translations:
                full = _text(translation, "formattedFullName") or " ".join(
                    v for v in (_text(p, "value") for p in translation.iterfind("nameParts/namePart")) if v
                )
                # FtM keeps one display name: the primary name's other scripts are aliases.
                is_main = translation is main or (main is None and translation is translations[0])
                self.subject.add(prop if prop != "name" or is_main else "alias", full or None)
                if not weak and self.subject.schema.is_a("Person"):
                    for part in translation.iterfind("nameParts/namePart"):
                        part_prop = NAME_PARTS.get(_key(self.index.name(part.find("type"))))
                        if part_prop is not None:
                            self.subject.add(part_prop, _text(part, "value"))
        if not self.subject.has("name"):
            raise ParseError(
                self.context.source.path, "entity without a name", element=self.where, field="names"
            )

    # -- addresses ---------------------------------------------------------

    def _addresses(self) -> None:
        for address in self.elem.iterfind("addresses/address"):
            country_elem = address.find("country")
            country, country_name = self.index.country(country_elem), self.index.name(country_elem)
            if country_name and country is None:
                self.warn(f"unknown address country {country_name!r}")
            self.subject.add("country", country)
            fulls: list[str] = []
            fields: list[tuple[str, str]] = []
            translations = address.findall("translations/translation")
            for translation in translations:
                parts: list[tuple[str, str]] = []
                for part in translation.iterfind("addressParts/addressPart"):
                    part_type, value = _key(self.index.name(part.find("type"))), _text(part, "value")
                    if value:
                        parts.append((part_type, value))
                        if part_type in ADDRESS_PARTS:
                            fields.append((ADDRESS_PARTS[part_type], value))
                parts.sort(
                    key=lambda p: ADDRESS_ORDER.index(p[0]) if p[0] in ADDRESS_ORDER else len(ADDRESS_ORDER)
                )
                # The country's name is in Latin script: only the first translation gets it.
                if parts and country_name and translation is translations[0]:
                    parts.append(("country", country_name))
                if parts:
                    fulls.append(", ".join(v for _, v in parts))
            if not fulls:
                continue  # a country alone is kept as the subject's country
            entity = make_entity(
                "Address", derived_id(self.subject_id, "address", address.get("id") or fulls[0])
            )
            entity.add("full", fulls)
            for prop, value in fields:
                entity.add(prop, value)
            entity.add("country", country)
            self.subject.add("addressEntity", entity.id)
            self.subject.add("address", fulls)
            self.extra.append(entity)

    # -- features ----------------------------------------------------------

    def _feature_type(self, feature: Element) -> str:
        type_elem = feature.find("type")
        if type_elem is None:
            return ""
        return self.index.features.get(type_elem.get("featureTypeId") or "") or _text(type_elem) or ""

    def _features(self) -> dict[str, list[str]]:
        """Add the features to the subject; returns "Listing Date (…)" qualifiers → dates."""
        listing_dates: dict[str, list[str]] = {}
        for feature in self.elem.iterfind("features/feature"):
            type_name = self._feature_type(feature)
            key, value = _key(type_name), _text(feature, "value")
            if match := LISTING_DATE.match(type_name.strip()):
                listing_dates.setdefault(match.group(1), []).extend(self._dates(feature, key))
            elif key.startswith(CRYPTO_PREFIX) and value:
                self._wallet(feature, type_name, value)
            elif not self._feature_value(feature, key, value) and value:
                comment = _text(feature, "comments")
                label = re.sub(r"[\s:\-]+$", "", type_name)
                self.subject.add("notes", f"{label}: {value}" + (f" ({comment})" if comment else ""))
        return listing_dates

    def _feature_value(self, feature: Element, key: str, value: str | None) -> bool:
        """Add a mapped feature; False if the subject's schema has none of its properties."""
        schema = self.subject.schema
        prop = next((schema.get(p) for p in FEATURES.get(key, ()) if schema.get(p) is not None), None)
        if prop is None:
            return False
        if prop.type.name == "date":
            self.subject.add(prop.name, self._dates(feature, key))
        elif prop.type.name == "country":
            code = self.index.country(ref_id=_text(feature, "valueRefId")) or clean_country(value)
            if code is None and value:
                self.warn(f"unknown country {value!r} in {key!r}")
            self.subject.add(prop.name, code)
        elif value and self.subject.unsafe_add(prop, value) is None:
            self.warn(f"{key!r} value {value!r} is not a valid {prop.name}; kept in notes")
            self.subject.add("notes", f"{key}: {value}")
        return True

    def _dates(self, feature: Element, key: str) -> list[str]:
        value_date, text = feature.find("valueDate"), _text(feature, "value")
        dates = (_period(value_date) if value_date is not None else []) or parse_date(text)
        if not dates and text:
            self.warn(f"unreadable date {text!r} in {key!r}")
        return dates

    def _wallet(self, feature: Element, type_name: str, value: str) -> None:
        if not self.subject.schema.is_a("LegalEntity"):
            self.subject.add("notes", f"{type_name}: {value}")
            return
        wallet = make_entity(
            "CryptoWallet", derived_id(self.subject_id, "wallet", feature.get("id") or value)
        )
        wallet.add("publicKey", value)
        wallet.add("currency", type_name.rsplit("-", 1)[-1].strip())
        wallet.add("holder", self.subject_id)
        self.extra.append(wallet)

    # -- identity documents ------------------------------------------------

    def _documents(self) -> None:
        for doc in self.elem.iterfind("identityDocuments/identityDocument"):
            number = _text(doc, "documentNumber")
            if number is None:
                continue
            doc_type = self.index.name(doc.find("type")) or ""
            authority, key = _text(doc, "issuingAuthority"), _key(doc_type)
            prop = AUTHORITY_CODES.get(_key(authority)) or (
                "passportNumber" if "passport" in key else DOCUMENTS.get(key, "idNumber")
            )
            self._identifier(prop, number, doc_type)
            # Identification.holder is a LegalEntity: a vessel's IMO number stays a property.
            if not self.subject.schema.is_a("LegalEntity"):
                continue
            schema = "Passport" if prop == "passportNumber" else "Identification"
            ident = make_entity(schema, derived_id(self.subject_id, "document", doc.get("id") or number))
            ident.add("holder", self.subject_id)
            ident.add("number", number)
            ident.add("type", doc_type)
            ident.add("country", self.index.country(doc.find("issuingCountry")))
            ident.add("authority", authority)
            location = _text(doc, "issuingLocation")
            ident.add("summary", f"Issued in {location}" if location else None)
            for tag, date_prop in (("issueDate", "startDate"), ("expirationDate", "endDate")):
                date_elem = doc.find(tag)
                ident.add(date_prop, _period(date_elem) if date_elem is not None else None)
            if _text(doc, "isValid") == "false":
                ident.add("description", "OFAC marks this document as not valid")
            self.extra.append(ident)

    def _identifier(self, prop_name: str, number: str, doc_type: str) -> None:
        """Add an identifier; a generic property takes it when the schema or the value does not fit."""
        for name in (prop_name, *ID_FALLBACKS):
            prop = self.subject.schema.get(name)
            if prop is not None and self.subject.unsafe_add(prop, number) is not None:
                if name != prop_name:
                    self.warn(f"{doc_type} {number!r} kept as {name}, not {prop_name}")
                return
        self.subject.add("notes", f"{doc_type}: {number}")

    # -- sanctions ---------------------------------------------------------

    def _sanctions(self, listing_dates: dict[str, list[str]]) -> list[EntityProxy]:
        memberships: dict[str, str] = {}
        for item in self.elem.iterfind("sanctionsLists/sanctionsList"):
            list_name, published = self.index.name(item), (item.get("datePublished") or "")[:10]
            if list_name and published and published < memberships.get(list_name, "9999"):
                memberships[list_name] = published
        programs = self.index.names(self.elem, "sanctionsPrograms/sanctionsProgram")
        published_on = self._program_lists(programs, memberships)
        types = self.index.names(self.elem, "sanctionsTypes/sanctionsType")
        laws = self.index.names(self.elem, "legalAuthorities/legalAuthority")
        sanctions = []
        each: list[str | None] = [*programs] or [None]
        for program in each:
            list_name = published_on.get(program or "")
            dates = _program_dates(program, listing_dates) if program else []
            dates = dates or ([memberships[list_name]] if list_name else sorted(memberships.values())[:1])
            sanction = make_sanction(
                self.subject,
                authority=self.context.info.publisher,
                program=program,
                record_id=self.record_id,
                listing_date=dates[0] if dates else None,
                source_url=self.context.url(self.record_id),
            )
            sanction.add("provisions", types)
            sanction.add("summary", [f"Legal authority: {law}" for law in laws])
            sanction.add("summary", f"Published on: {list_name}" if list_name else None)
            sanction.add("publisher", self.context.info.publisher)
            sanctions.append(sanction)
        return sanctions

    def _program_lists(self, programs: list[str], memberships: dict[str, str]) -> dict[str, str]:
        """The list each program is published on, when the file tells (see the module docstring)."""
        umbrella = [n for n in memberships if n in self.index.lists]
        specific = [n for n in memberships if n not in self.index.lists]
        known = self.index.program_lists
        found = {p: known[p] for p in programs if known.get(p) in specific}
        left = [n for n in specific if n not in found.values()]
        for program in programs:
            if program in found:
                continue
            if len(left) == 1:
                found[program] = left[0]
            elif not left and umbrella:
                found[program] = umbrella[0]
        return found

    # -- relationships -----------------------------------------------------

    def _relationships(self) -> list[EntityProxy]:
        links = []
        for rel in self.elem.iterfind("relationships/relationship"):
            rel_id = (rel.get("id") or "").strip()
            related = rel.find("relatedEntity")
            related_id = (related.get("entityId") or "").strip() if related is not None else ""
            rel_type = self.index.name(rel.find("type")) or ""
            missing = [
                f for f, v in (("id", rel_id), ("type", rel_type), ("relatedEntity", related_id)) if not v
            ]
            if missing:
                raise ParseError(
                    self.context.source.path,
                    "relationship without " + " or ".join(missing),
                    element=f"{self.where}/relationships/relationship",
                    field=missing[0],
                )
            dataset = self.context.source.dataset
            if related_id not in self.index.entity_ids:
                dataset = self.context.other_dataset
                self.warn(
                    f"relationship {rel_id} names entity {related_id}, which is not in this file;"
                    f" linked as {record_entity_id(dataset, related_id)}"
                )
            schema, own_prop, related_prop, role_prop = RELATIONS.get(_key(rel_type), UNKNOWN_LINK)
            link = make_entity(schema, derived_id(self.subject_id, "relationship", rel_id))
            link.add(own_prop, self.subject_id)
            link.add(related_prop, record_entity_id(dataset, related_id))
            link.add(role_prop, rel_type)
            link.add("namesMentioned", _text(related))
            quality = self.index.name(rel.find("quality"))
            link.add("description", f"Relationship quality: {quality}" if quality else None)
            link.add("recordId", rel_id)
            link.add("sourceUrl", self.context.url(self.record_id))
            link.add("publisher", self.context.info.publisher)
            links.append(link)
        return links


#: What names a program in a qualifier: an order number ("14024") or an acronym ("CMIC").
_PROGRAM_TOKEN = re.compile(r"\d{4,}|[A-Z]{3,}")


def _program_dates(program: str, listing_dates: dict[str, list[str]]) -> list[str]:
    """The earliest "Listing Date (…)" whose qualifier names `program`.

    Qualifiers name a program by its acronym ("CMIC") or executive order number
    ("EO 14024 Directive 2"); program names carry the same tokens ("CMIC-EO13959",
    "RUSSIA-EO14024").
    """
    tokens = set(_PROGRAM_TOKEN.findall(program))
    found = [d for q, ds in listing_dates.items() if tokens & set(_PROGRAM_TOKEN.findall(q)) for d in ds]
    return sorted(found)[:1]


def _iso_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def _period(value_date: Element) -> list[str]:
    """ISO date prefixes for an OFAC date structure (`fromDateBegin` … `toDateEnd`).

    A span of whole years gives its years (each year up to MAX_RANGE_YEARS apart,
    else the two ends), a span of one whole month the month, one day the day;
    other spans give their first and last day. `isApproximate` cannot be said in
    FtM; the span OFAC gives for it is kept.
    """
    start = _iso_day(_text(value_date, "fromDateBegin")) or _iso_day(_text(value_date, "fromDateEnd"))
    end = _iso_day(_text(value_date, "toDateEnd")) or _iso_day(_text(value_date, "toDateBegin")) or start
    if start is None or end is None:
        return []
    start, end = min(start, end), max(start, end)
    if start == end:
        return [start.isoformat()]
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        if end.year - start.year > MAX_RANGE_YEARS:
            return [str(start.year), str(end.year)]
        return [str(year) for year in range(start.year, end.year + 1)]
    last_day = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == last_day and (start.year, start.month) == (end.year, end.month):
        return [start.isoformat()[:7]]
    return [start.isoformat(), end.isoformat()]


# -- reading the file ------------------------------------------------------


@contextmanager
def _open_xml(path: Path) -> Iterator[tuple[IO[bytes], str]]:
    """The XML bytes of `path` (plain, gzip, or a ZIP holding one .xml file) and a label for errors."""
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
        if magic.startswith(ZIP_MAGIC):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if m.filename.casefold().endswith(".xml")]
                if len(members) != 1:
                    raise ParseError(path, f"the ZIP holds {len(members)} .xml files, not one", field="zip")
                with archive.open(members[0]) as member:
                    yield member, f"{path.name}!{members[0].filename}"
        elif magic.startswith(GZIP_MAGIC):
            with gzip.open(path, "rb") as gz:
                yield cast(IO[bytes], gz), path.name
        else:
            with open(path, "rb") as fh:
                yield fh, path.name
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ParseError(path, f"damaged archive: {exc}") from exc
    except OSError as exc:
        raise ParseError(path, f"cannot read the file: {exc}") from exc


def _read_head(path: Path, size: int) -> bytes:
    with _open_xml(path) as (stream, _):
        return stream.read(size)


def _events(path: Path) -> Iterator[tuple[str, Element, Element | None]]:
    """(event, element, parent) with namespaces stripped; XML errors become `ParseError`.

    defusedxml refuses entity declarations and external references, so an
    entity-expansion bomb stops at its DTD instead of expanding.
    """
    if not _read_head(path, 512).strip():
        raise ParseError(path, "the file is empty")
    stack: list[Element] = []
    with _open_xml(path) as (stream, label):
        try:
            for event, elem in iterparse(stream, events=("start", "end")):
                if event == "start":
                    elem.tag = elem.tag.rsplit("}", 1)[-1]
                    if not stack and elem.tag != ROOT:
                        raise ParseError(path, f"not OFAC Enhanced XML (root <{elem.tag}>)", element=elem.tag)
                    stack.append(elem)
                    yield event, elem, stack[-2] if len(stack) > 1 else None
                else:
                    stack.pop()
                    yield event, elem, stack[-1] if stack else None
        except XMLParseError as exc:
            line = exc.position[0] if exc.position else None
            raise ParseError(
                path, f"malformed XML in {label}: {exc}", line=line, element=_where(stack)
            ) from exc
        except DefusedXmlException as exc:
            raise ParseError(
                path,
                f"XML entity declarations and external references are refused: {exc!r}",
                element=_where(stack),
            ) from exc


def _where(stack: list[Element]) -> str | None:
    """The open elements, e.g. `sanctionsData/entities/entity[@id=9640]/names`."""
    return "/".join(f"{e.tag}[@id={e.get('id')}]" if e.get("id") else e.tag for e in stack) or None


def _scan(path: Path) -> _Index:
    """First pass: reference values, feature types, entity ids, the program → list pattern."""
    index = _Index()
    pairs: Counter[tuple[str, str]] = Counter()
    for event, elem, parent in _events(path):
        if event != "end":
            continue
        if elem.tag == "publicationInfo":
            as_of = _text(elem, "dataAsOf")
            index.published = as_of[:10] if as_of else None
            index.lists = [n for n in (_text(e) for e in elem.iter("sanctionsList")) if n]
        elif elem.tag == "referenceValue" and (ref_id := elem.get("refId")):
            index.refs[ref_id] = _Ref(_text(elem, "value") or "", _text(elem, "isoCode"))
        elif elem.tag == "featureType" and (type_id := elem.get("featureTypeId")):
            index.features[type_id] = _text(elem, "type") or ""
        elif elem.tag == "entity":
            _scan_entity(elem, index, pairs)
        else:
            continue
        if parent is not None:
            parent.remove(elem)
    # The most frequent list per program; ties go to the first list name in sort order.
    for (program, list_name), _count in sorted(pairs.items(), key=lambda item: (-item[1], item[0])):
        index.program_lists.setdefault(program, list_name)
    return index


def _scan_entity(elem: Element, index: _Index, pairs: Counter[tuple[str, str]]) -> None:
    index.entity_ids.add((elem.get("id") or "").strip())
    programs = index.names(elem, "sanctionsPrograms/sanctionsProgram")
    specific = [n for n in index.names(elem, "sanctionsLists/sanctionsList") if n not in index.lists]
    if len(programs) == 1 and len(specific) == 1:
        pairs[(programs[0], specific[0])] += 1
    for rel in elem.iterfind("relationships/relationship"):
        related = rel.find("relatedEntity")
        if (
            related is not None
            and RELATIONS.get(_key(index.name(rel.find("type"))), UNKNOWN_LINK)[2] == "asset"
        ):
            index.assets.add((related.get("entityId") or "").strip())


def _entities(path: Path) -> Iterator[Element]:
    """Second pass: each complete `<entity>`, dropped from the tree once read."""
    for event, elem, parent in _events(path):
        if event != "end" or parent is None:
            continue
        if elem.tag == "entity" and parent.tag == "entities":
            yield elem
            parent.remove(elem)
        elif elem.tag in ("publicationInfo", "referenceValues", "featureTypes"):
            parent.remove(elem)


FORMAT = OfacEnhancedXml()
