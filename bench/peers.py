"""The peers: nomenklatura's matching algorithms, scoring the shared candidates of each query.

Runs in `bench/.venv-peers` (`python -m bench.peers --algorithm logic-v2`).
For each query of `cases.csv` it builds a FollowTheMoney entity (name, schema,
birth date, nationality, as `hisab screen-file` gets them), scores every
candidate of `candidates.jsonl` with `algorithm.compare(query, candidate,
config)` and writes the best `TOP` to `results/<algorithm>.jsonl` in `hisab
screen-file`'s format, with `match` = score at or above the threshold and the
query's scoring time in `seconds`. A last line on stderr gives the totals, as
`{"queries": N, "seconds_screening": S, "seconds_index": I}`: the index time
is building the candidate entities, the screening time only the scoring.

Default thresholds: nomenklatura itself sets none; yente, OpenSanctions'
matching API that runs these algorithms, uses one default for all of them,
`SCORE_THRESHOLD = 0.70` (yente/settings.py), so every peer's default is 0.70.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import OUT, Case, RecordRef, read_cases, read_index

ALGORITHMS = ("logic-v2", "logic-v1", "name-based", "ofac")
DEFAULT_THRESHOLD = 0.70
TOP = 10


def read_candidates(path: Path) -> dict[str, list[RecordRef]]:
    found = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            found[data["id"]] = [(dataset, record_id) for dataset, record_id, _ in data["candidates"]]
    return found


def query_entity(case: Case) -> Any:
    """The query as an FtM entity, as a customer record: name, birth date, nationality."""
    from followthemoney import model

    entity = model.make_entity(case.schema or "LegalEntity")
    entity.id = case.id
    entity.add("name", case.name)
    if case.birth_date and entity.schema.get("birthDate") is not None:
        entity.add("birthDate", case.birth_date)
    if case.nationality:
        entity.add(
            "nationality" if entity.schema.get("nationality") is not None else "country", case.nationality
        )
    return entity


def run(algorithm: str, out: Path, threshold: float) -> dict[str, float]:
    """Score every query's candidates with `algorithm`; write the results and return the totals."""
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algo = get_algorithm(algorithm)
    if algo is None:
        raise SystemExit(f"nomenklatura has no algorithm {algorithm!r}")
    config = algo.default_config()
    cases = read_cases(out / "cases.csv")
    candidates = read_candidates(out / "candidates.jsonl")
    started = time.perf_counter()
    wanted = {ref for refs in candidates.values() for ref in refs}
    entities = {s.ref: model.get_proxy(s.entity) for s in read_index(out / "index.jsonl") if s.ref in wanted}
    queries = [query_entity(case) for case in cases]
    # The first comparison loads the algorithms' reference data: not part of screening.
    algo.compare(queries[0], queries[0], config)
    seconds_index = time.perf_counter() - started
    total = 0.0
    results = out / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / f"{algorithm}.jsonl", "w", encoding="utf-8") as fh:
        for case, query in zip(cases, queries, strict=True):
            refs = candidates.get(case.id, [])
            begin = time.perf_counter()
            scored = [(algo.compare(query, entities[ref], config).score, ref) for ref in refs]
            seconds = time.perf_counter() - begin
            total += seconds
            scored.sort(key=lambda pair: -pair[0])
            matches = [
                {
                    "score": round(score, 4),
                    "match": score >= threshold,
                    "entity_id": entities[ref].id,
                    "schema": entities[ref].schema.name,
                    "sources": [{"dataset": ref[0], "record_id": ref[1]}],
                }
                for score, ref in scored[:TOP]
            ]
            fh.write(json.dumps({"id": case.id, "matches": matches, "seconds": seconds}) + "\n")
    return {"queries": len(cases), "seconds_screening": total, "seconds_index": seconds_index}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--algorithm", required=True, choices=ALGORITHMS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    totals = run(args.algorithm, args.out, args.threshold)
    print(json.dumps(totals), file=sys.stderr)


if __name__ == "__main__":
    main()
