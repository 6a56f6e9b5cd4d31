"""Review actions as plain methods of the review session (no Qt)."""

from __future__ import annotations

import pytest

from gui.review import ReviewError, ReviewSession
from storage.queue import QueueQuery


def test_opens_first_letter_at_its_first_unsure_field(session):
    assert session.letter_id == 1
    assert session.current_path == "case_number"  # no case number in the seed: confidence 0
    assert session.unsure_paths()[:3] == ["case_number", "patient_age", "patient_sex"]


def test_edit_is_stored_marked_and_undoable(session, seeded_store):
    session.edit("ur_date", "2015-07-29")
    assert seeded_store.gold(1, "ann").record.ur_date.isoformat() == "2015-07-29"
    assert session.is_changed("ur_date")
    assert session.undo() == "edit UR date"
    assert seeded_store.gold(1, "ann").record.ur_date.isoformat() == "2015-07-28"
    session.redo()
    assert seeded_store.gold(1, "ann").record.ur_date.isoformat() == "2015-07-29"
    assert [e["action"] for e in seeded_store.audit(1)] == ["edit", "undo", "redo"]


def test_invalid_values_are_refused_before_writing(session, seeded_store):
    with pytest.raises(ReviewError, match="UR date"):
        session.edit("ur_date", "yesterday")
    with pytest.raises(ReviewError):
        session.edit("patient_age", 400)
    assert seeded_store.gold(1, "ann") is None


def test_typing_one_field_undoes_as_one_step(session):
    session.edit("case_number", "CM1")
    session.edit("case_number", "CM15-01")
    session.edit("case_number", "CM15-0148723")
    session.undo()
    assert session.record.case_number is None


def test_undo_across_items(session):
    session.set_current("items.1.request")
    session.set_determination("overturned")
    session.set_current("items.0.quantity")
    session.edit("items.0.quantity", 31)
    session.undo()
    session.undo()
    assert [i.determination.value for i in session.record.items] == ["upheld", "upheld"]
    assert session.record.items[0].quantity == 30


def test_items_add_move_remove(session):
    session.set_current("items.0.request")
    at = session.add_item()
    assert at == 1 and len(session.record.items) == 3 and session.current_path == "items.1.request"
    session.edit("items.1.request", "Urine drug screen")
    session.move_item(+1)
    assert [i.request for i in session.record.items][2] == "Urine drug screen"
    session.remove_item()
    assert [i.request for i in session.record.items] == [
        "Soma 350 MG #30 with No Refill",
        "Percocet 10 MG #60 with No Refill",
    ]
    with pytest.raises(ReviewError):
        session.move_item(+5)


def test_next_unsure_walks_fields_and_skips_confirmed(session):
    first = session.current_path
    session.confirm(first)
    second = session.next_unsure()
    assert second != first and second in session.unsure_paths()
    assert session.next_unsure(backwards=True) != first


def test_fill_from_selection_sets_value_and_source(session):
    text = session.letter.text
    start = text.index("June 24, 2014")
    session.fill_from_selection(
        start - 1, start + 14, "date_of_injury"
    )  # selection with stray spaces
    assert session.record.date_of_injury.isoformat() == "2014-06-24"
    assert session.record.spans["date_of_injury"] == (start, start + 13)
    para = text.index("Similarly, the request")
    session.fill_from_selection(para, para + 40, "items.1.rationale")
    assert (session.record.items[1].rationale.start, session.record.items[1].rationale.end) == (
        para,
        para + 40,
    )
    with pytest.raises(ReviewError, match="not a date"):
        session.fill_from_selection(para, para + 10, "ur_date")


def test_done_and_next_then_wraps_to_letters_needing_review(session, seeded_store):
    assert session.done_and_next() == 2
    assert seeded_store.gold(1, "ann").status == "done"
    assert session.skip() == 3
    session.previous()
    assert session.letter_id == 2
    assert session.done_and_next() == 3
    assert session.done_and_next() is None  # nothing left to review
    assert session.progress() == (3, 3)


def test_flag_keeps_the_letter_open(session, seeded_store):
    session.flag("second page missing")
    assert session.letter_id == 1
    assert (seeded_store.gold(1, "ann").status, seeded_store.gold(1, "ann").note) == (
        "flagged",
        "second page missing",
    )


def test_conflicting_write_reloads_instead_of_overwriting(session, seeded_store):
    other = ReviewSession(seeded_store, "ann")
    other.set_query(QueueQuery())
    other.open(1)
    other.edit("case_number", "CM15-0000001")
    with pytest.raises(ReviewError, match="changed elsewhere"):
        session.edit("case_number", "CM15-0000002")
    assert seeded_store.gold(1, "ann").record.case_number == "CM15-0000001"
    assert session.record.case_number == "CM15-0000001"  # reloaded


def test_queue_filter_and_search(session):
    session.set_query(QueueQuery(search="Thermacare"))
    assert session.ids == [2]
    session.done_and_next()
    session.set_query(QueueQuery(status="needs review"))
    assert 1 not in session.ids
    session.set_query(QueueQuery(sort="min_confidence", descending=False))
    assert sorted(session.ids) == [1, 2, 3]


