"""The SQL lives in the store package (`storage/store/`) only: a query anywhere else fails here.

Every string literal of the three packages (f-string parts included) is searched for SQL
statements."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("parsing", "storage", "gui")
STORE = ROOT / "storage" / "store"
SQL = re.compile(
    r"\bSELECT\b.*\bFROM\b|\bINSERT\s+(OR\s+[A-Z]+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|"
    r"\bDELETE\s+FROM\b|\b(CREATE|DROP|ALTER)\s+(TABLE|INDEX|TRIGGER|VIEW|VIRTUAL)\b|^\s*PRAGMA\s+\w+",  # a PRAGMA only where a statement starts (help text names some)
    re.DOTALL,
)


def sql_in(path: Path) -> list[str]:
    """The string literals of a module that hold SQL, with their line numbers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL.search(node.value)
        ):
            found.append(f"line {node.lineno}: {node.value.strip()[:60]!r}")
    return found


def modules_with_sql() -> dict[str, list[str]]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if STORE in path.parents:
                continue
            hits = sql_in(path)
            if hits:
                found[path.relative_to(ROOT).as_posix()] = hits
    return found


def test_no_sql_outside_the_store():
    outside = modules_with_sql()
    assert outside == {}, "SQL belongs in storage/store/; found elsewhere: " + repr(outside)


def test_the_search_finds_sql_the_way_the_modules_write_it(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        'A = "SELECT id FROM letters"\n'
        'B = f"UPDATE gold SET note = {1}"\n'
        "C = ('INSERT OR IGNORE INTO letters (a)'\n     ' VALUES (?)')\n"
        'D = "select the label"\n'
        'E = "PRAGMA user_version"\n'
        'F = "check it page by page (PRAGMA integrity_check)"\n'
    )
    assert sorted(hit.split(":")[0] for hit in sql_in(module)) == [
        f"line {n}" for n in (1, 2, 3, 6)
    ]
