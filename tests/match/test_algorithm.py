"""The algorithm's weight table is made once, when the algorithm is, and follows its weights."""

from __future__ import annotations

import dataclasses

from hisab.match.algorithm import Algorithm, default_algorithm
from hisab.match.features import FEATURES


def test_the_table_is_made_once_in_the_weights_order() -> None:
    algorithm = default_algorithm()
    # The same object each time: it was made again at every score once the module was compiled.
    assert algorithm.table is algorithm.table
    assert [name for name, _, _ in algorithm.table] == list(algorithm.weights)
    # Each feature's value is read at its place in `feature_values`, which is `FEATURES`' order.
    assert [at for _, at, _ in algorithm.table] == [list(FEATURES).index(name) for name in algorithm.weights]
    assert [weight for _, _, weight in algorithm.table] == list(algorithm.weights.values())


def test_an_algorithm_made_with_other_weights_scores_with_them() -> None:
    algorithm = default_algorithm()
    halved = {name: weight / 2 for name, weight in algorithm.weights.items()}
    other = Algorithm("halved", algorithm.intercept, halved, algorithm.threshold)
    assert [weight for _, _, weight in other.table] == list(halved.values())
    # `dataclasses.replace`, as a threshold is tried, keeps the weights and so the table.
    moved = dataclasses.replace(algorithm, threshold=0.3)
    assert moved.threshold == 0.3 and moved.table == algorithm.table
    # The table is no field to compare or show.
    assert "table" not in repr(algorithm)
    assert moved != algorithm and dataclasses.replace(moved, threshold=algorithm.threshold) == algorithm


def test_explain_json_is_explain_rounded_each_object_its_own() -> None:
    algorithm = default_algorithm()
    names = list(algorithm.weights)
    fired = ((names[0], 0.123456789), (names[2], 1.0), (names[0], -0.5))
    objects = algorithm.explain_json(fired)
    assert objects == [
        {
            "feature": c.feature,
            "value": round(c.value, 4),
            "weight": c.weight,
            "contribution": round(c.contribution, 4),
            "description": c.description,
        }
        for c in algorithm.explain(fired)
    ]
    # In the order the JSON shows them.
    assert list(objects[0]) == ["feature", "value", "weight", "contribution", "description"]
    # Copies: one object's values are not another's (the first feature fired twice here), and
    # changing one leaves the next explanation as it was.
    assert objects[0]["value"] == 0.1235 and objects[2]["value"] == -0.5
    objects[1]["value"] = 99.0
    assert algorithm.explain_json(fired)[1]["value"] == 1.0