def test_field_at_offset(session):
    start, _ = session.record.spans["items.0.quantity"]
    assert session.field_at(start) == "items.0.quantity"
    assert session.field_at(0) is None


# --- evidence highlights ---------------------------------------------------------------------


def test_highlight_snaps_to_words_and_links_to_the_current_item(session, seeded_store):
    text = session.letter.text
    start = text.index("carisoprodol or Soma is not recommended")
    session.set_current("items.0.treatment")
    made = session.add_highlight(start + 3, start + 18, "Guideline criterion")  # "isoprodol or So"
    assert text[made.start : made.end] == "carisoprodol or Soma"
    assert made.field == "items.0.rationale"
    session.set_current("ur_date")
    whole = session.add_highlight(
        text.index("Twelve sessions"), text.index("Twelve sessions") + 6, "Clinical fact"
    )
    assert whole.field == ""  # no current item: the letter as a whole
    assert [h.label for h in seeded_store.highlights(1, "ann")] == [
        "Clinical fact",
        "Guideline criterion",
    ]


def test_highlight_across_items_needs_force(session):
    from gui.review import CrossesItems

    text = session.letter.text
    header = text.index("Percocet 10 MG #60 with No Refill: Upheld")
    a = text.rindex("the request is not medically necessary.", 0, header)
    with pytest.raises(CrossesItems, match="item 1 into item 2"):
        session.add_highlight(a, header + 8, "Conclusion")
    made = session.add_highlight(a, header + 8, "Conclusion", force=True)
    assert text[made.start : made.end].endswith("Percocet")


def test_highlight_undo_redo_relabel_delete(session, seeded_store):
    text = session.letter.text
    a = text.index("visible limp")
    made = session.add_highlight(a, a + 12, "Clinical fact")
    relabelled = session.relabel_highlight(made, "Other")
    assert seeded_store.highlights(1, "ann")[0].label == "Other"
    session.delete_highlight(relabelled)
    assert seeded_store.highlights(1, "ann") == []
    session.undo()  # the delete
    assert [h.label for h in seeded_store.highlights(1, "ann")] == ["Other"]
    session.undo()  # the relabel
    assert [h.label for h in seeded_store.highlights(1, "ann")] == ["Clinical fact"]
    session.undo()  # the add
    assert seeded_store.highlights(1, "ann") == []
    session.redo()
    session.redo()
    assert [(h.id, h.label) for h in seeded_store.highlights(1, "ann")] == [(made.id, "Other")]


def test_highlights_follow_their_item_when_items_move(session, seeded_store):
    text = session.letter.text
    session.set_current("items.1.request")
    a = text.index("short-acting opioid")
    made = session.add_highlight(a, a + 19, "Clinical fact")
    assert made.field == "items.1.rationale"
    session.move_item(-1)
    assert seeded_store.highlights(1, "ann")[0].field == "items.0.rationale"
    session.undo()
    assert seeded_store.highlights(1, "ann")[0].field == "items.1.rationale"
    session.set_current("items.1.request")
    session.remove_item()
    assert seeded_store.highlights(1, "ann")[0].field == ""  # kept, now for the letter as a whole


def test_done_needs_evidence_where_required(session, seeded_store):
    from gui.review import EvidenceMissing

    session.set_current("items.1.request")
    assert session.toggle_needs_evidence() is True
    with pytest.raises(EvidenceMissing) as caught:
        session.done_and_next()
    assert caught.value.item == 1
    assert caught.value.offset == session.record.items[1].rationale.start
    assert session.current_path == "items.1.rationale"
    assert seeded_store.gold(1, "ann").status == "in_progress"
    text = session.letter.text
    a = text.index("short-acting opioid")
    session.add_highlight(a, a + 19, "Clinical fact")
    assert session.done_and_next() == 2


def test_statuses_are_an_enum_of_what_the_store_keeps(session, seeded_store):
    from gui.review import Status
    from storage.schema import STATUSES

    assert [s.value for s in Status] == list(STATUSES)
    assert session.status is Status.TODO
    session.edit("ur_date", "2015-07-29")
    assert session.status is Status.IN_PROGRESS
    session.flag("page 2 missing")
    assert session.status is Status.FLAGGED
    session.open(1)
    assert session.status is Status.FLAGGED and seeded_store.gold(1, "ann").status == "flagged"


def test_a_label_asked_twice_labels_a_selection_across_items(session):
    from gui.review import CrossesItems

    text = session.letter.text
    header = text.index("Percocet 10 MG #60 with No Refill: Upheld")
    a = text.rindex("the request is not medically necessary.", 0, header)
    with pytest.raises(CrossesItems):
        session.label_selection(a, header + 8, "Conclusion")
    with pytest.raises(CrossesItems):  # another label is another request
        session.label_selection(a, header + 8, "Other")
    made = session.label_selection(a, header + 8, "Other")
    assert text[made.start : made.end].endswith("Percocet")
    with pytest.raises(CrossesItems):
        session.label_selection(a, header + 8, "Conclusion")
    session.open(1)  # opening a letter forgets the refusal
    with pytest.raises(CrossesItems):
        session.label_selection(a, header + 8, "Conclusion")


