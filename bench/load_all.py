"""Benchmark: time and peak memory of loading every list file in the shared data folder.

Run with `make bench` (or `python bench/load_all.py [--data DIR]`). Each list
folder is loaded into a fresh SQLite store in its own child process, so that
each peak RSS is that of one load; then everything is loaded together, as
`make demo` does. Results are printed as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Every list folder of the shared data folder, oldest version first within a dataset
#: (tests/lists/test_load_shared.py and the resolved store of tests/conftest.py load the same; the
#: Makefile's LISTS is its copy for make).
LISTS = [
    "un_sc",
    "ofac_sdn_2021-07",
    "ofac_sdn_2022-11",
    "ofac_consolidated_non_sdn",
    "uk_hmt_2018-04",
    "eu_oj_opensanctions",
    "eu_fsf_csv_2018-07_excerpt",
    "us_csl",
    "opensanctions_ftm",
]


def child(db: str, paths: list[str]) -> None:
    """Load `paths` into `db` and print one JSON line of measurements."""
    from hisab.lists import load_paths
    from hisab.store import Store

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store = Store(f"sqlite:///{db}")
    started = time.perf_counter()
    results, _ = load_paths(store, [Path(p) for p in paths])
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    records = sum(r.report.records for r in results)
    size = sum(Path(p).stat().st_size for r in results for p in (r.source.path, *r.source.companions))
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "records": records,
                "bytes": size,
                "peak_rss_mb": peak / 1024,
                "import_rss_mb": baseline / 1024,
            }
        )
    )


def measure(paths: list[Path]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        proc = subprocess.run(
            [sys.executable, __file__, "--child", db, *map(str, paths)],
            check=True,
            capture_output=True,
            text=True,
        )
        result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = os.environ.get(
        "HISAB_DATA_DIR", str(Path(__file__).resolve().parents[1].parent / "shared/data")
    )
    parser.add_argument("--data", default=default)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1:])
        return
    data = Path(args.data)
    rows = [(name, measure([data / name])) for name in LISTS]
    rows.append(("everything together", measure([data / name for name in LISTS])))
    print("| lists | records | MB read | seconds | records/s | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, m in rows:
        print(
            f"| {name} | {m['records']:,.0f} | {m['bytes'] / 1e6:.1f} | {m['seconds']:.2f} | "
            f"{m['records'] / m['seconds']:,.0f} | {m['peak_rss_mb']:.0f} |"
        )
    print(
        f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores; RSS after imports: "
        f"{rows[0][1]['import_rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
