"""`imr-review eval`: the current parser, re-run on every reviewed letter, scored against gold."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from parsing import PARSER_VERSION, parse_text
from parsing.evaluation import Report, evaluate, render_markdown

from .store import Store


def _gold_pairs(
    store: Store, reviewer: str | None
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    sql = (
        "SELECT l.id, l.text, g.record FROM gold g JOIN letters l ON l.id = g.letter_id "
        "WHERE g.status = 'done'"
        + (" AND g.reviewer = ?" if reviewer else "")
        + " ORDER BY l.id, g.updated_at DESC"
    )
    seen: set[int] = set()
    for letter_id, text, gold_json in store.conn.execute(sql, (reviewer,) if reviewer else ()):
        if letter_id in seen:  # one gold per letter: the newest done one
            continue
        seen.add(letter_id)
        yield letter_id, parse_text(text).to_json_dict(), json.loads(gold_json)


def evaluate_store(store: Store, reviewer: str | None = None) -> Report:
    return evaluate(_gold_pairs(store, reviewer))


def evaluation_markdown(store: Store, reviewer: str | None = None) -> str:
    return render_markdown(evaluate_store(store, reviewer), PARSER_VERSION)
