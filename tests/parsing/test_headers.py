"""Item headers as real letters write them: partial authorisations over several lines, requests
with frequency and duration, supplies and directions, and headers the rules can only guess at."""

from __future__ import annotations

import pytest
from synthetic import SynthItem, SynthLetter, render

from parsing import UNSURE_BELOW, Determination, canonical_text, parse_text

RATIONALE = "The guidelines do not support this. Therefore, the request is not medically necessary."


def item(**kw) -> SynthItem:
    base = dict(
        treatment="Norco",
        strength="10/325mg",
        quantity=35,
        quantity_style="#",
        refills="",
        determination="Upheld",
        ca_guideline="The Claims Administrator did not cite any medical evidence for its decision.",
        reviewer_guideline="Decision based on MTUS Opioid Treatment 2016.",
        rationale=RATIONALE,
    )
    base.update(kw)
    return SynthItem(**base)


def parse(letter: SynthLetter):
    text = canonical_text(render(letter))
    return text, parse_text(text)


def collapsed(text: str, span) -> str:
    return " ".join(text[span.start : span.end].split())


PARTIALS = [
    item(partial=("Norco 10/325mg #60", "Norco 10/325mg #25")),
    item(
        treatment="Chiropractic therapy sessions for the cervical spine,",
        strength=None,
        quantity=2,
        partial=(
            "Chiropractic therapy sessions for the cervical spine, #8",
            "Chiropractic therapy sessions for the cervical spine, #6",
        ),
    ),
    item(
        treatment="purchase of a bath/shower chair",
        strength=None,
        quantity=None,
        partial=("Purchase of a bath/shower chair", "a bath/shower chair for 1 month"),
        partial_style="leaving",
        determination="Overturned",
    ),
    item(
        treatment="Acute inpatient rehabilitation physical therapy and occupational therapy "
        "for left foot fracture",
        strength=None,
        quantity=None,
        partial=(
            "Acute inpatient rehabilitation physical therapy and occupational therapy for left "
            "foot fracture",
            "Skilled nursing facility for 7 days with PT/OT once a day for left foot fracture",
        ),
        partial_style="leaving",
    ),
]


@pytest.mark.parametrize("before", [0, 1, 2])
@pytest.mark.parametrize("partial", range(len(PARTIALS)))
def test_partial_authorisation_header_is_read_whole(partial, before):
    """Every line of the header belongs to the item; none ends up in the previous rationale."""
    plain = [
        item(treatment="MRI of the lumbar spine", strength=None, quantity=None, determination="Upheld")
        for _ in range(before)
    ]
    target = PARTIALS[partial]
    letter = SynthLetter(items=[*plain, target, item(treatment="Soma", strength="350mg", quantity=30)])
    text, parsed = parse(letter)
    assert len(parsed.items) == before + 2
    got = parsed.items[before]
    # The request is the header as written, without the closing "is" of its last sentence.
    assert got.request == " ".join(target.header.split()).removesuffix(" is")
    assert got.treatment == target.treatment.rstrip(",")
    assert got.quantity == target.quantity
    assert got.determination is Determination(target.determination.lower())
    assert parsed.confidence[f"items.{before}.request"] >= UNSURE_BELOW
    if before:
        previous = parsed.items[before - 1]
        assert collapsed(text, previous.rationale) == RATIONALE
    # The span of the request covers the header from its first word.
    start, end = parsed.span_of(f"items.{before}.request")
    assert " ".join(text[start:end].split()) == got.request
