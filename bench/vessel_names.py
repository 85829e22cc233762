"""Listed vessels named as shipping documents, trade finance and payment messages name them: with
a prefix ("M/V AREZOO", "MT AREZOO"), a word after ("AREZOO TANKER"), the IMO number in the name
("AREZOO (IMO 9165786)") or the number alone ("IMO 9165786"). hisab and nomenklatura's
logic-v2 (yente's default), side by side.

    .venv/bin/python -m bench.vessel_names

From the index of the last `make bench-screen`, every listed vessel with an IMO number, one per
number (OFAC's and the CSL's copies of one vessel are one case). Each form of its first name is
a query. hisab screens it against the whole index (top 3), without a schema and as a Vessel,
and counts a hit when one of the alerts is a record bearing that IMO number; and scores it, as
a Vessel, against that record alone (`compare`). logic-v2 scores the query, as a Vessel,
against that record's names alone at its threshold 0.70 (the query as
written: a peer given "IMO 9165786" inside a name reads it as a name; bench/.venv-peers,
through `bench.slavic_forms`). `as listed`: the name itself, as a control. Nothing is
asserted; the table is printed.
"""

from __future__ import annotations

import argparse
from typing import Any

from bench.common import bench_screener
from bench.peers import DEFAULT_THRESHOLD
from bench.slavic_forms import PEER, peer_scores

#: The forms, as format strings of the vessel's name `n` and its IMO number's digits `i`.
FORMS = {
    "as listed": "{n}",
    "M/V before": "M/V {n}",
    "MV before": "MV {n}",
    "MT before": "MT {n}",
    "TANKER after": "{n} TANKER",
    "IMO number in the name": "{n} (IMO {i})",
    "IMO number alone": "IMO {i}",
}


def vessels(screener: Any) -> list[dict[str, Any]]:
    """Each listed vessel with an IMO number: its first name, its names, the number's digits and
    the records bearing it."""
    by_number: dict[str, list[Any]] = {}
    for subject in screener.index.subjects:
        for identifier in subject.identifiers:
            if len(identifier) == 10 and identifier.startswith("IMO") and identifier[3:].isdigit():
                by_number.setdefault(identifier, []).append(subject)
    found = []
    for number, subjects in sorted(by_number.items()):
        listed = [s for s in subjects if s.schema == "Vessel"]
        if listed:
            names = [" ".join(t.text for t in tokens) for tokens, _ in listed[0].names]
            found.append(
                {
                    "name": listed[0].caption,
                    "names": names,
                    "digits": number[3:],
                    "records": {(s.dataset, s.record_id) for s in subjects},
                    "subject": listed[0],
                }
            )
    return found


def main() -> None:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    from hisab.screen.service import make_query

    screener = bench_screener()
    cases = vessels(screener)
    print(f"{len(cases)} listed vessels with an IMO number.\n")
    print(f"| query | hisab, no schema | hisab, Vessel | hisab, record alone | {PEER}, record alone |")
    print("|---|---:|---:|---:|---:|")
    for label, form in FORMS.items():
        queries = [form.format(n=c["name"], i=c["digits"]) for c in cases]
        cells = []
        for schema in (None, "Vessel"):
            hits = 0
            for query, case in zip(queries, cases, strict=True):
                found = screener.screen(make_query(query, schema), top=3)
                records = {(m.subject.dataset, m.subject.record_id) for m in found if m.match}
                hits += bool(records & case["records"])
            cells.append(hits)
        alone = (
            screener.compare(make_query(q, "Vessel"), c["subject"])
            for q, c in zip(queries, cases, strict=True)
        )
        cells.append(sum(m.match for m in alone))
        pairs = [{"query": q, "names": c["names"]} for q, c in zip(queries, cases, strict=True)]
        cells.append(sum(score >= DEFAULT_THRESHOLD for score in peer_scores(pairs, "query", "Vessel")))
        print(f"| {label} (`{form}`) | " + " | ".join(f"{n:,}" for n in cells) + " |")
    print("\nHits: the record among the alerts (whole index), or scored at the threshold (record alone).")


if __name__ == "__main__":
    main()
