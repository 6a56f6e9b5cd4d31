"""Reading the letters to export from the store, as `ExportRecord`s, and assigning splits.

The SQL lives here until the store grows an export query of its own (issue 14).
"""

from __future__ import annotations

import math
import random
import sqlite3
from collections.abc import Iterator
from typing import Any

from ..store import Store
from .files import ExportError
from .record import ExportLetter, ExportRecord

SPLIT_NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}

_RECORDS_SQL = """
SELECT l.id, l.source_path, l.sha256, l.text, p.parser_version, p.record,
       g.reviewer, g.status, g.updated_at, g.record
FROM letters l
JOIN predictions p ON p.id = (SELECT max(id) FROM predictions WHERE letter_id = l.id)
LEFT JOIN gold g ON g.id = (
    SELECT id FROM gold WHERE letter_id = l.id {reviewer_filter}
    ORDER BY status = 'done' DESC, updated_at DESC LIMIT 1)
{where}
ORDER BY l.id
"""

_HIGHLIGHTS_SQL = (
    'SELECT id, letter_id, reviewer, start, "end", label, field FROM highlights '
    'ORDER BY letter_id, start, "end", id'
)


def export_records(
    store: Store, status: str = "done", reviewer: str | None = None
) -> Iterator[ExportRecord]:
    """The letters to export, each with its newest prediction and its gold (or the prediction)."""
    if status not in ("done", "all"):
        raise ExportError(f"--status is 'done' or 'all', not {status!r}")
    sql = _RECORDS_SQL.format(
        reviewer_filter="AND reviewer = :reviewer" if reviewer else "",
        where="WHERE g.status = 'done'" if status == "done" else "",
    )
    try:
        # A letter's gold goes with its reviewer's highlights; a letter nobody changed, with all.
        highlights: dict[tuple[int, str | None], list[dict[str, Any]]] = {}
        for hid, letter_id, who, start, end, label, fld in store.conn.execute(_HIGHLIGHTS_SQL):
            entry = {
                "id": hid,
                "start": start,
                "end": end,
                "label": label,
                "field": fld or None,
                "reviewer": who,
            }
            highlights.setdefault((letter_id, who), []).append(entry)
            highlights.setdefault((letter_id, None), []).append(entry)
        rows = store.conn.execute(sql, {"reviewer": reviewer})
        for lid, source, sha, text, version, pred_json, who, gstatus, updated, gold_json in rows:
            prediction = ExportLetter.from_stored(pred_json)
            marks = [
                {**h, "text": text[h["start"] : h["end"]]} for h in highlights.get((lid, who), [])
            ]
            yield ExportRecord.model_validate(
                {
                    "id": lid,
                    "source": source,
                    "sha256": sha,
                    "text": text,
                    "status": gstatus or "todo",
                    "reviewer": who,
                    "updated_at": updated,
                    "parser_version": version,
                    "split": None,
                    "prediction": prediction,
                    "gold": prediction
                    if gold_json is None
                    else ExportLetter.from_stored(gold_json),
                    "highlights": marks,
                }
            )
    except sqlite3.Error as error:
        raise ExportError(f"cannot read {store.path}: {error}") from None


def parse_split(spec: str) -> tuple[list[float], tuple[str, ...]]:
    """ "80,10,10" -> ([0.8, 0.1, 0.1], ("train", "dev", "test")); ExportError otherwise."""
    usage = f"--split takes two or three non-negative numbers like 80,10,10, not {spec!r}"
    try:
        parts = [float(p) for p in str(spec).split(",")]
    except ValueError:
        raise ExportError(f"--split takes numbers like 80,10,10, not {spec!r}") from None
    if len(parts) not in SPLIT_NAMES or not all(math.isfinite(p) and p >= 0 for p in parts):
        raise ExportError(usage)
    total = sum(parts)
    if not math.isfinite(total) or total <= 0:
        raise ExportError(f"{usage} (their sum must be a positive, finite number)")
    return [p / total for p in parts], SPLIT_NAMES[len(parts)]


def assign_splits(ids: list[int], spec: str, seed: int) -> dict[int, str]:
    """Each letter in exactly one part; the same ids and seed always give the same split."""
    fractions, names = parse_split(spec)
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    out: dict[int, str] = {}
    start = 0
    cumulative = 0.0
    for n, (fraction, name) in enumerate(zip(fractions, names, strict=True)):
        cumulative += fraction
        end = len(order) if n == len(names) - 1 else round(cumulative * len(order))
        for letter_id in order[start:end]:
            out[letter_id] = name
        start = end
    return out
