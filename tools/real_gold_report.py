"""Per-field accuracy and calibration of the current parser on the hand-checked real-letter gold.

    .venv/bin/python tools/real_gold_report.py [--letters ../shared/real-letters] [--sample first-60|held-out-30|fresh-20]
        [--parser DIR]

Reads tests/parsing/data/real_gold.jsonl (made by tools/make_real_gold.py) and the PDFs it names; prints field names and counts
only, never letter text. --parser DIR scores the `parsing` package found in DIR instead (an older
parser: `git archive COMMIT parsing | tar -x -C DIR`), run in a child process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsing import PARSER_VERSION, load_file, parse_text  # noqa: E402
from parsing.calibration_fit import CHECKED  # noqa: E402
from parsing.evaluation import Tally, calibration_lines, evaluate, score_letter  # noqa: E402
from parsing.gold import SAMPLES, read_gold  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", default=str(ROOT.parent / "shared" / "real-letters"))
    ap.add_argument("--sample", choices=SAMPLES, default=None)
    ap.add_argument("--parser", default=None, help="a folder holding another `parsing` package")
    args = ap.parse_args()
    gold = read_gold(ROOT / "tests/parsing/data/real_gold.jsonl")
    gold = [g for g in gold if args.sample in (None, g["sample"])]
    paths = [Path(args.letters) / record["file"] for record in gold]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"missing: {missing[0]}", file=sys.stderr)
        return 1
    version, predictions = (
        _predict_elsewhere(args.parser, paths)
        if args.parser
        else (PARSER_VERSION, [parse_text(load_file(p).text).to_json_dict() for p in paths])
    )
    pairs = [(n, p, g) for n, (p, g) in enumerate(zip(predictions, gold, strict=True))]
    report = evaluate(pairs)
    report.fields = {k: v for k, v in report.fields.items() if k in CHECKED}
    item_errors = sum(len(score_letter(p, g)[1]) for _, p, g in pairs)
    print(f"parser {version} on {len(pairs)} gold letters ({args.sample or 'all'})")
    print(
        f"items: predicted {report.items_predicted}, gold {report.items_gold}, "
        f"missing or spurious {item_errors}"
    )
    for name in CHECKED:
        tally = report.fields.get(name, Tally())
        print(
            f"  {name:22} {tally.correct:4}/{tally.total:<4} {tally.accuracy:6.1%}"
            f"  wrong and sure {tally.wrong - tally.wrong_unsure}"
        )
    print("\n".join(calibration_lines(report)))
    return 0


_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from parsing import PARSER_VERSION, load_file, parse_text
records = [parse_text(load_file(p).text).to_json_dict() for p in sys.argv[2:]]
print(json.dumps([PARSER_VERSION, records]))
"""


def _predict_elsewhere(folder: str, paths: list[Path]) -> tuple[str, list[dict]]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, folder, *map(str, paths)],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    ).stdout
    version, records = json.loads(out)
    return version, records


if __name__ == "__main__":
    sys.exit(main())
