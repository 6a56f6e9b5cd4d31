"""Fixtures for the fault tests."""

from __future__ import annotations

import pytest
from faults import mounted_tmpfs


@pytest.fixture
def small_disk(tmp_path):
    with mounted_tmpfs(tmp_path / "small", "3m") as where:
        yield where


@pytest.fixture
def ro_mount(tmp_path):
    with mounted_tmpfs(tmp_path / "ro", "16m") as where:
        yield where
