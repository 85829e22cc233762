"""Helpers for CSV lists written one row per element: decoding, rows, columns, grouping.

Several publishers write one listing over many CSV rows (one row per alias,
address or birth date) and do not promise that a listing's rows are adjacent.
`group_rows` reads such a file twice: a cheap first pass notes the last line
of each record, the second pass hands a record over as soon as its last row
is read, so only the records still open are held in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from followthemoney import EntityProxy

from hisab.errors import ParseError
from hisab.sources.base import ParseReport

T = TypeVar("T")
_BOM = b"\xef\xbb\xbf"


def decoded_lines(path: Path, encoding: str = "cp1252") -> Iterator[str]:
    """The lines of `path` as text (line ends kept), decoded strictly.

    A file starting with a UTF-8 byte-order mark is read as UTF-8 whatever
    `encoding` says: re-saving a list in an editor often does that. A byte the
    encoding cannot decode raises `ParseError` naming its line, rather than
    turning into a replacement character that would silently change a name.
    """
    with open(path, "rb") as fh:
        first = fh.readline()
        if first.startswith(_BOM):
            encoding, first = "utf-8", first[len(_BOM) :]
        number = 1
        for raw in prepend(first, fh):
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError as exc:
                byte = raw[exc.start : exc.start + 1].hex()
                raise ParseError(
                    path,
                    f"byte 0x{byte} at column {exc.start + 1} cannot be decoded as {encoding} "
                    "(wrong encoding or a damaged file)",
                    line=number,
                ) from None
            number += 1


def prepend(first: T, rest: Iterable[T]) -> Iterator[T]:
    """`first` (unless empty), then `rest`: puts back an item read ahead of an iterator."""
    if first:
        yield first
    yield from rest


def csv_rows(path: Path, lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the (last) physical line each ends on; blank lines are skipped.

    A quoting error is reported at the line its row starts on: for a quote
    never closed, that is where the quote opened, not the end of the file.
    """
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    ended = 0
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells
            ended = reader.line_num
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}", line=ended + 1) from None


def check_columns(path: Path, line: int, header: Sequence[str], expected: Sequence[str]) -> None:
    """Raise `ParseError` naming the first missing or unexpected column of `header`."""
    missing = [name for name in expected if name not in header]
    if missing:
        raise ParseError(path, f"missing column(s) {', '.join(missing)}", line=line, field=missing[0])
    extra = [name for name in header if name not in expected]
    if extra:
        names = ", ".join(map(repr, extra))
        raise ParseError(path, f"unexpected column(s) {names}", line=line, field=extra[0])
    if len(header) != len(expected):
        raise ParseError(path, "a column appears twice in the header", line=line)


class RecordWarnings:
    """Warnings about one record, each reported once however many rows repeat it."""

    def __init__(self, dataset: str, record_id: str, report: ParseReport) -> None:
        self.prefix = f"{dataset} {record_id}"
        self.report = report
        self.seen: set[str] = set()

    def warn(self, what: str, value: str) -> None:
        message = f"{self.prefix}: {what} {value!r}"
        if message not in self.seen:
            self.seen.add(message)
            self.report.warn(message)


def group_rows(
    path: Path,
    read: Callable[[], Iterator[tuple[int, str, T]]],
) -> Iterator[tuple[str, list[tuple[int, T]]]]:
    """Each record's key and its rows (with their lines), from two passes of `read`.

    `read` yields `(line, record key, row)` and is called twice. Records come
    out in the order of their last row, which is file order when a record's
    rows are adjacent.
    """
    last: dict[str, int] = {}
    for line, key, _ in read():
        last[key] = line
    pending: dict[str, list[tuple[int, T]]] = {}
    for line, key, row in read():
        if key not in last:
            raise ParseError(
                path, f"record {key!r} was not there on the first read (file changed?)", line=line
            )
        pending.setdefault(key, []).append((line, row))
        if last[key] == line:
            yield key, pending.pop(key)
    if pending:
        raise ParseError(path, f"records {sorted(pending)[:5]} ended early (file changed while read?)")


def collect(entities: dict[str, EntityProxy], entity: EntityProxy) -> None:
    """Add `entity` to `entities` by id, merging it into an entity already there.

    A listing may state the same document or address twice (in two columns,
    or in rows repeated for each alias); a record must hold each id once.
    """
    key = str(entity.id)
    if key in entities:
        entities[key].merge(entity)
    else:
        entities[key] = entity
