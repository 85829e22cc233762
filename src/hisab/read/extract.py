"""Reading a document in: plain text, HTML or PDF, from a file or a URL, with its page
furniture marked.

- **HTML**: the main text is extracted with trafilatura (a well-kept extractor made for
  news pages); navigation, adverts, newsletter prompts, related-article lists and comments
  are left out by it.
- **PDF**: the text of each page, with pypdf.
- **Plain text** (and what the two above give): each line is checked against the page
  furniture patterns of resources/read/boilerplate.tsv ("top of page", "- Advertisement -",
  datelines, image file names, breadcrumbs such as "HomeIran News Now…"); such lines stay in
  the text, marked, so that a mention in them is reported as in boilerplate.

Bad input fails with a message naming the file or URL: missing, empty, binary (not text,
HTML or PDF), over the size limit, undecodable, or a URL that cannot be fetched. Nothing is
reported for a document that fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from hisab.errors import HisabError

#: The largest document read, in bytes (HISAB_READ_MAX_BYTES).
MAX_BYTES = 20 * 1024 * 1024
#: A breadcrumb: links run together with no spaces ("HomeIran News NowIran Opposition").
_BREADCRUMB = re.compile(r"^Home[A-Z]")
_URL = re.compile(r"^https?://", re.IGNORECASE)


class ReadError(HisabError):
    """A document that cannot be read."""

    exit_code = 2
    http_status = 422


@dataclass(frozen=True)
class Block:
    """A line or paragraph of the text: where it is, and whether it is page furniture."""

    start: int
    end: int
    boilerplate: str | None = None


@dataclass
class Document:
    source: str
    kind: str
    text: str
    title: str | None = None
    blocks: list[Block] = field(default_factory=list)

    def boilerplate_at(self, offset: int) -> str | None:
        """Why the text at `offset` is page furniture, or None when it is the article."""
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block.boilerplate
        return None


@cache
def _furniture() -> list[tuple[re.Pattern[str], str]]:
    path = resources.files("hisab") / "resources" / "read" / "boilerplate.tsv"
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, reason = line.split("\t")
            found.append((re.compile(rf"\s*(?:{pattern})\s*", re.IGNORECASE), reason))
    return found


def furniture(line: str) -> str | None:
    """Why a line is page furniture (a reason from boilerplate.tsv), or None."""
    text = line.strip()
    if not text:
        return None
    if _BREADCRUMB.match(text):
        return "navigation (a breadcrumb of links run together)"
    for pattern, reason in _furniture():
        if pattern.fullmatch(text):
            return reason
    return None


def blocks(text: str) -> list[Block]:
    """The lines of `text`, each marked as page furniture or not. A related-article heading
    ("Don't miss", "Related") in the last 40% of the text marks what follows as the list it
    heads."""
    found = []
    offset = 0
    related: str | None = None
    for line in text.splitlines(keepends=True):
        if line.strip():
            reason = furniture(line)
            if reason == "related-article list" and offset > 0.6 * len(text):
                related = reason
            found.append(Block(offset, offset + len(line), reason or related))
        offset += len(line)
    return found


def _decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise ReadError(f"{source}: empty: there is no text to read")
    if b"\x00" in data[:8192]:
        raise ReadError(f"{source}: a binary file, not text, HTML or PDF")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{source}: not UTF-8 text (byte {exc.start}): {exc.reason}") from exc
    if not text.strip():
        raise ReadError(f"{source}: empty: there is no text to read")
    return text


def _looks_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _from_html(html: str, source: str) -> tuple[str, str | None]:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise ReadError(f"{source}: an HTML page with no article text found in it")
    metadata = trafilatura.extract_metadata(html)
    return text, (metadata.title if metadata is not None else None)


def _from_pdf(data: bytes, source: str) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ReadError(f"{source}: a PDF that cannot be read: {exc}") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ReadError(f"{source}: a PDF with no text in it (scanned pages need OCR first)")
    return text


def parse(data: bytes, source: str, content_type: str = "") -> Document:
    """A document from its bytes: PDF, HTML or plain text."""
    if len(data) > MAX_BYTES:
        raise ReadError(
            f"{source}: {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB for one document"
        )
    if data.lstrip()[:5] == b"%PDF-" or "pdf" in content_type:
        text = _from_pdf(data, source)
        return Document(source, "pdf", text, None, blocks(text))
    raw = _decode(data, source)
    if "html" in content_type or _looks_html(raw):
        text, title = _from_html(raw, source)
        return Document(source, "html", text, title, blocks(text))
    first = next((line.strip() for line in raw.splitlines() if line.strip() and not furniture(line)), None)
    return Document(source, "text", raw, first, blocks(raw))


def load(source: str, timeout: float = 20.0) -> Document:
    """A document from a path or an http(s) URL."""
    if _URL.match(source):
        import httpx

        try:
            with httpx.Client(follow_redirects=True, timeout=timeout) as client:
                response = client.get(source, headers={"User-Agent": "hisab-read"})
                response.raise_for_status()
                data = response.content
                kind = response.headers.get("content-type", "")
        except httpx.HTTPStatusError as exc:
            raise ReadError(f"{source}: the server answered {exc.response.status_code}") from exc
        except httpx.HTTPError as exc:
            raise ReadError(f"{source}: cannot be fetched: {exc or type(exc).__name__}") from exc
        return parse(data, source, kind)
    path = Path(source)
    if not path.is_file():
        raise ReadError(f"{source}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(
            f"{source}: {size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB for one document"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{source}: cannot read: {exc}") from exc
    kind = "html" if path.suffix.lower() in (".html", ".htm") else ""
    return parse(data, source, kind)
