"""The store the consumer tests export: synthetic letters, some reviewed (done, with edits and
highlights, values a spreadsheet would take for formulas), some in progress, the rest untouched."""

from __future__ import annotations

import random

from synthetic import random_letter, render

from parsing import Span, parse_text
from parsing.edits import set_span, set_value
from parsing.loading import load_bytes
from storage.store import Store


def build_store(path, letters: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    batch = []
    for n in range(letters):
        text = render(random_letter(rng))
        if n % 5 == 0:  # letters hold typographic quotes and text that looks like a formula
            text = text.replace("The", "The worker’s “claim”", 1) + "\n=SUM(A1:A9) +1 -1 @x\n"
        loaded = load_bytes(f"letters/synthetic-{n:04d}.txt", text.encode("utf-8"))
        batch.append((loaded, parse_text(loaded.text)))
    store = Store.open(path)
    store.add_letters(batch)
    for letter_id in range(1, letters + 1):
        kind = letter_id % 4
        if kind == 0:
            continue  # untouched: gold is the prediction
        who = ("ann", "Bob Lee", "cy")[letter_id % 3]
        text = store.letter(letter_id).text
        store.change_record(
            letter_id, who, lambda r: set_value(r, "patient_age", 44), field="patient_age"
        )
        at = text.index("Decision based on")
        # A span that does not support its value ("Decision" for an age) is dropped by the store.
        store.change_record(letter_id, who, lambda r, a=at: set_span(r, "patient_age", Span(a, a + 8)),
                            field="spans.patient_age")  # fmt: skip
        store.add_highlight(letter_id, who, at, at + 40, "Guideline criterion", "items.0.rationale")
        store.add_highlight(letter_id, who, at + 9, at + 17, "Conclusion", "")
        if kind == 1:  # values a spreadsheet would take for formulas ("- " bullets are common)
            store.change_record(letter_id, who, lambda r: set_value(r, "diagnoses", ["- lumbar strain", "+ anxiety"]),
                                field="diagnoses")  # fmt: skip
            store.change_record(letter_id, who, lambda r: set_value(r, "items.0.treatment", '=HYPERLINK("x","Soma")'),
                                field="items.0.treatment")  # fmt: skip
        if kind in (1, 2):
            store.set_status(letter_id, who, "done")
    return store
