"""Make the real-letter test gold with imr-review itself: import the letters with the app's
importer into a fresh database, review each one through the review session (the calls the window
makes when a coder types a value, selects the rationale in the letter, confirms a field they
checked, and marks the letter done), export with `imr-review export --format jsonl`, and keep
that export with the letter text taken out as tests/parsing/data/real_gold.jsonl.

    .venv/bin/python tools/make_real_gold.py [--letters ../shared/real-letters]
        [--hand tests/parsing/data/real_gold.jsonl ...] [--out tests/parsing/data/real_gold.jsonl]
        [--keep-db DB]

--hand holds the hand-checked values to enter (an earlier export of this script, or the older
`imr-real-gold/1` file; repeat it to add letters). Every checked field the parser got wrong is typed in (`edit`), every
one it got right is confirmed; the script prints, by field, how many were typed and how many
confirmed (names and counts only, never letter text). Taken out of the export: the letter text,
the parser's prediction (its warnings quote the letter), the gold's confidences and warnings,
the guideline texts (whole sentences of the letter, checked by rule only) and highlights; `source` keeps the file name only; `sample` says which sample the letter
was drawn in.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gui.review import ReviewSession  # noqa: E402
from parsing.calibration_fit import CHECKED  # noqa: E402
from parsing.evaluation import normalise  # noqa: E402
from parsing.gold import read_gold  # noqa: E402
from storage.importer import import_paths  # noqa: E402
from storage.store import Store  # noqa: E402

GOLD = ROOT / "tests/parsing/data/real_gold.jsonl"
REVIEWER = "hand-check"
ITEM_FIELDS = [name.split(".", 1)[1] for name in CHECKED if name.startswith("items.")]
LETTER_FIELDS = [name for name in CHECKED if not name.startswith("items.")]


def review(session: ReviewSession, letter_id: int, hand: dict[str, Any], tally: Counter[str]) -> None:
    """Enter one letter's hand-checked values as a coder would, and mark it done."""
    session.open(letter_id)
    record = session.record
    assert record is not None
    if len(record.items) != len(hand["items"]):
        raise SystemExit(
            f"{hand['file']}: the parser found {len(record.items)} items, the hand gold has "
            f"{len(hand['items'])}; review this letter in the window"
        )
    paths: list[tuple[str, Any]] = [(name, hand.get(name)) for name in LETTER_FIELDS]
    for n, item in enumerate(hand["items"]):
        paths += [(f"items.{n}.{name}", item.get(name)) for name in ITEM_FIELDS]
    for path, wanted in paths:
        assert session.record is not None
        now = session.record.model_dump(mode="json")
        for part in path.split("."):
            now = now[int(part)] if part.isdigit() else now.get(part)
        field = path.split(".")[-1] if path.startswith("items.") else path
        rationale = path.endswith(".rationale")
        if (now == wanted) if rationale else (normalise(now) == normalise(wanted)):
            session.confirm(path)
            tally[f"confirmed {field}"] += 1
        elif rationale:
            # the coder selects the rationale in the letter and fills the field from it
            session.fill_from_selection(wanted["start"], wanted["end"], path)
            tally[f"typed {field}"] += 1
        else:
            session.edit(path, wanted)
            tally[f"typed {field}"] += 1
    session.done_and_next()


def strip(row: dict[str, Any], sample: str | None) -> dict[str, Any]:
    """An export row with the letter's text taken out."""
    items = [
        {**item, "claims_administrator_guideline": None, "reviewer_guideline": None}
        for item in row["gold"]["items"]
    ]
    gold = {**row["gold"], "items": items, "warnings": [], "confidence": []}
    return {
        "format": row["format"],
        "source": Path(row["source"]).name,
        "sha256": row["sha256"],
        "sample": sample,
        "status": row["status"],
        "reviewer": row["reviewer"],
        "parser_version": row["parser_version"],
        "gold": gold,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=Path, default=ROOT.parent / "shared" / "real-letters")
    ap.add_argument(
        "--hand", type=Path, action="append", help="hand-checked values (repeat to join files)"
    )
    ap.add_argument("--out", type=Path, default=GOLD)
    ap.add_argument("--keep-db", type=Path, default=None, help="keep the review database here")
    args = ap.parse_args()
    hand = [record for path in args.hand or [GOLD] for record in read_gold(path)]
    files = [args.letters / g["file"] for g in hand]
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"the real letters are not at {args.letters} ({missing[0].name} missing)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep_db or Path(tmp) / "review.db"
        with Store.open(db) as store:
            summary = import_paths(store, [str(f) for f in files])
            if summary.failed or len(summary.imported) != len(files):
                print(f"import: {summary.failed or 'duplicates'}", file=sys.stderr)
                return 1
            by_sha = {store.letter(i).sha256: i for i in store.letter_ids()}
            session = ReviewSession(store, REVIEWER)
            tally: Counter[str] = Counter()
            for record in hand:
                review(session, by_sha[record["sha256"]], record, tally)
        export = Path(tmp) / "export.jsonl"
        subprocess.run(
            [sys.executable, "-m", "gui.cli", "export", "--db", str(db), "--format", "jsonl",
             "--out", str(export), "--status", "done"],
            check=True, cwd=ROOT,
        )  # fmt: skip
        sample = {g["sha256"]: g.get("sample") for g in hand}
        rows = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    rows.sort(key=lambda r: (sample[r["sha256"]] or "", Path(r["source"]).name))
    args.out.write_text(
        "".join(json.dumps(strip(r, sample[r["sha256"]]), ensure_ascii=False) + "\n" for r in rows),
        encoding="utf-8",
    )
    print(f"reviewed {len(rows)} letters as {REVIEWER!r}; wrote {args.out}")
    for key, count in sorted(tally.items()):
        print(f"  {key}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
