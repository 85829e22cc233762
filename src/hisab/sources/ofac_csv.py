"""OFAC's legacy CSV files: `sdn.csv` (SDN list) and `cons_prim.csv` (non-SDN list).

One list version is a primary file and up to three companions in the same folder:

    sdn.csv           cons_prim.csv      ent_num, SDN_Name, SDN_Type, Program, Title,
                                         Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
                                         Vess_owner, Remarks
    add.csv           cons_add.csv       ent_num, add_num, address, city/state/postal,
                                         country, add_remarks
    alt.csv           cons_alt.csv       ent_num, alt_num, alt_type, alt_name, alt_remarks
    sdn_comments.csv  cons_comments.csv  ent_num, remarks continuation

Quirks, all seen in real files:

- No header; `-0-` (often with a trailing blank) marks an empty cell; CRLF or LF
  line ends; a 0x1A (DOS end-of-file) byte after the last line. Files are ASCII in
  practice and Windows-1252 by OFAC's specification; a line that is valid UTF-8 is
  read as UTF-8, anything else must be Windows-1252.
- Files get joined: the 2022 `USASanctions.csv` is `sdn.csv`, its 0x1A, then
  `cons_prim.csv`. The 0x1A therefore also appears at the start of a line; it is
  dropped, the rows after it are read, and the joint is reported. Entities on both
  lists then appear twice: one record is kept per ent_num and the repeats are
  counted as duplicates (a repeat that differs is also reported).
- SDN_Type is `individual`, `vessel`, `aircraft`, or empty for an entity. Entities
  become `Organization`, or `Company` when the remarks give an identifier only a
  company has (ISIN, equity ticker, Russian BIK).
- Program holds several codes joined by `] [` (`SDGT] [IRGC`): one `Sanction` each.
  No listing date exists in this format.
- Individuals are named `SURNAME, Given Names[, Jr.]`. `name` keeps OFAC's form; the
  parts go to `lastName`, `firstName` and `nameSuffix`.
- Remarks are `; `-separated labelled fields (`DOB 02 Mar 1961; POB Tehran, Iran;
  Passport A123 (Iran) issued 2005; a.k.a. 'FOO'; Linked To: BANK MELLI IRAN.`).
  The labels, surveyed on the real files, and the FtM property each feeds are a table
  in `resources/ofac_remark_labels.tsv`; sanction conditions ("Secondary sanctions
  risk: …") go to the Sanctions' `provisions`. OFAC cuts remarks at 1,000 characters
  and puts the rest in the comments file, which is glued on before parsing; without
  it, the cut-off last field is not read. The whole text is kept in `notes`.
- Aliases: alt.csv's `aka`/`nka` are strong (`alias`), `fka` is `previousName`. The
  `a.k.a.` names in the remarks never repeat alt.csv: they are OFAC's "weak AKAs"
  and become `weakAlias`.
- `Linked To: NAME` names another listing. A first pass over the file indexes primary
  names and aliases, so each link becomes an `UnknownLink` to that record's subject;
  a name that matches no record, or several, is reported. Vess_owner and "Aircraft
  Operator" are resolved the same way (`Ownership`, `operator`); unresolved, they
  stay text in `notes`.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from followthemoney import EntityProxy

from hisab.errors import ParseError
from hisab.sources.base import (
    ParseReport,
    Record,
    Source,
    derived_id,
    make_entity,
    record_entity_id,
)
from hisab.sources.datasets import dataset_info
from hisab.sources.values import clean_country, make_sanction, parse_date

AUTHORITY = dataset_info("us_ofac_sdn").publisher
RECORD_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={record_id}"
#: OFAC cuts the Remarks cell here and continues it in the comments file.
REMARKS_LIMIT = 1000

PRIMARY_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ADDRESS_COLUMNS = ("ent_num", "add_num", "address", "city", "country", "add_remarks")
ALIAS_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks")

_SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
_ALIAS_PROPS = {"aka": "alias", "nka": "alias", "fka": "previousName"}
#: Companion files by role, for the two primary file names OFAC uses.
_COMPANIONS = {
    "sdn.csv": ("add.csv", "alt.csv", "sdn_comments.csv"),
    "cons_prim.csv": ("cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
}
#: Company-only FtM properties: an entity stating one of these is a Company.
_COMPANY_PROPS = frozenset({"isinCode", "ticker", "bikCode"})
_EMPTY = "-0-"
_EOF = "\x1a"

# -- Remarks labels ------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    """How one Remarks label is read (see resources/ofac_remark_labels.tsv)."""

    kind: str
    targets: tuple[str, ...]


def _load_labels() -> dict[str, _Label]:
    text = resources.files("hisab").joinpath("resources", "ofac_remark_labels.tsv").read_text("utf-8")
    labels = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            label, kind, *target = line.split("\t")
            labels[label] = _Label(kind, tuple(" ".join(target).split()))
    return labels


_LABELS = _load_labels()
#: One alternation of every label, longest first so that "Nationality of
#: Registration" wins over "nationality"; a label must end at a non-alphanumeric.
_LABEL = re.compile(
    "|".join(re.escape(label) for label in sorted(_LABELS, key=len, reverse=True)).join(
        ("^(?:", r")(?![A-Za-z0-9])")
    )
)
_DOCUMENT = re.compile(
    r"^(?P<number>.+?)(?:\s+\((?P<country>[^()]+)\))?"
    r"(?:\s+issued\s+(?P<issued>(?=\d|[A-Z][a-z]{2}\s+\d).+?))?"
    r"(?:\s+expires\s+(?P<expires>(?=\d|[A-Z][a-z]{2}\s+\d).+?))?$"
)
_TAIL_NUMBER = re.compile(r"^(?=.*[A-Z])[A-Z0-9]{1,2}-?[A-Z0-9]{2,5}$")
_IMO = re.compile(r"^IMO\s*(\d{7})$")
_PHONE_PREFIX = re.compile(r"^(?:No\.?|Number)\s*:?\s*", re.I)
_PHONE_NOISE = re.compile(r"[\s().:-]+")
_TRAILING_COUNTRY = re.compile(r"\s+\([^()]+\)$")
_QUOTED = re.compile(r"^'(.*)'$", re.S)
_NOT_WORD = re.compile(r"[\W_]+")


# -- Reading rows ---------------------------------------------------------------


class _Lines:
    """Decoded lines of a file, tracking the physical line number for errors."""

    def __init__(self, path: Path, report: ParseReport | None) -> None:
        self.path = path
        self.report = report
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        with open(self.path, "rb") as fh:
            for raw in fh:
                self.line += 1
                text = self._decode(raw)
                if self.line == 1:
                    text = text.lstrip("\ufeff")
                if text.startswith(_EOF):
                    text = text.lstrip(_EOF)
                    if not text.strip():
                        continue
                    # An end-of-file mark followed by more rows: files joined together.
                    if self.report is not None:
                        self.report.warn(
                            f"{self.path.name} line {self.line}: an end-of-file mark (0x1A) "
                            "inside the file: it is several OFAC files joined together; "
                            "the rows after it are read as part of the same list"
                        )
                # The mark may also close the last line itself.
                body = text.rstrip("\r\n")
                if body.endswith(_EOF):
                    text = body.rstrip(_EOF) + text[len(body) :]
                yield text

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ParseError(
                self.path,
                f"byte 0x{raw[exc.start]:02X} at column {exc.start + 1} is neither UTF-8 "
                "nor Windows-1252 text (OFAC's encoding)",
                line=self.line,
            ) from None


def read_rows(
    path: Path, columns: tuple[str, ...], report: ParseReport | None = None
) -> Iterator[tuple[int, list[str]]]:
    """`(line, cells)` for each data row of an OFAC CSV file, `-0-` read as "".

    Raises `ParseError` for undecodable bytes, a wrong number of columns, or an
    ent_num that is not a number.
    """
    lines = _Lines(path, report)
    reader = csv.reader(lines)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ParseError(path, f"malformed CSV: {exc}", line=lines.line) from None
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(columns):
            if len(row) < len(columns):
                problem, where = "missing columns", columns[len(row)]
            else:
                problem, where = "extra columns", f"column {len(columns) + 1}"
            raise ParseError(
                path,
                f"{problem}: expected {len(columns)}, found {len(row)}",
                line=lines.line,
                field=where,
            )
        cells = [_cell(value) for value in row]
        if not cells[0].isdigit():
            raise ParseError(path, f"ent_num {row[0]!r} is not a number", line=lines.line, field="ent_num")
        yield lines.line, cells


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == _EMPTY else value


# -- Remarks ----------------------------------------------------------------------


@dataclass
class _Document:
    label: str
    schema: str
    prop: str
    number: str
    country: str | None
    issued: list[str]
    expires: list[str]


@dataclass
class Remarks:
    """What the labelled fields of one Remarks cell say."""

    #: (candidate properties, value) for the listed subject.
    values: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    documents: list[_Document] = field(default_factory=list)
    #: (currency, address) of digital currency wallets.
    wallets: list[tuple[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    provisions: list[str] = field(default_factory=list)
    #: Fields that could not be read, as messages for the report.
    problems: list[str] = field(default_factory=list)

    def add(self, props: tuple[str, ...], value: str) -> None:
        if value:
            self.values.append((props, value))


def split_remarks(text: str) -> list[str]:
    """The `;`-separated fields of a Remarks cell, without the closing full stop."""
    text = text.strip()
    if text.endswith("."):
        text = text[:-1]
    return [part.strip() for part in text.split(";") if part.strip()]


def parse_remarks(text: str) -> Remarks:
    """Read the labelled fields of a Remarks cell; unlabelled text is left to `notes`."""
    found = Remarks()
    for part in split_remarks(text):
        # "alt. DOB 1962" is one more value for the same field.
        body = part[5:].lstrip() if part.startswith("alt. ") else part
        label = _LABEL.match(body)
        if label is not None:
            value = body[label.end() :].strip(" :")
            _read_field(found, label.group(0), value, part)
    return found


def remark_names(text: str) -> Iterator[str]:
    """The names (a.k.a., f.k.a., …) a Remarks cell gives, cheaply, for the name index."""
    for part in split_remarks(text):
        label = _LABEL.match(part)
        if label is not None and _LABELS[label.group(0)].kind == "name":
            yield _unquote(part[label.end() :])


def _unquote(value: str) -> str:
    """A remark name without OFAC's single quotes: `'FOO'` -> `FOO`."""
    quoted = _QUOTED.match(value.strip())
    return (quoted.group(1) if quoted else value).strip()


