"""How often the whole record is dumped to JSON per edit and per letter switch.

Drives the real review window offscreen over the bundled sample letters and counts the calls of
`Letter.model_dump` (which `Letter.to_json_dict` goes through) with a small counting patch. A
dump whose call stack passes through `storage/` is counted as the store's (its audit patch and
the row it writes); the rest are the application's (session, commands, form redraw).

    .venv/bin/python benchmarks/record_dumps.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import _common

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Counter:
    def __init__(self) -> None:
        self.app = 0
        self.store = 0

    def reset(self) -> None:
        self.app = self.store = 0


@contextmanager
def counting() -> Iterator[Counter]:
    """Count `Letter.model_dump` calls while the block runs, split by who asked."""
    from parsing.schema import Letter

    counter = Counter()
    original = Letter.model_dump

    def model_dump(self: Letter, *args: object, **kwargs: object) -> object:
        stack = traceback.extract_stack(limit=40)
        if any(f"{os.sep}storage{os.sep}" in frame.filename for frame in stack):
            counter.store += 1
        else:
            counter.app += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    Letter.model_dump = model_dump  # type: ignore[assignment,method-assign]
    try:
        yield counter
    finally:
        Letter.model_dump = original  # type: ignore[method-assign]


def measure(counter: Counter, work: Callable[[], None]) -> tuple[int, int]:
    counter.reset()
    work()
    return counter.app, counter.store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    rounds = ap.parse_args().rounds

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.qt.window.main_window import MainWindow
    from storage.importer import import_paths
    from storage.store import Store

    samples = Path(_common.ROOT) / "resources" / "samples"
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "letters.db"
        with Store.open(db) as store:
            import_paths(store, [str(samples)], workers=1)
        with Store.open(db) as store, counting() as counter:
            settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
            window = MainWindow(store, "bench", settings)
            window.show()
            app.processEvents()
            session = window.session
            switches: list[tuple[int, int]] = []
            edits: list[tuple[int, int]] = []

            def switch() -> None:
                ids = session.ids
                position = session.position or 0
                session.open(ids[(position + 1) % len(ids)])
                app.processEvents()

            def edit(value: str) -> None:  # typing a value and leaving the field (the form commits)
                editor = window.form.editor("case_number")
                assert editor is not None
                editor.setFocus()
                editor.setText(value)
                editor.textEdited.emit(value)
                editor.commit()  # type: ignore[attr-defined]
                app.processEvents()

            for n in range(rounds):
                switches.append(measure(counter, switch))
                edits.append(measure(counter, lambda n=n: edit(f"CM15-{n:05d}")))
            window.close()
    for name, rows in (("letter switch", switches), ("edit", edits)):
        apps, stores = [r[0] for r in rows], [r[1] for r in rows]
        print(
            f"record dumps per {name}: application median {statistics.median(apps):g} "
            f"(max {max(apps)}), store median {statistics.median(stores):g} (max {max(stores)}) "
            f"over {len(rows)} rounds; target: at most one each"
        )


if __name__ == "__main__":
    main()
