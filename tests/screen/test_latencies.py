"""The latency summary of `screen-file`: percentiles read from a histogram of fixed size."""

from __future__ import annotations

import random
import sys

import numpy as np
import pytest

from hisab.screen.batch import LATENCY_FLOOR, BatchStats, Latencies


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.5, 0.9, 0.99, 1.0])
def test_percentiles_within_half_a_per_cent_of_the_exact_ones(fraction: float) -> None:
    chooser = random.Random(5)
    values = [chooser.lognormvariate(-7.0, 1.2) for _ in range(20_000)]
    latencies = Latencies()
    for value in values:
        latencies.add(value)
    exact = float(np.quantile(np.asarray(values), fraction, method="inverted_cdf"))
    found = latencies.quantile(fraction)
    assert found is not None
    assert abs(found - exact) / exact <= 0.005 + 1e-12
    assert latencies.count == 20_000
    assert latencies.total == pytest.approx(sum(values))


def test_memory_does_not_grow_with_the_number_of_queries() -> None:
    latencies = Latencies()
    for n in range(1_000):
        latencies.add(0.0005 + n * 1e-6)
    size = sys.getsizeof(latencies._counts)
    for n in range(100_000):
        latencies.add(0.0005 + (n % 1_000) * 1e-6)
    assert sys.getsizeof(latencies._counts) == size
    assert latencies.count == 101_000


def test_extremes_and_an_empty_summary() -> None:
    latencies = Latencies()
    assert latencies.quantile(0.5) is None
    assert BatchStats().percentile_ms(0.99) is None
    latencies.add(0.0)
    latencies.add(5_000.0)  # beyond the last bin: counted in it
    assert latencies.quantile(0.0) == LATENCY_FLOOR
    top = latencies.quantile(1.0)
    assert top is not None and top > 1_000.0
    stats = BatchStats()
    stats.latencies.add(0.002)
    assert stats.percentile_ms(0.5) == pytest.approx(2.0, rel=0.005)