def _read_field(found: Remarks, label: str, value: str, part: str) -> None:
    kind, targets = _LABELS[label].kind, _LABELS[label].targets
    if kind == "text":
        found.add(targets, value)
    elif kind == "name":
        found.add(targets, _unquote(value))
    elif kind == "phone":
        found.add(targets, phone_number(value))
    elif kind == "code":
        found.add(targets, _TRAILING_COUNTRY.sub("", value))
    elif kind == "date":
        dates = read_dates(value)
        if not dates:
            found.problems.append(f"{label} {value!r} is not a date hisab can read")
        for date in dates:
            found.add(targets, date)
    elif kind == "country":
        _read_country(found, targets, label, value)
    elif kind == "document":
        _read_document(found, label, targets[0], value)
    elif kind == "provision":
        found.provisions.append(part)
    elif kind == "link":
        found.links.append(value)
    elif kind == "operator":
        found.operators.append(value)
    elif kind == "gender":
        found.add(("gender",), value.lower())
    elif kind == "imo":
        imo = _IMO.match(value)
        if imo:
            found.add(("imoNumber",), f"IMO{imo.group(1)}")
        else:  # a national registration, e.g. "15411 (Malta)"
            found.add(("registrationNumber",), _TRAILING_COUNTRY.sub("", value))
    elif kind == "wallet":
        currency, _, address = value.partition(" ")
        if address.strip():
            found.wallets.append((currency, address.strip()))


