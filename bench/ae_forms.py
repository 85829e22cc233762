"""Listed persons' names with the hamza after a long a (ائ) written ai where the list writes ae
("Wail" for Wael, "Raid" for Raed, "Taib" for Taeb), screened against the whole index.

    .venv/bin/python -m bench.ae_forms

Arabic وائل, رائد, نائف, صائب and Persian طائب, حائری are romanised Wael, Raed, Naef, Saeb,
Taeb, Haeri and as often Wail, Raid, Naif, Saib, Taib, Hairi (and Wa'il, Ra'id); a customer file
or another list writes the other. From the index of the last `make bench-screen`
(bench/out/index.jsonl): every Latin name (ASCII letters) of a person on the UN and OFAC SDN lists
with an ae before a consonant (not v: Russian -aev-, "Nikolaevich", is а and е), screened with no
birth date as written and with that ae written ai. Reported: how often each alerts on its own
record, the share of the names found as written that are found written with ai, and the alerts on
another actor (`bench.common.another_actor`). The forms are made for every such ae, whatever the
name's language: some are spellings no one writes ("Maisai" for a Burmese "Maesai"). Nothing is
asserted; the table is printed.
"""

from __future__ import annotations

import re

from bench.common import ONCE_PER_ACTOR, bench_screener, listed_latin_names, own_and_others

#: ae before a consonant other than v, in either case.
_AE = re.compile(r"(?i)ae(?=[b-df-hj-np-tw-z])")


def ai_form(name: str) -> str:
    """`name` with each ae before a consonant (not v) written ai, in the case it was written."""
    return _AE.sub(lambda m: "".join("i" if c == "e" else "I" if c == "E" else c for c in m.group()), name)


def main() -> None:
    screener = bench_screener()
    names = [(n, r) for n, _, r in listed_latin_names() if _AE.search(n)]
    written = [own_and_others(screener, n, "Person", r) for n, r in names]
    changed = [own_and_others(screener, ai_form(n), "Person", r) for n, r in names]
    kept = sum(a[0] for w, a in zip(written, changed, strict=True) if w[0])
    hits = sum(w[0] for w in written)
    print(
        f"{len(names)} Latin names of persons on {' and '.join(sorted(ONCE_PER_ACTOR))} with an ae before a "
        "consonant (not v), screened with no birth date as written and with ae written ai.\n"
    )
    print("| names | found as written | found with ai | kept | another actor, written → ai |")
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {len(names)} | {hits} | {sum(a[0] for a in changed)} | {kept / max(hits, 1):.3f} | "
        f"{sum(w[1] for w in written)} → {sum(a[1] for a in changed)} |"
    )
    for (name, _), w, a in zip(names, written, changed, strict=True):
        if w[0] and not a[0]:
            print(f"missed: {ai_form(name)!r} ({name})")


if __name__ == "__main__":
    main()
