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
from hypothesis import settings  # noqa: E402

# `make stress` runs the property tests with a far larger budget (HYPOTHESIS_PROFILE=stress).
settings.register_profile("default", max_examples=200)
settings.register_profile("stress", max_examples=int(os.environ.get("IMR_FUZZ_EXAMPLES", "20000")))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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
