"""Where the queue's search words are in a letter, to mark them when a letter is opened from a
search. No Qt here.

The queue search (SQLite FTS5, porter stemmer) matches words by their stems, so "injections"
finds "injection". Marking does the same much more simply: a place matches when a word of the
letter starts with the search word, or with its stem (the word less a plural or -ing/-ed end).
"""

from __future__ import annotations

import re

from storage.search import MAX_SEARCH_WORDS, MAX_WORD_CHARS

MAX_MARKS = 2000  # a letter full of one common word is marked no further than this
_ENDINGS = ("ies", "es", "s", "ing", "ed")


def search_words(search: str) -> list[str]:
    """The words a search looks for, as the queue search takes them."""
    chunks = [c for c in search.split() if any(ch.isalnum() for ch in c)][:MAX_SEARCH_WORDS]
    words: list[str] = []
    for chunk in chunks:
        words.extend(w for w in re.findall(r"\w+", chunk[:MAX_WORD_CHARS]) if w)
    return words


def _stem(word: str) -> str:
    lower = word.lower()
    for ending in _ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            return lower[: -len(ending)]
    return lower


def search_spans(text: str, search: str) -> list[tuple[int, int]]:
    """The letter spans of the words that start like a search word (whole words of the letter),
    in order, at most `MAX_MARKS`."""
    stems = sorted({_stem(w) for w in search_words(search)}, key=len, reverse=True)
    if not stems:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    spans = []
    for found in pattern.finditer(text):
        spans.append(found.span())
        if len(spans) >= MAX_MARKS:
            break
    return spans
