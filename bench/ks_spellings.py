"""x and ks: the same name spelled both ways ("Maxim" and "Maksim", "Alexey" and "Aleksey",
"Aliaksandr" and "Aliaxandr"), hisab beside nomenklatura's logic-v2 (yente's default).

    .venv/bin/python -m bench.ks_spellings

Romanisations of Russian, Belarusian and Ukrainian write кс as ks (OFAC's "Aleksandr", the EU's
"Maksim") or x ("Alexander", "Maxim"), and customer files and other lists write the other. From
the index of the last `make bench-screen` (bench/out/index.jsonl): each person whose nationality
or country is Russia, Belarus or Ukraine and one of whose Latin names writes ks or x, once per
record (the CSL repeats OFAC's). That name is rewritten with each ks as x and each x as ks, and
the rewritten name is scored against the record reduced to the name as listed, as
`bench.slavic_forms` scores its pairs (no candidate stage; each system at its own default
threshold: hisab's `match`, logic-v2 0.70, run in bench/.venv-peers), without and with the
record's birth date, and printed as `bench.slavic_forms` prints its tables (its "hisab as written"
column: without reading a name as its Russian form). Nothing is asserted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bench.common import OUT, bench_screener, read_index, record_key
from bench.slavic_forms import _CYRILLIC, record_bases, report

_KS_OR_X = re.compile("ks|x", re.IGNORECASE)
_COUNTRIES = {"ru", "by", "ua", "su"}


def _other_spelling(found: re.Match[str]) -> str:
    """ks as x and x as ks, in the case of what it replaces ("KS" → "X", "Ks" → "X", "X" → "KS")."""
    text = found.group()
    other = "x" if len(text) == 2 else "ks"
    return other.upper() if text[0].isupper() and (len(text) == 1 or text[1].isupper()) else other


def ks_cases(index: Path) -> list[dict[str, Any]]:
    """The pairs: a name rewritten (`_other_spelling`) against the record reduced to the name."""
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for subject in read_index(index):
        if subject.schema != "Person" or record_key(subject) in seen:
            continue
        places = {v for prop in ("nationality", "country", "citizenship") for v in subject.values(prop)}
        if not places & _COUNTRIES:
            continue
        names = [n for n in subject.names() if not _CYRILLIC.search(n) and _KS_OR_X.search(n)]
        if not names:
            continue
        seen.add(record_key(subject))
        query = _KS_OR_X.sub(_other_spelling, names[0])
        found += [
            {**base, "kind": "rewritten", "query": query, "names": [names[0]]}
            for base in record_bases(subject)
        ]
    return found


def main() -> None:
    report(bench_screener(), ks_cases(OUT / "index.jsonl"))


if __name__ == "__main__":
    main()
