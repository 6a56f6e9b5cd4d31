"""Exporting the gold data: JSON Lines, CSV, brat standoff, spaCy DocBin and Label Studio tasks.

Every file is written atomically (a private temporary file beside the target, then a rename),
created readable by its owner only, so an interrupted export never leaves half a file and a
letter never becomes world-readable. docs/export.md documents each format.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import io
import json
import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from parsing.text import LineIndex, collapse

from .store import Store

FORMATS = ("jsonl", "csv", "brat", "spacy", "label-studio")
EXPORT_FORMAT = "imr-export/1"
SPLIT_NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}


class ExportError(Exception):
    """An export that could not be written, with the reason; nothing partial is left."""


@dataclass
class ExportRecord:
    id: int
    source: str
    sha256: str
    text: str
    status: str
    reviewer: str | None
    updated_at: str | None
    parser_version: str
    prediction_json: str
    gold_json: str | None  # None: no gold yet, so gold is the prediction
    annotations: list[dict[str, Any]] = field(default_factory=list)
    split: str | None = None

    @functools.cached_property
    def prediction(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.prediction_json)
        return value

    @functools.cached_property
    def gold(self) -> dict[str, Any]:
        if self.gold_json is None:
            return self.prediction
        value: dict[str, Any] = json.loads(self.gold_json)
        return value

    def as_json(self) -> dict[str, Any]:
        return json.loads(self.json_line())  # type: ignore[no-any-return]

    def json_line(self) -> str:
        """The JSON Lines record; the stored records are spliced in as they are (no re-encoding)."""
        head = json.dumps(
            {
                "format": EXPORT_FORMAT,
                "id": self.id,
                "source": self.source,
                "sha256": self.sha256,
                "text": self.text,
                "status": self.status,
                "reviewer": self.reviewer,
                "updated_at": self.updated_at,
                "parser_version": self.parser_version,
            },
            ensure_ascii=False,
        )
        tail = json.dumps(
            {"annotations": self.annotations, "split": self.split}, ensure_ascii=False
        )
        gold = self.prediction_json if self.gold_json is None else self.gold_json
        return f'{head[:-1]}, "prediction": {self.prediction_json}, "gold": {gold}, {tail[1:]}'


# --- reading what to export ---------------------------------------------------------------

_RECORDS_SQL = """
SELECT l.id, l.source_path, l.sha256, l.text, p.parser_version, p.record,
       g.reviewer, g.status, g.updated_at, g.record
