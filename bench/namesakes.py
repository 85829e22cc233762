"""False alerts that are the same comparison as a positive case found: a floor under the false
alerts that no matcher can go below without missing those positives.

    .venv/bin/python -m bench.namesakes [--system hisab]

A customer ("Ali Gholami", born 1953) and a positive case ("علي غلامي", the same name in Persian
script, given without a birth date) may meet the same listed record (OFAC's GHOLAMI, Ali) on the
same evidence: the list gives no birth date, so the customer's cannot be checked, and the two
names read alike. The matcher then gives both the same score; whatever finds the positive
alerts on the customer. Only the customer's birth date tells them apart, and a birth date the
list cannot check is no evidence that the two are different people.

For each false alert of the last `make bench-screen` (its best alerting match), this lists the
positive cases found on the same listed record at the same score, with neither side's birth
date checked (the match's `unverified` feature fired on both). It prints a Markdown table and
the floor: the false alerts per 1,000 negatives that remain when every such alert is kept,
since dropping one would miss its positives. Reads bench/out/cases.csv and
bench/out/results/<system>.jsonl.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.common import Case, read_cases

OUT = Path(__file__).parent / "out"


def _refs(match: dict[str, Any]) -> set[tuple[str, str]]:
    return {(s["dataset"], str(s["record_id"])) for s in match["sources"]}


def _unverified(match: dict[str, Any]) -> bool:
    return any(e["feature"] == "unverified" for e in match.get("explanation", []))


def same_comparisons(
    cases: list[Case], results: dict[str, list[dict[str, Any]]]
) -> list[tuple[Case, dict[str, Any], list[Case]]]:
    """Each false alert (a negative case and its best alerting match), with the positive cases
    found on the same listed record at the same score, unverified on both sides."""
    found_on: dict[tuple[str, float], list[Case]] = {}
    alerts: list[tuple[Case, dict[str, Any]]] = []
    for case in cases:
        matches = [m for m in results.get(case.id, []) if m.get("match")]
        if not case.positive:
            if matches:
                alerts.append((case, matches[0]))
            continue
        for m in matches:
            if _refs(m) & set(case.expected) and _unverified(m):
                found_on.setdefault((m["entity_id"], m["score"]), []).append(case)
    return [
        (case, m, found_on.get((m["entity_id"], m["score"]), []) if _unverified(m) else [])
        for case, m in alerts
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--system", default="hisab")
    args = parser.parse_args()
    cases = read_cases(OUT / "cases.csv")
    results: dict[str, list[dict[str, Any]]] = {}
    with open(OUT / "results" / f"{args.system}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            results[row["id"]] = row.get("matches", [])
    rows = same_comparisons(cases, results)
    negatives = sum(1 for c in cases if not c.positive)
    print("| customer | born | listed | score | positives found on the same comparison |")
    print("|---|---|---|---:|---|")
    for case, m, twins in rows:
        shown = "; ".join(f"{t.kind} {t.name!r}" for t in twins) or "none"
        print(
            f"| {case.name} | {case.birth_date} | {m['name']} ({m['entity_id']}) | {m['score']} | {shown} |"
        )
    tied = [(case, twins) for case, _, twins in rows if twins]
    positives = {t.id for _, twins in tied for t in twins}
    print(
        f"\n{len(tied)} of {len(rows)} false alerts ({negatives:,} negatives) are the same comparison as "
        f"{len(positives)} positive cases found: kept, they are {1000 * len(tied) / negatives:.2f} "
        "false alerts per 1,000; dropped, those positives are missed."
    )


if __name__ == "__main__":
    main()
