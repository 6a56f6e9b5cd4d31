"""Exporting the gold data: JSON Lines, CSV, Excel, brat standoff, spaCy DocBin, Label Studio.

One typed record (`record.ExportRecord`, format `imr-export/2`) per letter is read from the store
(`query`); each format is a module over those records. Writing goes through `files`: a private
temporary file renamed into place when complete, and never over a file or folder that an
earlier export did not write. docs/export.md documents each format and how to load it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..store import Store
from .files import ExportError, atomic_file, check_file_target, check_out, clean_leftovers
from .jsonl import write_jsonl
from .query import (
    assign_splits,
    contradicting_gold,
    export_ids,
    export_json_lines,
    export_records,
    parse_split,
)
from .record import EXPORT_FORMAT, ExportRecord

FORMATS = ("jsonl", "csv", "xlsx", "brat", "spacy", "label-studio")
STATUS_CHOICES = ("done", "all")

__all__ = [
    "EXPORT_FORMAT", "FORMATS", "ExportError", "ExportRecord", "ExportResult", "assign_splits",
    "atomic_file", "check_file_target", "export", "export_records", "parse_split",
]  # fmt: skip


@dataclass
class ExportResult:
    letters: int
    written: list[Path]
    refused: list[str] = field(
        default_factory=list
    )  # records left out: gold that contradicts itself


def _check_arguments(fmt: str, status: str, reviewer: object, split: object, seed: object) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if status not in STATUS_CHOICES:
        raise ExportError(f"--status is 'done' or 'all', not {status!r}")
    if reviewer is not None and (not isinstance(reviewer, str) or not reviewer.strip()):
        raise ExportError(f"--reviewer must be a reviewer's name, not {reviewer!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ExportError(f"--seed must be a whole number, not {seed!r}")
    if split is not None:
        if not isinstance(split, str):
            raise ExportError(f"--split takes numbers like 80,10,10, not {split!r}")
        parse_split(split)


# File endings that belong to one export format: a name ending in another format's is a mistake
# (an Excel workbook named .csv opens as garbage). Other endings, and none, are the user's choice.
_ENDINGS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx", ".spacy": "spacy"}


def _a(word: str) -> str:
    """ "a jsonl", "an xlsx", "a csv": by how the name is said."""
    return f"{'an' if word[0] in 'aeiox' else 'a'} {word}"


def _check_ending(fmt: str, out: Path) -> None:
    named = _ENDINGS.get(out.suffix.lower())
    if fmt != "brat" and named is not None and named != fmt:
        raise ExportError(
            f"--out {out.name} ends in {out.suffix}, the ending of {_a(named)} export, but the format "
            f"is {fmt}: name the file for its format (nothing was written)"
        )


def _targets(fmt: str, out: Path, splits: tuple[str, ...]) -> list[Path]:
    """Every file a file format will write, so all are checked before any is written."""
    if fmt == "csv":
        from .tables import companion

        return [out, companion(out, "items")]
    if fmt == "label-studio":
        return [out, out.with_name(f"{out.stem}.label-config.xml")]
    if fmt == "spacy" and splits:
        return [out.with_name(f"{out.stem}.{s}{out.suffix or '.spacy'}") for s in sorted(splits)]
    return [out]


def export(
    store: Store,
    fmt: str,
    out: str | os.PathLike[str],
    *,
    status: str = "done",
    reviewer: str | None = None,
    split: str | None = None,
    seed: int = 0,
) -> ExportResult:
    """Write the store's letters in one format. Raises ExportError; never leaves partial files,
    never writes over anything an earlier export did not write."""
    _check_arguments(fmt, status, reviewer, split, seed)
    if reviewer is not None:
        known = store.gold_reviewers()
        if reviewer not in known:
            raise ExportError(
                f"no gold by a reviewer named {reviewer!r} in this database"
                + (f" (reviewers: {', '.join(known)})" if known else "")
            )
    target = check_out(out, folder=fmt == "brat")
    _check_ending(fmt, target)
    ids = export_ids(store, status, reviewer)
    splits = assign_splits(ids, split, seed) if split is not None else {}
    parts = parse_split(split)[1] if split is not None else ()
    if fmt != "brat":
        clean_leftovers(target.parent)
        for path in _targets(fmt, target, parts):
            check_file_target(path)
    # Gold that breaks its own rule (a span whose text does not support its value) is never
    # exported as ground truth: it is named instead, for `imr-review check` to look at.
    problems = contradicting_gold(store, status, reviewer)
    refused = [str(p) for p in problems]
    exclude = frozenset(p.letter_id for p in problems)
    if fmt == "jsonl":  # streamed: the bulk path never holds every letter in memory
        count = write_jsonl(export_json_lines(store, status, reviewer, splits, exclude), target)
        return ExportResult(count, [target], refused)
    records = list(export_records(store, status, reviewer, splits, exclude))
    label_names = [label["name"] for label in store.labels()]
    if fmt in ("csv", "xlsx"):
        from .tables import write_csv, write_xlsx

        written = write_csv(records, target) if fmt == "csv" else write_xlsx(records, target)
    elif fmt == "brat":
        from .brat import write_brat

        written = write_brat(records, target, label_names)
    elif fmt == "spacy":
        from .spacy_docbin import write_spacy

        written = write_spacy(records, target, parts)
    else:
        from .label_studio import write_label_studio

        written = write_label_studio(records, target, label_names)
    return ExportResult(len(records), written, refused)