FROM letters l
JOIN predictions p ON p.id = (SELECT max(id) FROM predictions WHERE letter_id = l.id)
LEFT JOIN gold g ON g.id = (
    SELECT id FROM gold WHERE letter_id = l.id {reviewer_filter}
    ORDER BY status = 'done' DESC, reviewer LIKE 'adjudication:%' DESC, updated_at DESC LIMIT 1)
{where}
ORDER BY l.id
"""


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
    highlights: dict[tuple[int, str | None], list[dict[str, Any]]] = {}
    for hid, letter_id, who, start, end, label, fld in store.conn.execute(
        'SELECT id, letter_id, reviewer, start, "end", label, field FROM highlights ORDER BY letter_id, start, "end", id'
    ):
        entry = {
            "id": hid,
            "start": start,
            "end": end,
            "label": label,
            "field": fld,
            "reviewer": who,
        }
        highlights.setdefault((letter_id, who), []).append(entry)
        highlights.setdefault((letter_id, None), []).append(entry)
    try:
        rows = store.conn.execute(sql, {"reviewer": reviewer})
        for lid, source, sha, text, version, pred_json, who, gstatus, updated, gold_json in rows:
            annotations = [
                {
                    **{k: h[k] for k in ("start", "end", "label", "field", "reviewer", "id")},
                    "text": text[h["start"] : h["end"]],
                }
                for h in highlights.get((lid, who), [])
            ]
            yield ExportRecord(
                lid,
                source,
                sha,
                text,
                gstatus or "todo",
                who,
                updated,
                version,
                pred_json,
                gold_json,
                annotations,
            )
    except sqlite3.Error as error:
        raise ExportError(f"cannot read {store.path}: {error}") from None


def parse_split(spec: str) -> tuple[list[float], tuple[str, ...]]:
    """ "80,10,10" -> ([0.8, 0.1, 0.1], ("train", "dev", "test"))."""
    try:
        parts = [float(p) for p in spec.split(",")]
    except ValueError:
        raise ExportError(f"--split takes numbers like 80,10,10, not {spec!r}") from None
    if len(parts) not in SPLIT_NAMES or any(p < 0 for p in parts) or sum(parts) <= 0:
        raise ExportError(
            f"--split takes two or three non-negative numbers like 80,10,10, not {spec!r}"
        )
    total = sum(parts)
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


# --- atomic, private writing --------------------------------------------------------------


def _check_parent(path: Path) -> None:
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {parent} does not exist")
    if path.is_dir() and path.suffix:
        raise ExportError(f"cannot write {path}: it is a folder")


@contextlib.contextmanager
def atomic_file(path: Path, binary: bool = False) -> Iterator[Any]:
    """A private (0600) temporary file beside ``path`` that replaces it only when complete."""
    _check_parent(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as error:
        raise ExportError(f"cannot write {path} ({error.strerror or error})") from None
    os.fchmod(fd, 0o600)
    try:
        mode = "wb" if binary else "w"
        kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(
            f"cannot write {path} ({error.strerror or error}); nothing was written"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_dir(path: Path) -> Iterator[Path]:
    """A private (0700) temporary folder that replaces ``path`` only when complete."""
    _check_parent(path)
    if path.exists() and not path.is_dir():
        raise ExportError(f"cannot write {path}: a file of that name is in the way")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or "."))
    except OSError as error:
        raise ExportError(f"cannot write {path} ({error.strerror or error})") from None
    try:
        yield tmp
        old = None
        if path.exists():
            old = path.with_name(f".{path.name}.old-{os.getpid()}")
            os.rename(path, old)
        os.rename(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExportError(
            f"cannot write {path} ({error.strerror or error}); nothing was written"
        ) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _private_write(path: Path, data: str | bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


# --- formats ------------------------------------------------------------------------------


def write_jsonl(records: list[ExportRecord], out: Path) -> None:
    with atomic_file(out) as handle:
        for record in records:
            handle.write(record.json_line() + "\n")


CSV_COLUMNS = [
    "letter_id", "case_number", "item_index", "request", "treatment", "determination", "quantity",
    "claims_administrator_guideline", "reviewer_guideline", "rationale", "status", "reviewer", "split",
]  # fmt: skip


def write_csv(records: list[ExportRecord], out: Path) -> None:
    with atomic_file(out) as handle:
        _csv_rows(records, handle)


def _csv_rows(records: list[ExportRecord], handle: TextIO) -> None:
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        index = LineIndex(record.text)
        gold = record.gold
        for n, item in enumerate(gold.get("items", [])):
            span = item.get("rationale")
            rationale = collapse(record.text, span["start"], span["end"], index) if span else ""
            writer.writerow(
                [
                    record.id, gold.get("case_number") or "", n, item.get("request") or "", item.get("treatment") or "",
                    item.get("determination") or "", "" if item.get("quantity") is None else item["quantity"],
                    item.get("claims_administrator_guideline") or "", item.get("reviewer_guideline") or "",
                    rationale, record.status, record.reviewer or "", record.split or "",
                ]
            )  # fmt: skip


def field_annotations(record: ExportRecord) -> list[dict[str, Any]]:
    """The gold record's field sources as labelled spans (list elements, not whole lists)."""
    gold = record.gold
    spans: dict[str, Any] = dict(gold.get("spans", {}))
    for n, item in enumerate(gold.get("items", [])):
        if item.get("rationale"):
            spans[f"items.{n}.rationale"] = [item["rationale"]["start"], item["rationale"]["end"]]
    out = []
    for path, (start, end) in sorted(spans.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[0])):
        parts = path.split(".")
        if (
            parts[0] in ("reviewer_licensure", "reviewer_specialties", "diagnoses")
            and len(parts) == 1
        ):
            continue
        if end <= start or end > len(record.text):
            continue
        name = parts[2] if parts[0] == "items" and len(parts) == 3 else parts[0]
        entry: dict[str, Any] = {
            "start": start,
            "end": end,
            "label": name,
            "field": path,
            "text": record.text[start:end],
        }
        if name == "determination":
            n = int(parts[1])
            items = gold.get("items", [])
            entry["value"] = items[n].get("determination") if n < len(items) else None
        out.append(entry)
    return out


