"""The candidate stage (`Screener._candidates`) on real lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from hisab.lists import load_paths
from hisab.match.index import Index
from hisab.names import tokenize
from hisab.screen import Screener, service
from hisab.store import Store

QUERIES = [
    ("Mohammad Bagher Ghalibaf", False),
    ("محمدباقر قالیباف", False),
    ("Sayyed Ali Khamenei", False),
    ("Hojatoleslam Mohammad Hosseini", False),
    ("M. Y. Ahmad", False),
    ("Mohammad", False),
    ("Islamic Revolutionary Guard Corps", True),
    ("IRGC", True),
    ("Bank Sepah PJSC", True),
    ("Korea Mining Development Trading Corporation", True),
]


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Screener:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('candidates') / 'store.db'}")
    load_paths(store, [data_dir / "un_sc/watchman_2026-02-27", data_dir / "ofac_sdn_2022-11"])
    return Screener(Index.build(store))


def test_the_names_found_are_summed_alike_among_themselves_and_over_all_listed_names(
    screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A query's finds are summed among themselves while they are few (COMPACT_RATIO), over an
    # array of every listed name when many: the titles, legal forms and initials that add to
    # the sums must reach the same names either way.
    found: dict[int, list[tuple[list[int], dict[int, list[int]]]]] = {}
    for ratio in (0, 10**9):
        monkeypatch.setattr(service, "COMPACT_RATIO", ratio)
        for n, (name, organisation) in enumerate(QUERIES):
            found.setdefault(n, []).append(screener._candidates(tokenize(name, organisation), None, 12))
    for n, (compact, dense) in found.items():
        assert compact[0], QUERIES[n]
        assert compact == dense, QUERIES[n]
