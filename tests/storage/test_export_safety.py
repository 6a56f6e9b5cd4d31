"""Exports never delete or overwrite what they did not write; killed exports are cleaned up;
every argument is checked and refused with one clear line (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gui.cli import main
from storage.export import ExportError, export, parse_split

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(*argv):
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path, samples_dir):
    path = str(tmp_path / "g.db")
    assert run("import", "--db", path, str(samples_dir))[0] == 0
    return path


def tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- the brat folder -----------------------------------------------------------------------


def test_brat_export_refuses_a_folder_holding_a_users_files(db, tmp_path):
    mywork = tmp_path / "mywork"
    mywork.mkdir()
    (mywork / "notes.txt").write_text("my own notes\n")
    (mywork / "drafts").mkdir()
    (mywork / "drafts" / "plan.md").write_text("plan\n")
    code, _, err = run(
        "export", "--db", db, "--format", "brat", "--out", str(mywork), "--status", "all"
    )
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1
    assert "was not written by imr-review" in err and ("notes.txt" in err or "drafts" in err)
    assert tree(mywork) == ["drafts", "drafts/plan.md", "notes.txt"]
    assert (mywork / "notes.txt").read_text() == "my own notes\n"


def test_brat_export_replaces_its_own_earlier_export_but_not_a_file_added_to_it(db, tmp_path):
    out = tmp_path / "brat"
    assert (
        run("export", "--db", db, "--format", "brat", "--out", str(out), "--status", "all")[0] == 0
    )
    first = tree(out)
    assert "letter-000001.ann" in first
    # the same export again: its own earlier output is replaced
    assert (
        run("export", "--db", db, "--format", "brat", "--out", str(out), "--status", "all")[0] == 0
    )
    assert tree(out) == first
    # a user's file dropped into the folder makes it the user's: refused, nothing removed
    (out / "my-notes.txt").write_text("mine\n")
    code, _, err = run("export", "--db", db, "--format", "brat", "--out", str(out))
    assert code == 1 and "my-notes.txt" in err
    assert (out / "my-notes.txt").read_text() == "mine\n" and tree(out) == sorted(
        [*first, "my-notes.txt"]
    )
    # an exported file the user edited is the user's too
    (out / "my-notes.txt").unlink()
    (out / "letter-000001.ann").write_text("T1\tmine 0 1\tx\n")
    code, _, err = run("export", "--db", db, "--format", "brat", "--out", str(out))
    assert code == 1 and "letter-000001.ann" in err
    assert (out / "letter-000001.ann").read_text() == "T1\tmine 0 1\tx\n"


def test_brat_export_into_an_empty_folder_is_allowed(db, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert (
        run("export", "--db", db, "--format", "brat", "--out", str(out), "--status", "all")[0] == 0
    )
    assert "annotation.conf" in tree(out)


# --- single files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,name",
    [
        ("jsonl", "gold.jsonl"),
        ("csv", "gold.csv"),
        ("label-studio", "ls.json"),
        ("spacy", "g.spacy"),
    ],
)
def test_file_export_never_overwrites_a_users_file(db, tmp_path, fmt, name):
    target = tmp_path / name
    target.write_text("a user's own file\n")
    code, _, err = run(
        "export", "--db", db, "--format", fmt, "--out", str(target), "--status", "all"
    )
    assert code == 1 and "Traceback" not in err and "was not written by imr-review" in err
    assert target.read_text() == "a user's own file\n"


def test_file_export_replaces_its_own_file_unless_edited_since(db, tmp_path):
    target = tmp_path / "gold.jsonl"
    assert run("export", "--db", db, "--format", "jsonl", "--out", str(target))[0] == 0
    assert (
        run("export", "--db", db, "--format", "jsonl", "--out", str(target), "--status", "all")[0]
        == 0
    )
    assert len(target.read_text().splitlines()) == 3
    with target.open("a") as handle:
        handle.write('{"a": "line the user added"}\n')
    code, _, err = run("export", "--db", db, "--format", "jsonl", "--out", str(target))
    assert code == 1 and "changed since" in err
    assert target.read_text().endswith('{"a": "line the user added"}\n')


def test_companion_files_are_protected_too(db, tmp_path):
    """label-studio writes NAME.label-config.xml beside NAME.json: a user's file there is kept."""
    (tmp_path / "ls.label-config.xml").write_text("<mine/>")
    code, _, err = run(
        "export", "--db", db, "--format", "label-studio", "--out", str(tmp_path / "ls.json")
    )
    assert code == 1 and "ls.label-config.xml" in err
    assert (tmp_path / "ls.label-config.xml").read_text() == "<mine/>"
    assert not (tmp_path / "ls.json").exists()


