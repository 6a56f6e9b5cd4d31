"""Where the tests find the real IMR letters (health records, never in the repository):
$IMR_REAL_LETTERS, or else ../shared/real-letters beside the repository's folder. Tests that
need them skip, saying where they looked, when they are not there."""

from __future__ import annotations

import os
from pathlib import Path

REAL_LETTERS = Path(
    os.environ.get("IMR_REAL_LETTERS")
    or Path(__file__).resolve().parents[1].parent / "shared" / "real-letters"
)
