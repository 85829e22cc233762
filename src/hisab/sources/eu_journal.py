"""EU sanctions from the Official Journal: OpenSanctions' row-per-entry CSV extractions.

Each file holds the annexes of one consolidated EU Council regulation and is
named after its CELEX number (`32011R0359.csv`: Iran human rights). The header
starts `celex,recordId,programKey,annex,measure,startDate,reason,schema,name,…`
(45 columns); a file is recognised by that header, not by its name. Each row is
one entry of one annex: one `Record` whose subject has the FtM schema named in
the `schema` column (Person, LegalEntity, Organization, Company, Vessel, Asset),
plus a `Sanction` (program = `programKey` such as `EU-IRN`; `provisions` =
`measure` such as "Asset freeze"; listing date = `startDate`; `reason`; source
URL = the act on EUR-Lex), an `Address` per address and a `Passport` or
`Identification` per document number.

**One version of the dataset is every such file in the folder together**: the
legal acts are parts of one list, so `companions` names all the other sibling
CSV files with this header, and loading any one of them loads the whole folder
(the registry loads the group once).

Record ids are `CELEX/annex/recordId` (`32011R0359/I.A/69`), because recordId
restarts at 1 in every annex; where recordId is empty (all of 32002R0881 Annex I,
several 32014R0833 annexes) the first name as written takes its place
(`32002R0881/I/Abu Sayyaf Group`); the subject's id is made from it by
`record_entity_id` (`eu-journal-32011R0359-I.A-69`). The same person listed in
two annexes or two acts is two records. An id used twice (32002R0881 Annex I repeats two persons
with no recordId) is reported and the later row gets `#2`, `#3`, … in file order,
files taken in name order, so the ids do not depend on which file was named.

Quirks handled here (the cells are hand-extracted legal text):

- Multi-valued cells are separated by ";"; some cells also number their values
  "(a) …, (b) …", and some wrap a group in literal double quotes
  (`"Ali Barkani (Date of birth: 22.8.1973; place of birth: Morocco)"`) inside
  which ";" does not separate values.
- Names are kept exactly as written (the primary name in `name`, the others in
  `alias`/`weakAlias`/`previousName`), and cleaned spellings derived from them
  are added as aliases (see `name_variants`), because a matcher compares whole
  strings and the written forms mix conventions: EU "SURNAME Given"
  (`AHMADI-MOQADDAM Esmail`, also given as `Esmail AHMADI-MOQADDAM`), comma-
  separated parts (`ROODSARI, Mohammad, Hossein, Shafiei` → `Mohammad Hossein
  Shafiei ROODSARI`), lists of names in one cell (`AVAEE Seyyed Alireza, AVAIE
  Alireza`), names in two scripts in one cell, ranks before names, and remarks
  in brackets. Original-script (Persian, Arabic, Cyrillic) names are kept in
  their script. For a person whose name splits cleanly into a capitalised
  surname and given names, `lastName`/`firstName` (and `title`) are derived.
- Some alias cells hold a note instead of a name ("Seyed, Sayyed and Sayyid":
  spellings of a name part); those go to `notes`.
- Date cells hold several dates, approximations and remarks ("Circa 1957 or
  14 March 1942", "(a) 1.1.1968, (b) 23.4.1968"); every date in them is read,
  Hijri-calendar dates are skipped, and a part with no readable date is
  reported. A birth-date cell can also hold the place ("27.11.1967; Qom, Iran")
  or labelled fields ("POB: …", "Nationality: …"); those go where they belong.
- Nationalities are written as adjectives, lists and remarks ("(a) Algerian,
  (b) German", "Myanmar/Burma", "Italian since 1990") and become ISO codes.
- Whatever cannot be cleaned into its FtM property (an unreadable country, a
  phone number without a country code, an unknown column) is reported and kept
  in `notes` as "column: text", never dropped silently.

The files are UTF-8 (a byte-order mark is allowed) and are streamed row by row.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path

from followthemoney import EntityProxy, model

from hisab.errors import ParseError
from hisab.sources._rows import csv_rows, decoded_lines
from hisab.sources.base import ParseReport, Record, Source, derived_id, make_entity, record_entity_id
from hisab.sources.datasets import dataset_info
from hisab.sources.values import clean_country, make_sanction, parse_date

DATASET = "eu_journal"
EUR_LEX = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"
#: The columns every file must have; the others are read when present.
REQUIRED = ("celex", "recordId", "programKey", "annex", "schema", "name")
#: Cells that must not be empty in any row.
_REQUIRED_VALUES = ("celex", "annex", "schema", "name")
#: Columns that describe the listing rather than the subject.
_LISTING = ("celex", "recordId", "programKey", "annex", "measure", "startDate", "reason", "schema")
_NAMES = {"name": "name", "alias": "alias", "weakAlias": "weakAlias", "previousName": "previousName"}
#: Free-text columns kept as written, one value per ";"-separated part.
_TEXT = (
    "birthPlace", "position", "phone", "email", "website", "legalForm", "sector", "appearance",
    "ethnicity", "fatherName", "motherName", "swiftBic", "mmsi", "imoNumber", "ticker",
)  # fmt: skip
#: Company register codes: the code is kept and any remark ("(Tax ID/INN)") goes to notes.
_CODES = ("registrationNumber", "taxNumber", "innCode", "ogrnCode", "kppCode", "okpoCode", "leiCode")
_COUNTRIES = ("nationality", "country", "jurisdiction", "flag")
_DATES = ("birthDate", "incorporationDate")
_DOCUMENTS = {"passportNumber": "Passport", "idNumber": "Identification"}
_OTHER = ("address", "gender", "notes")
KNOWN_COLUMNS = frozenset((*_LISTING, *_NAMES, *_TEXT, *_CODES, *_COUNTRIES, *_DATES, *_DOCUMENTS, *_OTHER))
_HEAD_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?([^\r\n]*)")

# Cell splitting. An enumerator is "(a)", "(ii)", "(aa)" or a bare "a)" after a separator.
_ENUMERATOR = re.compile(r"(?<![^\s,;\"])(?:\((?:[a-z]{1,2}|[ivx]{1,4})\)|(?:[a-z]|[ivx]{2,4})\))")
_EDGE_JUNK = ' \t\n,;:–—-/"·'

# Dates: every date-like stretch of a part is read with `parse_date`.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    r"between\s+\d{4}\s+and\s+\d{4}"
    r"|\b\d{4}\s*(?:-|–|to)\s*\d{4}\b"
    r"|\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b(?:\d{{1,2}}\s+)?{_MONTH}\b\.?,?\s+\d{{4}}\b"
    r"|\b\d{4}\b",
    re.I,
)
#: A Hijri date is not a Gregorian one: "24.6.1402 (Hijri Calendar)" is dropped before reading.
_HIJRI = re.compile(r"[\d./-]+\s*\([^)]*hijri[^)]*\)", re.I)
#: Fields run together into a birth-date cell: "7.10.1952 POB: Leningrad …".
_LABEL = re.compile(r"\b(POB|place of birth|nationality|gender)\s*:\s*", re.I)
_NO_DATA = re.compile(r"^\(?\s*(?:n/?d|unknown|year unknown|not known)\s*\)?$", re.I)

# Countries: "(a) Algerian, (b) German", "Myanmar/Burma", "allegedly Russian", "Italian since 1990".
_COUNTRY_SPLIT = re.compile(r",|/|\band/or\b|\band\b|\bor\b|\.\s+")
_COUNTRY_NOISE = re.compile(
    r"\([^)]*\)|^\s*of the\b"
    r"|\b(?:assumed|allegedly|possibly|presumed|probably|by birth|since \d{4}|passport)\b",
    re.I,
)
#: Spellings in the lists that FtM's country table does not know.
_COUNTRY_SPELLINGS = {"belarussian": "by"}

# Names.
_NOTE_ALIAS = re.compile(r"^[\w’'-]+(?:,\s*[\w’'-]+)+,?\s+(?:and|or)\s+[\w’'-]+$")
_PLACEHOLDERS = {"text of image"}
_AKA = re.compile(r"^(?:a\.?k\.?a\.?|also known as)\s*:?\s+", re.I)
_ALTERNATIVES = re.compile(r"\s+(?:a\.k\.a\.|or)\s+|\s+/\s+")
_SLASH = re.compile(r"\s+/\s+")
_BRACKETS = re.compile(r"\s*\([^()]*\)")
_SUFFIXES = {"jr", "sr", "ii", "iii"}
#: Pieces that mean a comma is part of one company name ("X Co., Ltd"), not a list separator.
_LEGAL_FORMS = {
    "ltd", "limited", "inc", "llc", "co", "corp", "company", "plc", "jsc", "pjsc", "ojsc", "cjsc",
    "gmbh", "ag", "sa", "as", "bv", "nv", "srl", "spa", "llp", "lp", "fze", "fzco", "intl",
}  # fmt: skip
#: Ranks and honorifics written before EU-listed names ("Rear Admiral Mohammad
#: SHAFI'I RUDSARI"). They are dropped from the derived spellings and kept as `title`.
_TITLES = re.compile(
    r"^(?:(?:brigadier[- ]general|major[- ]general|lieutenant[- ]general|rear admiral|brigadier|general"
    r"|colonel|admiral|commander|captain|dr|prof|engineer|hojjatoleslam|hodjatoleslam|ayatollah|mullah"
    r"|maulavi|sheikh|shaykh)\.?\s+)+",
    re.I,
)
#: Values inside a contact cell: emails and web addresses by shape, phone numbers between separators.
_CONTACTS = {
    "email": re.compile(r"[^\s,;:()]+@[^\s,;()]+\.[a-z]{2,}", re.I),
    "website": re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:/[^\s,;()]*)?", re.I),
    "phone": re.compile(r"\+?\s?\(?\d[\d\s().-]{4,}\d(?:\s*ext\.?\s*\d+)?", re.I),
}
#: A document or register number: a word with a digit ("AM5421691", "Ф-703443", "5700 256137").
_ID_TOKEN = re.compile(r"[^\W_][\w./-]*(?:(?<=\d)\s\d[\d./-]*)*")
#: Words with digits in a remark that are not the number: "issued in 1993", "issued on 27.4.1999".
_NOT_AN_ID = re.compile(r"^(?:\d{1,2}\.\d{1,2}\.\d{4}|(?:19|20)\d\d)$")


class EUJournalFormat:
    """The `ListFormat` for OpenSanctions' EU Official Journal CSV extractions."""

    name = "eu_journal"
    dataset = DATASET

    def dataset_for(self, path: Path) -> str:
        return self.dataset

    def detect(self, path: Path, head: bytes) -> bool:
        match = _HEAD_LINE.match(head)
        line = match.group(1).decode("utf-8", "replace") if match else ""
        columns = [c.strip().strip('"') for c in line.split(",")]
        # The first column names the format; a few more known columns make it
        # this format even when a required one is missing (which `parse` reports).
        return columns[0] == "celex" and len(KNOWN_COLUMNS.intersection(columns)) >= 4

    def companions(self, path: Path) -> tuple[Path, ...]:
        """Every other CSV file in the folder with this header: the rest of the dataset."""
        siblings = []
        for other in sorted(path.parent.iterdir()):
            if other.suffix.lower() != ".csv" or other.name == path.name or not other.is_file():
                continue
            with open(other, "rb") as fh:
                if self.detect(other, fh.read(4096)):
                    siblings.append(other)
        return tuple(siblings)

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        seen: dict[str, str] = {}
        for path in sorted({source.path, *source.companions}, key=lambda p: p.name):
            for record in _parse_file(path, source.dataset, report, seen):
                report.records += 1
                yield record


