"""The cost of reading and writing one `imr-letter/1` record (the store's and the session's hot path).

Times `Letter.model_validate_json` (a record read from the database), `Letter.model_validate` of
its JSON values, `Letter.model_dump_json`, `Letter.to_json_dict` and the store's
`json.dumps(letter.to_json_dict())` on real-size records: the bundled sample with the most spans
and, when ../shared/real-letters is beside the repository, the real letter with the most spans.
Prints the best of 15 rounds in thread CPU time, in microseconds per call; run it on two
checkouts to compare them.

    .venv/bin/python benchmarks/letter_model.py
"""

from __future__ import annotations

import json
import time
import timeit
from collections.abc import Callable

import _common

from parsing import Letter, load_file, parse_text

SAMPLES = _common.ROOT / "resources" / "samples"
REAL = _common.ROOT.parent / "shared" / "real-letters"


def records() -> list[tuple[str, Letter]]:
    """(name, parsed record) of the bundled sample and the real letter with the most spans."""
    samples = sorted(SAMPLES.glob("*.txt"))
    chosen = [max((parse_text(p.read_text()) for p in samples), key=lambda r: len(r.spans))]
    names = ["bundled sample"]
    if REAL.is_dir():
        parsed = (parse_text(load_file(p).text) for p in sorted(REAL.glob("*.pdf")))
        chosen.append(max(parsed, key=lambda r: len(r.spans)))
        names.append("real letter, most spans")
    return list(zip(names, chosen, strict=True))


def best_us(work: Callable[[], object], number: int = 500, rounds: int = 15) -> float:
    """The best of ``rounds`` runs of ``number`` calls, in CPU time of this thread (others' load
    on a shared machine counts less than in wall time), microseconds per call."""
    runs = (timeit.timeit(work, number=number, timer=time.thread_time) for _ in range(rounds))
    return min(runs) / number * 1e6


def cases(letter: Letter) -> dict[str, Callable[[], object]]:
    stored = json.dumps(letter.to_json_dict(), ensure_ascii=False)
    values = json.loads(stored)
    return {
        "model_validate_json": lambda: Letter.model_validate_json(stored),
        "model_validate (JSON values)": lambda: Letter.model_validate(values),
        "model_dump_json": lambda: letter.model_dump_json(by_alias=True),
        "to_json_dict": letter.to_json_dict,
        "json.dumps(to_json_dict())": lambda: json.dumps(letter.to_json_dict(), ensure_ascii=False),
    }


def main() -> None:
    for name, letter in records():
        size = len(letter.model_dump_json(by_alias=True))
        print(f"{name}: {len(letter.spans)} spans, {len(letter.items)} items, {size} bytes")
        for label, work in cases(letter).items():
            print(f"  {label:30} {best_us(work):8.1f} us")


if __name__ == "__main__":
    main()
