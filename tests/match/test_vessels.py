"""Vessels as shipping documents and payment messages name them: prefixes ("M/V", "MT"), IMO
numbers in the name or alone, and a person's name that holds a vessel's."""

from __future__ import annotations

import json

import pytest

from hisab.lists.load import load_paths
from hisab.match.index import Index, imo_number
from hisab.names.tokens import NAME, PREFIX, tokenize, vessel_prefix
from hisab.screen.batch import screen_rows
from hisab.screen.service import Screener, check_name, make_query, query_tokens
from hisab.serve.service import RequestError, query_from_entity, screen_entity
from hisab.store import Store

# The tanker AREZOO's IMO number on OFAC's list (its check digit holds); 9165787 does not.
IMO, NOT_IMO = "9165786", "9165787"


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    """A small list built as the lists are loaded: two vessels (one listed with the prefix
    "MT", as the EU writes some), a company, a gang, persons."""
    entities = [
        {"id": "v-1", "schema": "Vessel", "properties": {"name": ["AREZOO"], "imoNumber": [f"IMO{IMO}"]}},
        {"id": "v-2", "schema": "Vessel", "properties": {"name": ["MT KONSTANTINOVSK"]}},
        {"id": "v-3", "schema": "Vessel", "properties": {"name": ["NIKOLAY ZADORNOV"]}},
        {"id": "v-4", "schema": "Vessel", "properties": {"name": ["Jacklyn"]}},
        {"id": "o-1", "schema": "Organization", "properties": {"name": ["MS-13"]}},
        {"id": "o-2", "schema": "Company", "properties": {"name": ["MT-SYSTEM LLC"]}},
        {"id": "p-1", "schema": "Person", "properties": {"name": ["Hamid Rezaei"]}},
    ]
    entities += [
        {"id": f"f-{i}", "schema": "Person", "properties": {"name": [f"Filler{i} Person{i}"]}}
        for i in range(20)
    ]
    folder = tmp_path_factory.mktemp("vessels")
    (folder / "entities.ftm.json").write_text(
        "".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8"
    )
    store = Store(f"sqlite:///{folder / 'store.db'}")
    load_paths(store, [folder / "entities.ftm.json"])
    return Screener(Index.build(store))


def _best(screener: Screener, name: str, schema: str | None = None) -> tuple[str, bool]:
    found = screener.screen(make_query(name, schema), top=1)
    return (found[0].subject.id, found[0].match) if found else ("", False)


@pytest.mark.parametrize(
    "name", ["M/V AREZOO", "MV AREZOO", "MT AREZOO", "m/t Arezoo", "TANKER AREZOO", "AREZOO VESSEL"]
)
@pytest.mark.parametrize("schema", [None, "Vessel"])
def test_a_vessels_name_with_its_prefix_is_the_vessel(
    screener: Screener, name: str, schema: str | None
) -> None:
    # Before, "M/V AREZOO" met the vessel at 0.05 and "MV AREZOO" at 0.35.
    assert _best(screener, name, schema) == ("v-1", True)


def test_a_listed_vessels_prefix_is_no_part_of_its_name(screener: Screener) -> None:
    assert _best(screener, "KONSTANTINOVSK", "Vessel") == ("v-2", True)
    listed = next(s for s in screener.index.subjects if s.id == "v-2")
    assert [t.kind for t in listed.names[0][0]] == [PREFIX, NAME]


def test_what_is_no_vessels_prefix() -> None:
    def kinds(name: str, letters: bool = True) -> list[str]:
        return [t.kind for t in vessel_prefix(tokenize(name, True), letters)]

    # Not a name that is no more than the prefix and a number (the gang MS-13), nor a company's.
    assert kinds("MS 13") == [NAME, "number"]
    assert kinds("MT SYSTEM LLC") == [NAME, NAME, "legal"]
    assert kinds("MT") == [NAME]
    # Initials are a prefix only where they may not be a person's: `letters`.
    assert kinds("M. V. Rao", letters=False) == [NAME, NAME, NAME]
    assert kinds("MV Rao", letters=False) == [PREFIX, NAME]
    # At the end, a word written out only.
    assert kinds("AREZOO TANKER") == [NAME, PREFIX]
    assert kinds("AREZOO MV") == [NAME, NAME]
    assert kinds("MOTOR TANKER AREZOO") == [PREFIX, PREFIX, NAME]
    assert kinds("MT AREZOO TANKER") == [PREFIX, NAME, PREFIX]


def test_initials_given_no_schema_are_a_prefix_only_with_a_slash() -> None:
    def kinds(name: str, schema: str | None) -> list[str]:
        return [t.kind for t in query_tokens(make_query(name, schema))]

    assert kinds("M. V. Rao", None) == [NAME, NAME, NAME]
    assert kinds("M/V Rao", None) == [PREFIX, PREFIX, NAME]
    assert kinds("M. V. Arezoo", "Vessel") == [PREFIX, PREFIX, NAME]
    assert kinds("MV Rao", "Person") == [NAME, NAME]


