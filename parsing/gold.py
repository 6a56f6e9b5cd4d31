"""Reading the real-letter gold kept beside the tests: the rows `imr-review export --format
jsonl` wrote for the reviewed letters, with the letter text taken out (`tools/make_real_gold.py`),
or the older hand-made `imr-real-gold/1` file. Either way, one dict per letter in the
`imr-letter/1` shape (``spans`` a map of path to [start, end]) with ``file``, ``sha256`` and
``sample``, ready for `parsing.evaluation.score_letter`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# first-60 and held-out-30 were drawn and checked before parser 1.3.0; fresh-20 was drawn from
# the letters no test or document named and checked against parser 1.5.0 (tests/parsing/data).
SAMPLES = ("first-60", "held-out-30", "fresh-20")


def read_gold(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        letters: list[dict[str, Any]] = json.loads(text)["letters"]
        return letters
    return [from_export_row(json.loads(line)) for line in text.splitlines() if line.strip()]


def from_export_row(row: dict[str, Any]) -> dict[str, Any]:
    """An `imr-export/2` row (text removed) as a gold letter."""
    gold = dict(row["gold"])
    gold["spans"] = {s["path"]: [s["start"], s["end"]] for s in gold.get("spans", [])}
    gold["confidence"] = {}
    gold["review"] = {r["path"]: r["mark"] for r in gold.get("review", [])}
    return {
        **gold,
        "file": Path(row["source"]).name,
        "sha256": row["sha256"],
        "sample": row.get("sample"),
        "status": row.get("status"),
    }
