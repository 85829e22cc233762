"""A listed person's name given in part, as customer records and the press give it: without
the patronymic, or without a middle name. hisab and nomenklatura's logic-v2 (yente's default),
side by side on the same pairs.

    .venv/bin/python -m bench.partial_names

From the index of the last `make bench-screen` (bench/out/index.jsonl), every listed person
(each record of the CSL that repeats OFAC's once) whose first name of three parts or more has
a middle part that hisab reads as an East Slavic patronymic (resources/names/patronymics.txt;
"Sergei Kuzhugetovich SHOIGU"): `patronymic` is that name without the patronymic against the
record; and, for the persons whose first name has three parts or more and no patronymic
("Ali Husseini KHAMENEI"), `middle_name` is that name without its second part against the
record. `middle_in_query` is the other way round, for the `middle_name` records whose index
gives every word of the name a role (given, middle or family name, `index.name_roles`): the
whole name, given in parts as a customer record's first, middle and last name fields, against
the name without its middle names as a list that leaves them out would give it ("QASEM
SOLEIMANI"); the column `hisab, name alone` scores the same query without the fields. A name
the list writes surname first, with a comma ("YAKUNIN, Vladimir Ivanovich"), is read as
surname, given names. Each pair is scored with and without the record's birth date
in the query. Every system scores the same query against the same record (all its names; no
candidate stage; hisab's record with the roles of its name parts that its index holds,
`index.name_roles`), at its own default threshold (hisab's `match`, logic-v2 0.70); logic-v2
runs in bench/.venv-peers, through `bench.slavic_forms`. Nothing is asserted; the table is
printed.

The pairs test recall only: a partial name against its own record. What counting a left-out
patronymic little costs in alerts on other people is measured by `make bench-screen` (its
negatives) and written in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bench.common import OUT, bench_screener, read_index, record_key
from bench.peers import DEFAULT_THRESHOLD
from bench.slavic_forms import PEER, listed_person, peer_scores, record_bases


def _parts(name: str) -> list[str] | None:
    """A name's words in the order given name(s), surname; None for a name of other shapes
    (slashes, brackets: several names in one)."""
    if any(c in name for c in "/()"):
        return None
    if name.count(",") == 1:
        surname, given = (part.split() for part in name.split(","))
        return given + surname
    return None if "," in name else name.split()


def cases(index: Path, roles: dict[tuple[str, str], dict[str, str]]) -> list[dict[str, Any]]:
    """The pairs; `roles`: the roles of each record's name parts as hisab's index holds them,
    by (dataset, record id) (`index.name_roles`)."""
    from hisab.match.features import is_patronymic
    from hisab.names import tables, tokenize

    endings = tables.patronymic_endings()
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for subject in read_index(index):
        if subject.schema != "Person":
            continue
        key = record_key(subject)
        if key in seen:
            continue
        seen.add(key)
        names = subject.values("name")
        words = _parts(names[0]) if names else None
        if not words or len(words) < 3:
            continue
        # A middle word only: a family name may end as a patronymic does ("Aliaksandr
        # Henadzevich BAKHANOVICH").
        patronymic = [
            i
            for i, w in enumerate(words[1:-1], start=1)
            if any(is_patronymic(t, endings) for t in tokenize(w, False))
        ]
        if patronymic:
            kind, query = "patronymic", [w for i, w in enumerate(words) if i not in patronymic]
        else:
            kind, query = "middle_name", words[:1] + words[2:]
        held = roles.get(subject.ref, {})
        # The other way round: a customer record that names the parts of a name with a middle
        # name, against a list that gives the name without it ("QASEM SOLEIMANI").
        fields = _fields(words, held) if kind == "middle_name" else None
        for base in record_bases(subject):
            found.append(
                {**base, "kind": kind, "query": " ".join(query), "names": subject.names(), "roles": held}
            )
            if fields is not None:
                first, middle, last = fields
                found.append(
                    {
                        **base,
                        "kind": "middle_in_query",
                        "query": " ".join(words),
                        "fields": {"first_name": first, "middle_name": middle, "last_name": last},
                        "names": [" ".join(w for w in words if w not in middle.split())],
                        "roles": {},
                    }
                )
    return found


def _fields(words: list[str], roles: dict[str, str]) -> tuple[str, str, str] | None:
    """A name's words as a record's first, middle and last name fields, by the roles the index
    gives its parts (`index.name_roles`); None unless every word has one role, and the name
    has a middle name and a given and a family name."""
    from hisab.names import tokenize

    by_role: dict[str, list[str]] = {"given": [], "middle": [], "family": []}
    for word in words:
        found = {roles.get(t.phon) for t in tokenize(word, False)}
        if len(found) != 1 or None in found:
            return None
        by_role[str(found.pop())].append(word)
    if not all(by_role.values()):
        return None
    return " ".join(by_role["given"]), " ".join(by_role["middle"]), " ".join(by_role["family"])


def score_hisab(screener: Any, pairs: list[dict[str, Any]], fields: bool = True) -> list[float]:
    """hisab's score of each pair; `fields=False`: the query's name alone, without the record's
    name fields of `middle_in_query`."""
    from hisab.screen.service import make_query

    found = []
    for n, pair in enumerate(pairs):
        parts = pair.get("fields", {}) if fields else {}
        query = make_query(pair["query"], "Person", pair["birth_date"], **parts)
        found.append(screener.compare(query, listed_person(n, pair)).score)
    return found


def customers(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Ordinary Iranian customers whose records name the parts of a name with a middle name:
    a given name, another given name as the middle name and a family name, each drawn by
    frequency from `names_dataset/` rows for IR as `make bench-screen`'s negatives are
    (`bench.negatives`), with a random birth date."""
    import random

    from bench.common import data_dir
    from bench.negatives import birth_date, iran_names, iran_tokens

    data = data_dir()
    attested = iran_tokens(data)
    firsts, first_weights = iran_names(data, "first", attested)
    lasts, last_weights = iran_names(data, "last", attested)
    chooser = random.Random(seed)
    found = []
    while len(found) < count:
        first, middle = chooser.choices(firsts, first_weights, k=2)
        if first == middle:
            continue
        last = chooser.choices(lasts, last_weights)[0]
        fields = {"first_name": first, "middle_name": middle, "last_name": last}
        found.append({"fields": fields, "birth_date": birth_date(chooser)})
    return found


