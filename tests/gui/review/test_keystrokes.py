"""The keystroke planner on a bare session: the planned steps, done on the session as the
window would for their keys, make the stored gold equal the target, and a letter the parser got
right costs one key."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.review import ReviewSession
from gui.review.keystrokes import PLANNED, apply_plan, key_count, plan, typed_text, value_of
from gui.review.paths import form_paths
from parsing import Letter, load_file, parse_text
from storage.queue import QueueQuery
from storage.store import Store

SEED = next((Path(__file__).resolve().parents[3] / "resources" / "samples").glob("000_*.txt"))


def planned_values(record: Letter) -> dict[str, object]:
    values = {}
    for path in form_paths(record):
        name = path.split(".")[-1]
        if path in PLANNED or (f"items.{name}" in PLANNED and path.startswith("items.")):
            value = value_of(record, path)
            values[path] = None if value in ("", []) else value
    return values


def run_plan(store, target: Letter) -> int:
    session = ReviewSession(store, "ann")
    session.set_query(QueueQuery())
    session.open(1)
    steps = plan(session.prediction, target, session.current_path)
    apply_plan(session, steps)
    gold = store.gold(1, "ann")
    assert gold.status == "done"
    assert planned_values(gold.record) == planned_values(target)
    return key_count(steps)


def test_a_correct_letter_costs_one_key(seeded_store):
    prediction = seeded_store.prediction(1)
    assert run_plan(seeded_store, prediction) == 1


def test_edits_items_removed_and_added_reach_the_gold(seeded_store):
    data = seeded_store.prediction(1).to_json_dict()
    first = data["items"][0] | {"quantity": 31, "determination": "overturned"}
    second = first | {"request": "Urine drug screen", "quantity": None,
                      "treatment": "Urine drug screen"}  # fmt: skip
    third = second | {"request": "MRI", "determination": "upheld"}
    data |= {
        "case_number": "CM15-0148723", "patient_age": 52, "patient_sex": "female",
        "diagnoses": ["low back pain", "hip pain"], "date_of_injury": "2014-06-25",
        "items": [first, second, third],
    }  # fmt: skip
    keys = run_plan(seeded_store, Letter.model_validate(data))
    assert keys < 150


def test_fewer_items_and_a_cleared_field(seeded_store):
    prediction = seeded_store.prediction(1)
    target = prediction.model_copy(update={"items": prediction.items[:1], "ur_date": None})
    assert run_plan(seeded_store, target) < 20


def test_values_are_typed_in_their_shortest_form():
    assert typed_text("ur_date", "2015-07-28") == "7/28/15"
    assert typed_text("diagnoses", ["a", "b"]) == "a; b"
    assert typed_text("items.0.quantity", 30) == "30"


FIELD_VALUES = {
    "case_number": st.sampled_from([None, "CM15-1", "CM16-0219557"]),
    "patient_age": st.sampled_from([None, 9, 52]),
    "patient_sex": st.sampled_from([None, "male", "female"]),
    "ur_date": st.sampled_from([None, "2015-07-28", "2001-01-09"]),
    "reviewer_licensure": st.sampled_from([[], ["Texas"], ["California", "Ohio"]]),
}
ITEMS = st.lists(st.fixed_dictionaries({
    "request": st.sampled_from(["Soma 350 MG #30", "MRI", "Physical therapy x12"]),
    "treatment": st.sampled_from([None, "Soma", "MRI of the hip"]),
    "determination": st.sampled_from([None, "upheld", "overturned"]),
    "quantity": st.sampled_from([None, 12, 30]),
}), min_size=1, max_size=4)  # fmt: skip  (gold always has an item: a letter without one is never done)


@settings(max_examples=25, deadline=None)
@given(st.fixed_dictionaries(FIELD_VALUES), ITEMS)
def test_any_target_is_reached(header, items):
    with Store.memory() as store:
        loaded = load_file(SEED)
        store.add_letters([(loaded, parse_text(loaded.text))])
        prediction = store.prediction(1)
        data = prediction.to_json_dict() | header
        data["items"] = [prediction.items[0].model_dump(mode="json") | item for item in items]
        run_plan(store, Letter.model_validate(data))
