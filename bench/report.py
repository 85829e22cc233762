"""The screening benchmark's report: Markdown tables, and their section in docs/benchmarks.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bench.common import KINDS, NEGATIVE_KINDS, POSITIVE_KINDS, Case
from bench.metrics import Counts, Scored, Summary, overall, percentile, with_negatives

START, END = "<!-- screening:start -->", "<!-- screening:end -->"
#: Counts of a run, and one metric of counts.
CountsOf = Callable[["SystemRun"], dict[str, Counts]]
Metric = Callable[[Counts], float | None]


@dataclass
class SystemRun:
    """One system's run: its answers reduced to metrics, and how long it took."""

    name: str
    summary: Summary | None = None
    #: None means the system's own `match` decisions.
    default_threshold: float | None = None
    #: The default threshold as the system states it (for the table), when it uses its own decisions.
    stated_threshold: float | None = None
    queries_per_second: float | None = None
    p99_ms: float | None = None
    seconds_index: float | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    @cached_property
    def default_counts(self) -> dict[str, Counts]:
        assert self.summary is not None
        return self.summary.by_kind(self.default_threshold)

    @cached_property
    def best(self) -> tuple[float, dict[str, Counts]]:
        """The threshold with the best overall F1, and the counts there."""
        assert self.summary is not None
        threshold = self.summary.best_threshold()
        return threshold, self.summary.by_kind(threshold)

    def best_counts(self) -> dict[str, Counts]:
        return self.best[1]

    def alerted(self, scored: Scored) -> bool:
        """Did the system alert on this query at its default threshold?"""
        if self.default_threshold is None:
            return bool(scored.alerted)
        return scored.best_any >= self.default_threshold

    def hit(self, scored: Scored) -> bool:
        """Did the system alert on an expected record at its default threshold?"""
        if self.default_threshold is None:
            return bool(scored.hit)
        return scored.best_expected >= self.default_threshold


def latency_p99_ms(seconds: list[float]) -> float | None:
    value = percentile(seconds, 0.99)
    return None if value is None else value * 1000


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _threshold(run: SystemRun) -> str:
    if run.default_threshold is not None:
        return f"{run.default_threshold:.2f}"
    stated = f" ({run.stated_threshold:g})" if run.stated_threshold is not None else ""
    return f"own `match`{stated}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    return [*lines, *("| " + " | ".join(row) + " |" for row in rows), ""]


def case_counts(cases: list[Case]) -> dict[str, int]:
    return {kind: sum(1 for c in cases if c.kind == kind) for kind in KINDS}


def recall_where(run: SystemRun, cases: list[Case], keep: Callable[[Case], bool]) -> float | None:
    """Recall at the default threshold over the positive cases `keep` selects."""
    assert run.summary is not None
    pairs = zip(cases, run.summary.scored, strict=True)
    hits = [run.hit(s) for c, s in pairs if c.positive and keep(c)]
    return sum(hits) / len(hits) if hits else None


def summary_table(runs: list[SystemRun]) -> list[str]:
    rows = []
    for run in runs:
        default = overall(run.default_counts)
        threshold, best = run.best
        rows.append(
            [
                run.name,
                _threshold(run),
                _num(default.recall),
                _num(default.precision),
                _num(default.f1),
                _num(default.false_per_1000, 1),
                f"{threshold:.3f}",
                _num(overall(best).f1),
                _num(run.queries_per_second, 0),
                _num(run.p99_ms, 1),
            ]
        )
    header = ["system", "default threshold", "recall", "precision", "F1", "false alerts / 1,000 negatives"]
    header += ["best threshold", "F1 at best", "queries/s", "p99 ms"]
    lines = _table(header, rows)
    lines += [f"- {run.name}: {note}" for run in runs for note in run.notes]
    hisab = next((r for r in runs if r.name == "hisab"), None)
    logic = next((r for r in runs if r.name == "logic-v2"), None)
    if hisab and logic and hisab.queries_per_second and logic.queries_per_second:
        ratio = hisab.queries_per_second / logic.queries_per_second
        lines.append(f"- hisab / logic-v2 throughput: **{ratio:.1f}×**")
    return [*lines, ""]


