"""The network as a self-contained HTML page, drawn by Cytoscape.js.

Cytoscape.js (MIT, the Cytoscape Consortium) is vendored in hisab/static/vendor/cytoscape
(scripts/vendor-js.sh takes it from the npm registry at a pinned version) and inlined in
the page, so that the page opens offline and loads nothing from a CDN. A table of the
same edges, with their sources, follows the drawing: it is what a screen reader, a
printout or a search in the page finds.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Any

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}
h1{font-size:1.3rem;margin:0 0 .3rem}
#network{width:100%;height:70vh;border:1px solid #ccc;border-radius:4px}
.key span{display:inline-block;margin-right:1.2rem}
.dot{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;vertical-align:middle;margin-right:.3rem}
table{border-collapse:collapse;margin-top:1rem;width:100%}
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}
.listed{color:#b00020;font-weight:600}
"""

#: Node colours: listed (on a loaded list), blocked by ownership, other.
_COLOURS = {"listed": "#b00020", "blocked": "#e07000", "other": "#5f6b7a"}

_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('network-data').textContent);
  var colours = %(colours)s;
  var cy = cytoscape({
    container: document.getElementById('network'),
    elements: data.elements,
    wheelSensitivity: 0.3,
    style: [
      {selector: 'node', style: {
        'label': 'data(label)', 'font-size': 10, 'text-wrap': 'wrap', 'text-max-width': 140,
        'text-valign': 'bottom', 'text-margin-y': 4, 'width': 22, 'height': 22,
        'background-color': function (n) { return colours[n.data('status')]; },
        'shape': function (n) { return n.data('person') ? 'ellipse' : 'round-rectangle'; }}},
      {selector: 'node[?start]', style: {'width': 34, 'height': 34, 'border-width': 3,
        'border-color': '#1b1b1b', 'font-weight': 'bold'}},
      {selector: 'edge', style: {'label': 'data(label)', 'font-size': 8, 'width': 1.5,
        'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#9aa5b1',
        'target-arrow-color': '#9aa5b1', 'text-rotation': 'autorotate',
        'text-background-color': '#fff', 'text-background-opacity': 0.8}},
      {selector: 'edge[kind = "Ownership"]', style: {'line-color': '#2d6cdf',
        'target-arrow-color': '#2d6cdf'}}
    ],
    layout: {name: 'preset'}
  });
  // Rings around the start: its direct links on the first, theirs on the next.
  cy.elements().breadthFirstSearch({root: cy.getElementById(data.start), directed: false,
    visit: function (v, e, u, i, depth) { v.data('depth', depth); }});
  cy.layout({name: 'concentric', concentric: function (n) { return 100 - (n.data('depth') || 0); },
    levelWidth: function () { return 1; }, minNodeSpacing: 40, padding: 20, animate: false}).run();
  cy.on('tap', 'node', function (e) {
    var row = document.getElementById('node-' + e.target.data('row'));
    if (row) { row.scrollIntoView({block: 'center'}); }
  });
  window.hisabNetwork = cy;
  cy.ready(function () { document.getElementById('network').setAttribute('data-drawn', cy.nodes().length); });
})();
"""


@cache
def _cytoscape() -> str:
    path = resources.files("hisab") / "static" / "vendor" / "cytoscape" / "cytoscape.min.js"
    return path.read_text(encoding="utf-8")


def _script_json(data: object) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _share(share: float | None) -> str:
    return "" if share is None else f" ({share * 100:g}%)"


def network_html(network: dict[str, Any], title: str) -> str:
    """A page drawing `network` (the JSON of `Tracer.network_json`: start, nodes, edges)."""
    e = html.escape
    elements: list[dict[str, Any]] = []
    for n, node in enumerate(network["nodes"]):
        status = "listed" if node["listed"] else ("blocked" if node.get("blocked_by_ownership") else "other")
        label = node["name"] + (f"\n{node['dataset']}" if node.get("dataset") else "")
        elements.append(
            {
                "group": "nodes",
                "data": {
                    "id": node["id"],
                    "label": label,
                    "status": status,
                    "person": node.get("schema") == "Person",
                    "start": node["id"] == network["start"],
                    "row": n,
                },
            }
        )
    for n, edge in enumerate(network["edges"]):
        share = f" {edge['share'] * 100:g}%" if edge.get("share") is not None else ""
        elements.append(
            {
                "group": "edges",
                "data": {
                    "id": f"e{n}",
                    "source": edge["from"],
                    "target": edge["to"],
                    "kind": edge["schema"],
                    "label": f"{edge['role']}{share}"[:60],
                },
            }
        )
    names = {node["id"]: node["name"] for node in network["nodes"]}
    node_rows = "".join(
        f'<tr id="node-{n}"><td class="{"listed" if node["listed"] else ""}">{e(node["name"])}</td>'
        f"<td>{e(node.get('schema') or '')}</td>"
        f"<td>{e(node['dataset'] + ':' + node['record_id'] if node.get('dataset') else 'not listed')}</td>"
        f"<td>{e(node.get('blocked_by_ownership') or '')}</td></tr>"
        for n, node in enumerate(network["nodes"])
    )
    edge_rows = "".join(
        f"<tr><td>{e(names.get(edge['from'], edge['from']))}</td><td>{e(edge['role'])}"
        f"{_share(edge.get('share'))}</td>"
        f"<td>{e(names.get(edge['to'], edge['to']))}</td><td>{e(edge['schema'])}</td>"
        f"<td>{e(edge['source']['dataset'])}:{e(edge['source']['record_id'])}</td></tr>"
        for edge in network["edges"]
    )
    key = "".join(
        f'<span><i class="dot" style="background:{colour}"></i>{label}</span>'
        for label, colour in (
            ("on a loaded list", _COLOURS["listed"]),
            ("blocked by ownership", _COLOURS["blocked"]),
            ("not listed", _COLOURS["other"]),
        )
    )
    script = _SCRIPT % {"colours": json.dumps(_COLOURS)}
    data = _script_json({"start": network["start"], "elements": elements})
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{e(title)}</h1>
<p class="key">{key}<span>blue arrows: ownership or control</span></p>
<div id="network" role="img" aria-label="{e(title)}"></div>
<h2>Entities</h2>
<table><thead><tr><th>name</th><th>schema</th><th>listed as</th><th>blocked by ownership</th></tr></thead>
<tbody>{node_rows}</tbody></table>
<h2>Links</h2>
<table><thead><tr><th>from</th><th>relationship</th><th>to</th><th>kind</th><th>source</th></tr></thead>
<tbody>{edge_rows}</tbody></table>
<script id="network-data" type="application/json">{data}</script>
<script>{_cytoscape()}</script>
<script>{script}</script>
</body></html>
"""
