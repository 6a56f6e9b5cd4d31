"""`imr-review merge`: bring coders' work databases back into the main database.

Letters are matched by the sha256 of their file and must have the same text. Each reviewer's
gold, highlights and audit rows are copied as they are (highlight ids renumbered, the audit log
with them, so it still replays); another reviewer's record is never touched, and a record the
main database already holds for that reviewer from elsewhere is never overwritten: the file is
refused instead. Merging the same file again changes nothing; merging it after the coder did
more work brings the newer work. Each file is one transaction: all of it or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsing import Letter
from parsing.edits import HEADER_FIELDS, ITEM_FIELDS

from ..history import diff
from ..store import Store, StoreError, team
from ..store.health import SQLITE_MAGIC
from ..store.reads import write_audit
from ..store.repair import repair_contradictions
from .meta import meta


@dataclass
class FileMerge:
    """What merging one work database did."""

    path: Path
    coder: str = ""
    merged: list[tuple[int, str]] = field(default_factory=list)  # (main letter id, reviewer)
    reopened: list[int] = field(default_factory=list)  # settled letters a changed answer reopened
    reviewers: set[str] = field(default_factory=set)  # whose records the file held
    unchanged: int = 0
    error: str | None = None

    def summary(self) -> str:
        if self.error:
            return f"{self.path}: not merged: {self.error}"
        who = ", ".join(sorted(self.reviewers)) or self.coder or "a coder"
        text = (f"{self.path}: {len(self.merged)} letter record(s) of {who} merged, "
                f"{self.unchanged} already merged and unchanged")  # fmt: skip
        if not self.merged and not self.unchanged and self.coder:
            text += (f"; no letter of {self.coder}'s was finished in it: if their window is still "
                     "open, have them close it and send the file again")
        if self.coder and self.reviewers - {self.coder}:
            text += f" (the file was assigned to {self.coder})"
        if self.reopened:
            letters = ", ".join(str(n) for n in self.reopened)
            text += (f"; letter(s) {letters} had been settled and are open again for the lead "
                     "(exports leave them out until the lead marks them done again)")
        return text


def merge(main: Store, paths: list[Path]) -> list[FileMerge]:
    """Merge each file in turn; a refused file does not stop the others."""
    results = []
    for path in paths:
        result = FileMerge(Path(path))
        try:
            _merge_file(main, result)
        except StoreError as error:
            result.error = str(error)
            result.merged = []
        results.append(result)
    return results


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _remap(value: Any, ids: dict[int, int]) -> Any:
    """A logged highlight value (or a start row's list of them) with main's highlight ids."""
    if isinstance(value, dict):
        out = dict(value)
        if isinstance(out.get("id"), int) and out["id"] in ids:
            out["id"] = ids[out["id"]]
        if isinstance(out.get("highlights"), list):
            out["highlights"] = [_remap(h, ids) for h in out["highlights"]]
        return out
    return value


def _changed_paths(old: Letter, new: Letter) -> set[str]:
    """The form's fields whose values differ between two records ("items": the item count)."""
    changed = {f.name for f in HEADER_FIELDS if getattr(old, f.name) != getattr(new, f.name)}
    if len(old.items) != len(new.items):
        changed.add("items")
    for n in range(min(len(old.items), len(new.items))):
        for spec in ITEM_FIELDS:
            if getattr(old.items[n], spec.name) != getattr(new.items[n], spec.name):
                changed.add(f"items.{n}.{spec.name}")
    return changed


def _reopen(
    conn: Any, letter_id: int, old: Letter, new: Letter, stamp: str, result: FileMerge
) -> None:
    """A coder's answer changed after a lead settled the letter: the lead's marks on the changed
    fields go (those disagreements are open again) and a finished adjudication is in progress
    again, both logged like any change."""
    changed = _changed_paths(old, new)
    if not changed:
        return
    for lead, record_json, status in team.adjudications(conn, letter_id):
        record = Letter.model_validate_json(record_json)
        review = {k: v for k, v in record.review.items() if k not in changed}
        reopened = record.model_copy(update={"review": review})
        old_data, new_data = record.to_json_dict(), reopened.to_json_dict()
        new_status = "in_progress" if status == "done" else status
        payload = json.dumps(new_data, ensure_ascii=False)
        team.reopen_adjudication(conn, letter_id, lead, payload, new_status, stamp)
        patch = diff(old_data, new_data)
        write_audit(conn, letter_id, lead, "reopen", "", None, None, stamp, patch)
        if new_status != status:
            write_audit(conn, letter_id, lead, "status", "status", status, new_status, stamp)
        if letter_id not in result.reopened:
            result.reopened.append(letter_id)


def _merge_file(main: Store, result: FileMerge) -> None:
    path = result.path
    if path.is_dir():
        raise StoreError("it is a folder: name the work files in it (for example work/*.db)")
    if not path.is_file():
        raise StoreError("no such file")
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise StoreError(f"cannot read it ({error.strerror or error})") from None
    if head != SQLITE_MAGIC:
        raise StoreError("it is not a database: a work file is the .db `imr-review assign` made")
    if _same_file(path, Path(main.path)):
        raise StoreError("that is the main database itself")
    work = Store.open(path, readonly=True)
    try:
        _merge_open(main, work, result)
    finally:
        work.close()


def _merge_open(main: Store, work: Store, result: FileMerge) -> None:
    theirs, ours = meta(work), meta(main)
    if theirs.get("role") != "work":
        raise StoreError("it is not a work database made by `imr-review assign`")
    if theirs.get("project_id") != ours.get("project_id"):
        raise StoreError("it was assigned from another project's main database")
    result.coder = theirs.get("coder", "")
    work_id = theirs["database_id"]
    main_letters = {sha: (i, text) for i, sha, text in main.letter_texts()}
    main_texts = dict(main_letters.values())
    work_letters = {i: (sha, text) for i, sha, text in work.letter_texts()}
    plan: list[tuple[tuple[Any, ...], int, str, Letter | None]] = []
    for row in work.gold_rows():
        work_letter, reviewer, version = row[0], row[1], row[7]
        sha, text = work_letters[work_letter]
        if sha not in main_letters:
            raise StoreError(f"its letter {work_letter} ({sha[:12]}…) is not in the main database")
        main_letter, main_text = main_letters[sha]
        if main_text != text:
            raise StoreError(f"its letter {work_letter} ({sha[:12]}…) reads differently from the main "
                             "database's (changed since it was assigned)")  # fmt: skip
        merged = main.merged_version(work_id, reviewer, sha)
        if merged is not None and merged == version:
            result.unchanged += 1
            continue
        held = main.gold(main_letter, reviewer)
        if merged is None and held is not None:
            raise StoreError(f"the main database already holds {reviewer}'s own record of letter "
                             f"{main_letter}, not from this file; it is never overwritten")  # fmt: skip
        if merged is not None and held is not None and held.version != merged:
            raise StoreError(f"{reviewer}'s record of letter {main_letter} was changed in the main "
                             "database since this file was last merged; it is never overwritten")  # fmt: skip
        plan.append((row, main_letter, sha, held.record if held is not None else None))
        result.reviewers.add(reviewer)
    if not plan:
        return
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    with main.write() as conn:
        for row, main_letter, sha, before in plan:
            work_letter, reviewer = row[0], row[1]
            team.replace_reviewer(conn, main_letter, reviewer, row)
            ids: dict[int, int] = {}
            for h in work.reviewer_highlights(work_letter, reviewer):
                ids[h[0]] = team.insert_highlight(conn, main_letter, reviewer, h[1:])
            for a in work.reviewer_audit_rows(work_letter, reviewer):
                old, new = (None if v is None else json.dumps(_remap(json.loads(v), ids),
                            ensure_ascii=False) for v in (a[3], a[4]))  # fmt: skip
                team.insert_audit_row(conn, main_letter, reviewer, (*a[:3], old, new, a[5]))
            # A file from an app older than schema 6 may hold a source the rule now refuses.
            repair_contradictions(conn, main_letter, reviewer, main_texts[main_letter], stamp,
                                  new_version=False)  # fmt: skip
            team.record_merge(conn, work_id, reviewer, sha, row[7], str(result.path), stamp)
            result.merged.append((main_letter, reviewer))
            if before is not None:
                _reopen(
                    conn, main_letter, before, Letter.model_validate_json(row[2]), stamp, result
                )
