"""`hisab trace` and `hisab exposure` on the real lists of the shared data folder."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hisab.cli import app
from hisab.lists.load import load_paths
from hisab.screen.service import Screener
from hisab.store import Store


def _json(args: list[str]) -> dict[str, object]:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def test_trace_of_the_irgc_shows_the_records_ofac_links_to_it(resolved_store: tuple[Store, Screener]) -> None:
    store, _ = resolved_store
    data = _json(["--db", store.url, "-q", "trace", "us-ofac-sdn-10391", "--format", "json"])
    edges = data["edges"]
    assert isinstance(edges, list)
    linked = {(e["from"], e["to"]): e for e in edges}
    # OFAC's remarks: "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS" on Ansar Bank and the Basij.
    for record, name in (("12478", "ANSAR BANK"), ("12727", "BASIJ RESISTANCE FORCE")):
        edge = linked[f"us-ofac-sdn-{record}", "us-ofac-sdn-10391"]
        assert edge["role"] == "Linked To"
        assert edge["source"] == {"dataset": "us_ofac_sdn", "record_id": record}
        node = next(n for n in data["nodes"] if n["id"] == f"us-ofac-sdn-{record}")  # type: ignore[union-attr]
        assert node["name"] == name and node["listed"]


def test_trace_by_name_finds_the_listed_actor(resolved_store: tuple[Store, Screener]) -> None:
    store, _ = resolved_store
    data = _json(["--db", store.url, "-q", "trace", "Bank Melli Iran", "--format", "json", "--depth", "1"])
    assert data["start"] and data["edges"]


def test_trace_shows_enhanced_xml_relationships(data_dir: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'enhanced.db'}")
    load_paths(store, [data_dir / "ofac_consolidated_non_sdn" / "CONS_ENHANCED.XML"])
    data = _json(["--db", store.url, "-q", "trace", "us-ofac-cons-17017", "--format", "json"])
    edges = data["edges"]
    assert isinstance(edges, list)
    owned = [e for e in edges if e["schema"] == "Ownership" and e["from"] == "us-ofac-cons-17013"]
    assert owned and owned[0]["role"] == "Owned or Controlled By"
    assert owned[0]["source"]["dataset"] == "us_ofac_cons"
    names = {n["id"]: n["name"] for n in data["nodes"]}  # type: ignore[union-attr]
    assert "VTB" in names["us-ofac-cons-17013"].upper()


def test_exposure_of_an_unlisted_company_through_user_ownership_data(
    resolved_store: tuple[Store, Screener], tmp_path: Path
) -> None:
    store, _ = resolved_store
    ownership = tmp_path / "ownership.csv"
    ownership.write_text(
        "owner,owned,share,role,start_date,end_date,source\n"
        "us-ofac-sdn-10391,Example Holding Kish,30%,shareholder,,,registry\n"
        "Khatam al-Anbiya Construction Headquarters,Example Holding Kish,25%,shareholder,,,registry\n"
        "Example Holding Kish,Example Trading FZE,60%,parent,,,annual report\n"
        "Someone Unlisted,Example Trading FZE,40%,shareholder,,,\n",
        encoding="utf-8",
    )
    args = [
        "--db",
        store.url,
        "-q",
        "exposure",
        "Example Trading FZE",
        "--ownership",
        str(ownership),
        "--json",
    ]
    data = _json(args)
    assert data["blocked"] is True and data["rule"] == "ofac" and data["aggregate_share"] == 0.6
    owners = data["owners"]
    assert isinstance(owners, list) and len(owners) == 1
    assert owners[0]["share"] == 0.6 and owners[0]["path"][-2:] == [
        "Example Holding Kish",
        "Example Trading FZE",
    ]
    # The holding company is blocked by the 55% its two blocked owners hold together.
    holding = _json([*args[:4], "Example Holding Kish", *args[5:]])
    assert holding["blocked"] is True and holding["aggregate_share"] == 0.55
    # Each owner's sources are the list records of its resolved actor: OFAC's, and the others'.
    sources = [s for o in holding["owners"] for s in o["sources"]]
    assert {s["record_id"] for s in sources if s["dataset"] == "us_ofac_sdn"} == {"10391", "10488"}
    assert {s["dataset"] for s in sources} > {"us_ofac_sdn"}
    # Under the EU rule the same 60% blocks too, through the EU's own listings.
    assert _json([*args, "--rule", "eu"])["blocked"] is True


def test_exposure_refuses_a_bad_ownership_file_naming_the_line(
    resolved_store: tuple[Store, Screener], tmp_path: Path
) -> None:
    store, _ = resolved_store
    ownership = tmp_path / "bad.csv"
    ownership.write_text("owner,owned,share\nA,B,half\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--db", store.url, "-q", "exposure", "B", "--ownership", str(ownership)]
    )
    assert result.exit_code != 0
    assert "bad.csv:2" in str(result.exception) + result.output


def test_trace_as_graphml_and_ftm(data_dir: Path, tmp_path: Path) -> None:
    from xml.etree import ElementTree as ET

    from followthemoney import model

    store = Store(f"sqlite:///{tmp_path / 'enhanced.db'}")
    load_paths(store, [data_dir / "ofac_consolidated_non_sdn" / "CONS_ENHANCED.XML"])
    base = ["--db", store.url, "-q", "trace", "us-ofac-cons-17013", "--depth", "2", "--format"]
    data = _json([*base, "json"])
    runner = CliRunner()
    graphml = runner.invoke(app, [*base, "graphml"])
    assert graphml.exit_code == 0, graphml.output
    root = ET.fromstring(graphml.output.split("\n", 1)[1])
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f"{ns}graph/{ns}edge")) == len(data["edges"]) > 1  # type: ignore[arg-type]
    assert len(root.findall(f"{ns}graph/{ns}node")) == len(data["nodes"])  # type: ignore[arg-type]
    ftm = runner.invoke(app, [*base, "ftm"])
    assert ftm.exit_code == 0, ftm.output
    entities = [model.get_proxy(json.loads(line)) for line in ftm.output.splitlines()]
    links = [e for e in entities if e.schema.name == "Ownership"]
    assert links and all(e.get("owner") and e.get("asset") for e in links)
    assert {e.id for e in entities if e.schema.is_a("LegalEntity")} >= {
        "us-ofac-cons-17013",
        "us-ofac-cons-17017",
    }
