"""`bench.namesakes`: false alerts that are the same comparison as a positive case found."""

from __future__ import annotations

from typing import Any

from bench.common import Case
from bench.namesakes import same_comparisons

GHOLAMI = ("us_ofac_sdn", "16855")
SALEHI = ("eu_journal", "32011R0359/I.A/243")
AHMADI = ("un_sc", "TAi.031")


def _match(ref: tuple[str, str], score: float, *features: str) -> dict[str, Any]:
    return {
        "entity_id": f"{ref[0]}-{ref[1]}",
        "score": score,
        "match": True,
        "sources": [{"dataset": ref[0], "record_id": ref[1]}],
        "explanation": [{"feature": f, "value": 1.0} for f in features],
    }


def test_an_alert_is_tied_to_the_positives_found_on_the_same_unverified_comparison() -> None:
    cases = [
        Case("n1", "neg_iran_latin", "Ali Gholami", "Person", "1953-06-18"),
        Case("n2", "neg_iran_latin", "Ali Salehi", "Person", "1945-03-18"),
        Case("n3", "neg_iran_latin", "Mohammad Ahmadi", "Person", "1963-07-28"),
        Case("n4", "neg_iran_latin", "Reza Karimi", "Person", "1970-01-01"),
        Case("p1", "persian_script", "علي غلامي", "Person", expected=(GHOLAMI,)),
        Case("p2", "name_variants", "Allee GHOLAMI", "Person", expected=(GHOLAMI,)),
        # Found on the same record at another score: another comparison.
        Case("p3", "name_variants", "SALEHI Aly", "Person", expected=(SALEHI,)),
        # Found on the same record and score, but with the birth year checked: the customer's
        # birth date says something there.
        Case("p4", "cross_list", "MOHAMMAD AHMADI", "Person", "1963", expected=(AHMADI,)),
    ]
    results = {
        "n1": [_match(GHOLAMI, 0.6034, "full_name", "unverified")],
        "n2": [_match(SALEHI, 0.58, "full_name", "unverified")],
        "n3": [_match(AHMADI, 0.7254, "full_name", "birth_year_match")],
        "n4": [],
        "p1": [_match(GHOLAMI, 0.6034, "full_name", "unverified")],
        "p2": [_match(GHOLAMI, 0.6034, "full_name", "unverified")],
        "p3": [_match(SALEHI, 0.62, "full_name", "unverified")],
        "p4": [_match(AHMADI, 0.7254, "full_name", "birth_year_match")],
    }
    found = {case.id: [t.id for t in twins] for case, _, twins in same_comparisons(cases, results)}
    assert found == {"n1": ["p1", "p2"], "n2": [], "n3": []}
