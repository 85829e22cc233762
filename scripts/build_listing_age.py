"""Regenerate src/hisab/resources/match/listing_age.tsv: how old listed persons were when listed.

For every listed person whose record gives both a birth year and a listing date, the age in
the year of first listing (first listing year minus birth year; several birth years: the
latest, the youngest reading), counted once per name and birth year, so that a person whose
record two publishers copy is not counted twice. The matching feature `listing_age` reads
the counts: a customer who was 20 when a person of the same name was listed is far less
likely to be that person than one who was 50, because the lists rarely name people that
young (docs/matching.md).

Source: the lists loaded by `make bench-screen` (every list of ../shared/data). The persons
with both dates are on the EU lists and the UN list: OFAC's files give no listing date, and
the CSL's persons with a listing date give no birth date.

Usage: make bench-screen && .venv/bin/python scripts/build_listing_age.py [--db bench/out/index.db]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from hisab.match.features import first_listed
from hisab.match.index import load_index
from hisab.store import Store

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src/hisab/resources/match/listing_age.tsv"
#: Ages written out: 0 to this (older ones are counted at it).
MAX_AGE = 100


def ages(db: Path) -> Counter[int]:
    index = load_index(Store(f"sqlite:///{db}"), db.parent / f"{db.name}.cache")
    seen: set[tuple[str, int]] = set()
    found: Counter[int] = Counter()
    for subject in index.subjects:
        if subject.schema != "Person":
            continue
        listed = first_listed(subject)
        born = [int(d[:4]) for d in subject.birth_dates if d[:4].isdigit()]
        if listed is None or not born:
            continue
        key = (subject.caption.casefold(), max(born))
        if key in seen:
            continue
        seen.add(key)
        found[min(max(listed - max(born), 0), MAX_AGE)] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=REPO / "bench/out/index.db")
    args = parser.parse_args()
    found = ages(args.db)
    lines = [
        "# Listed persons by age in the year of first listing (see scripts/build_listing_age.py).",
        "# Derived from the lists of ../shared/data loaded by make bench-screen: the persons with",
        "# both a birth year and a listing date (on the EU lists and the UN list).",
        f"# total\t{sum(found.values())}",
        "age\tpersons",
        *(f"{age}\t{found.get(age, 0)}" for age in range(MAX_AGE + 1)),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({sum(found.values())} persons)")


if __name__ == "__main__":
    main()