def _read_country(found: Remarks, props: tuple[str, ...], label: str, value: str) -> None:
    # "None Identified" (no former flag) states an absence, not a country.
    if not value or value.lower() == "none identified":
        return
    # OFAC writes uncertain nationalities as "possibly Palestinian"; notes keep the doubt.
    code = clean_country(re.sub(r"^possibly\s+", "", value, flags=re.I))
    if code is None:
        found.problems.append(f"{label} {value!r} is not a country hisab knows")
    else:
        found.add(props, code)


def _read_document(found: Remarks, label: str, target: str, value: str) -> None:
    imo = _IMO.match(value)
    if imo:
        # Companies' IMO numbers are sometimes given as "Identification Number IMO ...".
        found.add(("imoNumber",), f"IMO{imo.group(1)}")
        return
    match = _DOCUMENT.match(value)
    if match is None:
        return
    # "issued under the name …" is a remark, not an issue date: cut it off the number.
    number = re.split(r"\s+(?:issued|expires)\s", match.group("number"))[0].strip()
    country = match.group("country")
    if not any(c.isdigit() for c in number):
        return  # free text after the label ("Passport and National ID were issued in …")
    code = clean_country(country) if country else None
    if country and code is None:
        # Parentheses that name no country are part of the number.
        number = f"{number} ({country})"
    issued, expires = read_dates(match.group("issued") or ""), read_dates(match.group("expires") or "")
    for text, dates in ((match.group("issued"), issued), (match.group("expires"), expires)):
        if text and not dates:
            found.problems.append(f"{label} {value!r}: date {text!r} is not readable")
    schema, _, prop = target.partition(":")
    found.documents.append(_Document(label, schema, prop, number, code, issued, expires))


