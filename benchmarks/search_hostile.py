"""The search box against hostile input on a large database: how long each search takes.

    .venv/bin/python benchmarks/search_hostile.py [--letters 20000] [--db /tmp/imr-bench-search.db]

Every query is bounded (16 phrases of 100 characters) and runs under a time budget
(storage.queue.SEARCH_BUDGET_S); the figures show what a user waits at worst.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from gui_50k import build


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=20_000)
    parser.add_argument("--db", default="/tmp/imr-bench-search.db")
    args = parser.parse_args()
    db = Path(args.db)
    if not db.exists():
        build(db, args.letters)
    from storage.queue import QueueQuery, queue_ids
    from storage.store import Store, StoreError

    common = "-".join(["the"] * 50)
    queries = {
        "one word": "Norco",
        "a lone quote": '"',
        "16 common words": " ".join(["the", "of", "and", "to", "a", "in", "for", "is"] * 2),
        "16 phrases of 50 x 'the'": " ".join([common] * 16),
        "a 200 KB paste": " ".join(f"word{n} the Norco" for n in range(20_000))[: 200 * 1024],
    }
    with Store.open(db, readonly=True) as store:
        print(f"{store.letter_count()} letters in {db}")
        for name, text in queries.items():
            started = time.perf_counter()
            try:
                found = f"{len(queue_ids(store, 'ann', QueueQuery(search=text)))} letters"
            except StoreError as error:
                found = f"stopped: {error}"
            print(f"{name:28s} {time.perf_counter() - started:7.3f} s  {found[:90]}")


if __name__ == "__main__":
    main()
