"""Highlight label sets: the one shipped in resources/labels.json, and reading/validating others.

A label set file is JSON: {"format": "imr-labels/1", "labels": [{"name", "color", "key",
"description"}]}; keys are the digits 1-9 that apply a label in the review window.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

LABEL_FORMAT = "imr-labels/1"
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class LabelSetError(ValueError):
    """A label set file that cannot be used, with the reason."""


def validate_labels(data: Any, source: str = "label set") -> list[dict[str, Any]]:
    """Check a parsed label set and return its labels; raises LabelSetError naming the problem."""
    if not isinstance(data, dict) or data.get("format") != LABEL_FORMAT:
        raise LabelSetError(
            f'{source}: not an {LABEL_FORMAT} label set (missing "format": "{LABEL_FORMAT}")'
        )
    labels = data.get("labels")
    if not isinstance(labels, list) or not labels:
        raise LabelSetError(f'{source}: "labels" must be a non-empty list')
    names: set[str] = set()
    keys: set[str] = set()
    out = []
    for n, label in enumerate(labels, 1):
        if (
            not isinstance(label, dict)
            or not isinstance(label.get("name"), str)
            or not label["name"].strip()
        ):
            raise LabelSetError(f"{source}: label {n} has no name")
        name = label["name"].strip()
        color = label.get("color", "")
        key = str(label.get("key", ""))
        if not isinstance(color, str) or not _COLOR.fullmatch(color):
            raise LabelSetError(f'{source}: label {name!r} needs a colour like "#4f8ff0"')
        if key and (key not in "123456789" or len(key) != 1):
            raise LabelSetError(
                f"{source}: label {name!r} has key {key!r}; keys are single digits 1-9"
            )
        if name in names:
            raise LabelSetError(f"{source}: label {name!r} appears twice")
        if key and key in keys:
            raise LabelSetError(f"{source}: key {key} is used by two labels")
        names.add(name)
        if key:
            keys.add(key)
        out.append(
            {
                "name": name,
                "color": color.lower(),
                "key": key,
                "description": str(label.get("description", "")),
            }
        )
    return out


def read_label_file(path: str | Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise LabelSetError(f"{path}: cannot read ({error.strerror or error})") from None
    except json.JSONDecodeError as error:
        raise LabelSetError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    return validate_labels(data, str(path))


def default_labels() -> list[dict[str, Any]]:
    text = resources.files("resources").joinpath("labels.json").read_text(encoding="utf-8")
    return validate_labels(json.loads(text), "resources/labels.json")
