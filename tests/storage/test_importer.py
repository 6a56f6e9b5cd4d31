"""Importing folders: every readable letter in, every failure named, duplicates skipped,
parallel parsing, and a kill at any moment leaves a sound database that a re-run completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import synthetic
from fpdf import FPDF

from storage.importer import import_paths
from storage.store import Store


def write_pdf(path, text):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, text)
    pdf.output(str(path))


def bad_folder(tmp_path, samples_dir):
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    for seed in samples_dir.glob("*.txt"):
        (folder / "nested" / seed.name).write_bytes(seed.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(os.urandom(4096).replace(b"\x00", b"\x01") + b"\x00" * 64)
    (folder / "latin.txt").write_bytes("Cl\xednica: Soma #30: Upheld\n".encode("cp1252"))
    (folder / "fake.pdf").write_bytes(b"<html>not a pdf</html>")
    write_pdf(
        folder / "good.pdf", "IMR ISSUES, DECISIONS AND RATIONALES\nNorco 10/325mg #120: Upheld\n"
    )
    data = (folder / "good.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    with open(folder / "huge.txt", "wb") as handle:
        handle.write(b"Soma #30: Upheld. " * (20 * 1024 * 1024 // 18 + 1))
    (folder / "notes.docx").write_bytes(b"PK")  # not a letter type: not picked up from a folder
    return folder


def test_bad_folder_imports_every_readable_letter_and_names_each_failure(tmp_path, samples_dir):
    folder = bad_folder(tmp_path, samples_dir)
    with Store.open(tmp_path / "g.db") as store:
        summary = import_paths(store, [str(folder)], workers=2)
        assert len(summary.imported) == 5  # three seeds, latin.txt, good.pdf
        failures = {os.path.basename(p): reason for p, reason in summary.failed}
        assert set(failures) == {"empty.txt", "binary.txt", "fake.pdf", "truncated.pdf", "huge.txt"}
        assert "empty" in failures["empty.txt"]
        assert "binary" in failures["binary.txt"]
        assert "not a PDF" in failures["fake.pdf"]
        assert "damaged or truncated" in failures["truncated.pdf"]
        assert "too large" in failures["huge.txt"]
        texts = [store.letter(i).text for i in summary.imported]
        assert any(t.startswith("Clínica") for t in texts)


def test_cli_import_reports_without_traceback(tmp_path, samples_dir):
    folder = bad_folder(tmp_path, samples_dir)
    exe = os.path.join(os.path.dirname(sys.executable), "imr-review")
    result = subprocess.run(
        [exe, "import", "--db", str(tmp_path / "g.db"), str(folder)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "imported 5, skipped 0 as duplicates, failed 5" in result.stdout
    assert f"failed: {folder / 'empty.txt'}: the file is empty" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    again = subprocess.run(
        [exe, "import", "--db", str(tmp_path / "g.db"), str(folder / "nested")],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0
    assert "imported 0, skipped 3 as duplicates, failed 0" in again.stdout


def write_letters(folder, count, seed=3):
    synthetic.write_letters(folder, count, seed, name="letter-{n:05d}.txt")


def test_parallel_import_matches_serial(tmp_path):
    write_letters(tmp_path / "in", 60)
    with Store.open(tmp_path / "a.db") as parallel, Store.open(tmp_path / "b.db") as serial:
        p = import_paths(parallel, [str(tmp_path / "in")], workers=2)
        s = import_paths(serial, [str(tmp_path / "in")], workers=1)
        assert len(p.imported) == len(s.imported) == 60
        for letter_id in p.imported:
            assert parallel.prediction(letter_id) == serial.prediction(letter_id)


def test_same_file_twice_in_one_run_is_one_letter(tmp_path, samples_dir):
    seed = next(samples_dir.glob("000_*.txt"))
    (tmp_path / "copy.txt").write_bytes(seed.read_bytes())
    with Store.open(tmp_path / "g.db") as store:
        summary = import_paths(store, [str(seed), str(tmp_path / "copy.txt")])
        assert len(summary.imported) == 1 and summary.duplicates == [str(tmp_path / "copy.txt")]


def _processes_importing(db) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    words = handle.read().split(b"\0")
                with open(f"/proc/{entry}/stat") as handle:
                    state = handle.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if str(db).encode() in words and b"import" in words and state != "Z":
                found.append(int(entry))
    return found


def committed_letters(db) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM letters").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_import_leaves_a_sound_database_that_a_rerun_completes(tmp_path):
    write_letters(tmp_path / "in", 1500)
    db = tmp_path / "g.db"
    exe = os.path.join(os.path.dirname(sys.executable), "imr-review")
    process = subprocess.Popen(
        [exe, "import", "--db", str(db), str(tmp_path / "in")], stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill once some, but not all, batches are committed
        time.sleep(0.02)
        if committed_letters(db) > 0:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Its parsing processes go with it rather than lingering.
    deadline = time.monotonic() + 10
    while _processes_importing(db) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_importing(db) == []
    with Store.open(db) as store:
        assert store.integrity_problems() == []
        partial = store.letter_count()
    assert 0 < partial < 1500, partial
    result = subprocess.run(
        [exe, "import", "--db", str(db), str(tmp_path / "in")], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert f"skipped {partial} as duplicates" in result.stdout
    with Store.open(db) as store:
        assert store.letter_count() == 1500
        assert store.integrity_problems() == []


NOT_A_LETTER = "no IMR letter layout recognised: check it is a letter"


def test_a_text_that_is_no_letter_is_kept_and_named_in_the_notes(tmp_path, samples_dir):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "hello.txt").write_text("hello\n", encoding="utf-8")
    seed = next(samples_dir.glob("000_*.txt"))
    (folder / seed.name).write_bytes(seed.read_bytes())
    with Store.open(tmp_path / "letters.db") as store:
        summary = import_paths(store, [str(folder)], workers=1)
        assert len(summary.imported) == 2 and summary.ok  # a bad letter is never lost
        assert summary.notes == [(str(folder / "hello.txt"), NOT_A_LETTER)]


def test_source_paths_are_stored_absolute(tmp_path, samples_dir, monkeypatch):
    folder = tmp_path / "inbox"
    folder.mkdir()
    seed = next(samples_dir.glob("000_*.txt"))
    (folder / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.chdir(tmp_path)
    with Store.open(tmp_path / "letters.db") as store:
        summary = import_paths(store, [f"inbox/../inbox/{seed.name}"], workers=1)
        (letter_id,) = summary.imported
        assert store.letter(letter_id).source_path == str((folder / seed.name).resolve())


def test_an_empty_folder_says_no_letters_were_found(tmp_path):
    (tmp_path / "empty").mkdir()
    with Store.open(tmp_path / "letters.db") as store:
        summary = import_paths(store, [str(tmp_path / "empty")], workers=1)
    assert summary.imported == [] and summary.failed == []
    assert summary.notes == [(str(tmp_path / "empty"), "no letters found in this folder")]


def test_a_letter_whose_items_were_not_found_comes_first_by_confidence(tmp_path):
    """No disputed item read is the least sure reading there is: it sorts first in the queue's
    lowest-confidence order and shows amber, however sure the header fields were (a letter
    whose decision lines the parser missed had shown 0.92)."""
    import random
    import re

    folder = tmp_path / "inbox"
    folder.mkdir()
    text = synthetic.render(synthetic.random_letter(random.Random(3)))
    (folder / "a.txt").write_text(text, encoding="utf-8")
    missed = re.sub(r": (Upheld|Overturned)", r": \1 and noted", text)  # no decision line left
    (folder / "b.txt").write_text(missed, encoding="utf-8")
    with Store.open(tmp_path / "letters.db") as store:
        import_paths(store, [str(folder)], workers=1)
        ids = store.queue_ids("ann", sort="min_confidence")
        rows = store.queue_rows("ann", ids)
        first, second = rows[ids[0]], rows[ids[1]]
        assert first["n_items"] == 0 and first["min_confidence"] == 0.0
        assert second["n_items"] > 0 and second["min_confidence"] > 0.5


def test_ctrl_c_just_after_a_batch_is_written_counts_that_batch_as_imported(tmp_path, monkeypatch):
    """Ctrl+C landing after a batch's transaction committed but before the import noted it used
    to have the batch written again at the stop, each letter then counted as a duplicate: the
    summary said 256 imported while 512 were stored (seen once in CI as a flaky Ctrl+C test).
    The signal is sent for real, at that exact moment."""
    write_letters(tmp_path / "in", 600)
    with Store.open(tmp_path / "c.db") as store:
        write_batch = store.add_prepared
        sent = []

        def then_ctrl_c(batch, ids=None):
            written = write_batch(batch, ids)
            if not sent:
                sent.append(True)
                signal.raise_signal(signal.SIGINT)  # Python's own handler: KeyboardInterrupt
            return written

        monkeypatch.setattr(store, "add_prepared", then_ctrl_c)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        summary = import_paths(store, [str(tmp_path / "in")], workers=1)
        assert summary.stopped
        assert store.letter_count() == len(summary.imported) == summary.read == 256
        assert summary.duplicates == []
