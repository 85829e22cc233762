"""The shared, permissive candidate stage: the records each peer scores for a query.

Runs in `bench/.venv-peers` (`python -m bench.candidates`). It is independent
of hisab's engine, so as not to favour it: for each query, the candidates are
the `TOP` listed subjects (of a schema the query's schema can match) with the
highest permissive score, the best of three channels over all their names:

1. `ratio` of the query and the name as sorted, lower-case ASCII tokens
   (Cyrillic and other scripts by ICU's `normality.ascii_text`; Persian and
   Arabic script by a plain letter map, `common.arabic_to_latin`, so that
   peers, which cannot read Persian script, get a fair candidate set);
2. the same on consonant skeletons of the tokens (`Mohammad`, `Muhammad`
   and `محمد` are all `mhmd`), which makes transliteration variants and
   Arabic-script queries meet the Latin names; for Arabic-script queries also
   `ratio` against the index's own Arabic-script names;
3. plus the IDF-weighted share of the query's skeleton tokens that the
   subject's names contain (any record sharing a rare name part).

The score is the best of the `ratio` channels plus the token share (0 to 200).

Writes `candidates.jsonl`: per query id, `[dataset, record_id, score]` best first.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path

from bench.common import (
    OUT,
    Case,
    RecordRef,
    arabic_to_latin,
    fold,
    read_cases,
    read_index,
    script_of,
    skeleton,
)

TOP = 50
#: Keys per channel kept before they are spread to subjects.
KEYS_PER_CHANNEL = 400
CHUNK = 256
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def latin_tokens(name: str) -> list[str]:
    """Lower-case ASCII name parts: Persian/Arabic script by `arabic_to_latin`, the rest by ICU."""
    from normality import ascii_text

    latin = arabic_to_latin(name) if script_of(name) == "arabic" else ascii_text(name) or ""
    return [t for t in _NON_ALNUM.split(latin.lower()) if t]


class Keys:
    """Unique keys of one channel and the subjects whose names have each key."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.subjects: list[list[int]] = []
        self._where: dict[str, int] = {}

    def add(self, key: str, subject: int) -> None:
        if not key:
            return
        at = self._where.setdefault(key, len(self.keys))
        if at == len(self.keys):
            self.keys.append(key)
            self.subjects.append([])
        if not self.subjects[at] or self.subjects[at][-1] != subject:
            self.subjects[at].append(subject)


class CandidateStage:
    """The index's names in the three channels, and the subjects' schemata."""

    def __init__(self, index: Path) -> None:
        from followthemoney import model

        self.refs: list[RecordRef] = []
        self.schemata: list[str] = []
        self.latin, self.skeletons, self.arabic = Keys(), Keys(), Keys()
        self.token_subjects: dict[str, set[int]] = {}
        for number, subject in enumerate(read_index(index)):
            self.refs.append(subject.ref)
            self.schemata.append(subject.schema)
            for name in subject.names():
                found = latin_tokens(name)
                skel = [skeleton(t) for t in found]
                self.latin.add(" ".join(sorted(found)), number)
                self.skeletons.add(" ".join(sorted(skel)), number)
                for token in skel:
                    self.token_subjects.setdefault(token, set()).add(number)
                if script_of(name) == "arabic":
                    self.arabic.add(" ".join(sorted(fold(name).split())), number)
        total = len(self.refs)
        self.idf = {t: math.log(total / len(s)) for t, s in self.token_subjects.items()}
        self.max_idf = math.log(total)
        self._allowed: dict[str, list[bool]] = {}
        for schema in ("Person", "Organization", "LegalEntity"):
            query = model.get(schema)
            assert query is not None
            self._allowed[schema] = [query.can_match(model.get(s)) for s in self.schemata]

    def allowed(self, schema: str) -> list[bool]:
        return self._allowed.get(schema or "LegalEntity", self._allowed["LegalEntity"])

    def add_token_scores(self, scores: dict[int, float], skel: Sequence[str]) -> None:
        """Add 100 x the IDF-weighted share of the query's skeleton tokens each subject has."""
        unique = set(skel)
        total = sum(self.idf.get(t, self.max_idf) for t in unique)
        for token in unique:
            for subject in self.token_subjects.get(token, ()):
                scores[subject] = scores.get(subject, 0.0) + 100 * self.idf[token] / total

    def run(self, cases: list[Case]) -> list[list[tuple[RecordRef, float]]]:
        import numpy as np
        from rapidfuzz import fuzz, process

        found = []
        for start in range(0, len(cases), CHUNK):
            chunk = cases[start : start + CHUNK]
            latin = [latin_tokens(c.name) for c in chunk]
            skel = [[skeleton(t) for t in found_tokens] for found_tokens in latin]
            channels = [
                (self.latin, [" ".join(sorted(t)) for t in latin]),
                (self.skeletons, [" ".join(sorted(s)) for s in skel]),
            ]
            matrices = [
                process.cdist(queries, keys.keys, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
                for keys, queries in channels
            ]
            for row, case in enumerate(chunk):
                scores: dict[int, float] = {}
                for (keys, _), matrix in zip(channels, matrices, strict=True):
                    _spread(scores, keys, matrix[row])
                if script_of(case.name) == "arabic" and self.arabic.keys:
                    query = " ".join(sorted(fold(case.name).split()))
                    arabic = process.cdist([query], self.arabic.keys, scorer=fuzz.ratio, dtype=np.uint8)
                    _spread(scores, self.arabic, arabic[0])
                self.add_token_scores(scores, skel[row])
                allowed = self.allowed(case.schema)
                best = sorted(((s, i) for i, s in scores.items() if allowed[i]), key=lambda x: (-x[0], x[1]))
                found.append([(self.refs[i], round(float(s), 2)) for s, i in best[:TOP]])
        return found


def _spread(scores: dict[int, float], keys: Keys, row: object) -> None:
    """Raise each subject's score to the best of its keys among the channel's top keys."""
    import numpy as np

    values = np.asarray(row, dtype=np.float32)  # not uint8, whose negation wraps around
    count = min(KEYS_PER_CHANNEL, len(values))
    top = np.argpartition(-values, count - 1)[:count]
    for at in top.tolist():
        score = float(values[at])
        for subject in keys.subjects[at]:
            if score > scores.get(subject, 0.0):
                scores[subject] = score


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    stage = CandidateStage(args.out / "index.jsonl")
    cases = read_cases(args.out / "cases.csv")
    with open(args.out / "candidates.jsonl", "w", encoding="utf-8") as fh:
        for case, candidates in zip(cases, stage.run(cases), strict=True):
            rows = [[dataset, record_id, score] for (dataset, record_id), score in candidates]
            fh.write(json.dumps({"id": case.id, "candidates": rows}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
