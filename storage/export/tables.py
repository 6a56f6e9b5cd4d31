"""Tables for leads: a letters sheet and an items sheet, as two CSV files or one .xlsx workbook.

Every field appears twice, the gold value and, beside it, the parser's (``F`` and ``F (parser)``);
``changed`` lists the field paths where they differ. CSV files are UTF-8 with a byte-order mark
(so Excel reads a typographic apostrophe as one, not as three odd characters), and a text cell beginning with = + - @ (or a tab or carriage return)
is prefixed with ' so a spreadsheet never runs it as a formula. In the workbook such cells are
stored as text cells, which Excel never evaluates.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parsing.schema import Item
from parsing.text import LineIndex, collapse

from .fields import as_text
from .files import ExportError, atomic_file
from .record import ExportLetter, ExportRecord

LETTER_FIELDS = [
    "case_number", "date_of_injury", "ur_date", "date_assigned", "priority", "patient_age",
    "patient_sex", "reviewer_licensure", "reviewer_specialties", "diagnoses", "layout",
]  # fmt: skip
ITEM_FIELDS = [
    "request", "treatment", "determination", "quantity", "claims_administrator_guideline",
    "reviewer_guideline", "rationale", "strength", "refills", "generic_name", "guideline_sources",
    "guideline_pages",
]  # fmt: skip
LETTER_HEAD = [
    "letter_id",
    "source",
    "status",
    "reviewer",
    "updated_at",
    "split",
    "items",
    "changed",
]
ITEM_HEAD = ["letter_id", "item_index", "case_number", "status", "reviewer", "split", "changed"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE = 200  # rows a workbook column's width is taken from


def _paired(names: list[str]) -> list[str]:
    return [c for name in names for c in (name, f"{name} (parser)")]


# "note" came later: at the end, so no column an earlier export had moves.
LETTER_COLUMNS = LETTER_HEAD + _paired(LETTER_FIELDS) + ["warnings (parser)", "note"]
ITEM_COLUMNS = ITEM_HEAD + _paired(ITEM_FIELDS)


def _cell(value: Any) -> Any:
    """A value as a table cell: numbers stay numbers, dates stay dates, the rest is text."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | dt.date):
        return value
    return as_text(value)


def _item_values(item: Item | None, text: str, index: LineIndex) -> dict[str, Any]:
    if item is None:
        return dict.fromkeys(ITEM_FIELDS)
    out = {name: _cell(getattr(item, name)) for name in ITEM_FIELDS}
    span = item.rationale
    out["rationale"] = collapse(text, span.start, span.end, index) if span else None
    return out


def _changed(pairs: list[tuple[str, Any, Any]]) -> str:
    return "; ".join(path for path, gold, parser in pairs if gold != parser)


def letter_row(record: ExportRecord) -> list[Any]:
    gold, parser = record.gold, record.prediction
    pairs = [(f, _cell(getattr(gold, f)), _cell(getattr(parser, f))) for f in LETTER_FIELDS]
    changed = [p for p, g, q in pairs if g != q]
    if len(gold.items) != len(parser.items):
        changed.append("items")
    head = [record.id, record.source, record.status.value, record.reviewer, record.updated_at,
            record.split.value if record.split else None, len(gold.items), "; ".join(changed)]  # fmt: skip
    values = [v for _, g, q in pairs for v in (g, q)]
    return [*head, *values, "\n".join(parser.warnings) or None, record.note]


def item_rows(record: ExportRecord, index: LineIndex) -> Iterator[list[Any]]:
    gold, parser = record.gold, record.prediction
    for n in range(max(len(gold.items), len(parser.items))):
        ours = _item_values(_item(gold, n), record.text, index)
        theirs = _item_values(_item(parser, n), record.text, index)
        pairs = [(f"items.{n}.{f}", ours[f], theirs[f]) for f in ITEM_FIELDS]
        head = [record.id, n, gold.case_number, record.status.value, record.reviewer,
                record.split.value if record.split else None, _changed(pairs)]  # fmt: skip
        yield [*head, *[v for _, g, q in pairs for v in (g, q)]]


def _item(letter: ExportLetter, n: int) -> Item | None:
    return letter.items[n] if n < len(letter.items) else None


def guard(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, made plain text with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else guard(value)


def companion(out: Path, part: str) -> Path:
    """``leads.csv`` -> ``leads.items.csv``."""
    return out.with_name(f"{out.stem}.{part}{out.suffix or '.csv'}")


def write_csv(records: list[ExportRecord], out: Path) -> list[Path]:
    items_path = companion(out, "items")
    for path, columns, rows in (
        (out, LETTER_COLUMNS, (letter_row(r) for r in records)),
        (
            items_path,
            ITEM_COLUMNS,
            (row for r in records for row in item_rows(r, LineIndex(r.text))),
        ),
    ):
        with atomic_file(path, guard=True) as handle:
            handle.write("\ufeff")
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_value(v) for v in row])
    return [out, items_path]


# --- the workbook ---------------------------------------------------------------------------

EXCEL_CELL_LIMIT = 32_767


def _width(title: str, rows: list[list[Any]], column: int) -> float:
    """A column's width in characters: its title's or its longest value's (among ``rows``, the
    first ones), between 6 and 60; longer text (a rationale) is read in the cell."""
    longest = max([len(title), *(len(str(r[column])) for r in rows if r[column] is not None)])
    return float(min(60, max(6, longest + 2)))


def write_xlsx(records: list[ExportRecord], out: Path) -> list[Path]:
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise ExportError(
            "the xlsx format needs openpyxl, which is not installed; "
            "reinstall imr-review (pip install imr-review)"
        ) from None
    book = Workbook(write_only=True)
    book.properties.creator = "imr-review"
    book.properties.title = "imr-export/2"

    def cells(sheet: Any, row: list[Any]) -> list[Any]:
        out = []
        for value in row:
            if isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", value)
                if len(text) > EXCEL_CELL_LIMIT:
                    text = text[: EXCEL_CELL_LIMIT - 1] + "…"
                cell = WriteOnlyCell(sheet, value=text)
                cell.data_type = "s"  # text, even when it begins with "=": never a formula
                out.append(cell)
            else:
                out.append(value)
        return out

    letter_rows = (letter_row(record) for record in records)
    items_rows = (row for record in records for row in item_rows(record, LineIndex(record.text)))
    items_count = sum(max(len(r.gold.items), len(r.prediction.items)) for r in records)
    bold = Font(bold=True)
    for name, head, rows, count in (("letters", LETTER_COLUMNS, letter_rows, len(records)),
                                    ("items", ITEM_COLUMNS, items_rows, items_count)):  # fmt: skip
        sheet = book.create_sheet(name)
        # Ready to read: widths (set before any row, as a write-only sheet needs; from the first
        # rows, the rest streamed), the header in bold and kept in view, a filter on each column.
        first = list(itertools.islice(rows, WIDTH_SAMPLE))
        for n, title in enumerate(head, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = _width(title, first, n - 1)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{count + 1}"
        titles = []
        for title in head:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            titles.append(cell)
        sheet.append(titles)
        for row in itertools.chain(first, rows):
            sheet.append(cells(sheet, row))
    with atomic_file(out, binary=True, guard=True) as handle:
        book.save(handle)
    return [out]