def phone_number(text: str) -> str:
    """An OFAC phone number in international form, so FtM can clean it.

    OFAC writes numbers with their country code but mostly without the `+`
    (`982188526300`, `0097282851500`, `(98)(21)(22013392)`, `263-4-486946`).
    A number starting with a single 0 is national and is left as it is.
    """
    # "(0)" is the trunk prefix dropped when dialling from abroad.
    number = _PHONE_PREFIX.sub("", text.strip(" :")).replace("(0)", "")
    number = _PHONE_NOISE.sub("", number)
    if number.startswith("00"):
        return "+" + number[2:]
    if number[:1].isdigit() and number[0] != "0":
        return "+" + number
    return number


def read_dates(text: str) -> list[str]:
    """Dates from an OFAC date (birth, issue, expiry, …), including full-date ranges.

    `01 Jan 1961 to 31 Dec 1962` is read as the years 1961 and 1962, and
    `01 Feb 1960 to 29 Feb 1960` as the month 1960-02: FtM dates cannot be ranges,
    so a range becomes the coarsest dates that cover it.
    """
    dates = parse_date(text)
    if dates or " to " not in text:
        return dates
    start, _, end = text.partition(" to ")
    first, last = parse_date(start), parse_date(end)
    if len(first) != 1 or len(last) != 1:
        return []
    a, b = first[0], last[0]
    if a[:7] == b[:7] and len(a) >= 7:
        return [a[:7]]
    if a[:4] == b[:4]:
        return [a[:4]]
    return parse_date(f"{a[:4]} to {b[:4]}")


# -- Names and links ----------------------------------------------------------------


def name_key(name: str) -> str:
    """A name compared for `Linked To`: case, punctuation and spacing ignored."""
    return " ".join(_NOT_WORD.sub(" ", name.casefold()).split())


