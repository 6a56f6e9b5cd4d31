"""Import and export throughput, and database bytes per letter.

    .venv/bin/python benchmarks/store_throughput.py [--letters 10000]

Targets (issue 3): import >= 700 letters/s end to end on 2 cores; export to jsonl >= 5,000 letters/s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import synthetic_texts

from storage.export import export
from storage.store import Store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "letters"
        folder.mkdir()
        texts = synthetic_texts(args.letters, seed=11)
        for n, text in enumerate(texts):
            (folder / f"letter-{n:05d}.txt").write_text(text)
        size = sum(len(t.encode()) for t in texts)
        print(f"{len(texts)} letter files, mean {size / len(texts) / 1024:.1f} KiB")
        db = Path(tmp) / "bench.db"
        exe = Path(sys.executable).parent / "imr-review"
        start = time.perf_counter()
        result = subprocess.run(
            [str(exe), "import", "--db", str(db), str(folder)], capture_output=True, text=True
        )
        seconds = time.perf_counter() - start
        print(result.stdout.strip().splitlines()[0])
        print(
            f"import end to end (process start to exit): {len(texts) / seconds:,.0f} letters/s ({seconds:.1f} s); target >= 700"
        )
        with Store.open(db) as store:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db_bytes = os.path.getsize(db)
            print(
                f"database: {db_bytes / 2**20:.1f} MiB, {db_bytes / len(texts):,.0f} bytes per letter "
                f"(letter text itself: {size / len(texts):,.0f} bytes)"
            )
            for _ in range(2):
                start = time.perf_counter()
                exported = export(store, "jsonl", Path(tmp) / "all.jsonl", status="all")
                seconds = time.perf_counter() - start
            print(
                f"export jsonl: {exported.letters / seconds:,.0f} letters/s ({seconds:.2f} s); target >= 5,000"
            )


if __name__ == "__main__":
    main()
