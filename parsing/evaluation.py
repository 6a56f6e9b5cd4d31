"""Scoring parser output against gold records: per field, per item, determinations, spans.

Pure: works on `imr-letter/1` dicts, so it serves the `eval` command and tests alike.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += ok

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

    @property
    def item_precision(self) -> float:
        return self.items_matched / self.items_predicted if self.items_predicted else 1.0

    @property
    def item_recall(self) -> float:
        return self.items_matched / self.items_gold if self.items_gold else 1.0


def span_overlap(a: dict[str, int] | None, b: dict[str, int] | None) -> float:
    """Jaccard overlap of two character spans (1.0 when both are absent)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    inter = max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    union = max(a["end"], b["end"]) - min(a["start"], b["start"])
    return inter / union if union else 1.0


def align_items(
    predicted: list[dict[str, Any]], gold: list[dict[str, Any]]
) -> list[tuple[int, int]]:
    """Pairs (predicted index, gold index) of the same disputed item, matched by request text."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            ratio = difflib.SequenceMatcher(
                None, normalise(p.get("request")) or "", normalise(g.get("request")) or ""
            ).ratio()
            if ratio >= 0.5:
                candidates.append((-ratio, abs(i - j), i, j))
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, _, i, j in sorted(candidates):
        if i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return sorted(pairs)


def evaluate(pairs: Iterable[tuple[int, dict[str, Any], dict[str, Any]]]) -> Report:
    """Score (letter id, predicted record, gold record) triples."""
    report = Report()
    for letter_id, predicted, gold in pairs:
        report.letters += 1
        errors: list[str] = []
        for name in HEADER_FIELDS:
            ok = normalise(predicted.get(name)) == normalise(gold.get(name))
            report.fields.setdefault(name, Tally()).add(ok)
            if not ok:
                errors.append(name)
        p_items, g_items = predicted.get("items", []), gold.get("items", [])
        matched = align_items(p_items, g_items)
        report.items_predicted += len(p_items)
        report.items_gold += len(g_items)
        report.items_matched += len(matched)
        for i, j in matched:
            p, g = p_items[i], g_items[j]
            for name in ITEM_FIELDS:
                ok = normalise(p.get(name)) == normalise(g.get(name))
                report.fields.setdefault(f"items.{name}", Tally()).add(ok)
                if not ok:
                    errors.append(f"items.{j}.{name}")
            overlap = span_overlap(p.get("rationale"), g.get("rationale"))
            report.rationale_overlap.append(overlap)
            report.fields.setdefault("items.rationale", Tally()).add(overlap >= 0.9)
            if overlap < 0.9:
                errors.append(f"items.{j}.rationale")
            report.confusion[
                (g.get("determination") or MISSING, p.get("determination") or MISSING)
            ] += 1
        matched_g = {j for _, j in matched}
        matched_p = {i for i, _ in matched}
        for j, g in enumerate(g_items):
            if j not in matched_g:
                report.confusion[(g.get("determination") or MISSING, MISSING)] += 1
                errors.append(f"items.{j} not found")
        for i, p in enumerate(p_items):
            if i not in matched_p:
                report.confusion[(MISSING, p.get("determination") or MISSING)] += 1
                errors.append(f"spurious item {p.get('request')!r}")
        if errors:
            report.errors_by_letter[letter_id] = errors
    return report


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
