"""spaCy: a DocBin of `spacy.blank("en")` docs with the spans in `doc.spans["highlights"]`
(reviewers' evidence) and `doc.spans["fields"]` (field sources). Note the keys: spaCy's span
components read `doc.spans["sc"]` unless told otherwise (`spans_key = "highlights"`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .fields import field_sources
from .files import ExportError, atomic_file
from .record import ExportRecord

SPAN_KEYS = ("highlights", "fields")


def write_spacy(records: list[ExportRecord], out: Path, parts: tuple[str, ...] = ()) -> list[Path]:
    """One DocBin, or with ``parts`` (the names of a --split) one per part, each written even
    when no letter fell in it, so a training config naming the three files finds them."""
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise ExportError(
            "the spacy format needs spaCy, which is not installed; "
            "install it with: pip install 'imr-review[spacy]'"
        ) from None
    nlp = spacy.blank("en")
    # spaCy's limit guards its parser and NER, which need about 1 GB per 100,000 characters;
    # a blank pipeline only splits words, so a letter the import took (up to 10 MiB) is fine.
    nlp.max_length = max([nlp.max_length, *(len(r.text) + 1 for r in records)])
    groups: dict[str | None, list[ExportRecord]] = {part: [] for part in parts}
    for record in records:
        groups.setdefault(record.split.value if record.split else None, []).append(record)
    if not groups:
        groups[None] = []
    written = []
    for split, group in sorted(groups.items(), key=lambda kv: kv[0] or ""):
        docbin = DocBin(store_user_data=True)
        for record in group:
            doc = nlp.make_doc(record.text)
            spans: dict[str, list[Any]] = {
                "highlights": [(h.start, h.end, h.label) for h in record.highlights],
                "fields": [
                    (s.start, s.end, s.label) for s in field_sources(record.gold, record.text)
                ],
            }
            for key, triples in spans.items():
                made = [
                    doc.char_span(a, b, label=label, alignment_mode="expand")
                    for a, b, label in triples
                ]
                doc.spans[key] = [span for span in made if span is not None]
            doc.user_data["imr"] = {
                "id": record.id,
                "status": record.status.value,
                "note": record.note,
                "reviewer": record.reviewer,
                "split": split,
            }
            docbin.add(doc)
        target = (
            out if split is None else out.with_name(f"{out.stem}.{split}{out.suffix or '.spacy'}")
        )
        with atomic_file(target, binary=True, guard=True) as handle:
            handle.write(docbin.to_bytes())
        written.append(target)
    return written
