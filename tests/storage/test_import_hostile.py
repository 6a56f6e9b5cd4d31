"""Importing folders that hold hostile entries: FIFOs and devices named as letters, a file name
that is not valid UTF-8, a folder that cannot be read. The good letters always go in, every
bad entry is named with its reason, and nothing hangs."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import synthetic
from hostile import EXE, hostile_folder, run_capped

from storage.importer import import_paths
from storage.store import Store


def write_letters(folder, count, seed=5):
    synthetic.write_letters(folder, count, seed, name="good-{n}.txt")


def test_import_of_a_folder_with_fifos_and_devices_finishes_and_names_each(tmp_path):
    folder = tmp_path / "inbox"
    made = hostile_folder(folder)
    write_letters(folder, 3)
    result = run_capped(
        [str(EXE), "import", "--db", str(tmp_path / "g.db"), str(folder)], timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert "imported 3," in result.stdout
    for name in made:
        assert f"failed: {folder / name}: not a regular file" in result.stdout, (
            name,
            result.stdout,
        )
    assert "Traceback" not in result.stdout + result.stderr


def test_a_name_that_is_not_utf8_costs_nothing_else_in_its_batch(tmp_path):
    folder = tmp_path / "inbox"
    write_letters(folder, 8)
    odd = os.fsdecode(bytes(folder) + b"/caf\xe9-\xff.txt")
    shutil.copy(folder / "good-0.txt", odd)
    with open(odd, "a") as handle:
        handle.write("\nA different letter.\n")
    with Store.open(tmp_path / "g.db") as store:
        summary = import_paths(store, [str(folder)], workers=1)
        assert len(summary.imported) == 9 and summary.failed == []
        stored = {store.letter(i).source_path for i in summary.imported}
        assert str(folder / "caf\\xe9-\\xff.txt") in stored
        assert [path for path, _ in summary.notes] == [str(folder / "caf\\xe9-\\xff.txt")]
    result = subprocess.run(
        [str(EXE), "import", "--db", str(tmp_path / "h.db"), str(folder)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "imported 9," in result.stdout
    assert "caf\\xe9-\\xff.txt: the file name is not valid UTF-8" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_unreadable_subfolder_is_named_in_the_summary(tmp_path):
    folder = tmp_path / "inbox"
    write_letters(folder, 2)
    write_letters(folder / "locked", 2, seed=6)
    (folder / "locked").chmod(0)
    command = [str(EXE), "import", "--db", str(tmp_path / "g.db"), str(folder)]
    if os.geteuid() == 0:  # root reads any folder: drop the capability that lets it
        if shutil.which("setpriv") is None:
            pytest.skip("setpriv (util-linux) is needed to drop root's read-any-folder capability")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        (folder / "locked").chmod(0o700)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "imported 2," in result.stdout
    assert f"failed: {folder / 'locked'}: cannot read this folder" in result.stdout, result.stdout


def test_ctrl_c_keeps_every_letter_read_and_says_how_far_it_got(tmp_path):
    """Ctrl+C in a terminal (SIGINT to the whole process group, workers too) stops the import
    at once and keeps every letter already read: it used to lose the batch not yet written
    (up to 255 letters) and say only "interrupted"."""
    import signal
    import sqlite3
    import time

    folder = tmp_path / "letters"
    folder.mkdir()
    write_letters(folder, 3000)
    db = tmp_path / "i.db"
    command = [str(EXE), "--db", str(db), "import", str(folder)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    def stored() -> int:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                return int(conn.execute("SELECT count(*) FROM letters").fetchone()[0])
        except sqlite3.Error:
            return 0

    deadline = time.monotonic() + 60
    while stored() == 0 and time.monotonic() < deadline:  # the first batch is written
        time.sleep(0.02)
    time.sleep(0.1)  # and some of the next one read
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "stopped (Ctrl+C) after " in err
    read = int(err.split("stopped (Ctrl+C) after ")[1].split(" ")[0])
    imported = int(out.split("imported ")[1].split(",")[0])
    assert 0 < stored() == imported == read < 3000
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert f"imported {3000 - imported}, skipped {imported} as duplicates" in again.stdout
