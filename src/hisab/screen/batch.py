"""Screening files: queries in (CSV, JSON lines or Parquet), results out (JSON lines or a
flat CSV), one result per query, in input order.

Input and output are streamed: rows are read, screened and written a chunk at a
time, so memory stays flat however long the file is. With several workers, each
worker process loads the index once (from the disk cache) and screens whole
chunks; the parent reads ahead a bounded number of chunks and writes the results
back in input order.
"""

from __future__ import annotations

import csv
import io
import math
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Final, TextIO

import numpy as np
import orjson

from hisab.errors import HisabError, ParseError, QueryError
from hisab.match.algorithm import default_algorithm, round4
from hisab.match.index import pause_collector, resume_collector, settle_heap
from hisab.screen.service import Match, Screener, check_name, make_query, source_list

COLUMNS: Final = ("id", "name", "schema", "birth_date", "nationality")
#: Optional query columns, kept in the flat CSV output when the file has them.
OPTIONAL_COLUMNS: Final = ("identifiers", "gender", "first_name", "middle_name", "last_name")
REQUIRED: Final = ("id", "name")
#: Input formats by file suffix.
INPUT_FORMATS: Final = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
#: Output formats by file suffix (anything else: JSON lines).
OUTPUT_FORMATS: Final = {".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl"}
#: Columns of the flat CSV output, after the query's own columns.
RESULT_COLUMNS: Final = (
    "decision",
    "best_score",
    "best_entity_id",
    "best_name",
    "best_schema",
    "best_datasets",
    "best_record_ids",
    "best_programs",
    "best_parts",
    "alerts",
    "error",
)
#: Queries screened per chunk (and per task handed to a worker).
CHUNK: Final = 256

#: One input row: its line (or row) number and its cells.
Row = tuple[int, dict[str, str]]


def match_dict(match: Match, explain: bool = True) -> dict[str, Any]:
    """A match as JSON: the listed subject, the score, the decision and why."""
    subject = match.subject
    data: dict[str, Any] = {
        "score": round4(match.score),
        "match": match.match,
        "entity_id": subject.id,
        "name": subject.caption,
        "matched_name": match.name,
        # Which names were compared as read as their Russian forms (names/slavic.py).
        "read_as_russian": list(match.read_as_russian),
        # Whether the query's Cyrillic name was compared as read as a Persian or Arabic name
        # written the Russian way (х as h, г as gh; names/tokens.py, persian_form).
        "read_as_persian": match.read_as_persian,
        # Which names were compared as spelled with sh, ch, zh for their š, č, ž ("query",
        # "listed"; names/tokens.py, digraph_spelling).
        "spelled_with_digraphs": list(match.spelled_with_digraphs),
        # The orthography (names/respell.py, ORTHOGRAPHIES: "german", "polish", …) the query's
        # name was respelled from, the English way, when it was compared so; None: as written.
        "respelled_from": match.respelled_from,
        # The parts one name gives and the other leaves out that count little (a patronymic, a
        # middle name where the list names the name's parts, an organisation's generic words and
        # legal forms).
        "left_out": list(match.left_out),
        "schema": subject.schema,
        "actor_id": match.actor_id,
        "sources": source_list(match.records),
        "programs": [p for s in match.records for p in s.programs],
    }
    if match.ownership is not None:
        # On no list: a company of the user's ownership data, blocked by ownership or at risk.
        data["blocked_by_ownership"] = match.ownership
    if explain:
        data["explanation"] = match.algorithm.explain_json(match.fired) if match.algorithm is not None else []
        # Which part of the query's name met which listed part, and how alike (Match.parts).
        data["parts"] = match.parts
    return data


#: The latency histogram's lowest bin, in seconds, the ratio of each bin's edge to the one
#: before, and the number of bins (LATENCY_FLOOR * LATENCY_RATIO ** LATENCY_BINS: about 1,200 s).
LATENCY_FLOOR: Final = 1e-6
LATENCY_RATIO: Final = 1.01
LATENCY_BINS: Final = 2100
_LOG_RATIO: Final = math.log(LATENCY_RATIO)


