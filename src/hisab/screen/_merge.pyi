"""The candidate stage's merge of name numbers, in C (screen/_merge.c)."""

import numpy as np
from numpy.typing import NDArray

def merge(
    runs: list[NDArray[np.int32]],
    values: list[NDArray[np.float64]] | NDArray[np.float64],
    size: int,
    summing: bool,
) -> tuple[bytearray, bytearray]: ...
def choose(
    pool: NDArray[np.int32],
    counted: NDArray[np.float64],
    least: float,
    lengths: NDArray[np.float64],
    tiebreak: float,
    most: int,
    allowed: NDArray[np.bool_] | None,
    subjects: NDArray[np.int32],
    groups: NDArray[np.int32] | None,
) -> tuple[list[int], list[int], list[float]]: ...
def credited(
    runs: list[NDArray[np.int32]],
    sims: NDArray[np.float64],
    more: list[float],
    size: int,
    zero: float,
    full: float,
) -> tuple[bytearray, bytearray]: ...
