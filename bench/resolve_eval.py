"""Cross-list resolution, measured (issue #5).

    .venv/bin/python -m bench.resolve_eval [--db bench/out/resolve.db] [--no-docs]

Loads the lists of ../shared/data (HISAB_DATA_DIR) into a store of its own (once;
reused when present), then:

1. **UK 2018 against UN 2026, with a gold standard.** The UK list of 2018 cites a
   UN reference number ("UN Ref IRi.026") for its UN-derived designations; the UN
   file lists each record's current and old reference numbers. A UK record whose
   cited reference names exactly one record of the UN file is a gold pair. The
   resolver runs on the two lists **without** the reference numbers
   (`use_references=False`), so that only names, birth dates, nationalities and
   identifiers link records, and its UK-to-UN links are scored against the gold:
   precision (of the gold UK records it linked to a UN record, the share linked to
   the right one) and recall (the share of gold UK records linked to the right one).
   Known errors of the UK file (PROVENANCE.md: several records citing one reference)
   are counted as they are, not corrected.
2. **OFAC 2022, UN 2026 and the EU Iran acts.** The resolver runs (with references)
   on the three; the links it finds between them are counted, and a sample is written
   to bench/out/resolve_sample.csv for checking by hand. The hand check is
   tests/fixtures/resolve/checked_links.csv (see its header); its tally is reported.

There is no peer here: nomenklatura's resolver needs a human to judge pairs, and
OpenSanctions' merged data (which would be the peer) is not in ../shared/data
beyond seven entities.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from bench.common import UK_CORRECTIONS, uk_corrections
from bench.report import write_section
from hisab.lists.load import load_paths
from hisab.match.index import load_index
from hisab.resolve.engine import Key, Resolver, key_text
from hisab.screen.service import Screener
from hisab.store import Store

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
DOCS = REPO / "docs" / "benchmarks.md"
CHECKED = REPO / "tests" / "fixtures" / "resolve" / "checked_links.csv"
LISTS = ["un_sc", "ofac_sdn_2021-07", "ofac_sdn_2022-11", "uk_hmt_2018-04", "eu_oj_opensanctions"]
WORKERS = os.cpu_count() or 1
IRAN_ACTS = ("32011R0359", "32012R0267", "32023R1529")


def data_dir() -> Path:
    return Path(os.environ.get("HISAB_DATA_DIR", REPO.parent / "shared" / "data"))


def open_store(db: Path) -> Store:
    fresh = not db.exists()
    store = Store(f"sqlite:///{db}")
    if fresh:
        print(f"loading the lists into {db} …", flush=True)
        load_paths(store, [data_dir() / name for name in LISTS])
    return store


def uk_un(screener: Screener) -> tuple[str, dict[str, float]]:
    index = screener.index
    un_by_ref: dict[str, set[Key]] = defaultdict(set)
    for s in index.subjects:
        if s.dataset == "un_sc":
            for ref in s.references:
                un_by_ref[ref.upper()].add((s.dataset, s.record_id))
    gold: dict[Key, Key] = {}
    ambiguous = 0
    for s in index.subjects:
        if s.dataset == "gb_hmt" and s.references:
            found = set().union(*(un_by_ref.get(r.upper(), set()) for r in s.references))
            if len(found) == 1:
                gold[(s.dataset, s.record_id)] = next(iter(found))
            elif len(found) > 1:
                ambiguous += 1
    began = time.perf_counter()
    resolution = Resolver(screener, use_references=False).run(["gb_hmt", "un_sc"], workers=WORKERS)
    seconds = time.perf_counter() - began
    linked: dict[Key, Key] = {}
    for members in resolution.clusters:
        uk = [k for k in members if k[0] == "gb_hmt"]
        un = [k for k in members if k[0] == "un_sc"]
        if un:
            for k in uk:
                linked[k] = un[0]
    corrected = dict(gold)
    corrections = uk_corrections()
    for uk_record, correct_un in corrections.items():
        uk = tuple(uk_record.split(":", 1))
        if correct_un == "none":
            corrected.pop(uk, None)  # type: ignore[arg-type]
        else:
            corrected[uk] = tuple(correct_un.split(":", 1))  # type: ignore[index]
    raw = _score(gold, linked)
    metrics = _score(corrected, linked)
    predicted = [k for k in corrected if k in linked]
    wrong = [k for k in predicted if linked[k] != corrected[k]]
    missed = [k for k in corrected if k not in linked]
    for k in wrong[:20]:
        print("wrong:", key_text(k), "->", key_text(linked[k]), "gold", key_text(corrected[k]))
    refused = {(a, b): why for a, b, why in resolution.refused}
    scored = {p.keys: p for p in resolution.pairs}
    for k in missed[:40]:
        g = corrected[k]
        pk = (k, g) if k < g else (g, k)
        p = scored.get(pk)
        print(
            "missed:",
            key_text(k),
            "gold",
            key_text(g),
            p.status if p else "not a candidate",
            p.score if p else "",
            refused.get(pk, ""),
            " in ",
            [m for m in resolution.clusters if k in m or g in m],
        )
    review = sum(1 for p in resolution.pairs if p.status == "review")
    uk_records = sum(1 for s in index.subjects if s.dataset == "gb_hmt")
    un_records = sum(1 for s in index.subjects if s.dataset == "un_sc")
    rows = [("as the UK cites them", raw), (f"corrected by hand ({UK_CORRECTIONS.name})", metrics)]
    text = "\n".join(
        [
            f"UK list of 2018-04-13 ({uk_records:,} records) against the UN list of 2026-02-27 "
            f"({un_records:,}), resolved without UN reference numbers in {seconds:.0f} s "
            f"({WORKERS} processes); "
            f"{review} pairs sent to review. Gold: the UK records whose cited UN reference names one "
            f"UN record ({ambiguous} cite references of several and are left out); the UK file's "
            f"reference errors ({len(corrections)} checked by hand) are counted as cited, then "
            "corrected.",
            "",
            "| gold references | gold pairs | linked to a UN record | right | precision | recall |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        + [
            f"| {label} | {m['gold']} | {m['linked']} | {m['correct']} | {m['precision']:.3f} | "
            f"{m['recall']:.3f} |"
            for label, m in rows
        ]
    )
    return text, metrics


def _key(text: str) -> Key:
    dataset, _, record_id = text.partition(":")
    return dataset, record_id


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _score(gold: dict[Key, Key], linked: dict[Key, Key]) -> dict[str, float]:
    predicted = [k for k in gold if k in linked]
    correct = [k for k in predicted if linked[k] == gold[k]]
    return {
        "gold": len(gold),
        "linked": len(predicted),
        "correct": len(correct),
        "precision": len(correct) / len(predicted) if predicted else 0.0,
        "recall": len(correct) / len(gold) if gold else 0.0,
    }


def three_lists(screener: Screener, sample_size: int) -> str:
    iran = {
        s.record_id
        for s in screener.index.subjects
        if s.dataset == "eu_journal" and s.record_id.split("/")[0] in IRAN_ACTS
    }
    resolution = Resolver(screener).run(["us_ofac_sdn", "un_sc", "eu_journal"], workers=WORKERS)

    def keep(k: Key) -> bool:
        return k[0] != "eu_journal" or k[1] in iran

    cluster_of = {k: n for n, members in enumerate(resolution.clusters) for k in members}
    counts: dict[str, int] = defaultdict(int)
    links = []
    for p in resolution.pairs:
        a, b = p.keys
        # A link counts when it holds in the clusters (some are refused there).
        if p.status != "link" or not (keep(a) and keep(b)) or cluster_of[a] != cluster_of[b]:
            continue
        counts[f"{a[0]} – {b[0]}"] += 1
        counts[f"by {p.linked_by}"] += 1
        links.append(p)
    review = sum(1 for p in resolution.pairs if p.status == "review" and keep(p.keys[0]) and keep(p.keys[1]))
    rng = random.Random(20261130)
    sample = rng.sample(links, min(sample_size, len(links)))
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "resolve_sample.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["left", "right", "linked_by", "score", "left_caption", "right_caption", "evidence"])
        for p in sorted(sample, key=lambda p: p.keys):
            writer.writerow(
                [
                    key_text(p.keys[0]),
                    key_text(p.keys[1]),
                    p.linked_by,
                    f"{p.score:.3f}",
                    p.left.caption,
                    p.right.caption,
                    "; ".join(p.evidence),
                ]
            )
    lines = [
        "Links found (with references) between OFAC SDN (November 2022), the UN list (2026-02-27) "
        "and the EU Iran acts (32011R0359, 32012R0267, 32023R1529), as they hold in the clusters "
        f"({len(resolution.refused)} links were refused there by the constraints, over all three lists):",
        "",
        "| | links |",
        "|---|---:|",
    ]
    lines += [f"| {k} | {v} |" for k, v in sorted(counts.items())]
    lines.append(f"| sent to review | {review} |")
    if CHECKED.exists():
        rows = _rows(CHECKED)
        tally: dict[str, int] = defaultdict(int)
        for r in rows:
            tally[r["verdict"]] += 1
        found = {(p.keys[0], p.keys[1]) for p in links}
        held: dict[str, int] = defaultdict(int)
        for r in rows:
            if (_key(r["left"]), _key(r["right"])) in found:
                held[r["verdict"]] += 1
        lines += [
            "",
            f"Hand check ({CHECKED.relative_to(REPO)}): {len(rows)} links sampled at random from an "
            "earlier run of this benchmark, each checked on both records (names, birth dates and "
            "places, identifiers, addresses, positions): "
            + ", ".join(f"{v} {k}" for k, v in sorted(tally.items()))
            + ". Of those still linked in this run: "
            + (", ".join(f"{v} {k}" for k, v in sorted(held.items())) or "none")
            + ".",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=OUT / "resolve.db")
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--skip-three", action="store_true")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(args.db)
    screener = Screener(load_index(store, args.db.with_suffix(".cache")))
    text, _ = uk_un(screener)
    print(text, flush=True)
    blocks = [
        f"Command: `.venv/bin/python -m bench.resolve_eval` (HISAB_DATA_DIR={data_dir()}). "
        f"Measured {date.today().isoformat()}.",
        "",
        text,
    ]
    if not args.skip_three:
        three = three_lists(screener, args.sample)
        print(three)
        blocks += ["", three]
    if not args.no_docs:
        write_section(DOCS, "\n".join(blocks), "## Cross-list resolution (issue #5)", "resolve")


if __name__ == "__main__":
    main()
