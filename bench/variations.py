"""Applies the variation classes of `sanctions-screening-benchmark` to names (peers' side).

Runs in `bench/.venv-peers`: `python -m bench.variations < names.json`. Reads a
JSON list of names and writes, for each, `{class: [variants]}` for every
perturbation class the package registers (`ssb.perturb.REGISTRY`), with the
package's own functions and a fixed seed. Up to three variants per class, as
the package's `apply_all` keeps.
"""

from __future__ import annotations

import json
import sys

SEED = 20261122
MAX_PER_CLASS = 3


def perturb(names: list[str]) -> list[dict[str, list[str]]]:
    from ssb.perturb import REGISTRY

    found = []
    for name in names:
        variants = {}
        for cls, perturbation in sorted(REGISTRY.items()):
            produced = [str(v) for v in perturbation.fn(name, SEED)[:MAX_PER_CLASS]]
            if produced:
                variants[f"{perturbation.family}/{cls}"] = produced
        found.append(variants)
    return found


def main() -> None:
    json.dump(perturb(json.load(sys.stdin)), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
