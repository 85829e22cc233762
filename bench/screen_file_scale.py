"""A large file through `hisab screen-file --workers N`: throughput and memory.

    .venv/bin/python -m bench.screen_file_scale [--rows 1000000 [2000000 ...]] [--workers 2] [--no-docs]

Writes a synthetic customer CSV (bench/out/customers-<rows>.csv): names of
ordinary Iranian customers drawn as the benchmark's negatives are (Latin script
from `names_dataset/`, one in five in Persian script from `names_farsi_faker/`),
random birth dates, nationality `ir`. Then it screens the file against the
benchmark store of `make bench-screen` (every list of ../shared/data) with flat
CSV output, and samples the resident memory of `hisab` and its worker processes
every half second. Reported: rows per second (screening, index loading excluded,
from screen-file's summary), the peak resident memory of the whole process tree,
and the memory at each quarter of the run. With several sizes (`--rows 1000000
2000000`), one run per size, one row each: memory flat with file size means a
longer file peaks no higher. Within a run, memory rises while the matcher's
bounded caches fill (the first few hundred thousand rows), then holds level.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from bench.common import data_dir
from bench.negatives import birth_date, iran_names, iran_tokens
from bench.report import write_section

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
DOCS = REPO / "docs" / "benchmarks.md"


def write_customers(path: Path, rows: int, seed: int = 11) -> None:
    data = data_dir()
    chooser = random.Random(seed)
    attested = iran_tokens(data)
    firsts, first_weights = iran_names(data, "first", attested)
    lasts, last_weights = iran_names(data, "last", attested)
    persian: dict[str, list[str]] = {}
    with open(data / "names_farsi_faker" / "names.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            persian.setdefault(row["list"], []).append(row["name"])
    given = persian["male_names"] + persian["female_names"]
    block = 10_000
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "schema", "birth_date", "nationality"])
        for start in range(0, rows, block):
            n = min(block, rows - start)
            f = chooser.choices(firsts, first_weights, k=n)
            last = chooser.choices(lasts, last_weights, k=n)
            for i in range(n):
                if chooser.random() < 0.2:
                    name = f"{chooser.choice(given)} {chooser.choice(persian['last_names'])}"
                else:
                    name = f"{f[i]} {last[i]}"
                writer.writerow([f"c{start + i:07d}", name, "Person", birth_date(chooser), "ir"])


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return found
    for child in children:
        found.extend(_tree(int(child)))
    return found


def run(path: Path, workers: int) -> dict[str, object]:
    out = OUT / f"{path.stem}.results.csv"
    hisab = Path(sys.executable).parent / "hisab"
    command = [str(hisab), "--db", str(OUT / "index.db"), "-q", "screen-file", str(path), "--out", str(out)]
    command += ["--workers", str(workers)]
    samples: list[tuple[float, int]] = []
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total = sum(_rss_kb(p) for p in _tree(process.pid))
            samples.append((time.perf_counter() - began, total))
            done.wait(0.5)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - began
    if process.returncode != 0:
        raise SystemExit(f"screen-file failed ({process.returncode}): {stderr[-2000:]}")
    summary = json.loads(stderr.strip().splitlines()[-1])
    quarters = []
    for q in (0.25, 0.5, 0.75, 1.0):
        window = [kb for t, kb in samples if (q - 0.25) * wall <= t <= q * wall]
        quarters.append(max(window) / 1024 if window else 0.0)
    return {
        "rows": summary["queries"],
        "errors": summary["errors"],
        "alerts": summary["alerts"],
        "seconds_screening": summary["seconds_screening"],
        "seconds_index": summary["seconds_index"],
        "wall": wall,
        "rows_per_s": summary["queries"] / summary["seconds_screening"],
        "peak_mb": max(kb for _, kb in samples) / 1024 if samples else 0.0,
        "quarters_mb": quarters,
        "workers": workers,
        "input_mb": path.stat().st_size / 1e6,
        "output_mb": out.stat().st_size / 1e6,
    }


def report(runs: list[dict[str, object]], command: str) -> str:
    lines = [
        f"Command: `{command}` (after `make bench-screen`). Measured {date.today().isoformat()}; "
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}.",
        "",
        "| rows | workers | input MB | output MB (flat CSV) | screening s | rows/s | alerts "
        "| peak RSS, all processes (MB) | peak RSS per quarter of the run (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for found in runs:
        quarters = ", ".join(f"{v:.0f}" for v in found["quarters_mb"])  # type: ignore[attr-defined]
        lines.append(
            f"| {found['rows']:,} | {found['workers']} | {found['input_mb']:.0f} "
            f"| {found['output_mb']:.0f} | "
            f"{found['seconds_screening']:.0f} | {found['rows_per_s']:.0f} | {found['alerts']:,} | "
            f"{found['peak_mb']:.0f} | {quarters} |"
        )
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        lines += [
            "",
            f"The {last['rows']:,}-row file peaked at {last['peak_mb']:.0f} MB, "
            f"{100 * float(last['peak_mb']) / float(first['peak_mb']):.1f}% of the "  # type: ignore[arg-type]
            f"{first['rows']:,}-row file's {first['peak_mb']:.0f} MB.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    if not (OUT / "index.db").is_file():
        raise SystemExit("bench/out/index.db is missing: run `make bench-screen` first")
    runs = []
    for rows in args.rows:
        path = OUT / f"customers-{rows}.csv"
        if not path.is_file():
            print(f"writing {path} …", flush=True)
            write_customers(path, rows)
        print(f"screening {path} with {args.workers} workers …", flush=True)
        runs.append(run(path, args.workers))
    sizes = " ".join(str(r) for r in args.rows)
    command = f".venv/bin/python -m bench.screen_file_scale --rows {sizes} --workers {args.workers}"
    block = report(runs, command)
    print(block)
    if not args.no_docs:
        write_section(DOCS, block, "## A million-row file (issue #4)", "screen-file-scale")


if __name__ == "__main__":
    main()