def customer_alerts(screener: Any, people: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Alerts per 1,000 `customers` against the whole index, given in parts and as the name
    alone, without and with their birth dates."""
    from hisab.screen.service import make_query

    found: dict[str, tuple[float, float]] = {}
    for label, fields in (("hisab", True), ("hisab, name alone", False)):
        rates = []
        for dated in (False, True):
            alerts = 0
            for person in people:
                parts = person["fields"]
                name = " ".join(parts.values())
                query = make_query(
                    name, "Person", person["birth_date"] if dated else None, **(parts if fields else {})
                )
                alerts += any(m.match for m in screener.screen(query, top=1))
            rates.append(1000 * alerts / len(people))
        found[label] = (rates[0], rates[1])
    return found


def main() -> None:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    screener = bench_screener()
    held = {(s.dataset, s.record_id): s.name_roles for s in screener.index.subjects}
    pairs = cases(OUT / "index.jsonl", held)
    scores = {
        "hisab": score_hisab(screener, pairs),
        "hisab, name alone": score_hisab(screener, pairs, fields=False),
        PEER: peer_scores(pairs),
    }
    own = screener.algorithm.threshold
    thresholds = {"hisab": own, "hisab, name alone": own, PEER: DEFAULT_THRESHOLD}
    print("| left out | pairs | " + " | ".join(thresholds) + " |")
    print("|---|---:|" + "---:|" * len(thresholds))
    for kind in ("patronymic", "middle_name", "middle_in_query"):
        for dated in (False, True):
            picked = [i for i, p in enumerate(pairs) if p["kind"] == kind and p["dated"] == dated]
            if not picked:
                continue
            cells = [
                f"{sum(scores[s][i] >= t for i in picked) / len(picked):.3f}" for s, t in thresholds.items()
            ]
            label = f"`{kind}`, {'with' if dated else 'without'} birth date"
            print(f"| {label} | {len(picked)} | " + " | ".join(cells) + " |")
    print("\nRecall at each system's default threshold. Some pairs hisab misses without a birth date:")
    for kind in ("patronymic", "middle_name", "middle_in_query"):
        missed = [
            i
            for i, p in enumerate(pairs)
            if p["kind"] == kind and not p["dated"] and scores["hisab"][i] < own
        ]
        for i in missed[:8]:
            print(f"  {scores['hisab'][i]:.2f} {kind} {pairs[i]['query']!r} ~ {pairs[i]['names'][0]!r}")
    people = customers(3000)
    rates = customer_alerts(screener, people)
    print(f"\nAlerts per 1,000 of {len(people):,} ordinary Iranian customers given with a middle name:")
    print("| customers | hisab | hisab, name alone |\n|---|---:|---:|")
    for n, label in enumerate(("without birth date", "with birth date")):
        print(f"| {label} | {rates['hisab'][n]:.2f} | {rates['hisab, name alone'][n]:.2f} |")


if __name__ == "__main__":
    main()
