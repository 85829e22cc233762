"""A user's ownership and control data: a CSV `owner,owned,share,role,start_date,end_date,source`.

Banks and investigators hold ownership data no sanctions list has (registry extracts,
annual reports, leaks). Loaded with `hisab load FILE.csv`, it becomes a dataset of its own
(`user_ownership`, or `ownership_<name>` with `--dataset`), versioned like a list, with
its provenance (the file, and the line and `source` cell of every link).

- `owner` and `owned` are a listed entity's id (as `hisab screen` shows it, such as
  `us-ofac-sdn-10391`), or a name. A name becomes a party: a `LegalEntity` record of the
  dataset, which `hisab resolve` links to the listed records it matches (the matching
  engine; an uncertain link goes to the review queue, `hisab review` / `hisab decide`).
- `share` is a percentage ("30", "30%", "0.3", "12.5 %"); empty when unknown. `role`
  (default "shareholder") says what the link is; a role that says control ("controlling
  interest", "operator") is control under the EU rule.
- Each row becomes an `Ownership` record; its id is derived from owner, owned and role,
  so reloading an edited file diffs by link.

Bad rows fail the load naming the line and the column; nothing is stored.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from hisab.errors import ParseError
from hisab.sources.base import ParseReport, Record, Source, make_entity, record_entity_id
from hisab.sources.values import parse_date

COLUMNS = ("owner", "owned", "share", "role", "start_date", "end_date", "source")
DEFAULT_DATASET = "user_ownership"
#: Datasets of this format: their records are a user's data, not listings.
DATASET_NAME = re.compile(r"^(user_)?ownership(_[a-z0-9_]+)?$")
#: A listed entity's id: no spaces, a dash, a digit ("us-ofac-sdn-10391", "un-sc-IRi.039").
ENTITY_ID = re.compile(r"^[a-z][a-z0-9]*(-[A-Za-z0-9.]+)*-[A-Za-z0-9.]*\d[A-Za-z0-9.]*$")
SHARE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(%?)\s*$")


def is_ownership_dataset(name: str) -> bool:
    return bool(DATASET_NAME.match(name))


def party_record_id(name: str) -> str:
    return "party:" + " ".join(name.split())


def parse_share(text: str) -> float | None:
    """A share as a fraction: "30", "30%" and "0.3" are 0.3; a value up to 1 without "%" is a
    fraction already. None when the cell does not hold a share from 0 to 100%."""
    match = SHARE.match(text)
    if not match:
        return None
    value = float(match.group(1).replace(",", "."))
    if match.group(2) or value > 1:
        value /= 100
    return value if 0 <= value <= 1 else None


class OwnershipCsv:
    name = "hisab_ownership"
    dataset = DEFAULT_DATASET

    def dataset_for(self, path: Path) -> str:
        return self.dataset

    def detect(self, path: Path, head: bytes) -> bool:
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
        columns = {c.strip().lower() for c in first.split(",")}
        return {"owner", "owned"} <= columns

    def companions(self, path: Path) -> tuple[Path, ...]:
        return ()

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        path, dataset = source.path, source.dataset
        if not is_ownership_dataset(dataset):
            raise ParseError(
                path,
                f"ownership data loads into a dataset named {DEFAULT_DATASET} or ownership_<name> "
                f"(got {dataset!r}), so that it is never taken for a sanctions list",
            )
        parties: dict[str, str] = {}
        seen: dict[str, int] = {}
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                fields = [f.strip().lower() for f in reader.fieldnames or []]
                reader.fieldnames = fields
                unknown = [f for f in fields if f not in COLUMNS]
                if unknown:
                    report.warn(f"{path.name}: columns not read: {', '.join(unknown)}")
                for line, row in enumerate(reader, 2):
                    report.rows += 1
                    if None in row:
                        raise ParseError(path, "more cells than columns", line=line)
                    ends = []
                    for column in ("owner", "owned"):
                        value = " ".join((row.get(column) or "").split())
                        if not value:
                            raise ParseError(path, "empty", line=line, field=column)
                        if ENTITY_ID.match(value):
                            ends.append(value)
                            continue
                        record_id = party_record_id(value)
                        entity_id = record_entity_id(dataset, record_id)
                        if value not in parties:
                            parties[value] = entity_id
                            party = make_entity("LegalEntity", entity_id)
                            party.add("name", value)
                            party.add("notes", f"named in {path.name}, line {line}")
                            report.records += 1
                            yield Record(dataset, record_id, [party], line=line)
                        ends.append(entity_id)
                    if ends[0] == ends[1]:
                        raise ParseError(path, "an entity cannot own itself", line=line, field="owned")
                    text = (row.get("share") or "").strip()
                    share = parse_share(text) if text else None
                    if text and share is None:
                        raise ParseError(
                            path,
                            f"not a share such as 30%, 30 or 0.3 (got {text!r})",
                            line=line,
                            field="share",
                        )
                    role = " ".join((row.get("role") or "").split()) or "shareholder"
                    key = f"{ends[0]}|{ends[1]}|{role.lower()}|{row.get('start_date') or ''}"
                    record_id = "link-" + hashlib.sha1(key.encode()).hexdigest()[:16]
                    if record_id in seen:
                        raise ParseError(
                            path,
                            f"the same link ({role}, same start date) is on line {seen[record_id]} already",
                            line=line,
                        )
                    seen[record_id] = line
                    link = make_entity("Ownership", record_entity_id(dataset, record_id))
                    link.add("owner", ends[0])
                    link.add("asset", ends[1])
                    link.add("role", role)
                    if share is not None:
                        link.add("percentage", f"{share * 100:g}%")
                    for column, prop in (("start_date", "startDate"), ("end_date", "endDate")):
                        text = (row.get(column) or "").strip()
                        if text:
                            dates = parse_date(text, dayfirst=False)
                            if not dates:
                                raise ParseError(path, f"not a date (got {text!r})", line=line, field=column)
                            link.add(prop, dates[0])
                    cited = (row.get("source") or "").strip()
                    link.add("sourceUrl" if cited.startswith(("http://", "https://")) else "summary", cited)
                    link.add("description", f"{path.name}, line {line}")
                    report.records += 1
                    yield Record(dataset, record_id, [link], line=line)
        except OSError as exc:
            raise ParseError(path, f"cannot read: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise ParseError(path, f"not UTF-8 text: {exc}") from exc
        except csv.Error as exc:
            raise ParseError(path, f"not a readable CSV: {exc}") from exc


FORMAT = OwnershipCsv()
