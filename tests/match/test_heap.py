"""A screening process's heap: what `settle_heap` does after each chunk of a file."""

from __future__ import annotations

import gc
import platform

import pytest

from hisab.match import index
from hisab.match.index import TRIM_EVERY, _malloc_trim, settle_heap


def test_settle_heap_trims_the_c_heap_every_few_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Freed C memory (evicted cache entries' arrays) stayed mapped: the process grew over a
    # long file although the caches are bounded.
    trims: list[int] = []
    monkeypatch.setattr(index, "_malloc_trim", lambda: trims.append)
    try:
        for _ in range(3 * TRIM_EVERY):
            settle_heap()
    finally:
        gc.unfreeze()
    assert trims == [0, 0, 0]


def test_malloc_trim_is_found_where_the_c_library_is_glibc() -> None:
    trim = _malloc_trim()
    assert (trim is not None) is (platform.libc_ver()[0] == "glibc")
    if trim is not None:
        assert trim(0) in (0, 1)
