"""Reading documents in (read/extract.py): text, HTML and PDF; page furniture; bad input."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hisab.cli import app
from hisab.read.extract import MAX_BYTES, ReadError, furniture, load, parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "read"


def test_html_main_text_without_furniture() -> None:
    document = load(str(FIXTURES / "page.html"))
    assert document.kind == "html"
    assert "Islamic Revolutionary Guard Corps (IRGC)" in document.text
    for furniture_text in ("Buy Example Widgets", "Daily Briefing", "Football Club", "All rights reserved"):
        assert furniture_text not in document.text


def test_plain_text_furniture_is_marked_not_dropped() -> None:
    text = (
        "top of page\nWednesday, March 27, 2024\nHomeIran News NowIran Opposition\n"
        "The Guards answered to Ali Khamenei.\n- Advertisement -\n"
    )
    document = parse(text.encode(), "article.txt")
    assert document.text == text
    reasons = [document.boilerplate_at(b.start) for b in document.blocks]
    assert reasons[0] == "page furniture" and reasons[1] == "dateline"
    assert reasons[2] is not None and reasons[2].startswith("navigation")
    assert reasons[3] is None and reasons[4] == "advertisement"
    assert furniture("Homeland security officials met on Monday.") is None


def test_pdf_text(tmp_path: Path) -> None:
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(_pdf("Ebrahim Raisi headed the judiciary."))
    document = load(str(pdf))
    assert document.kind == "pdf" and "Ebrahim Raisi" in document.text


def _pdf(line: str) -> bytes:
    """A one-page PDF with one line of text (Helvetica), with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture()
def unreachable() -> Iterator[str]:
    """A URL on loopback whose server answers 404, and one where nothing listens."""

    class Missing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Missing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/article"
    server.shutdown()


def test_bad_input_names_the_source(tmp_path: Path, unreachable: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "photo.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.write(b"Ali Khamenei. " * (50 * 1024 * 1024 // 14 + 1))
    cases = [
        (empty, "empty"),
        (binary, "binary"),
        (big, f"limit is {MAX_BYTES / 1e6:.0f} MB"),
        (tmp_path / "missing.txt", "no such file"),
    ]
    for path, words in cases:
        with pytest.raises(ReadError, match=words) as caught:
            load(str(path))
        assert str(path) in str(caught.value)
    with pytest.raises(ReadError, match="answered 404"):
        load(unreachable)
    with pytest.raises(ReadError, match="cannot be fetched"):
        load("http://127.0.0.1:9/nothing-listens-here")


def test_the_cli_reports_nothing_when_one_document_fails(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Ebrahim Raisi was president.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(tmp_path / "none.db"),
            "-q",
            "read",
            str(good),
            str(empty),
            "--format",
            "json",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code != 0 and isinstance(result.exception, ReadError)
    assert "empty.txt: empty" in str(result.exception)
    assert not out.exists(), "no partial report"
