"""Screening files: a CSV of queries in, one JSON line of results per query out, in order."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import orjson

from hisab.errors import HisabError, ParseError
from hisab.screen.service import Match, Screener, make_query

COLUMNS = ("id", "name", "schema", "birth_date", "nationality")
REQUIRED = ("id", "name")


def match_dict(match: Match, explain: bool = True) -> dict[str, Any]:
    """A match as JSON: the listed subject, the score, the decision and why."""
    subject = match.subject
    data: dict[str, Any] = {
        "score": round(match.score, 4),
        "match": match.match,
        "entity_id": subject.id,
        "name": subject.caption,
        "matched_name": match.name,
        "schema": subject.schema,
        "sources": [{"dataset": subject.dataset, "record_id": subject.record_id}],
        "programs": subject.programs,
    }
    if explain:
        data["explanation"] = [
            {
                "feature": c.feature,
                "value": round(c.value, 4),
                "weight": c.weight,
                "contribution": round(c.contribution, 4),
                "description": c.description,
            }
            for c in match.explanation
        ]
    return data


@dataclass
class BatchStats:
    queries: int = 0
    errors: int = 0
    alerts: int = 0
    seconds: float = 0.0
    threshold: float = 0.0
    #: Seconds per query (screening only, not reading or writing), for latency percentiles.
    latencies: list[float] = field(default_factory=list)

    def percentile_ms(self, fraction: float) -> float | None:
        if not self.latencies:
            return None
        return round(float(np.quantile(np.asarray(self.latencies), fraction)) * 1000, 3)


def read_queries(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
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
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ParseError(
                path, f"the header lacks the column(s) {', '.join(missing)}", line=1, field=missing[0]
            )
        try:
            for row in reader:
                if None in row:
                    raise ParseError(path, "more cells than the header has columns", line=reader.line_num)
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        except UnicodeDecodeError as exc:
            raise ParseError(path, f"not UTF-8 ({exc.reason})", line=reader.line_num + 1) from exc
        except csv.Error as exc:
            raise ParseError(path, str(exc), line=reader.line_num) from exc


def screen_file(
    screener: Screener,
    path: Path,
    out: TextIO,
    top: int = 10,
    min_score: float = 0.0,
    threshold: float | None = None,
    datasets: set[str] | None = None,
    explain: bool = True,
    progress: Callable[[int], None] | None = None,
) -> BatchStats:
    """Screen every row of `path`, writing one JSON line per row to `out`, in input order."""
    cut = screener.algorithm.threshold if threshold is None else threshold
    stats = BatchStats(threshold=cut)
    clock = time.perf_counter
    started = time.perf_counter()
    for line, row in read_queries(path):
        result: dict[str, Any] = {"id": row.get("id", "")}
        try:
            if not row.get("name"):
                raise HisabError(f"{path}, line {line}, field 'name': empty name")
            query = make_query(
                row["name"], row.get("schema") or None, row.get("birth_date"), row.get("nationality")
            )
            began = clock()
            matches = [m for m in screener.screen(query, top, datasets) if m.score >= min_score]
            stats.latencies.append(clock() - began)
            result["matches"] = []
            for m in matches:
                item = match_dict(m, explain)
                item["match"] = m.score >= cut
                result["matches"].append(item)
            stats.alerts += any(m.score >= cut for m in matches)
        except HisabError as exc:
            result["matches"] = []
            result["error"] = str(exc)
            stats.errors += 1
        out.write(orjson.dumps(result).decode("utf-8") + "\n")
        stats.queries += 1
        if progress is not None and stats.queries % 100 == 0:
            progress(stats.queries)
    stats.seconds = time.perf_counter() - started
    return stats