def _parse_file(path: Path, dataset: str, report: ParseReport, seen: dict[str, str]) -> Iterator[Record]:
    rows = csv_rows(path, decoded_lines(path, "utf-8"), ",")
    first = next(rows, None)
    if first is None:
        raise ParseError(path, "the file is empty (a header line is expected)", line=1)
    header = [cell.strip() for cell in first[1]]
    for column in REQUIRED:
        if column not in header:
            raise ParseError(path, f"the header has no {column!r} column", line=1, field=column)
    if len(set(header)) != len(header):
        twice = sorted({c for c in header if header.count(c) > 1})
        raise ParseError(path, f"the header names {twice} more than once", line=1, field=twice[0])
    unknown = [c for c in header if c not in KNOWN_COLUMNS]
    if unknown:
        report.warn(f"{path.name}: columns {unknown} are not mapped; their values are kept in notes")
    for line, cells in rows:
        if len(cells) != len(header):
            raise ParseError(
                path, f"expected {len(header)} fields as in the header, found {len(cells)}", line=line
            )
        report.rows += 1
        row = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        for column in _REQUIRED_VALUES:
            if not row[column]:
                raise ParseError(path, f"the {column!r} cell is empty", line=line, field=column)
        record_id = _unique_id(path, line, dataset, _record_id(row), seen, report)
        yield _Row(path, line, row, dataset, record_id, report).record()