class Latencies:
    """Seconds per query, summed up in memory that does not grow with the file: a count, a
    total and a histogram of bins 1% wide on a log scale, from a microsecond to about twenty
    minutes, from which a percentile is read to within half a per cent.

    A list of every query's seconds grew with the file, a float and its slot for every row
    (about 32 bytes: 64 MB over two million rows), and was copied into an array at the end:
    two million rows peaked at 1,765 MB with it and 1,673 MB without (docs/benchmarks.md, a
    million rows). Written here rather than taken from a library (HdrHistogram's Python port): the
    whole need is `add` and `quantile`, on numpy, which hisab already uses.
    """

    def __init__(self) -> None:
        self.count = 0
        self.total = 0.0
        #: Bin 0: at most LATENCY_FLOOR; bin b (1 to LATENCY_BINS): from LATENCY_FLOOR times
        #: LATENCY_RATIO ** (b - 1), exclusive, to LATENCY_FLOOR times LATENCY_RATIO ** b.
        self._counts = [0] * (LATENCY_BINS + 1)

    def add(self, seconds: float) -> None:
        self.count += 1
        self.total += seconds
        if seconds <= LATENCY_FLOOR:
            self._counts[0] += 1
            return
        position = math.ceil(math.log(seconds / LATENCY_FLOOR) / _LOG_RATIO)
        self._counts[min(max(position, 1), LATENCY_BINS)] += 1

    def quantile(self, fraction: float) -> float | None:
        """The seconds below which `fraction` of the queries fall (the geometric middle of
        the bin holding that rank); None before any query."""
        if not self.count:
            return None
        rank = min(max(math.ceil(fraction * self.count), 1), self.count)
        position = int(np.searchsorted(np.cumsum(self._counts), rank))
        if position == 0:
            return LATENCY_FLOOR
        return LATENCY_FLOOR * math.pow(LATENCY_RATIO, position - 0.5)


@dataclass
class BatchStats:
    queries: int = 0
    errors: int = 0
    alerts: int = 0
    seconds: float = 0.0
    threshold: float = 0.0
    #: Seconds per query (screening only, not reading or writing), for latency percentiles.
    latencies: Latencies = field(default_factory=Latencies)

    def percentile_ms(self, fraction: float) -> float | None:
        found = self.latencies.quantile(fraction)
        return None if found is None else round(found * 1000, 3)


# ---------------------------------------------------------------- reading


def input_format(path: Path, given: str | None = None) -> str:
    """The input format: as given, or from the file's suffix."""
    if given:
        if given not in set(INPUT_FORMATS.values()):
            raise HisabError(f"unknown input format {given!r} (csv, jsonl or parquet)")
        return given
    found = INPUT_FORMATS.get(path.suffix.lower())
    if found is None:
        raise HisabError(
            f"{path}: cannot tell the format from the suffix (.csv, .jsonl, .parquet); use --format"
        )
    return found


def check_start(path: Path, fmt: str) -> None:
    """Read the start of a file of queries and raise a ParseError if it is not one: a CSV
    header without `id` and `name`, a first line of JSON lines that is not a JSON object, a
    Parquet file without its magic number or those columns. (The rest is checked while
    screening, row by row.)"""
    if fmt == "parquet":
        with open(path, "rb") as fh:
            if fh.read(4) != b"PAR1":
                raise ParseError(path, "not a Parquet file (no PAR1 magic number)")
        next(_read_parquet(path), None)
    elif fmt == "jsonl":
        next(_read_jsonl(path), None)
    else:
        next(read_queries(path), None)


def read_rows(path: Path, fmt: str | None = None) -> Iterator[Row]:
    """The queries of a file, one at a time, with their line (CSV, JSON lines) or row
    (Parquet) numbers. Errors name the file, the line and the field."""
    kind = input_format(path, fmt)
    if kind == "csv":
        yield from read_queries(path)
    elif kind == "jsonl":
        yield from _read_jsonl(path)
    else:
        yield from _read_parquet(path)


def read_queries(path: Path) -> Iterator[Row]:
    """Rows of a query CSV with their line numbers; errors name the file, line and column."""
    try:
        fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise HisabError(f"{path}: cannot open ({exc.strerror})") from exc
    with fh:
        reader = csv.DictReader(fh)
        try:
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ParseError(path, f"not a UTF-8 CSV file ({exc})", line=1) from exc
        _check_columns(path, header)
        try:
            for row in reader:
                if None in row:
                    raise ParseError(path, "more cells than the header has columns", line=reader.line_num)
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        except UnicodeDecodeError as exc:
            raise ParseError(path, f"not UTF-8 ({exc.reason})", line=reader.line_num + 1) from exc
        except csv.Error as exc:
            raise ParseError(path, str(exc), line=reader.line_num) from exc


def _check_columns(path: Path, header: Iterable[str]) -> None:
    missing = [c for c in REQUIRED if c not in set(header)]
    if missing:
        raise ParseError(
            path, f"the header lacks the column(s) {', '.join(missing)}", line=1, field=missing[0]
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value if v is not None)
    return str(value).strip()


def _read_jsonl(path: Path) -> Iterator[Row]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise HisabError(f"{path}: cannot open ({exc.strerror})") from exc
    with fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise ParseError(path, f"not a JSON object ({exc})", line=number) from exc
            if not isinstance(data, dict):
                raise ParseError(path, "each line must be a JSON object", line=number)
            yield number, {str(k): _cell(v) for k, v in data.items()}


