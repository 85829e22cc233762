"""Shared test fixtures.

Real list files are read from the shared data folder (setting `HISAB_DATA_DIR`,
default `../shared/data` beside the checkout); they are never copied into the
repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.load_all import LISTS as ALL_LISTS

from hisab.sources import ParseReport, Record, detect
from hisab.sources.base import Source

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_data_dir() -> Path:
    return Path(os.environ.get("HISAB_DATA_DIR", REPO.parent / "shared" / "data")).resolve()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = shared_data_dir()
    assert path.is_dir(), f"shared data folder {path} is missing (set HISAB_DATA_DIR)"
    return path


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL server's `postgres` database (tests/postgres.py)."""
    from tests.postgres import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def parse_file(path: Path, dataset: str | None = None) -> tuple[Source, list[Record], ParseReport]:
    """Detect and fully parse one file, as the loader does."""
    from hisab.sources import get_format

    source = detect(path, dataset)
    report = ParseReport()
    records = list(get_format(source.format).parse(source, report))
    return source, records, report


def iter_entities(records: list[Record]) -> Iterator[object]:
    for record in records:
        yield from record.entities


@pytest.fixture(scope="session")
def resolved_store(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    """Every list of the shared data folder in one store, resolved (`hisab resolve`): the
    store and a screener on its index. Built once per test session (about two minutes)."""
    from hisab.lists.load import load_paths
    from hisab.match.index import load_index
    from hisab.resolve.service import resolve
    from hisab.screen.service import Screener
    from hisab.store import Store

    folder = tmp_path_factory.mktemp("resolved")
    store = Store(f"sqlite:///{folder / 'all.db'}")
    load_paths(store, [data_dir / name for name in ALL_LISTS])  # the lists `make demo` loads
    screener = Screener(load_index(store, folder / "cache"))
    resolve(store, screener, workers=os.cpu_count() or 1)
    return store, screener
