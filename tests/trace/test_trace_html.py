"""`hisab trace --format html`: the network drawn by the vendored Cytoscape.js, checked in
headless Chromium (tests/browser.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from hisab.cli import app
from hisab.lists.load import load_paths
from hisab.screen.service import Screener
from hisab.store import Store
from tests.browser import open_page

#: Each node's id, status, colour, position in the drawing, and the alpha of the pixel at its
#: centre on Cytoscape's node layer (0 when nothing was drawn there).
DRAWN = """() => {
  const cy = window.hisabNetwork;
  const layer = document.querySelector('#network canvas[data-id="layer2-node"]');
  const ratio = layer.width / layer.clientWidth;
  const pixels = layer.getContext('2d');
  return {width: cy.width(), height: cy.height(), edges: cy.edges().map(e => e.data('kind')),
    nodes: cy.nodes().map(n => {
      const p = n.renderedPosition();
      const alpha = pixels.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data[3];
      return {id: n.id(), status: n.data('status'), x: p.x, y: p.y, alpha: alpha,
              colour: n.style('background-color')};
    })};
}"""


def _draw(store: Store, start: str, tmp_path: Path) -> tuple[str, dict[str, Any]]:
    out = tmp_path / f"{start}.html"
    result = CliRunner().invoke(
        app, ["--db", store.url, "-q", "trace", start, "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page_html = out.read_text(encoding="utf-8")
    with open_page(out) as page:
        page.wait_for_selector("#network[data-drawn]", timeout=20_000)
        drawn: dict[str, Any] = page.evaluate(DRAWN)
        assert page.locator("table tbody tr").count() > 0
    return page_html, drawn


def _assert_drawn(drawn: dict[str, Any], ids: list[str]) -> dict[str, dict[str, Any]]:
    nodes = {n["id"]: n for n in drawn["nodes"]}
    for node_id in ids:
        node = nodes[node_id]
        assert 0 < node["x"] < drawn["width"] and 0 < node["y"] < drawn["height"], node
        assert node["alpha"] > 0, f"nothing drawn at {node_id}'s place"
    return nodes


def test_html_network_of_the_irgc_draws_the_records_ofac_links_to_it(
    resolved_store: tuple[Store, Screener], tmp_path: Path
) -> None:
    store, _ = resolved_store
    page_html, drawn = _draw(store, "us-ofac-sdn-10391", tmp_path)
    # The IRGC, Ansar Bank and the Basij ("Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS").
    nodes = _assert_drawn(drawn, ["us-ofac-sdn-10391", "us-ofac-sdn-12478", "us-ofac-sdn-12727"])
    assert all(n["status"] == "listed" for n in nodes.values())
    assert nodes["us-ofac-sdn-12478"]["colour"] == "rgb(176,0,32)"  # listed actors are marked red
    assert "Linked To" in page_html and "ANSAR BANK" in page_html
    assert "<script src" not in page_html  # the library is inlined, nothing from a CDN


def test_html_network_draws_enhanced_xml_ownership(data_dir: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'enhanced.db'}")
    load_paths(store, [data_dir / "ofac_consolidated_non_sdn" / "CONS_ENHANCED.XML"])
    _, drawn = _draw(store, "us-ofac-cons-17013", tmp_path)
    # VTB Bank and a subsidiary "Owned or Controlled By" it.
    _assert_drawn(drawn, ["us-ofac-cons-17013", "us-ofac-cons-17017"])
    assert "Ownership" in drawn["edges"]
