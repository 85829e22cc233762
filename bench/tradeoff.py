"""Recall against false alerts at several thresholds, from the last `make bench-screen`.

    .venv/bin/python -m bench.tradeoff [--system hisab] [--thresholds T ...]

(default thresholds: hisab's default, then 0.6, 0.7, 0.8, 0.85 and 0.9)

A positive case is found when an expected record scores at least the threshold;
a negative case is a false alert when any record does. Reads bench/out/cases.csv
and bench/out/results/<system>.jsonl; prints a Markdown table.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.common import read_cases, read_results
from bench.metrics import Scored, reduce
from hisab.match.algorithm import default_algorithm

OUT = Path(__file__).resolve().parent / "out"


def rows(
    scored: list[tuple[str, Scored]], thresholds: list[float]
) -> list[tuple[float, float, float, float]]:
    """Per threshold: recall on Latin-script and Arabic-script positives, false alerts per 1,000."""
    found = []
    for t in thresholds:
        latin = [s.best_expected >= t for script, s in scored if s.positive and script != "arabic"]
        arabic = [s.best_expected >= t for script, s in scored if s.positive and script == "arabic"]
        negatives = [s.best_any >= t for _, s in scored if not s.positive]
        found.append(
            (
                t,
                sum(latin) / max(len(latin), 1),
                sum(arabic) / max(len(arabic), 1),
                1000 * sum(negatives) / max(len(negatives), 1),
            )
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--system", default="hisab")
    parser.add_argument("--thresholds", type=float, nargs="+", default=None)
    args = parser.parse_args()
    thresholds = args.thresholds or [default_algorithm().threshold, 0.6, 0.7, 0.8, 0.85, 0.9]
    cases = read_cases(OUT / "cases.csv")
    results = read_results(OUT / "results" / f"{args.system}.jsonl")
    scored = [(case.script, reduce(case, results.get(case.id))) for case in cases]
    print("| threshold | recall, Latin script | recall, Arabic script | false alerts per 1,000 customers |")
    print("|---:|---:|---:|---:|")
    for t, latin, arabic, alerts in rows(scored, thresholds):
        print(f"| {t:.2f} | {latin:.3f} | {arabic:.3f} | {alerts:.1f} |")


if __name__ == "__main__":
    main()
