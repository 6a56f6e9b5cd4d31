"""File dialogs that never open the files they list.

Qt's own file dialog asks its icon provider for each file's icon and type, and the default
provider sniffs a file's first bytes to guess its kind. Sniffing opens and closes the file; for
the open database (or its -wal/-shm) that close drops the locks SQLite holds on it, and another
process may then delete the write-ahead log under the window (storage/locks.py tells the rest).
The provider here answers from the name alone, with icons made once in the GUI thread, since the
dialog asks from a worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QWidget

LETTER_FILTER = "Letters (*.txt *.pdf);;All files (*)"


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the file's name and kind, never from its contents."""

    def __init__(self) -> None:
        super().__init__()
        style = QApplication.style()
        self._folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._file = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._drive = style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)

    def icon(self, what: object) -> QIcon:
        if isinstance(what, QFileInfo):
            return self._folder if what.isDir() else self._file
        if what == QAbstractFileIconProvider.IconType.Drive:
            return self._drive
        if what == QAbstractFileIconProvider.IconType.Folder:
            return self._folder
        return self._file

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def _dialog(parent: QWidget | None, title: str, folder: bool) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # a native one may sniff, too
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog._icon_provider = provider  # type: ignore[attr-defined]  # the dialog does not own it
    if folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(LETTER_FILTER)
    return dialog


def choose_letters(parent: QWidget | None, folder: bool) -> list[str]:
    """Ask for letter files (or one folder of letters); an empty list when cancelled."""
    title = "Import a folder of letters" if folder else "Import letters"
    dialog = _dialog(parent, title, folder)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return [path for path in dialog.selectedFiles() if path]
    finally:
        dialog.deleteLater()
