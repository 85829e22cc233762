"""Belarusian, Ukrainian and Russian forms of the same persons' names: hisab, hisab matching
names only as written, and nomenklatura's logic-v2 (yente's default), side by side on the same
pairs.

    .venv/bin/python -m bench.slavic_forms

From the index of the last `make bench-screen` (bench/out/index.jsonl), four sets of pairs,
each a query against one listed person's record reduced to some of its names:

1. The EU's Belarus list (act 32006R0765) gives each person a main name romanised from
   Belarusian ("Aliaksandr Ryhoravich LUKASHENKA") and, among the aliases, the name in Russian
   Cyrillic ("Александр Григорьевич ЛУКАШЕНКО"), which a customer file or another list may hold
   instead (a Russian Cyrillic name: one without the letters only Belarusian writes, і, ў, ’).
   `own_query`: the main name against the record reduced to its Russian Cyrillic names;
   `ru_query`: a Russian Cyrillic name against the record reduced to its main name.
2. to 4. The US lists' Belarus programmes, the EU's Ukraine-related acts (32014R0269,
   32014R0208) and the US lists' Ukraine programmes give Latin names only: they are split by
   hisab's own test (`split_cases`), and `own_query` is a name read as Belarusian- or
   Ukrainian-written against the record reduced to its other names, `ru_query` the reverse.
5. and 6. Names in Belarusian or Ukrainian Cyrillic: the EU gives many persons of its Belarus
   and Ukraine-related acts their name in the Cyrillic of their own language ("Сяргей Іванавіч
   СКРЫБА", "Валерій Володимирович КАУРОВ") beside the Russian Cyrillic ("Сергей Иванович
   СКРИБА"), told apart here by the letters only Belarusian or Ukrainian writes (і, ї, є, ґ, ў),
   not by hisab's test (`cyrillic_cases`). 5: `own_query` is such a name against the record
   reduced to its Russian Cyrillic names, `ru_query` the reverse. 6: such a name against the
   record reduced to its Latin names (`own_query` only): a Ukrainian document or customer file
   against a list that romanises, as OFAC's and the UN's do.

Each pair is scored with and without the record's birth date in the query. Every system scores
the same query against the same reduced record (no candidate stage), at its own default
threshold (hisab's `match`, logic-v2 0.70); logic-v2 runs in bench/.venv-peers. "hisab as written"
compares the names without `russian_reading` (hisab.names.slavic). Nothing is asserted; the
tables are printed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import OUT, PEERS_VENV, Subject, bench_screener, read_index, record_key
from bench.peers import DEFAULT_THRESHOLD

#: Any Cyrillic letter: a name with one is not a Latin name, even where Latin letters are the
#: more (bench.common.script_of goes by the majority, and "Serhiy AKSYONOV (Сергiй АКСЬОНОВ)"
#: would be a Latin query).
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_BELARUSIAN_LETTERS = re.compile("[іІўЎ’ʼ']")
#: The letters Belarusian or Ukrainian Cyrillic writes and Russian does not. The EU writes the
#: Ukrainian і as a Latin i now and then ("Валерiївна"): a Latin i beside Cyrillic letters.
_OWN_LETTERS = re.compile("[іІїЇєЄґҐўЎ]|(?<=[\u0400-\u04ff])[iI]|[iI](?=[\u0400-\u04ff])")
PEER = "logic-v2"


def belarus_cases(index: Path) -> list[dict[str, Any]]:
    """The EU Belarus list's pairs: its Latin main names and its Russian Cyrillic names."""
    found: list[dict[str, Any]] = []
    for subject in read_index(index):
        if subject.dataset != "eu_journal" or not subject.record_id.startswith("32006R0765/"):
            continue
        if subject.schema != "Person":
            continue
        main = [n for n in subject.values("name") if not _CYRILLIC.search(n)]
        russian = [n for n in subject.names() if _CYRILLIC.search(n) and not _BELARUSIAN_LETTERS.search(n)]
        if not main or not russian:
            continue
        found += _pairs(subject, main, russian)
    return found


def record_bases(subject: Subject) -> list[dict[str, Any]]:
    """What a pair of `subject` says of the record, once without a birth date and, where the
    record gives one, once with its first: the pairs are scored both ways."""
    births = subject.values("birthDate")
    return [
        {"record": subject.record_id, "birth_date": birth, "dated": birth is not None}
        for birth in ((None, births[0]) if births else (None,))
    ]


