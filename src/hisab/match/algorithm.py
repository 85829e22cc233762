"""The algorithm: a weight table over the features, and a logistic calibration.

score = 1 / (1 + exp(-(intercept + Σ weight × feature)))

so that a score reads as the probability that the query and the listed subject
are the same. The weights live in resources/match/weights.json; the explanation
given to users lists each feature that fired with its contribution and its own
description.
"""

from __future__ import annotations

import ast
import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from hisab.match.features import FEATURES, Comparison, feature_values


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
    #: (feature name, its position in `feature_values`, weight) for each weight, in the weight
    #: table's order, which is the order of an explanation's features. Made once, when the
    #: algorithm is: a `functools.cached_property` was made again at every score once mypyc
    #: compiled this module (a compiled class has no instance dict to keep it in), a fifth of
    #: `score`'s time.
    table: tuple[tuple[str, int, float], ...] = field(init=False, repr=False, compare=False)
    #: Each feature's object of `explain_json` (its weight and description, `describe`; its value
    #: and contribution left 0.0), with its weight: copied and the two filled in, which costs
    #: compiled code about half of building the object anew, for every feature of every match of
    #: a file; and one look-up per feature, where a call of the cached `describe` cost compiled
    #: code a Python call. `explain` reads the weight and description from it too.
    templates: dict[str, tuple[dict[str, Any], float]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        positions = {name: at for at, name in enumerate(FEATURES)}
        table = tuple((name, positions[name], weight) for name, weight in self.weights.items())
        object.__setattr__(self, "table", table)
        templates = {
            name: (
                {
                    "feature": name,
                    "value": 0.0,
                    "weight": weight,
                    "contribution": 0.0,
                    "description": describe(name),
                },
                weight,
            )
            for name, weight in self.weights.items()
        }
        object.__setattr__(self, "templates", templates)

    def score(self, comparison: Comparison) -> tuple[float, tuple[tuple[str, float], ...]]:
        """The calibrated score of one comparison, and the features that fired with their values
        (`explain` turns these into the explanation; it is built only for what is shown)."""
        logit = self.intercept
        fired: list[tuple[str, float]] = []
        values = feature_values(comparison)
        for name, at, weight in self.table:
            value = values[at]
            if value:
                logit += weight * value
                fired.append((name, value))
        return 1.0 / (1.0 + math.exp(-logit)), tuple(fired)

    def explain(self, fired: tuple[tuple[str, float], ...]) -> list[Contribution]:
        """The explanation of a score: each feature that fired, its weight and what it means."""
        found: list[Contribution] = []
        for name, value in fired:
            template, weight = self.templates[name]
            found.append(Contribution(name, value, weight, template["description"]))
        return found

    def explain_json(self, fired: tuple[tuple[str, float], ...]) -> list[dict[str, Any]]:
        """`explain` as the JSON objects of screen-file's results, rounded to 4 decimals, built
        without the `Contribution`s: a file's every match carries one (it was 7% of the time
        screen-file spent on the benchmark's queries)."""
        found: list[dict[str, Any]] = []
        templates = self.templates
        for name, value in fired:
            template, weight = templates[name]
            item = template.copy()
            item["value"] = round4(value)
            item["contribution"] = round4(value * weight)
            found.append(item)
        return found


def round4(value: float) -> float:
    """`round(value, 4)`, the same number, in a ninth of the time: every feature of every match
    of a file is shown rounded (two numbers each), and `round` with digits goes through a
    decimal string (compiled, 36 ns a call against 326; `explain_json` of seven features took
    7.4 µs with `round` and 2.2 µs with this).

    The scaled value's nearest integer over 10,000 is the float nearest that decimal, as the
    string's is; near a half, where the product's own rounding could tip it, and far from
    zero, `round` itself answers (it also rounds an exact half to even)."""
    scaled = value * 10000.0
    if not -1e9 < scaled < 1e9:
        return round(value, 4)
    nearest = math.floor(scaled + 0.5)
    if abs(scaled - nearest) > 0.4999:
        return round(value, 4)
    # A value that rounds to zero keeps its sign, as with `round` (-0.00001 gives -0.0).
    return nearest / 10000.0 if nearest else math.copysign(0.0, value)


@cache
def _feature_docstrings() -> dict[str, str]:
    """The docstrings of features.py's functions, read from its source: a function compiled
    with mypyc (setup.py) has no `__doc__`, and the source is installed beside it."""
    source = (resources.files("hisab") / "match" / "features.py").read_text("utf-8")
    return {
        node.name: ast.get_docstring(node) or ""
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef)
    }


@cache
def describe(name: str) -> str:
    """A feature's description, as explanations show it: the first paragraph of its docstring."""
    doc = _feature_docstrings().get(FEATURES[name].__name__) or name
    return " ".join(doc.split("\n\n")[0].split())


@cache
def default_algorithm() -> Algorithm:
    data = json.loads((resources.files("hisab") / "resources" / "match" / "weights.json").read_text("utf-8"))
    unknown = set(data["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"weights.json names unknown features: {sorted(unknown)}")
    return Algorithm(data["algorithm"], data["intercept"], data["weights"], data["threshold"])
