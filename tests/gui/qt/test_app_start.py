"""Starting the app as `make run` does: an empty database gets the sample letters."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.store import Store

pytestmark = pytest.mark.gui


def run_app(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IMR_REVIEW_EXIT_AFTER_START": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip
    exe = Path(sys.executable).parent / "imr-review"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=60)


def test_first_run_imports_the_samples_and_shows_a_letter(tmp_path):
    result = run_app(tmp_path, "--reviewer", "ann")
    assert result.returncode == 0, result.stderr
    assert "first letter shown: 1" in result.stderr
    with Store.open(tmp_path / "data" / "imr-review" / "letters.db") as store:
        assert store.letter_count() == 3
    again = run_app(tmp_path)  # the reviewer name was kept in the settings
    assert again.returncode == 0 and "first letter shown" in again.stderr


def test_a_damaged_database_is_reported_not_replaced(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    result = run_app(tmp_path, "--db", str(bad), "--reviewer", "ann")
    assert result.returncode == 1
    assert "not a SQLite database" in result.stderr
    assert bad.read_bytes() == b"this is not a database" * 100
