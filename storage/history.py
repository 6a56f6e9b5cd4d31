"""The audit log as a complete history: record patches, and replaying a letter's rows.

Every change to a reviewer's gold record is logged with a patch from the record before to the
record after it; the first change of a letter logs the record it started from (`start`), and a
database upgraded from before patches were logged gets a `baseline` row holding the gold as it
then stood. Replaying a letter's rows from its last start or baseline therefore rebuilds its gold
record, status, note and highlights exactly; `imr-review check` does that for every letter.

A patch is a list of operations on the record's JSON: ``["set", path, value]`` and
``["del", path]``, where a path is a list of object keys and list positions. Lists of the same
length are compared element by element; otherwise the whole list is set.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Path = list[str | int]
START_ACTIONS = ("start", "baseline")


def diff(old: Any, new: Any, path: tuple[str | int, ...] = ()) -> list[list[Any]]:
    """Operations that turn ``old`` into ``new`` (both JSON values)."""
    if isinstance(old, dict) and isinstance(new, dict):
        ops: list[list[Any]] = [["del", [*path, key]] for key in old if key not in new]
        for key, value in new.items():
            if key not in old:
                ops.append(["set", [*path, key], value])
            elif old[key] != value:
                ops += diff(old[key], value, (*path, key))
        return ops
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        ops = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                ops += diff(a, b, (*path, index))
        return ops
    return [] if old == new else [["set", list(path), new]]


def apply(document: Any, ops: Iterable[list[Any]]) -> Any:
    """``document`` with the operations applied (the argument is left as it was)."""
    result = copy.deepcopy(document)
    for op in ops:
        kind, where = op[0], op[1]
        if not where:
            result = copy.deepcopy(op[2])
            continue
        parent = result
        for step in where[:-1]:
            parent = parent[step]
        if kind == "del":
            del parent[where[-1]]
        else:
            parent[where[-1]] = copy.deepcopy(op[2])
    return result


@dataclass
class Replayed:
    """What a letter's audit rows say its gold is."""

    record: dict[str, Any] | None = None
    status: str = "todo"
    note: str = ""
    highlights: dict[int, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def replay(rows: Iterable[Mapping[str, Any]]) -> Replayed:
    """Replay one reviewer's audit rows of one letter, in order (values already JSON-decoded)."""
    state = Replayed()
    for row in rows:
        action, new, patch = row["action"], row["new_value"], row.get("patch")
        if action not in (*START_ACTIONS, "status", "note") and state.status == "todo":
            state.status = "in_progress"  # the store's rule: the first change starts the work
        if action in START_ACTIONS:
            state = Replayed(
                record=new["record"],
                status=new.get("status", "todo"),
                note=new.get("note", ""),
                highlights={h["id"]: dict(h) for h in new.get("highlights", [])},
            )
        elif action == "status":
            state.status = new
        elif action == "note":
            state.note = new
        elif action == "highlight_add":
            state.highlights[new["id"]] = dict(new)
        elif action == "highlight_delete":
            state.highlights.pop(row["old_value"]["id"], None)
        elif action == "highlight_change":
            state.highlights.setdefault(new["id"], {"id": new["id"]}).update(
                label=new["label"], field=new["field"]
            )
        elif patch is not None:
            if state.record is None:
                state.problems.append(f"audit row {row['id']} changes a record with no start")
                continue
            state.record = apply(state.record, patch)
    return state
