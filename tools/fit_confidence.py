"""Fit the parser's confidence table on the real-letter gold, and say how well it would do on
letters it was not fitted on (k-fold cross-validation by letter).

    .venv/bin/python tools/fit_confidence.py [--letters ../shared/real-letters] [--folds 5]
        [--check]

Parses each gold letter with the rules' raw scores (`parse_text(text, calibrated=False)`),
tallies per field and raw score how many fields were right, and writes
parsing/confidence_table.py (--check only reports). Prints counts and rates only, never letter
text. The targets (issue 10): at least 90% of the wrong fields below the unsure threshold, at
most 15% of all fields below it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsing import UNSURE_BELOW  # noqa: E402
from parsing.calibration_fit import cross_validate, fit, measure, observe  # noqa: E402
from parsing.gold import read_gold  # noqa: E402

GOLD = ROOT / "tests/parsing/data/real_gold.jsonl"
TABLE = ROOT / "parsing/confidence_table.py"


def describe(label: str, m: dict[str, float]) -> str:
    wrong, total = m["wrong"], m["fields"]
    share_wrong = m["wrong_flagged"] / wrong if wrong else 1.0
    return (
        f"{label}: wrong fields below {UNSURE_BELOW}: {m['wrong_flagged']:.0f} of {wrong:.0f} "
        f"({share_wrong:.1%}; target >= 90%); all fields below it: {m['flagged']:.0f} of "
        f"{total:.0f} ({m['flagged'] / total:.1%}; target <= 15%); Brier score {m['brier']:.4f}"
    )


def write_table(counts: dict[str, dict[str, tuple[int, int]]], letters: int) -> None:
    rows = "".join(f"    {name!r}: {cells!r},\n" for name, cells in counts.items())
    TABLE.write_text(
        '"""Written by tools/fit_confidence.py from the real-letter gold; do not edit by hand.\n\n'
        f"field -> raw score -> (right, total) over {letters} gold letters.\n"
        '"""\n\n'
        f"COUNTS: dict[str, dict[str, tuple[int, int]]] = {{\n{rows}}}  # fmt: skip\n",
        encoding="utf-8",
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=Path, default=ROOT.parent / "shared" / "real-letters")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--check", action="store_true", help="report only; leave the table as it is")
    args = ap.parse_args()
    gold = sorted(read_gold(args.gold), key=lambda g: g["sha256"])
    missing = [g["file"] for g in gold if not (args.letters / g["file"]).is_file()]
    if missing:
        print(f"the real letters are not at {args.letters} ({missing[0]} missing)", file=sys.stderr)
        return 1
    letters = observe(gold, args.letters)
    counts = fit(letters)
    print(f"{len(gold)} gold letters; the rules' raw scores as they are:")
    print("  " + describe("raw", measure(letters, {})))
    print("  " + describe("fitted on all (in-sample)", measure(letters, counts)))
    folds = cross_validate(letters, args.folds)
    print("  " + describe(f"{args.folds}-fold cross-validated", folds))
    if not args.check:
        write_table(counts, len(gold))
        print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
