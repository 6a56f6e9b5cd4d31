"""Importing from the window (Ctrl+O, Ctrl+Shift+O): choose files or a folder, import them with
a progress dialog that can stop, then show the new letters and what could not be read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from storage.importer import ImportStopped, ImportSummary, import_paths
from storage.store import StoreError

from ..file_dialogs import choose_letters
from .base import WindowParts

LISTED_PROBLEMS = 50  # files named in the summary's details; the rest are counted


class ImportFlow(WindowParts):
    """The window's import commands."""

    def import_files(self) -> None:
        self._choose_and_import(folder=False)

    def import_folder(self) -> None:
        self._choose_and_import(folder=True)

    def _choose_and_import(self, folder: bool) -> None:
        self.form.commit_pending()
        paths = choose_letters(self, folder)
        if paths:
            self.import_letters(paths)

    def import_letters(self, paths: list[str]) -> ImportSummary | None:
        """Import files or folders with a progress dialog; the queue then shows the new letters."""
        if self.store.readonly:
            self._say("This database is open read-only; nothing can be imported.", error=True)
            return None
        progress = QProgressDialog("Reading and parsing letters…", "Stop", 0, 0, self)
        progress.setWindowTitle("Import")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            if progress.wasCanceled():
                raise ImportStopped

        try:
            summary = import_paths(self.store, paths, workers=1, progress=step)
        except ImportStopped:
            summary = None
        except StoreError as error:
            progress.close()
            self._say(str(error), error=True)
            self.show_banner(str(error))
            return None
        progress.close()
        self._run(lambda: self.session.set_query(self.session.query))
        if summary is None:
            self._say(
                "Import stopped; the letters read before it are in the queue. Import again to finish."
            )
            return None
        self._report(summary)
        if self.session.letter is None and self.session.ids:
            self._run(self.session.open_first)
        return summary

    def _report(self, summary: ImportSummary) -> None:
        message = (
            f"Imported {len(summary.imported)} letter(s); {len(summary.duplicates)} already here; "
            f"{len(summary.failed)} could not be read."
        )
        if summary.notes:
            message += f" {len(summary.notes)} note(s)."
        self._say(message, error=bool(summary.failed))
        if summary.failed or summary.notes:
            listed = summary.failed + summary.notes
            details = "\n".join(f"{path}: {reason}" for path, reason in listed[:LISTED_PROBLEMS])
            more = (
                f"\n… and {len(listed) - LISTED_PROBLEMS} more"
                if len(listed) > LISTED_PROBLEMS
                else ""
            )
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Import", message, QMessageBox.StandardButton.Ok, self
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setObjectName("importSummary")
            box.setDetailedText(details + more)
            box.open()