def _record_id(row: dict[str, str]) -> str:
    names = split_cell(row["name"])
    local = row["recordId"] or (names[0] if names else row["name"])
    return f"{row['celex']}/{row['annex']}/{local}"


def _unique_id(
    path: Path, line: int, dataset: str, record_id: str, seen: dict[str, str], report: ParseReport
) -> str:
    """`record_id`, or `record_id#2`, `#3`… when an earlier row (or its subject's id) has it."""
    candidate, number = record_id, 1
    while record_entity_id(dataset, candidate) in seen:
        number += 1
        candidate = f"{record_id}#{number}"
    where = f"{path.name}, line {line}"
    if number > 1:
        first = seen[record_entity_id(dataset, record_id)]
        report.warn(f"{where}: record id {record_id!r} is already taken ({first}); this row is {candidate!r}")
    seen[record_entity_id(dataset, candidate)] = where
    return candidate


class _Row:
    """Builds the entities of one row."""

    def __init__(
        self, path: Path, line: int, row: dict[str, str], dataset: str, record_id: str, report: ParseReport
    ) -> None:
        self.path = path
        self.line = line
        self.row = row
        self.dataset = dataset
        self.record_id = record_id
        self.report = report
        schema = model.get(row["schema"])
        if schema is None or schema.abstract or not (schema.is_a("LegalEntity") or schema.is_a("Asset")):
            raise ParseError(
                path,
                f"{row['schema']!r} is not a FollowTheMoney schema a listing can have "
                "(Person, LegalEntity, Organization, Company, Vessel, Asset, …)",
                line=line,
                field="schema",
            )
        self.subject = make_entity(schema.name, record_entity_id(dataset, record_id))
        self.extra: list[EntityProxy] = []

    def record(self) -> Record:
        row, subject = self.row, self.subject
        url = EUR_LEX.format(celex=row["celex"])
        self.names()
        for column in _COUNTRIES:
            self.countries(column, row.get(column, ""))
        for column in _DATES:
            self.dates(column, row.get(column, ""))
        # Addresses first: their countries help FtM read local phone numbers.
        for value in split_cell(row.get("address", "")):
            self.address(value)
        for column in _TEXT:
            for value in split_cell(row.get(column, "")):
                self.text(column, value)
        for column in _CODES:
            for value in split_cell(row.get(column, "")):
                self.code(column, value)
        for column, schema in _DOCUMENTS.items():
            for value in split_cell(row.get(column, "")):
                self.document(column, schema, value)
        self.gender(row.get("gender", ""))
        if row.get("notes"):
            self.put("notes", "notes", row["notes"])
        for column, value in row.items():
            if value and column not in KNOWN_COLUMNS:
                self.note(column, value)
        subject.add("topics", "sanction")
        subject.add("sourceUrl", url, cleaned=True)
        if row["startDate"] and not parse_date(row["startDate"]):
            self.warn("startDate", row["startDate"], "is not a date hisab can read")
        sanction = make_sanction(
            subject,
            authority=dataset_info(DATASET).publisher,
            program=row["programKey"] or None,
            record_id=self.record_id,
            listing_date=row["startDate"] or None,
            reason=row.get("reason") or None,
            source_url=url,
        )
        sanction.add("programId", row["programKey"] or None)
        sanction.add("programUrl", url, cleaned=True)
        sanction.add("provisions", row.get("measure") or None)
        sanction.add("summary", f"Annex {row['annex']} to {row['celex']}")
        return Record(self.dataset, self.record_id, [subject, sanction, *self.extra], line=self.line)

    # -- reporting ---------------------------------------------------------

    def warn(self, column: str, value: str, problem: str) -> None:
        self.report.warn(
            f"{self.path.name}, line {self.line}, record {self.record_id}: {column} {value!r} {problem}"
        )

    def note(self, column: str, value: str) -> None:
        """Keep a value that has no clean FtM home, so nothing the list says is lost."""
        self.subject.add("notes", f"{column}: {value}")

    def put(self, column: str, prop: str, value: str, clean: bool = True) -> None:
        """Add `value` to `prop` if FtM can clean it; otherwise report it and keep it in notes.

        `clean=False` is for values hisab has already cleaned (country codes, ISO dates).
        """
        entity = self.subject
        target = entity.schema.get(prop)
        if target is None:
            self.warn(column, value, f"has no place in a {entity.schema.name}; kept in notes")
            self.note(column, value)
            return
        cleaned = target.type.clean(value, proxy=entity) if clean else value
        if cleaned is None:
            self.warn(column, value, f"is not a valid {target.type.name}; kept in notes")
            self.note(column, value)
            return
        entity.add(target, cleaned, cleaned=True)

    # -- names ----------------------------------------------------------------

    def names(self) -> None:
        person = self.subject.schema.is_a("Person")
        for column, prop in _NAMES.items():
            parts = split_cell(self.row.get(column, ""))
            for index, part in enumerate(parts):
                if column != "name" and is_alias_note(part):
                    self.note(column, part)
                    continue
                # The first name as written is the name; other names and every
                # derived spelling are aliases (or weak aliases, previous names).
                other = "alias" if column == "name" else prop
                self.put(column, "name" if column == "name" and index == 0 else other, part)
                for variant in name_variants(part, person)[1:]:
                    self.put(column, other, variant)
        if person:
            primary = split_cell(self.row["name"])
            title, given, surname = person_parts(primary[0] if primary else self.row["name"])
            self.subject.add("title", title)
            self.subject.add("firstName", given)
            self.subject.add("lastName", surname)

    # -- typed values -----------------------------------------------------------

    def countries(self, column: str, text: str) -> None:
        codes, unread = read_countries(text)
        for code in codes:
            self.put(column, column, code, clean=False)
        if unread:
            self.warn(column, text, f"names no country hisab knows ({'; '.join(unread)}); kept in notes")
            self.note(column, text)

    def dates(self, column: str, text: str) -> None:
        for part in split_cell(text):
            part, labelled = _split_labels(part)
            for label, value in labelled:
                if label == "gender":
                    self.gender(value)
                elif label == "nationality":
                    self.countries("nationality", value)
                else:
                    self.put(column, "birthPlace", value)
            if not part or _NO_DATA.match(part):
                continue
            if column == "birthDate" and not re.search(r"\d", part) and not part.startswith("("):
                # "27.11.1967; Qom, Iran": the place of birth written into the date cell.
                self.put(column, "birthPlace", part)
                continue
            found = read_dates(part)
            for value in found:
                self.put(column, column, value, clean=False)
            if not found:
                self.warn(column, part, "holds no date hisab can read; kept in notes")
                self.note(column, part)

    def gender(self, text: str) -> None:
        value = text.strip(" .").lower()
        if value in ("male", "female", "other"):
            self.subject.add("gender", value)
        elif value:
            self.warn("gender", text, "is not male, female or other; kept in notes")
            self.note("gender", text)

    def text(self, column: str, text: str) -> None:
        """A text value; a contact cell may list several ("a@x.ru, b@x.ru", "+375 …, +375 …")."""
        pattern = _CONTACTS.get(column)
        found = pattern.findall(text) if pattern else []
        if not found:
            self.put(column, column, text)
            return
        for value in found:
            self.put(column, column, value.strip(_EDGE_JUNK))
        rest = pattern.sub(" ", text).replace(" and ", " ").strip(_EDGE_JUNK + ".") if pattern else ""
        if rest:
            self.note(column, text)

    def code(self, column: str, text: str) -> None:
        number, rest = _identifier(text)
        if number is None:
            self.put(column, column, text)
            return
        self.put(column, column, number)
        if rest:
            self.note(column, text)

    def document(self, column: str, schema: str, text: str) -> None:
        """A passport or ID number, as a `Passport`/`Identification` and on the subject."""
        number, rest = _identifier(text)
        if number is None:
            self.put(column, column, text)
            return
        self.put(column, column, number)
        assert self.subject.id is not None
        doc = make_entity(schema, derived_id(self.subject.id, schema, text))
        doc.add("holder", self.subject.id)
        doc.add("number", number)
        if rest:
            doc.add("summary", text)
            # "00385937 (Yemeni passport)", "008827, issued in Iran": the issuing country.
            for word in re.findall(r"\b[A-Z][a-z]{3,}\b", rest):
                if code := _country(word):
                    doc.add("country", code)
                    break
        self.extra.append(doc)

    def address(self, text: str) -> None:
        assert self.subject.id is not None
        addr = make_entity("Address", derived_id(self.subject.id, "address", text))
        addr.add("full", text)
        pieces = [p.strip() for p in text.split(",") if p.strip()]
        for piece in (pieces[-1], pieces[0]) if pieces else ():
            if code := _country(_COUNTRY_NOISE.sub("", piece).strip()):
                addr.add("country", code, cleaned=True)
                self.subject.add("country", code, cleaned=True)
                break
        self.subject.add("address", text)
        self.subject.add("addressEntity", addr.id)
        self.extra.append(addr)


