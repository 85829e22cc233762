"""List formats: one module per format, each exposing `FORMAT`, all registered here.

Adding a list means adding one module with its fixtures and one line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from hisab.errors import HisabError, UnknownFormatError
from hisab.sources.base import ListFormat, ParseReport, Record, Source

__all__ = ["ListFormat", "ParseReport", "Record", "Source", "discover", "formats", "get_format"]

#: Modules in detection order: the most specific formats first.
FORMAT_MODULES = (
    "hisab.sources.ofac_csv",
    "hisab.sources.ofac_xml",
    "hisab.sources.un_xml",
    "hisab.sources.uk_hmt",
    "hisab.sources.eu_journal",
    "hisab.sources.eu_fsf",
    "hisab.sources.us_csl",
    "hisab.sources.ftm",
    "hisab.sources.ownership",
)
#: How many bytes `detect` gets to look at.
HEAD_BYTES = 8192


@cache
def formats() -> tuple[ListFormat, ...]:
    """All registered formats, in detection order."""
    found: list[ListFormat] = []
    for name in FORMAT_MODULES:
        module = importlib.import_module(name)
        found.append(module.FORMAT)
    return tuple(found)


def get_format(name: str) -> ListFormat:
    for fmt in formats():
        if fmt.name == name:
            return fmt
    known = ", ".join(f.name for f in formats())
    raise HisabError(f"unknown format {name!r} (known: {known})")


def read_head(path: Path) -> bytes:
    """The first bytes of a file, gunzipped if it is gzip."""
    import gzip

    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as gz:
                return gz.read(HEAD_BYTES)
        except (OSError, EOFError):
            return head
    return head


def detect(path: Path, dataset: str | None = None) -> Source:
    """The `Source` for one file, or `UnknownFormatError`."""
    if not path.is_file():
        raise UnknownFormatError(path, "not a file")
    head = read_head(path)
    if not head.strip():
        raise UnknownFormatError(path, "the file is empty")
    for fmt in formats():
        if fmt.detect(path, head):
            return Source(path, fmt.name, dataset or fmt.dataset_for(path), fmt.companions(path))
    raise UnknownFormatError(path)


def discover(paths: Iterable[Path], dataset: str | None = None) -> tuple[list[Source], list[str]]:
    """Sources for files and folders (recursively), and notes on what was skipped.

    A file claimed as another file's companion (OFAC `add.csv` beside `sdn.csv`)
    is not loaded on its own. Files given by name must be recognised; files
    found inside a folder that no format recognises are skipped with a note.
    """
    sources: list[Source] = []
    skipped: list[str] = []
    explicit: list[Path] = []
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            explicit.append(path)
    for path in explicit:
        sources.append(detect(path, dataset))
    unknown: list[tuple[Path, str]] = []
    for path in found:
        try:
            sources.append(detect(path, dataset))
        except UnknownFormatError as exc:
            unknown.append((path, str(exc)))
    claimed = {c.resolve() for s in sources for c in s.companions}
    skipped.extend(note for path, note in unknown if path.resolve() not in claimed)
    # A file that belongs to another file's group is loaded with that group; a
    # group whose members all name each other (EU legal acts) is loaded once.
    groups = [frozenset(p.resolve() for p in (s.path, *s.companions)) for s in sources]
    seen: set[frozenset[Path]] = set()
    unique: list[Source] = []
    for source, group in zip(sources, groups, strict=True):
        if group in seen:
            continue
        if any(source.path.resolve() in other and other != group for other in groups):
            continue
        seen.add(group)
        unique.append(source)
    return unique, skipped
