"""JSON Lines: one `imr-export/2` record per line, streamed (the bulk path holds one letter at a
time); load several exports together with the `datasets.Features` in docs/."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .files import atomic_file


def write_jsonl(lines: Iterable[bytes], out: Path) -> int:
    """Write the rows (see `query.export_json_lines`); the number written."""
    count = 0
    with atomic_file(out, binary=True, guard=True) as handle:
        for line in lines:
            handle.write(line + b"\n")
            count += 1
    return count