def _name_parts(entity: EntityProxy, name: str) -> None:
    """`SURNAME, Given Names[, Jr.]` -> lastName, firstName, nameSuffix."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return
    entity.add("lastName", parts[0])
    entity.add("firstName", parts[1])
    if len(parts) > 2:
        entity.add("nameSuffix", ", ".join(p for p in parts[2:] if p))


@dataclass
class _NameIndex:
    """Primary names and aliases of every record in the file, for resolving links."""

    primary: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    programs: dict[str, frozenset[str]] = field(default_factory=dict)

    def resolve(self, name: str, ent_num: str) -> tuple[str | None, list[str]]:
        """The ent_num `name` refers to from record `ent_num`, and the candidates seen.

        Primary names win over aliases. When several records share the name, the
        ones sharing a program with the linking record are preferred.
        """
        key = name_key(name)
        candidates = (self.primary.get(key) or self.aliases.get(key) or set()) - {ent_num}
        if len(candidates) > 1:
            mine = self.programs.get(ent_num, frozenset())
            shared = {c for c in candidates if self.programs.get(c, frozenset()) & mine}
            if len(shared) == 1:
                candidates = shared
        ordered = sorted(candidates, key=int)
        return (ordered[0] if len(ordered) == 1 else None), ordered


# -- The format -------------------------------------------------------------------------


@dataclass
class _Companions:
    addresses: defaultdict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    aliases: defaultdict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    comments: dict[str, str] = field(default_factory=dict)
    #: (file name, line, ent_num) of every companion row, to check ent_nums exist.
    refs: list[tuple[str, int, str]] = field(default_factory=list)


class OfacCsvFormat:
    """OFAC's legacy SDN / non-SDN CSV files (see the module docstring)."""

    name = "ofac_csv"
    dataset = "us_ofac_sdn"

    def dataset_for(self, path: Path) -> str:
        return "us_ofac_cons" if path.name.lower().startswith("cons_") else self.dataset

    def detect(self, path: Path, head: bytes) -> bool:
        """A primary file, by content: rows of 12 cells, a numeric ent_num, `-0-` markers.

        The companions have 2, 5 or 6 columns and are never detected on their own.
        """
        text = head.decode("cp1252", errors="replace").lstrip("\ufeff")
        lines = [line.lstrip(_EOF) for line in text.splitlines()]
        if len(lines) > 1 and not head.endswith((b"\n", b"\r")):
            lines = lines[:-1]  # the last line may be cut short by the head's size
        rows = [row for row in csv.reader(lines) if row]
        if not rows:
            return False
        for row in rows:
            if len(row) != len(PRIMARY_COLUMNS) or not row[0].strip().isdigit():
                return False
            if row[2].strip() not in ("individual", "vessel", "aircraft", _EMPTY):
                return False
        return any(cell.strip() == _EMPTY for row in rows for cell in row)

    def companions(self, path: Path) -> tuple[Path, ...]:
        wanted = _COMPANIONS.get(path.name.lower())
        if not wanted:
            return ()
        present = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
        return tuple(present[name] for name in wanted if name in present)

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        companions = _read_companions(source.companions)
        index, lines = _index(source.path, companions)
        if not lines:
            raise ParseError(source.path, "the file is empty: no rows")
        _check_refs(source.path, companions, lines, report)
        builder = _Builder(source, index, companions, report)
        first: dict[str, tuple[int, str]] = {}
        for line, cells in read_rows(source.path, PRIMARY_COLUMNS, report):
            report.rows += 1
            ent_num = cells[0]
            digest = hashlib.sha1("\x1f".join(cells).encode("utf-8")).hexdigest()
            if ent_num in first:
                report.duplicates += 1
                first_line, first_digest = first[ent_num]
                if digest != first_digest:
                    report.warn(
                        f"{source.path.name}: ent_num {ent_num} is on line {first_line} and "
                        f"again, different, on line {line}; the first is kept"
                    )
                continue
            first[ent_num] = (line, digest)
            report.records += 1
            yield builder.build(line, cells)
        builder.finish()


