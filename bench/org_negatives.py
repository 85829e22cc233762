"""Ordinary companies screened as organisations: how many alert, and on what. The dev cases'
negatives are persons (ordinary Iranian customers); this is the organisations' side, which a
bank screening its corporate customers and their counterparties meets. hisab beside
nomenklatura's logic-v2 (yente's default).

    .venv/bin/python -m bench.org_negatives [--count 3000] [--seed 7]

Each query is a surname of `names_dataset/` (every country but Iran, whose rows make the dev
negatives; Latin script only) and a company's words drawn at random from SUFFIXES ("Hamad
Import Export SARL", "Nguyen Holdings Ltd"): companies named after a family, as many are. A few
such names are listed organisations' by chance; what alerts is counted, not judged. hisab
screens each, as an Organization, against the whole index of the last `make bench-screen`
(top 10). logic-v2 scores the query against the names of each of hisab's ten best candidates
(scored down to 0), at its threshold 0.70, in bench/.venv-peers through `bench.slavic_forms`:
hisab's candidates are its candidate stage, so logic-v2 can only alert on what hisab ranked.
Reported: queries alerting, per company suffix, and of hisab's alerts how many rest on company
words alone (no paired part of the query's name that is no generic word or legal form).
Nothing is asserted; the table is printed.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter
from typing import Any

from bench.common import bench_screener, data_dir
from bench.peers import DEFAULT_THRESHOLD
from bench.slavic_forms import PEER, peer_scores
from hisab.names.tokens import LATIN, NAME, script_of

#: The company words a query's surname is followed by.
SUFFIXES = (
    "Trading LLC",
    "Holdings Ltd",
    "Group",
    "& Sons Ltd",
    "Consulting GmbH",
    "Logistics Co., Ltd.",
    "Industries S.A.",
    "Construction LLC",
    "Import Export SARL",
    "Shipping Ltd",
)


def surnames() -> list[str]:
    """The Latin-script surnames of names_dataset, every country but Iran, each once, sorted."""
    path = data_dir() / "names_dataset" / "top_last_names_by_country.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        found = {
            r["name"] for r in csv.DictReader(fh) if r["country"] != "IR" and script_of(r["name"]) == LATIN
        }
    return sorted(found)


def on_company_words_only(match: Any, generic: frozenset[str]) -> bool:
    """Whether no paired part of the query's name is a name part other than a generic word."""
    tokens = match.q_tokens
    paired = {i for pair in match.alignment.pairs for i in pair.q}
    return not any(tokens[i].kind == NAME and tokens[i].phon not in generic for i in paired)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from hisab.screen.service import make_query

    rng = random.Random(args.seed)
    names = surnames()
    queries = [(f"{rng.choice(names)} {suffix}", suffix) for suffix in rng.choices(SUFFIXES, k=args.count)]
    screener = bench_screener()
    generic = screener.index.generic
    alerts: Counter[str] = Counter()
    generic_only = 0
    hit_records: Counter[str] = Counter()
    pairs: list[dict[str, Any]] = []
    owner: list[int] = []
    for n, (query, suffix) in enumerate(queries):
        found = screener.screen(make_query(query, "Organization"), top=10)
        best = next((m for m in found if m.match), None)
        if best is not None:
            alerts[suffix] += 1
            generic_only += on_company_words_only(best, generic)
            hit_records[best.subject.caption] += 1
        for m in found:
            listed = [" ".join(t.text for t in tokens) for tokens, _ in m.subject.names]
            pairs.append({"query": query, "names": listed})
            owner.append(n)
    peer_alerting: set[int] = set()
    for n, score in zip(owner, peer_scores(pairs, "query", "Organization"), strict=True):
        if score >= DEFAULT_THRESHOLD:
            peer_alerting.add(n)
    peer_alerts = Counter(queries[n][1] for n in peer_alerting)
    totals = Counter(suffix for _, suffix in queries)
    print(f"{len(queries):,} ordinary companies' names (a surname of {len(names):,} and a suffix).\n")
    print(f"| suffix | queries | hisab alerting | {PEER} alerting |")
    print("|---|---:|---:|---:|")
    for suffix in SUFFIXES:
        print(f"| {suffix} | {totals[suffix]:,} | {alerts[suffix]:,} | {peer_alerts[suffix]:,} |")
    hisab_all, peer_all = sum(alerts.values()), sum(peer_alerts.values())
    print(
        f"| **all** | {len(queries):,} | {hisab_all:,} ({1000 * hisab_all / len(queries):.1f} per 1,000) "
        f"| {peer_all:,} ({1000 * peer_all / len(queries):.1f} per 1,000) |"
    )
    print(
        f"\nhisab at its threshold {screener.algorithm.threshold}, {PEER} at {DEFAULT_THRESHOLD} on hisab's "
        f"ten best candidates. hisab's alerts resting on company words alone: {generic_only:,}."
    )
    print("Records hisab alerts on most: " + "; ".join(f"{c} ({n})" for c, n in hit_records.most_common(8)))


if __name__ == "__main__":
    main()
