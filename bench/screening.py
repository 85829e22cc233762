"""The screening benchmark, in one command: hisab and four nomenklatura peers side by side.

`make bench-screen` runs `python -m bench.screening`, which

1. creates the peers' environment `bench/.venv-peers` from
   `bench/requirements-peers.txt` (once; again when that file changes);
2. builds the index store and the dev cases (`bench.cases`);
3. runs the shared candidate stage (`bench.candidates`, peers' environment);
4. runs `hisab screen-file` on the queries against the index store, with
   `--top 10 --min-score 0`, so every score comes back and `match` is hisab's
   own decision at its default threshold; three times (`HISAB_RUNS`), for the
   median throughput;
5. runs each peer (`bench.peers`) on the same queries and candidates;
6. prints the report and writes it into docs/benchmarks.md between
   `<!-- screening:start -->` and `<!-- screening:end -->`.

If hisab cannot run (before `screen-file` exists, say), the report says why and
the peers still run. Throughput excludes index building: hisab's from the last
stderr line of `screen-file` (`{"queries": N, "seconds_screening": S,
"seconds_index": I}`) when it prints one, else its wall time (the report says
so); the peers' from scoring their candidates only.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.cases import prepare, ssb_perturber
from bench.common import OUT, PEERS_VENV, REPO, Case, data_dir, read_cases, read_results
from bench.metrics import Summary, reduce
from bench.peers import ALGORITHMS, DEFAULT_THRESHOLD
from bench.report import SystemRun, latency_p99_ms, render, write_section

SYSTEMS = ("hisab", *ALGORITHMS)
REQUIREMENTS = REPO / "bench" / "requirements-peers.txt"
COMMAND = "make bench-screen"
HEADING = "## Screening against the peers (issue #3)"


def peers_python() -> Path:
    """The peers' interpreter; creates or refreshes `bench/.venv-peers` when needed."""
    python = PEERS_VENV / "bin" / "python"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = PEERS_VENV / ".requirements.sha256"
    if python.exists() and stamp.exists() and stamp.read_text() == digest:
        return python
    print(f"Setting up {PEERS_VENV} from {REQUIREMENTS.name} …", flush=True)
    base = os.environ.get("PEERS_PYTHON", "python3")
    subprocess.run([base, "-m", "venv", str(PEERS_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(digest)
    return python


def _totals(stderr: str) -> dict[str, Any] | None:
    """The last stderr line that is a JSON object with `seconds_screening`."""
    for line in reversed(stderr.strip().splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and "seconds_screening" in data:
            return data
    return None


def _load(name: str, path: Path, cases: list[Case], threshold: float | None) -> SystemRun:
    results = read_results(path)
    summary = Summary(reduce(case, results.get(case.id)) for case in cases)
    run = SystemRun(name, summary, threshold)
    if threshold is None and not summary.has_decisions():
        run.default_threshold = DEFAULT_THRESHOLD
        run.notes.append("results carry no `match` decisions; 0.70 used as its default threshold")
    seconds = [r.seconds for r in results.values() if r.seconds is not None]
    run.p99_ms = latency_p99_ms(seconds) if len(seconds) == len(cases) else None
    return run


def _engine(hisab: Path) -> str:
    """How the hisab measured runs its matching engine (`hisab version`): compiled or Python."""
    proc = subprocess.run([str(hisab), "version", "--json"], capture_output=True, text=True)
    if proc.returncode != 0:
        return "engine unknown (`hisab version` failed)"
    found = json.loads(proc.stdout)
    if found["engine"] == "compiled":
        in_c = len(found.get("written_in_c", []))
        mypyc = len(found["compiled"]) - in_c
        return f"matching engine compiled ({mypyc} modules with mypyc, {in_c} written in C; setup.py)"
    return "matching engine run as Python (not compiled)"


#: Runs of `hisab screen-file` on the queries: its throughput is their median. One run is about
#: ten seconds on this machine, whose speed varies by 15% and more from minute to minute; the
#: peers' runs, minutes long, average such stretches out.
HISAB_RUNS = 3


def run_hisab(out: Path, cases: list[Case]) -> SystemRun:
    """`hisab screen-file` on the queries, against the index store, HISAB_RUNS times: the
    results of the first (the others must write the same bytes), the median throughput."""
    hisab = Path(sys.executable).parent / "hisab"
    target = out / "results" / "hisab.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    again = target.with_suffix(".again.jsonl")
    timed: list[tuple[float, dict[str, Any]]] = []
    wall = 0.0
    try:
        for attempt in range(HISAB_RUNS):
            written = target if attempt == 0 else again
            command = [str(hisab), "--db", str(out / "index.db"), "screen-file", str(out / "queries.csv")]
            command += ["--out", str(written), "--top", "10", "--min-score", "0"]
            started = time.perf_counter()
            proc = subprocess.run(command, capture_output=True, text=True)
            wall = time.perf_counter() - started
            if proc.returncode != 0 or not written.exists():
                last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                message = f"`hisab screen-file` failed (exit {proc.returncode}): {last.strip(' │╰╭─')}"
                print(f"hisab: {message}", file=sys.stderr, flush=True)
                return SystemRun("hisab", error=message)
            if attempt and written.read_bytes() != target.read_bytes():
                message = f"`hisab screen-file` wrote other results in run {attempt + 1} than in run 1"
                print(f"hisab: {message}", file=sys.stderr, flush=True)
                return SystemRun("hisab", error=message)
            totals = _totals(proc.stderr)
            if totals is None:
                break
            timed.append((totals["queries"] / totals["seconds_screening"], totals))
    finally:
        again.unlink(missing_ok=True)
    run = _load("hisab", target, cases, None)
    if timed:
        # The median run's figures (the middle one by throughput).
        timed.sort(key=lambda t: t[0])
        rate, totals = timed[len(timed) // 2]
        if totals.get("errors"):
            run.notes.append(f"{totals['errors']} queries failed in screen-file (counted as no alert)")
        if totals.get("threshold") is not None:
            run.stated_threshold = float(totals["threshold"])
        if run.p99_ms is None and totals.get("p99_ms") is not None:
            run.p99_ms = float(totals["p99_ms"])
        run.queries_per_second = rate
        run.seconds_index = totals.get("seconds_index")
        screening, index = totals["seconds_screening"], totals.get("seconds_index", 0.0)
        run.notes.append(
            f"screening {screening:.1f} s, index build {index:.1f} s (from screen-file's totals, the "
            f"median of {len(timed)} runs by throughput: {', '.join(f'{r:.0f}' for r, _ in timed)} "
            f"queries/s; each run wrote the same results); {_engine(hisab)}"
        )
    else:
        run.queries_per_second = len(cases) / wall
        run.notes.append(f"wall time {wall:.1f} s including index build: screen-file printed no totals")
    if run.p99_ms is None:
        run.notes.append("no per-query `seconds` in the results nor `p99_ms` in the totals: no p99 latency")
    return run


def start_peer(python: Path, algorithm: str, out: Path) -> subprocess.Popen[str]:
    command = [str(python), "-m", "bench.peers", "--algorithm", algorithm, "--out", str(out)]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_peer(algorithm: str, proc: subprocess.Popen[str], out: Path, cases: list[Case]) -> SystemRun:
    _, stderr = proc.communicate()
    totals = _totals(stderr)
    if proc.returncode != 0 or totals is None:
        return SystemRun(algorithm, error=f"exit {proc.returncode}: {stderr.strip()[-300:]}")
    run = _load(algorithm, out / "results" / f"{algorithm}.jsonl", cases, DEFAULT_THRESHOLD)
    run.queries_per_second = totals["queries"] / totals["seconds_screening"]
    run.seconds_index = totals["seconds_index"]
    run.notes.append(f"scoring {totals['seconds_screening']:.1f} s (shared candidates, at most 50 per query)")
    return run


def run_peers(
    python: Path, algorithms: list[str], out: Path, cases: list[Case], jobs: int
) -> list[SystemRun]:
    """Each peer in its own process, `jobs` at a time (1 keeps the timings clean)."""
    runs: dict[str, SystemRun] = {}
    pending = list(algorithms)
    while pending:
        batch, pending = pending[:jobs], pending[jobs:]
        procs = [(a, start_peer(python, a, out)) for a in batch]
        for algorithm, proc in procs:
            runs[algorithm] = finish_peer(algorithm, proc, out, cases)
            print(f"{algorithm}: done", flush=True)
    return [runs[a] for a in algorithms]


def candidate_recall(out: Path, cases: list[Case]) -> dict[str, float]:
    """Per positive kind, and overall, the share of cases whose expected record is a candidate."""
    by_id = {c.id: c for c in cases}
    found: dict[str, list[bool]] = {}
    with open(out / "candidates.jsonl", encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            case = by_id[data["id"]]
            if case.positive:
                refs = {(dataset, record_id) for dataset, record_id, _ in data["candidates"]}
                hit = bool(refs & set(case.expected))
                found.setdefault(case.kind, []).append(hit)
                found.setdefault("overall", []).append(hit)
    return {kind: sum(hits) / len(hits) for kind, hits in found.items()}


def context(out: Path, cases: list[Case], elapsed: float) -> dict[str, str]:
    counts = json.loads((out / "cases.json").read_text())
    with open(out / "index.jsonl", encoding="utf-8") as fh:
        subjects = sum(1 for _ in fh)
    kinds = ", ".join(f"`{k}` {n:,}" for k, n in counts["counts"].items())
    dropped = "; ".join(f"{reason}: {n:,}" for reason, n in sorted(counts["dropped"].items()))
    setup = (
        f"{len(cases):,} queries ({kinds}) against an index of {subjects:,} listed subjects "
        f"(bench/README.md says what is in it and how each case kind is made). Left out while "
        f"building cases: {dropped or 'nothing'}. The whole run took {elapsed / 60:.1f} minutes."
    )
    cpu = platform.processor() or platform.machine()
    return {
        "command": COMMAND,
        "date": datetime.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}",
        "setup": setup,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=data_dir())
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=SYSTEMS)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the index, cases and candidates of a last run"
    )
    parser.add_argument("--jobs", type=int, default=1, help="peers run at once (1 keeps timings clean)")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    started = time.perf_counter()
    python = peers_python()
    if not (args.reuse and (args.out / "candidates.jsonl").exists()):
        print("Building the index and the cases …", flush=True)
        prepare(args.data, args.out, ssb_perturber(python))
        print("Shared candidate stage …", flush=True)
        subprocess.run([str(python), "-m", "bench.candidates", "--out", str(args.out)], cwd=REPO, check=True)
    cases = read_cases(args.out / "cases.csv")
    runs = []
    if "hisab" in args.systems:
        print("hisab screen-file …", flush=True)
        runs.append(run_hisab(args.out, cases))
    algorithms = [s for s in args.systems if s != "hisab"]
    runs += run_peers(python, algorithms, args.out, cases, max(1, args.jobs))
    elapsed = time.perf_counter() - started
    body = render(runs, cases, candidate_recall(args.out, cases), context(args.out, cases, elapsed))
    print(body)
    if not args.no_docs:
        write_section(REPO / "docs" / "benchmarks.md", body, HEADING)


if __name__ == "__main__":
    main()
