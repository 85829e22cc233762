"""The reading report as CSV and as a self-contained HTML page (the article text with its
mentions highlighted and linked to a card per actor)."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

STATUS_TEXT = {"listed": "listed", "possible": "possible, needs review", "unlisted": "listed nowhere"}

_STYLE = """
body{font:15px/1.55 system-ui,sans-serif;margin:0;color:#1b1b1b;display:flex;gap:1.5rem;padding:1.5rem}
main{flex:3;max-width:46rem} aside{flex:2;max-width:30rem}
h1{font-size:1.25rem} h2{font-size:1.05rem;margin-top:2rem}
.text{white-space:pre-wrap}
.boilerplate{color:#8a8a8a}
mark{padding:0 .1rem;border-radius:3px}
mark.listed{background:#ffd5d9} mark.possible{background:#fff0b3} mark.unlisted{background:#e3ecf7}
.card{border:1px solid #ddd;border-left:5px solid #9aa5b1;border-radius:4px;
      padding:.5rem .8rem;margin:.6rem 0}
.card.listed{border-left-color:#b00020} .card.possible{border-left-color:#d9a400}
.card h3{font-size:1rem;margin:.1rem 0} .meta{color:#555;font-size:.88rem}
.card ul{margin:.3rem 0 .2rem 1.1rem;padding:0;font-size:.88rem}
:target{outline:3px solid #2d6cdf}
"""


def to_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "path",
            "name",
            "schema",
            "status",
            "mentions",
            "listed_as",
            "score",
            "authorities",
            "sources",
            "in_boilerplate",
        ]
    )
    for article in data["articles"]:
        for a in article["actors"]:
            writer.writerow(
                [
                    article["path"],
                    a["name"],
                    a["schema"],
                    a["status"],
                    len(a["mentions"]),
                    a["listed_as"] or "",
                    a["score"] if a["score"] is not None else "",
                    "; ".join(
                        f"{authority}: " + ", ".join(sorted({x["program"] for x in found if x["program"]}))
                        for authority, found in sorted(a["authorities"].items())
                    ),
                    "; ".join(f"{s['dataset']}:{s['record_id']}" for s in a["sources"]),
                    a["in_boilerplate"],
                ]
            )
    return out.getvalue()


def _highlighted(
    text: str, actors: list[dict[str, Any]], boilerplate: list[tuple[int, int]], prefix: str
) -> str:
    e = html.escape
    marks = sorted(
        (m["start"], m["end"], n, a["status"]) for n, a in enumerate(actors) for m in a["mentions"]
    )
    parts: list[str] = []
    pos = 0
    for start, end, n, status in marks:
        if start < pos:
            continue
        parts.append(_plain(text[pos:start], pos, boilerplate))
        parts.append(
            f'<a href="#actor-{prefix}{n}"><mark class="{status}" data-actor="{prefix}{n}" '
            f'title="{e(STATUS_TEXT[status])}">{e(text[start:end])}</mark></a>'
        )
        pos = end
    parts.append(_plain(text[pos:], pos, boilerplate))
    return "".join(parts)


def _plain(chunk: str, offset: int, boilerplate: list[tuple[int, int]]) -> str:
    """Text between mentions, page furniture greyed."""
    out = []
    pos = 0
    for start, end in boilerplate:
        s, t = max(start - offset, pos), min(end - offset, len(chunk))
        if s >= t:
            continue
        out.append(html.escape(chunk[pos:s]))
        out.append(f'<span class="boilerplate">{html.escape(chunk[s:t])}</span>')
        pos = t
    out.append(html.escape(chunk[pos:]))
    return "".join(out)


def _card(n: int, a: dict[str, Any], prefix: str) -> str:
    e = html.escape
    lines = [f'<div class="card {a["status"]}" id="actor-{prefix}{n}" data-status="{a["status"]}">']
    lines.append(f"<h3>{e(a['name'])}</h3>")
    lines.append(
        f'<div class="meta">{e(a["schema"])} · {len(a["mentions"])} mention(s) · '
        f"<strong>{e(STATUS_TEXT[a['status']])}</strong>"
        + (" · only in page furniture" if a["in_boilerplate"] else "")
        + "</div>"
    )
    if a["status"] != "unlisted":
        lines.append(
            f'<div class="meta">{"as" if a["status"] == "listed" else "nearest"}: {e(a["listed_as"] or "")} '
            f"(score {a['score']}) · "
            + ", ".join(e(f"{s['dataset']}:{s['record_id']}") for s in a["sources"][:6])
            + "</div>"
        )
    if a["authorities"]:
        lines.append("<ul>")
        for authority, found in sorted(a["authorities"].items()):
            programs = ", ".join(sorted({x["program"] for x in found if x["program"]}))
            since = min((x["listed_on"] for x in found if x["listed_on"]), default=None)
            lines.append(
                f"<li>{e(authority)}: {e(programs)}" + (f" (since {e(since)})" if since else "") + "</li>"
            )
        lines.append("</ul>")
    lines.append("</div>")
    return "".join(lines)


def to_html(data: dict[str, Any], reports: list[Any]) -> str:
    e = html.escape
    sections = []
    for number, (article, report) in enumerate(zip(data["articles"], reports, strict=True)):
        prefix = f"{number}-"
        boilerplate = [(b.start, b.end) for b in report.document.blocks if b.boilerplate]
        counts = {s: sum(1 for a in article["actors"] if a["status"] == s) for s in STATUS_TEXT}
        sections.append(
            f'<section class="article"><h1>{e(article["title"] or article["path"])}</h1>'
            f'<p class="meta">{e(article["path"])} · {counts["listed"]} listed, '
            f"{counts['possible']} possible, {counts['unlisted']} listed nowhere</p>"
            f'<div style="display:flex;gap:1.5rem"><main><div class="text">'
            f"{_highlighted(report.document.text, article['actors'], boilerplate, prefix)}</div></main>"
            f"<aside>{''.join(_card(n, a, prefix) for n, a in enumerate(article['actors']))}</aside>"
            "</div></section>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hisab: who the articles name'
        f"</title><style>{_STYLE}</style></head><body><div>{''.join(sections)}</div></body></html>\n"
    )