# -- cells -----------------------------------------------------------------------


def split_cell(text: str | None) -> list[str]:
    """The values of one cell: split on ";" (outside quotes and brackets) and on "(a)" enumerators."""
    if not text or not text.strip():
        return []
    values = []
    for chunk in _split_outside(text):
        for piece in _split_enumerated(chunk):
            piece = _strip_quotes(piece.strip(_EDGE_JUNK))
            if piece:
                values.append(piece)
    return values


def _split_outside(text: str) -> list[str]:
    """`text` split on ";" except inside double quotes or brackets (unbalanced ones are ignored)."""
    if '"' not in text and "(" not in text:
        return text.split(";")
    chunks: list[str] = []
    current: list[str] = []
    quoted, depth = False, 0
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == ";" and not quoted and depth == 0:
            chunks.append("".join(current))
            current = []
            continue
        current.append(char)
    chunks.append("".join(current))
    if quoted or depth:
        return text.split(";")
    return chunks


def _split_enumerated(chunk: str) -> list[str]:
    """`chunk` split at its "(a)", "(b)" enumerators, except those inside brackets."""
    pieces, start = [], 0
    for match in _ENUMERATOR.finditer(chunk):
        before = chunk[: match.start()]
        if before.count("(") > before.count(")"):
            continue  # "Djamel Mostafa (Date of birth (a) 31.12.1979 (b) 22.12.1973 …)"
        pieces.append(chunk[start : match.start()])
        start = match.end()
    pieces.append(chunk[start:])
    return pieces


