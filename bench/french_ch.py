"""ch for sh: the lists' names written with ch where they write sh, and the reverse, screened
against the whole index; and the names as written, for the alerts they raise on other actors.

    .venv/bin/python -m bench.french_ch

French romanisations write ش as ch ("Hachem", "Achraf", "Chamkhani", "Cham Wings" for
Hashem, Ashraf, Shamkhani, Sham), and a French-speaking bank's customer file holds names so;
hisab charges ch against sh half a letter (names/similarity.py, `_CH`). But Chinese, Korean and
Russian romanisations write two sounds there (Chen/Shen, Puchkov/Pushkov), so the rule must not
make listed people's names alike.

From the index of the last `make bench-screen` (bench/out/index.jsonl): every Latin name (ASCII
letters) with a ch or an sh of a person or organisation on the UN and OFAC SDN lists, the lists
that hold each actor once. Each name is screened twice, against the whole index, with no birth
date: as written, and with every ch written sh and every sh ch (a French spelling of an Arabic
or Persian name, and an invented one of a Chinese, Korean or Russian name alike: the two are not
told apart here). Reported: how often the query alerts on its own record, and its alerts on
another actor (`bench.common.another_actor`: another record of the same once-per-actor list),
per 1,000 queries. Run it on two versions of hisab to compare them; nothing is asserted.

`--other kh` does the same for ch and kh: German, Dutch, Czech and Polish write خ and х as ch
("Chamenei", "Chodorkowski"), and hisab charges ch against kh half a letter too; English
writes ch for چ and ч, so a name with a ch written kh is an invented spelling of another name.
"""

from __future__ import annotations

import argparse
import re

from bench.common import ONCE_PER_ACTOR, bench_screener, listed_latin_names, own_and_others

#: ch and the digraph it is swapped with: sh (French), kh (German and others).
_DIGRAPHS = {"sh": re.compile(r"([cCsS])([hH])"), "kh": re.compile(r"(?<![sS])([cCkK])([hH])")}


def swapped(name: str, other: str = "sh") -> str:
    """`name` with each ch written `other` (sh, or kh) and each `other` ch, keeping the letters'
    case (not the ch of sch, where kh is swapped)."""
    letter = other[0]
    pairs = {"c": letter, letter: "c", "C": letter.upper(), letter.upper(): "C"}

    def swap(match: re.Match[str]) -> str:
        return pairs[match.group(1)] + match.group(2)

    return _DIGRAPHS[other].sub(swap, name)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--other", choices=sorted(_DIGRAPHS), default="sh", help="swap ch with sh or kh")
    args = parser.parse_args()
    digraph = _DIGRAPHS[args.other]
    screener = bench_screener()
    queries = [q for q in listed_latin_names(("Person", "Organization", "Company")) if digraph.search(q[0])]
    lists = " and ".join(sorted(ONCE_PER_ACTOR))
    print(f"{len(queries)} names with ch or {args.other} on {lists}, screened with no birth date.\n")
    print("| query | names | alerts on its own record | alerts on another actor per 1,000 |")
    print("|---|---:|---:|---:|")
    for label, swap in (("as written", False), (f"ch and {args.other} swapped", True)):
        own = others = 0
        for name, schema, ref in queries:
            hit, other = own_and_others(screener, swapped(name, args.other) if swap else name, schema, ref)
            own += hit
            others += other
        print(f"| {label} | {len(queries)} | {own / len(queries):.3f} | {1000 * others / len(queries):.1f} |")


if __name__ == "__main__":
    main()
