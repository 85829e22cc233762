"""A user's ownership data as a dataset of its own (sources/ownership.py): parsed with its
provenance, its names resolved to the lists through the matching engine, and used by
exposure, trace, screening and the API."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hisab.cli import app
from hisab.errors import ParseError
from hisab.lists.load import load_paths
from hisab.match.index import load_index
from hisab.resolve.service import resolve, review_queue
from hisab.screen.service import Screener, make_query
from hisab.serve.app import create_app
from hisab.settings import Settings
from hisab.store import Store
from hisab.trace.service import Tracer, attach_ownership

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "trace" / "ownership.csv"


@pytest.fixture(scope="module")
def owned(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Store:
    """OFAC's SDN list of 2022 and the fixture's ownership data, resolved. The registry's
    "Khatam al-Anbiya Construction Headquarters" is on the 2022 list only as "KHATAM OL ANBIA
    GHARARGAH SAZANDEGI NOOH": its Persian words are compared as their translation, and since
    the glide after i is read as unwritten ("Anbiya"/"Anbia") the two link without a review
    (they went to the review queue before)."""
    folder = tmp_path_factory.mktemp("ownership")
    store = Store(f"sqlite:///{folder / 'store.db'}")
    load_paths(store, [data_dir / "ofac_sdn_2022-11", FIXTURE])
    screener = Screener(load_index(store, folder / "cache"))
    summary = resolve(store, screener)
    assert review_queue(store) == [], "no uncertain link left for review"
    assert summary.links == {"match": 1}, "the registry's one listed name links to its record"
    return store


def _tracer(store: Store) -> Tracer:
    screener = Screener(load_index(store, None))
    return Tracer.load(store, screener)


def test_the_file_is_a_dataset_with_provenance(owned: Store) -> None:
    versions = {v.dataset: v for v in owned.current_versions()}
    assert versions["user_ownership"].format == "hisab_ownership"
    graph = _tracer(owned).graph
    edges = [e for e in graph.edges if e.origin[0] == "user_ownership"]
    assert len(edges) == 6
    parent = next(e for e in edges if e.role == "parent")
    assert parent.share == pytest.approx(0.6)
    entity = next(
        e
        for e in owned.entities([versions["user_ownership"].id], {"Ownership"})
        if e["record_id"] == parent.origin[1]
    )
    assert entity["properties"]["description"] == ["ownership.csv, line 4"]
    assert entity["properties"]["sourceUrl"] == ["https://example.org/annual-report"]


def test_exposure_through_resolved_names_and_ids(owned: Store) -> None:
    tracer = _tracer(owned)
    trading = tracer.find("Example Trading FZE")
    data = tracer.exposure_json(trading, "ofac")
    assert data["blocked"] and not data["listed"]
    assert data["aggregate_share"] == pytest.approx(0.6)
    assert data["owners"][0]["path"] == [
        "ISLAMIC REVOLUTIONARY GUARD CORPS",
        "Example Holding Kish",
        "Example Trading FZE",
    ]
    holding = tracer.exposure_json(tracer.find("Example Holding Kish"), "ofac")
    # 30% held by the IRGC (given by its id) and 25% by the party resolved to SDN 10488.
    assert holding["aggregate_share"] == pytest.approx(0.55)
    khatam = next(o for o in holding["owners"] if o["share"] == pytest.approx(0.25))
    assert khatam["sources"] == [{"dataset": "us_ofac_sdn", "record_id": "10488"}]
    # 20% through a blocked company: a risk, not a block.
    logistics = tracer.exposure_json(tracer.find("Example Logistics GmbH"), "ofac")
    assert not logistics["blocked"] and logistics["risk"]
    # A holding that ended in 2015 does not count.
    former = tracer.exposure_json(tracer.find("Example Former Venture"), "ofac")
    assert not former["blocked"] and former["aggregate_share"] == 0


def test_screening_reports_a_company_blocked_by_ownership(owned: Store) -> None:
    screener = Screener(load_index(owned, None))
    assert attach_ownership(owned, screener)
    found = screener.screen(make_query("Example Trading FZE", "Company"), top=3)
    top = found[0]
    assert top.subject.caption == "Example Trading FZE" and top.match
    assert top.ownership is not None and top.ownership["blocked"] and top.ownership["rule"] == "ofac"
    assert top.ownership["owners"][0]["path"][0] == "ISLAMIC REVOLUTIONARY GUARD CORPS"
    # A company of the user's data owned by no blocked person is not a result.
    assert not any(
        m.subject.caption == "Example Bakery LLC" for m in screener.screen(make_query("Example Bakery LLC"))
    )
    # At risk (20%): reported, never a match.
    risky = next(m for m in screener.screen(make_query("Example Logistics GmbH")) if m.ownership)
    assert not risky.match and risky.ownership is not None and risky.ownership["risk"]
    result = CliRunner().invoke(app, ["--db", owned.url, "-q", "screen", "Example Trading FZE", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["matches"][0]["blocked_by_ownership"]["blocked"] is True


def test_api_exposure_and_trace(owned: Store, tmp_path: Path) -> None:
    settings = Settings(db=owned.url, cache_dir=tmp_path / "cache", jobs_dir=tmp_path / "jobs")
    trading = _tracer(owned).find("Example Trading FZE")
    with TestClient(create_app(settings)) as client:
        response = client.get(f"/exposure/{trading}")
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["rule"] == "ofac" and data["blocked"] and data["aggregate_share"] == pytest.approx(0.6)
        # The EU rule counts persons on the EU's lists, and none is loaded here.
        eu = client.get(f"/exposure/{trading}", params={"rule": "eu"}).json()
        assert eu["rule"] == "eu" and not eu["blocked"]
        network = client.get("/trace/us-ofac-sdn-10391").json()
        assert any(
            n["name"] == "Example Holding Kish" and n["blocked_by_ownership"] for n in network["nodes"]
        )
        page = client.get("/trace/us-ofac-sdn-10391", params={"format": "html"})
        assert page.headers["content-type"].startswith("text/html") and "cytoscape" in page.text.lower()
        missing = client.get("/exposure/no-such-entity")
        assert missing.status_code == 404 and "no-such-entity" in missing.json()["detail"]
        assert client.get(f"/exposure/{trading}", params={"rule": "uk"}).status_code == 422


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("A Co,B Co,150%,,,,", "line 2, field 'share'"),
        ("A Co,,10,,,,", "line 2, field 'owned'"),
        ("A Co,B Co,10,,31/31/2020,,", "line 2, field 'start_date'"),
        ("A Co,A Co,10,,,,", "cannot own itself"),
    ],
)
def test_a_bad_row_names_the_line_and_field_and_stores_nothing(tmp_path: Path, row: str, words: str) -> None:
    store = Store(f"sqlite:///{tmp_path / 'bad.db'}")
    good = tmp_path / "good.csv"
    shutil.copy(FIXTURE, good)
    load_paths(store, [good])
    before = [(v.dataset, v.number, v.record_count) for v in store.current_versions()]
    bad = tmp_path / "bad.csv"
    bad.write_text("owner,owned,share,role,start_date,end_date,source\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad\.csv") as caught:
        load_paths(store, [bad])
    assert words in str(caught.value)
    assert [(v.dataset, v.number, v.record_count) for v in store.current_versions()] == before


def test_ownership_data_never_loads_as_a_sanctions_list(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'named.db'}")
    with pytest.raises(ParseError, match="ownership_<name>"):
        load_paths(store, [FIXTURE], dataset="us_ofac_sdn")
    load_paths(store, [FIXTURE], dataset="ownership_bank_registry")
    assert [v.dataset for v in store.current_versions()] == ["ownership_bank_registry"]
