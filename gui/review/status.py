"""A letter's review status: the store's enum, named here for the review layer."""

from __future__ import annotations

from storage.schema import Status

__all__ = ["Status"]
