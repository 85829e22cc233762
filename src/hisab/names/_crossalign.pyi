"""The cross-script alignment's table, in C (names/_crossalign.c)."""

from collections.abc import Sequence

def set_tables(
    skip_arabic: Sequence[int],
    substitution: Sequence[int],
    latin_codes: Sequence[int],
    skip_latin: Sequence[int],
) -> None: ...
def cost(arabic: str, latin: str, start: int, limit: float) -> int: ...
