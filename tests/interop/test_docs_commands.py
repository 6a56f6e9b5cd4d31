"""The commands docs/export.md gives for loading each format run as written on real exports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "export.md").read_text(), re.DOTALL)


@pytest.fixture
def folder(work_store, tmp_path, monkeypatch):
    from storage.export import export

    for fmt, name, status in [("jsonl", "done.jsonl", "done"), ("jsonl", "all.jsonl", "all"),
                              ("csv", "leads.csv", "all"), ("xlsx", "leads.xlsx", "all"),
                              ("spacy", "gold.spacy", "done")]:  # fmt: skip
        export(work_store, fmt, tmp_path / name, status=status)
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "imr-export-2.features.json", tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    return tmp_path


def test_the_docs_show_a_loading_command_per_format():
    joined = "\n".join(BLOCKS)
    assert len(BLOCKS) == 3
    assert "load_dataset" in joined and "read_excel" in joined and 'spans["highlights"]' in joined


@pytest.mark.parametrize("block", BLOCKS, ids=["datasets", "pandas", "spacy"])
def test_a_loading_command_runs(folder, block, capsys):
    exec(compile(block, "docs/export.md", "exec"), {})
    assert capsys.readouterr().out.strip()  # each prints what it loaded
