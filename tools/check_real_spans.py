"""Whether any span the parser gives on the real letters breaks the gold's support rule
(parsing/support.py): such a span is removed, with a `repair` audit row, at the first gold write.

    .venv/bin/python tools/check_real_spans.py [--letters ../shared/real-letters]

Parses every PDF and text letter in the folder and prints, per letter that has any, the file name
and the field paths whose span does not support the value (names and counts only, never letter
text); exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsing import load_file, parse_text  # noqa: E402
from parsing.support import contradictions  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=Path, default=ROOT.parent / "shared" / "real-letters")
    args = ap.parse_args()
    files = sorted(p for p in args.letters.iterdir() if p.suffix.lower() in (".pdf", ".txt"))
    if not files:
        print(f"no letters at {args.letters}", file=sys.stderr)
        return 1
    broken = 0
    for path in files:
        text = load_file(path).text
        bad = list(contradictions(parse_text(text), text))
        if bad:
            broken += len(bad)
            print(f"{path.name}: {', '.join(bad)}")
    print(f"{len(files)} letters; parser spans that do not support their value: {broken}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
