"""`imr-review agreement`: how far coders agree on the letters more than one of them reviewed.

Per field, exact agreement (values compared after folding case and spacing; lists as sets);
items are compared by their place in the letter's item list. On determinations (one unit per
item both coders have) and on item counts (one unit per letter): Cohen's kappa for each pair of
coders and Krippendorff's alpha over all of them (the `krippendorff` package; kappa is the
textbook formula, too small to bring a statistics library for). Highlights: span F1 per label,
exact (same start, end and label) and overlapping (a highlight counts as found when the other
coder has one of the same label over any of its characters). Per coder pair and overall.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from parsing import Letter
from parsing.edits import HEADER_FIELDS, ITEM_FIELDS

from ..store import Store

ALL = "all"


@dataclass
class Tally:
    agree: int = 0
    total: int = 0

    def add(self, same: bool) -> None:
        self.agree += int(same)
        self.total += 1

    @property
    def share(self) -> float | None:
        return self.agree / self.total if self.total else None


@dataclass
class SpanTally:
    exact_found: int = 0
    a_found: int = 0
    b_found: int = 0
    a_total: int = 0
    b_total: int = 0

    @staticmethod
    def _f1(found_a: int, found_b: int, total_a: int, total_b: int) -> float | None:
        if not total_a and not total_b:
            return None
        precision = found_a / total_a if total_a else 0.0
        recall = found_b / total_b if total_b else 0.0
        return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)

    @property
    def exact(self) -> float | None:
        return self._f1(self.exact_found, self.exact_found, self.a_total, self.b_total)

    @property
    def overlap(self) -> float | None:
        return self._f1(self.a_found, self.b_found, self.a_total, self.b_total)


@dataclass
class Agreement:
    coders: list[str]
    letters: int
    fields: dict[str, dict[str, Tally]] = field(default_factory=dict)  # field -> pair -> tally
    kappa: dict[str, dict[str, float | None]] = field(
        default_factory=dict
    )  # measure -> pair -> kappa
    alpha: dict[str, float | None] = field(default_factory=dict)  # measure -> alpha
    spans: dict[str, dict[str, SpanTally]] = field(default_factory=dict)  # label -> pair -> tally

    def pairs(self) -> list[str]:
        return [pair_name(a, b) for a, b in itertools.combinations(self.coders, 2)]


def pair_name(a: str, b: str) -> str:
    return f"{a}/{b}"  # no "|": it would split a Markdown table cell


def _norm(value: Any) -> Any:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return tuple(sorted(_norm(v) for v in value))
    if hasattr(value, "value"):
        value = value.value
    if hasattr(value, "start") and hasattr(value, "end"):
        return (value.start, value.end)
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    return value


def cohen_kappa(a: list[Any], b: list[Any]) -> float | None:
    """Cohen's kappa for two coders' labels of the same units; None with no units, or when
    chance agreement is certain (both always used one and the same label)."""
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    labels = set(a) | set(b)
    expected: float = sum((a.count(k) / n) * (b.count(k) / n) for k in labels)
    if expected == 1:
        return None
    return float((observed - expected) / (1 - expected))


def krippendorff_alpha(units: list[dict[str, Any]], coders: list[str]) -> float | None:
    """Nominal alpha over units (coder -> label; a coder may be missing from a unit)."""
    import krippendorff
    import numpy as np

    usable = [u for u in units if sum(v is not None for v in u.values()) >= 2]
    if not usable:
        return None
    codes: dict[Any, int] = {}
    matrix = np.full((len(coders), len(usable)), np.nan)
    for col, unit in enumerate(usable):
        for row, coder in enumerate(coders):
            value = unit.get(coder)
            if value is not None:
                matrix[row, col] = codes.setdefault(value, len(codes))
    if len(codes) < 2:
        return 1.0  # every coder gave every unit the same label
    result = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
    return None if math.isnan(result) else result


def _reviewed(
    store: Store, status: str, reviewers: list[str] | None
) -> dict[int, dict[str, Letter]]:
    by_letter: dict[int, dict[str, Letter]] = defaultdict(dict)
    for letter_id, reviewer, record in store.gold_records(status):
        if reviewer.startswith("adjudication:"):
            continue  # a lead's settled record is not a coder's
        if reviewers is None or reviewer in reviewers:
            by_letter[letter_id][reviewer] = Letter.model_validate_json(record)
    return {k: v for k, v in by_letter.items() if len(v) >= 2}


def agreement(store: Store, status: str = "done", reviewers: list[str] | None = None) -> Agreement:
    letters = _reviewed(store, status, reviewers)
    coders = sorted({c for by in letters.values() for c in by})
    result = Agreement(coders, len(letters))
    header = [f.name for f in HEADER_FIELDS]
    item_fields = [f.name for f in ITEM_FIELDS]
    determinations: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    highlights = {
        letter_id: {c: store.highlights(letter_id, c) for c in by}
        for letter_id, by in letters.items()
    }
    for letter_id, by in sorted(letters.items()):
        counts.append({c: len(r.items) for c, r in by.items()})
        width = max(len(r.items) for r in by.values())
        for index in range(width):
            determinations.append({
                c: _norm(r.items[index].determination) if index < len(r.items) else None
                for c, r in by.items()
            })  # fmt: skip
        for a, b in itertools.combinations(sorted(by), 2):
            pair = pair_name(a, b)
            ra, rb = by[a], by[b]
            for name in header:
                _tally(result, name, pair).add(_norm(getattr(ra, name)) == _norm(getattr(rb, name)))
            _tally(result, "item count", pair).add(len(ra.items) == len(rb.items))
            for index in range(max(len(ra.items), len(rb.items))):
                for name in item_fields:
                    va = _norm(getattr(ra.items[index], name)) if index < len(ra.items) else ()
                    vb = _norm(getattr(rb.items[index], name)) if index < len(rb.items) else ()
                    _tally(result, f"items.{name}", pair).add(va == vb)
            _spans(result, pair, highlights[letter_id][a], highlights[letter_id][b])
    for a, b in itertools.combinations(coders, 2):
        pair = pair_name(a, b)
        for measure, units in (("determination", determinations), ("item count", counts)):
            both = [u for u in units if u.get(a) is not None and u.get(b) is not None]
            result.kappa.setdefault(measure, {})[pair] = cohen_kappa(
                [u[a] for u in both], [u[b] for u in both]
            )
    for measure, units in (("determination", determinations), ("item count", counts)):
        result.alpha[measure] = krippendorff_alpha(units, coders)
    _overall(result)
    return result


def _tally(result: Agreement, name: str, pair: str) -> Tally:
    return result.fields.setdefault(name, {}).setdefault(pair, Tally())


def _spans(result: Agreement, pair: str, a: Iterable[Any], b: Iterable[Any]) -> None:
    a, b = list(a), list(b)
    for label in sorted({h.label for h in a} | {h.label for h in b}):
        la = [h for h in a if h.label == label]
        lb = [h for h in b if h.label == label]
        tally = result.spans.setdefault(label, {}).setdefault(pair, SpanTally())
        exact_b = {(h.start, h.end) for h in lb}
        tally.exact_found += sum((h.start, h.end) in exact_b for h in la)
        tally.a_found += sum(any(h.start < g.end and g.start < h.end for g in lb) for h in la)
        tally.b_found += sum(any(h.start < g.end and g.start < h.end for g in la) for h in lb)
        tally.a_total += len(la)
        tally.b_total += len(lb)


def _overall(result: Agreement) -> None:
    for by_pair in result.fields.values():
        total = Tally()
        for tally in by_pair.values():
            total.agree += tally.agree
            total.total += tally.total
        by_pair[ALL] = total
    for spans_by_pair in result.spans.values():
        span_total = SpanTally()
        for t in spans_by_pair.values():
            span_total.exact_found += t.exact_found
            span_total.a_found += t.a_found
            span_total.b_found += t.b_found
            span_total.a_total += t.a_total
            span_total.b_total += t.b_total
        spans_by_pair[ALL] = span_total


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(result: Agreement) -> str:
    pairs = result.pairs()
    lines = [
        "# Agreement between coders",
        "",
        f"{result.letters} letter(s) reviewed by more than one of: {', '.join(result.coders) or 'nobody'}.",
        "",
        "## Exact agreement per field",
        "",
        _row(["field", "all", *pairs]),
        _row(["---"] * (2 + len(pairs))),
    ]
    for name, by_pair in result.fields.items():
        cells = [f"{_fmt(by_pair[ALL].share)} ({by_pair[ALL].agree}/{by_pair[ALL].total})"]
        cells += [_fmt(by_pair[p].share) if p in by_pair else "" for p in pairs]
        lines.append(_row([name, *cells]))
    lines += ["", "## Chance-corrected agreement", "",
              _row(["measure", "Krippendorff's alpha (all)", *(f"Cohen's kappa {p}" for p in pairs)]),
              _row(["---"] * (2 + len(pairs)))]  # fmt: skip
    for measure, alpha in result.alpha.items():
        kappas = [_fmt(result.kappa.get(measure, {}).get(p)) for p in pairs]
        lines.append(_row([measure, _fmt(alpha), *kappas]))
    lines += ["", "## Highlights: span F1 by label (exact / overlapping)", "",
              _row(["label", "all", *pairs]), _row(["---"] * (2 + len(pairs)))]  # fmt: skip
    for label, spans_by_pair in result.spans.items():
        cells = [
            f"{_fmt(t.exact)} / {_fmt(t.overlap)}" if (t := spans_by_pair.get(p)) else ""
            for p in [ALL, *pairs]
        ]
        lines.append(_row([label, *cells]))
    return "\n".join(lines) + "\n"


def csv_text(result: Agreement) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "what", "pair", "value", "agree", "total"])
    for name, by_pair in result.fields.items():
        for pair, tally in by_pair.items():
            writer.writerow(
                ["exact agreement", name, pair, _fmt(tally.share), tally.agree, tally.total]
            )
    for measure, kappas in result.kappa.items():
        for pair, value in kappas.items():
            writer.writerow(["cohen kappa", measure, pair, _fmt(value), "", ""])
    for measure, value in result.alpha.items():
        writer.writerow(["krippendorff alpha", measure, ALL, _fmt(value), "", ""])
    for label, spans_by_pair in result.spans.items():
        for pair, t in spans_by_pair.items():
            writer.writerow(
                ["span f1 exact", label, pair, _fmt(t.exact), t.exact_found, t.a_total + t.b_total]
            )
            writer.writerow(
                [
                    "span f1 overlap",
                    label,
                    pair,
                    _fmt(t.overlap),
                    t.a_found + t.b_found,
                    t.a_total + t.b_total,
                ]
            )
    return out.getvalue()
