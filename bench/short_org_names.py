"""Listed organisations' names without their generic words: the short form a company goes by in
payment messages, invoices and the press ("GHAED BASSIR" for OFAC's GHAED BASSIR PETROCHEMICAL
PRODUCTS COMPANY, "MAHAN" for Mahan Air). hisab and nomenklatura's logic-v2 (yente's default),
side by side.

    .venv/bin/python -m bench.short_org_names

From the index of the last `make bench-screen` (bench/out/index.jsonl), the first name of every
listed organisation (each record of the CSL that repeats OFAC's once) holding a word of
DESCRIPTORS: the query is that name without its words of DESCRIPTORS, LEGAL and FUNCTION, when
a word of four letters or more is left. The word lists are this benchmark's own (what a company
does or makes, its legal form), not hisab's tables: hisab's resources/names/generic_org_words.txt
and the words its index finds generic on the lists are its own guess at them. hisab scores each
query against the record alone (`compare`, as logic-v2 does) and screens it against the whole
index (top 10), counting a hit when the record is among the alerts; logic-v2 scores the query
against the record's names at its threshold 0.70 (bench/.venv-peers, through
`bench.slavic_forms`). A short form may be another listed organisation's too ("NATIONAL IRANIAN
OIL COMPANY" and "NATIONAL IRANIAN GAS COMPANY" are both "NATIONAL IRANIAN"): the table also
counts, per 1,000 queries, hisab's alerts on records whose own short form is another. `as
listed`: the full names, as a control. Nothing is asserted; the table is printed.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from bench.abbreviations import compare_systems, held_pairs, print_misses
from bench.common import bench_screener


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: What a company does or makes.
DESCRIPTORS = _words(
    """
    products product industries industry industrial manufacturing manufacturer manufacturers
    technology technologies technical engineering services service trading trade commercial
    commerce development construction consulting consultancy logistics shipping transport
    transportation electronics electronic electric electrical chemical chemicals petrochemical
    petrochemicals pharmaceutical pharmaceuticals systems system solutions import export
    factory plant works mining energy oil gas petroleum steel metal metals equipment machinery
    investment investments finance financial exchange insurance marine maritime navigation
    airlines airline air aviation aerospace security communications telecommunications telecom
    software computer supply supplies materials distribution marketing automotive instruments
    laboratory laboratories research agency management
    """
)
#: Legal forms and the words of company types.
LEGAL = _words(
    """
    co company companies ltd limited llc inc incorporated corp corporation group holding holdings
    jsc pjsc ojsc cjsc ao pao oao zao ooo tov gmbh ag sa srl sarl sas spa bv nv plc pte pvt private
    public joint stock fze fzco fz llp lp enterprise enterprises
    """
)
#: Conjunctions and prepositions.
FUNCTION = _words("and of the for in & y de del la")

_WORD = re.compile(r"[A-Za-z0-9&]+")


def short_form(name: str) -> str | None:
    """`name` without its words of DESCRIPTORS, LEGAL and FUNCTION, when it had a word of
    DESCRIPTORS and keeps a word of four letters or more; else None."""
    words = _WORD.findall(name)
    lower = [w.lower() for w in words]
    if not any(w in DESCRIPTORS for w in lower):
        return None
    kept = [w for w, low in zip(words, lower, strict=True) if low not in DESCRIPTORS | LEGAL | FUNCTION]
    if not any(len(w) >= 4 and w.isalpha() for w in kept):
        return None
    return " ".join(kept)


def other_alerts(
    screener: Any, pairs: list[dict[str, Any]], names_of: dict[tuple[str, str], list[str]]
) -> int:
    """hisab's alerts, over all queries, on records none of whose names has the query's short
    form (and that are not the pair's record): another organisation."""
    from hisab.screen.service import make_query

    count = 0
    for pair in pairs:
        own = pair["query"].lower()
        for match in screener.screen(make_query(pair["query"], "Organization"), top=10):
            if not match.match or {(r.dataset, r.record_id) for r in match.records} & pair["refs"]:
                continue
            names = [n for r in match.records for n in names_of.get((r.dataset, r.record_id), [])]
            if not any((short_form(n) or n).lower() == own for n in names):
                count += 1
    return count


def main() -> None:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    screener = bench_screener()
    names_of: dict[tuple[str, str], list[str]] = {}
    pairs = held_pairs(screener, short_form, names_of)
    hisab, systems = compare_systems(screener, pairs)
    print(f"{len(pairs)} listed organisations' names with a generic word to leave out.\n")
    print("| queries | pairs | " + " | ".join(systems) + " |\n|---|---:|" + "---:|" * len(systems))
    for label, field in (("short form", "query"), ("as listed (control)", "listed")):
        cells = [f"{sum(hits[field]) / len(pairs):.3f}" for hits in systems.values()]
        print(f"| {label} | {len(pairs)} | " + " | ".join(cells) + " |")
    others = other_alerts(screener, pairs, names_of)
    print(
        f"\nRecall at each system's default threshold. hisab's alerts on another organisation "
        f"(a record without the query's short form), whole index: {others} "
        f"({1000 * others / len(pairs):.1f} per 1,000 short forms).\nShort forms hisab misses:"
    )
    print_misses(pairs, hisab)


if __name__ == "__main__":
    main()
