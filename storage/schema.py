"""The database schema's version and the review statuses, for the code outside the store (the
tables and their migrations are in `storage/store/schema.py`, with the rest of the SQL)."""

from __future__ import annotations

from .store.schema import MIGRATION_SET as MIGRATION_SET
from .store.schema import READABLE_FROM as READABLE_FROM
from .store.schema import SCHEMA_VERSION as SCHEMA_VERSION
from .store.schema import STATUSES as STATUSES
from .store.schema import Status as Status
from .store.schema import migrations as migrations