def _pairs(subject: Subject, own: list[str], russian: list[str]) -> list[dict[str, Any]]:
    """A person's pairs each way (`own_query`: a name of its own language's form against the
    record reduced to the Russian forms; `ru_query` the reverse), without and with its birth date."""
    found: list[dict[str, Any]] = []
    for base in record_bases(subject):
        found.append({**base, "kind": "own_query", "query": own[0], "names": russian})
        found.append({**base, "kind": "ru_query", "query": russian[0], "names": own})
    return found


def split_cases(index: Path, wanted: Callable[[Subject], bool], language: str) -> list[dict[str, Any]]:
    """Pairs from the persons `wanted` selects, whose lists give no Cyrillic: their Latin names
    are split by hisab's own test into those it reads as written the way of `language` and
    those it reads as written no special way; only persons with both are used, a pair each way.
    The split favours names the test recognises: this measures the reading more than the
    recognition."""
    from hisab.names import tokenize
    from hisab.names.slavic import language_of

    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for subject in read_index(index):
        if subject.schema != "Person" or not wanted(subject):
            continue
        # The CSL repeats OFAC's records under their numbers: one person once.
        key = record_key(subject)
        if key in seen:
            continue
        seen.add(key)
        names = [n for n in subject.names() if not _CYRILLIC.search(n)]
        read = {n: language_of(tokenize(n, False)) for n in names}
        marked = [n for n in names if read[n] == language]
        other = [n for n in names if read[n] is None]
        if not marked or not other:
            continue
        found += _pairs(subject, marked, other)
    return found


def cyrillic_cases(index: Path, latin: bool) -> list[dict[str, Any]]:
    """The EU's persons with a name in Belarusian or Ukrainian Cyrillic (`_OWN_LETTERS`), each
    such name against the record reduced to its Russian Cyrillic names (and the reverse), or,
    `latin`, against the record reduced to its Latin names (`own_query` only)."""
    found: list[dict[str, Any]] = []
    for subject in read_index(index):
        if subject.dataset != "eu_journal" or subject.schema != "Person":
            continue
        names = subject.names()
        own = [n for n in names if _CYRILLIC.search(n) and _OWN_LETTERS.search(n)]
        if latin:
            others = [n for n in names if not _CYRILLIC.search(n)]
        else:
            others = [n for n in names if _CYRILLIC.search(n) and not _OWN_LETTERS.search(n)]
        if not own or not others:
            continue
        pairs = _pairs(subject, own, others)
        found += [p for p in pairs if p["kind"] == "own_query"] if latin else pairs
    return found


def _us_programme(word: str) -> Callable[[Subject], bool]:
    def wanted(subject: Subject) -> bool:
        return subject.dataset in ("us_ofac_sdn", "us_trade_csl") and any(
            word in p.upper() for p in subject.programs
        )

    return wanted


def _eu_acts(*acts: str) -> Callable[[Subject], bool]:
    def wanted(subject: Subject) -> bool:
        return subject.dataset == "eu_journal" and subject.record_id.startswith(acts)

    return wanted


def _entity(schema: str, entity_id: str, names: list[str], birth_date: str | None) -> dict[str, Any]:
    props: dict[str, list[str]] = {"name": names}
    if birth_date:
        props["birthDate"] = [birth_date]
    return {"id": entity_id, "schema": schema, "properties": props}


def score_peer(pairs: Path) -> None:
    """In bench/.venv-peers: logic-v2's score of each pair, one per line on stdout."""
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algo = get_algorithm(PEER)
    assert algo is not None
    config = algo.default_config()
    with open(pairs, encoding="utf-8") as fh:
        for line in fh:
            pair = json.loads(line)
            query, record = model.get_proxy(pair["query"]), model.get_proxy(pair["record"])
            print(json.dumps(algo.compare(query, record, config).score))


def listed_person(n: int, pair: dict[str, Any], readings: bool = True) -> Any:
    """The record of pair `n` as hisab's index holds it: a person with the pair's `names` and
    its birth date, and the roles of its name parts when the pair has them (`readings`: with
    the readings of its names the index adds, Russian forms and spellings with digraphs)."""
    from hisab.match.index import Subject, add_name

    subject = Subject(
        id=f"case-{n}", schema="Person", caption=pair["names"][0], dataset="eu", record_id=str(n)
    )
    seen: set[tuple[str, ...]] = set()
    for name in pair["names"]:
        add_name(subject, name, "name", False, seen, readings=readings)
    if pair["birth_date"]:
        subject.birth_dates.add(pair["birth_date"])
    subject.name_roles = dict(pair.get("roles") or {})
    return subject


