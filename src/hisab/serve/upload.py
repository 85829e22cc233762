"""Uploads of files of queries: the raw request body, or a `multipart/form-data` form (what
a browser's form and `curl -F file=@customers.csv` send), streamed to disk under a size limit.

The form is parsed part by part with `python-multipart`'s streaming parser (the parser
Starlette itself uses), not with `Request.form()`: that one spools every file part to a
temporary file of its own before the handler runs, so a 500 MB upload would be written twice
and the size limit could only be checked afterwards. Here the one file part is written
straight to the job's folder and the limit is checked on every chunk.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from hisab.errors import HisabError
from hisab.screen.batch import INPUT_FORMATS

#: The name of the form's file part.
FIELD = "file"

#: Formats by media type, for uploads whose format is neither given nor in a file name.
MEDIA_FORMATS = {
    "text/csv": "csv",
    "application/csv": "csv",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "application/vnd.apache.parquet": "parquet",
    "application/x-parquet": "parquet",
}


class UploadError(HisabError):
    """An upload that cannot be taken, with the HTTP status to answer (413 or 422)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.http_status = status


@dataclass
class Upload:
    """What was received: the bytes written, and what the client said of the file."""

    size: int = 0
    filename: str | None = None
    media_type: str | None = None

    def format(self, given: str | None, sniff: Path) -> str:
        """The upload's format: as given; else from the file name's suffix; else from the
        media type; else from the first bytes (Parquet's magic number, a JSON object); else CSV."""
        if given:
            return given
        if self.filename:
            found = INPUT_FORMATS.get(PurePath(self.filename).suffix.lower())
            if found:
                return found
        if self.media_type in MEDIA_FORMATS:
            return MEDIA_FORMATS[self.media_type]
        with open(sniff, "rb") as fh:
            start = fh.read(64)
        if start.startswith(b"PAR1"):
            return "parquet"
        if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return "jsonl"
        return "csv"


async def receive(
    chunks: AsyncIterator[bytes], content_type: str, target: Path, limit: int, limit_setting: str
) -> Upload:
    """Write the upload in `chunks` (the request body) to `target`: the body itself, or the
    part named `file` of a multipart form. Raises UploadError (413 over `limit` bytes of
    body, 422 for a form without its file part or with other fields)."""
    media, options = parse_options_header(content_type)
    upload = Upload(media_type=media.decode("latin-1").lower() or None)
    received = 0

    def count(chunk: bytes) -> None:
        nonlocal received
        received += len(chunk)
        if received > limit:
            raise UploadError(413, f"upload over the limit of {limit:,} bytes (setting {limit_setting})")

    with open(target, "wb") as fh:
        if upload.media_type != "multipart/form-data":
            async for chunk in chunks:
                count(chunk)
                fh.write(chunk)
            upload.size = received
            return upload
        boundary = options.get(b"boundary")
        if not boundary:
            raise UploadError(422, "a multipart/form-data body needs a boundary in its Content-Type")
        form = _Form(fh)
        parser = MultipartParser(boundary, form.callbacks())
        try:
            async for chunk in chunks:
                count(chunk)
                parser.write(chunk)
            parser.finalize()
        except MultipartParseError as exc:
            raise UploadError(422, f"the multipart/form-data body cannot be read: {exc}") from exc
        if form.files != 1:
            problem = "no part" if form.files == 0 else f"{form.files} parts"
            raise UploadError(
                422, f"the form has {problem} named {FIELD!r}: send one file, e.g. curl -F file=@queries.csv"
            )
        if form.others:
            names = ", ".join(repr(n) for n in form.others)
            raise UploadError(
                422,
                f"the form has field(s) {names}: send only the file, as the part named {FIELD!r}, "
                "and the options (format, out_format, threshold, top, min_score) as query parameters",
            )
        upload.size, upload.filename = form.size, form.filename
        upload.media_type = form.media_type
        return upload


class _Form:
    """The parser's callbacks: the part named `file` goes to `out`; other parts are named
    (to refuse them) and dropped."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.files = 0
        self.others: list[str] = []
        self.size = 0
        self.filename: str | None = None
        self.media_type: str | None = None
        self._headers: dict[bytes, bytes] = {}
        self._field = b""
        self._value = b""
        self._writing = False

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self._begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
        }

    def _begin(self) -> None:
        self._headers, self._field, self._value, self._writing = {}, b"", b"", False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, disposition = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        if name != FIELD:
            self.others.append(name)
            return
        self.files += 1
        self._writing = self.files == 1
        filename = disposition.get(b"filename")
        self.filename = filename.decode("utf-8", "replace") if filename else None
        media, _ = parse_options_header(self._headers.get(b"content-type", b""))
        self.media_type = media.decode("latin-1").lower() or None

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._writing:
            self.out.write(data[start:end])
            self.size += end - start
