"""Scoring parser output against gold records: per field, per item, determinations, spans.

Pure: works on `imr-letter/1` dicts, so it serves the `eval` command and tests alike.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .schema import UNSURE_BELOW, Span

HEADER_FIELDS = (
    "case_number", "date_of_injury", "ur_date", "patient_age", "patient_sex",
    "reviewer_licensure", "reviewer_specialties", "diagnoses",
)  # fmt: skip
ITEM_FIELDS = (
    "request", "treatment", "determination", "quantity", "claims_administrator_guideline", "reviewer_guideline",
)  # fmt: skip
MISSING = "(missing)"


def normalise(value: Any) -> Any:
    """Exact-match form: whitespace collapsed and case folded; lists compared as sets."""
    if isinstance(value, str):
        folded = " ".join(value.split()).casefold()
        return folded or None
    if isinstance(value, list):
        return tuple(sorted(str(normalise(v)) for v in value)) or None
    return value


@dataclass
class Tally:
    correct: int = 0
    total: int = 0
    unsure: int = 0  # below the review threshold
    wrong_unsure: int = 0  # wrong, and flagged so

    def add(self, ok: bool, confidence: float | None = None) -> None:
        self.total += 1
        self.correct += ok
        flagged = confidence is not None and confidence < UNSURE_BELOW
        self.unsure += flagged
        self.wrong_unsure += flagged and not ok

    @property
    def wrong(self) -> int:
        return self.total - self.correct

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class Report:
    letters: int = 0
    fields: dict[str, Tally] = field(default_factory=dict)
    items_predicted: int = 0
    items_gold: int = 0
    items_matched: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    rationale_overlap: list[float] = field(default_factory=list)
    errors_by_letter: dict[int, list[str]] = field(default_factory=dict)
    # (confidence band, right or not) -> count, over every field that has a confidence
    bands: Counter[tuple[int, bool]] = field(default_factory=Counter)

    @property
    def item_precision(self) -> float:
        return self.items_matched / self.items_predicted if self.items_predicted else 1.0

    @property
    def item_recall(self) -> float:
        return self.items_matched / self.items_gold if self.items_gold else 1.0


def span_overlap(a: dict[str, int] | None, b: dict[str, int] | None) -> float:
    """Jaccard overlap of two character spans as the JSON has them (``{"start", "end"}``, a
    rationale's), 1.0 when both are absent."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    x, y = Span(a["start"], a["end"]), Span(b["start"], b["end"])
    inter = max(0, min(x.end, y.end) - max(x.start, y.start))
    union = max(x.end, y.end) - min(x.start, y.start)
    return inter / union if union else 1.0


PLACE_FIELDS = ("determination", "request", "rationale")


def _place(spans: dict[str, Any], index: int) -> dict[str, Span] | None:
    """Where an item sits in the letter: the spans of its determination, request and rationale
    (a correction may have dropped one: a determination changed from the letter's word keeps
    no source, but its request and rationale still say where the item is)."""
    found = {}
    for name in PLACE_FIELDS:
        pair = spans.get(f"items.{index}.{name}")
        if pair:
            found[name] = Span(int(pair[0]), int(pair[1]))
    return found or None


def _same_place(a: dict[str, Span], b: dict[str, Span]) -> bool:
    """Two items are at the same place when a span of the same field overlaps (or starts at
    the same offset) in both."""
    for name in PLACE_FIELDS:
        x, y = a.get(name), b.get(name)
        if x is not None and y is not None and (
            x.start == y.start or max(x.start, y.start) < min(x.end, y.end)
        ):
            return True
    return False


def align_items(
    predicted: list[dict[str, Any]],
    gold: list[dict[str, Any]],
    predicted_spans: dict[str, Any] | None = None,
    gold_spans: dict[str, Any] | None = None,
) -> list[tuple[int, int]]:
    """Pairs (predicted index, gold index) of the same disputed item, matched by their place
    in the letter, never by their text: first items whose determinations (or requests) are
    at the same place, in whatever order the coder left them (an item moved up the list is
    the same item), then, between those anchors that stand in letter order, items without a
    place in letter order."""
    p_places = [_place(predicted_spans or {}, i) for i in range(len(predicted))]
    g_places = [_place(gold_spans or {}, j) for j in range(len(gold))]
    anchors: list[tuple[int, int]] = []
    taken: set[int] = set()
    last_j = -1
    for i, p in enumerate(p_places):
        if p is None:
            continue
        ahead = [*range(last_j + 1, len(gold)), *range(last_j + 1)]  # in order first, then moved
        for j in ahead:
            g = g_places[j]
            if j not in taken and g is not None and _same_place(p, g):
                anchors.append((i, j))
                taken.add(j)
                last_j = max(last_j, j)
                break
    in_order = _longest_in_order(anchors)  # the anchors that bound stretches of the letter
    anchored_p = {i for i, _ in anchors}
    pairs = list(anchors)
    bounds = [(-1, -1), *in_order, (len(predicted), len(gold))]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        loose_p = [i for i in range(i0 + 1, i1) if p_places[i] is None]
        loose_g = [j for j in range(j0 + 1, j1) if g_places[j] is None]
        # An item with a place pairs only with one at the same place; one without pairs in order
        # with what is left in the same stretch of the letter.
        rest_p = [i for i in range(i0 + 1, i1) if i not in loose_p and i not in anchored_p]
        rest_g = [j for j in range(j0 + 1, j1) if j not in loose_g and j not in taken]
        pairs += zip(loose_p, loose_g + rest_g, strict=False)
        used_g = {j for _, j in pairs}
        pairs += zip(rest_p, [j for j in loose_g if j not in used_g], strict=False)
    return sorted(pairs)


def _longest_in_order(anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The most anchors (sorted by predicted index) whose gold indexes rise too: the items the
    coder left in the letter's order; the others were moved (a letter has a few items)."""
    best: list[list[tuple[int, int]]] = []
    for n, (i, j) in enumerate(anchors):
        before = [best[m] for m in range(n) if anchors[m][1] < j]
        best.append([*max(before, key=len, default=[]), (i, j)])
    return max(best, key=len, default=[])


@dataclass(frozen=True)
class Outcome:
    """One compared field: its name for the tally, its gold path, right or not, how sure."""

    name: str
    path: str
    ok: bool
    confidence: float | None


def score_letter(
    predicted: dict[str, Any], gold: dict[str, Any]
) -> tuple[list[Outcome], list[str], list[tuple[int, int]]]:
    """Every compared field of one letter, the item-level errors (missing, spurious) and the
    aligned item pairs."""
    outcomes: list[Outcome] = []
    confidence = predicted.get("confidence") or {}
    for name in HEADER_FIELDS:
        ok = normalise(predicted.get(name)) == normalise(gold.get(name))
        outcomes.append(Outcome(name, name, ok, confidence.get(name)))
    p_items, g_items = predicted.get("items", []), gold.get("items", [])
    matched = align_items(p_items, g_items, predicted.get("spans") or {}, gold.get("spans") or {})
    for i, j in matched:
        p, g = p_items[i], g_items[j]
        for name in ITEM_FIELDS:
            ok = normalise(p.get(name)) == normalise(g.get(name))
            outcomes.append(
                Outcome(
                    f"items.{name}", f"items.{j}.{name}", ok, confidence.get(f"items.{i}.{name}")
                )
            )
        overlap = span_overlap(p.get("rationale"), g.get("rationale"))
        outcomes.append(
            Outcome(
                "items.rationale",
                f"items.{j}.rationale",
                overlap >= 0.9,
                confidence.get(f"items.{i}.rationale"),
            )
        )
    matched_g = {j for _, j in matched}
    matched_p = {i for i, _ in matched}
    missing = [f"items.{j} not found" for j in range(len(g_items)) if j not in matched_g]
    spurious = [
        f"spurious item {p.get('request')!r}" for i, p in enumerate(p_items) if i not in matched_p
    ]
    return outcomes, missing + spurious, matched


def evaluate(pairs: Iterable[tuple[int, dict[str, Any], dict[str, Any]]]) -> Report:
    """Score (letter id, predicted record, gold record) triples."""
    report = Report()
    for letter_id, predicted, gold in pairs:
        report.letters += 1
        outcomes, item_errors, matched = score_letter(predicted, gold)
        errors: list[str] = []
        for outcome in outcomes:
            report.fields.setdefault(outcome.name, Tally()).add(outcome.ok, outcome.confidence)
            if outcome.confidence is not None:
                report.bands[(_band(outcome.confidence), outcome.ok)] += 1
            if not outcome.ok:
                errors.append(outcome.path)
        p_items, g_items = predicted.get("items", []), gold.get("items", [])
        report.items_predicted += len(p_items)
        report.items_gold += len(g_items)
        report.items_matched += len(matched)
        for i, j in matched:
            p, g = p_items[i], g_items[j]
            report.rationale_overlap.append(span_overlap(p.get("rationale"), g.get("rationale")))
            report.confusion[
                (g.get("determination") or MISSING, p.get("determination") or MISSING)
            ] += 1
        matched_g = {j for _, j in matched}
        matched_p = {i for i, _ in matched}
        for j, g in enumerate(g_items):
            if j not in matched_g:
                report.confusion[(g.get("determination") or MISSING, MISSING)] += 1
        for i, p in enumerate(p_items):
            if i not in matched_p:
                report.confusion[(MISSING, p.get("determination") or MISSING)] += 1
        errors += item_errors
        if errors:
            report.errors_by_letter[letter_id] = errors
    return report


def compare(
    old: dict[int, tuple[dict[str, Any], dict[str, Any]]],
    new: dict[int, tuple[dict[str, Any], dict[str, Any]]],
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Fields that got better and worse from the old predictions to the new, per letter
    (letter id -> (predicted, gold) for each version; letters in both are compared)."""
    better: dict[int, list[str]] = {}
    worse: dict[int, list[str]] = {}
    for letter_id in sorted(set(old) & set(new)):
        before = _results(*old[letter_id])
        after = _results(*new[letter_id])
        for path in sorted(set(before) | set(after)):
            was, now = before.get(path, False), after.get(path, False)
            if now and not was:
                better.setdefault(letter_id, []).append(path)
            elif was and not now:
                worse.setdefault(letter_id, []).append(path)
    return better, worse


def _results(predicted: dict[str, Any], gold: dict[str, Any]) -> dict[str, bool]:
    outcomes, item_errors, _ = score_letter(predicted, gold)
    results = {o.path: o.ok for o in outcomes}
    results.update({error: False for error in item_errors if error.endswith("not found")})
    return results


# Confidence bands for the reliability table: [low, high).
BANDS = ((0.0, 0.5), (0.5, UNSURE_BELOW), (UNSURE_BELOW, 0.9), (0.9, 0.95), (0.95, 1.0))


def _band(confidence: float) -> int:
    return next(
        (k for k, (low, high) in enumerate(BANDS) if low <= confidence < high), len(BANDS) - 1
    )


def reliability_lines(report: Report) -> list[str]:
    """How often the fields in each confidence band are right: a confidence means something
    when a band's accuracy is close to its confidences."""
    lines = ["| confidence | fields | right | accuracy |", "|---|---:|---:|---:|"]
    for k, (low, high) in enumerate(BANDS):
        right, wrong = report.bands.get((k, True), 0), report.bands.get((k, False), 0)
        if right + wrong:
            lines.append(
                f"| {low:.2f}-{high:.2f} | {right + wrong} | {right} | {right / (right + wrong):.1%} |"
            )
    return lines


def calibration_lines(report: Report) -> list[str]:
    """How well the unsure marks point at the mistakes, over every compared field."""
    tallies = list(report.fields.values())
    total = sum(t.total for t in tallies)
    wrong = sum(t.wrong for t in tallies)
    wrong_unsure = sum(t.wrong_unsure for t in tallies)
    unsure = sum(t.unsure for t in tallies)
    caught = wrong_unsure / wrong if wrong else 1.0
    flagged = unsure / total if total else 0.0
    return [
        f"- wrong fields below the unsure threshold ({UNSURE_BELOW}): {wrong_unsure} of {wrong} "
        f"({caught:.1%}; target at least 90%)",
        f"- wrong fields the parser was sure of: {wrong - wrong_unsure}",
        f"- all fields below the threshold: {unsure} of {total} ({flagged:.1%}; target at most 15%)",
    ]


def render_markdown(report: Report, parser_version: str, worst: int = 10) -> str:
    lines = [
        f"# Parser evaluation: parser {parser_version} against gold",
        "",
        f"Letters compared: {report.letters} (gold with status done).",
        "",
        "## Fields (exact match after whitespace and case folding; rationale: span overlap >= 0.9)",
        "",
        "| field | correct | total | accuracy |",
        "|---|---:|---:|---:|",
    ]
    for name, tally in sorted(report.fields.items()):
        lines.append(f"| {name} | {tally.correct} | {tally.total} | {tally.accuracy:.1%} |")
    lines += ["", "## Calibration", "", *calibration_lines(report), "", *reliability_lines(report)]
    mean_overlap = (
        sum(report.rationale_overlap) / len(report.rationale_overlap)
        if report.rationale_overlap
        else 1.0
    )
    lines += [
        "",
        "## Items",
        "",
        f"- predicted {report.items_predicted}, gold {report.items_gold}, matched {report.items_matched}",
        f"- precision {report.item_precision:.1%}, recall {report.item_recall:.1%}",
        f"- rationale span overlap (Jaccard), mean over matched items: {mean_overlap:.3f}",
        "",
        "## Determinations (rows: gold, columns: parser)",
        "",
    ]
    values = ["upheld", "overturned", MISSING]
    lines.append("| gold \\ parser | " + " | ".join(values) + " |")
    lines.append("|---|" + "---:|" * len(values))
    for g in values:
        lines.append(
            f"| {g} | " + " | ".join(str(report.confusion.get((g, p), 0)) for p in values) + " |"
        )
    lines += ["", f"## Letters the parser gets most wrong (top {worst})", ""]
    ranked = sorted(report.errors_by_letter.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:worst]
    if not ranked:
        lines.append("None: every compared letter matches its gold.")
    for letter_id, errors in ranked:
        lines.append(f"- letter {letter_id}: {len(errors)} error(s): {', '.join(errors)}")
    return "\n".join(lines) + "\n"
