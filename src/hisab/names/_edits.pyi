"""The edit similarity of phonetic forms, in C (names/_edits.c)."""

import numpy as np
from numpy.typing import NDArray

def similarity(a: str, b: str) -> float: ...
def similarities(
    a: str, others: list[str], longest: NDArray[np.int32] | None
) -> tuple[bytearray, bytearray]: ...
