"""Regenerate src/hisab/resources/names/country_names.txt: the names of countries, one word each.

Source: the territories table of the PyPI package `rigour` (MIT; names from Wikidata,
CC0), which hisab already installs: each country's English short name, its strong names
(official and native forms: "Misr", "Hrvatska", "ایران"), and what is left of its English
short and full names without the words that say what kind of state it is or which part of a
land ("Republic of Korea", "North Korea", "DR Congo": Korea, Congo; `STATE_WORDS`). Only names
of one word in Latin, Arabic or Cyrillic script, as hisab reads an organisation's name, are
kept: a word here is compared as the country itself, not as a name of its own
(features.other_distinctive_words). The weak names are left out: they hold words that are
names of people or common words in other languages ("Ira", "Alan", "Abd").

Usage: python scripts/build_country_names.py
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from rigour._core import territories_jsonl
from rigour.data import iter_jsonl_text

from hisab.names import tokenize
from hisab.names.tokens import ARABIC, CYRILLIC, LATIN, NAME

OUT = Path(__file__).resolve().parents[1] / "src/hisab/resources/names/country_names.txt"
#: Words of a country's English name that say what kind of state it is, or which part of a land.
STATE_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "central",
        "republic",
        "democratic",
        "people's",
        "state",
        "of",
        "the",
        "federal",
        "federative",
        "islamic",
        "socialist",
        "plurinational",
        "bolivarian",
        "dr",
        "great",
    ]
)


def main() -> None:
    words: dict[str, str] = {}
    for row in iter_jsonl_text(territories_jsonl()):
        if not row.get("is_country"):
            continue
        english = (row["name"], row.get("full_name") or row["name"])
        core = [" ".join(w for w in n.split() if w.casefold() not in STATE_WORDS) for n in english]
        for name in (row["name"], *row.get("names_strong", []), *core):
            tokens = tokenize(name, organisation=True)
            if len(tokens) == 1 and tokens[0].kind == NAME and tokens[0].script in (LATIN, ARABIC, CYRILLIC):
                words.setdefault(tokens[0].phon, name.strip())
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# Names of countries of one word (see scripts/build_country_names.py).\n")
        source = f"rigour {version('rigour')} (MIT; Wikidata, CC0)"
        fh.write(f"# Derived from {source}: short, strong and core names.\n")
        for name in sorted(set(words.values()), key=str.casefold):
            fh.write(f"{name}\n")
    print(f"wrote {OUT}: {len(set(words.values()))} names")


if __name__ == "__main__":
    main()
