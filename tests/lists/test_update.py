"""`hisab update` against a local HTTP server on 127.0.0.1 serving the shared data files."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hisab.errors import UpdateError
from hisab.lists import update
from hisab.settings import Download, Settings
from hisab.store import Store

UN_2025 = "un_sc/mkweli_2025-11-20/un_consolidated.xml"
UN_2026 = "un_sc/watchman_2026-02-27/UN_consolidated.xml"


class Publisher:
    """A tiny publisher: serves files, and misbehaves on request."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.requests: list[str] = []

    def serve(self, route: str, body: bytes, mode: str = "ok") -> str:
        self.routes[route] = (mode, body)
        return f"{self.base}{route}"

    def serve_file(self, route: str, relative: str, mode: str = "ok") -> str:
        return self.serve(route, (self.data_dir / relative).read_bytes(), mode)

    base = ""


@pytest.fixture
def publisher(data_dir: Path) -> Iterator[Publisher]:
    pub = Publisher(data_dir)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            pub.requests.append(self.path)
            if self.path not in pub.routes:
                self.send_error(404)
                return
            mode, body = pub.routes[self.path]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mode == "break":
                # Announce the whole file, send half of it, and hang up.
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.connection.close()
                return
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    pub.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield pub
    finally:
        server.shutdown()
        server.server_close()


def settings_for(tmp_path: Path, sources: dict[str, list[Download]]) -> Settings:
    return Settings(db=str(tmp_path / "store.db"), sources=sources, http_timeout=10)


def snapshot(store: Store) -> list[tuple[str, int, str]]:
    return [(v.dataset, v.number, v.content_hash) for v in store.versions()]


def test_update_loads_the_published_files(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve_file("/un.xml", UN_2025)
    settings = settings_for(tmp_path, {"un_sc": [Download(filename="consolidated.xml", url=url)]})
    store = Store(settings.db_url)
    results = update(store, settings)
    assert [r.version.number if r.version else None for r in results] == [1]
    version = store.version("un_sc")
    assert version.published == "2025-11-20"
    assert version.schema_counts == {"Organization": 273, "Person": 727}, version.schema_counts
    assert version.sources[0]["url"] == url, "provenance keeps the publisher's URL"


def test_update_with_several_files_per_dataset(publisher: Publisher, tmp_path: Path) -> None:
    names = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
    downloads = [
        Download(filename=name, url=publisher.serve_file(f"/ofac/{name}", f"ofac_sdn_2021-07/{name}"))
        for name in names
    ]
    settings = settings_for(tmp_path, {"us_ofac_sdn": downloads})
    store = Store(settings.db_url)
    update(store, settings)
    assert store.version("us_ofac_sdn").record_count == 8976
    assert sorted(publisher.requests) == sorted(f"/ofac/{n}" for n in names)


@pytest.mark.parametrize(
    ("mode", "body", "message"),
    [
        ("break", None, "cut short|download failed"),
        ("ok", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "not a list format"),
        (
            "ok",
            b"<?xml version='1.0'?><CONSOLIDATED_LIST dateGenerated='2026-01-01'><INDIVIDUALS>",
            "line|element",
        ),
        ("missing", None, "HTTP 404"),
    ],
    ids=["breaks-mid-download", "garbage", "truncated-xml", "not-found"],
)
def test_failed_update_leaves_the_store_untouched(
    publisher: Publisher, tmp_path: Path, data_dir: Path, mode: str, body: bytes | None, message: str
) -> None:
    good = publisher.serve_file("/good.xml", UN_2025)
    store_settings = settings_for(tmp_path, {"un_sc": [Download(filename="consolidated.xml", url=good)]})
    store = Store(store_settings.db_url)
    update(store, store_settings)
    before = snapshot(store)
    if mode == "missing":
        bad = f"{publisher.base}/nothing-here.xml"
    elif body is None:
        bad = publisher.serve_file("/new.xml", UN_2026, mode)
    else:
        bad = publisher.serve("/new.xml", body, mode)
    ofac_ok = publisher.serve_file("/cons_prim.csv", "ofac_consolidated_non_sdn/cons_prim.csv")
    settings = settings_for(
        tmp_path,
        {
            # Sorted before the broken one, so it is loaded first and must be rolled back.
            "us_ofac_cons": [Download(filename="cons_prim.csv", url=ofac_ok)],
            "zz_un_sc": [Download(filename="consolidated.xml", url=bad)],
        },
    )
    with pytest.raises(UpdateError, match=message) as raised:
        update(store, settings)
    assert bad in str(raised.value), f"the error names the URL: {raised.value}"
    assert snapshot(store) == before, "a failed update must not change the store, not even other datasets"


def test_unknown_dataset_is_refused(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, {})
    with pytest.raises(UpdateError, match="no download configured"):
        update(Store(settings.db_url), settings, ["nope"])
