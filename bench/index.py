"""The lists the screening benchmark screens against, and the names held out of them.

The index is everything in the shared data folder that a customer would be
screened against, loaded by `hisab load` into `bench/out/index.db`, except:

- `uk_hmt_2018-04`: its names are the `cross_list` queries, whose expected
  answer is the UN record, so the UK records themselves are left out;
- `ofac_sdn_2022-11`: a later version of the same `us_ofac_sdn` dataset; it
  would become the current version, and its remarks repeat aliases.

Held-out names are removed from *copies* of the files, loaded under the same
dataset names (the originals are never changed):

- `ofac_sdn_2021-07/alt.csv`: the rows of the held-out OFAC aliases;
- `eu_oj_opensanctions`: the Persian/Arabic-script aliases of the persons in the
  three EU Iran acts (32011R0359, 32012R0267, 32023R1529);
- `us_csl/consolidated.csv.gz`: both kinds of held-out names wherever they
  appear in `alt_names` (the CSL repeats the SDN list).

`export_index` then writes every listed subject of the index store to
`index.jsonl`, which the case builder, the candidate stage and the peers read.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import Subject, name_keys, script_of

#: Folders of the shared data folder loaded unchanged.
UNCHANGED = ("un_sc", "ofac_consolidated_non_sdn", "eu_fsf_csv_2018-07_excerpt", "opensanctions_ftm")
OFAC = "ofac_sdn_2021-07"
EU = "eu_oj_opensanctions"
CSL = "us_csl"
#: The EU Official Journal acts of the Iran regimes.
EU_IRAN_ACTS = ("32011R0359", "32012R0267", "32023R1529")
OFAC_ALIAS_TYPES = ("aka", "fka", "nka")


@dataclass(frozen=True)
class OfacAlias:
    """One row of OFAC's alt.csv, with its SDN row's name, type and programs."""

    ent_num: str
    alt_num: str
    alt_type: str
    alt_name: str
    sdn_name: str
    sdn_type: str
    programs: str


@dataclass(frozen=True)
class EuAlias:
    """One Persian/Arabic-script alias of a person in an EU Iran act."""

    file: str
    row: int
    celex: str
    annex: str
    record_id: str
    name: str
    alias: str

    @property
    def hisab_record_id(self) -> str:
        """The record id hisab's EU parser gives the row (`celex/annex/recordId`)."""
        return f"{self.celex}/{self.annex}/{self.record_id}"


@dataclass(frozen=True)
class Holdouts:
    """What the index copies leave out."""

    #: OFAC alt.csv rows, as (ent_num, alt_num).
    ofac_rows: frozenset[tuple[str, str]]
    #: EU aliases, as (file, row number, alias text).
    eu_aliases: frozenset[tuple[str, int, str]]

    def name_keys(self, ofac: Iterable[OfacAlias], eu: Iterable[EuAlias]) -> set[str]:
        """The name keys of every held-out name (to clean the CSL copy)."""
        keys: set[str] = set()
        for alias in ofac:
            if (alias.ent_num, alias.alt_num) in self.ofac_rows:
                keys |= name_keys(alias.alt_name)
        for eu_alias in eu:
            if (eu_alias.file, eu_alias.row, eu_alias.alias) in self.eu_aliases:
                keys |= name_keys(eu_alias.alias)
        return keys


def _ofac_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("latin-1").replace("\x1a", "")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text)) if len(row) > 1]


def ofac_aliases(data: Path) -> list[OfacAlias]:
    """Every strong alias of OFAC's 2021 alt.csv, with its SDN row."""
    sdn = {row[0]: row for row in _ofac_rows(data / OFAC / "sdn.csv")}
    found = []
    for row in _ofac_rows(data / OFAC / "alt.csv"):
        ent_num, alt_num, alt_type, alt_name = row[:4]
        main = sdn.get(ent_num)
        if main is None or alt_type.lower() not in OFAC_ALIAS_TYPES:
            continue
        found.append(OfacAlias(ent_num, alt_num, alt_type.lower(), alt_name, main[1], main[2], main[3]))
    return found


def _split_alias_cell(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def eu_persian_aliases(data: Path) -> list[EuAlias]:
    """The aliases written only in Persian/Arabic script of persons in the EU Iran acts."""
    found = []
    for act in EU_IRAN_ACTS:
        path = data / EU / "consolidated" / f"{act}.csv"
        with open(path, encoding="utf-8", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh)):
                if row["schema"] != "Person":
                    continue
                for part in _split_alias_cell(row["alias"]):
                    if script_of(part) == "arabic" and not any(ch.isascii() and ch.isalpha() for ch in part):
                        found.append(
                            EuAlias(
                                path.name,
                                number,
                                row["celex"],
                                row["annex"],
                                row["recordId"],
                                row["name"],
                                part,
                            )
                        )
    return found


