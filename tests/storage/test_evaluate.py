"""`eval`: the current parser against gold, per field, per item, determinations, worst letters."""

from __future__ import annotations

from parsing.edits import add_item, set_value
from parsing.evaluation import align_items, normalise, span_overlap
from storage.evaluate import evaluate_store, evaluation_markdown


def test_normalise_folds_case_and_whitespace():
    assert normalise("  Soma   350 MG ") == normalise("soma 350 mg")
    assert normalise(["Texas", "california"]) == normalise(["California", "TEXAS"])
    assert normalise("") is None and normalise([]) is None


def test_span_overlap():
    assert span_overlap({"start": 0, "end": 10}, {"start": 5, "end": 15}) == 5 / 15
    assert span_overlap(None, None) == 1.0 and span_overlap({"start": 0, "end": 1}, None) == 0.0


def test_items_align_by_place_in_the_letter_not_by_text():
    predicted = [{"request": "is"}, {"request": "Soma 350mg #120"}, {"request": "the lumbar"}]
    p_spans = {"items.0.determination": [100, 106], "items.1.determination": [300, 306],
               "items.2.determination": [500, 510]}  # fmt: skip
    # The reviewer removed the first item, retyped the last one and added one at the end.
    gold = [{"request": "Soma 350mg #120"}, {"request": "Physical therapy for the lumbar spine"},
            {"request": "Soma 350mg #120"}]  # fmt: skip
    g_spans = {"items.0.determination": [300, 306], "items.1.determination": [500, 510]}
    assert align_items(predicted, gold, p_spans, g_spans) == [(1, 0), (2, 1)]


def test_items_without_places_align_in_order():
    predicted = [{"request": "a"}, {"request": "b"}]
    gold = [{"request": "x"}, {"request": "y"}, {"request": "z"}]
    assert align_items(predicted, gold) == [(0, 0), (1, 1)]


def test_correcting_a_garbage_request_is_one_wrong_field_not_a_missing_and_a_spurious_item(
    seeded_store,
):
    s = seeded_store
    s.change_record(
        1,
        "ann",
        lambda r: set_value(r, "items.0.request", "Partial Hospitalization day treatment"),
        field="items.0.request",
    )
    s.set_status(1, "ann", "done")
    report = evaluate_store(s)
    assert report.items_predicted == report.items_gold == report.items_matched
    assert report.fields["items.request"].total - report.fields["items.request"].correct == 1
    assert all("not found" not in e and "spurious" not in e for e in report.errors_by_letter[1])


def test_report_counts_what_the_reviewer_corrected(seeded_store):
    s = seeded_store
    s.change_record(
        1,
        "ann",
        lambda r: set_value(r, "items.1.determination", "overturned"),
        field="items.1.determination",
    )
    s.change_record(
        1, "ann", lambda r: set_value(r, "case_number", "CM15-0148723"), field="case_number"
    )
    s.set_status(1, "ann", "done")
    s.change_record(2, "ann", lambda r: add_item(r, item=None), field="items")
    s.change_record(
        2,
        "ann",
        lambda r: set_value(r, "items.3.request", "Lidoderm patch #30"),
        field="items.3.request",
    )
    s.change_record(
        2,
        "ann",
        lambda r: set_value(r, "items.3.determination", "upheld"),
        field="items.3.determination",
    )
    s.set_status(2, "ann", "done")
    s.set_status(3, "ann", "skipped")  # not done: not compared

    report = evaluate_store(s)
    assert report.letters == 2
    assert (report.fields["case_number"].correct, report.fields["case_number"].total) == (1, 2)
    assert report.items_predicted == 5 and report.items_gold == 6 and report.items_matched == 5
    assert report.confusion[("overturned", "upheld")] == 1
    assert report.confusion[("upheld", "(missing)")] == 1
    assert report.confusion[("upheld", "upheld")] == 4
    assert sorted(report.errors_by_letter) == [1, 2]

    markdown = evaluation_markdown(s)
    assert "Letters compared: 2" in markdown
    assert "| case_number | 1 | 2 | 50.0% |" in markdown
    assert "precision 100.0%, recall 83.3%" in markdown
    assert "| overturned | 1 | 0 | 0 |" in markdown
    assert "- letter 1: 2 error(s): case_number, items.1.determination" in markdown


def test_reliability_table_shows_how_often_each_confidence_band_is_right():
    from parsing.evaluation import evaluate, reliability_lines

    predicted = {"case_number": "CM15-1", "ur_date": "2015-01-02", "patient_age": 40,
                 "confidence": {"case_number": 0.98, "ur_date": 0.5, "patient_age": 0.97}}  # fmt: skip
    gold = {"case_number": "CM15-1", "ur_date": "2015-01-03", "patient_age": 41}
    report = evaluate([(1, predicted, gold)])
    table = "\n".join(reliability_lines(report))
    assert "| 0.95-1.00 | 2 | 1 | 50.0% |" in table  # case number right, age wrong
    assert "| 0.00-0.50 | 0 |" not in table and "| 0.50-0.80 | 1 | 0 | 0.0% |" in table


def test_an_item_the_coder_moved_up_the_list_is_still_the_same_item():
    """Alt+Up on item 2: eval said "items.0 not found, spurious item ..." and the item totals
    fell (a newcomer's session), as items paired only in list order."""
    predicted = [{"request": "Norco"}, {"request": "Soma"}, {"request": "physio"}, {"request": "x"}]
    p_spans = {"items.0.determination": [100, 106], "items.1.determination": [300, 306],
               "items.2.determination": [500, 510]}  # fmt: skip
    gold = [predicted[1], predicted[0], predicted[2], predicted[3]]  # the first two swapped
    g_spans = {"items.0.determination": [300, 306], "items.1.determination": [100, 106],
               "items.2.determination": [500, 510]}  # fmt: skip
    assert align_items(predicted, gold, p_spans, g_spans) == [(0, 1), (1, 0), (2, 2), (3, 3)]
    moved_last = [predicted[1], predicted[2], predicted[3], predicted[0]]
    m_spans = {"items.0.determination": [300, 306], "items.1.determination": [500, 510],
               "items.3.determination": [100, 106]}  # fmt: skip
    assert align_items(predicted, moved_last, p_spans, m_spans) == [(0, 3), (1, 0), (2, 1), (3, 2)]
