"""The review window with 50,000 letters: launch to first letter, letter switching, memory.

    .venv/bin/python benchmarks/gui_50k.py [--letters 50000] [--db /tmp/imr-bench-50k.db]

Targets (issue 4): launch < 1.5 s; switching median and 95th percentile < 30 ms; RSS < 300 MB.
The database is built once (synthetic ~6 KB letters) and reused.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import synthetic_texts


def build(db: Path, count: int) -> None:
    from storage.importer import import_paths
    from storage.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n, text in enumerate(synthetic_texts(count, seed=50)):
            (folder / f"l{n:06d}.txt").write_text(text)
        with Store.open(db) as store:
            summary = import_paths(store, [str(folder)])
            print(f"built {db}: {len(summary.imported)} letters in {summary.seconds:.0f} s")


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def launch(db: Path, runs: int) -> None:
    exe = Path(sys.executable).parent / "imr-review"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IMR_REVIEW_EXIT_AFTER_START": "1"}
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as config:
            env["XDG_CONFIG_HOME"] = config
            start = time.perf_counter()
            process = subprocess.Popen(
                [str(exe), "--db", str(db), "--reviewer", "bench"],
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            assert process.stderr is not None
            for line in process.stderr:
                if "first letter shown" in line:
                    times.append(time.perf_counter() - start)
                    break
            process.wait()
    print(
        f"launch to first letter shown: median {statistics.median(times):.2f} s, best {min(times):.2f} s "
        f"over {runs} runs (process start, Python and Qt import included); target < 1.5 s"
    )


def switching(db: Path, count: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.qt.window.main_window import MainWindow
    from storage.store import Store

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp, Store.open(db) as store:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        started = time.perf_counter()
        window = MainWindow(store, "bench", settings)
        window.show()
        app.processEvents()
        print(
            f"window with {len(window.session.ids):,} letters built and shown in {time.perf_counter() - started:.2f} s (in process)"
        )
        kinds: dict[str, list[float]] = {"next": [], "jump": []}
        for n in range(count):
            ids = window.session.ids
            start = time.perf_counter()
            if n % 2:  # a jump across the queue (search result, click on a far row)
                window.session.open(ids[(n * 997 + 1) % len(ids)])
            else:  # the next letter (Ctrl+Right, Ctrl+Return)
                position = window.session.position or 0
                window.session.open(ids[min(position + 1, len(ids) - 1)])
            app.processEvents()
            kinds["jump" if n % 2 else "next"].append((time.perf_counter() - start) * 1000)
        for name, values in [*kinds.items(), ("all", kinds["next"] + kinds["jump"])]:
            values.sort()
            print(
                f"switching letters ({name}): median {statistics.median(values):.1f} ms, "
                f"95th percentile {values[int(len(values) * 0.95)]:.1f} ms, max {values[-1]:.1f} ms "
                f"over {len(values)} switches; target < 30 ms"
            )
        print(f"resident memory after switching: {rss_mb():.0f} MB; target < 300 MB")
        window.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=50_000)
    ap.add_argument("--db", default=f"/tmp/imr-bench-{50_000}.db")
    ap.add_argument("--switches", type=int, default=400)
    args = ap.parse_args()
    db = Path(args.db)
    if not db.exists():
        build(db, args.letters)
    launch(db, runs=5)
    switching(db, args.switches)


if __name__ == "__main__":
    main()
