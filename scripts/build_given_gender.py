"""Regenerate src/hisab/resources/names/given_gender.tsv: given names that are one gender's.

Sources (in HISAB_DATA_DIR, default ../shared/data; see its PROVENANCE.md):
- names_dataset/top_first_names_by_country.csv (PyPI `names-dataset` 3.3.1, MIT): the top
  1,000 first names of IR, AF, IQ, LB, SY, SA and AE, with the share of men and women
  bearing each (from leaked social-network profiles: noisy, "Ali" comes out 94% male). A
  name is kept when, averaged over its rows (its spellings and countries), at least 85% of
  its bearers are of one gender: "Nour" (73% female) is left out.
- names_farsi_faker/names.csv (PyPI `farsi-faker` 1.9.0, MIT): Persian-script male and female
  given names. A name on both lists, or also on its surname list, is left out.

Each name is written as hisab's names layer reads it (its phonetic form, `Token.phon`), so
that every spelling that reads the same shares the entry; a form that two names of different
genders share is left out. Only aggregate name statistics are kept, no person's record.

A form of names-dataset's first names that its last names of those countries rank ten times
higher, and that ranks 300th or lower among first names, is left out: it is a family name some
profiles give as a first name. "Ahmadi", the first of Iran's family names there and the 521st of
Afghanistan's first names, made "Zahra Ahmadi" a name of both genders, so of neither (so too
Hosseini, Karimi, Moradi, Ansari).

Turkish and Azerbaijani names are not used: romanised, several read like Persian surnames (the
Turkish woman's name "Tülay" reads as the surname "Toulai"). Leaving out forms that are also
surnames does not work with these sources: their surname lists hold "Mohammad", "Ali" and
"Reza" too (patronymic surnames).

Usage: python scripts/build_given_gender.py
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

from hisab.names.tokens import NAME, tokenize

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src/hisab/resources/names/given_gender.tsv"
DATA = Path(os.environ.get("HISAB_DATA_DIR", REPO.parent / "shared" / "data"))
COUNTRIES = {"IR", "AF", "IQ", "LB", "SY", "SA", "AE"}
SHARE = 0.85
#: A first name ranked this low or lower, and ranked SURNAME_RATIO times higher as a last name,
#: is a family name (module docstring).
SURNAME_FIRST_RANK = 300
SURNAME_RATIO = 10


def _form(name: str) -> str | None:
    """The phonetic form of a one-part given name, or None for a name of several parts."""
    parts = [t for t in tokenize(name, False) if t.kind == NAME]
    return parts[0].phon if len(parts) == 1 and len(parts[0].phon) >= 2 else None


def _named_rows(path: Path, name_type: str) -> list[tuple[str, dict[str, str]]]:
    """(phonetic form, row) of each one-part name of `name_type` ("first" or "last") of COUNTRIES."""
    found: list[tuple[str, dict[str, str]]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["country"] not in COUNTRIES or row["name_type"] != name_type:
                continue
            form = _form(row["name"])
            if form:
                found.append((form, row))
    return found


def _best_ranks(rows: list[tuple[str, dict[str, str]]]) -> dict[str, int]:
    """The best rank of each form among `rows`."""
    ranks: dict[str, int] = {}
    for form, row in rows:
        ranks[form] = min(ranks.get(form, int(row["rank"])), int(row["rank"]))
    return ranks


def main() -> None:
    first = _named_rows(DATA / "names_dataset" / "top_first_names_by_country.csv", "first")
    first_ranks = _best_ranks(first)
    last_ranks = _best_ranks(_named_rows(DATA / "names_dataset" / "top_last_names_by_country.csv", "last"))
    family = {
        form
        for form, rank in first_ranks.items()
        if rank >= SURNAME_FIRST_RANK and last_ranks.get(form, rank) * SURNAME_RATIO <= rank
    }
    shares: dict[str, list[float]] = defaultdict(list)
    for form, row in first:
        if not row["gender_male_share"] or not row["gender_female_share"]:
            continue  # a name without gender counts says nothing
        male, female = float(row["gender_male_share"]), float(row["gender_female_share"])
        if male + female > 0:
            shares[form].append(male / (male + female))
    votes: dict[str, set[str]] = defaultdict(set)
    for form, male_shares in shares.items():
        mean = sum(male_shares) / len(male_shares)
        votes[form].add("m" if mean >= SHARE else "f" if 1 - mean >= SHARE else "?")
    lists: dict[str, set[str]] = defaultdict(set)
    with open(DATA / "names_farsi_faker" / "names.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lists[row["list"]].add(row["name"])
    surnames = lists["last_names"]
    for kind, gender in (("male_names", "m"), ("female_names", "f")):
        other = lists["female_names" if gender == "m" else "male_names"]
        for name in lists[kind] - other - surnames:
            form = _form(name)
            if form:
                votes[form].add(gender)
    kept = sorted(
        (form, genders.pop())
        for form, genders in votes.items()
        if len(genders) == 1 and "?" not in genders and form not in family
    )
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(
            "# Given names that are one gender's, as the names layer reads them (phonetic form).\n"
            "# Built by scripts/build_given_gender.py from names-dataset 3.3.1 (MIT; first names of\n"
            "# IR, AF, IQ, LB, SY, SA and AE borne at least 85% by one gender) and\n"
            "# farsi-faker 1.9.0 (MIT; Persian-script male and female given names), without the\n"
            "# family names names-dataset ranks ten times higher as last names.\n"
            "# m: male, f: female.\n"
        )
        for form, gender in kept:
            fh.write(f"{form}\t{gender}\n")
    print(f"{len(kept)} given names written to {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
