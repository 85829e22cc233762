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
record. A name the list writes surname first, with a comma ("YAKUNIN, Vladimir Ivanovich"),
is read as surname, given names. Each pair is scored with and without the record's birth date
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

from bench.common import OUT, read_index, record_key
from bench.peers import DEFAULT_THRESHOLD
from bench.slavic_forms import PEER, listed_person, peer_scores


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
        births = subject.values("birthDate")
        for birth in (None, births[0]) if births else (None,):
            found.append(
                {
                    "kind": kind,
                    "record": subject.record_id,
                    "query": " ".join(query),
                    "names": subject.names(),
                    "roles": roles.get(subject.ref, {}),
                    "birth_date": birth,
                    "dated": birth is not None,
                }
            )
    return found


def score_hisab(screener: Any, pairs: list[dict[str, Any]]) -> list[float]:
    from hisab.screen.service import make_query

    return [
        screener.compare(
            make_query(pair["query"], "Person", pair["birth_date"]), listed_person(n, pair)
        ).score
        for n, pair in enumerate(pairs)
    ]


def main() -> None:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    from hisab.match.index import load_index
    from hisab.screen.service import Screener
    from hisab.store import Store

    # Rarity weights from the lists of the benchmark's index.
    screener = Screener(load_index(Store(f"sqlite:///{OUT / 'index.db'}"), OUT / "index.db.cache"))
    held = {(s.dataset, s.record_id): s.name_roles for s in screener.index.subjects}
    pairs = cases(OUT / "index.jsonl", held)
    scores = {"hisab": score_hisab(screener, pairs), PEER: peer_scores(pairs)}
    thresholds = {"hisab": screener.algorithm.threshold, PEER: DEFAULT_THRESHOLD}
    print("| left out | pairs | " + " | ".join(thresholds) + " |")
    print("|---|---:|" + "---:|" * len(thresholds))
    for kind in ("patronymic", "middle_name"):
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
    own = thresholds["hisab"]
    for kind in ("patronymic", "middle_name"):
        missed = [
            i
            for i, p in enumerate(pairs)
            if p["kind"] == kind and not p["dated"] and scores["hisab"][i] < own
        ]
        for i in missed[:8]:
            print(f"  {scores['hisab'][i]:.2f} {kind} {pairs[i]['query']!r} ~ {pairs[i]['names'][0]!r}")


if __name__ == "__main__":
    main()
