"""Full-text search input: a user's words are words (no FTS5 syntax), the query is bounded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.queue import QueueQuery, queue_ids
from storage.search import MAX_SEARCH_WORDS, fts_query


@given(st.text(max_size=200))
def test_any_typed_text_is_a_valid_search(text):
    from storage.store import Store

    with Store.memory() as store:
        queue_ids(store, "ann", QueueQuery(search=text))
        store.search(text)


def test_words_with_syntax_characters_are_found_as_words(seeded_store):
    assert queue_ids(seeded_store, "ann", QueueQuery(search='"Thermacare')) == [2]
    assert queue_ids(seeded_store, "ann", QueueQuery(search="Thermacare*")) == [2]
    assert seeded_store.search("text:Thermacare") == []  # a phrase, not a column filter
    assert queue_ids(seeded_store, "ann", QueueQuery(search="Thermacare OR zzqq")) == []  # a word


def test_long_queries_are_cut_to_the_first_words():
    query, shortened = fts_query(" ".join(f"w{n}" for n in range(1000)))
    assert shortened and query.count('"') == 2 * MAX_SEARCH_WORDS
    assert fts_query("Soma Norco") == ('"Soma" "Norco"', False)
    assert fts_query('say "hi"') == ('"say" """hi"""', False)
    assert fts_query('" * -') == ("", False)


@pytest.mark.parametrize("text", ["", "   ", '"', "* ( )"])
def test_a_search_with_no_words_filters_nothing(seeded_store, text):
    assert queue_ids(seeded_store, "ann", QueueQuery(search=text)) == [1, 2, 3]
