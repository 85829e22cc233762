"""Reading articles, measured against a hand annotation (issue #7).

    .venv/bin/python -m bench.read_eval [--db var/demo.db] [--no-docs]

The annotation, tests/fixtures/read/articles_gold.json, records every person and
organisation the five articles of ../shared/articles name (its guidelines are in the
file), the forms each is mentioned by, and whether the loaded lists contain it (with the
records, checked by hand against the raw list files).

- **Detection**: a found actor is right when one of its mentions is one of an annotated
  actor's forms (or its name is), or holds one as whole words or is held by one ("Basij
  militia" for "Basij"), and no other found actor took that annotated actor already (a
  second actor for it counts as wrong); precision is the share of found actors that are
  right, recall the share of annotated actors found.
- **Linking**: of the annotated actors the lists contain and that were found, the share
  reported as listed with one of the annotated records; and of the annotated actors the
  lists do not contain, the share not reported as listed (no false link).

The store must hold the lists of ../shared/data, resolved (`make demo` makes var/demo.db);
the figures go to docs/benchmarks.md (section "read").
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "fixtures" / "read" / "articles_gold.json"
DOCS = REPO / "docs" / "benchmarks.md"


def articles_dir() -> Path:
    data = Path(os.environ.get("HISAB_DATA_DIR", REPO.parent / "shared" / "data")).resolve()
    return data.parent / "articles"


def _contains(a: str, b: str) -> bool:
    """One form holds the other as whole words (and the held one is a name, not "the")."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and f" {short} " in f" {long} "


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("[", "").replace("]", "").lower().split())


@dataclass
class Scores:
    found: int = 0
    right: int = 0
    gold: int = 0
    recalled: int = 0
    listed_gold: int = 0
    listed_linked: int = 0
    unlisted_gold: int = 0
    unlisted_clean: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    link_errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 0.0

    @property
    def linking(self) -> float:
        return self.listed_linked / self.listed_gold if self.listed_gold else 0.0

    @property
    def no_false_link(self) -> float:
        return self.unlisted_clean / self.unlisted_gold if self.unlisted_gold else 0.0


def evaluate(report: dict[str, Any], gold: dict[str, Any]) -> Scores:
    scores = Scores()
    for article in report["articles"]:
        name = Path(article["path"]).name
        annotated = gold["articles"][name]
        forms = [{_norm(f) for f in [g["name"], *g["mentions"]]} for g in annotated]
        matched_gold: dict[int, dict[str, Any]] = {}
        for actor in article["actors"]:
            scores.found += 1
            mine = {_norm(actor["name"]), *(_norm(m["text"]) for m in actor["mentions"])}
            hit = next((n for n, f in enumerate(forms) if mine & f), None)
            if hit is None:
                # A boundary that differs ("Basij militia" for "Basij"): whole words contained.
                hit = next(
                    (n for n, f in enumerate(forms) if any(_contains(a, b) for a in mine for b in f)), None
                )
            if hit is None:
                scores.extras.append(f"{name}: {actor['name']}")
                continue
            if hit in matched_gold:
                scores.extras.append(f"{name}: {actor['name']} (a second actor for {annotated[hit]['name']})")
                continue
            scores.right += 1
            matched_gold[hit] = actor
        for n, g in enumerate(annotated):
            scores.gold += 1
            actor = matched_gold.get(n)
            if actor is None:
                scores.misses.append(f"{name}: {g['name']}")
            else:
                scores.recalled += 1
            if g.get("listed") is True and actor is not None:
                scores.listed_gold += 1
                expected = set(g.get("records", []))
                got = {f"{s['dataset']}:{s['record_id']}" for s in actor["sources"]}
                if actor["status"] == "listed" and expected & got:
                    scores.listed_linked += 1
                else:
                    scores.link_errors.append(f"{name}: {g['name']} listed, reported {actor['status']}")
            elif g.get("listed") is False:
                scores.unlisted_gold += 1
                if actor is None or actor["status"] != "listed":
                    scores.unlisted_clean += 1
                else:
                    scores.link_errors.append(
                        f"{name}: {g['name']} linked to {actor['listed_as']} (not listed)"
                    )
    return scores


#: The detectors measured apart (read/detect.py), and together.
VARIANTS = {
    "spaCy's recogniser alone": frozenset({"ner"}),
    "the lists and the aliases alone": frozenset({"list", "alias"}),
    "all three (hisab read)": frozenset({"ner", "list", "alias"}),
}


def run(db: Path, detectors: frozenset[str] | None = None) -> tuple[dict[str, Any], float]:
    from hisab.match.index import load_index
    from hisab.read.extract import load
    from hisab.read.service import read_reports
    from hisab.resolve.service import actor_ids
    from hisab.screen.service import Screener
    from hisab.store import Store

    store = Store(f"sqlite:///{db}")
    screener = Screener(load_index(store, db.parent / "cache"))
    screener.use_actors(actor_ids(store))
    started = time.perf_counter()
    documents = [load(str(p)) for p in sorted(articles_dir().glob("*.txt"))]
    _, data = read_reports(documents, store, screener, *([detectors] if detectors else []))
    return data, time.perf_counter() - started


def render(scores: Scores, seconds: float, command: str) -> str:
    lines = [
        f"Command: `{command}` (the five articles of ../shared/articles, against the hand annotation "
        "tests/fixtures/read/articles_gold.json; the store of `make demo`).",
        "",
        "| measure | value | target |",
        "|---|---:|---:|",
        f"| detection precision ({scores.right} of {scores.found} found actors annotated) | "
        f"{scores.precision:.3f} | ≥ 0.9 |",
        f"| detection recall ({scores.recalled} of {scores.gold} annotated actors found) | "
        f"{scores.recall:.3f} | ≥ 0.9 |",
        f"| linking: listed actors linked to their records ({scores.listed_linked} of "
        f"{scores.listed_gold}) | {scores.linking:.3f} | |",
        f"| no false link: unlisted actors not linked ({scores.unlisted_clean} of {scores.unlisted_gold}) | "
        f"{scores.no_false_link:.3f} | 1.0 |",
        "",
        f"Reading, detecting and linking the five articles took {seconds:.1f} s (the index and the "
        "list names for the text lookup loaded first).",
        "",
        "Missed (annotated, not found): " + ("; ".join(scores.misses) or "none") + ".",
        "",
        "Found but not annotated: " + ("; ".join(scores.extras) or "none") + ".",
        "",
        "Linking errors: " + ("; ".join(scores.link_errors) or "none") + ".",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "var" / "demo.db")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    data, seconds = run(args.db)
    scores = evaluate(data, gold)
    body = render(scores, seconds, ".venv/bin/python -m bench.read_eval")
    rows = [
        "",
        "The detectors apart and together (same annotation, same linking):",
        "",
        "| detectors | precision | recall | listed actors linked | no false link |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, detectors in VARIANTS.items():
        variant = evaluate(run(args.db, detectors)[0], gold)
        rows.append(
            f"| {label} | {variant.precision:.3f} | {variant.recall:.3f} | {variant.linking:.3f} | "
            f"{variant.no_false_link:.3f} |"
        )
    body += "\n".join(rows)
    print(body)
    if not args.no_docs:
        from bench.report import write_section

        write_section(DOCS, body, "## Reading articles (issue #7)", marker="read")


if __name__ == "__main__":
    main()
