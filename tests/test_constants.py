"""The compiled modules' constants are `Final` (setup.py): compiled code reads a `Final` name as a
C constant, where any other module-level name is looked up in the module's dict at every use."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Module-level names of the compiled modules that are not `Final`, and why.
NOT_FINAL = {
    # Type aliases, which are not values.
    "Postings",
    "Bucket",
    "_Reading",
    "Row",
    "Feature",
    # Type variables (names/similarity.py: the caches' keys and values).
    "K",
    "V",
    # Set by a function (`global`): the worker's screener.
    "_WORKER",
    # Sizes the tests make small (monkeypatch): compiled code would not see a `Final` changed.
    "SIMILARITY_CACHE",
    "CODES_CACHE",
    "ARABIC_COUNTS_CACHE",
    "LOOKUP_CACHE",
    "COMPACT_RATIO",
}


def _compiled() -> list[Path]:
    """The modules setup.py compiles (its COMPILED tuple, read without running setup.py)."""
    tree = ast.parse((ROOT / "setup.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            return [ROOT / "src" / "hisab" / name for name in value]
    raise AssertionError("setup.py has no COMPILED")


def _is_constant(name: str) -> bool:
    return name.lstrip("_")[:1].isupper()


def _module_names(path: Path) -> dict[str, bool]:
    """Each module-level constant's name -> whether it is declared `Final`."""
    found: dict[str, bool] = {}
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            annotation = node.annotation
            if isinstance(annotation, ast.Subscript):
                annotation = annotation.value
            final = isinstance(annotation, ast.Name) and annotation.id == "Final"
            if _is_constant(node.target.id):
                found[node.target.id] = final
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                for name in names:
                    if isinstance(name, ast.Name) and _is_constant(name.id):
                        found[name.id] = False
    return found


def test_the_compiled_modules_constants_are_final() -> None:
    modules = _compiled()
    assert len(modules) == 10
    not_final = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules
        for name, final in _module_names(path).items()
        if not final and name not in NOT_FINAL
    }
    assert not_final == set()


def test_the_sizes_tests_change_are_not_final() -> None:
    """A test that makes a cache small would test nothing if compiled code read its size as a
    constant."""
    declared = {name: final for path in _compiled() for name, final in _module_names(path).items()}
    for name in ("SIMILARITY_CACHE", "CODES_CACHE", "ARABIC_COUNTS_CACHE", "LOOKUP_CACHE", "COMPACT_RATIO"):
        assert declared[name] is False, name