def write_ofac_copy(data: Path, out: Path, rows: frozenset[tuple[str, str]]) -> Path:
    """A copy of the OFAC 2021 folder whose alt.csv lacks `rows` (CRLF and end byte kept)."""
    target = out / OFAC
    target.mkdir(parents=True, exist_ok=True)
    for name in ("sdn.csv", "add.csv", "sdn_comments.csv"):
        shutil.copyfile(data / OFAC / name, target / name)
    raw = (data / OFAC / "alt.csv").read_bytes()
    kept = []
    for line in raw.split(b"\r\n"):
        cells = next(csv.reader([line.decode("latin-1")]), [])
        if len(cells) > 1 and (cells[0].strip(), cells[1].strip()) in rows:
            continue
        kept.append(line)
    (target / "alt.csv").write_bytes(b"\r\n".join(kept))
    return target


def write_eu_copy(data: Path, out: Path, aliases: frozenset[tuple[str, int, str]]) -> Path:
    """A copy of the EU Official Journal folder without the held-out aliases."""
    source = data / EU / "consolidated"
    target = out / EU / "consolidated"
    target.mkdir(parents=True, exist_ok=True)
    by_file: dict[str, set[tuple[int, str]]] = {}
    for file, number, alias in aliases:
        by_file.setdefault(file, set()).add((number, alias))
    for path in sorted(source.glob("*.csv")):
        removed = by_file.get(path.name)
        if not removed:
            shutil.copyfile(path, target / path.name)
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = list(reader.fieldnames or [])
            rows = list(reader)
        for number, row in enumerate(rows):
            parts = _split_alias_cell(row["alias"])
            row["alias"] = "; ".join(part for part in parts if (number, part) not in removed)
        with open(target / path.name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
    return target.parent


def write_csl_copy(data: Path, out: Path, keys: set[str]) -> Path:
    """A copy of the US CSL without alternative names whose name key is in `keys`."""
    target = out / CSL
    target.mkdir(parents=True, exist_ok=True)
    with gzip.open(data / CSL / "consolidated.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        names = _split_alias_cell(row["alt_names"])
        row["alt_names"] = "; ".join(n for n in names if not name_keys(n) & keys)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with (
        open(target / "consolidated.csv.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        gz.write(buffer.getvalue().encode("utf-8"))
    return target


def write_sources(data: Path, out: Path, holdouts: Holdouts, keys: set[str]) -> list[Path]:
    """Every list folder of the index: the unchanged ones and the held-out copies."""
    if out.exists():
        shutil.rmtree(out)
    return [
        *(data / name for name in UNCHANGED),
        write_ofac_copy(data, out, holdouts.ofac_rows),
        write_eu_copy(data, out, holdouts.eu_aliases),
        write_csl_copy(data, out, keys),
    ]


def build_store(db: Path, paths: list[Path]) -> None:
    """Load `paths` into a fresh store at `db`, as `hisab load` does."""
    from hisab.lists import load_paths
    from hisab.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    load_paths(Store(f"sqlite:///{db}"), paths)


def _subject(dataset: str, record_id: str, entities: list[dict[str, Any]]) -> Subject | None:
    from hisab.sources.base import record_entity_id

    wanted = {record_entity_id(dataset, record_id), record_id}
    named = [e for e in entities if e["schema"] != "Sanction" and e.get("properties", {}).get("name")]
    subject = next((e for e in named if e["id"] in wanted), named[0] if named else None)
    if subject is None:
        return None
    sanctions = [e.get("properties", {}) for e in entities if e["schema"] == "Sanction"]
    entity = {key: value for key, value in subject.items() if key != "record_id"}
    return Subject(
        dataset,
        record_id,
        entity,
        sorted({ref for s in sanctions for ref in s.get("unscId", [])}),
        sorted({program for s in sanctions for program in s.get("program", [])}),
    )


def export_index(db: Path, path: Path) -> int:
    """Write every named listed subject of the store's current versions to `path`; returns the count."""
    from hisab.store import Store

    store = Store(f"sqlite:///{db}")
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for version in store.current_versions():
            record: list[dict[str, Any]] = []
            for entity in [*store.entities([version.id]), None]:
                if record and (entity is None or entity["record_id"] != record[0]["record_id"]):
                    subject = _subject(version.dataset, record[0]["record_id"], record)
                    if subject is not None:
                        out.write(subject.to_json() + "\n")
                        count += 1
                    record = []
                if entity is not None:
                    record.append(entity)
    return count
