"""The layering rule: parsing and storage never import Qt or gui (import-linter checks the rest)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def test_parsing_imports_no_qt_no_storage_no_gui():
    bad = {
        m
        for m in imported_modules("parsing")
        if m.split(".")[0] in {"PySide6", "shiboken6", "gui", "storage", "sqlite_utils", "sqlite3"}
    }
    assert bad == set()


def test_storage_imports_no_qt_no_gui():
    bad = {
        m for m in imported_modules("storage") if m.split(".")[0] in {"PySide6", "shiboken6", "gui"}
    }
    assert bad == set()
