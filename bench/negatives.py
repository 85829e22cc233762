"""Negative cases: ordinary Iranian customers, who are not listed.

- `neg_iran_latin`: first and last names from `names_dataset/` rows for IR,
  drawn by frequency. The files give each name's rank in Iran; `country_share`
  is the share of the name's bearers who live in Iran (Alireza 0.89, Ali
  0.05), not how common it is there, so the weight is Zipf's 1/rank. The IR
  rows are polluted with Czech names (PROVENANCE.md): a name is kept only if
  every token of it is attested for Iran in
  `translit_pairs/arabic_name_romanizer_units.csv`.
- `neg_persian_script`: a given name (male or female, even odds) and a surname
  from `names_farsi_faker/names.csv`, uniformly (the list has no frequencies).

Both get a random birth date (1940-01-01 to 2005-12-31) and nationality `ir`.
A generated name may by chance be a listed person's name; such cases are kept
and marked `listed_name` in `detail`, and the report counts them.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Callable
from pathlib import Path

from bench.common import Case, name_key, script_of, tokens

FIRST_DAY = datetime.date(1940, 1, 1)
LAST_DAY = datetime.date(2005, 12, 31)


def birth_date(chooser: random.Random) -> str:
    days = (LAST_DAY - FIRST_DAY).days
    return (FIRST_DAY + datetime.timedelta(days=chooser.randint(0, days))).isoformat()


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def iran_tokens(data: Path) -> set[str]:
    """Latin name tokens attested for Iran in the romanizer's units table."""
    rows = _rows(data / "translit_pairs" / "arabic_name_romanizer_units.csv")
    return {token for row in rows if row["country"] == "IR" for token in tokens(row["latin"])}


def country_names(
    data: Path, kind: str, country: str, keep: Callable[[str], bool] = bool
) -> tuple[list[str], list[float]]:
    """`country`'s first or last names (`kind`) in names_dataset that pass `keep`, and their
    1/rank weights."""
    rows = _rows(data / "names_dataset" / f"top_{kind}_names_by_country.csv")
    chosen = [row for row in rows if row["country"] == country and keep(row["name"])]
    return [row["name"] for row in chosen], [1 / int(row["rank"]) for row in chosen]


def iran_names(data: Path, kind: str, attested: set[str]) -> tuple[list[str], list[float]]:
    """IR first or last names whose every token is attested for Iran, and their 1/rank weights."""

    def kept(name: str) -> bool:
        found = tokens(name)
        return bool(found) and all(t in attested for t in found)

    return country_names(data, kind, "IR", kept)


def _negative(kind: str, name: str, chooser: random.Random, listed: set[str]) -> Case:
    return Case(
        id="",
        kind=kind,
        name=name,
        schema="Person",
        birth_date=birth_date(chooser),
        nationality="ir",
        script=script_of(name),
        detail="listed_name" if name_key(name) in listed else "",
    )


def iran_latin_customers(data: Path, chooser: random.Random, count: int, listed: set[str]) -> list[Case]:
    """`count` ordinary Iranian customers in Latin script; `listed` holds listed persons' name keys."""
    attested = iran_tokens(data)
    firsts, first_weights = iran_names(data, "first", attested)
    lasts, last_weights = iran_names(data, "last", attested)
    found = []
    for _ in range(count):
        first = chooser.choices(firsts, first_weights)[0]
        last = chooser.choices(lasts, last_weights)[0]
        found.append(_negative("neg_iran_latin", f"{first} {last}", chooser, listed))
    return found


def persian_script_customers(data: Path, chooser: random.Random, count: int, listed: set[str]) -> list[Case]:
    """`count` ordinary Iranian customers written in Persian script."""
    lists: dict[str, list[str]] = {}
    for row in _rows(data / "names_farsi_faker" / "names.csv"):
        lists.setdefault(row["list"], []).append(row["name"])
    found = []
    for _ in range(count):
        given = lists[chooser.choice(["male_names", "female_names"])]
        name = f"{chooser.choice(given)} {chooser.choice(lists['last_names'])}"
        found.append(_negative("neg_persian_script", name, chooser, listed))
    return found
