"""The algorithm: a weight table over the features, and a logistic calibration.

score = 1 / (1 + exp(-(intercept + Σ weight × feature)))

so that a score reads as the probability that the query and the listed subject
are the same. The weights live in resources/match/weights.json; the explanation
given to users lists each feature that fired with its contribution and its own
description.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from hisab.match.features import FEATURES, Comparison


@dataclass(frozen=True)
class Contribution:
    feature: str
    value: float
    weight: float
    description: str

    @property
    def contribution(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True)
class Algorithm:
    name: str
    intercept: float
    weights: dict[str, float]
    threshold: float

    def score(self, comparison: Comparison) -> tuple[float, list[Contribution]]:
        """The calibrated score of one comparison and the features behind it."""
        logit = self.intercept
        parts: list[Contribution] = []
        for name, weight in self.weights.items():
            value = FEATURES[name](comparison)
            if value:
                logit += weight * value
                parts.append(Contribution(name, value, weight, _describe(name)))
        return 1.0 / (1.0 + math.exp(-logit)), parts


@cache
def _describe(name: str) -> str:
    doc = FEATURES[name].__doc__ or name
    return " ".join(doc.split("\n\n")[0].split())


@cache
def default_algorithm() -> Algorithm:
    data = json.loads((resources.files("hisab") / "resources" / "match" / "weights.json").read_text("utf-8"))
    unknown = set(data["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"weights.json names unknown features: {sorted(unknown)}")
    return Algorithm(data["algorithm"], data["intercept"], data["weights"], data["threshold"])
