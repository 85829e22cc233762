"""The guard against running a compiled module whose source has changed (hisab/build.py)."""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
from pathlib import Path

import pytest

from hisab.build import StaleBuildError, check

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _package(tmp_path: Path, compiled: bool = True, listed: bool = True) -> Path:
    package = tmp_path / "hisab"
    (package / "names").mkdir(parents=True)
    source = package / "names" / "similarity.py"
    source.write_text("X = 1\n")
    if compiled:
        (package / "names" / f"similarity{SUFFIX}").write_bytes(b"\x7fELF")
    if listed:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        (package / "compiled.json").write_text(json.dumps({"hisab.names.similarity": digest}))
    return package


def test_a_compiled_module_built_from_its_current_source_passes(tmp_path: Path) -> None:
    package = _package(tmp_path)
    assert list(check(package)) == ["hisab.names.similarity"]


def test_a_source_edited_after_compiling_is_refused(tmp_path: Path) -> None:
    package = _package(tmp_path)
    (package / "names" / "similarity.py").write_text("X = 2\n")
    with pytest.raises(StaleBuildError, match=r"similarity\.py has changed since it was compiled"):
        check(package)


def test_an_extension_no_build_listed_is_refused(tmp_path: Path) -> None:
    package = _package(tmp_path, listed=False)
    with pytest.raises(StaleBuildError, match="no build of this tree listed"):
        check(package)


def test_without_extensions_the_engine_is_python(tmp_path: Path) -> None:
    assert check(_package(tmp_path, compiled=False)) == {}


def test_a_module_written_in_c_is_checked_against_its_c_source(tmp_path: Path) -> None:
    package = tmp_path / "hisab"
    (package / "names").mkdir(parents=True)
    source = package / "names" / "_crossalign.c"
    source.write_text("int x = 1;\n")
    (package / "names" / f"_crossalign{SUFFIX}").write_bytes(b"\x7fELF")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    (package / "compiled.json").write_text(json.dumps({"hisab.names._crossalign": digest}))
    assert list(check(package)) == ["hisab.names._crossalign"]
    source.write_text("int x = 2;\n")
    with pytest.raises(StaleBuildError, match=r"_crossalign\.c has changed since it was compiled"):
        check(package)


def test_hisab_version_counts_the_modules_compiled_and_those_written_in_c() -> None:
    from typer.testing import CliRunner

    from hisab.cli import app

    result = CliRunner().invoke(app, ["version"])
    assert result.exit_code == 0, result.output
    as_json = json.loads(CliRunner().invoke(app, ["version", "--json"]).output)
    modules = check()
    assert as_json["compiled"] == sorted(modules)
    if modules:
        # setup.py's COMPILED and WRITTEN_IN_C: ten modules; the cross-script table, the edit
        # similarity and the candidate stage's merge.
        assert "10 modules with mypyc, 3 written in C" in result.output
        assert as_json["engine"] == "compiled"
        assert as_json["written_in_c"] == [
            "hisab.names._crossalign",
            "hisab.names._edits",
            "hisab.screen._merge",
        ]
    else:
        assert "running as Python" in result.output
        assert as_json["engine"] == "python" and as_json["written_in_c"] == []
