"""Regenerate src/hisab/resources/names/person_parts.txt.gz: words that are people's names.

Source (in HISAB_DATA_DIR, default ../shared/data; see its PROVENANCE.md):
rigour_names/persons.txt, the person-name data of the `rigour` package (1.8.2, MIT;
OpenSanctions, derived from Wikidata, CC0): equivalence classes of given names and surnames,
one class a line (`variant, variant, … => Q<id>`). The installed rigour (2.x) holds the same
data inside its compiled core, which has no call that lists it, and its own name tagger takes
8 s to load and 11 ms a name: too slow for building an index.

Each Latin-script variant of one word is kept as the names layer folds it (`Token.text`), not
as its phonetic form, so that the table does not go stale when the romanisation rules change.
A variant the names layer reads as a legal form or a particle ("Co", "de") is left out.

hisab reads the table to tell which entities of no known kind are people (`person_like`): the
US Consolidated Screening List and EU's files give no type for thousands of their entries.

Usage: python scripts/build_person_parts.py
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from hisab.names.tokens import NAME, tokenize

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src/hisab/resources/names/person_parts.txt.gz"
DATA = Path(os.environ.get("HISAB_DATA_DIR", REPO.parent / "shared" / "data"))


def main() -> None:
    forms: set[str] = set()
    with open(DATA / "rigour_names" / "persons.txt", encoding="utf-8") as fh:
        for line in fh:
            variants, _, _ = line.partition("=>")
            for variant in variants.split(","):
                variant = variant.strip()
                if not variant or not variant.isascii() or " " in variant:
                    continue
                parts = tokenize(variant, False)
                if len(parts) == 1 and parts[0].kind == NAME and len(parts[0].text) >= 2:
                    forms.add(parts[0].text)
    header = (
        "# Words that are people's given names or surnames, folded as the names layer folds them.\n"
        "# Built by scripts/build_person_parts.py from rigour 1.8.2's names/persons.txt (MIT;\n"
        "# OpenSanctions, from Wikidata, CC0): its Latin-script single-word variants.\n"
    )
    text = header + "".join(f"{form}\n" for form in sorted(forms))
    # mtime=0: the same table gives the same bytes (the index's fingerprint hashes them).
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(forms)} name words written to {OUT.relative_to(REPO)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
