"""The gold store: one SQLite file (WAL, foreign keys on) behind one method per operation.

`Store` is put together from one part per concern: opening the file and its transactions
(`base.py`, with the file checks in `health.py`), letters and predictions (`letters.py`), gold
records (`gold.py`), highlights (`highlights.py`), labels (`labels.py`) and the audit log
(`audit.py`); the queue's, the export's and the evaluation's queries (`queue.py`, `exports.py`); the team commands' (`team.py`). Errors are typed by SQLite's error code (`errors.py`).
"""

from __future__ import annotations

from .audit import AuditMixin
from .base import BUSY_TIMEOUT_S
from .errors import (
    CannotOpenError,
    ConflictError,
    DamagedDatabaseError,
    DatabaseBusyError,
    DiskFullError,
    DiskIOError,
    FilesChangedError,
    NeedsUpgradeError,
    NewerSchemaError,
    QueryInterruptedError,
    ReadOnlyError,
    StoreError,
    friendly_error,
)
from .exports import ExportsMixin
from .health import SQLITE_MAGIC
from .highlights import HighlightsMixin
from .labels import LabelsMixin
from .letters import LettersMixin
from .queue import QueueMixin
from .rows import Audit, GoldRow, Highlight, LetterRow, Prepared, now
from .team import TeamMixin


class Store(
    HighlightsMixin, LettersMixin, LabelsMixin, AuditMixin, QueueMixin, ExportsMixin, TeamMixin
):
    """All reads and writes of one imr-review database."""


__all__ = [
    "BUSY_TIMEOUT_S",
    "SQLITE_MAGIC",
    "Audit",
    "CannotOpenError",
    "ConflictError",
    "DamagedDatabaseError",
    "DatabaseBusyError",
    "DiskFullError",
    "DiskIOError",
    "FilesChangedError",
    "GoldRow",
    "Highlight",
    "LetterRow",
    "NeedsUpgradeError",
    "NewerSchemaError",
    "Prepared",
    "QueryInterruptedError",
    "ReadOnlyError",
    "Store",
    "StoreError",
    "friendly_error",
    "now",
]
