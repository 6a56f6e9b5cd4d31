"""Fixtures for the consumer tests: the work store (see work_letters.py) and its exports."""

from __future__ import annotations

import pytest
from work_letters import build_store


@pytest.fixture(scope="session")
def work_store(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("store") / "letters.db", 40)
    yield store
    store.close()


NAMES = {"jsonl": "x.jsonl", "csv": "x.csv", "xlsx": "x.xlsx", "brat": "brat", "spacy": "x.spacy",
         "label-studio": "x.json"}  # fmt: skip


@pytest.fixture(scope="session")
def exported(work_store, tmp_path_factory):
    """exported(fmt, status) -> the path of that export of the work store (made once)."""
    from storage.export import export

    folder = tmp_path_factory.mktemp("exports")
    made = {}

    def get(fmt, status="done"):
        if (fmt, status) not in made:
            target = folder / f"{status}-{NAMES[fmt]}"
            export(work_store, fmt, target, status=status)
            made[fmt, status] = target
        return made[fmt, status]

    return get
