"""Keys per letter from the parser's prediction to the real-letter gold (issue 12's benchmark).

For each letter of tests/parsing/data/real_gold.jsonl (read from ../shared/real-letters), plan the
shortest sequence of the app's keys under gui.review.keystrokes' model, do it on a review session
(no window: the same session operations the keys call), check the stored gold then equals the
gold on the planned fields, and report keys per letter (median, 90th percentile) and the share
of letters accepted with one key. Run: `.venv/bin/python benchmarks/keystrokes.py`.

`--window`: press the planned keys in the real review window instead (offscreen, one key event
at a time on the focused widget; benchmarks/keystrokes_window.py), then check the database.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.review import ReviewSession  # noqa: E402
from gui.review.keystrokes import HEADER, ITEM, apply_plan, key_count, plan, value_of  # noqa: E402
from parsing import Letter, load_file, parse_text  # noqa: E402
from parsing.gold import read_gold  # noqa: E402
from storage.queue import QueueQuery  # noqa: E402
from storage.store import Store  # noqa: E402

GOLD = ROOT / "tests" / "parsing" / "data" / "real_gold.jsonl"
REAL = ROOT.parent / "shared" / "real-letters"


def target_of(prediction: Letter, gold: dict) -> Letter:
    data = prediction.to_json_dict()
    for name in HEADER:
        data[name] = gold[name]
    items = []
    for n, wanted in enumerate(gold["items"]):
        base = data["items"][n] if n < len(data["items"]) else {"request": ""}
        items.append(base | {name: wanted[name] for name in ITEM})
    data["items"] = items
    return Letter.model_validate(data)


def same(a: Letter, b: Letter) -> bool:
    def values(record: Letter) -> list[object]:
        paths = list(HEADER) + [f"items.{n}.{f}" for n in range(len(record.items)) for f in ITEM]
        return [value_of(record, p) or None for p in paths]

    return len(a.items) == len(b.items) and values(a) == values(b)


def main() -> int:
    letters = read_gold(GOLD)
    if not REAL.is_dir():
        print(f"skipped: the real letters are not at {REAL}")
        return 0
    window = "--window" in sys.argv[1:]
    if window:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from keystrokes_window import run

        counts, wrong = run(letters, REAL, target_of, same)
    else:
        counts, wrong = on_session(letters)
    print("mode: " + ("keys pressed in the real window (offscreen)" if window else "session calls"))
    return report(counts, wrong)


def on_session(letters: list[dict]) -> tuple[list[int], list[str]]:
    counts: list[int] = []
    wrong: list[str] = []
    with Store.memory() as store:
        for n, gold in enumerate(letters, start=1):
            loaded = load_file(REAL / gold["file"])
            store.add_letters([(loaded, parse_text(loaded.text))])
            session = ReviewSession(store, "bench")
            session.set_query(QueueQuery())
            session.open(n)
            assert session.prediction is not None
            target = target_of(session.prediction, gold)
            steps = plan(session.prediction, target, session.current_path)
            apply_plan(session, steps)
            stored = store.gold(n, "bench")
            if stored is None or stored.status != "done" or not same(stored.record, target):
                wrong.append(gold["file"])
            counts.append(key_count(steps))
    return counts, wrong


def report(counts: list[int], wrong: list[str]) -> int:
    counts.sort()
    p90 = counts[min(len(counts) - 1, int(0.9 * len(counts)))]
    one = sum(1 for c in counts if c == 1)
    print(f"letters: {len(counts)}; stored gold equals the gold after the keys: "
          f"{len(counts) - len(wrong)} of {len(counts)}")  # fmt: skip
    print(
        f"keys per letter: median {statistics.median(counts):g}, 90th percentile {p90}, "
        f"max {counts[-1]}; accepted with one key: {one} ({100 * one / len(counts):.0f}%)"
    )
    for name in wrong:
        print(f"  not reached: {name}")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
