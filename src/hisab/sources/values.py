"""Value cleaning shared by the list parsers: dates, countries, multi-valued cells.

FollowTheMoney drops values it cannot clean (a date of "circa 1961" silently
disappears), so parsers turn publisher spellings into clean values here first
and report what could not be read instead of losing it quietly.
"""

from __future__ import annotations

import re
from datetime import date

from followthemoney import EntityProxy
from followthemoney.types import registry

from hisab.sources.base import derived_id, make_entity

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_CIRCA = re.compile(r"^\s*(?:circa|ca\.?|c\.|approx(?:imately)?\.?|about)\s*", re.I)
_RANGE = re.compile(r"^\s*(?:between\s+)?(\d{4})\s*(?:to|-|–|and)\s*(\d{4})\s*$", re.I)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$")
_TEXTUAL = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_TEXTUAL_US = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
#: Year ranges wider than this are kept as their two ends, not every year.
MAX_RANGE_YEARS = 10


#: The years a date may have: a year outside is a slip or another calendar's, not read.
MIN_YEAR = 1000
MAX_YEAR = 2100


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str | None, dayfirst: bool = True) -> list[str]:
    """Clean ISO date prefixes (`1961`, `1961-03`, `1961-03-02`) from one date cell.

    Reads full dates in the publishers' spellings (`02 Mar 1961`, `02/03/1961`,
    `1961-03-02`), year-only and month-year dates, "circa" dates (kept as the
    year given: FtM has no notion of approximation), and year ranges
    (`1961 to 1963`), which become each year of the range. Returns an empty list
    when nothing can be read, so the caller can report it.
    """
    if text is None:
        return []
    found = iso_day(text)
    if found is not None:
        return [found]
    return _read_date(text, dayfirst)


def iso_day(text: str) -> str | None:
    """`text` if it is a date as `parse_date` gives one back (YYYY-MM-DD, ASCII digits, a day of
    the calendar, a year from MIN_YEAR to MAX_YEAR), else None. What most files and queries
    give, read without the patterns of `_read_date`: a third of the time (a screening query's
    birth date was 1.5% of the wall clock of screening the dev queries; docs/benchmarks.md,
    2026-12-08)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return None
    year, month, day = text[:4], text[5:7], text[8:]
    if not (year.isdigit() and month.isdigit() and day.isdigit()):
        return None
    number = int(year)
    if not MIN_YEAR <= number <= MAX_YEAR:
        return None
    try:
        date(number, int(month), int(day))
    except ValueError:
        return None
    return text


def _read_date(text: str, dayfirst: bool) -> list[str]:
    """`parse_date` by its patterns, for a text `iso_day` does not take."""
    value = _CIRCA.sub("", text.strip()).strip(" .;,")
    if not value:
        return []
    rng = _RANGE.match(value)
    if rng:
        start, end = int(rng.group(1)), int(rng.group(2))
        if start > end:
            start, end = end, start
        years = [start, end] if end - start > MAX_RANGE_YEARS else list(range(start, end + 1))
        return [y for y in (_iso(year) for year in years) if y]
    found: str | None = None
    if m := _ISO.match(value):
        found = _iso(int(m.group(1)), _int(m.group(2)), _int(m.group(3)))
    elif m := _YEAR_FIRST.match(value):
        found = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m := _NUMERIC.match(value):
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day, month = (a, b) if dayfirst else (b, a)
        found = _iso(year, month, day)
    elif m := _TEXTUAL.match(value):
        named = _MONTHS.get(m.group(2).lower())
        if named is not None:
            found = _iso(int(m.group(3)), named, _int(m.group(1)))
    elif m := _TEXTUAL_US.match(value):
        named = _MONTHS.get(m.group(1).lower())
        if named is not None:
            found = _iso(int(m.group(3)), named, int(m.group(2)))
    return [found] if found else []


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def clean_country(text: str | None) -> str | None:
    """An ISO 3166 code (FtM's lower-case form) for a country name or code, or None."""
    if not text or not text.strip():
        return None
    cleaned = registry.country.clean(text.strip())
    return str(cleaned) if cleaned else None


def split_values(text: str | None, separators: str = ";") -> list[str]:
    """Split a multi-valued cell, dropping empty parts and surrounding blanks."""
    if not text:
        return []
    parts = re.split("|".join(re.escape(s) for s in separators), text)
    return [p.strip() for p in parts if p and p.strip()]


def add_dates(entity: EntityProxy, prop: str, text: str | None, dayfirst: bool = True) -> bool:
    """Add the dates read from `text` to `entity.prop`; False if `text` was unreadable."""
    values = parse_date(text, dayfirst=dayfirst)
    for value in values:
        entity.add(prop, value)
    return bool(values) or not (text and text.strip())


def add_country(entity: EntityProxy, prop: str, text: str | None) -> bool:
    """Add a country to `entity.prop`; False if `text` names no country hisab knows."""
    code = clean_country(text)
    if code is None:
        return not (text and text.strip())
    entity.add(prop, code)
    return True


def make_sanction(
    subject: EntityProxy,
    *,
    authority: str,
    program: str | None,
    record_id: str,
    listing_date: str | None = None,
    reason: str | None = None,
    source_url: str | None = None,
    country: str | None = None,
) -> EntityProxy:
    """The `Sanction` of one listing under one program."""
    assert subject.id is not None, "subject needs an id before its sanction"
    sanction = make_entity("Sanction", derived_id(subject.id, "sanction", program or ""))
    sanction.add("entity", subject.id)
    sanction.add("authority", authority)
    sanction.add("program", program)
    sanction.add("recordId", record_id)
    sanction.add("listingDate", parse_date(listing_date))
    sanction.add("startDate", parse_date(listing_date))
    sanction.add("reason", reason)
    sanction.add("sourceUrl", source_url)
    sanction.add("country", country)
    return sanction


_TRAILING_PARENS = re.compile(r"^(?P<name>.*\S)\s*\((?P<inside>[^()]+)\)$")
_SHORT_WORD = re.compile(r"^(?:[A-Z0-9][A-Z0-9-]{1,7}|(?:[A-Z]\.\s?){2,6})$")
_SHORT_TAIL = ("CO", "CO.", "LTD", "LTD.")


def short_forms(name: str) -> tuple[str, tuple[str, ...]] | None:
    """An organisation's name that ends with its short forms in parentheses, split: the name
    without them, and the short forms ("AIO"; "E.S. CO." and "E.X. CO.", written with "/"
    between). None when the parentheses hold anything else: another name ("MOHANDESI TOSEH
    SOKHT ATOMI COMPANY"), a place or a branch ("KENYA", "AFGHANISTAN BRANCH"), which stay
    part of the name. A short form is one word of two to eight capitals or digits ("AIO",
    "AAS-T", "3M") or two to six initials with dots, perhaps followed by "CO." or "LTD."."""
    match = _TRAILING_PARENS.match(name)
    if match is None:
        return None
    # "E.S. CO ." as "E.S. CO.": a dot the list set apart.
    parts = (re.sub(r"\s+\.", ".", " ".join(part.split())) for part in match["inside"].split("/"))
    forms = tuple(f for f in parts if f)
    if not forms:
        return None
    for form in forms:
        words = form.split()
        if len(words) > 1 and words[-1] in _SHORT_TAIL:
            words = words[:-1]
        if len(words) != 1 and not _SHORT_WORD.match(" ".join(words)):
            return None
        if len(words) == 1 and (not _SHORT_WORD.match(words[0]) or clean_country(words[0]) is not None):
            return None
    return match["name"], forms
