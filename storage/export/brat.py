"""brat standoff: a folder with annotation.conf and, per letter, its text and its .ann file.

The configuration declares every type the .ann files use and allows entity spans to overlap in
any way (`<OVERLAP>`), since evidence highlights sit inside the rationales they support and two
fields can be read from the same words; brat's own verifier reports nothing on these files.
"""

from __future__ import annotations

import re
from pathlib import Path

from .fields import field_labels, field_sources
from .files import atomic_dir, private_write
from .record import ExportRecord


def brat_type(label: str) -> str:
    """A label as a brat type name: no spaces or brat syntax characters."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in "_".join(label.split()))
    return cleaned or "Other"


# Every character str.splitlines breaks a line at: brat reads .ann files line by line, so none
# may be inside a fragment (PDF text holds form feeds, typed text the odd U+2028).
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _fragments(text: str, start: int, end: int) -> tuple[str, str]:
    """brat spans cannot hold a line break: split at them into "s e;s e" fragments."""
    fragments = []
    cursor = start
    while cursor < end:
        found = _LINE_BREAK.search(text, cursor, end)
        stop = end if found is None else found.start()
        a, b = cursor, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            fragments.append((a, b))
        cursor = stop + 1
    if not fragments:
        return "", ""
    offsets = ";".join(f"{a} {b}" for a, b in fragments)
    covered = " ".join(text[a:b] for a, b in fragments)
    return offsets, covered


def _note(text: str) -> str:
    return " ".join(text.split())


def brat_ann(record: ExportRecord) -> str:
    lines: list[str] = []
    t = a = note = 0
    entries: list[tuple[str, str, int, int, str | None, str | None]] = [
        ("highlight", h.label, h.start, h.end, h.field, None) for h in record.highlights
    ]
    entries += [
        ("field", s.label, s.start, s.end, s.path, s.value)
        for s in field_sources(record.gold, record.text)
    ]
    for kind, label, start, end, path, value in entries:
        offsets, covered = _fragments(record.text, start, end)
        if not offsets:
            continue
        t += 1
        lines.append(f"T{t}\t{brat_type(label)} {offsets}\t{covered}")
        if path:
            note += 1
            shown = "" if value is None else f" = {_note(value)}"
            lines.append(f"#{note}\tAnnotatorNotes T{t}\t{kind} {path}{shown}")
        if kind == "field" and label == "determination" and value in ("upheld", "overturned"):
            a += 1
            lines.append(f"A{a}\tDetermination T{t} {value}")
    return "\n".join(lines) + ("\n" if lines else "")


def brat_conf(label_names: list[str]) -> str:
    entities = [brat_type(n) for n in label_names] + field_labels()
    return (
        "[entities]\n" + "\n".join(dict.fromkeys(entities)) + "\n\n[relations]\n"
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
        "\n[events]\n\n[attributes]\n"
        "Determination\tArg:determination, Value:upheld|overturned\n"
    )


def write_brat(records: list[ExportRecord], out: Path, label_names: list[str]) -> list[Path]:
    with atomic_dir(out) as folder:
        private_write(folder / "annotation.conf", brat_conf(label_names))
        for record in records:
            target = folder / record.split.value if record.split else folder
            target.mkdir(mode=0o700, exist_ok=True)
            private_write(target / f"letter-{record.id:06d}.txt", record.text)
            private_write(target / f"letter-{record.id:06d}.ann", brat_ann(record))
    return [out]
