"""The designation matrix as CSV, JSON and a self-contained HTML report."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date

from hisab.account.matrix import Listing, Matrix


def cell_text(found: list[Listing]) -> str:
    """One cell: per source record (and listing date), "PROGRAMS (since DATE) dataset:record_id"."""
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for x in found:
        groups.setdefault((x.dataset, x.record_id, x.act, x.listed_on), []).append(
            x.program or "(no program stated)"
        )
    return "; ".join(
        f"{', '.join(programs)}{' ' + act if act else ''}{' (since ' + listed_on + ')' if listed_on else ''} "
        f"{dataset}:{record_id}"
        for (dataset, record_id, act, listed_on), programs in groups.items()
    )


def to_json(matrix: Matrix) -> str:
    return json.dumps(matrix.as_dict(), ensure_ascii=False, indent=1)


def to_csv(matrix: Matrix) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["actor_id", "name", "schema", "countries", *matrix.authorities, "gaps", "sources"])
    for row in matrix.rows:
        writer.writerow(
            [
                row.actor_id,
                row.name,
                row.schema,
                " ".join(row.countries),
                *(cell_text(row.authorities.get(a, [])) for a in matrix.authorities),
                " ".join(row.gaps),
                " ".join(f"{d}:{r}" for d, r in row.sources),
            ]
        )
    return buffer.getvalue()


_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f0f0f0;cursor:pointer;position:sticky;top:0}
td.gap{background:#fdecea}
td.listed{background:#eaf5ea}
.muted{color:#777;font-size:12px}
a{color:#0645ad}
"""

_SCRIPT = """
document.querySelectorAll('th').forEach(function(th, col){
  th.addEventListener('click', function(){
    var body = th.closest('table').tBodies[0];
    var rows = Array.from(body.rows);
    var asc = th.dataset.asc !== '1'; th.dataset.asc = asc ? '1' : '0';
    rows.sort(function(a, b){
      var x = a.cells[col].innerText.trim(), y = b.cells[col].innerText.trim();
      return asc ? x.localeCompare(y) : y.localeCompare(x);
    });
    rows.forEach(function(r){ body.appendChild(r); });
  });
});
"""


def to_html(matrix: Matrix, title: str = "Designation matrix") -> str:
    e = html.escape
    head = "".join(f"<th>{e(a)}</th>" for a in matrix.authorities)
    lists = "; ".join(
        f"{e(a)}: "
        + ", ".join(f"{e(x['dataset'])} v{x['version']} ({e(x['published'] or 'undated')})" for x in found)
        for a, found in sorted(matrix.lists.items())
    )
    body = []
    for row in matrix.rows:
        cells = []
        for a in matrix.authorities:
            found = row.authorities.get(a)
            if found:
                items = "<br>".join(
                    f"{e(x.program or '(no program stated)')}{' ' + e(x.act) if x.act else ''}"
                    f"{' · since ' + e(x.listed_on) if x.listed_on else ''}<br><span class=muted>"
                    + (
                        f'<a href="{e(x.url)}">{e(x.dataset)}:{e(x.record_id)}</a>'
                        if x.url
                        else f"{e(x.dataset)}:{e(x.record_id)}"
                    )
                    + "</span>"
                    for x in found
                )
                cells.append(f"<td class=listed>{items}</td>")
            elif a in row.gaps:
                similar = ", ".join(row.gap_programs.get(a, []))
                cells.append(f'<td class=gap title="comparable programs: {e(similar)}">gap</td>')
            else:
                cells.append("<td></td>")
        body.append(
            f"<tr><td>{e(row.name)}<br><span class=muted>{e(row.actor_id)}</span></td>"
            f"<td>{e(row.schema)}</td><td>{e(' '.join(row.countries))}</td>{''.join(cells)}"
            f"<td>{e(' '.join(row.gaps))}</td></tr>"
        )
    note = (
        "Rows are resolved actors (hisab resolve)."
        if matrix.resolved
        else "Rows are single records: run <code>hisab resolve</code> to group the lists' records by actor."
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title><style>{_STYLE}</style></head>
<body><h1>{e(title)}</h1>
<p class=muted>Made by hisab on {date.today().isoformat()} from the loaded lists: {lists}. {note}
A <b>gap</b> is an authority that does not list the actor although it runs a comparable program
(hover to see which); it is relative to the list version loaded. Click a column to sort.</p>
<p>{len(matrix.rows):,} actors.</p>
<table><thead><tr><th>actor</th><th>schema</th><th>countries</th>{head}<th>gaps</th></tr></thead>
<tbody>{"".join(body)}</tbody></table>
<script>{_SCRIPT}</script></body></html>
"""
