"""The candidate stage's merge of name numbers, in C (screen/_merge.c)."""

import numpy as np
from numpy.typing import NDArray

def merge(
    runs: list[NDArray[np.int32]],
    values: list[NDArray[np.float64]] | NDArray[np.float64],
    size: int,
    summing: bool,
) -> tuple[bytearray, bytearray]: ...
