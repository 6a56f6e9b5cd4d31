"""Render the review window to PNGs for docs/ (offscreen; no display needed).

.venv/bin/python tools/screenshots.py            -> docs/screenshots/*.png
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def main() -> None:
    app = QApplication(sys.argv[:1])
    from gui.qt.app import import_samples_if_empty
    from gui.qt.window.main_window import MainWindow
    from storage.store import Store

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "letters.db")
        import_samples_if_empty(store)
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, "ann", settings)
        window.resize(1600, 940)
        window.show()
        session = window.session
        session.open(1)
        session.edit("case_number", "CM15-0148723")
        session.confirm("patient_age")
        session.set_current("items.1.determination")
        session.set_determination("overturned")
        session.set_current("items.0.quantity")
        window.form.focus_field("items.0.quantity")
        window._paint_marks(scroll=True)
        session.done_and_next()
        session.open(1)
        session.set_current("items.0.quantity")
        window.form.focus_field("items.0.quantity")
        window._paint_marks(scroll=True)
        window.statusBar().showMessage("Filled items.0.quantity from the selection.")
        settle(app)
        for dark in (False, True):
            if window.dark != dark:
                window.toggle_dark()
            settle(app)
            name = OUT / f"review-{'dark' if dark else 'light'}.png"
            window.grab().save(str(name))
            print(f"wrote {name.relative_to(ROOT)}")
        if window.dark:
            window.toggle_dark()
        evidence(window, app)
        window.close()
        store.close()


def evidence(window, app: QApplication) -> None:  # type: ignore[no-untyped-def]
    """Letter 3 with overlapping evidence highlights on its first item's rationale."""
    session = window.session
    session.open(3)
    text = session.letter.text
    session.set_current("items.0.request")
    marks = [
        ("the cardinal criteria for continuation of opioid therapy", "Guideline criterion"),
        (
            "continuation of opioid therapy include evidence of successful return to work",
            "Guideline criterion",
        ),
        ("the applicant was seemingly off work", "Clinical fact"),
        ("The applicant did not appear to have worked in", "Clinical fact"),
        ("the attending provider has failed to outline any", "Missing documentation"),
        (
            "failed to outline any \n\nmeaningful or material improvements in function",
            "Missing documentation",
        ),
        ("Therefore, the request was not medically necessary.", "Conclusion"),
    ]
    for phrase, label in marks:
        start = text.find(phrase)
        if start < 0:
            phrase = " ".join(phrase.split())
            start = " ".join(text.split()).find(phrase)
            continue
        session.add_highlight(start, start + len(phrase), label, force=True)
    session.set_current("items.0.rationale")
    window.form.focus_field("items.0.rationale")
    first = min(h.start for h in session.highlights)
    window.letter_view.scroll_to(first)
    window.letter_view.setFocus()
    window.letter_view.put_caret(first + 5)
    window.statusBar().showMessage(
        "Guideline criterion · item 1 · Delete removes it, a number relabels it"
    )
    settle(app)
    name = OUT / "evidence-light.png"
    window.grab().save(str(name))
    print(f"wrote {name.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