def test_an_imo_number_in_the_name_is_an_identifier() -> None:
    for written in (
        f"AREZOO (IMO {IMO})",
        f"AREZOO IMO {IMO}",
        f"AREZOO, IMO: {IMO}",
        f"AREZOO IMO No. {IMO}",
    ):
        query = make_query(written, "Vessel")
        assert query.name == "AREZOO", written
        assert query.identifiers == (f"IMO{IMO}",), written
    # One whose check digit fails stays in the name; so does any number of a person's query.
    assert make_query(f"AREZOO (IMO {NOT_IMO})").identifiers == ()
    assert make_query(f"Hamid Rezaei IMO {IMO}", "Person").identifiers == ()
    # Given as an identifier, with or without "IMO": kept as given, and in the index's form.
    assert make_query("AREZOO", "Vessel", identifiers=(IMO,)).identifiers == (IMO, f"IMO{IMO}")
    assert imo_number(f"imo {IMO}") == f"IMO{IMO}" and imo_number(NOT_IMO) is None


def test_a_vessel_is_found_by_its_imo_number_under_any_name(screener: Screener) -> None:
    # A renamed tanker, or a number alone: the name brings no candidate, the number does.
    for name in (f"IMO {IMO}", f"ALI BABA (IMO {IMO})", f"NEW HORIZON IMO {IMO}"):
        query = make_query(name)
        check_name(query)  # a number alone is something to screen
        found = screener.screen(query, top=1)
        assert found and found[0].subject.id == "v-1" and found[0].match, (name, found)
        assert dict(found[0].fired).get("imo_match") == 1.0
    assert not any(m.match for m in screener.screen(make_query(f"ALI BABA (IMO {NOT_IMO})"), top=3))


def test_a_persons_name_holding_a_vessels_is_not_the_vessel(screener: Screener) -> None:
    # Screened without a schema, the customer "Arezoo Saeedi" met the tanker AREZOO at 0.62.
    found = screener.screen(make_query("Arezoo Saeedi"), top=3)
    assert not any(m.subject.id == "v-1" and m.match for m in found), found
    # The vessel's name alone is still the vessel; as a person's query, the schema says so.
    assert _best(screener, "AREZOO") == ("v-1", True)
    arezoo = next(s for s in screener.index.subjects if s.id == "v-1")
    fired = dict(screener.compare(make_query("Arezoo Saeedi"), arezoo).fired)
    assert fired.get("schema_mismatch") == 2.0
    # In Persian script too: the customer "ژاکلین عبیدی" (Jacqueline Obeidi) met the vessel
    # JACKLYN at 0.61.
    jacklyn = next(s for s in screener.index.subjects if s.id == "v-4")
    assert dict(screener.compare(make_query("ژاکلین عبیدی"), jacklyn).fired).get("schema_mismatch") == 2.0
    assert not screener.compare(make_query("ژاکلین عبیدی"), jacklyn).match


def test_a_batch_row_may_give_an_identifier_alone(screener: Screener) -> None:
    rows = [
        (2, {"id": "q1", "name": "", "schema": "Vessel", "identifiers": IMO}),
        (3, {"id": "q2", "name": ""}),
    ]
    (first, _), (second, _) = screen_rows(screener, rows, "q.csv", 1, 0.0, 0.49, None, False)
    assert first["matches"][0]["entity_id"] == "v-1" and first["matches"][0]["match"]
    assert "empty name" in second["error"]


def test_an_api_query_may_give_an_imo_number_and_no_name(screener: Screener) -> None:
    datasets = frozenset(s.dataset for s in screener.index.subjects)

    def best(properties: dict[str, list[str]]) -> tuple[str, bool]:
        found = screen_entity(screener, query_from_entity("q", "Vessel", properties), datasets, 1, set())
        return (found[0].subject.id, found[0].match) if found else ("", False)

    assert best({"imoNumber": [IMO]}) == ("v-1", True)
    # In any of the names, as in the first.
    assert best({"name": ["NEW HORIZON", f"OLD NAME (IMO {IMO})"]}) == ("v-1", True)
    with pytest.raises(RequestError, match="no name"):
        query_from_entity("q", "Vessel", {"flag": ["ir"]})


def test_a_vessels_name_is_no_acronym(screener: Screener) -> None:
    # The surname "Nikzad" screened without a schema met the tanker NIKOLAY ZADORNOV at 0.86, as
    # its first syllables; "KUS", KUM UN SAN 3 as its initials.
    zadornov = next(s for s in screener.index.subjects if s.id == "v-3")
    for query in (make_query("Nikzad"), make_query("NIKZAD", "Vessel"), make_query("NZ", "Vessel")):
        assert "acronym" not in dict(screener.compare(query, zadornov).fired), query
    assert not any(m.match for m in screener.screen(make_query("Nikzad"), top=3))
