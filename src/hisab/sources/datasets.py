"""The datasets hisab knows: who publishes each, and where to fetch it.

Dataset names are the ones used in provenance (`un_sc`, `us_ofac_sdn`, …). The
authority code is the column a listing falls under in the designation matrix.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    title: str
    authority: str
    publisher: str
    #: Where the record ids can be looked up by a person, when the publisher has such a page.
    record_url: str | None = None
    #: The publisher lists each actor once (one UN reference, one OFAC entity number), so two
    #: of its records are never one actor. Not so for the UK's 2018 list (a group per
    #: regime) or the EU's acts (the same person in the human-rights and the nuclear annex).
    one_record_per_actor: bool = False


DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in [
        DatasetInfo(
            "us_ofac_sdn",
            "OFAC Specially Designated Nationals (SDN) List",
            "US",
            "US Treasury, Office of Foreign Assets Control",
            "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={record_id}",
            one_record_per_actor=True,
        ),
        DatasetInfo(
            "us_ofac_cons",
            "OFAC Consolidated (non-SDN) Sanctions List",
            "US",
            "US Treasury, Office of Foreign Assets Control",
            "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={record_id}",
            one_record_per_actor=True,
        ),
        DatasetInfo(
            "un_sc",
            "UN Security Council Consolidated List",
            "UN",
            "United Nations Security Council",
            one_record_per_actor=True,
        ),
        DatasetInfo(
            "gb_hmt",
            "UK HM Treasury / OFSI Consolidated List",
            "GB",
            "HM Treasury, Office of Financial Sanctions Implementation",
        ),
        DatasetInfo(
            "eu_journal",
            "EU sanctions in the Official Journal (consolidated regulations)",
            "EU",
            "Council of the European Union",
            "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}",
        ),
        DatasetInfo(
            "eu_fsf",
            "EU Financial Sanctions Files (FSF)",
            "EU",
            "European Commission, DG FISMA",
        ),
        DatasetInfo(
            "us_trade_csl",
            "US Consolidated Screening List",
            "US",
            "US Department of Commerce, International Trade Administration",
        ),
        DatasetInfo(
            "ftm",
            "FollowTheMoney entities",
            "OTHER",
            "FollowTheMoney export",
        ),
    ]
}


def dataset_info(name: str) -> DatasetInfo:
    """The info for `name`; an unknown (user-named) dataset gets a neutral entry."""
    return DATASETS.get(name) or DatasetInfo(name, name, "OTHER", "user-supplied")
