"""Property tests: whatever the text and wherever a reviewer marks it, the brat lines and the
Label Studio regions describe exactly the marked text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.export.brat import brat_ann
from storage.export.label_studio import label_studio_task
from storage.export.record import ExportRecord

# Every character str.splitlines breaks at (a line break to a reader of .ann files), tabs,
# spaces, letters and one outside the basic plane.
ALPHABET = "ab \t\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029é😀"
EMPTY = {"items": [], "spans": [], "confidence": [], "review": []}


@st.composite
def records(draw):
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=60))
    marks = []
    for n in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        marks.append({"id": n + 1, "start": start, "end": end, "label": draw(st.sampled_from(["Clinical fact", "a\tb", "Conclusion"])),
                      "field": None, "reviewer": "ann", "text": text[start:end]})  # fmt: skip
    return ExportRecord.model_validate(
        {
            "id": 1,
            "source": "x.txt",
            "sha256": "0",
            "text": text,
            "status": "done",
            "reviewer": "ann",
            "updated_at": None,
            "parser_version": "1",
            "split": None,
            "prediction": EMPTY,
            "gold": EMPTY,
            "highlights": marks,
        }
    )


@given(records())
@settings(max_examples=300)
def test_brat_lines_match_the_text_and_hold_no_line_break(record):
    ann = brat_ann(record)
    lines = ann.splitlines()
    assert ann == "".join(line + "\n" for line in lines)  # no line break inside a line
    for line in lines:
        if not line.startswith("T"):
            continue
        _tid, middle, covered = line.split("\t", 2)
        label, offsets = middle.split(" ", 1)
        assert " " not in label and "\t" not in label
        fragments = [tuple(map(int, f.split())) for f in offsets.split(";")]
        assert all(0 <= a < b <= len(record.text) for a, b in fragments)
        assert " ".join(record.text[a:b] for a, b in fragments) == covered


@given(records())
@settings(max_examples=300)
def test_label_studio_regions_hold_the_marked_text(record):
    (annotation,) = label_studio_task(record)["annotations"]
    for region in annotation["result"]:
        value = region["value"]
        if region["type"] == "labels":
            assert record.text[value["start"] : value["end"]] == value["text"]