def brat_type(label: str) -> str:
    return "_".join(label.split()) or "Other"


def _brat_fragments(text: str, start: int, end: int) -> tuple[str, str]:
    """brat spans cannot hold a newline: split at line breaks into "s e;s e" fragments."""
    fragments = []
    cursor = start
    while cursor < end:
        stop = text.find("\n", cursor, end)
        stop = end if stop == -1 else stop
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


def brat_ann(record: ExportRecord) -> str:
    lines: list[str] = []
    t = a = note = 0
    for kind, ann in [("highlight", h) for h in record.annotations] + [
        ("field", f) for f in field_annotations(record)
    ]:
        offsets, covered = _brat_fragments(record.text, ann["start"], ann["end"])
        if not offsets:
            continue
        t += 1
        lines.append(f"T{t}\t{brat_type(ann['label'])} {offsets}\t{covered}")
        if ann.get("field"):
            note += 1
            lines.append(f"#{note}\tAnnotatorNotes T{t}\t{kind} {ann['field']}")
        if kind == "field" and ann["label"] == "determination" and ann.get("value"):
            a += 1
            lines.append(f"A{a}\tDetermination T{t} {ann['value']}")
    return "\n".join(lines) + ("\n" if lines else "")


def field_labels() -> list[str]:
    """Every label a field source can carry: the record's field names (letter, then item)."""
    from parsing.edits import HEADER_FIELDS, HEADER_NAMES, ITEM_FIELDS, ITEM_NAMES

    ordered = (
        [f.name for f in HEADER_FIELDS]
        + sorted(HEADER_NAMES)
        + [f.name for f in ITEM_FIELDS]
        + sorted(ITEM_NAMES)
    )
    return list(dict.fromkeys(ordered))


def brat_conf(label_names: list[str]) -> str:
    entities = [brat_type(n) for n in label_names] + field_labels()
    return (
        "[entities]\n"
        + "\n".join(dict.fromkeys(entities))
        + "\n\n[relations]\n\n[events]\n\n[attributes]\n"
        "Determination\tArg:determination, Value:upheld|overturned\n"
    )


def write_brat(records: list[ExportRecord], out: Path, label_names: list[str]) -> None:
    with atomic_dir(out) as folder:
        _private_write(folder / "annotation.conf", brat_conf(label_names))
        for record in records:
            target = folder / record.split if record.split else folder
            target.mkdir(mode=0o700, exist_ok=True)
            _private_write(target / f"letter-{record.id:06d}.txt", record.text)
            _private_write(target / f"letter-{record.id:06d}.ann", brat_ann(record))