def _strip_quotes(text: str) -> str:
    text = text.replace('"', "").strip()
    if text.startswith("‘") and text.endswith("’") and text.count("‘") == 1:
        text = text[1:-1].strip()
    return text


def _split_labels(part: str) -> tuple[str, list[tuple[str, str]]]:
    """A date part, and the "POB: …"/"Nationality: …"/"Gender: …" fields written after it."""
    pieces = _LABEL.split(part)
    labelled = [
        (label.lower(), value.strip(_EDGE_JUNK))
        for label, value in zip(pieces[1::2], pieces[2::2], strict=True)
    ]
    return pieces[0].strip(_EDGE_JUNK), [(label, value) for label, value in labelled if value]


def read_dates(text: str) -> list[str]:
    """Every date in a date cell part, as ISO prefixes (`1961`, `1961-03-02`); Hijri dates are skipped."""
    found: list[str] = []
    for match in _DATE.finditer(_HIJRI.sub(" ", text)):
        for value in parse_date(re.sub(r"(?<=\d)\.\s+(?=\d)", ".", match.group(0))):
            if value not in found:
                found.append(value)
    return found


def read_countries(text: str) -> tuple[list[str], list[str]]:
    """ISO codes for the countries a cell names, and the parts that name none."""
    codes: list[str] = []
    unread: list[str] = []
    for value in split_cell(text):
        for piece in _COUNTRY_SPLIT.split(_COUNTRY_NOISE.sub(" ", value)):
            piece = piece.strip(_EDGE_JUNK + ".")
            if not piece:
                continue
            code = _COUNTRY_SPELLINGS.get(piece.lower()) or _country(piece)
            if code is None:
                unread.append(piece)
            elif code not in codes:
                codes.append(code)
    return codes, unread