# --- careless arguments --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["brat", "jsonl", "csv", "spacy", "label-studio"])
@pytest.mark.parametrize("out", [".", "..", "/", ""])
def test_out_naming_a_folder_in_use_is_one_clear_line(db, tmp_path, monkeypatch, fmt, out):
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("keep\n")
    monkeypatch.chdir(work)
    code, _, err = run("export", "--db", db, "--format", fmt, "--out", out, "--status", "all")
    assert (
        code == 1
        and "Traceback" not in err
        and err.startswith("imr-review: ")
        and err.count("\n") == 1
    )
    assert tree(work) == ["keep.txt"]


@pytest.mark.parametrize(
    "spec", ["nan,1", "inf,1", "1,-inf", "1e308,1e308", "0,0", "1", "1,2,3,4", "", "80,,20"]
)
def test_bad_split_is_one_clear_line(db, tmp_path, spec):
    code, _, err = run("export", "--db", db, "--format", "jsonl", "--out", str(tmp_path / "x.jsonl"),
                       "--status", "all", "--split", spec)  # fmt: skip
    assert code == 1 and "Traceback" not in err and "--split" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.db"]


@given(st.text(alphabet="0123456789.,-+eEinfa ", max_size=20))
@example("nan,1")
@example("inf,1")
@example("1e308,1e308,1")
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_any_split_spec_gives_fractions_or_an_export_error(spec):
    try:
        fractions, names = parse_split(spec)
    except ExportError as error:
        assert "--split" in str(error)
    else:
        assert len(fractions) == len(names) in (2, 3)
        assert all(0 <= f <= 1 for f in fractions) and abs(sum(fractions) - 1) < 1e-9


def test_library_arguments_are_checked(seeded_store, tmp_path):
    for kwargs, message in [
        ({"status": "finished"}, "--status"),
        ({"seed": "7"}, "--seed"),
        ({"seed": True}, "--seed"),
        ({"split": "nan,1"}, "--split"),
    ]:
        with pytest.raises(ExportError, match=message):
            export(seeded_store, "jsonl", tmp_path / "x.jsonl", **kwargs)
    assert list(tmp_path.iterdir()) == []


# --- a killed export -----------------------------------------------------------------------

KILLER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from storage.store import Store
    from storage.export import export
    real = {{"rename": os.rename, "replace": os.replace}}
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    os.rename = die
    os.replace = die
    with Store.open({db!r}) as store:
        export(store, {fmt!r}, {out!r}, status="all")
    """
)


@pytest.mark.parametrize(
    "fmt,name", [("jsonl", "gold.jsonl"), ("brat", "brat"), ("label-studio", "ls.json")]
)
def test_a_killed_exports_temporary_files_are_cleaned_by_the_next_run(db, tmp_path, fmt, name):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "unrelated.txt").write_text("kept\n")
    script = KILLER.format(root=ROOT, db=db, fmt=fmt, out=str(out / name))
    for _ in range(2):  # two killed runs
        killed = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
        assert killed.returncode == -9, killed.stderr.decode()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")], (
        "the kill left nothing to clean"
    )
    assert (
        run("export", "--db", db, "--format", fmt, "--out", str(out / name), "--status", "all")[0]
        == 0
    )
    leftovers = [
        p.name
        for p in out.iterdir()
        if p.name.startswith(".") and not p.name.endswith(".imr-export")
    ]
    assert leftovers == []
    assert (out / "unrelated.txt").read_text() == "kept\n"


def test_a_split_brat_export_replaces_its_own_earlier_split_export(db, tmp_path):
    out = tmp_path / "brat"
    args = ["export", "--db", db, "--format", "brat", "--out", str(out), "--status", "all"]
    assert run(*args, "--split", "50,50", "--seed", "1")[0] == 0
    first = tree(out)
    assert "train" in first or "test" in first
    assert run(*args, "--split", "34,33,33", "--seed", "2")[0] == 0
    assert run(*args)[0] == 0  # and back to one folder: the split folders it wrote are gone
    assert not {"train", "dev", "test"} & set(tree(out))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
