"""The typed field path: one parser of path strings, and a reader and writer of one field that
agree with `parsing.edits` without dumping the whole record."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.review.paths import FieldPath, PathError, form_paths, item_of
from parsing import load_file, parse_text
from parsing.edits import HEADER_FIELDS, ITEM_FIELDS, get_value, set_value
from parsing.schema import Letter

SPECS = {f.name: f for f in (*HEADER_FIELDS, *ITEM_FIELDS)}


@pytest.fixture(scope="module")
def records(request):
    samples = request.config.rootpath / "resources" / "samples"
    return [parse_text(load_file(path).text) for path in sorted(samples.glob("*.txt"))]


def test_path_strings_parse_and_print_back():
    assert FieldPath.parse("ur_date") == FieldPath("ur_date")
    assert FieldPath.parse("items.2.quantity") == FieldPath("quantity", 2)
    assert str(FieldPath("quantity", 2)) == "items.2.quantity"
    assert FieldPath.parse("items.0.rationale").kind == "span"
    assert FieldPath("determination", 0).choices == ("upheld", "overturned")
    assert item_of("items.3.rationale") == 3 and item_of("") is None and item_of("ur_date") is None
    for bad in ("", "items", "items.x.request", "items.0.nothing", "nothing", "items.0"):
        assert FieldPath.find(bad) is None
        with pytest.raises(PathError):
            FieldPath.parse(bad)


def test_reading_agrees_with_the_record_dump_for_every_form_field(records):
    for record in records:
        for path in form_paths(record):
            read, dumped = FieldPath.parse(path).read(record), get_value(record, path)
            assert (type(read), read) == (type(dumped), dumped), path
    with pytest.raises(PathError, match="no item 9"):
        FieldPath("request", 8).read(records[0])


def values_for(name: str) -> st.SearchStrategy[object]:
    kind = SPECS[name].kind
    text = st.sampled_from(["", " Soma ", "Percocet 10 MG", "MTUS"])
    return {
        "date": st.sampled_from(["2015-07-28", "2014-06-24", None, "", "yesterday"]),
        "int": st.one_of(st.none(), st.integers(-3, 140)),
        "choice": st.sampled_from(["", "upheld", "overturned", "female", "male"]),
        "list": st.one_of(st.just(""), st.lists(text, max_size=3)),
        "span": st.one_of(
            st.none(),
            st.builds(
                lambda a, b: {"start": a, "end": a + b}, st.integers(0, 900), st.integers(-2, 50)
            ),
        ),
    }.get(kind, text)


@settings(max_examples=300)
@given(data=st.data())
def test_writing_one_field_agrees_with_parsing_edits(records, data):
    record = data.draw(st.sampled_from(records))
    path = data.draw(st.sampled_from(form_paths(record)))
    value = data.draw(values_for(path.split(".")[-1]))
    before = record.model_copy(deep=True)
    try:
        expected: Letter | None = set_value(record, path, value)
    except ValueError:
        expected = None
    try:
        written: Letter | None = FieldPath.parse(path).write(record, value)
    except ValueError:
        written = None
    assert written == expected
    assert record == before  # the record written from is left as it was


def test_reading_and_writing_never_dump_the_record(records, monkeypatch):
    dumps = []
    original = Letter.model_dump
    monkeypatch.setattr(
        Letter, "model_dump", lambda self, *a, **k: dumps.append(1) or original(self, *a, **k)
    )
    record = records[0]
    for path in form_paths(record):
        field = FieldPath.parse(path)
        field.write(record, field.read(record))
    assert dumps == []