#: Country names repeat thousands of times ("Russian"); FtM's lookup is not cheap.
_country = functools.cache(clean_country)


def _identifier(text: str) -> tuple[str | None, str]:
    """The document or register number in a cell ("00385937 (Yemeni passport)") and the rest."""
    for match in _ID_TOKEN.finditer(text):
        number = match.group(0).rstrip(".")
        if not any(c.isdigit() for c in number) or (_NOT_AN_ID.match(number) and number != text):
            continue
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(_EDGE_JUNK + " ()")
        return number, rest
    return None, text


# -- names -----------------------------------------------------------------------


def is_alias_note(text: str) -> bool:
    """True for an alias cell part that is a remark, not a name ("Seyed, Sayyed and Sayyid")."""
    return bool(_NOTE_ALIAS.match(text)) or text.lower() in _PLACEHOLDERS


def name_variants(written: str, person: bool) -> list[str]:
    """`written`, then cleaned spellings of it for matching (each once, in a stable order).

    Each step applies to what the steps before it produced:

    1. bracketed remarks are dropped ("MOSTAFAVI (Hojjatoleslam) Ali"); a name
       in brackets (another script, or a person's full names) is kept;
    2. a name written in two scripts is also each script's part on its own;
    3. "X / Y" (for a person also "X a.k.a. Y", "X or Y") are each a name;
    4. commas: a list of names is split; a person's "SURNAME, Given, Given" is
       put in natural order; a stray comma inside a name is dropped;
    5. a person's EU-style "SURNAME Given" is also given as "Given SURNAME";
    6. leading ranks and honorifics are dropped ("Rear Admiral Mohammad …").
    """
    steps = [_without_brackets, _script_runs, _alternatives, _comma_forms]
    if person:
        steps += [_natural_order, _without_title]
    found = [written]
    for step in steps:
        for name in list(found):
            for variant in step(name, person):
                variant = _tidy(variant)
                if len([c for c in variant if c.isalpha()]) >= 2 and variant not in found:
                    found.append(variant)
    return found


