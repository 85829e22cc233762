"""The ownership rules, on the worked examples of OFAC's 2014 guidance on entities owned by
blocked persons, on the EU rule set, and on cycles and missing shares."""

from __future__ import annotations

import itertools

import pytest
from bench.trace_exposure import fixed_point
from hypothesis import given, settings
from hypothesis import strategies as st

from hisab.trace.exposure import RULES, Holding, Holdings, block, blocked_by_ownership, exposure

X, Y = "person-x", "person-y"  # blocked (listed) persons


def test_ofac_direct_fifty_percent_blocks() -> None:
    result = exposure("A", [Holding(X, "A", 0.5)], {X})
    assert result.blocked and result.aggregate_share == 0.5
    assert [(o.id, o.share, o.path) for o in result.owners] == [(X, 0.5, [X, "A"])]


def test_ofac_two_blocked_owners_of_25_percent_each_add_up() -> None:
    result = exposure("A", [Holding(X, "A", 0.25), Holding(Y, "A", 0.25)], {X, Y})
    assert result.blocked and result.aggregate_share == pytest.approx(0.5)
    assert {o.id for o in result.owners} == {X, Y}


def test_ofac_ownership_through_a_blocked_subsidiary() -> None:
    # X owns 50% of A (A is blocked); A owns 50% of B: B is blocked, indirectly.
    holdings = [Holding(X, "A", 0.5), Holding("A", "B", 0.5)]
    result = exposure("B", holdings, {X})
    assert result.blocked
    assert result.owners[0].path == [X, "A", "B"]
    assert blocked_by_ownership(holdings, {X}) == {"A": [X, "A"], "B": [X, "A", "B"]}


def test_ofac_direct_and_indirect_shares_aggregate() -> None:
    # X owns 50% of A; A owns 25% of C and X 25% of C directly: C is blocked.
    holdings = [Holding(X, "A", 0.5), Holding("A", "C", 0.25), Holding(X, "C", 0.25)]
    result = exposure("C", holdings, {X})
    assert result.blocked and result.aggregate_share == pytest.approx(0.5)


def test_ofac_forty_percent_through_an_unblocked_company_does_not_block() -> None:
    # X owns 40% of A (A is not blocked); A owns 50% of B: B is not blocked.
    holdings = [Holding(X, "A", 0.4), Holding("A", "B", 0.5)]
    a = exposure("A", holdings, {X})
    assert not a.blocked and a.risk and a.aggregate_share == pytest.approx(0.4)
    b = exposure("B", holdings, {X})
    assert not b.blocked and not b.owners
    assert any("is not blocked itself" in w for w in b.warnings)


def test_ofac_below_fifty_is_a_risk_not_a_block() -> None:
    result = exposure("A", [Holding(X, "A", 0.49)], {X})
    assert not result.blocked and result.risk


def test_eu_needs_more_than_half() -> None:
    holdings = [Holding(X, "A", 0.5)]
    assert exposure("A", holdings, {X}, "ofac").blocked
    assert not exposure("A", holdings, {X}, "eu").blocked
    assert exposure("A", [Holding(X, "A", 0.51)], {X}, "eu").blocked


def test_eu_control_blocks_without_shares_and_ofac_warns() -> None:
    holdings = [Holding(X, "A", None, control=True), Holding("A", "B", 1.0)]
    eu = exposure("B", holdings, {X}, "eu")
    assert eu.blocked and eu.owners[0].path == [X, "A", "B"]
    ofac = exposure("A", holdings, {X}, "ofac")
    assert not ofac.blocked
    assert any("control alone does not block" in w for w in ofac.warnings)


def test_missing_shares_are_reported_not_counted() -> None:
    result = exposure("A", [Holding(X, "A", None), Holding(Y, "A", 0.3)], {X, Y})
    assert not result.blocked and result.aggregate_share == pytest.approx(0.3)
    assert any("unknown share" in w for w in result.warnings)


def test_cycles_end_and_are_reported() -> None:
    # A and B own each other; X owns 60% of A: A is blocked, and so B (50% held by A).
    holdings = [Holding(X, "A", 0.6), Holding("B", "A", 0.4), Holding("A", "B", 0.5), Holding("C", "B", 0.5)]
    result = exposure("B", holdings, {X})
    assert result.blocked
    assert any(w.startswith("ownership cycle") for w in result.warnings)
    # Without a blocked person in the cycle, nothing is blocked, and the fixed point ends.
    assert blocked_by_ownership([Holding("A", "B", 0.5), Holding("B", "A", 0.5)], {X}) == {}


def test_a_listed_entity_is_blocked_as_listed() -> None:
    result = exposure(X, [], {X})
    assert result.blocked and result.listed and not result.owners


def test_unknown_rule() -> None:
    with pytest.raises(ValueError, match="rule must be one of"):
        blocked_by_ownership([], set(), "uk")


@settings(max_examples=300, deadline=None)
@given(
    edges=st.lists(
        st.tuples(
            st.integers(0, 11),
            st.integers(0, 11),
            st.one_of(st.none(), st.sampled_from([0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 1.0])),
            st.booleans(),
        ),
        max_size=30,
    ),
    listed=st.sets(st.integers(0, 11), max_size=3),
    rule=st.sampled_from(RULES),
)
def test_rounds_reach_the_fixed_point_of_the_rule(
    edges: list[tuple[int, int, float | None, bool]], listed: set[int], rule: str
) -> None:
    holdings = [Holding(f"n{a}", f"n{b}", share, control) for a, b, share, control in edges]
    names = {f"n{p}" for p in listed}
    found = blocked_by_ownership(holdings, names, rule)
    assert set(found) == fixed_point(holdings, names, rule)
    for node, path in found.items():
        # Every path starts at a listed person, ends at the node and follows real holdings.
        assert path[0] in names and path[-1] == node and len(set(path)) == len(path)
        links = {(h.owner, h.asset) for h in holdings}
        assert all((a, b) in links for a, b in itertools.pairwise(path))
    # Aggregates are the shares blocked owners hold.
    result = block(Holdings.of(holdings), names, rule)
    blocked = names | set(found)
    for n, node in enumerate(result.holdings.ids):
        expected = sum(h.share or 0.0 for h in holdings if h.asset == node and h.owner in blocked)
        assert result.aggregate[n] == pytest.approx(expected)
