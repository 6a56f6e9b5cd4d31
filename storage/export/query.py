"""The letters to export, as `ExportRecord`s (the store's export queries shaped into the export
record), and assigning splits."""

from __future__ import annotations

import math
import random
import sqlite3
from collections.abc import Iterator
from typing import Any

from pydantic_core import to_json

from ..store import Store
from ..store.exports import EXPORT_STATUSES
from .files import ExportError
from .record import EXPORT_FORMAT, ExportRecord, stored_letter

SPLIT_NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}


def _status(status: str) -> None:
    if status not in EXPORT_STATUSES:
        raise ExportError(f"--status is 'done' or 'all', not {status!r}")


def export_ids(store: Store, status: str = "done", reviewer: str | None = None) -> list[int]:
    """The ids of the letters an export will hold."""
    _status(status)
    try:
        return store.export_ids(status, reviewer)
    except sqlite3.Error as error:
        raise ExportError(f"cannot read {store.path}: {error}") from None


def contradicting_gold(
    store: Store, status: str = "done", reviewer: str | None = None
) -> list[Any]:
    """The exported gold records that break the rule that a span supports its value (each a
    `storage.verify.GoldProblem`); the store never writes such a record, so these come from a
    database changed behind its back."""
    from parsing import Letter

    from ..verify import contradiction_problems

    _status(status)
    problems: list[Any] = []
    for letter_id, who, gold_json, text in store.export_gold(status, reviewer):
        if gold_json is not None and who is not None:
            record = Letter.model_validate_json(gold_json)
            problems += contradiction_problems(letter_id, who, record, text)
    return problems


def _rows(
    store: Store, status: str, reviewer: str | None, exclude: frozenset[int] = frozenset()
) -> Iterator[dict[str, Any]]:
    """Each letter to export as plain values: its newest prediction and its gold, both as stored."""
    _status(status)
    try:
        # A letter's gold goes with its reviewer's highlights; a letter nobody changed, with all.
        highlights: dict[tuple[int, str | None], list[dict[str, Any]]] = {}
        for hid, letter_id, who, start, end, label, fld in store.all_highlights():
            entry = {"id": hid, "start": start, "end": end, "label": label, "field": fld or None,
                     "reviewer": who}  # fmt: skip
            highlights.setdefault((letter_id, who), []).append(entry)
            highlights.setdefault((letter_id, None), []).append(entry)
        rows = store.export_letters(status, reviewer)
        for lid, source, sha, text, version, pred_json, who, gstatus, note, updated, gold_json in rows:
            if lid in exclude:
                continue
            marks = [
                {**h, "text": text[h["start"] : h["end"]]} for h in highlights.get((lid, who), [])
            ]
            yield {
                "id": lid, "source": source, "sha256": sha, "text": text, "status": gstatus or "todo",
                "note": note or None, "reviewer": who, "updated_at": updated, "parser_version": version,
                "prediction_json": pred_json, "gold_json": gold_json, "highlights": marks,
            }  # fmt: skip
    except sqlite3.Error as error:
        raise ExportError(f"cannot read {store.path}: {error}") from None


def _record(row: dict[str, Any], splits: dict[int, str] | None) -> dict[str, Any]:
    """One letter in the export shape, as plain JSON values (what `ExportRecord` validates)."""
    keys = ("id", "source", "sha256", "text", "status", "note", "reviewer", "updated_at",
            "parser_version")  # fmt: skip
    prediction = stored_letter(row["prediction_json"])
    gold = prediction if row["gold_json"] is None else stored_letter(row["gold_json"])
    return {
        "format": EXPORT_FORMAT,
        **{k: row[k] for k in keys},
        "split": (splits or {}).get(row["id"]),
        "prediction": prediction,
        "gold": gold,
        "highlights": row["highlights"],
    }


def export_records(
    store: Store,
    status: str = "done",
    reviewer: str | None = None,
    splits: dict[int, str] | None = None,
    exclude: frozenset[int] = frozenset(),
) -> Iterator[ExportRecord]:
    """The letters to export as typed records (gold is the prediction while nobody changed it)."""
    for row in _rows(store, status, reviewer, exclude):
        yield ExportRecord.model_validate(_record(row, splits))


def export_json_lines(
    store: Store,
    status: str = "done",
    reviewer: str | None = None,
    splits: dict[int, str] | None = None,
    exclude: frozenset[int] = frozenset(),
) -> Iterator[bytes]:
    """The same records as JSON Lines rows (UTF-8), serialised without building models (the
    bulk path); a test holds each row equal to its `ExportRecord`'s JSON."""
    for row in _rows(store, status, reviewer, exclude):
        yield to_json(_record(row, splits))


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
