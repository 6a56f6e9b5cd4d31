"""Parse throughput on ~6 KB synthetic letters, one core. Target: >= 1,000 letters/s.

.venv/bin/python benchmarks/parse_throughput.py [--letters 3000]
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import synthetic_texts

from parsing import canonical_text, parse_text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    texts = [canonical_text(t) for t in synthetic_texts(args.letters)]
    sizes = [len(t.encode()) for t in texts]
    for t in texts[:50]:
        parse_text(t)  # warm regex caches
    rates = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for t in texts:
            parse_text(t)
        rates.append(len(texts) / (time.perf_counter() - start))
    print(f"letters: {len(texts)}, mean size {statistics.mean(sizes) / 1024:.1f} KiB")
    print(
        f"parse throughput: {statistics.median(rates):,.0f} letters/s (median of {args.repeats}; "
        f"best {max(rates):,.0f}) on one core; target >= 1,000"
    )
    big = canonical_text("x" * 5_000_000)
    start = time.perf_counter()
    parse_text(big)
    print(f"5 MB single-line file: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
