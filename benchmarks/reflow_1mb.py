"""Reflowing a 1 MB letter for display and snapping selections in it (gui.review.reflow and
gui.review.tokens); run: `.venv/bin/python benchmarks/reflow_1mb.py`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.review.reflow import Reflow  # noqa: E402
from gui.review.tokens import grow_selection, snap_to_token  # noqa: E402

SEED = next((ROOT / "resources" / "samples").glob("000_*.txt"))


def main() -> None:
    text = SEED.read_text(encoding="utf-8")
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    start = time.perf_counter()
    flow = Reflow(big)
    built = time.perf_counter() - start
    start = time.perf_counter()
    for offset in range(0, len(big), 1000):
        flow.span_to_canonical(*flow.span_to_display(offset, offset + 50))
    mapped = time.perf_counter() - start
    start = time.perf_counter()
    for offset in range(0, len(big), 1000):
        grow_selection(big, *snap_to_token(big, offset, offset))
    snapped = time.perf_counter() - start
    print(f"reflow of 1 MB: {built:.2f} s ({len(big) - len(flow.display)} characters joined); "
          f"1000 span round trips: {mapped * 1000:.1f} ms; "
          f"1000 snaps and grows: {snapped * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
