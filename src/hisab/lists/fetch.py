"""`hisab update`: fetch the current lists from their publishers and load them atomically.

Every file is downloaded to a temporary folder first (size-checked against the
Content-Length the server announced, and capped), then all of them are parsed
and written in one transaction. Any failure — a refused connection, a download
cut short, a file that is not the list it should be — raises `UpdateError`
naming the URL, and the store stays exactly as it was.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import httpx

from hisab.errors import HisabError, UpdateError
from hisab.lists.load import LoadResult, Progress, describe_files, load_sources
from hisab.settings import Download, Settings
from hisab.sources import Source, detect
from hisab.store import Store


def fetch_file(client: httpx.Client, download: Download, folder: Path, max_bytes: int) -> Path:
    """Download one file into `folder`; raise `UpdateError` unless it arrives whole."""
    target = folder / download.filename
    received = 0
    try:
        with client.stream("GET", download.url) as response:
            if response.status_code != 200:
                raise UpdateError(f"{download.url}: the server answered HTTP {response.status_code}")
            announced = response.headers.get("content-length")
            with open(target, "wb") as fh:
                for chunk in response.iter_raw():
                    received += len(chunk)
                    if received > max_bytes:
                        raise UpdateError(f"{download.url}: larger than the limit of {max_bytes} bytes")
                    fh.write(chunk)
    except httpx.HTTPError as exc:
        raise UpdateError(
            f"{download.url}: download failed after {received} bytes ({exc.__class__.__name__}: {exc})"
        ) from exc
    if announced is not None and announced.isdigit() and int(announced) != received:
        raise UpdateError(f"{download.url}: download cut short: got {received} of {announced} bytes")
    if received == 0:
        raise UpdateError(f"{download.url}: the server sent an empty file")
    return target


def update(
    store: Store,
    settings: Settings,
    datasets: list[str] | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> list[LoadResult]:
    """Fetch and load the selected datasets (default: all configured); all or nothing."""
    selected = datasets or sorted(settings.sources)
    unknown = [name for name in selected if name not in settings.sources]
    if unknown:
        raise UpdateError(f"no download configured for dataset(s): {', '.join(unknown)}")
    own_client = client is None
    http = client or httpx.Client(timeout=settings.http_timeout, follow_redirects=True)
    urls: dict[Path, str] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="hisab-update-") as tmp:
            sources: list[Source] = []
            for name in selected:
                folder = Path(tmp) / name
                folder.mkdir()
                paths = []
                for download in settings.sources[name]:
                    path = fetch_file(http, download, folder, settings.max_download_bytes)
                    urls[path] = download.url
                    paths.append(path)
                try:
                    sources.append(detect(paths[0], dataset=name))
                except HisabError as exc:
                    raise UpdateError(f"{urls[paths[0]]}: {_with_urls(str(exc), urls)}") from exc

            def files(source: Source) -> list[dict[str, Any]]:
                described = describe_files(source)
                for item in described:
                    item["url"] = urls.get(Path(item["path"]), "")
                    item["path"] = Path(item["path"]).name
                return described

            try:
                return load_sources(store, sources, progress, files)
            except HisabError as exc:
                raise UpdateError(_with_urls(str(exc), urls)) from exc
    finally:
        if own_client:
            http.close()


def _with_urls(message: str, urls: dict[Path, str]) -> str:
    """Name the URL instead of the temporary file in an error message."""
    for path, url in urls.items():
        message = message.replace(str(path), url)
    return message
