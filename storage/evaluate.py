"""The improvement loop over the store: `reparse` adds the current parser's prediction for
every letter (gold untouched), `eval` scores the current parser and every stored parser
version against gold, `eval --compare OLD NEW` lists the fields that got better or worse."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from parsing import PARSER_VERSION, parse_text
from parsing.evaluation import Report, calibration_lines, compare, evaluate, render_markdown

from .store import Store, StoreError

Pair = tuple[dict[str, Any], dict[str, Any]]


def _gold_rows(store: Store, reviewer: str | None) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(letter id, text, gold record) for each letter with done gold: the newest per letter."""
    seen: set[int] = set()
    for letter_id, text, gold_json in store.done_gold(reviewer):
        if letter_id in seen:
            continue
        seen.add(letter_id)
        yield letter_id, text, json.loads(gold_json)


def _stored_prediction(store: Store, letter_id: int, version: str) -> dict[str, Any] | None:
    stored = store.prediction_of_version(letter_id, version)
    return None if stored is None else json.loads(stored)


def stored_versions(store: Store) -> list[str]:
    """Parser versions with stored predictions, oldest first."""
    return store.parser_versions()


def _pairs(store: Store, reviewer: str | None, version: str | None) -> dict[int, Pair]:
    """letter id -> (prediction, gold): the current parser re-run when ``version`` is None,
    else that version's stored prediction (letters without one are left out)."""
    pairs: dict[int, Pair] = {}
    for letter_id, text, gold in _gold_rows(store, reviewer):
        if version is None:
            predicted: dict[str, Any] | None = parse_text(text).to_json_dict()
        else:
            predicted = _stored_prediction(store, letter_id, version)
        if predicted is not None:
            pairs[letter_id] = (predicted, gold)
    return pairs


def evaluate_store(store: Store, reviewer: str | None = None, version: str | None = None) -> Report:
    return evaluate((i, p, g) for i, (p, g) in _pairs(store, reviewer, version).items())


def evaluation_markdown(store: Store, reviewer: str | None = None) -> str:
    """The current parser's full report, then one summary row per stored parser version."""
    report = evaluate_store(store, reviewer)
    if report.letters == 0:  # figures over nothing would read as perfect
        who = f" by {reviewer}" if reviewer else ""
        return (
            "# Parser evaluation\n\nNo letter has been marked done"
            f"{who} yet, so there is no gold to compare the parser with.\n"
        )
    text = render_markdown(report, PARSER_VERSION)
    versions = stored_versions(store)
    if not versions:
        return text
    lines = [
        "",
        "## Stored predictions, per parser version",
        "",
        "| parser | letters | fields right | wrong and sure | wrong flagged unsure | all flagged unsure |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for version in versions:
        report = evaluate_store(store, reviewer, version)
        tallies = list(report.fields.values())
        total = sum(t.total for t in tallies)
        wrong = sum(t.wrong for t in tallies)
        wrong_unsure = sum(t.wrong_unsure for t in tallies)
        unsure = sum(t.unsure for t in tallies)
        right = (total - wrong) / total if total else 1.0
        caught = wrong_unsure / wrong if wrong else 1.0
        flagged = unsure / total if total else 0.0
        lines.append(
            f"| {version} | {report.letters} | {right:.1%} | {wrong - wrong_unsure} | "
            f"{caught:.1%} | {flagged:.1%} |"
        )
    return text + "\n".join(lines) + "\n"


def comparison_markdown(store: Store, old: str, new: str, reviewer: str | None = None) -> str:
    """Letters and fields that got better or worse from parser ``old`` to ``new``."""
    known = stored_versions(store)
    for version in (old, new):
        if version not in known:
            raise StoreError(
                f"no predictions from parser {version} in {store.path} "
                f"(stored: {', '.join(known) or 'none'}; run 'imr-review reparse' to add the current one)"
            )
    before, after = _pairs(store, reviewer, old), _pairs(store, reviewer, new)
    better, worse = compare(before, after)
    compared = sorted(set(before) & set(after))
    lines = [
        f"# Parser {old} against {new} on the gold",
        "",
        f"Letters compared: {len(compared)} (gold with status done, predicted by both).",
        "",
        f"- parser {old}: " + calibration_lines(evaluate_store(store, reviewer, old))[0][2:],
        f"- parser {new}: " + calibration_lines(evaluate_store(store, reviewer, new))[0][2:],
    ]
    for title, found in (("Better", better), ("Worse", worse)):
        count = sum(len(v) for v in found.values())
        lines += ["", f"## {title} ({count} field(s) in {len(found)} letter(s))", ""]
        lines += [f"- letter {i}: {', '.join(paths)}" for i, paths in sorted(found.items())]
        if not found:
            lines.append("None.")
    return "\n".join(lines) + "\n"


def reparse_store(
    store: Store, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Run the current parser over every stored letter and store its prediction beside the
    older ones; gold is never touched. (letters parsed, new predictions added)."""
    ids = store.letter_ids()
    added = 0
    for done, letter_id in enumerate(ids, 1):
        added += store.add_prediction(letter_id, parse_text(store.letter(letter_id).text))
        if progress:
            progress(done, len(ids))
    return len(ids), added
