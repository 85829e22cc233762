"""Read one system's errors on the dev cases: misses of positive kinds and false alerts.

    .venv/bin/python -m bench.misses [--system hisab] [--kind KIND ...] [--limit N]

For each positive case without a hit it prints the query, the best expected record's score and
the best other match; for each false alert on a negative, the match that fired. It reads
bench/out/cases.csv and bench/out/results/<system>.jsonl of the last `make bench-screen`.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from bench.common import read_cases

OUT = Path(__file__).parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--system", default="hisab")
    parser.add_argument("--kind", nargs="*", default=None)
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    cases = {c.id: c for c in read_cases(OUT / "cases.csv")}
    results: dict[str, list[dict[str, object]]] = {}
    with open(OUT / "results" / f"{args.system}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            results[row["id"]] = row.get("matches", [])
    shown: Counter[str] = Counter()
    for case_id, case in cases.items():
        if args.kind and case.kind not in args.kind:
            continue
        matches = results.get(case_id, [])
        expected = set(case.expected)
        alerts = [m for m in matches if m.get("match")]

        def refs(m: dict[str, object]) -> set[tuple[str, str]]:
            return {(s["dataset"], str(s["record_id"])) for s in m["sources"]}  # type: ignore[attr-defined, index]

        hit = any(refs(m) & expected for m in alerts)
        if (case.positive and hit) or (not case.positive and not alerts):
            continue
        shown[case.kind] += 1
        if shown[case.kind] > args.limit:
            continue
        best_exp = next((m for m in matches if refs(m) & expected), None)
        best_other = next((m for m in matches if not refs(m) & expected), None)
        print(f"[{case.kind}] {case.id} {case.name!r} dob={case.birth_date} {case.detail}")
        for label, m in (("expected", best_exp), ("other", best_other)):
            if m is None:
                print(f"    {label}: -")
                continue
            feats = " ".join(
                f"{e['feature']}={e['value']}"
                for e in m.get("explanation", [])  # type: ignore[attr-defined]
            )
            print(f"    {label}: {m['score']} {m['name']!r} ({m.get('matched_name')}) {feats}")
    print(dict(shown))


if __name__ == "__main__":
    main()
