"""Label Studio: a JSON list of tasks plus the labelling configuration they are written for.

Letters a reviewer marked done carry their gold as an *annotation*, credited to the reviewer
through `completed_by` (Label Studio resolves it by e-mail to one of its users); every other
letter carries the parser's output as a *prediction* only, so Label Studio still counts it as
work to do. Each region has its label and, in a per-region text area named `value`, the field's
value, so values travel with the spans. The task's `data` keeps the letter's id, source, status,
reviewer and time, which Label Studio stores as they are.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from ..schema import Status
from .fields import LIST_FIELDS, field_labels, field_sources, field_values
from .files import atomic_file
from .record import ExportLetter, ExportRecord, Highlight

EMAIL_DOMAIN = "imr-review.invalid"


def reviewer_email(name: str) -> str:
    """The e-mail a reviewer's Label Studio user must have: ``Ann Lee`` -> ``ann-lee@imr-review.invalid``."""
    local = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "reviewer"
    return f"{local}@{EMAIL_DOMAIN}"


def label_studio_config(label_names: list[str]) -> str:
    names = label_names + field_labels()
    labels = "\n".join(f"    <Label value={quoteattr(n)}/>" for n in dict.fromkeys(names))
    return (
        "<View>\n"
        '  <Labels name="label" toName="text">\n'
        f"{labels}\n"
        "  </Labels>\n"
        '  <Text name="text" value="$text"/>\n'
        '  <TextArea name="value" toName="text" perRegion="true" editable="true"'
        ' displayMode="region-list"/>\n'
        '  <Header value="Values with no source in the letter"/>\n'
        '  <TextArea name="unsourced" toName="text" editable="true"/>\n'
        "</View>\n"
    )


def _region(
    rid: str, start: int, end: int, text: str, label: str, value: str | None
) -> list[dict[str, Any]]:
    span = {"start": start, "end": end}
    out: list[dict[str, Any]] = [
        {
            "id": rid,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {**span, "text": text, "labels": [label]},
        }
    ]
    if value is not None:
        out.append(
            {
                "id": rid,
                "from_name": "value",
                "to_name": "text",
                "type": "textarea",
                "value": {**span, "text": [value]},
            }
        )
    return out


def _fields_result(letter: ExportLetter, text: str, prefix: str) -> list[dict[str, Any]]:
    """A region per field source, and one letter-level text area with the values that have no
    source (a reviewer's correction the letter does not say at the parser's old place)."""
    sources = field_sources(letter, text)
    out = []
    for n, s in enumerate(sources):
        value = f"{s.path} = {s.value}" if s.value is not None else s.path
        out += _region(f"{prefix}{n}", s.start, s.end, s.text, s.label, value)
    sourced = {
        s.path.split(".")[0] if s.path.split(".")[0] in LIST_FIELDS else s.path for s in sources
    }
    unsourced = [f"{path} = {value}" for path, value in field_values(letter) if path not in sourced]
    if unsourced:
        out.append({"id": f"{prefix}-unsourced", "from_name": "unsourced", "to_name": "text",
                    "type": "textarea", "value": {"text": unsourced}})  # fmt: skip
    return out


def _highlights_result(highlights: list[Highlight]) -> list[dict[str, Any]]:
    out = []
    for h in highlights:
        out += _region(f"h{h.id}", h.start, h.end, h.text, h.label, h.field)
    return out


def _score(letter: ExportLetter) -> float:
    values = [c.value for c in letter.confidence]
    return round(min(values), 3) if values else 0.0


def label_studio_task(record: ExportRecord) -> dict[str, Any]:
    text = record.text
    predictions = [
        {
            "model_version": f"imr-review parser {record.parser_version}",
            "score": _score(record.prediction),
            "result": _fields_result(record.prediction, text, "p"),
        }
    ]
    annotations = []
    if record.status is Status.DONE and record.reviewer:
        annotations.append(
            {
                "result": _highlights_result(record.highlights)
                + _fields_result(record.gold, text, "f"),
                "ground_truth": True,
                "completed_by": {"email": reviewer_email(record.reviewer)},
            }
        )
    elif record.reviewer:  # a reviewer's unfinished work: a suggestion, not a finished label
        predictions.append(
            {
                "model_version": f"imr-review gold in progress ({record.reviewer})",
                "score": 1.0,
                "result": _highlights_result(record.highlights)
                + _fields_result(record.gold, text, "g"),
            }
        )
    return {
        "data": {
            "text": text,
            "letter_id": record.id,
            "source": record.source,
            "case_number": record.gold.case_number,
            "split": record.split.value if record.split else None,
            "status": record.status.value,
            "note": record.note,
            "reviewer": record.reviewer,
            "updated_at": record.updated_at,
        },
        "predictions": predictions,
        "annotations": annotations,
    }


def write_label_studio(
    records: list[ExportRecord], out: Path, label_names: list[str]
) -> list[Path]:
    config = out.with_name(f"{out.stem}.label-config.xml")
    with atomic_file(config, guard=True) as handle:
        handle.write(label_studio_config(label_names))
    with atomic_file(out, guard=True) as handle:
        json.dump([label_studio_task(r) for r in records], handle, ensure_ascii=False)
    return [out, config]
