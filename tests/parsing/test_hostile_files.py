"""Files a careless or unlucky user may hand the reader: FIFOs, device files (directly or
through a link), a file that grows while it is read, a PDF that lists one page a thousand
times. Each is refused quickly with its name and reason; none hangs or eats memory."""

from __future__ import annotations

import os
import tracemalloc

import pytest
from hostile import EXE, hostile_folder, pdf_page_bomb, run_capped

from parsing import LoadError, letter_files, load_file
from parsing import loading as loading_module


def test_fifos_and_devices_named_as_letters_are_refused_without_hanging(tmp_path):
    made = hostile_folder(tmp_path)
    for name, what in made.items():
        result = run_capped([str(EXE), "parse", str(tmp_path / name)], timeout=20)
        assert result.returncode == 1, (what, result.stderr)
        assert f"{tmp_path / name}: " in result.stderr, what
        assert "not a regular file" in result.stderr, (what, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_file_growing_while_it_is_read_is_cut_at_the_limit(tmp_path, monkeypatch):
    """The size is checked before the read; the file then grows to 200 MB (sparse). The read
    must stop at the limit rather than take the whole file into memory."""
    path = tmp_path / "growing.txt"
    path.write_bytes(b"Soma #30: Upheld\n" * 100)
    real_stat, real_fstat = os.stat, os.fstat

    def grow_after(real):
        def measured(target, *args, **kwargs):
            result = real(target, *args, **kwargs)
            with open(path, "r+b") as handle:  # grows just after it was measured
                handle.truncate(200 * 2**20)
            return result

        return measured

    monkeypatch.setattr(os, "stat", grow_after(real_stat))
    monkeypatch.setattr(os, "fstat", grow_after(real_fstat))
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as caught:
            load_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(path) in str(caught.value)
    assert "limit" in caught.value.reason
    assert peak < 3 * loading_module.MAX_TEXT_BYTES, f"peak {peak / 2**20:.0f} MiB"


def test_a_pdf_listing_one_page_a_thousand_times_is_refused_quickly(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdf_page_bomb(1000))
    assert bomb.stat().st_size < 64 * 1024
    result = run_capped([str(EXE), "parse", str(bomb)], timeout=30)
    assert result.returncode == 1, result.stderr[-500:]
    assert f"{bomb}: " in result.stderr
    assert "1,000 pages" in result.stderr and "limit" in result.stderr


def test_a_pdf_within_the_page_limit_but_with_too_much_text_is_refused(tmp_path):
    pages = loading_module.MAX_PDF_PAGES
    bomb = tmp_path / "wordy.pdf"
    bomb.write_bytes(pdf_page_bomb(pages))
    result = run_capped([str(EXE), "parse", str(bomb)], timeout=30)
    assert result.returncode == 1, result.stderr[-500:]
    assert f"{bomb}: " in result.stderr
    assert "text" in result.stderr and "limit" in result.stderr


def test_a_small_page_bomb_still_loads(tmp_path):
    """The limits leave room: a 3-page PDF of the same kind is a letter like any other."""
    path = tmp_path / "three.pdf"
    path.write_bytes(pdf_page_bomb(3, lines_per_page=50))
    loaded = load_file(path)
    assert loaded.text.count("review denied Norco") == 150


def test_linked_folders_and_other_files_are_reported_by_letter_files(tmp_path):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("a")
    (tmp_path / "ok" / "notes.docx").write_text("b")
    os.symlink(tmp_path / "ok", tmp_path / "linked")
    problems: list[tuple[str, str]] = []
    found = letter_files([str(tmp_path)], problems)
    assert [os.path.basename(p) for p in found] == ["a.txt"]
    assert problems == [
        (str(tmp_path / "linked"), "a link to a folder; links are not followed"),
        (str(tmp_path / "ok" / "notes.docx"), "not a .txt or .pdf file; skipped"),
    ]


def test_odd_names_print_on_one_line_and_can_be_stored():
    from parsing import printable_path

    assert printable_path(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert printable_path("two\nlines.txt") == "two\\x0alines.txt"
    assert printable_path("right\u202eto-left.txt") == "right\\u202eto-left.txt"
    assert printable_path("Café – ok.txt") == "Café – ok.txt"
