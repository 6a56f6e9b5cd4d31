"""Dates that cannot all be right: a date still to come, an injury after the utilisation
review that followed it. Such a value is saved (the coder may know better than the rule) and
the window says what looks wrong, so that a slip ("2099" for "2009") is seen at once."""

from __future__ import annotations

import datetime as dt

from parsing import Letter

DATE_FIELDS = ("date_of_injury", "ur_date", "date_assigned")


def date_doubts(record: Letter, path: str, today: dt.date | None = None) -> list[str]:
    """What looks wrong with the date just saved at ``path``, in words ([] when nothing does
    or ``path`` is no date)."""
    if path not in DATE_FIELDS:
        return []
    value = getattr(record, path)
    if value is None:
        return []
    doubts = []
    if value > (today or dt.date.today()):
        doubts.append(f"{value.isoformat()} is after today")
    injury, review = record.date_of_injury, record.ur_date
    if injury is not None and review is not None and injury > review and path != "date_assigned":
        doubts.append(
            f"the date of injury {injury.isoformat()} is after the UR date {review.isoformat()}"
        )
    return doubts
