"""Dates that cannot be right together: saved (the coder may know better), but said."""

from __future__ import annotations

import datetime as dt

from gui.review.date_doubts import date_doubts


def test_an_injury_after_the_review_or_a_date_to_come_is_doubted(session):
    ur = session.record.ur_date
    assert ur is not None and session.record.date_of_injury is not None
    assert date_doubts(session.record, "date_of_injury", today=dt.date(2026, 11, 23)) == []
    session.edit("date_of_injury", "2099-01-01")
    doubts = date_doubts(session.record, "date_of_injury", today=dt.date(2026, 11, 23))
    assert doubts == [
        "2099-01-01 is after today",
        f"the date of injury 2099-01-01 is after the UR date {ur.isoformat()}",
    ]
    assert date_doubts(session.record, "patient_age", today=dt.date(2026, 11, 23)) == []
    session.edit("date_of_injury", "2010-01-01")
    session.edit("ur_date", "2009-05-05")
    assert date_doubts(session.record, "ur_date", today=dt.date(2026, 11, 23)) == [
        "the date of injury 2010-01-01 is after the UR date 2009-05-05"
    ]