def by_kind(
    runs: list[SystemRun],
    n_by_kind: dict[str, int],
    counts: CountsOf,
    metric: Metric,
    pro_rata: bool,
    candidate_recall: dict[str, float] | None = None,
) -> list[str]:
    """One metric for every positive kind (rows) and system (columns), and overall."""
    header = ["case kind", "n", *(["candidate recall"] if candidate_recall else []), *(r.name for r in runs)]
    per_run = [counts(r) for r in runs]
    rows = []
    for kind in (*POSITIVE_KINDS, "overall"):
        if kind == "overall":
            cells = [metric(overall(c)) for c in per_run]
            row = ["**overall**", f"{sum(n_by_kind.values()):,}"]
        else:
            cells = [metric(with_negatives(c, kind) if pro_rata else c[kind]) for c in per_run]
            row = [f"`{kind}`", f"{n_by_kind[kind]:,}"]
        if candidate_recall:
            row.append(_num(candidate_recall.get(kind)))
        rows.append(row + [_num(v) for v in cells])
    return _table(header, rows)


def negatives_table(runs: list[SystemRun], cases: list[Case]) -> list[str]:
    rows = []
    for kind in NEGATIVE_KINDS:
        row = [f"`{kind}`", f"{sum(1 for c in cases if c.kind == kind):,}"]
        for run in runs:
            default = run.default_counts[kind].false_per_1000
            best = run.best_counts()[kind].false_per_1000
            row.append(f"{_num(default, 1)} / {_num(best, 1)}")
        rows.append(row)
    lines = _table(["case kind", "n", *(f"{r.name} (default / best)" for r in runs)], rows)
    listed = [i for i, c in enumerate(cases) if c.kind in NEGATIVE_KINDS and c.detail == "listed_name"]
    alerts = ", ".join(
        f"{r.name} {sum(1 for i in listed if r.alerted(r.summary.scored[i]))}" for r in runs if r.summary
    )
    return [
        *lines,
        f"{len(listed)} negatives are, by chance, exactly a listed person's name (`detail` = `listed_name`; "
        f"kept, with their random birth dates). False alerts on them at the default threshold: {alerts}.",
        "",
    ]


def other_actor_table(runs: list[SystemRun], cases: list[Case]) -> list[str]:
    """Alerts on another listed actor per 1,000 positive queries, per kind and overall."""
    rows = []
    for kind in (*POSITIVE_KINDS, "overall"):
        kinds = POSITIVE_KINDS if kind == "overall" else (kind,)
        n = sum(1 for c in cases if c.kind in kinds)
        row = ["**overall**" if kind == "overall" else f"`{kind}`", f"{n:,}"]
        for run in runs:
            summary = run.summary
            assert summary is not None
            alerts = [
                sum(summary.other_alerts(k, t) for k in kinds) for t in (run.default_threshold, run.best[0])
            ]
            row.append(" / ".join(_num(1000 * a / max(n, 1), 1) for a in alerts))
        rows.append(row)
    return _table(["case kind", "n", *(f"{r.name} (default / best)" for r in runs)], rows)


def _variation(cls: str) -> Callable[[Case], bool]:
    return lambda case: case.kind == "variations" and case.detail == cls


def _script(script: str) -> Callable[[Case], bool]:
    return lambda case: case.script == script


def variations_table(runs: list[SystemRun], cases: list[Case]) -> list[str]:
    """Recall of each `variations` class at the default threshold."""
    classes = sorted({c.detail for c in cases if c.kind == "variations"})
    rows = []
    for cls in classes:
        n = sum(1 for c in cases if c.kind == "variations" and c.detail == cls)
        cells = [recall_where(r, cases, _variation(cls)) for r in runs]
        rows.append([f"`{cls}`", str(n), *(_num(v) for v in cells)])
    return _table(["class", "n", *(r.name for r in runs)], rows)


def acceptance(runs: list[SystemRun], cases: list[Case]) -> list[str]:
    """The issue's acceptance criteria, checked on this run (at hisab's default threshold)."""
    hisab = next((r for r in runs if r.name == "hisab"), None)
    peers = [r for r in runs if r.name != "hisab"]
    if hisab is None:
        return []
    rows: list[tuple[str, str, str, bool | None]] = []
    for script, target in (("latin", 0.98), ("arabic", 0.95)):
        value = recall_where(hisab, cases, _script(script))
        rows.append(
            (f"recall, {script}-script positives", f"≥ {target}", _num(value), _at_least(value, target))
        )
    negatives = overall({k: c for k, c in hisab.default_counts.items() if k in NEGATIVE_KINDS})
    fp = negatives.false_per_1000
    rows.append(("false alerts per 1,000 negatives", "≤ 1", _num(fp, 2), None if fp is None else fp <= 1))
    if peers:
        worse = _worse_than_best_peer(hisab, peers)
        rows.append(
            (
                "every kind at least as good as the best peer",
                "all kinds",
                "; ".join(worse) or "yes",
                not worse,
            )
        )
        mine = overall(hisab.default_counts).f1 or 0.0
        best = max(overall(p.default_counts).f1 or 0.0 for p in peers)
        rows.append(("overall F1 above every peer's", f"> {best:.3f}", f"{mine:.3f}", mine > best))
    qps = hisab.queries_per_second
    rows.append(("throughput, queries/s", "≥ 2,000", _num(qps, 0), _at_least(qps, 2000)))
    logic = next((p for p in peers if p.name == "logic-v2"), None)
    if logic is not None and qps and logic.queries_per_second:
        ratio = qps / logic.queries_per_second
        rows.append(("throughput / logic-v2's", "≥ 20×", f"{ratio:.1f}×", ratio >= 20))
    marks = {True: "yes", False: "**no**", None: "–"}
    return _table(["criterion", "target", "hisab", "met"], [[a, b, c, marks[d]] for a, b, c, d in rows])


