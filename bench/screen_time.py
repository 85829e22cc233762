"""Time hisab's screening of the dev queries in this process, without the subprocess, the
output file or the peers of `make bench-screen`: for comparing two versions of the matching
code in one sitting (run it on each, alternating), and for profiles.

    .venv/bin/python -m bench.screen_time [--rounds N] [--profile N]

It loads the index of the last `make bench-screen` (bench/out/index.db and its cache), as
`hisab screen-file` does (resolved actors, ownership, a frozen heap), then screens
bench/out/queries.csv with `screen_rows`, the function `screen-file` calls, a chunk at a
time, freezing the heap after each chunk as `screen-file` does (`settle_heap`). The first round
starts cold, as a new `screen-file` does; later rounds (`--rounds`) get a fresh screener but
find the names layer's own caches warm, so compare first rounds, one run per version. It prints the
seconds spent screening (what `screen-file` reports as `seconds_screening`) and the
seconds in all, explanations included. `--profile N` prints the N costliest functions of
one round instead. Timings vary from run to run on a shared machine; nothing here is
asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from hisab.match.index import freeze_heap, load_index, settle_heap
from hisab.names.similarity import SIMILARITIES
from hisab.resolve.service import actor_ids
from hisab.screen.batch import CHUNK, read_queries, screen_rows
from hisab.screen.service import Screener
from hisab.store import Store
from hisab.trace.service import attach_ownership

OUT = Path(__file__).resolve().parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    store = Store(f"sqlite:///{OUT / 'index.db'}")
    index = load_index(store, OUT / "index.db.cache")
    actors = actor_ids(store)
    rows = list(read_queries(OUT / "queries.csv"))
    for round_ in range(1 if args.profile else args.rounds):
        screener = Screener(index)
        screener.use_actors(actors)
        attach_ownership(store, screener)
        SIMILARITIES.clear()
        freeze_heap()
        profile = cProfile.Profile() if args.profile else None
        began = time.perf_counter()
        if profile is not None:
            profile.enable()
        cut = screener.algorithm.threshold
        results = []
        for at in range(0, len(rows), CHUNK):
            results += screen_rows(screener, rows[at : at + CHUNK], "queries.csv", 10, 0.0, cut, None, True)
            settle_heap()
        if profile is not None:
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        total = time.perf_counter() - began
        screening = sum(spent for _, spent in results if spent is not None)
        print(
            f"round {round_ + 1}: {len(rows)} queries, screening {screening:.2f} s "
            f"({len(rows) / screening:.0f} queries/s), {total:.2f} s in all"
        )


if __name__ == "__main__":
    main()
