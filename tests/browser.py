"""Headless Chromium for the tests of the HTML reports: Debian's chromium (installed by
scripts/ensure-chromium.sh, `make unit` runs it), driven by Playwright for Python. Playwright
never downloads a browser here: it starts the system's binary. A missing browser fails the
test that needs it, with the way to install it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

#: As the machine's own probe starts it: no sandbox as root, no background traffic.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = os.environ.get("HISAB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is missing: run scripts/ensure-chromium.sh (make unit does) or set HISAB_CHROMIUM"
    return found


@contextmanager
def open_page(path: Path, width: int = 1200, height: int = 900) -> Iterator[Page]:
    """`path` opened in headless Chromium, with nothing but file:// reachable."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.resolve().as_uri())
            yield page
            outside = [u for u in requests if not u.startswith(("file:", "data:", "about:"))]
            assert not outside, f"the page loaded from the network: {outside}"
        finally:
            browser.close()
