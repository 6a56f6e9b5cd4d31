"""The gold store: letters, predictions, corrections, highlights and the audit log in SQLite."""

from .sqlite_utils_lean import load as _load_sqlite_utils

_load_sqlite_utils()  # before any module of the store imports it (see sqlite_utils_lean)
