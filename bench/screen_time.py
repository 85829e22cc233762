"""Time hisab's screening of the dev queries in this process, without the subprocess, the
output file or the peers of `make bench-screen`: for comparing two versions of the matching
code in one sitting (run it on each, alternating), and for profiles.

    .venv/bin/python -m bench.screen_time [--rounds N] [--profile N]

It loads the index of the last `make bench-screen` (bench/out/index.db and its cache), as
`hisab screen-file` does (resolved actors, ownership, the screener's tables made before the
first query, a frozen heap), then screens
bench/out/queries.csv with `screen_file`, as `screen-file` does (a chunk at a time, the heap
frozen after each and the collector paused between, the results written as JSON lines, here
to memory). The first round
starts cold, as a new `screen-file` does; later rounds (`--rounds`) get a fresh screener but
find the names layer's own caches warm, so compare first rounds, one run per version
(`--same-screener`: later rounds keep the first round's screener, so every cache is warm, as
for a file whose names all came before: the cost of screening without the first-time work,
not a figure for the dev queries). It prints the
seconds `screen-file` reports as `seconds_screening` (reading and writing included) and the
seconds spent in the screener alone. `--profile N` prints the N costliest functions of
one round instead. Timings vary from run to run on a shared machine; nothing here is
asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats

from bench.common import OUT
from hisab.match.index import freeze_heap, load_index
from hisab.names.similarity import SIMILARITIES
from hisab.resolve.service import actor_ids
from hisab.screen.batch import screen_file
from hisab.screen.service import Screener
from hisab.store import Store
from hisab.trace.service import attach_ownership


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--same-screener", action="store_true")
    args = parser.parse_args()
    store = Store(f"sqlite:///{OUT / 'index.db'}")
    index = load_index(store, OUT / "index.db.cache")
    actors = actor_ids(store)
    screener: Screener | None = None
    for round_ in range(1 if args.profile else args.rounds):
        if screener is None or not args.same_screener:
            screener = Screener(index)
            screener.use_actors(actors)
            attach_ownership(store, screener)
            screener.prepare()
            SIMILARITIES.clear()
        freeze_heap()
        profile = cProfile.Profile() if args.profile else None
        if profile is not None:
            profile.enable()
        stats = screen_file(screener, OUT / "queries.csv", io.StringIO(), settle=True)
        if profile is not None:
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        screener_only = stats.latencies.total
        print(
            f"round {round_ + 1}: {stats.queries} queries, seconds_screening {stats.seconds:.2f} s "
            f"({stats.queries / stats.seconds:.0f} queries/s), in the screener {screener_only:.2f} s"
        )


if __name__ == "__main__":
    main()
