"""Render the review window to PNGs for docs/ (offscreen; no display needed).

.venv/bin/python tools/screenshots.py            -> docs/screenshots/*.png

The window at 1920x1080 (review-light.png, review-dark.png) and at 1280x720
(review-1280x720-light.png, review-1280x720-dark.png), on a synthetic letter (tests/synthetic.py:
made-up words, never a real letter's) with five disputed items and a long rationale, a field
changed (its parser line shown) and the focus in item 2; then the bundled sample with evidence
highlights (evidence-light.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # synthetic letters

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = ((1920, 1080, ""), (1280, 720, "-1280x720"))


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def synthetic_letter(folder: Path) -> Path:
    """A made-up letter with five items and a long rationale, written as a .txt to import."""
    import random

    from synthetic import RATIONALE, random_letter, render

    letter = random_letter(random.Random(12), n_items=5)
    letter.items[1].rationale = " ".join([RATIONALE] * 3)
    path = folder / "synthetic_five_items.txt"
    path.write_text(render(letter), encoding="utf-8")
    return path


def main() -> None:
    app = QApplication(sys.argv[:1])
    from gui.qt.app import import_samples_if_empty
    from gui.qt.window.main_window import MainWindow
    from storage.importer import import_paths
    from storage.store import Store

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "letters.db")
        import_samples_if_empty(store)
        import_paths(store, [str(synthetic_letter(Path(tmp)))], workers=1)
        many = max(store.letter_ids())
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, "ann", settings)
        window.show()
        session = window.session
        session.open(many)
        session.edit("case_number", "CM15-0148723")
        session.confirm("patient_age")
        session.set_current("items.1.determination")
        session.set_determination("overturned")
        session.edit("items.1.quantity", 12)
        window.statusBar().showMessage("Item 2 determination: Overturned.")
        for width, height, suffix in SIZES:
            window.resize(width, height)
            settle(app)
            session.set_current("items.1.quantity")
            window._go_to("items.1.quantity")
            settle(app)
            for dark in (False, True):
                if window.dark != dark:
                    window.toggle_dark()
                settle(app)
                name = OUT / f"review{suffix}-{'dark' if dark else 'light'}.png"
                window.grab().save(str(name))
                print(f"wrote {name.relative_to(ROOT)}")
        if window.dark:
            window.toggle_dark()
        window.resize(1600, 940)
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