def _read_companions(paths: Iterable[Path]) -> _Companions:
    found = _Companions()
    for path in paths:
        name = path.name.lower()
        if name.endswith("add.csv"):
            for line, cells in read_rows(path, ADDRESS_COLUMNS):
                found.addresses[cells[0]].append(cells)
                found.refs.append((path.name, line, cells[0]))
        elif name.endswith("alt.csv"):
            for line, cells in read_rows(path, ALIAS_COLUMNS):
                found.aliases[cells[0]].append(cells)
                found.refs.append((path.name, line, cells[0]))
        elif name.endswith("comments.csv"):
            for line, cells in read_rows(path, COMMENT_COLUMNS):
                # Raw continuation: it may start in the middle of a word.
                found.comments[cells[0]] = found.comments.get(cells[0], "") + cells[1]
                found.refs.append((path.name, line, cells[0]))
        else:
            raise ParseError(path, "not an OFAC companion file (add, alt or comments CSV)")
    return found


def _index(path: Path, companions: _Companions) -> tuple[_NameIndex, dict[str, int]]:
    """First pass: every record's names and programs, and its line."""
    index = _NameIndex()
    lines: dict[str, int] = {}
    for line, cells in read_rows(path, PRIMARY_COLUMNS):
        ent_num = cells[0]
        if ent_num in lines:
            continue
        lines[ent_num] = line
        index.primary[name_key(cells[1])].add(ent_num)
        index.programs[ent_num] = frozenset(_programs(cells[3]))
        for name in remark_names(cells[11] + companions.comments.get(ent_num, "")):
            index.aliases[name_key(name)].add(ent_num)
        for alias in companions.aliases.get(ent_num, []):
            index.aliases[name_key(alias[3])].add(ent_num)
    return index, lines


def _check_refs(path: Path, companions: _Companions, lines: dict[str, int], report: ParseReport) -> None:
    unknown = [ref for ref in companions.refs if ref[2] not in lines]
    by_file = Counter(name for name, _, _ in unknown)
    for name, count in sorted(by_file.items()):
        examples = ", ".join(f"line {line} (ent_num {ent_num})" for n, line, ent_num in unknown if n == name)
        report.warn(
            f"{name}: {count} row(s) refer to an ent_num that is not in {path.name}; "
            f"they are skipped: {_shorten(examples)}"
        )


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


def _programs(cell: str) -> list[str]:
    return [p.strip(" []") for p in cell.split("] [") if p.strip(" []")]


