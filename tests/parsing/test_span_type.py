"""`Span` is the one type for a range of the letter text, and the `imr-letter/1` JSON is unchanged.

A record's spans are `Span` objects wherever the app meets them (the parser's record, a record
read back from JSON, after an edit), while the JSON keeps its two shapes: ``[start, end]`` in
`spans`, ``{"start", "end"}`` for a rationale. Records stored before Span was the one type (the
committed real-letter gold, a stored record in tests/storage/data) read and write back byte for
byte.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from parsing import Letter, Span, parse_text
from parsing.edits import add_item, move_item, set_span, set_value
from parsing.gold import read_gold

DATA = Path(__file__).parent / "data"
STORED = Path(__file__).parent.parent / "storage" / "data" / "stored_record_sample0.json"
GOLD_ONLY = ("file", "sha256", "sample", "status")  # what parsing.gold adds to a gold record


def stored_records() -> list[str]:
    """Records as the store keeps them (``json.dumps(letter.to_json_dict())``), written before
    Span was the one type: the real-letter gold's and a bundled sample's prediction."""
    gold = read_gold(DATA / "real_gold.jsonl")
    records = [
        json.dumps({k: v for k, v in g.items() if k not in GOLD_ONLY}, ensure_ascii=False)
        for g in gold
    ]
    return [*records, STORED.read_text(encoding="utf-8").rstrip("\n")]


def all_spans(letter: Letter) -> list[object]:
    return [*letter.spans.values(), *(i.rationale for i in letter.items if i.rationale)]


def assert_spans_are_spans(letter: Letter) -> None:
    assert letter.spans or any(i.rationale for i in letter.items)
    for span in all_spans(letter):
        assert type(span) is Span
    for path in letter.spans:
        assert letter.span_of(path) is not None
    for n, item in enumerate(letter.items):
        assert letter.span_of(f"items.{n}.rationale") == item.rationale


def test_stored_records_read_and_write_back_byte_for_byte():
    records = stored_records()
    assert len(records) > 100 and all('"spans": {"' in r for r in records)
    assert sum('"rationale": {"start": ' in r for r in records) > 100
    for stored in records:
        letter = Letter.model_validate_json(stored)
        assert_spans_are_spans(letter)
        assert json.dumps(letter.to_json_dict(), ensure_ascii=False) == stored
        compact = json.dumps(json.loads(stored), ensure_ascii=False, separators=(",", ":"))
        assert letter.model_dump_json(by_alias=True) == compact
        assert Letter.model_validate(json.loads(stored)) == letter  # the edit path reads values


def test_the_json_keeps_pairs_in_spans_and_objects_for_a_rationale(samples_dir):
    letter = parse_text(sorted(samples_dir.glob("*.txt"))[0].read_text())
    data = json.loads(letter.model_dump_json(by_alias=True))
    path, span = next(iter(letter.spans.items()))
    assert data["spans"][path] == [span.start, span.end]
    rationale = letter.items[0].rationale
    assert rationale is not None
    assert data["items"][0]["rationale"] == {"start": rationale.start, "end": rationale.end}


def test_a_parsed_letter_holds_spans_from_parser_to_edits(samples_dir):
    for path in sorted(samples_dir.glob("*.txt")):
        text = path.read_text()
        letter = parse_text(text)
        assert_spans_are_spans(letter)
        for span in letter.spans.values():
            assert 0 <= span.start <= span.end <= len(text)
        # the edits that validate the record again (through its JSON) keep Spans
        edited = move_item(add_item(set_value(letter, "patient_age", 40)), 0, 1)
        assert_spans_are_spans(edited)
        moved = set_span(letter, "patient_age", Span(3, 5))
        assert moved.span_of("patient_age") == Span(3, 5)
        with pytest.raises(TypeError, match="must be a Span"):  # no bare pair slips in
            set_span(letter, "patient_age", (3, 5))  # type: ignore[arg-type]
        assert_spans_are_spans(Letter.model_validate_json(moved.model_dump_json(by_alias=True)))


def test_a_span_ending_before_it_starts_or_below_zero_is_refused():
    with pytest.raises(ValueError, match="before its start"):
        Span(5, 3)
    with pytest.raises(ValueError, match="0 or more"):
        Span(-1, 3)
    Letter.model_validate({"spans": {"case_number": [3, 5]}})  # the same pair the right way round
    with pytest.raises(
        ValidationError, match="the span of case_number: end 3 is before its start 5"
    ):
        Letter.model_validate({"spans": {"case_number": [5, 3]}})
    with pytest.raises(ValidationError, match="before its start"):
        Letter.model_validate_json('{"spans": {"ur_date": [9, 2]}}')
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Letter.model_validate({"spans": {"ur_date": [-1, 2]}})
    with pytest.raises(ValidationError, match=r"items\.0\.rationale\n.*before its start"):
        Letter.model_validate({"items": [{"rationale": {"start": 9, "end": 2}}]})
    with pytest.raises(ValidationError):  # a rationale is written as an object, not a pair
        Letter.model_validate_json('{"items": [{"rationale": [2, 9]}]}')


@given(
    st.dictionaries(
        st.sampled_from(["case_number", "ur_date", "diagnoses.0", "items.0.request"]),
        st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)).map(sorted),
    ),
    st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)).map(sorted),
)
def test_any_spans_round_trip_through_the_json(pairs, rationale):
    written = {"start": rationale[0], "end": rationale[1]}
    stored = json.dumps({"spans": pairs, "items": [{"request": "Soma", "rationale": written}]})
    letter = Letter.model_validate_json(stored)
    assert letter.spans == {p: Span(*pair) for p, pair in pairs.items()}
    assert letter.items[0].rationale == Span(*rationale)
    again = json.loads(letter.model_dump_json(by_alias=True))
    assert again["spans"] == pairs and again["items"][0]["rationale"] == written
