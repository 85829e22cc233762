"""Bad input gets a clear error naming the file, and never changes the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hisab.errors import HisabError, SourceError, UnknownFormatError
from hisab.lists import load_paths
from hisab.store import Store

UN_2025 = "un_sc/mkweli_2025-11-20/un_consolidated.xml"
UN_2026 = "un_sc/watchman_2026-02-27/UN_consolidated.xml"

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>&e;</FIRST_NAME><REFERENCE_NUMBER>IRi.999</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""


def truncated_xml(data: Path, tmp: Path) -> Path:
    raw = (data / UN_2026).read_bytes()
    path = tmp / "truncated.xml"
    path.write_bytes(raw[: len(raw) // 2])
    return path


def bomb(data: Path, tmp: Path) -> Path:
    path = tmp / "bomb.xml"
    path.write_bytes(BOMB)
    return path


def garbled_xml(data: Path, tmp: Path) -> Path:
    raw = bytearray((data / UN_2026).read_bytes())
    middle = len(raw) // 3
    raw[middle : middle + 200] = b"<<<\x00\xff>>>&&&" * 16 + b"</x" * 8
    path = tmp / "garbled.xml"
    path.write_bytes(bytes(raw))
    return path


def wrong_encoding(data: Path, tmp: Path) -> Path:
    """An EU Official Journal CSV (UTF-8) saved as UTF-16."""
    text = (data / "eu_oj_opensanctions/consolidated/32023R1529.csv").read_text("utf-8")
    folder = tmp / "eu"
    folder.mkdir()
    path = folder / "32023R1529.csv"
    path.write_bytes(text.encode("utf-8")[:3000] + "Ä".encode("latin-1") + b"\xff\xfe" + b"\n")
    return path


def missing_columns(data: Path, tmp: Path) -> Path:
    lines = (data / "ofac_sdn_2021-07/sdn.csv").read_bytes().split(b"\r\n")
    lines[2000] = b",".join(lines[2000].split(b",")[:5])
    folder = tmp / "ofac"
    folder.mkdir()
    path = folder / "sdn.csv"
    path.write_bytes(b"\r\n".join(lines))
    return path


def extra_columns(data: Path, tmp: Path) -> Path:
    raw = (data / "us_csl/consolidated.csv.gz").read_bytes()
    import gzip

    lines = gzip.decompress(raw).split(b"\n")
    lines[10] = lines[10] + b",extra,cells"
    path = tmp / "consolidated.csv"
    path.write_bytes(b"\n".join(lines))
    return path


def empty(data: Path, tmp: Path) -> Path:
    path = tmp / "sdn.csv"
    path.write_bytes(b"")
    return path


def unknown(data: Path, tmp: Path) -> Path:
    path = tmp / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return path


CASES: dict[str, tuple[Callable[[Path, Path], Path], type[HisabError], str]] = {
    "truncated-xml": (truncated_xml, SourceError, r"line \d+"),
    "entity-bomb": (bomb, SourceError, r"entit|DTD"),
    "garbled-xml": (garbled_xml, SourceError, r"line \d+"),
    "wrong-encoding": (wrong_encoding, SourceError, r"line \d+|encod|decode"),
    "missing-columns": (missing_columns, SourceError, r"line 2001"),
    "extra-columns": (extra_columns, SourceError, r"line 11"),
    "empty-file": (empty, UnknownFormatError, r"empty"),
    "unknown-format": (unknown, UnknownFormatError, r"not a list format"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_refused_and_store_unchanged(case: str, tmp_path: Path, data_dir: Path) -> None:
    make, error, where = CASES[case]
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [data_dir / UN_2025])
    before = [(v.dataset, v.number, v.content_hash, v.current) for v in store.versions()]
    bad = make(data_dir, tmp_path)
    with pytest.raises(error, match=where) as raised:
        # A good new version of un_sc first: it must be rolled back with the bad file.
        load_paths(store, [data_dir / UN_2026, bad])
    assert bad.name in str(raised.value), f"the error names the file: {raised.value}"
    after = [(v.dataset, v.number, v.content_hash, v.current) for v in store.versions()]
    assert after == before, "a failed load must leave the store exactly as it was"