def _read_parquet(path: Path) -> Iterator[Row]:
    import pyarrow.parquet as pq  # imported here: only Parquet input needs it

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise ParseError(path, f"not a Parquet file ({exc})") from exc
    _check_columns(path, parquet.schema_arrow.names)
    number = 0
    for batch in parquet.iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            number += 1
            yield number, {str(k): _cell(v) for k, v in row.items()}


# ---------------------------------------------------------------- screening


def screen_rows(
    screener: Screener,
    rows: list[Row],
    source: str,
    top: int,
    min_score: float,
    cut: float,
    datasets: set[str] | None,
    explain: bool,
    unit: str = "line",
) -> list[tuple[dict[str, Any], float | None]]:
    """Screen a chunk of rows: per row, its result and the seconds screening took (None on
    an error). Errors name the file and the `unit` ("line", or "row" of a Parquet file)."""
    clock = time.perf_counter
    out: list[tuple[dict[str, Any], float | None]] = []
    for line, row in rows:
        result: dict[str, Any] = {"id": row.get("id", "")}
        try:
            identifiers = tuple(i for i in row.get("identifiers", "").split(";") if i.strip())
            if not (row.get("name") or row.get("first_name") or row.get("last_name") or identifiers):
                raise QueryError("name", "empty name")
            query = make_query(
                row.get("name") or "",
                row.get("schema") or None,
                row.get("birth_date"),
                row.get("nationality"),
                identifiers,
                row.get("gender"),
                first_name=row.get("first_name"),
                middle_name=row.get("middle_name"),
                last_name=row.get("last_name"),
            )
            check_name(query)
            began = clock()
            matches = [m for m in screener.screen(query, top, datasets) if m.score >= min_score]
            spent: float | None = clock() - began
            result["matches"] = []
            for m in matches:
                item = match_dict(m, explain)
                item["match"] = m.score >= cut
                if not explain and not result["matches"]:
                    # Without explanations (the flat CSV), the best match still says how the
                    # names' parts paired (`best_parts`).
                    item["parts"] = m.parts
                result["matches"].append(item)
        except HisabError as exc:
            result["matches"] = []
            where = f"{unit} {line}"
            if isinstance(exc, QueryError):
                result["error"] = f"{source}, {where}, field {exc.field!r}: {exc.problem}"
            else:
                result["error"] = str(exc) if where in str(exc) else f"{source}, {where}: {exc}"
            spent = None
        result["_row"] = row
        out.append((result, spent))
    return out


# The worker processes' screener, loaded once per process by `_init_worker`.
_WORKER: Screener | None = None


def _init_worker(db_url: str, cache_dir: str) -> None:
    from hisab.match.index import freeze_heap, load_index
    from hisab.resolve.service import actor_ids
    from hisab.store import Store

    global _WORKER
    store = Store(db_url)
    _WORKER = Screener(load_index(store, Path(cache_dir)))
    _WORKER.use_actors(actor_ids(store))
    from hisab.trace.service import attach_ownership

    attach_ownership(store, _WORKER)
    _WORKER.prepare()
    freeze_heap()
    pause_collector()  # a worker process only screens, and settles its heap after each task


