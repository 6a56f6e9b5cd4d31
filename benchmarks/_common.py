"""Helpers shared by the benchmark scripts (run outside the test suite: `make bench`)."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
# The code timed: this checkout's, or another's (gui_50k.py --against sets it for the other's
# runs; before, this line put this checkout first whatever PYTHONPATH said, and both sides of a
# comparison ran the same code).
sys.path.insert(0, os.environ.get("IMR_BENCH_CODE", str(ROOT)))

from synthetic import random_letter, render  # noqa: E402


def synthetic_texts(count: int, seed: int = 7, target_bytes: int = 6000) -> list[str]:
    """`count` distinct synthetic letters of about `target_bytes` each."""
    rng = random.Random(seed)
    texts = []
    while len(texts) < count:
        letter = random_letter(rng)
        text = render(letter)
        while len(text.encode()) < target_bytes:
            letter.filler_sentences += 6
            text = render(letter)
        texts.append(text)
    return texts
