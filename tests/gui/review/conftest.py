"""A review session over the three seed letters, opened at the first letter to review."""

from __future__ import annotations

import pytest

from gui.review import ReviewSession
from storage.queue import QueueQuery


@pytest.fixture
def session(seeded_store):
    s = ReviewSession(seeded_store, "ann")
    s.set_query(QueueQuery())
    s.open_first()
    return s
