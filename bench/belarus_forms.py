"""Belarusian and Russian forms of the same persons' names: hisab, hisab matching names only
as written, and nomenklatura's logic-v2 (yente's default), side by side on the same pairs.

    .venv/bin/python -m bench.belarus_forms

The EU's Belarus list (act 32006R0765) gives each person a main name romanised from
Belarusian ("Aliaksandr Ryhoravich LUKASHENKA") and, among the aliases, the name in Russian
Cyrillic ("Александр Григорьевич ЛУКАШЕНКО"), which a customer file or another list may hold
instead. From the index of the last `make bench-screen` (bench/out/index.jsonl), two cases
per person whose record gives both:

- `by_query`: the main name is the query; the record holds only its Russian Cyrillic names;
- `ru_query`: a Russian Cyrillic name is the query; the record holds only its main name(s).

A Russian Cyrillic name is one without the letters only Belarusian writes (і, ў, ’). Each
case is scored with and without the record's birth date in the query. Every system scores
the same query against the same reduced record (no candidate stage), at its own default
threshold (hisab 0.49, logic-v2 0.70); logic-v2 runs in bench/.venv-peers. "hisab as
written" compares the names without `russian_reading` (hisab.names.belarusian). Nothing is
asserted; the table is printed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import OUT, PEERS_VENV, read_index

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_BELARUSIAN_LETTERS = re.compile("[іІўЎ’ʼ']")
PEER = "logic-v2"


def cases(index: Path) -> list[dict[str, Any]]:
    """The pairs: query name, record names, birth date, kind."""
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
        births = subject.values("birthDate")
        for birth in (None, births[0]) if births else (None,):
            base = {"record": subject.record_id, "birth_date": birth, "dated": birth is not None}
            found.append({**base, "kind": "by_query", "query": main[0], "names": russian})
            found.append({**base, "kind": "ru_query", "query": russian[0], "names": main})
    return found


def other_cases(index: Path) -> list[dict[str, Any]]:
    """Pairs from the US lists' persons of the Belarus programmes (OFAC's SDN list and the
    CSL's other entries), whose names I did not read while writing the rules. These lists give
    no Cyrillic, so the names are split by hisab's own test: those it reads as written the
    Belarusian way, and the others; only persons with both are used, and a pair each way."""
    from hisab.names import tokenize
    from hisab.names.belarusian import russian_reading

    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for subject in read_index(index):
        if subject.dataset not in ("us_ofac_sdn", "us_trade_csl") or subject.schema != "Person":
            continue
        if not any("BELARUS" in p.upper() for p in subject.programs) or subject.record_id in seen:
            continue
        seen.add(subject.record_id)
        names = [n for n in subject.names() if not _CYRILLIC.search(n)]
        marked = [n for n in names if russian_reading(tokenize(n, False)) is not None]
        other = [n for n in names if n not in marked]
        if not marked or not other:
            continue
        births = subject.values("birthDate")
        for birth in (None, births[0]) if births else (None,):
            base = {"record": subject.record_id, "birth_date": birth, "dated": birth is not None}
            found.append({**base, "kind": "by_query", "query": marked[0], "names": other})
            found.append({**base, "kind": "ru_query", "query": other[0], "names": marked})
    return found


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


def score_hisab(screener: Any, pairs: list[dict[str, Any]]) -> dict[str, list[float]]:
    """hisab's score of each pair, with readings and with names only as written."""
    from hisab.match.index import Subject, add_name
    from hisab.names import tokenize
    from hisab.screen.service import make_query

    scores: dict[str, list[float]] = {"hisab": [], "hisab as written": []}
    for n, pair in enumerate(pairs):
        query = make_query(pair["query"], "Person", pair["birth_date"])
        for system, readings in (("hisab", True), ("hisab as written", False)):
            subject = Subject(
                id=f"case-{n}", schema="Person", caption=pair["names"][0], dataset="eu", record_id=str(n)
            )
            seen: set[tuple[str, ...]] = set()
            for name in pair["names"]:
                add_name(subject, tokenize(name, False), "name", False, seen, readings=readings)
            if pair["birth_date"]:
                subject.birth_dates.add(pair["birth_date"])
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
    from hisab.match.index import load_index
    from hisab.screen.service import Screener
    from hisab.store import Store

    # Rarity weights from the lists of the benchmark's index.
    screener = Screener(load_index(Store(f"sqlite:///{OUT / 'index.db'}"), OUT / "index.db.cache"))
    for title, pairs in (
        ("The EU's Belarus list, Belarusian Latin and Russian Cyrillic forms", cases(OUT / "index.jsonl")),
        ("The US lists' Belarus programmes, names split by hisab's test", other_cases(OUT / "index.jsonl")),
    ):
        print(f"\n{title}\n")
        report(screener, pairs)


def report(screener: Any, pairs: list[dict[str, Any]]) -> None:
    """Score the pairs with every system and print the table and hisab's remaining misses."""
    scores = score_hisab(screener, pairs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pairs.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for n, pair in enumerate(pairs):
                query = _entity("Person", f"q{n}", [pair["query"]], pair["birth_date"])
                record = _entity("Person", f"r{n}", pair["names"], pair["birth_date"])
                fh.write(json.dumps({"query": query, "record": record}, ensure_ascii=False) + "\n")
        python = PEERS_VENV / "bin" / "python"
        command = [str(python), "-m", "bench.belarus_forms", "--peer-pairs", str(path)]
        proc = subprocess.run(command, capture_output=True, text=True, cwd=OUT.parents[1])
        if proc.returncode != 0:
            sys.exit(f"{PEER} failed: {proc.stderr.strip().splitlines()[-1:]}")
        scores[PEER] = [float(line) for line in proc.stdout.split()]
    thresholds = {"hisab": 0.49, "hisab as written": 0.49, PEER: 0.70}
    groups = [(kind, dated) for kind in ("by_query", "ru_query") for dated in (False, True)]
    print("| case | pairs | " + " | ".join(thresholds) + " |")
    print("|---|---:|" + "---:|" * len(thresholds))
    for kind, dated in groups:
        picked = [i for i, p in enumerate(pairs) if p["kind"] == kind and p["dated"] == dated]
        cells = [f"{sum(scores[s][i] >= t for i in picked) / len(picked):.3f}" for s, t in thresholds.items()]
        label = f"`{kind}`, {'with' if dated else 'without'} birth date"
        print(f"| {label} | {len(picked)} | " + " | ".join(cells) + " |")
    print("\nRecall at each system's default threshold. Dated pairs hisab still misses:")
    for i, pair in enumerate(pairs):
        if scores["hisab"][i] < 0.49 and pair["dated"]:
            print(f"  {scores['hisab'][i]:.2f} {pair['kind']} {pair['query']!r} ~ {pair['names'][0]!r}")


if __name__ == "__main__":
    main()
