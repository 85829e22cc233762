"""A slip of the pen in a listed person's name: one letter put for another, left out, added or
swapped with the next, in one part of the name. hisab and nomenklatura's logic-v2 (yente's
default), side by side on the same queries.

    .venv/bin/python -m bench.typos [--cases 1000] [--seed 7] [--no-birth-date] [--cut WIDTH]

From the index of the last `make bench-screen` (bench/out/index.jsonl), listed persons (each
record of the CSL that repeats OFAC's once) of the UN, OFAC, the EU and the UK whose first name
has two parts or more, all words of letters in Latin script, and whose record gives a birth
date: a seeded random choice of `--cases` of them. In one part of four letters or more, one
edit at a random place: `substitute` (a random letter for the one there), `delete`, `insert`
(a random letter) or `transpose` (with the next letter), in the word's case. The query is the
name so changed, with the record's first birth date, as a customer record would give it;
with `--no-birth-date`, the name alone, as a payment message gives it (no date on either side).

`--cut WIDTH`: no slip; instead the name cut to its first WIDTH characters, as a field of fixed
length cuts it (the `degraded/truncate` variation of `make bench-screen` cuts at 20), from the
persons whose name is longer, grouped by what the cut leaves of the last word.

hisab screens the query against the whole index (its candidate stage, then its scoring), as
`hisab screen` does: found when a result at or above its default threshold is the record (or
the CSL's or OFAC's copy). logic-v2 scores the query against the record alone (its names, the
same birth date on both; no candidate stage), in bench/.venv-peers through `bench.slavic_forms`,
at its threshold 0.70: a count that favours the peer, which needs no candidate stage to find
the record. Nothing is asserted; the table and hisab's misses are printed.

The queries test recall only. What looking beyond the name stage costs in alerts on other people
is measured by `make bench-screen` (its negatives) and on the 100,000 synthetic customers
(docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import random
import string
from collections.abc import Callable
from typing import Any

from bench.common import OUT, bench_screener, natural_order, read_index, record_key
from bench.peers import DEFAULT_THRESHOLD
from bench.slavic_forms import PEER, peer_scores

LISTS = ("un_sc", "us_ofac_sdn", "eu_journal", "gb_hmt")
EDITS = ("substitute", "delete", "insert", "transpose")


def _natural(name: str) -> list[str] | None:
    """A name's words, given names first ("KONY, Ali" is Ali KONY); None unless all are letters."""
    words = natural_order(name).split()
    return words if words and all(w.isalpha() and w.isascii() for w in words) else None


