"""Where the queue's search words are in a letter, to mark them when a letter is opened from a
search. No Qt here.

The queue search (SQLite FTS5, porter stemmer) matches words by their stems, so "injections"
finds "injection", and takes each typed chunk as a phrase: "claimant's" is "claimant" followed
by "s", "10/325" is 10 next to 325. Marking does the same much more simply: a place matches when
words of the letter, one after another, start with the chunk's words or their stems (a word
less a plural or -ing/-ed end).
"""

from __future__ import annotations

import re

from storage.search import MAX_SEARCH_WORDS, MAX_WORD_CHARS

MAX_MARKS = 2000  # a letter full of one common word is marked no further than this
_ENDINGS = ("ies", "es", "s", "ing", "ed")


def search_phrases(search: str) -> list[list[str]]:
    """The phrases a search looks for (the words of each typed chunk), as the queue search
    takes them."""
    chunks = [c for c in search.split() if any(ch.isalnum() for ch in c)][:MAX_SEARCH_WORDS]
    return [words for c in chunks if (words := re.findall(r"\w+", c[:MAX_WORD_CHARS]))]


def _stem(word: str) -> str:
    lower = word.lower()
    for ending in _ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            return lower[: -len(ending)]
    return lower


def _word_pattern(word: str) -> str:
    """A letter word that starts with ``word`` or its stem; a word of one or two characters
    (the "s" of "claimant's", the "10" of "10/325") only as itself."""
    stem = _stem(word)
    return re.escape(stem) + (r"\w*" if len(stem) > 2 else r"\b")


def search_spans(text: str, search: str) -> list[tuple[int, int]]:
    """The letter spans of the words that start like a search phrase's words (whole words of the
    letter), in order, at most `MAX_MARKS`."""
    phrases = {r"\W+".join(_word_pattern(word) for word in words) for words in search_phrases(search)}
    if not phrases:
        return []
    pattern = re.compile(
        r"\b(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + ")", re.IGNORECASE
    )
    spans = []
    for found in pattern.finditer(text):
        spans.append(found.span())
        if len(spans) >= MAX_MARKS:
            break
    return spans