def test_a_click_goes_to_an_items_highlight_before_a_field_source(session):
    start, end = session.record.spans["ur_date"]  # in the letter's opening
    assert session.click(start) == "ur_date" == session.current_path
    session.set_current("items.1.request")
    made = session.add_highlight(start, end, "Clinical fact")  # evidence for item 2
    assert made.field == "items.1.rationale"
    session.set_current("date_of_injury")
    assert session.click(start) == "items.1.rationale" == session.current_path
    assert session.highlight_near(made.end) == made  # the caret resting at its end
    assert session.highlight_near(made.end + 1) is None
    assert session.click(0) is None and session.current_path == "items.1.rationale"


def test_words_of_an_items_part_of_the_letter_are_its_evidence_whatever_is_current(session):
    start, end = session.record.spans["items.0.quantity"]  # in item 1's part of the letter
    session.set_current("items.1.request")
    assert session.add_highlight(start, end, "Clinical fact").field == "items.0.rationale"


def test_a_filter_that_hides_the_open_letter_opens_the_first_to_review(session):
    session.filter(QueueQuery(search="Thermacare"))
    assert session.ids == [2] and session.letter_id == 2
    session.filter(QueueQuery())
    assert session.letter_id == 2  # still in the queue: it stays open


def test_undo_and_redo_of_item_changes_bring_the_form_to_the_item(session):
    session.set_current("items.1.treatment")
    session.move_item(-1)
    assert session.current_path == "items.0.treatment"
    session.undo()
    assert session.current_path == "items.1.treatment"  # the moved item, back in its place
    session.redo()
    assert session.current_path == "items.0.treatment"
    session.remove_item()
    session.undo()
    assert session.current_path == "items.0.request"  # the item put back
    session.set_current("items.0.request")
    session.add_item()
    assert session.current_path == "items.1.request"
    session.undo()
    assert session.current_path == "items.0.request"  # the item before the one taken away


def _sources(session, name):
    text = session.letter.text
    return {p: text[s.start : s.end] for p, s in session.record.spans.items()
            if p == name or p.startswith(name + ".")}  # fmt: skip


def test_a_changed_list_element_keeps_no_source_of_the_element_it_replaced(session):
    """Element sources follow the elements: one the coder changed loses the old element's
    source (even one whose words it shares: "York" is not read from "New York"), the others
    keep theirs."""
    assert session.record.reviewer_licensure == ["Texas", "New York", "California"]
    session.edit("reviewer_licensure", ["Texas", "York", "California"])
    assert _sources(session, "reviewer_licensure") == {
        "reviewer_licensure": "Texas, New York, California",  # the list's words, in order
        "reviewer_licensure.0": "Texas",
        "reviewer_licensure.2": "California",
    }


def test_a_list_filled_from_the_letter_gets_a_source_for_each_element(session):
    text = session.letter.text
    start = text.index("New York, California")
    session.fill_from_selection(start, start + len("New York, California"), "reviewer_licensure")
    assert session.record.reviewer_licensure == ["New York", "California"]
    assert _sources(session, "reviewer_licensure") == {
        "reviewer_licensure": "New York, California",
        "reviewer_licensure.0": "New York",
        "reviewer_licensure.1": "California",
    }


def test_evidence_follows_the_letter_not_the_list_order_after_a_move(session):
    """Moved below item 2, item 1 still owns its part of the letter (found by the order of the
    requests in the letter, not in the list); words of an item the coder added, which has no
    part of the letter the parser knows, go to it while it is current."""
    second = session.record.spans["items.1.quantity"]
    session.set_current("items.0.request")
    session.move_item(1)  # the list is now [second, first]
    made = session.add_highlight(second.start, second.end, "Clinical fact")
    assert made.field == "items.0.rationale"  # the second item, now first in the list
    session.set_current("items.1.request")
    session.add_item()  # an item the parser missed, typed in by the coder
    session.edit("items.2.request", "Physical therapy x 6")
    first = session.record.spans["items.1.quantity"]
    made = session.add_highlight(first.start, first.end, "Conclusion")
    assert made.field == "items.2.rationale"


def test_restoring_a_list_brings_back_the_parsers_element_sources(session):
    parsed = dict(session.record.spans)
    session.edit("reviewer_licensure", ["Texas", "York", "California"])
    session.set_current("reviewer_licensure")
    session.restore()
    assert session.record.reviewer_licensure == ["Texas", "New York", "California"]
    assert {p: s for p, s in session.record.spans.items() if p.startswith("reviewer_licensure")} == {
        p: s for p, s in parsed.items() if p.startswith("reviewer_licensure")
    }
