"""`round4`, the explanations' rounding, gives exactly `round(value, 4)`."""

from __future__ import annotations

import math
import random

from hypothesis import given
from hypothesis import strategies as st

from hisab.match.algorithm import round4


def same(value: float) -> bool:
    """The same float, its sign included (-0.0 is not written as 0.0)."""
    return repr(round4(value)) == repr(round(value, 4))


@given(st.floats(allow_nan=False, allow_infinity=True))
def test_the_same_as_round_for_any_float(value: float) -> None:
    assert same(value)


def test_the_same_as_round_on_the_values_explanations_hold() -> None:
    chooser = random.Random(3)
    for _ in range(200_000):
        value = chooser.uniform(-12.0, 12.0) * chooser.random()
        assert same(value), value


def test_exact_halves_round_to_even_as_round_does() -> None:
    # k / 32 with five decimals ends in 5 exactly: round() takes the even neighbour.
    for value in (0.28125, -0.28125, 0.03125, 1.40625, 0.00005, -0.00005, 2.5e-05, 7.5e-05):
        assert same(value), value
    assert round4(0.28125) == 0.2812


def test_a_value_rounded_to_zero_keeps_its_sign() -> None:
    assert repr(round4(-0.00001)) == "-0.0" and repr(round4(0.00001)) == "0.0"
    assert repr(round4(-0.0)) == "-0.0"


def test_not_a_number_and_the_infinities() -> None:
    assert math.isnan(round4(math.nan))
    assert round4(math.inf) == math.inf and round4(-math.inf) == -math.inf
