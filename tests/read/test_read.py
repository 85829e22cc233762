"""`hisab read` on the five articles of ../shared/articles, against the hand annotation
tests/fixtures/read/articles_gold.json (bench/read_eval.py scores it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench.read_eval import GOLD, articles_dir, evaluate
from typer.testing import CliRunner

from hisab.cli import app
from hisab.read.extract import load
from hisab.read.service import read_reports
from hisab.resolve.service import actor_ids
from hisab.screen.service import Screener
from hisab.store import Store
from tests.browser import open_page


@pytest.fixture(scope="module")
def report(resolved_store: tuple[Store, Screener]) -> dict[str, Any]:
    store, base = resolved_store
    screener = Screener(base.index)
    screener.use_actors(actor_ids(store))
    documents = [load(str(p)) for p in sorted(articles_dir().glob("*.txt"))]
    assert len(documents) == 5
    _, data = read_reports(documents, store, screener)
    return data


def test_detection_and_linking_against_the_annotation(report: dict[str, Any]) -> None:
    scores = evaluate(report, json.loads(GOLD.read_text(encoding="utf-8")))
    assert scores.precision >= 0.9, scores.extras
    assert scores.recall >= 0.9, scores.misses
    assert scores.no_false_link == 1.0, scores.link_errors
    assert scores.linking >= 0.9, scores.link_errors


def _actor(report: dict[str, Any], article: str, name: str) -> dict[str, Any]:
    found = next(a for a in report["articles"] if Path(a["path"]).name.startswith(article))
    return next(x for x in found["actors"] if x["name"] == name)


def test_listed_actors_carry_their_designations(report: dict[str, Any]) -> None:
    raisi = _actor(report, "002", "Ebrahim Raisi")
    assert raisi["status"] == "listed" and "US" in raisi["authorities"]
    assert {m["text"] for m in raisi["mentions"]} == {"Ebrahim Raisi", "Raisi"}
    khamenei = _actor(report, "000", "Ali Khamenei")
    assert khamenei["status"] == "listed"
    assert any("Supreme Leader" in e for e in khamenei["evidence"])
    irgc = _actor(report, "003", "Islamic Revolutionary Guard Corps")
    assert irgc["status"] == "listed" and {"US", "EU", "GB"} <= set(irgc["authorities"])
    assert "IRGC" in {m["text"] for m in irgc["mentions"]}
    mois = _actor(report, "001", "Ministry of Intelligence")
    assert mois["status"] == "listed" and {m["text"] for m in mois["mentions"]} == {
        "Ministry of Intelligence",
        "MOIS",
    }
    # The author of the first article is on no list.
    author = _actor(report, "000", "Mehran Mostafavi")
    assert author["status"] == "unlisted" and author["sources"] == []
    for article in report["articles"]:
        for actor in article["actors"]:
            assert set(actor) >= {
                "name",
                "schema",
                "mentions",
                "status",
                "sources",
                "authorities",
                "in_boilerplate",
            }
            for m in actor["mentions"]:
                assert Path(article["path"]).read_text(encoding="utf-8")[m["start"] : m["end"]] == m["text"]


def test_html_report_in_chromium(resolved_store: tuple[Store, Screener], tmp_path: Path) -> None:
    store, _ = resolved_store
    out = tmp_path / "report.html"
    article = sorted(articles_dir().glob("002_*.txt"))[0]
    result = CliRunner().invoke(
        app, ["--db", store.url, "-q", "read", str(article), "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with open_page(out) as page:
        marks = page.locator("mark.listed")
        assert marks.count() >= 3
        texts = {marks.nth(i).inner_text() for i in range(marks.count())}
        assert {"Ebrahim Raisi", "Islamic Revolutionary Guard Corps"} <= texts
        first = page.locator("mark.listed", has_text="Ebrahim Raisi").first
        card_id = first.get_attribute("data-actor")
        card = page.locator(f"#actor-{card_id}")
        assert card.is_visible() and "Ebrahim Raisi" in card.inner_text()
        assert card.get_attribute("data-status") == "listed" and "US:" in card.inner_text()
        first.click()
        assert page.evaluate("location.hash") == f"#actor-{card_id}"
        assert page.locator(".card[data-status=unlisted]").count() >= 1
