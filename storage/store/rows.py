"""What the store hands out and takes in: letters, parsed letters to add, gold rows, highlights."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from parsing import Letter, LoadedLetter


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def to_json(value: Any) -> str | None:
    """A value as the audit log keeps it (None stays NULL)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class LetterRow:
    id: int
    sha256: str
    source_path: str
    text: str
    layout: str
    kind: str
    size_bytes: int
    imported_at: str


@dataclass(frozen=True)
class Prepared:
    """A parsed letter ready to store: what the import workers hand to the writer."""

    sha256: str
    source_path: str
    text: str
    kind: str
    size_bytes: int
    layout: str
    parser_version: str
    record_json: str
    case_number: str | None
    n_items: int
    min_confidence: float

    @classmethod
    def of(cls, loaded: LoadedLetter | None, letter: Letter) -> Prepared:
        return cls(
            loaded.sha256 if loaded else "",
            loaded.path if loaded else "",
            loaded.text if loaded else "",
            loaded.kind if loaded else "",
            loaded.size if loaded else 0,
            letter.layout.value,
            letter.parser_version or "unknown",
            json.dumps(letter.to_json_dict(), ensure_ascii=False),
            letter.case_number,
            len(letter.items),
            # No disputed item read is the least sure reading of all (a decision line missed),
            # however sure the header fields are: it sorts first and shows amber.
            min(letter.confidence.values(), default=0.0) if letter.items else 0.0,
        )


@dataclass(frozen=True)
class GoldRow:
    letter_id: int
    reviewer: str
    record: Letter
    status: str
    note: str
    version: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Highlight:
    id: int
    letter_id: int
    reviewer: str
    start: int
    end: int
    label: str
    field: str
    created_at: str

    def logged(self) -> dict[str, Any]:
        """What the audit log keeps of a highlight."""
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "field": self.field,
        }


@dataclass(frozen=True)
class Audit:
    """How a record change is logged: who made it, the action, and the field it is about (its
    old and new values are logged) or a description such as ``items`` (the item lists are)."""

    reviewer: str
    action: str = "edit"
    field: str = ""
