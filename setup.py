"""Builds hisab; everything but the compiled modules is declared in pyproject.toml.

The matching engine's inner loop (names, features, alignment, the candidate index and the
screener) is plain, strictly typed Python, compiled to C extensions with mypyc: the same code,
run without the interpreter's dispatch (about 1.4x on screening, docs/benchmarks.md). The
modules stay importable as Python where they are not compiled.

HISAB_COMPILE=1 compiles, and fails if it cannot; HISAB_COMPILE=0 builds pure Python; unset, it
compiles when mypyc can be imported (`make install` installs mypy first and sets 1). Compiling
type-checks the modules with mypy, so it needs the project's dependencies installed: `pip
install --no-build-isolation`. The sources' hashes go to src/hisab/compiled.json, which
`hisab/__init__.py` checks, so that a module edited after it was compiled is never run from
its stale extension (hisab.build).

The compiled modules' constants are declared `Final`: compiled code then reads one as a C
constant (a literal inlined, any other value from a C static) instead of looking it up in the
module's dict at each use, which was several percent of screening's instructions. Left out are
the sizes that tests change (a `Final` one changed would not be seen) and type aliases;
tests/test_constants.py holds the list.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
PACKAGE = HERE / "src" / "hisab"
#: The modules compiled with mypyc (their paths under src/hisab), and nothing else:
#: the rest is I/O, glue and libraries' calls that compiling would not speed up.
COMPILED = (
    "names/tables.py",
    "names/tokens.py",
    "names/gender.py",
    "names/similarity.py",
    "match/features.py",
    "match/align.py",
    "match/algorithm.py",
    "match/index.py",
    "screen/service.py",
    "screen/batch.py",
)

#: The modules written in C, built with the compiled ones (and, like them, not at all with
#: HISAB_COMPILE=0): the cross-script alignment's table, whose cells mypyc's code still ran
#: through Python's objects; the edit similarity of Latin forms, whose two rapidfuzz calls a
#: pair cost more than the distances; and the candidate stage's merge of name numbers, which
#: numpy sorted. Their Python code stays as the reference and the fallback (names/similarity.py,
#: `_cross_cost` and `_python_edit_similarity`; screen/service.py, `_python_merged`).
WRITTEN_IN_C = ("names/_crossalign.c", "names/_edits.c", "screen/_merge.c")


def _wanted() -> bool:
    setting = os.environ.get("HISAB_COMPILE", "")
    if setting not in ("", "0", "1"):
        raise SystemExit(f"HISAB_COMPILE must be 0 or 1, not {setting!r}")
    if setting == "0":
        return False
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        if setting == "1":
            raise SystemExit("HISAB_COMPILE=1 but mypyc cannot be imported: install mypy first") from None
        print("hisab: mypyc not found, building the matching engine as pure Python")
        return False
    return True


#: setuptools commands that only write metadata: pip runs setup.py once for these before the
#: build, and mypycify (a type check and the C generation, about half the compile) is not needed.
METADATA_ONLY = {"dist_info", "egg_info"}


def _module(name: str) -> str:
    """The module a source of the package is built into ("names/_edits.c": hisab.names._edits)."""
    return "hisab." + name.rsplit(".", 1)[0].replace("/", ".")


def _ext_modules() -> list[object]:
    manifest = PACKAGE / "compiled.json"
    if METADATA_ONLY.intersection(sys.argv[1:2]) or not _wanted():
        # The manifest stays: it may list the extensions of an in-place build beside this
        # one (`pip wheel .` in a compiled checkout), and it vouches only for extensions that
        # exist (hisab/build.py), so an old one is harmless.
        return []
    from mypyc.build import mypycify
    from setuptools import Extension

    sources = {
        _module(name): hashlib.sha256((PACKAGE / name).read_bytes()).hexdigest()
        for name in (*COMPILED, *WRITTEN_IN_C)
    }
    modules = mypycify([str(Path("src/hisab") / name) for name in COMPILED], opt_level="3")
    written = [
        Extension(_module(name), [str(Path("src/hisab") / name)], extra_compile_args=["-O3"])
        for name in WRITTEN_IN_C
    ]
    manifest.write_text(json.dumps(sources, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return [*modules, *written]


setup(ext_modules=_ext_modules())
