"""UN Security Council Consolidated List, XML (schema `sc-sanctions.xsd`).

One `CONSOLIDATED_LIST` root (its `dateGenerated` attribute is the publication
time) holding `INDIVIDUALS/INDIVIDUAL` (→ Person) and `ENTITIES/ENTITY`
(→ Organization). The record id is `REFERENCE_NUMBER` (`IRi.039`: committee
prefix, `i`ndividual or `e`ntity, serial). Everything else is optional, and
the file carries empty placeholder elements (`<INDIVIDUAL_ALIAS><QUALITY/>
<ALIAS_NAME/></INDIVIDUAL_ALIAS>`) for most records.

Quirks handled here:

- Text is hard-wrapped: names, designations and even Arabic-script names
  contain newlines and runs of blanks, so every value is whitespace-collapsed.
  Some reference numbers carry trailing blanks (`KPe.023 `).
- One `ALIAS_NAME` may hold several aliases separated by ";", sometimes as
  `original-script name (alias; alias; …)` or `Latin name (original script)`;
  `split_aliases` takes those apart. The alias `QUALITY` says how strong it is:
  "Good"/"a.k.a." → `alias`, "Low" → `weakAlias`, "f.k.a." → `previousName`.
- Name parts (`FIRST_NAME` … `FOURTH_NAME`) are positional, not typed: the
  first is kept as `firstName`, the last of the others as `lastName`, those in
  between as `middleName`. "na" stands for "not available" in a few fields.
- Birth dates come as an exact `DATE`, a `YEAR`, a `FROM_YEAR`/`TO_YEAR` range
  or only a free-text `NOTE` ("Nov. 1973", "24/06/1402 (Hijri Calendar)");
  approximate dates keep the year given. Dates that cannot be read are
  reported, and Hijri dates are never read as Gregorian ones.
- Document numbers are free text ("Diplomatic Passport: Z30321794") and are
  kept as written; a document listed without a `NUMBER` (its number is in the
  `NOTE`) cannot be an FtM Identification, so its note goes to `notes`.
- Iran-programme records were renumbered in 2014; `COMMENTS1` keeps the old
  number ("[Old Reference # I.03.I.10]"), which older lists such as the UK's
  2018 file still cite. The Sanction's `unscId` holds the current reference
  first and then every old one, so a store lookup of `unscId = "I.03.I.10"`
  finds the listing; `old_references` reads them from any text.
- Comments and designations cite other listings by reference ("operating
  under … Soleimani (designated under IRi.039)"); each cited listing present
  in the same file becomes an `UnknownLink` from the citing subject. Finding
  out which references exist takes a cheap first pass over the file.

The XML is read with `defusedxml` (no DTD, so no entity expansion and no
external entities) and streamed: each record element is dropped from the tree
once its entities are built.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import iterparse as defused_iterparse
from followthemoney import EntityProxy

from hisab.errors import ParseError
from hisab.sources.base import ParseReport, Record, Source, derived_id, make_entity, record_entity_id
from hisab.sources.datasets import dataset_info
from hisab.sources.values import add_country, clean_country, make_sanction, parse_date

ROOT = "CONSOLIDATED_LIST"
#: Where the UN publishes the list; the `sourceUrl` of every Sanction.
SOURCE_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
_SCHEMAS = {"INDIVIDUAL": "Person", "ENTITY": "Organization"}
#: Record elements sit at depth 3: CONSOLIDATED_LIST / INDIVIDUALS / INDIVIDUAL.
_RECORD_DEPTH = 3
_ALIAS_PROPS = {"good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
#: "na" is the UN's "not available" (a FOURTH_NAME, a NATIONALITY), not Namibia.
_NOT_AVAILABLE = {"na", "n/a"}
_OLD_REFERENCE = re.compile(r"Old\s+Reference\s*#\s*([A-Z]{1,2}(?:\.[A-Za-z0-9()]+)+)", re.I)
_UN_REFERENCE = re.compile(r"\b[A-Z]{2}[ie]\.\d{3}\b")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PASSPORT = re.compile(r"pass(?:port|eport)|pasaporte", re.I)
_SCRIPT_NOTE = re.compile(r"\(\s*original script\s*\)|original script\s*:\s*", re.I)
#: A list enumeration left inside an alias ("Mohammad Sabet b) M. Javad Kareemi Sabet").
_ENUMERATION = re.compile(r"\s+[b-h]\)\s+")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(\[])")
_HEAD_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_HEAD_SKIP = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S)


def old_references(text: str | None) -> list[str]:
    """The pre-2014 UN references (`I.03.I.10`) cited as "Old Reference #" in `text`."""
    return _OLD_REFERENCE.findall(text or "")


def split_aliases(text: str | None) -> list[str]:
    """The names in one `ALIAS_NAME`: split on ";" and out of "name (alias; …)" groups.

    A parenthesised tail is taken apart only when it holds a list or a name in
    another script ("Jin Tiesan (金铁三)"); an abbreviation or a remark
    ("Al-Qaida in Yemen (AQY)") stays part of the name, as the UN wrote it.
    """
    cleaned = _ENUMERATION.sub("; ", _SCRIPT_NOTE.sub("", _collapse(text) or ""))
    names: list[str] = []
    for part in _split_outside_brackets(cleaned):
        for name in _unwrap(part):
            if name not in names:
                names.append(name)
    return names


def _split_outside_brackets(text: str) -> list[str]:
    parts, depth, start, balanced = [], 0, 0, True
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        balanced = balanced and depth >= 0
        if char == ";" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    if depth != 0 or not balanced:  # the brackets cannot be trusted
        parts = text.split(";")
    return [p.strip(" ,") for p in parts if p.strip(" ,")]


def _unwrap(part: str) -> list[str]:
    part = part.strip(' ,"“”')
    if part.startswith(")"):  # a stray bracket left from an edit (") Abdelrahman …")
        part = part.lstrip(") ")
    if part.endswith(")"):
        depth = 0
        for i in range(len(part) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(part[i], 0)
            if depth == 0:
                break
        head, inner = part[:i].strip(" ,"), part[i + 1 : -1].strip()
        inner_parts = _split_outside_brackets(inner)
        if inner and (not head or len(inner_parts) > 1 or _is_latin(head) != _is_latin(inner)):
            return [*_unwrap(head), *(name for p in inner_parts for name in _unwrap(p))]
    if ";" in part:  # a list inside brackets that are not at the end: "x (a; b) y"
        return [name for p in part.split(";") for name in _unwrap(p)]
    return [part] if any(c.isalnum() for c in part) else []


def _refer(entity: EntityProxy, prop: str, entity_id: str | None) -> None:
    """Set an entity-reference property (a Sanction's `entity`, a link's `object`).

    FtM only accepts ids made of letters, digits, "." and "-", so it silently
    drops references to `record_entity_id` ids such as `un_sc-IRi.039` (the
    dataset name has an underscore). The ids are stable and already clean, so
    they are added as such.
    """
    entity.add(prop, entity_id, cleaned=True)


def _is_latin(text: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in text if c.isalpha())


def _collapse(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(text.split()) or None


def _text(node: ET.Element, path: str) -> str | None:
    return _collapse(node.findtext(path))


def _values(node: ET.Element, path: str) -> list[str]:
    return [v for v in (_collapse(e.text) for e in node.findall(path)) if v]


def _date(text: str | None) -> list[str]:
    """An ISO date, also when the UN appends a time zone (`2005-11-01-05:00`)."""
    if text and (m := _ISO_DATE.match(text.strip())):
        return parse_date(m.group(0))
    return parse_date(text)


class _Tracker(ET.TreeBuilder):
    """A TreeBuilder that also knows where expat is while it reads.

    iterparse hands out events a chunk (16 kB) late, so the line of each record
    and the element open at a syntax error come from here, where expat calls in
    at each tag.
    """

    def __init__(self) -> None:
        super().__init__()
        self.expat: Any = None
        self.path: list[str] = []
        self.reference: str | None = None
        self.lines: dict[ET.Element, int] = {}
        self.elements = 0

    def start(self, tag: Any, attrs: dict[Any, Any], /) -> ET.Element:
        elem = super().start(tag, attrs)
        self.elements += 1
        self.path.append(tag)
        if len(self.path) == _RECORD_DEPTH and tag in _SCHEMAS:
            self.reference = None
            self.lines[elem] = self.expat.CurrentLineNumber
        return elem

    def end(self, tag: str, /) -> ET.Element:
        elem = super().end(tag)
        self.path.pop()
        if tag == "REFERENCE_NUMBER" and len(self.path) == _RECORD_DEPTH:
            self.reference = _collapse(elem.text)
        return elem

    def where(self) -> str | None:
        parts = list(self.path)
        if self.reference and len(parts) >= _RECORD_DEPTH:
            parts[_RECORD_DEPTH - 1] += f"[{self.reference}]"
        return "/".join(parts) or None


def _records(path: Path, on_root: Callable[[ET.Element], None]) -> Iterator[tuple[ET.Element, int | None]]:
    """Each record element of the file with its line, dropped from the tree after use."""
    tracker = _Tracker()
    parser = DefusedXMLParser(target=tracker, forbid_dtd=True)
    tracker.expat = parser.parser
    events = defused_iterparse(str(path), events=("start", "end"), parser=parser)
    depth = 0
    container: ET.Element | None = None
    try:
        for event, elem in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    if elem.tag != ROOT:
                        raise ParseError(
                            path, f"not a UN consolidated list (root element is not {ROOT})", element=elem.tag
                        )
                    on_root(elem)
                elif depth == 2:
                    container = elem
                continue
            depth -= 1
            if depth == _RECORD_DEPTH - 1 and elem.tag in _SCHEMAS:
                yield elem, tracker.lines.pop(elem, None)
                if container is not None:
                    container.remove(elem)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        if tracker.elements == 0:
            raise ParseError(path, f"the file is empty or holds no XML element ({exc})", line=line) from exc
        raise ParseError(path, f"malformed XML: {exc}", line=line, element=tracker.where()) from exc
    except DefusedXmlException as exc:
        raise ParseError(
            path,
            f"refused XML construct ({type(exc).__name__}): a DOCTYPE, entity or external reference",
            line=parser.parser.CurrentLineNumber,
            element=tracker.where(),
        ) from exc
    except (OSError, LookupError, ValueError) as exc:
        raise ParseError(path, f"cannot read the file: {exc}", element=tracker.where()) from exc


class UnXmlFormat:
    """The UN SC consolidated list in its XML format."""

    name = "un_xml"
    dataset = "un_sc"

    def dataset_for(self, path: Path) -> str:
        return self.dataset

    def detect(self, path: Path, head: bytes) -> bool:
        match = _HEAD_ELEMENT.search(_HEAD_SKIP.sub(b"", head))
        return match is not None and match.group(1) == ROOT.encode()

    def companions(self, path: Path) -> tuple[Path, ...]:
        return ()

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        known = self._references(source.path)

        def on_root(root: ET.Element) -> None:
            published = _date(root.get("dateGenerated"))
            report.published = published[0] if published else None

        seen: set[str] = set()
        for elem, line in _records(source.path, on_root):
            report.rows += 1
            record = _Listing(source, elem, line, report).record(known)
            if record.record_id in seen:
                report.duplicates += 1
                report.warn(f"{record.record_id}: listed twice; the first listing is kept")
                continue
            seen.add(record.record_id)
            report.records += 1
            yield record

    def _references(self, path: Path) -> set[str]:
        """First pass: the reference numbers in the file, so citations can become links."""
        found: set[str] = set()
        for elem, _ in _records(path, lambda root: None):
            ref = _text(elem, "REFERENCE_NUMBER")
            if ref:
                found.add(ref)
        return found


class _Listing:
    """Builds the entities of one INDIVIDUAL or ENTITY element."""

    def __init__(self, source: Source, elem: ET.Element, line: int | None, report: ParseReport) -> None:
        self.source = source
        self.elem = elem
        self.line = line
        self.report = report
        self.ref = _text(elem, "REFERENCE_NUMBER") or ""
        if not self.ref:
            raise self.error("the record has no reference number", "REFERENCE_NUMBER")
        self.subject = make_entity(_SCHEMAS[elem.tag], record_entity_id(source.dataset, self.ref))
        #: Addresses, documents and links by id: a repeated one is merged, not doubled.
        self.extra: dict[str, EntityProxy] = {}

    def error(self, message: str, field: str) -> ParseError:
        label = self.ref or f"DATAID {_text(self.elem, 'DATAID')}"
        element = f"{self.elem.tag}[{label}]"
        return ParseError(self.source.path, message, line=self.line, element=element, field=field)

    def warn(self, message: str) -> None:
        self.report.warn(f"{self.ref}: {message}")

    def country(self, entity: EntityProxy, prop: str, text: str | None, field: str) -> None:
        if text and text.lower() not in _NOT_AVAILABLE and not add_country(entity, prop, text):
            self.warn(f"unknown country {text!r} in {field}")

    def add_extra(self, entity: EntityProxy) -> None:
        assert entity.id is not None
        if entity.id in self.extra:
            self.extra[entity.id].merge(entity)
        else:
            self.extra[entity.id] = entity

    def record(self, known: set[str]) -> Record:
        node, subject = self.elem, self.subject
        subject.add("topics", "sanction")
        if node.tag == "INDIVIDUAL":
            self.person_names()
            self.person_details()
        else:
            for name in split_aliases(_text(node, "FIRST_NAME")):
                subject.add("name", name)
        if not subject.has("name"):
            raise self.error("the record has no name", "FIRST_NAME")
        subject.add("alias", _text(node, "NAME_ORIGINAL_SCRIPT"))
        self.aliases(f"{node.tag}_ALIAS")
        for address in node.findall(f"{node.tag}_ADDRESS"):
            self.address(address)
        comments = _text(node, "COMMENTS1")
        subject.add("notes", comments)
        updated = [d for v in _values(node, "LAST_DAY_UPDATED/VALUE") for d in _date(v)]
        subject.add("modifiedAt", updated)

        sanction = make_sanction(
            subject,
            authority=dataset_info(UnXmlFormat.dataset).publisher,
            program=_text(node, "UN_LIST_TYPE"),
            record_id=self.ref,
            source_url=SOURCE_URL,
        )
        listed = _date(_text(node, "LISTED_ON"))
        _refer(sanction, "entity", subject.id)
        sanction.add("listingDate", listed)
        sanction.add("startDate", listed)
        sanction.add("modifiedAt", updated)
        sanction.add("unscId", [self.ref, *old_references(comments)])
        self.links(known, [comments or "", *_values(node, "DESIGNATION/VALUE")])
        return Record(
            self.source.dataset, self.ref, [subject, sanction, *self.extra.values()], line=self.line
        )

    def person_names(self) -> None:
        fields = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        parts = [p for p in (_text(self.elem, f) for f in fields) if p and p.lower() not in _NOT_AVAILABLE]
        if not parts:
            return
        self.subject.add("name", " ".join(parts))
        self.subject.add("firstName", parts[0])
        if len(parts) > 1:
            self.subject.add("middleName", parts[1:-1])
            self.subject.add("lastName", parts[-1])

    def person_details(self) -> None:
        node, subject = self.elem, self.subject
        subject.add("title", _values(node, "TITLE/VALUE"))
        subject.add("position", _values(node, "DESIGNATION/VALUE"))
        for nationality in _values(node, "NATIONALITY/VALUE"):
            self.country(subject, "nationality", nationality, "NATIONALITY")
        gender = _text(node, "GENDER")
        if gender and gender.lower() in ("male", "female"):
            subject.add("gender", gender.lower())
        elif gender:
            self.warn(f"unknown GENDER {gender!r}")
        for dob in node.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            self.birth_date(dob)
        for pob in node.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
            self.birth_place(pob)
        for document in node.findall("INDIVIDUAL_DOCUMENT"):
            self.document(document)

    def birth_date(self, dob: ET.Element) -> None:
        date, year, note = _text(dob, "DATE"), _text(dob, "YEAR"), _text(dob, "NOTE")
        span = [y for y in (_text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")) if y]
        if date:
            found = _date(date)
        elif year:
            # A NOTE beside a YEAR may add the month ("Sep.") or say "Approximately".
            found = (parse_date(f"{note} {year}") if note else []) or parse_date(year)
        elif span:
            found = parse_date(" to ".join(span))
        elif note and "hijri" not in note.lower():
            found = parse_date(note)
            if not found and len(years := _YEAR.findall(note)) == 1:
                # "Between Aug. and Sep. 1977": the year is still worth screening on.
                found = parse_date(years[0])
                self.warn(f"birth date {note!r} read as the year {years[0]}")
        elif note:
            found = []
        else:
            return
        if not found:
            self.warn(f"unreadable birth date {date or year or ' to '.join(span) or note!r}")
        self.subject.add("birthDate", found)

    def birth_place(self, node: ET.Element) -> None:
        parts = [_text(node, f) for f in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        place = ", ".join(p for p in parts if p)
        note = _text(node, "NOTE")
        if note:
            place = f"{place} ({note})" if place else note
        self.subject.add("birthPlace", place or None)
        self.country(self.subject, "birthCountry", parts[3], "INDIVIDUAL_PLACE_OF_BIRTH/COUNTRY")

    def aliases(self, tag: str) -> None:
        for alias in self.elem.findall(tag):
            names = split_aliases(_text(alias, "ALIAS_NAME"))
            if not names:
                continue
            quality = (_text(alias, "QUALITY") or "").lower()
            prop = _ALIAS_PROPS.get(quality)
            if prop is None:
                prop = "alias"
                if quality:
                    self.warn(f"unknown alias QUALITY {quality!r}, kept as a strong alias")
            self.subject.add(prop, names)
            # An alias identity may come with its own birth date and place.
            for dob in _values(alias, "DATE_OF_BIRTH"):
                found = _date(dob)
                if not found:
                    self.warn(f"unreadable alias birth date {dob!r}")
                self.subject.add("birthDate", found)
            city, country = _text(alias, "CITY_OF_BIRTH"), _text(alias, "COUNTRY_OF_BIRTH")
            if city or country:
                self.subject.add("birthPlace", ", ".join(p for p in (city, country) if p))
                self.country(self.subject, "birthCountry", country, f"{tag}/COUNTRY_OF_BIRTH")

    def address(self, node: ET.Element) -> None:
        street, city = _text(node, "STREET"), _text(node, "CITY")
        region, postcode = _text(node, "STATE_PROVINCE"), _text(node, "ZIP_CODE")
        country = _text(node, "COUNTRY")
        if postcode and not any(c.isdigit() for c in postcode):
            # A place name typed into the ZIP_CODE field ("Chaman, Baluchistan Province").
            region = f"{region}, {postcode}" if region else postcode
            postcode = None
        full = ", ".join(p for p in (street, city, region, postcode, country) if p)
        if not full:
            return
        assert self.subject.id is not None
        address = make_entity("Address", derived_id(self.subject.id, "address", full))
        address.add("full", full)
        address.add("street", street)
        address.add("city", city)
        address.add("region", region)
        address.add("postalCode", postcode)
        address.add("remarks", _text(node, "NOTE"))
        self.country(address, "country", country, f"{node.tag}/COUNTRY")
        self.subject.add("address", full)
        _refer(self.subject, "addressEntity", address.id)
        self.subject.add("country", address.get("country"))
        self.add_extra(address)

    def document(self, node: ET.Element) -> None:
        kind, detail = _text(node, "TYPE_OF_DOCUMENT"), _text(node, "TYPE_OF_DOCUMENT2")
        number, note = _text(node, "NUMBER"), _text(node, "NOTE")
        if not number:
            if note:  # the number, if any, is inside the note
                self.subject.add("notes", f"{detail or kind or 'Document'}: {note}")
            return
        passport = bool(_PASSPORT.search(f"{kind} {detail}"))
        self.subject.add("passportNumber" if passport else "idNumber", number)
        countries = [c for c in (_text(node, "COUNTRY_OF_ISSUE"), _text(node, "ISSUING_COUNTRY")) if c]
        codes = sorted({c for c in (clean_country(c) for c in countries) if c})
        assert self.subject.id is not None
        schema = "Passport" if passport else "Identification"
        document = make_entity(schema, derived_id(self.subject.id, schema, number, *codes))
        _refer(document, "holder", self.subject.id)
        document.add("number", number)
        document.add("type", detail or kind)
        for country in countries:
            self.country(document, "country", country, "INDIVIDUAL_DOCUMENT/COUNTRY_OF_ISSUE")
        issued = _text(node, "DATE_OF_ISSUE")
        document.add("startDate", _date(issued))
        city = _text(node, "CITY_OF_ISSUE")
        document.add("summary", "; ".join(p for p in (note, city and f"issued in {city}") if p) or None)
        self.add_extra(document)

    def links(self, known: set[str], texts: list[str]) -> None:
        """An UnknownLink to each other listing of this file that the texts cite."""
        assert self.subject.id is not None
        linked: set[str] = set()
        for text in texts:
            for sentence in _SENTENCE_END.split(text):
                for ref in _UN_REFERENCE.findall(sentence):
                    if ref == self.ref or ref in linked or ref not in known:
                        continue
                    linked.add(ref)
                    link = make_entity("UnknownLink", derived_id(self.subject.id, "cites", ref))
                    _refer(link, "subject", self.subject.id)
                    _refer(link, "object", record_entity_id(self.source.dataset, ref))
                    link.add("role", "cited in the UN listing")
                    link.add("summary", sentence)
                    link.add("recordId", self.ref)
                    self.add_extra(link)


FORMAT = UnXmlFormat()
