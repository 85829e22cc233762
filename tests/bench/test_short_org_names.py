"""The short forms `bench.short_org_names` queries: a listed organisation's name without what the
company does or makes, its legal form and its function words."""

from __future__ import annotations

import pytest
from bench.short_org_names import short_form


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("GHAED BASSIR PETROCHEMICAL PRODUCTS COMPANY", "GHAED BASSIR"),
        ("AL-BASHAIR TRADING COMPANY, LTD", "AL BASHAIR"),
        ("Mahan Air", "Mahan"),
        # Nothing generic to leave out, or nothing of four letters left.
        ("Bank Melli Iran", None),
        ("ABC Trading Co.", None),
    ],
)
def test_short_form(name: str, short: str | None) -> None:
    assert short_form(name) == short
