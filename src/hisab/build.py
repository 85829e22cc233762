"""How the matching engine was built: compiled with mypyc (setup.py) or run as Python.

An extension module is imported before its source, so a module edited after it was compiled
would silently run its old code. `check` refuses that: every compiled extension in the
package must be listed in compiled.json, written by setup.py with the hash of the source it
was compiled from, and the source must still have that hash.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
from pathlib import Path

MANIFEST = "compiled.json"
PACKAGE = Path(__file__).parent


class StaleBuildError(ImportError):
    """A compiled module whose source has changed (or that no build listed)."""


def _extensions(package: Path) -> dict[str, Path]:
    """The package's extension modules by dotted name (hisab.names.similarity -> its .so)."""
    found: dict[str, Path] = {}
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    for path in package.rglob("*"):
        suffix = next((s for s in suffixes if path.name.endswith(s)), None)
        if suffix is not None:
            parts = path.relative_to(package).with_name(path.name[: -len(suffix)]).parts
            found[".".join((package.name, *parts))] = path
    return found


def module_source(module: str, package: Path = PACKAGE) -> Path:
    """The source an extension module is built from: its Python module (compiled by mypyc), or
    its C file (names/_crossalign.c, which has no Python module of that name)."""
    source = package.joinpath(*module.split(".")[1:]).with_suffix(".py")
    written = source.with_suffix(".c")
    return written if not source.exists() and written.exists() else source


def check(package: Path = PACKAGE) -> dict[str, str]:
    """The compiled modules and their sources' hashes; raises StaleBuildError if any
    extension is not what its source is now."""
    extensions = _extensions(package)
    manifest = package / MANIFEST
    listed: dict[str, str] = json.loads(manifest.read_text("utf-8")) if manifest.exists() else {}
    for module, path in sorted(extensions.items()):
        source = module_source(module, package)
        if module not in listed:
            raise StaleBuildError(
                f"{path} is a compiled module that no build of this tree listed in {manifest}: "
                "run `make install` to compile again, or delete it to run the module as Python"
            )
        if source.exists() and hashlib.sha256(source.read_bytes()).hexdigest() != listed[module]:
            raise StaleBuildError(
                f"{source} has changed since it was compiled into {path.name}: run `make install` "
                "to compile it again (HISAB_COMPILE=0 make install runs it as Python)"
            )
    return {m: h for m, h in listed.items() if m in extensions}
