"""Fault injection: a small filesystem (a full disk) and a read-only one (root only)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).parent / "imr-review"


@contextlib.contextmanager
def mounted_tmpfs(where, size: str):
    """A tmpfs of ``size`` at ``where`` (root only; the tests that need it skip otherwise)."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root (CI runs as root)")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount_read_only(where) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)


@contextlib.contextmanager
def read_only_file(path):
    """Make one file read-only, its folder staying writable. Root writes through file modes, so
    as root the file is bind-mounted read-only over itself."""
    if os.geteuid() != 0:
        path.chmod(0o400)
        try:
            yield path
        finally:
            path.chmod(0o600)
        return
    result = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot bind-mount a file here: {result.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


def run_app(tmp_path, db):
    """The window opened on ``db`` (offscreen) until its first letter is shown, then closed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IMR_REVIEW_EXIT_AFTER_START": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}  # fmt: skip
    return subprocess.run(
        [str(EXE), "--db", str(db), "--reviewer", "ann"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
