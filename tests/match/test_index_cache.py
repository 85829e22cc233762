"""The index's disk cache: a new cache does not leave the folder growing with every update."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import hisab.match.index as index_module
from hisab.lists.load import load_paths
from hisab.match.index import (
    KEEP_CACHES,
    Index,
    build_code,
    ensure_index_cache,
    load_index,
    prune_index_cache,
)
from hisab.store import Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "trace" / "ownership.csv"


def test_old_index_caches_are_pruned(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [FIXTURE])
    cache = tmp_path / "cache"
    # Each selection of datasets is an index of its own, with a cache file of its own.
    written: list[Path] = []
    for n, wanted in enumerate([[], ["a"], ["b"], ["c"], ["d"]]):
        before = set(cache.glob("index-*.pickle"))
        load_index(store, cache, wanted)
        (new,) = set(cache.glob("index-*.pickle")) - before
        written.append(new)
        assert len(list(cache.glob("index-*.pickle"))) == min(n + 1, KEEP_CACHES)
    assert set(cache.glob("index-*.pickle")) == set(written[-KEEP_CACHES:])
    # The index of all datasets, built first, was pruned: loading it builds it again.
    index = load_index(store, cache)
    assert index.subjects and written[0].exists()


def test_a_cache_in_use_is_kept(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for n in range(5):
        path = cache / f"index-{n}.pickle"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    # The oldest was just loaded again (load_index marks it used).
    os.utime(cache / "index-0.pickle")
    removed = prune_index_cache(cache)
    assert sorted(p.name for p in removed) == ["index-1.pickle", "index-2.pickle"]
    assert sorted(p.name for p in cache.iterdir()) == ["index-0.pickle", "index-3.pickle", "index-4.pickle"]


def test_two_processes_may_write_the_same_cache_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process builds and writes the same index while this one writes it: with one
    # temporary file name for both, the other's rename took this one's file away and this
    # one failed ("No such file or directory: index-<key>.tmp").
    import pickle

    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [FIXTURE])
    cache = tmp_path / "cache"
    dump = pickle.dump
    others: list[Index] = []
    started: list[bool] = []

    def dump_while_another_writes(obj: object, fh: object, protocol: int | None = None) -> None:
        if not started:
            started.append(True)
            others.append(load_index(store, cache))  # the other process, in between
        dump(obj, fh, protocol=protocol)  # type: ignore[arg-type]

    monkeypatch.setattr(pickle, "dump", dump_while_another_writes)
    index = load_index(store, cache)
    monkeypatch.undo()
    assert index.subjects and others[0].subjects
    # One cache, readable, and no temporary file left behind.
    (written,) = cache.iterdir()
    assert written.suffix == ".pickle" and load_index(store, cache).subjects


def test_the_cache_is_built_in_a_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `screen-file --workers N` only makes sure the cache is there; built in the calling
    # process, the index's memory stayed there while the workers screened.
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [FIXTURE])
    cache = tmp_path / "cache"

    def refuse(*args: object, **kwargs: object) -> Index:
        raise AssertionError("the index was built in the calling process")

    monkeypatch.setattr(Index, "build", classmethod(refuse))
    ensure_index_cache(store, cache)
    (built,) = cache.glob("index-*.pickle")
    monkeypatch.undo()
    # The cache is the index of the store, and a second call finds it.
    assert load_index(store, cache).subjects
    ensure_index_cache(store, cache)
    assert list(cache.glob("index-*.pickle")) == [built]


def test_the_build_code_follows_the_sources_not_the_loader(tmp_path: Path) -> None:
    # Compiled, the module imported is an extension's loader, which stays the same when the
    # code changes: the cache key must follow the sources (and the compiled modules' manifest).
    package = tmp_path / "hisab"
    folder = package / "match"
    folder.mkdir(parents=True)
    source = Path(index_module.__file__).parent  # the package's sources (an editable install)
    for name in ("index.py", "align.py"):
        (folder / name).write_bytes((source / name).read_bytes())
    (folder / "index.cpython-311-x86_64-linux-gnu.so").write_bytes(b"loader")
    first = build_code(folder)
    assert first == build_code(folder)
    (folder / "index.py").write_text((folder / "index.py").read_text() + "\n# a new field\n")
    second = build_code(folder)
    assert second != first
    (package / "compiled.json").write_text('{"hisab.match.index": "abc"}')
    third = build_code(folder)
    assert third != second
    # The index holds the names layer's tokens: a change to how names are read stales it too.
    (package / "names").mkdir()
    (package / "names" / "tokens.py").write_text("# how names are read\n")
    fourth = build_code(folder)
    assert fourth != third
    # So do its tables: a romanisation rule changes the listed names' phonetic forms.
    tables = package / "resources" / "names"
    tables.mkdir(parents=True)
    (tables / "latin.tsv").write_text("ou\tu\n")
    fifth = build_code(folder)
    assert fifth != fourth
    (tables / "latin.tsv").write_text("ou\tu\nee\ti\n")
    assert build_code(folder) != fifth
