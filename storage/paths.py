"""Where the default database lives: `imr-review/letters.db` in the user data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("imr-review", appauthor=False)) / "letters.db"
