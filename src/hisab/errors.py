"""The one exception tree of hisab.

    HisabError                      every error hisab raises on purpose
    ├── SourceError                 a list file cannot be read
    │   ├── UnknownFormatError      no parser recognises the file
    │   └── ParseError              malformed content; names file, line/element, field
    ├── StoreError                  the store cannot do what was asked
    │   └── NotFoundError           no such dataset / version / entity
    ├── UpdateError                 a download from a publisher failed
    └── QueryError                  a screening query's value cannot be read

Each class carries the CLI exit code (and, later, the HTTP status) it maps to,
so the CLI and the API translate errors in one place each.
"""

from __future__ import annotations

from pathlib import Path


class HisabError(Exception):
    """Base of every error hisab raises on purpose."""

    exit_code = 1
    http_status = 500


class SourceError(HisabError):
    """A list file cannot be read."""

    exit_code = 3
    http_status = 422


class UnknownFormatError(SourceError):
    """No registered list format recognises the file."""

    def __init__(self, path: Path | str, detail: str = "") -> None:
        self.path = str(path)
        msg = f"{path}: not a list format hisab knows"
        super().__init__(f"{msg} ({detail})" if detail else msg)


class ParseError(SourceError):
    """Malformed list content.

    The message names the file, the line or element, and the field, so that a
    user can open the file and see the problem.
    """

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        element: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.reason = message
        self.line = line
        self.element = element
        self.field = field
        where = [str(path)]
        if line is not None:
            where.append(f"line {line}")
        if element is not None:
            where.append(f"element {element}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}")


class StoreError(HisabError):
    """The store cannot do what was asked."""

    exit_code = 4
    http_status = 500


class NotFoundError(StoreError):
    """No such dataset, version or entity."""

    exit_code = 5
    http_status = 404


class UpdateError(HisabError):
    """Fetching a list from its publisher failed; the store was left as it was."""

    exit_code = 6
    http_status = 502


class QueryError(HisabError):
    """A value of a screening query cannot be read: `field` names it ("birth_date"), and the
    message is "field: problem"; a file of queries puts its line before it."""

    exit_code = 2
    http_status = 422

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