class _Builder:
    """Turns one primary row, with its companion rows, into a `Record`."""

    def __init__(
        self, source: Source, index: _NameIndex, companions: _Companions, report: ParseReport
    ) -> None:
        self.path = source.path
        self.dataset = source.dataset
        self.index = index
        self.companions = companions
        self.report = report
        self.links = 0
        self.unresolved = 0
        self.countries: Counter[str] = Counter()

    def build(self, line: int, cells: list[str]) -> Record:
        ent_num, name, sdn_type = cells[0], cells[1], cells[2]
        where = f"record {ent_num} (line {line})"
        if not name:
            raise ParseError(self.path, "empty name", line=line, field="SDN_Name")
        base = _SCHEMAS.get(sdn_type.lower())
        if base is None:
            self.report.warn(f"{where}: unknown SDN_Type {sdn_type!r}, read as an entity")
            base = "Organization"
        continuation = self.companions.comments.get(ent_num)
        remarks_text = cells[11] + (continuation or "")
        readable = remarks_text
        if continuation is None and len(readable) >= REMARKS_LIMIT:
            # Without the comments file the last field is cut short; don't read it.
            readable = readable.rsplit(";", 1)[0]
            self.report.warn(
                f"{where}: remarks cut at {REMARKS_LIMIT:,} characters and no comments "
                "file continues them; the last field is kept in notes only"
            )
        remarks = parse_remarks(readable)
        for problem in remarks.problems:
            self.report.warn(f"{where}: {problem}")

        schema = base
        if base == "Organization" and any(p[0] in _COMPANY_PROPS for p, _ in remarks.values):
            schema = "Company"
        subject = make_entity(schema, record_entity_id(self.dataset, ent_num))
        assert subject.id is not None
        url = RECORD_URL.format(record_id=ent_num)
        subject.add("name", name)
        subject.add("topics", "sanction")
        subject.add("sourceUrl", url)
        if schema == "Person":
            _name_parts(subject, name)
        elif schema == "Airplane" and _TAIL_NUMBER.match(name):
            # OFAC names an aircraft by its tail number (registration mark).
            subject.add("registrationNumber", name)
        for position in split_remarks(cells[4]):
            _add(subject, ("position",), position)
        subject.add("notes", remarks_text or None)
        entities = [subject]
        entities.extend(self._sanctions(subject, ent_num, cells[3], remarks, url))
        self._vessel_columns(subject, cells, entities)
        self._values(subject, ent_num, remarks)
        entities.extend(self._addresses(subject, ent_num))
        entities.extend(_documents(subject, remarks))
        entities.extend(_wallets(subject, remarks))
        entities.extend(self._links(subject, ent_num, remarks, where))
        return Record(self.dataset, ent_num, entities, line=line)

    def _sanctions(
        self, subject: EntityProxy, ent_num: str, cell: str, remarks: Remarks, url: str
    ) -> list[EntityProxy]:
        sanctions = []
        for program in _programs(cell) or [""]:
            sanction = make_sanction(
                subject,
                authority=AUTHORITY,
                program=program or None,
                record_id=ent_num,
                source_url=url,
                country="us",
            )
            sanction.add("provisions", remarks.provisions)
            sanctions.append(sanction)
        return sanctions

    def _vessel_columns(self, subject: EntityProxy, cells: list[str], entities: list[EntityProxy]) -> None:
        """Call_Sign … Vess_owner: filled for vessels only in the real files."""
        _add(subject, ("callSign",), cells[5])
        _add(subject, ("type",), cells[6])
        _add(subject, ("tonnage",), cells[7].replace(",", ""))
        _add(subject, ("grossRegisteredTonnage",), cells[8].replace(",", ""))
        # "None Identified" states that no flag is known.
        if cells[9] and cells[9].lower() != "none identified":
            code = clean_country(cells[9])
            if code is None:
                self.countries[f"vessel flag {cells[9]!r}"] += 1
            _add(subject, ("flag", "country"), code or "")
        owner = cells[10]
        if owner:
            subject.add("notes", f"Vessel owner: {owner}")
            target, _ = self.index.resolve(owner, cells[0])
            if target is not None and subject.id is not None:
                ownership = make_entity("Ownership", derived_id(subject.id, "owner", target))
                ownership.add("owner", record_entity_id(self.dataset, target))
                ownership.add("asset", subject.id)
                ownership.add("role", "Vessel owner")
                entities.append(ownership)

    def _values(self, subject: EntityProxy, ent_num: str, remarks: Remarks) -> None:
        """alt.csv's aliases, then every value the remarks give."""
        strong: set[str] = {name_key(n) for n in subject.get("name")}
        for cells in self.companions.aliases.get(ent_num, []):
            alt_type, alt_name = cells[2].lower(), cells[3]
            prop = _ALIAS_PROPS.get(alt_type)
            if prop is None:
                self.report.warn(f"record {ent_num}: alias type {cells[2]!r} read as aka")
                prop = "alias"
            subject.add(prop, alt_name)
            strong.add(name_key(alt_name))
        for props, value in remarks.values:
            # A remark name already given as a strong alias stays strong.
            if props[0] in ("alias", "weakAlias", "previousName") and name_key(value) in strong:
                continue
            _add(subject, props, value)

    def _addresses(self, subject: EntityProxy, ent_num: str) -> list[EntityProxy]:
        assert subject.id is not None
        found = []
        for _, add_num, street, city, country, remarks in self.companions.addresses.get(ent_num, []):
            if not (street or city or country):
                continue  # OFAC's placeholder row: no address known
            # "undetermined" states that the country is not known.
            unknown = not country or country.lower() == "undetermined"
            code = None if unknown else clean_country(country)
            if code is None and not unknown:
                self.countries[f"address country {country!r}"] += 1
            address = make_entity("Address", derived_id(subject.id, "address", add_num))
            full = ", ".join(p for p in (street, city, country) if p)
            address.add("full", full)
            address.add("street", street or None)
            address.add("city", city or None)
            address.add("country", code)
            address.add("remarks", remarks or None)
            if address.id and subject.schema.get("addressEntity") is not None:
                subject.add("addressEntity", address.id)
            if street or city:  # a bare country is no address to match on
                _add(subject, ("address",), full)
            _add(subject, ("country",), code or "")
            found.append(address)
        return found

    def _links(self, subject: EntityProxy, ent_num: str, remarks: Remarks, where: str) -> list[EntityProxy]:
        assert subject.id is not None
        found: dict[str, EntityProxy] = {}
        for name in remarks.links:
            self.links += 1
            target, candidates = self.index.resolve(name, ent_num)
            if target is None:
                self.unresolved += 1
                if candidates:
                    problem = f"matches several records ({', '.join(candidates)})"
                else:
                    problem = "matches no record in this file"
                self.report.warn(f"{where}: Linked To {name!r} {problem}; no link made")
                continue
            link_id = derived_id(subject.id, "linked", target)
            link = make_entity("UnknownLink", link_id)
            link.add("subject", subject.id)
            link.add("object", record_entity_id(self.dataset, target))
            link.add("role", "Linked To")
            found[link_id] = link
        for name in remarks.operators:
            target, _ = self.index.resolve(name, ent_num)
            if target is not None and subject.schema.get("operator") is not None:
                subject.add("operator", record_entity_id(self.dataset, target))
        return list(found.values())

    def finish(self) -> None:
        """Report what was counted over the whole file."""
        for what, count in sorted(self.countries.items()):
            self.report.warn(f"{what} is not a country hisab knows ({count} rows)")
        if self.unresolved:
            resolved = self.links - self.unresolved
            self.report.warn(
                f"{self.unresolved} of {self.links} 'Linked To' targets were not resolved "
                f"to a record in this file ({resolved / self.links:.2%} resolved)"
            )


