"""A 1 MB letter with 2,000 evidence highlights: applying them, switching to and from the letter,
adding one more, and scrolling.

    .venv/bin/python benchmarks/highlights_1mb.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from _common import ROOT

from parsing import LoadedLetter, canonical_text, parse_text
from storage.store import Prepared, Store, now


def build(store: Store) -> int:
    # A real letter whose case summary runs to 1 MB (the items stay as they are).
    seed = canonical_text((ROOT / "resources" / "samples" / "000_f4bad4b0b5901549.txt").read_text())
    cut = seed.index("IMR ISSUES, DECISIONS AND RATIONALES")
    summary = seed[seed.index("CLINICAL CASE SUMMARY") : cut]
    padding = 1_048_576 - len(seed)
    big = seed[:cut] + (summary * (padding // len(summary) + 1))[:padding] + seed[cut:]
    small = canonical_text(
        (ROOT / "resources" / "samples" / "003_77c5e383e0ba4fc8.txt").read_text()
    )
    for n, text in enumerate((small, big)):
        assert len(parse_text(text).items) < 10, (
            "the benchmark letter should have a normal item list"
        )
        loaded = LoadedLetter(f"bench-{n}.txt", text, f"sha-{n}", len(text), "txt", "utf-8")
        store.add_prepared([Prepared.of(loaded, parse_text(text))])
    rng = random.Random(5)
    labels = [label["name"] for label in store.labels()]
    with store.write() as conn:
        for _ in range(2000):
            start = rng.randrange(0, len(big) - 400)
            end = start + rng.randint(10, 300)
            conn.execute(
                'INSERT INTO highlights (letter_id, reviewer, start, "end", label, field, created_at) VALUES (2, ?, ?, ?, ?, ?, ?)',
                (
                    "bench",
                    start,
                    end,
                    rng.choice(labels),
                    f"items.{rng.randrange(2)}.rationale",
                    now(),
                ),
            )
    return len(big)


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.qt.window.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "big.db")
        size = build(store)
        window = MainWindow(
            store, "bench", QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        )
        window.show()
        session = window.session
        session.open(1)
        app.processEvents()
        to_big, from_big = [], []
        for _ in range(5):
            start = time.perf_counter()
            session.open(2)
            app.processEvents()
            to_big.append(time.perf_counter() - start)
            start = time.perf_counter()
            session.open(1)
            app.processEvents()
            from_big.append(time.perf_counter() - start)
        print(f"letter: {size / 2**20:.2f} MiB, {len(store.highlights(2))} highlights")
        print(
            f"switch to it (text, all highlights, form): median {statistics.median(to_big) * 1000:.0f} ms"
        )
        print(f"switch back to a 6 KB letter: median {statistics.median(from_big) * 1000:.0f} ms")
        session.open(2)
        app.processEvents()
        highlighter = window.letter_view.highlighter
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            highlighter.rehighlight()
            runs.append(time.perf_counter() - start)
        print(
            f"apply all 2,000 highlights to the whole 1 MB text: median {statistics.median(runs) * 1000:.0f} ms"
        )
        text = session.letter.text
        at = text.index("visible limp", 500_000)
        start = time.perf_counter()
        session.add_highlight(at, at + 12, "Clinical fact")
        app.processEvents()
        print(
            f"add one more highlight (stored, repainted): {(time.perf_counter() - start) * 1000:.1f} ms"
        )
        bar = window.letter_view.verticalScrollBar()
        steps = []
        for n in range(60):
            start = time.perf_counter()
            bar.setValue(int(bar.maximum() * n / 60))
            app.processEvents()
            steps.append((time.perf_counter() - start) * 1000)
        steps.sort()
        print(
            f"scrolling (60 jumps through the letter): median {statistics.median(steps):.1f} ms, "
            f"95th percentile {steps[int(len(steps) * 0.95)]:.1f} ms per repaint"
        )
        window.close()
        store.close()


if __name__ == "__main__":
    main()
    os._exit(0)  # skip Qt's teardown at interpreter exit
