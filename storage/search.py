"""Turning what a user types in the search box into an FTS5 query that cannot be misread.

A user's words are words: each whitespace-separated chunk becomes one quoted FTS5 phrase (so
"10/325" still means 10 next to 325), quotes inside are doubled, and FTS5 operators (AND, OR,
NOT, NEAR, *, ^, column:) lose their meaning. Chunks without a letter or digit are dropped. The
query is bounded: at most MAX_SEARCH_WORDS chunks of at most MAX_WORD_CHARS characters each, so
a pasted page cannot make one search run for minutes.
"""

from __future__ import annotations

MAX_SEARCH_WORDS = 16
MAX_WORD_CHARS = 100


def fts_query(text: str) -> tuple[str, bool]:
    """(the FTS5 MATCH expression, whether words were left out); "" when there is no word."""
    text = "".join(c if c.isprintable() else " " for c in text)  # FTS5 stops at a NUL
    chunks = [chunk for chunk in text.split() if any(c.isalnum() for c in chunk)]
    shortened = len(chunks) > MAX_SEARCH_WORDS or any(len(c) > MAX_WORD_CHARS for c in chunks)
    phrases = [
        '"' + chunk[:MAX_WORD_CHARS].replace('"', '""') + '"' for chunk in chunks[:MAX_SEARCH_WORDS]
    ]
    return " ".join(phrases), shortened
