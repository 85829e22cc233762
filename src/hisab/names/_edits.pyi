"""The edit similarity of phonetic forms, and the similarity of Latin ones with similarity.py's
rules, in C (names/_edits.c)."""

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from hisab.names.tokens import Token

def similarity(a: str, b: str) -> float: ...
def similarities(
    a: str, others: list[str], longest: NDArray[np.int32] | None
) -> tuple[bytearray, bytearray]: ...
def latin_similarity(a: str, skel_a: str, b: str, skel_b: str, devoicing: bool) -> float: ...
def latin_similarities(
    token: Token, others: Sequence[Token]
) -> tuple[bytearray, list[int], list[int], list[int], list[int]]: ...
def configure(
    nisba_cap: float,
    skeleton_min_edit: float,
    skeleton_floor: float,
    vowelless_floor: float,
    v_as_vowel: float,
    marks: str,
    head_vowels: str,
    half_letters: str,
    devoiced: str,
    vowels: str,
    text_at: int,
    phon_at: int,
    skel_at: int,
    script_at: int,
    latin: str,
    arabic: str,
) -> None: ...
