"""Shared fixtures. Qt runs offscreen: set before anything imports PySide6."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))  # for `synthetic`

import pytest  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def seed_text():
    """The canonical text of a bundled seed letter, by its number prefix ("000")."""
    from parsing import load_file

    def read(prefix: str) -> str:
        (path,) = SAMPLES.glob(f"{prefix}_*.txt")
        return load_file(path).text

    return read
