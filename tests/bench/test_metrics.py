"""The screening benchmark's metrics, on a hand-made example."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.common import Case, ScreeningResult, another_actor
from bench.metrics import Counts, Summary, overall, percentile, reduce, with_negatives
from bench.report import END, START, write_section

UN = ("un_sc", "IRi.039")
OFAC = ("us_ofac_sdn", "10481")
OTHER = ("eu_journal", "32011R0359/I.A/4")


def case(id: str, kind: str, expected: tuple[tuple[str, str], ...] = ()) -> Case:
    return Case(id=id, kind=kind, name=id, schema="Person", expected=expected)


def result(
    id: str, *matches: tuple[float, tuple[str, str]], decisions: list[bool] | None = None
) -> ScreeningResult:
    return ScreeningResult(id, [(score, (ref,)) for score, ref in matches], decisions)


CASES = [
    case("p1", "cross_list", (UN,)),  # hit at 0.9
    case("p2", "cross_list", (UN,)),  # expected 0.6, wrong record 0.8
    case("p3", "cross_list", (OFAC,)),  # nothing returned
    case("p4", "persian_script", (OFAC, UN)),  # either record counts
    case("n1", "neg_iran_latin"),  # false alert at 0.75
    case("n2", "neg_iran_latin"),  # below every threshold
]
RESULTS = {
    "p1": result("p1", (0.9, UN), (0.5, OTHER)),
    "p2": result("p2", (0.8, OTHER), (0.6, UN)),
    "p4": result("p4", (0.95, UN)),
    "n1": result("n1", (0.75, OTHER)),
    "n2": result("n2", (0.3, OTHER)),
}


@pytest.fixture
def summary() -> Summary:
    return Summary(reduce(c, RESULTS.get(c.id)) for c in CASES)


def test_counts_at_a_threshold(summary: Summary) -> None:
    counts = summary.by_kind(0.7)
    assert counts["cross_list"] == Counts(positives=3, hits=1, wrong=1), "p1 hit, p2 wrong alert, p3 missed"
    assert counts["persian_script"] == Counts(positives=1, hits=1), "any expected record is a hit"
    assert counts["neg_iran_latin"] == Counts(negatives=2, false_alerts=1)
    total = overall(counts)
    assert total.recall == pytest.approx(2 / 4)
    assert total.precision == pytest.approx(2 / (2 + 1 + 1)), "hits / (hits + wrong alerts + false alerts)"
    assert total.f1 == pytest.approx(0.5)
    assert counts["neg_iran_latin"].false_per_1000 == pytest.approx(500)


def test_a_lower_threshold_turns_a_wrong_alert_into_a_hit(summary: Summary) -> None:
    counts = summary.by_kind(0.55)
    assert counts["cross_list"] == Counts(positives=3, hits=2, wrong=0)


def test_negatives_count_pro_rata_for_one_kind(summary: Summary) -> None:
    counts = summary.by_kind(0.7)
    cross = with_negatives(counts, "cross_list")
    assert cross.false_alerts == pytest.approx(1 * 3 / 4), "3 of the 4 positives are cross_list"
    assert cross.precision == pytest.approx(1 / (1 + 1 + 0.75))


def test_best_threshold_maximises_overall_f1(summary: Summary) -> None:
    threshold = summary.best_threshold()
    assert threshold == pytest.approx(0.6), "0.6 finds p1, p2 and p4 for one false alert"
    assert overall(summary.by_kind(threshold)).f1 == pytest.approx(0.75)
    assert overall(summary.by_kind(0.9)).f1 == pytest.approx(2 / 3), "no false alert, but half the recall"


def test_the_systems_own_decisions_are_used_when_given() -> None:
    results = {
        "p1": result("p1", (0.9, UN), decisions=[False]),
        "n1": result("n1", (0.2, OTHER), decisions=[True]),
    }
    summary = Summary(reduce(c, results.get(c.id)) for c in CASES)
    assert summary.has_decisions()
    counts = summary.by_kind(None)
    assert counts["cross_list"].hits == 0, "a high score the system did not flag is no hit"
    assert counts["neg_iran_latin"].false_alerts == 1, "a low score the system flagged is an alert"


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.99) == 99.0
    assert percentile([0.5], 0.99) == 0.5
    assert percentile([], 0.99) is None


def test_write_section_replaces_only_the_marked_block(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nLoading table.\n")
    write_section(doc, "first", "## Screening")
    write_section(doc, "second", "## Screening")
    text = doc.read_text()
    assert text.count(START) == 1 and text.count(END) == 1
    assert "second" in text and "first" not in text and "Loading table." in text


def test_tradeoff_counts_recall_by_script_and_false_alerts() -> None:
    from bench.metrics import Scored
    from bench.tradeoff import rows

    scored = [
        ("latin", Scored("k", True, 0.9, 0.9)),
        ("latin", Scored("k", True, 0.6, 0.95)),
        ("arabic", Scored("k", True, 0.7, 0.7)),
        ("latin", Scored("neg", False, float("-inf"), 0.8)),
        ("latin", Scored("neg", False, float("-inf"), 0.1)),
    ]
    (low, high) = rows(scored, [0.5, 0.85])
    assert low == (0.5, 1.0, 1.0, 500.0)
    # At 0.85 the second Latin case is found only through another record: not a hit.
    assert high == (0.85, 0.5, 0.0, 0.0)


def test_another_actor_is_another_record_of_a_once_per_actor_list() -> None:
    other_un = ("un_sc", "IRi.040")
    assert another_actor([UN], [other_un])  # the UN names each actor once
    assert not another_actor([UN], [UN, other_un])  # the expected record is among them
    assert not another_actor([UN], [OTHER])  # the EU's acts can list one actor several times
    assert not another_actor([OTHER], [other_un])  # no expected record on the UN list: unknown
    assert not another_actor([], [other_un])  # a negative case has its own count


def test_alerts_on_another_actor_are_counted_per_1000_positives() -> None:
    other_un = ("un_sc", "IRi.040")
    cases = [case("p1", "cross_list", (UN,)), case("p2", "cross_list", (UN,)), case("n1", "neg_iran_latin")]
    results = {
        "p1": result("p1", (0.9, UN), (0.7, other_un)),  # a hit, and another actor at 0.7
        "p2": result("p2", (0.4, other_un)),
        "n1": result("n1", (0.8, other_un)),  # a negative's alert is a false alert, not this
    }
    summary = Summary(reduce(c, results.get(c.id)) for c in cases)
    assert summary.other_per_1000("cross_list", 0.5) == 500.0
    assert summary.other_per_1000("cross_list", 0.3) == 1000.0
    assert summary.other_per_1000("cross_list", 0.8) == 0.0
    assert summary.other_per_1000("neg_iran_latin", 0.5) is None
    own = Summary(
        reduce(c, r)
        for c, r in [
            (cases[0], result("p1", (0.9, UN), (0.7, other_un), decisions=[True, True])),
            (cases[1], result("p2", (0.4, other_un), decisions=[False])),
        ]
    )
    assert own.other_per_1000("cross_list", None) == 500.0


def test_reliability_bins_the_labelled_candidates() -> None:
    from bench.calibrate import reliability

    cases = [case("p1", "cross_list", (UN,)), case("n1", "neg_iran_latin")]
    results = [
        # The expected record (true), another actor on the UN list (false), a candidate whose
        # truth the case does not say (left out).
        [(0.95, True, False, []), (0.15, False, True, []), (0.5, False, False, [])],
        # An ordinary customer's candidates (false).
        [(0.05, False, False, []), (0.92, False, False, [])],
    ]
    table = reliability(cases, results)
    assert "| 0.9–1.0 | 2 | 0.935 | 0.500 |" in table
    assert "| 0.1–0.2 | 1 | 0.150 | 0.000 |" in table
    assert "| 0.0–0.1 | 1 | 0.050 | 0.000 |" in table
    assert "0.4–0.5" not in table and "0.5–0.6" not in table
    # Gap: 2 × |0.935 − 0.5| + 0.15 + 0.05 = 1.07 over 4 rows; Brier (0.0025 + 0.0225 + 0.0025
    # + 0.8464) / 4.
    assert "Expected calibration error 0.2675, Brier score 0.2185." in table