def _at_least(value: float | None, target: float) -> bool | None:
    return None if value is None else value >= target


def _worse_than_best_peer(hisab: SystemRun, peers: list[SystemRun]) -> list[str]:
    """The kinds where hisab is behind the best peer: F1 for positives, false alerts for negatives."""
    worse = []
    for kind in POSITIVE_KINDS:
        mine = with_negatives(hisab.default_counts, kind).f1 or 0.0
        best = max(with_negatives(p.default_counts, kind).f1 or 0.0 for p in peers)
        if mine < best:
            worse.append(f"`{kind}` F1 {mine:.3f} < {best:.3f}")
    for kind in NEGATIVE_KINDS:
        mine_fp = hisab.default_counts[kind].false_alerts
        best_fp = min(p.default_counts[kind].false_alerts for p in peers)
        if mine_fp > best_fp:
            worse.append(f"`{kind}` {mine_fp:.0f} > {best_fp:.0f} false alerts")
    return worse


def _default_counts(run: SystemRun) -> dict[str, Counts]:
    return run.default_counts


def _best_counts(run: SystemRun) -> dict[str, Counts]:
    return run.best_counts()


def render(
    runs: list[SystemRun], cases: list[Case], candidate_recall: dict[str, float], context: dict[str, str]
) -> str:
    """The whole report section, in Markdown."""
    ok = [r for r in runs if r.summary is not None]
    lines = [f"Command: `{context['command']}`. Measured {context['date']}; {context['machine']}.", ""]
    lines += [context["setup"], ""]
    lines += [f"**{run.name} did not run:** {run.error}\n" for run in runs if run.error]
    if not ok:
        return "\n".join(lines)
    criteria = acceptance(ok, cases)
    if criteria:
        lines += ["### Acceptance criteria (issue #3), at hisab's default threshold", "", *criteria]
    lines += ["### Summary", "", *summary_table(ok)]
    n_by_kind = case_counts(cases)
    default, best = _default_counts, _best_counts
    sections: list[tuple[str, CountsOf, Metric, bool]] = [
        ("Recall at the default threshold", default, lambda c: c.recall, False),
        ("Precision at the default threshold (negatives pro rata)", default, lambda c: c.precision, True),
        ("F1 at the default threshold (negatives pro rata)", default, lambda c: c.f1, True),
        ("Recall at each system's best threshold", best, lambda c: c.recall, False),
        ("F1 at each system's best threshold (negatives pro rata)", best, lambda c: c.f1, True),
    ]
    for i, (title, counts, metric, pro_rata) in enumerate(sections):
        lines += [f"### {title}", ""]
        lines += by_kind(ok, n_by_kind, counts, metric, pro_rata, candidate_recall if i == 0 else None)
    lines += ["### False alerts per 1,000 negatives", "", *negatives_table(ok, cases)]
    lines += ["### Alerts on another listed actor, per 1,000 positive queries", ""]
    lines += [
        "A positive query that alerts on a record known to be another actor: another record of a list "
        "that names each actor once (the UN list, OFAC's SDN list) when that list holds an expected "
        "record (`bench/common.py`, `another_actor`). Counted whether or not the expected record also "
        "alerts; not part of the precision above.",
        "",
    ]
    lines += other_actor_table(ok, cases)
    lines += ["### `variations`: recall by variation class at the default threshold", ""]
    lines += variations_table(ok, cases)
    return "\n".join(lines)


def write_section(doc: Path, body: str, heading: str, marker: str = "screening") -> None:
    """Put `body` between the `<!-- marker:start -->` and `<!-- marker:end -->` lines of
    `doc`, adding the section (under `heading`) if it has none."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + f"\n\n{heading}\n\n{block}\n"
    doc.write_text(text, encoding="utf-8")