def _tidy(text: str) -> str:
    text = " ".join(text.split()).strip(_EDGE_JUNK)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    if text.count("(") != text.count(")"):
        text = text.replace("(", " ").replace(")", " ")
    text = _AKA.sub("", " ".join(text.split()).strip(_EDGE_JUNK))
    return _strip_quotes(text).strip(_EDGE_JUNK)


def _word_script(word: str) -> str | None:
    """The script of a word ("LATIN", "CYRILLIC", "ARABIC"…); None for one letter or none.

    A word with any Cyrillic letter is Cyrillic: Belarusian and Russian names
    are often typed with a Latin "I" or "O" among the Cyrillic ("Iван", "Oткрытое").
    """
    scripts = [unicodedata.name(c, "?").split()[0] for c in word if c.isalpha()]
    if len(scripts) < 2:
        return None
    if "CYRILLIC" in scripts:
        return "CYRILLIC"
    return Counter(scripts).most_common(1)[0][0]


def _script(text: str) -> str | None:
    """The script most words of `text` are written in."""
    scripts = Counter(s for s in map(_word_script, text.split()) if s)
    return scripts.most_common(1)[0][0] if scripts else None


def _script_runs(name: str, person: bool) -> list[str]:
    """The runs of one script in a name written in several ("Wasim Badia AL-ASSAD وسيم بديع الأسد").

    Each run must have two words or more: a lone Latin "OOO" or "AO" before a
    Cyrillic company name is the legal form typed in look-alike letters.
    """
    if "(" in name:
        return []  # the bracket-free spelling is split instead
    runs: list[tuple[str, list[str], int]] = []
    for token in name.split():
        script = _word_script(token)
        if script is None and runs:
            runs[-1][1].append(token)  # "22»", "–": no letters, so it stays where it is
        elif script is not None and runs and runs[-1][0] == script:
            runs[-1] = (script, [*runs[-1][1], token], runs[-1][2] + 1)
        elif script is not None:
            runs.append((script, [token], 1))
    if len({script for script, _, _ in runs}) < 2 or any(words < 2 for _, _, words in runs):
        return []
    return [" ".join(tokens) for _, tokens, _ in runs]


def _without_brackets(name: str, person: bool) -> list[str]:
    """The name without its bracketed remarks, and names given in the brackets.

    A bracket holds a name when it is in another script than the name
    ("Dmitry Nikolayevich KOZAK (Дмитрий Николаевич КОЗАК)", after an optional
    "original script:" label) or, for a person, lists full names
    ("… SIVOKONENKO (a.k.a. Yuriy SIVOKONENKO, Yury SIVOKONENKO)").
    """
    if "(" not in name and ")" not in name:
        return []
    stripped = name
    while _BRACKETS.search(stripped):
        stripped = _BRACKETS.sub("", stripped)
    found = [stripped.split("(")[0].replace(")", " ")]
    outer = _script(found[0])
    for inner in re.findall(r"\(([^()]*)\)", name):
        inner = _AKA.sub("", re.sub(r"^[^:]{0,30}:\s*", "", inner.strip()))
        if _script(inner) not in (outer, None):
            found.append(inner)
        elif person:
            found += [p for p in inner.split(",") if _is_full_name(p)]
    return found


def _is_full_name(text: str) -> bool:
    tokens = text.split()
    return len(tokens) >= 2 and any(_is_caps(t) for t in tokens) and not re.search(r"\d", text)


def _alternatives(name: str, person: bool) -> list[str]:
    """Each name of "X / Y" (for a person also "X a.k.a. Y", "X or Y"), when each is two words or more."""
    if "(" in name or "," in name:
        return []
    pieces = (_ALTERNATIVES if person else _SLASH).split(name)
    if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
        return pieces
    return []


