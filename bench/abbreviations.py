"""Listed organisations' names with their generic words abbreviated, as payment messages and
customer files write them to fit a field ("SWISS MGMT SVCS SARL" for OFAC's SWISS MANAGEMENT
SERVICES SARL). hisab and nomenklatura's logic-v2 (yente's default), side by side.

    .venv/bin/python -m bench.abbreviations

From the index of the last `make bench-screen` (bench/out/index.jsonl), the first name of
every listed organisation (each record of the CSL that repeats OFAC's once) with a word of
ABBREVIATIONS that is no legal form: the query is that name with every such word (and its
legal forms) abbreviated. The abbreviations are this benchmark's own, the ones found in
payment data. hisab reads them two ways: as a word of resources/names/org_terms.tsv ("MGMT",
"INTL"), or as a generic word cut short (resources/names/abbreviated.txt: "TECH", "ELEC",
"PHARMA", "TELECOM", which org_terms.tsv leaves out as ambiguous or as words of their own);
the pairs are counted apart by whether they use the second. hisab scores each query against
the record alone (`compare`, as logic-v2 does) and screens it against the whole index (top
10), counting a hit when the record is among the alerts; logic-v2 scores the query against
the record's names, at its threshold 0.70, in bench/.venv-peers through `bench.slavic_forms`.
`unabbreviated`: the same names as listed, as a control. Nothing is asserted; the table is
printed.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from bench.common import bench_screener, organisation_pairs
from bench.peers import DEFAULT_THRESHOLD
from bench.slavic_forms import PEER, peer_scores

#: Word -> its abbreviation in payment messages.
ABBREVIATIONS = {
    "international": "INTL",
    "national": "NATL",
    "manufacturing": "MFG",
    "trading": "TRDG",
    "shipping": "SHPG",
    "management": "MGMT",
    "holding": "HLDG",
    "holdings": "HLDGS",
    "group": "GRP",
    "services": "SVCS",
    "engineering": "ENGG",
    "government": "GOVT",
    "department": "DEPT",
    "university": "UNIV",
    "association": "ASSN",
    "petrochemical": "PETROCHEM",
    "construction": "CONSTR",
    "marketing": "MKTG",
    "brothers": "BROS",
    "equipment": "EQUIP",
    "technology": "TECH",
    "technologies": "TECH",
    "pharmaceutical": "PHARMA",
    "pharmaceuticals": "PHARMA",
    "telecommunication": "TELECOM",
    "telecommunications": "TELECOM",
    "electronic": "ELEC",
    "electronics": "ELEC",
    "electric": "ELEC",
    "industries": "INDS",
}
#: Legal forms abbreviated along with them.
LEGAL = {"company": "CO", "corporation": "CORP", "limited": "LTD", "incorporated": "INC"}

_WORD = re.compile(r"[A-Za-z]+")


def abbreviate(name: str) -> str | None:
    """`name` with its words of ABBREVIATIONS and LEGAL abbreviated; None without a word of
    ABBREVIATIONS."""
    if not any(w.lower() in ABBREVIATIONS for w in _WORD.findall(name)):
        return None

    def short(match: re.Match[str]) -> str:
        word = match.group(0).lower()
        return ABBREVIATIONS.get(word) or LEGAL.get(word) or match.group(0)

    return _WORD.sub(short, name)


def hisab_hits(screener: Any, pairs: list[dict[str, Any]], field: str) -> dict[str, list[bool]]:
    """Whether hisab matches each pair's record for its `field` ("query" or "listed"): scored
    against the record alone (`pair`, as logic-v2 is), and among the alerts of a search of the
    whole index (`search`)."""
    from hisab.screen.service import make_query

    by_ref = {(s.dataset, s.record_id): s for s in screener.index.subjects}
    found: dict[str, list[bool]] = {"pair": [], "search": []}
    for pair in pairs:
        query = make_query(pair[field], "Organization")
        subject = by_ref[pair["ref"]]
        found["pair"].append(screener.compare(query, subject).match)
        matches = screener.screen(query, top=10)
        found["search"].append(
            any(m.match and {(r.dataset, r.record_id) for r in m.records} & pair["refs"] for m in matches)
        )
    return found


def held_pairs(
    screener: Any,
    query_of: Callable[[str], str | None],
    names_of: dict[tuple[str, str], list[str]] | None = None,
) -> list[dict[str, Any]]:
    """`bench.common.organisation_pairs` whose record the index holds (an EU act's record that
    repeats another act's is one)."""
    held = {(s.dataset, s.record_id) for s in screener.index.subjects}
    return [p for p in organisation_pairs(query_of, names_of) if p["ref"] in held]


def compare_systems(
    screener: Any, pairs: list[dict[str, Any]]
) -> tuple[dict[str, dict[str, list[bool]]], dict[str, dict[str, list[bool]]]]:
    """hisab's hits on the organisation pairs (`hisab_hits`) for the query and for the listed name,
    and each system's: hisab against the record alone and in the whole index, and logic-v2 at its
    threshold."""
    hisab = {field: hisab_hits(screener, pairs, field) for field in ("query", "listed")}
    systems = {
        "hisab, record alone": {f: hisab[f]["pair"] for f in hisab},
        "hisab, whole index": {f: hisab[f]["search"] for f in hisab},
        PEER: {
            f: [s >= DEFAULT_THRESHOLD for s in peer_scores(pairs, f, "Organization")]
            for f in ("query", "listed")
        },
    }
    return hisab, systems


def print_misses(pairs: list[dict[str, Any]], hisab: dict[str, dict[str, list[bool]]]) -> None:
    """The queries hisab misses against the record alone or in the whole index."""
    for i, pair in enumerate(pairs):
        if not hisab["query"]["pair"][i] or not hisab["query"]["search"][i]:
            where = "whole index" if hisab["query"]["pair"][i] else "record alone"
            print(f"  {where}: {pair['query']!r} ~ {pair['listed']!r}")


def main() -> None:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    screener = bench_screener()
    pairs = held_pairs(screener, abbreviate)
    hisab, systems = compare_systems(screener, pairs)
    # Pairs by the abbreviations they use: all words of org_terms.tsv, or some cut short.
    from hisab.names import tables

    terms = tables.org_terms()
    covered = [
        all(w.lower() in terms for w in _WORD.findall(p["query"]) if w in ABBREVIATIONS.values())
        for p in pairs
    ]
    print(f"{len(pairs)} listed organisations' names with a generic word to abbreviate.\n")
    print("| queries | pairs | " + " | ".join(systems) + " |\n|---|---:|" + "---:|" * len(systems))
    groups = (
        ("abbreviated, words of org_terms.tsv only", "query", True),
        ("abbreviated, some words cut short", "query", False),
        ("unabbreviated (control)", "listed", None),
    )
    for label, field, table in groups:
        picked = [i for i in range(len(pairs)) if table is None or covered[i] == table]
        if picked:
            cells = [f"{sum(hits[field][i] for i in picked) / len(picked):.3f}" for hits in systems.values()]
            print(f"| {label} | {len(picked)} | " + " | ".join(cells) + " |")
    print("\nRecall at each system's default threshold. Abbreviated names hisab misses:")
    print_misses(pairs, hisab)


if __name__ == "__main__":
    main()