def write_spacy(records: list[ExportRecord], out: Path) -> list[Path]:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise ExportError(
            "the spacy format needs spaCy, which is not installed; install it with: pip install 'imr-review[spacy]'"
        ) from None
    nlp = spacy.blank("en")
    groups: dict[str | None, list[ExportRecord]] = {}
    for record in records:
        groups.setdefault(record.split, []).append(record)
    written = []
    for split, group in sorted(groups.items(), key=lambda kv: kv[0] or ""):
        docbin = DocBin(store_user_data=True)
        for record in group:
            doc = nlp.make_doc(record.text)
            for key, anns in (
                ("highlights", record.annotations),
                ("fields", field_annotations(record)),
            ):
                spans = []
                for ann in anns:
                    span = doc.char_span(
                        ann["start"], ann["end"], label=ann["label"], alignment_mode="expand"
                    )
                    if span is not None:
                        spans.append(span)
                doc.spans[key] = spans
            doc.user_data["imr"] = {
                "id": record.id,
                "status": record.status,
                "reviewer": record.reviewer,
                "split": record.split,
            }
            docbin.add(doc)
        target = (
            out if split is None else out.with_name(f"{out.stem}.{split}{out.suffix or '.spacy'}")
        )
        with atomic_file(target, binary=True) as handle:
            handle.write(docbin.to_bytes())
        written.append(target)
    return written


def label_studio_config(label_names: list[str]) -> str:
    names = label_names + field_labels()
    labels = "\n".join(f'    <Label value="{_xml(n)}"/>' for n in dict.fromkeys(names))
    return (
        "<View>\n"
        '  <Labels name="label" toName="text">\n'
        f"{labels}\n"
        "  </Labels>\n"
        '  <Text name="text" value="$text"/>\n'
        "</View>\n"
    )


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _ls_result(anns: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{prefix}{n}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": a["start"],
                "end": a["end"],
                "text": a["text"],
                "labels": [a["label"]],
            },
            "meta": {"text": [a["field"]]} if a.get("field") else {},
        }
        for n, a in enumerate(anns)
    ]


def _fields(record: ExportRecord) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def label_studio_tasks(records: list[ExportRecord]) -> list[dict[str, Any]]:
    tasks = []
    for record in records:
        prediction_fields = field_annotations(
            ExportRecord(**{**_fields(record), "gold_json": None, "annotations": []})
        )
        confidences = list(record.prediction.get("confidence", {}).values())
        tasks.append(
            {
                "data": {
                    "text": record.text,
                    "letter_id": record.id,
                    "source": record.source,
                    "case_number": record.gold.get("case_number"),
                    "split": record.split,
                },
                "predictions": [
                    {
                        "model_version": f"imr-review parser {record.parser_version}",
                        "score": round(min(confidences), 3) if confidences else 0.0,
                        "result": _ls_result(prediction_fields, "p"),
                    }
                ],
                "annotations": [
                    {
                        "result": _ls_result(record.annotations, "h")
                        + _ls_result(field_annotations(record), "f"),
                        "ground_truth": record.status == "done",
                        "meta": {
                            "reviewer": record.reviewer,
                            "status": record.status,
                            "updated_at": record.updated_at,
                        },
                    }
                ],
            }
        )
    return tasks


def write_label_studio(records: list[ExportRecord], out: Path, label_names: list[str]) -> Path:
    with atomic_file(out) as handle:
        json.dump(label_studio_tasks(records), handle, ensure_ascii=False)
    config = out.with_name(f"{out.stem}.label-config.xml")
    with atomic_file(config) as handle:
        handle.write(label_studio_config(label_names))
    return config


@dataclass
class ExportResult:
    letters: int
    written: list[Path]


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
    """Write the store's letters in one format. Raises ExportError; never leaves partial files."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    target = Path(out)
    records = list(export_records(store, status, reviewer))
    if split:
        assignment = assign_splits([r.id for r in records], split, seed)
        for record in records:
            record.split = assignment[record.id]
    label_names = [label["name"] for label in store.labels()]
    written: list[Path] = [target]
    if fmt == "jsonl":
        write_jsonl(records, target)
    elif fmt == "csv":
        write_csv(records, target)
    elif fmt == "brat":
        write_brat(records, target, label_names)
    elif fmt == "spacy":
        written = write_spacy(records, target)
    else:
        written = [target, write_label_studio(records, target, label_names)]
    return ExportResult(len(records), written)


def csv_text(records: list[ExportRecord]) -> str:
    """The CSV export as a string (tests and previews)."""
    buffer = io.StringIO()
    _csv_rows(records, buffer)
    return buffer.getvalue()