def _comma_forms(name: str, person: bool) -> list[str]:
    """What the commas in a name mean: a list of names, "SURNAME, Given", or nothing."""
    if "(" in name or "," not in name:
        return []
    pieces = [p.strip() for p in name.split(",") if p.strip()]
    if len(pieces) < 2:
        return []
    if len(pieces) == 2 and _key(pieces[1]) in _SUFFIXES:
        return [" ".join(pieces)]  # "Ruben Pestano Lavilla, Jr."
    if not any(c.isupper() or c.islower() for c in name):
        return pieces  # caseless scripts (Arabic, Persian): commas separate names
    if not person:
        # "Rahkar Company, Rahkar Industries, Rahkar Sanaye Company, …" is a list;
        # "X Co., Ltd", "Aid Organisation of The Ulema, Pakistan" and
        # "Association for Education, Culture and Building Society" are one name.
        if len(pieces) < 3 or any(_key(p) in _LEGAL_FORMS or _country(p) or p[0].islower() for p in pieces):
            return []
        return pieces
    if all(p[0] in "‘“'\"" for p in pieces):
        return []  # "‘Bentley’, ‘Bergen’, ‘Ben’": nicknames, each too short to stand alone
    caps = [any(_is_caps(t) for t in p.split()) for p in pieces]
    if all(caps) and all(len(p.split()) >= 2 for p in pieces):
        return pieces  # "AVAEE Seyyed Alireza, AVAIE Alireza"
    if not any(caps) and all(len(p.split()) == 1 for p in pieces) and _alike(pieces[0], pieces[1]):
        # "Qadour, Qaddour, Kaddour": spellings of one name; one-word aliases
        # would match far too much, so the cell stays as written.
        return []
    head = pieces[0].split()
    if (len(head) == 1 or all(_is_caps(t) for t in head)) and not any(caps[1:]):
        return [" ".join([*pieces[1:], pieces[0]])]  # "ROODSARI, Mohammad, Hossein, Shafiei"
    if caps[-1] and not any(caps[:-1]):
        return [" ".join(pieces)]  # "Sviatlana, Anatoleuna LYUBETSKAYA"
    return []


def _alike(first: str, second: str) -> bool:
    return SequenceMatcher(None, first.lower(), second.lower()).ratio() >= 0.5


def _natural_order(name: str, person: bool) -> list[str]:
    split = _person_split(name)
    if split is None or not split[3]:
        return []
    titles, given, surname, _ = split
    return [" ".join([*titles, *given, *surname])]


def _without_title(name: str, person: bool) -> list[str]:
    title, rest = _take_title(name.split())
    return [" ".join(rest)] if title and len(rest) >= 2 else []


def _take_title(tokens: list[str]) -> tuple[str | None, list[str]]:
    """Leading ranks/honorifics of `tokens` ("Rear Admiral"), and the tokens after them."""
    text = " ".join(tokens)
    match = _TITLES.match(text)
    if match is None:
        return None, tokens
    return match.group(0).strip(), text[match.end() :].split()


def person_parts(name: str) -> tuple[str | None, str | None, str | None]:
    """Title, given names and surname of a name with one capitalised surname, or Nones.

    EU lists write the surname in capitals, before ("AHMADI-MOQADDAM Esmail") or
    after ("Mohammad Reza NAQDI") the given names. Names that do not split this
    way cleanly (no capitals, several capitalised runs, brackets) give Nones.
    """
    split = _person_split(name)
    if split is None:
        return None, None, None
    titles, given, surname, _ = split
    inner, given = _take_title(given)
    title = " ".join([*titles, *(inner.split() if inner else [])]) or None
    return title, " ".join(given) or None, " ".join(surname)


def _person_split(name: str) -> tuple[list[str], list[str], list[str], bool] | None:
    """Leading titles, given-name tokens, surname tokens, and whether the surname comes first."""
    if re.search(r"[,()/\d]", name):
        return None
    title, tokens = _take_title(name.split())
    caps = [_is_caps(t) for t in tokens]
    if not any(caps) or all(caps):
        return None
    titles = title.split() if title else []
    if caps[0]:
        cut = caps.index(False)
        if any(caps[cut:]):
            return None  # "EL TAHIR Mohamed EL AWAD EL AMIN"
        return titles, tokens[cut:], tokens[:cut], True
    cut = caps.index(True)
    if not all(caps[cut:]):
        return None  # "Wasim Badia AL-ASSAD وسيم بديع الأسد"
    return titles, tokens[:cut], tokens[cut:], False


def _is_caps(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _key(text: str) -> str:
    return text.lower().replace(".", "").strip()


FORMAT = EUJournalFormat()
