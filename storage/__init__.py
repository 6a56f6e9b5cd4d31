"""The gold store: letters, predictions, corrections, highlights and the audit log in SQLite."""