def score_hisab(screener: Any, pairs: list[dict[str, Any]]) -> dict[str, list[float]]:
    """hisab's score of each pair, with readings and with names only as written."""
    from hisab.names import tokenize
    from hisab.screen.service import make_query

    scores: dict[str, list[float]] = {"hisab": [], "hisab as written": []}
    for n, pair in enumerate(pairs):
        query = make_query(pair["query"], "Person", pair["birth_date"])
        for system, readings in (("hisab", True), ("hisab as written", False)):
            subject = listed_person(n, pair, readings)
            tokens = None if readings else tokenize(pair["query"], False)
            scores[system].append(screener.compare(query, subject, tokens=tokens).score)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--peer-pairs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer_pairs:
        score_peer(args.peer_pairs)
        return
    screener = bench_screener()
    index = OUT / "index.jsonl"
    for title, pairs in (
        ("The EU's Belarus list: its Belarusian Latin and Russian Cyrillic forms", belarus_cases(index)),
        (
            "The US lists' Belarus programmes: Latin names split by hisab's test",
            split_cases(index, _us_programme("BELARUS"), "belarusian"),
        ),
        (
            "The EU's Ukraine-related acts: Latin names split by hisab's test",
            split_cases(index, _eu_acts("32014R0269/", "32014R0208/"), "ukrainian"),
        ),
        (
            "The US lists' Ukraine programmes: Latin names split by hisab's test",
            split_cases(index, _us_programme("UKRAINE"), "ukrainian"),
        ),
        (
            "The EU's names in Belarusian or Ukrainian Cyrillic, against its Russian Cyrillic ones",
            cyrillic_cases(index, latin=False),
        ),
        (
            "The EU's names in Belarusian or Ukrainian Cyrillic, against its Latin ones",
            cyrillic_cases(index, latin=True),
        ),
    ):
        print(f"\n{title}\n")
        report(screener, pairs)


def peer_scores(pairs: list[dict[str, Any]], field: str = "query", schema: str = "Person") -> list[float]:
    """logic-v2's score of each pair (its name `field` against the record's `names`, both of
    `schema`, with the pair's birth date, if any, on both), run in bench/.venv-peers."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pairs.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for n, pair in enumerate(pairs):
                born = pair.get("birth_date")
                query = _entity(schema, f"q{n}", [pair[field]], born)
                record = _entity(schema, f"r{n}", pair["names"], born)
                fh.write(json.dumps({"query": query, "record": record}, ensure_ascii=False) + "\n")
        python = PEERS_VENV / "bin" / "python"
        command = [str(python), "-m", "bench.slavic_forms", "--peer-pairs", str(path)]
        proc = subprocess.run(command, capture_output=True, text=True, cwd=OUT.parents[1])
        if proc.returncode != 0:
            sys.exit(f"{PEER} failed: {proc.stderr.strip().splitlines()[-1:]}")
        return [float(line) for line in proc.stdout.split()]


def report(screener: Any, pairs: list[dict[str, Any]]) -> None:
    """Score the pairs with every system and print the table and hisab's remaining misses."""
    scores = score_hisab(screener, pairs)
    scores[PEER] = peer_scores(pairs)
    own = screener.algorithm.threshold
    thresholds = {"hisab": own, "hisab as written": own, PEER: DEFAULT_THRESHOLD}
    # The pairs' kinds, in the order they come (`own_query` before `ru_query`).
    groups = [(kind, dated) for kind in dict.fromkeys(p["kind"] for p in pairs) for dated in (False, True)]
    print("| case | pairs | " + " | ".join(thresholds) + " |")
    print("|---|---:|" + "---:|" * len(thresholds))
    for kind, dated in groups:
        picked = [i for i, p in enumerate(pairs) if p["kind"] == kind and p["dated"] == dated]
        if not picked:
            continue
        cells = [f"{sum(scores[s][i] >= t for i in picked) / len(picked):.3f}" for s, t in thresholds.items()]
        label = f"`{kind}`, {'with' if dated else 'without'} birth date"
        print(f"| {label} | {len(picked)} | " + " | ".join(cells) + " |")
    print("\nRecall at each system's default threshold. Dated pairs hisab still misses:")
    for i, pair in enumerate(pairs):
        if scores["hisab"][i] < own and pair["dated"]:
            print(f"  {scores['hisab'][i]:.2f} {pair['kind']} {pair['query']!r} ~ {pair['names'][0]!r}")


if __name__ == "__main__":
    main()