def _work(
    args: tuple[list[Row], str, int, float, float, set[str] | None, bool, str],
) -> list[tuple[dict[str, Any], float | None]]:
    assert _WORKER is not None, "worker not initialised"
    results = screen_rows(_WORKER, *args)
    settle_heap()  # a worker process only screens
    return results


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Writer:
    """Writes results as JSON lines (the full result) or as a flat CSV (the query's
    columns, the decision and the best match)."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self._csv: Any = None
        self._columns: tuple[str, ...] = COLUMNS
        #: JSON lines go to the file's bytes under its text layer, as orjson makes them, not
        #: decoded to text to be encoded again: the dev queries' 78 MB of results took 0.15 s to
        #: write through the text layer and 0.10 s so (docs/benchmarks.md, 2026-12-03 15:50).
        self._bytes: BinaryIO | None = None
        if fmt == "jsonl" and isinstance(getattr(out, "buffer", None), io.BufferedIOBase):
            out.flush()
            self._bytes = out.buffer

    def write(self, result: dict[str, Any]) -> None:
        row: dict[str, str] = result.pop("_row", {})
        if self.fmt == "jsonl":
            if self._bytes is not None:
                self._bytes.write(orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE))
            else:
                self.out.write(orjson.dumps(result).decode("utf-8") + "\n")
            return
        if self._csv is None:
            # The optional columns the file has (its first row's): a name given in parts only
            # would otherwise come out with no name.
            self._columns = (*COLUMNS, *(c for c in OPTIONAL_COLUMNS if c in row))
            self._csv = csv.DictWriter(
                self.out, fieldnames=[*self._columns, *RESULT_COLUMNS], extrasaction="ignore"
            )
            self._csv.writeheader()
        self._csv.writerow(
            {**{c: row.get(c, "") for c in self._columns}, "id": result.get("id", ""), **flat_result(result)}
        )


def parts_text(parts: list[dict[str, Any]], separator: str) -> str:
    """`Match.parts` as text: "qasem ~ qasem 1.00", a part paired with none facing "—"."""
    return separator.join(
        f"{p['query'] or '—'} ~ {p['listed'] or '—'}" + (f" {p['similarity']:.2f}" if p["similarity"] else "")
        for p in parts
    )


def flat_result(result: dict[str, Any]) -> dict[str, str]:
    """The decision and the best match of one result, as CSV cells."""
    matches = result.get("matches", [])
    if result.get("error"):
        return {"decision": "error", "error": str(result["error"])}
    if not matches:
        return {"decision": "clear", "alerts": "0"}
    best = matches[0]
    return {
        "decision": "alert" if any(m["match"] for m in matches) else "clear",
        "best_score": f"{best['score']:.4f}",
        "best_entity_id": best["entity_id"],
        "best_name": best["name"],
        "best_schema": best["schema"],
        "best_datasets": ";".join(s["dataset"] for s in best["sources"]),
        "best_record_ids": ";".join(s["record_id"] for s in best["sources"]),
        "best_programs": ";".join(
            sorted({p["program"] for p in best.get("programs", []) if p.get("program")})
        ),
        "best_parts": parts_text(best.get("parts", []), "; "),
        "alerts": str(sum(1 for m in matches if m["match"])),
        "error": "",
    }


def output_format(path: Path, given: str | None = None) -> str:
    if given:
        if given not in ("jsonl", "csv"):
            raise HisabError(f"unknown output format {given!r} (jsonl or csv)")
        return given
    return OUTPUT_FORMATS.get(path.suffix.lower(), "jsonl")


def screen_file(
    screener: Screener | None,
    path: Path,
    out: TextIO,
    top: int = 10,
    min_score: float = 0.0,
    threshold: float | None = None,
    datasets: set[str] | None = None,
    explain: bool = True,
    progress: Callable[[int], None] | None = None,
    *,
    input_fmt: str | None = None,
    output_fmt: str = "jsonl",
    workers: int = 1,
    worker_store: tuple[str, str] | None = None,
    settle: bool = False,
) -> BatchStats:
    """Screen every query of `path`, writing one result per query to `out`, in input order.

    With `workers` > 1, `worker_store` (the store's URL and the index cache folder) tells
    the worker processes where to load the index from, and `screener` may be None (the
    calling process then never holds an index). `settle`: this process only screens (the
    CLI), so the heap is frozen after each chunk (`settle_heap`), and the garbage collector
    runs only then (`pause_collector`); worker processes always do both.
    """
    algorithm = screener.algorithm if screener is not None else default_algorithm()
    cut = algorithm.threshold if threshold is None else threshold
    stats = BatchStats(threshold=cut)
    writer = Writer(out, output_fmt)
    started = time.perf_counter()
    source = str(path)
    fmt = input_format(path, input_fmt)
    unit = "row" if fmt == "parquet" else "line"
    chunks = _chunks(read_rows(path, fmt))

    def record(results: list[tuple[dict[str, Any], float | None]]) -> None:
        for result, spent in results:
            if spent is None:
                stats.errors += 1
            else:
                stats.latencies.add(spent)
                stats.alerts += any(m["match"] for m in result["matches"])
            writer.write(result)
            stats.queries += 1
        if progress is not None:
            progress(stats.queries)

    if workers <= 1:
        if screener is None:
            raise HisabError("screening in one process needs a screener")
        # A process that only screens collects its garbage's cycles when it settles its heap,
        # after each chunk, and not on the way (`pause_collector`).
        running = pause_collector() if settle else False
        try:
            for chunk in chunks:
                record(screen_rows(screener, chunk, source, top, min_score, cut, datasets, explain, unit))
                if settle:
                    settle_heap()
        finally:
            resume_collector(running)
    else:
        if worker_store is None:
            raise HisabError("screening with several workers needs the store's location")
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_init_worker, initargs=worker_store
        ) as pool:
            pending: deque[Future[list[tuple[dict[str, Any], float | None]]]] = deque()
            for chunk in chunks:
                task = (chunk, source, top, min_score, cut, datasets, explain, unit)
                pending.append(pool.submit(_work, task))
                # Read ahead a bounded number of chunks: memory stays flat.
                while len(pending) >= 2 * workers:
                    record(pending.popleft().result())
            while pending:
                record(pending.popleft().result())
    stats.seconds = time.perf_counter() - started
    return stats


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
