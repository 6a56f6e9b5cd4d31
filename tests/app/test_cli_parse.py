"""`imr-review parse`: JSON Lines in input order, errors named, exit status, no Qt loaded."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from gui.cli import main


def run(*argv: str) -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_parse_prints_one_record_per_file_in_order(samples_dir):
    files = sorted(str(p) for p in samples_dir.glob("*.txt"))
    code, records, _ = run("parse", *files)
    assert code == 0
    assert [r["source"] for r in records] == files
    assert all(r["schema"] == "imr-letter/1" for r in records)
    assert records[0]["items"][0]["request"] == "Soma 350 MG #30 with No Refill"
    assert records[0]["date_of_injury"] == "2014-06-24"
    assert records[0]["spans"]["date_of_injury"] == [records[0]["spans"]["date_of_injury"][0],
                                                     records[0]["spans"]["date_of_injury"][0] + 13]  # fmt: skip


def test_unreadable_file_is_reported_and_the_rest_go_on(tmp_path, samples_dir):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = str(next(samples_dir.glob("000_*.txt")))
    code, records, err = run("parse", str(empty), str(tmp_path / "missing.txt"), good)
    assert code == 1
    assert records[0] == {"source": str(empty), "error": "the file is empty"}
    assert records[1] == {"source": str(tmp_path / "missing.txt"), "error": "no such file"}
    assert records[2]["source"] == good and "error" not in records[2]
    assert "empty.txt: the file is empty" in err


def test_parse_text_option_offsets_index_the_text(samples_dir):
    _code, (record,), _ = run("parse", "--text", str(next(samples_dir.glob("001_*.txt"))))
    start, end = record["spans"]["date_of_injury"]
    assert record["text"][start:end] == "08/02/1999"


def test_headless_commands_never_import_qt(samples_dir):
    sample = str(next(samples_dir.glob("000_*.txt")))
    code = (
        "import sys, io; from gui.cli import main; "
        f"rc = main(['parse', {sample!r}], out=io.StringIO()); "
        "assert rc == 0; assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_console_command_is_installed(samples_dir):
    import shutil

    exe = shutil.which("imr-review") or str(
        __import__("pathlib").Path(sys.executable).parent / "imr-review"
    )
    result = subprocess.run(
        [exe, "parse", str(next(samples_dir.glob("003_*.txt")))], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["items"][2]["treatment"] == "Xanaz"


def test_every_subcommand_has_help():
    from gui.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        text = sub.format_help()
        assert name in text and len(text) > 60


def test_every_subcommand_is_in_the_readme():
    from pathlib import Path

    from gui.cli import build_parser

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    for name in subparsers.choices:
        assert f"`imr-review {name}" in readme, name


def test_a_missing_path_or_a_folder_is_named_as_such(tmp_path):
    (tmp_path / "inbox").mkdir()
    code, records, err = run("parse", str(tmp_path / "nope"), str(tmp_path / "inbox"))
    assert code == 1
    assert records[0]["error"] == "no such file"
    assert records[1]["error"] == "is a folder (parse takes files; import takes folders)"
    assert "unsupported file type" not in err


def test_import_names_a_missing_path_an_empty_folder_and_a_text_that_is_no_letter(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "hello.txt").write_text("hello\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    db = str(tmp_path / "letters.db")
    paths = [str(tmp_path / "nope"), str(tmp_path / "empty"), str(tmp_path / "hello.txt")]
    code = main(["import", "--db", db, *paths], out=out, err=err)
    text = out.getvalue()
    assert code == 1  # the missing path failed; the rest went on
    assert f"failed: {tmp_path / 'nope'}: no such file" in text
    assert f"note: {tmp_path / 'empty'}: no letters found in this folder" in text
    assert (
        f"note: {tmp_path / 'hello.txt'}: no IMR letter layout recognised: check it is a letter"
        in text
    )
    assert "imported 1," in text
