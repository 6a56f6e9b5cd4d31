"""Merging coders' work: 10 coders' databases of 2,000 reviewed letters each into one.

    .venv/bin/python benchmarks/team_merge.py [--coders 10] [--letters 2000]

Each coder's work database (made by `assign`, every letter to every coder) gets one reviewed
record, one highlight and their audit rows per letter; then `imr-review merge` runs on all the
files as a whole process, and the figure is merged letter records per second from its start.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import synthetic_texts

from parsing.edits import set_value
from storage.importer import import_paths
from storage.store import Store
from storage.team.assign import assign


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--coders", type=int, default=10)
    ap.add_argument("--letters", type=int, default=2000)
    args = ap.parse_args()
    coders = [f"coder{n:02d}" for n in range(args.coders)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "letters"
        folder.mkdir()
        for n, text in enumerate(synthetic_texts(args.letters, seed=3)):
            (folder / f"l{n:05d}.txt").write_text(text)
        main_db = Path(tmp) / "main.db"
        with Store.open(main_db) as store:
            import_paths(store, [str(folder)], workers=2)
            plan = assign(store, coders, Path(tmp) / "work", everyone=str(args.letters))
        for coder, path in plan.files.items():
            with Store.open(path) as work:
                for letter_id in work.letter_ids():
                    work.change_record(letter_id, coder, lambda r: set_value(r, "patient_age", 40),
                                       field="patient_age")  # fmt: skip
                    work.add_highlight(letter_id, coder, 0, 5, "Conclusion")
        exe = Path(sys.executable).parent / "imr-review"
        start = time.perf_counter()
        result = subprocess.run([str(exe), "merge", *map(str, plan.files.values()), "--db", str(main_db)],
                                capture_output=True, text=True)  # fmt: skip
        seconds = time.perf_counter() - start
        records = args.coders * args.letters
        print(result.stdout.strip().splitlines()[-1] if result.stdout else result.stderr)
        print(f"merge: {records:,} letter records from {args.coders} files in {seconds:.1f} s "
              f"from process start: {records / seconds:,.0f} letter records/s")  # fmt: skip


if __name__ == "__main__":
    main()
