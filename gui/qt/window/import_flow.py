"""Importing from the window (Ctrl+O, Ctrl+Shift+O): choose files or a folder and import them in
the background (`gui/qt/workers.py`) with a progress dialog that can stop; the review goes on
meanwhile; then the queue shows the new letters and the window names what could not be read."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from storage.importer import ImportSummary

from ..file_dialogs import choose_letters
from ..workers import ImportRunner
from .base import WindowParts

LISTED_PROBLEMS = 50  # files named in the summary's details; the rest are counted


def _show_progress(progress: QProgressDialog, done: int, total: int) -> None:
    progress.setMaximum(total)
    progress.setValue(done)


class ImportFlow(WindowParts):
    """The window's import commands."""

    _import: ImportRunner | None = None
    _import_summary: ImportSummary | None = None
    _import_progress: tuple[int, int] = (0, 0)
    _quit_without_asking = False  # Ctrl+C in the terminal that started the window
    _question: QMessageBox | None = None  # the question about quitting, while it is up

    def import_files(self) -> None:
        self._choose_and_import(folder=False)

    def import_folder(self) -> None:
        self._choose_and_import(folder=True)

    def _choose_and_import(self, folder: bool) -> None:
        self.form.commit_pending()
        paths = choose_letters(self, folder)
        if paths:
            self.start_import(paths)

    @property
    def importing(self) -> bool:
        return self._import is not None

    def start_import(self, paths: list[str]) -> ImportRunner | None:
        """Import files or folders in the background, with a progress dialog that can stop it;
        the window stays usable, and the queue shows the new letters when the import ends."""
        if self.store.readonly:
            self._say("This database is open read-only; nothing can be imported.", error=True)
            return None
        if self._import is not None:
            self._say("An import is still running: wait for it, or stop it first.", error=True)
            return None
        progress = QProgressDialog("Reading and parsing letters…", "Stop", 0, 0, self)
        progress.setObjectName("importProgress")
        progress.setWindowTitle("Import")
        progress.setWindowModality(Qt.WindowModality.NonModal)  # the review goes on meanwhile
        progress.setMinimumDuration(300)
        runner = ImportRunner(self.store.path, paths, self)
        progress.canceled.connect(runner.stop)
        runner.progress.connect(lambda done, total: _show_progress(progress, done, total))
        runner.progress.connect(self._note_import_progress)
        runner.finished.connect(lambda summary: self._import_ended(progress, summary, None))
        runner.failed.connect(lambda message: self._import_ended(progress, None, message))
        self._import = runner
        self._import_summary = None
        self._import_progress = (0, 0)
        self._say("Importing in the background; you can go on reviewing.")
        runner.start()
        return runner

    def import_letters(self, paths: list[str]) -> ImportSummary | None:
        """Import and wait for the end (the window keeps handling events meanwhile)."""
        runner = self.start_import(paths)
        if runner is None:
            return None
        loop = QEventLoop()
        runner.finished.connect(loop.quit)
        runner.failed.connect(loop.quit)
        if self._import is runner:
            loop.exec()
        return self._import_summary

    def _note_import_progress(self, done: int, total: int) -> None:
        self._import_progress = (done, total)

    def keep_importing(self) -> bool:
        """The window is about to close while an import runs: ask whether to stop it and quit
        (True: the reviewer chose to keep working). Return and Escape keep working."""
        if self._import is None or self._quit_without_asking:
            return False
        done, total = self._import_progress
        read = f"{done} of {total} files read" if total else "reading the files"
        box = QMessageBox(QMessageBox.Icon.Question, "Import running",
                          f"An import is running ({read}).", QMessageBox.StandardButton.NoButton,
                          self)  # fmt: skip
        box.setObjectName("quitWhileImporting")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            "Quit now and the import stops after the file it is reading: the letters read so far "
            "stay imported, and importing the same files again later adds only the rest."
        )
        quit_button = box.addButton("Stop the import and &quit", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep &working", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self._question = box  # Ctrl+C in the terminal answers it; the import's end takes it away
        try:
            box.exec()
        finally:
            self._question = None
        return not (self._quit_without_asking or box.clickedButton() is quit_button)

    def close_without_asking(self) -> bool:
        """Ctrl+C in the terminal that started the window: close (typed text saved first, as
        Ctrl+Q does) without asking about a running import, which stops."""
        self._quit_without_asking = True
        if self._question is not None:  # asked already: the close under way goes on
            self._question.reject()
            return True
        try:
            return self.close()
        finally:  # refused (a typed value that cannot be saved): Ctrl+Q asks again
            self._quit_without_asking = False

    def stop_import(self, wait_s: float = 10.0) -> None:
        """Stop a running import (the window closes): letters read so far stay imported."""
        if self._import is not None:
            self._import.stop()
            self._import.wait(wait_s)

    def _import_ended(
        self, progress: QProgressDialog, summary: ImportSummary | None, failure: str | None
    ) -> None:
        self._import = None
        self._import_summary = summary
        if self._question is not None:  # nothing runs any more: the question is moot
            self._question.reject()
        progress.close()
        progress.deleteLater()
        if failure is not None:
            self._say(failure, error=True)
            self.show_banner(failure)
            return
        self._run(lambda: self.session.set_query(self.session.query))
        if summary is None:
            self._say(
                "Import stopped; the letters read before it are in the queue. Import again to finish."
            )
            return
        self._report(summary)
        if self.session.letter is None and self.session.ids:
            self._run(self.session.open_first)

    def _report(self, summary: ImportSummary) -> None:
        imported = len(summary.imported)
        message = (
            f"Imported {imported} letter{'' if imported == 1 else 's'}; "
            f"{len(summary.duplicates)} already here; {len(summary.failed)} could not be read."
        )
        if summary.notes:
            message += f" {len(summary.notes)} note{'' if len(summary.notes) == 1 else 's'}."
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