def _add(entity: EntityProxy, props: tuple[str, ...], value: str) -> None:
    """Add `value` to the first of `props` the entity's schema has (if any)."""
    if not value:
        return
    for prop in props:
        if entity.schema.get(prop) is not None:
            entity.add(prop, value)
            return


def _documents(subject: EntityProxy, remarks: Remarks) -> list[EntityProxy]:
    assert subject.id is not None
    found: dict[str, EntityProxy] = {}
    for doc in remarks.documents:
        _add(subject, (doc.prop,), doc.number)
        doc_id = derived_id(subject.id, "document", doc.label, doc.number, doc.country or "")
        document = make_entity(doc.schema, doc_id)
        document.add("holder", subject.id)
        document.add("number", doc.number)
        document.add("type", doc.label)
        document.add("country", doc.country)
        document.add("startDate", doc.issued)
        document.add("endDate", doc.expires)
        found[doc_id] = document
    return list(found.values())


def _wallets(subject: EntityProxy, remarks: Remarks) -> list[EntityProxy]:
    assert subject.id is not None
    found: dict[str, EntityProxy] = {}
    for currency, address in remarks.wallets:
        wallet_id = derived_id(subject.id, "wallet", currency, address)
        wallet = make_entity("CryptoWallet", wallet_id)
        wallet.add("publicKey", address)
        wallet.add("currencySymbol", currency)
        wallet.add("holder", subject.id)
        found[wallet_id] = wallet
    return list(found.values())


FORMAT = OfacCsvFormat()
