"""The words of a queue search marked in the letter opened from it: what the search matched,
phrase for phrase, and nothing else ("claimant's" is not every word starting with "s")."""

from __future__ import annotations

from gui.qt.letter.search_terms import search_spans

TEXT = (
    "The claimant's pain is severe. She was sent the same summary on 10/3/16; "
    "Norco 10/325 #60 was denied, and the injection was given. The claimant walks."
)


def marked(search: str) -> list[str]:
    return [TEXT[a:b] for a, b in search_spans(TEXT, search)]


def test_a_word_with_an_apostrophe_marks_that_word_only():
    assert marked("claimant's") == ["claimant's"]
    assert [TEXT[a:b] for a, b in search_spans("The claimant said so.", "claimant's")] == []


def test_a_chunk_of_several_words_marks_them_where_they_stand_together():
    assert marked("10/325") == ["10/325"]
    assert marked("Norco 10/325") == ["Norco", "10/325"]


def test_words_are_still_marked_by_their_stem():
    assert marked("injections") == ["injection"]
    assert marked("claimant") == ["claimant", "claimant"]
