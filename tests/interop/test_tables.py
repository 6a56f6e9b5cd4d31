"""A lead's spreadsheet: pandas reads the CSV pair, openpyxl the workbook; Excel's reading of a
CSV (cp1252 unless the file starts with a UTF-8 byte-order mark) keeps typographic quotes; nothing
that looks like a formula is a formula (issue 13)."""

from __future__ import annotations

import json

import pytest

pandas = pytest.importorskip("pandas")
openpyxl = pytest.importorskip("openpyxl")

FORMULA_START = ("=", "+", "-", "@")


def excel_decode(raw: bytes) -> str:
    """How Excel opens a double-clicked .csv: UTF-8 only when it starts with a byte-order mark."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    return raw.decode("cp1252", errors="replace")


def items_file(path):
    """The items sheet beside the letters sheet (an export with one file: that file)."""
    beside = path.with_name(path.stem + ".items.csv")
    return beside if beside.exists() else path


def jsonl(exported):
    return [json.loads(line) for line in exported("jsonl", "all").read_text().splitlines()]


def test_csv_pair_loads_in_pandas_with_every_field_beside_the_parsers(exported):
    letters_path = exported("csv", "all")
    items_path = letters_path.with_name(letters_path.stem + ".items.csv")
    letters = pandas.read_csv(letters_path, encoding="utf-8-sig", keep_default_na=False)
    items = pandas.read_csv(items_path, encoding="utf-8-sig", keep_default_na=False)
    records = jsonl(exported)
    assert len(letters) == 40 and len(items) == sum(len(r["gold"]["items"]) for r in records)
    for field in (
        "case_number",
        "date_of_injury",
        "ur_date",
        "patient_age",
        "patient_sex",
        "diagnoses",
    ):
        assert field in letters.columns and f"{field} (parser)" in letters.columns
    for field in ("treatment", "determination", "quantity", "rationale"):
        assert field in items.columns and f"{field} (parser)" in items.columns
    assert {"source", "status", "reviewer", "changed"} <= set(letters.columns)
    edited = letters[letters["reviewer"] == "ann"].iloc[0]
    assert edited["patient_age"] == 44 and "patient_age" in edited["changed"]
    assert str(edited["source"]).startswith("letters/synthetic-")


def test_excel_reads_the_csv_as_utf8(tmp_path):
    from work_letters import build_store

    from parsing.edits import set_value
    from storage.export import export

    work_store = build_store(tmp_path / "s.db", 4)
    work_store.change_record(4, "ann", lambda r: set_value(r, "items.0.treatment", "Worker’s “brace”"),
                             field="items.0.treatment")  # fmt: skip
    export(work_store, "csv", tmp_path / "leads.csv", status="all")
    shown = excel_decode(items_file(tmp_path / "leads.csv").read_bytes())
    assert "Worker’s “brace”" in shown and "â€™" not in shown


def test_no_csv_cell_starts_a_formula(exported):
    path = exported("csv", "all")
    assert "HYPERLINK" in items_file(path).read_text(encoding="utf-8-sig")
    for name in {path, items_file(path)}:
        frame = pandas.read_csv(name, encoding="utf-8-sig", keep_default_na=False, dtype=str)
        cells = [c for column in frame.columns for c in frame[column]]
        assert not [c for c in cells if c.startswith(FORMULA_START)], name


def test_workbook_has_letters_and_items_sheets_and_no_formulas(exported):
    book = openpyxl.load_workbook(exported("xlsx", "all"))
    assert book.sheetnames == ["letters", "items"]
    letters, items = book["letters"], book["items"]
    header = [c.value for c in next(letters.iter_rows(max_row=1))]
    assert header[:3] == ["letter_id", "source", "status"] and "case_number (parser)" in header
    assert letters.max_row == 41
    looks_like_formula = 0
    for sheet in (letters, items):
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    looks_like_formula += 1
    assert looks_like_formula >= 20  # the diagnoses and treatments that begin with - + =
    frame = pandas.read_excel(exported("xlsx", "all"), sheet_name="items")
    assert len(frame) == items.max_row - 1 and "rationale (parser)" in frame.columns


def test_the_workbook_opens_ready_to_read(exported):
    """A lead opening the workbook sees a bold header that stays in view while scrolling, a
    filter on every column, and columns wide enough to read (not Excel's 8.43 characters)."""
    book = openpyxl.load_workbook(exported("xlsx", "all"))
    for sheet in (book["letters"], book["items"]):
        header = next(sheet.iter_rows(max_row=1))
        assert all(cell.font.bold for cell in header), sheet.title
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}{sheet.max_row}"
        widths = {c.column_letter: sheet.column_dimensions[c.column_letter].width for c in header}
        assert all(w and w >= 6 for w in widths.values()), widths
    letters = book["letters"]
    named = {c.value: c.column_letter for c in next(letters.iter_rows(max_row=1))}
    assert letters.column_dimensions[named["source"]].width > letters.column_dimensions[named["letter_id"]].width
