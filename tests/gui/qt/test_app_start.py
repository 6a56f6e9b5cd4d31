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


def test_a_mistyped_db_is_not_created_nor_filled_with_samples(tmp_path):
    typo = tmp_path / "typo" / "letters.bd"
    result = run_app(tmp_path, "--db", str(typo), "--reviewer", "ann")
    assert result.returncode == 1
    assert f"no database at {typo}" in result.stderr
    assert not typo.parent.exists()


def test_a_named_database_never_gets_the_sample_letters(tmp_path, samples_dir):
    from storage.importer import import_paths

    named = tmp_path / "team.db"
    with Store.open(named) as store:  # made by `imr-review import` or `assign`, still empty
        import_paths(store, [str(tmp_path / "nothing-here")], workers=1)
    result = run_app(tmp_path, "--db", str(named), "--reviewer", "ann")
    assert result.returncode == 0, result.stderr
    with Store.open(named) as store:
        assert store.letter_count() == 0


def test_ctrl_c_in_the_terminal_closes_the_window_as_ctrl_q_does(tmp_path):
    """SIGINT to a running window printed a KeyboardInterrupt traceback from a Qt override and
    left the window open (once it crashed; newcomer's finding). It now closes the window the
    way Ctrl+Q does: typed text saved, exit 0, nothing on stderr."""
    import signal
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip
    exe = Path(sys.executable).parent / "imr-review"
    app = subprocess.Popen(
        [str(exe), "--reviewer", "ann"], stderr=subprocess.PIPE, text=True, env=env
    )
    database = tmp_path / "data" / "imr-review" / "letters.db"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        database.exists() and (tmp_path / "config").exists()
    ):
        time.sleep(0.1)
    time.sleep(3)  # the window is up and idle
    app.send_signal(signal.SIGINT)
    try:
        _, err = app.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        app.kill()
        pytest.fail("the window did not close on SIGINT")
    assert app.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


@pytest.mark.parametrize("name", ["adjudication:mallory", "Adjudication:Mallory", " adjudication:x"])
def test_a_reviewer_name_taken_for_a_leads_adjudication_is_refused(tmp_path, samples_dir, name):
    """Gold kept under "adjudication:NAME" is a lead's settled answer and every export takes it
    first: a coder opening the window under such a name (a newcomer's session did, without
    --adjudicate) had their record exported over another coder's done correction."""
    from storage.importer import import_paths

    db = tmp_path / "team.db"
    with Store.open(db) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    result = run_app(tmp_path, "--db", str(db), "--reviewer", name)
    assert result.returncode == 2, result.stderr
    assert "first letter shown" not in result.stderr
    assert "is kept for a lead's adjudication" in result.stderr, result.stderr
    kept = "".join(  # and the name is not kept as the reviewer's for next time
        p.read_text(errors="replace") for p in (tmp_path / "config").rglob("*") if p.is_file()
    )
    assert name.strip().lower() not in kept.lower()
