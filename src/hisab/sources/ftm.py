"""FollowTheMoney entities as JSON lines: OpenSanctions exports and their deltas.

Two shapes, one JSON object per line:

- an entity export (`entities.ftm.json`): `{"id", "schema", "properties", …}`;
- an OpenSanctions delta (`entities.delta.json`): `{"op": "ADD"|"MOD"|"DEL",
  "entity": {…}}`, the changes since the previous run. A `DEL` entity may carry
  only its id.

Entities are kept as given, ids included: their references to each other
(`addressEntity`, an `Ownership`'s `owner`) use those ids, so renaming them
would cut the links. Each entity is one record, relationship entities too.
They are read as `followthemoney.ValueEntity`, which keeps OpenSanctions'
`datasets` (the source lists an entity was merged from), `referents` (the ids it
was merged from, e.g. `ofac-10465`) and `first_seen`/`last_seen`/`last_change`
as attributes beside the properties.

The schema and every property name are checked against the FtM model: a file
written for another model version fails loudly instead of losing data quietly.
Values are not re-cleaned; the exporter cleaned them.

Dataset: the folder holding the file (`yente_t1`), or the folder above when
that folder is an OpenSanctions run folder (`20240527194702-wnk`), so the runs
of one dataset load into one dataset. `hisab load --dataset` overrides it. The
run folder's timestamp is the publication date of a delta.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import ValueEntity, model

from hisab.errors import ParseError
from hisab.sources.base import ParseReport, Record, Source

DATASET = "ftm"
_OPS = frozenset({"ADD", "MOD", "DEL"})
#: OpenSanctions run folders: `<YYYYmmddHHMMSS>-<random suffix>`.
_RUN_FOLDER = re.compile(r"^(\d{4})(\d{2})(\d{2})\d{6}-[0-9a-z]+$")
_DATASET_UNSAFE = re.compile(r"[^a-z0-9_-]+")
#: The longest first line `detect` reads past the head to decide (one entity).
_MAX_DETECT_LINE = 1 << 24
_GZIP_MAGIC = b"\x1f\x8b"


def _open(path: Path) -> io.BufferedIOBase:
    """The file as bytes, gunzipped when it is gzip."""
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == _GZIP_MAGIC else open(path, "rb")


def _run_folder(path: Path) -> re.Match[str] | None:
    return _RUN_FOLDER.match(path.parent.name)


def _is_record(obj: object) -> bool:
    """An FtM entity or a delta operation."""
    if not isinstance(obj, dict):
        return False
    return ("schema" in obj and "properties" in obj) or ("op" in obj and "entity" in obj)


class FtmFormat:
    """FollowTheMoney JSON lines (entity exports and OpenSanctions delta files)."""

    name = "ftm"
    dataset = DATASET

    def dataset_for(self, path: Path) -> str:
        folder = path.parent.parent if _run_folder(path) else path.parent
        name = _DATASET_UNSAFE.sub("_", folder.resolve().name.lower()).strip("_")
        return name or self.dataset

    def detect(self, path: Path, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if not text.startswith(b"{"):
            return False
        line, newline, _rest = text.partition(b"\n")
        if not newline:
            # The first entity may be longer than the head: read its whole line.
            line = self._first_line(path)
        try:
            return _is_record(json.loads(line))
        except ValueError:
            return False

    def _first_line(self, path: Path) -> bytes:
        try:
            with _open(path) as fh:
                for line in fh:
                    if line.strip():
                        return bytes(line[:_MAX_DETECT_LINE])
        except (OSError, EOFError, zlib.error):
            pass
        return b""

    def companions(self, path: Path) -> tuple[Path, ...]:
        return ()

    def parse(self, source: Source, report: ParseReport) -> Iterator[Record]:
        path = source.path
        delta: bool | None = None
        number = 0
        try:
            with _open(path) as fh:
                for number, raw in enumerate(fh, start=1):
                    obj = _read_line(path, number, raw)
                    if obj is None:
                        continue
                    report.rows += 1
                    if delta is None:
                        delta = "op" in obj
                        report.is_delta = delta
                        run = _run_folder(path)
                        if delta and run:
                            report.published = "-".join(run.groups())
                    if delta:
                        op, data = _operation(path, number, obj)
                    else:
                        op, data = "ADD", obj
                    entity = _entity(path, number, data, op == "DEL")
                    report.records += 1
                    yield Record(source.dataset, str(entity.id), [entity], line=number, delete=op == "DEL")
        except (OSError, EOFError, zlib.error) as exc:
            raise ParseError(path, f"cannot read the file ({exc})", line=number + 1) from exc
        if delta is None:
            raise ParseError(path, "the file is empty")


def _read_line(path: Path, number: int, raw: bytes) -> dict[str, Any] | None:
    """One JSON object, or None for a blank line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8 text ({exc.reason})", line=number) from exc
    if not text.strip():
        return None
    try:
        obj = json.loads(text)
    except ValueError as exc:
        # The last line of an interrupted download is cut off, without its newline.
        problem = "truncated line" if not text.endswith("\n") else "not JSON"
        raise ParseError(path, f"{problem} ({exc})", line=number) from exc
    if not isinstance(obj, dict):
        raise ParseError(path, "not a JSON object", line=number)
    return obj


def _operation(path: Path, number: int, obj: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    op = obj.get("op")
    if op not in _OPS:
        raise ParseError(
            path, f"unknown operation {op!r} (expected ADD, MOD or DEL)", line=number, field="op"
        )
    data = obj.get("entity")
    if not isinstance(data, dict):
        raise ParseError(path, "the operation has no entity object", line=number, field="entity")
    return op, data


def _entity(path: Path, number: int, data: dict[str, Any], deleted: bool) -> ValueEntity:
    """The entity as given, after checking its id, schema and property names."""
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise ParseError(path, "the entity has no id", line=number, field="id")
    schema_name = data.get("schema")
    if deleted and schema_name is None:
        # A deletion needs only the id; Thing is the most general schema.
        return ValueEntity(model.schemata["Thing"], {"id": entity_id})
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        raise ParseError(path, f"unknown schema {schema_name!r}", line=number, field="schema")
    if schema.abstract:
        raise ParseError(path, f"schema {schema.name} is abstract", line=number, field="schema")
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise ParseError(path, "properties must be an object", line=number, field="properties")
    for prop, values in properties.items():
        if prop not in schema.properties or schema.properties[prop].stub:
            raise ParseError(path, f"{schema.name} has no property {prop!r}", line=number, field=prop)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ParseError(path, "values must be a list of strings", line=number, field=prop)
    for key in ("datasets", "referents"):
        values = data.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ParseError(path, f"{key} must be a list of strings", line=number, field=key)
    # ValueEntity takes its extra attributes out of the dict it is given.
    return ValueEntity(schema, dict(data))


FORMAT = FtmFormat()