def slip(word: str, edit: str, rng: random.Random) -> str:
    """`word` with one `edit` at a random place, the letters in the word's case."""
    letters = string.ascii_uppercase if word.isupper() else string.ascii_lowercase
    i = rng.randrange(len(word))
    if edit == "substitute":
        return word[:i] + rng.choice(letters.replace(word[i], "")) + word[i + 1 :]
    if edit == "delete":
        return word[:i] + word[i + 1 :]
    if edit == "insert":
        return word[:i] + rng.choice(letters) + word[i:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _people(keep: Callable[[list[str]], bool]) -> list[tuple[Any, list[str], str]]:
    """The listed persons of LISTS (each record of the CSL that repeats OFAC's once) whose first
    name has two words or more, all letters, that `keep`, and whose record gives a birth date:
    (subject, the name's words, the first birth date), in the index's order."""
    people = []
    seen: set[tuple[str, str]] = set()
    for subject in read_index(OUT / "index.jsonl"):
        key = record_key(subject)
        if subject.schema != "Person" or subject.dataset not in LISTS or key in seen:
            continue
        seen.add(key)
        names = subject.values("name")
        births = subject.values("birthDate")
        words = _natural(names[0]) if names else None
        if words and len(words) >= 2 and births and keep(words):
            people.append((subject, words, births[0]))
    return people


def cases(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    people = _people(lambda words: any(len(w) >= 4 for w in words))
    rng.shuffle(people)
    found: list[dict[str, Any]] = []
    for subject, words, born in people:
        at = rng.choice([i for i, w in enumerate(words) if len(w) >= 4])
        edit = rng.choice(EDITS)
        changed = slip(words[at], edit, rng)
        if changed.casefold() == words[at].casefold():
            continue  # a letter swapped with its double
        query = " ".join([*words[:at], changed, *words[at + 1 :]])
        found.append(
            {
                "query": query,
                "names": subject.names(),
                "birth_date": born,
                "record": record_key(subject),
                "edit": edit,
                "short": len(words[at]) <= 5,
            }
        )
        if len(found) >= count:
            break
    return found


def cut_cases(count: int, seed: int, width: int) -> list[dict[str, Any]]:
    """Listed persons' names (as `cases` chooses them) longer than `width`, cut to `width`
    characters, the space a cut may end on dropped."""
    rng = random.Random(seed)
    people = _people(lambda words: len(" ".join(words)) > width)
    rng.shuffle(people)
    found: list[dict[str, Any]] = []
    for subject, words, born in people[:count]:
        full = " ".join(words)
        query = full[:width].rstrip()
        last = query.split()[-1]
        whole = full[len(query) : len(query) + 1] in ("", " ")
        left = "a whole word" if whole else ("1–4 letters" if len(last) < 5 else "5 letters or more")
        found.append(
            {
                "query": query,
                "names": subject.names(),
                "birth_date": born,
                "record": record_key(subject),
                "edit": f"last word cut to {left}" if not whole else "cut between words",
                "short": False,
            }
        )
    return found


def hisab_found(pairs: list[dict[str, Any]]) -> list[bool]:
    from hisab.screen.service import make_query

    screener = bench_screener()
    found = []
    for pair in pairs:
        results = screener.screen(make_query(pair["query"], "Person", pair["birth_date"]), 10)
        found.append(
            any(m.match and any(record_key(r) == pair["record"] for r in m.records) for m in results)
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-birth-date",
        action="store_true",
        help="the names alone, as a payment message gives them: no birth date on either side",
    )
    parser.add_argument(
        "--cut",
        type=int,
        metavar="WIDTH",
        help="no slip: the names cut to their first WIDTH characters, as a field of fixed length does",
    )
    args = parser.parse_args()
    pairs = cut_cases(args.cases, args.seed, args.cut) if args.cut else cases(args.cases, args.seed)
    if args.no_birth_date:
        for pair in pairs:
            pair["birth_date"] = None
    ours = hisab_found(pairs)
    theirs = [score >= DEFAULT_THRESHOLD for score in peer_scores(pairs)]
    groups: list[tuple[str, list[int]]] = [("all", list(range(len(pairs))))]
    if args.cut:
        kinds = sorted({p["edit"] for p in pairs})
        groups += [(kind, [i for i, p in enumerate(pairs) if p["edit"] == kind]) for kind in kinds]
    else:
        groups += [(edit, [i for i, p in enumerate(pairs) if p["edit"] == edit]) for edit in EDITS]
        groups += [
            ("part of 4–5 letters", [i for i, p in enumerate(pairs) if p["short"]]),
            ("part of 6 letters or more", [i for i, p in enumerate(pairs) if not p["short"]]),
        ]
    print(f"| queries | n | hisab (screening, default threshold) | {PEER} (the record alone, 0.70) |")
    print("|---|---:|---:|---:|")
    for label, rows in groups:
        if rows:
            hisab = sum(ours[i] for i in rows) / len(rows)
            peer = sum(theirs[i] for i in rows) / len(rows)
            print(f"| {label} | {len(rows):,} | {hisab:.3f} | {peer:.3f} |")
    print()
    print("hisab's misses:")
    for pair, hit in zip(pairs, ours, strict=True):
        if not hit:
            born = f", born {pair['birth_date']}" if pair["birth_date"] else ""
            print(f"  {pair['query']!r} ({pair['edit']}{born}) for {pair['names'][0]!r}")


if __name__ == "__main__":
    main()
