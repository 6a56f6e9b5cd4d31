"""The window's menus, actions and shortcuts, built from the action registry
(`gui.review.actions`): each registry handler bound to the session or to a window method, and
menu entries greyed out by the registry's enabled-rules while a menu is open."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from ...review.actions import (
    ACTIONS,
    LEAVES_LETTER,
    MENUS,
    ONCE_PER_PRESS,
    A,
    ActionSpec,
    enabled_actions,
)
from ...review.handlers import Handler, OnSession, OnWindow, Reply
from .base import WindowParts


def _portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


class _ShortcutsWin(QObject):
    """Registered shortcuts beat text widgets' own bindings (Ctrl+Z in a line edit,
    say), so each works window-wide whatever has the focus.

    Qt asks the focus widget whether it wants a key before running a shortcut (a
    ShortcutOverride event), so only the focus widget is watched: a filter on the whole
    application ran Python for every event of every widget, several hundred at each letter
    switch."""

    def __init__(self, window: QWidget, keys: set[str], app: QApplication) -> None:
        super().__init__(window)
        self.window = window
        self.keys = keys
        self.app = app
        self.watched: QWidget | None = None
        self.watching = True
        app.focusChanged.connect(self.watch)
        self.watch(None, QApplication.focusWidget())

    def watch(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The focus moved: watch the new focus widget (of this window) instead."""
        if self.watched is not None:
            with contextlib.suppress(RuntimeError):  # deleted since: Qt dropped the filter
                self.watched.removeEventFilter(self)
        self.watched = new if new is not None and new.window() is self.window else None
        if self.watched is not None:
            self.watched.installEventFilter(self)

    def stop(self) -> None:
        """The window closes: watch nothing more (twice is harmless)."""
        if self.watching:
            self.watching = False
            self.app.focusChanged.disconnect(self.watch)
        self.watch(None, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self.window
            and _portable(QKeySequence(event.keyCombination())) in self.keys
        ):
            event.ignore()
            return True
        return False


class RegistryActions(WindowParts):
    """Menus and shortcuts from the registry."""

    shortcut_keys: set[str]
    _filter: _ShortcutsWin

    def _build_actions(self) -> None:
        menus = {name: self.menuBar().addMenu(name) for name in MENUS}
        keys: set[str] = set()
        for spec in ACTIONS:
            if spec.scope != "window":
                continue  # keys the letter view handles itself
            action = self._make_action(spec, self._bind(spec.handler, spec))
            menus[spec.menu].addAction(action)
            self.addAction(action)  # window-wide, even with the menu bar hidden
            keys.update(_portable(QKeySequence(k)) for k in spec.shortcuts)
        for menu in menus.values():  # menus grey out what cannot be done; keys still explain why
            menu.aboutToShow.connect(self._grey_out_actions)
            menu.aboutToHide.connect(self._enable_actions)
        self.shortcut_keys = keys
        app = QApplication.instance()
        assert isinstance(app, QApplication), "a window is made only inside a running QApplication"
        self._filter = _ShortcutsWin(self, keys, app)

    def _bind(self, handler: Handler, spec: ActionSpec | None = None) -> Callable[[], Any]:
        """What a registry handler runs in this window (an action that leaves the letter first
        makes sure nothing typed in it would be lost)."""
        bound: Callable[[], Any]
        if isinstance(handler, OnSession):
            bound = lambda: self._run(lambda: self._reply(handler.run(self.session)))  # noqa: E731
        else:
            assert isinstance(handler, OnWindow), handler
            bound = getattr(self, handler.method)
        leaves = spec is not None and spec.id in LEAVES_LETTER

        def started_by_the_coder() -> Any:
            self._forget_warning()  # a warning is about the coder's last action
            if leaves and self._typed_value_would_be_lost():
                return None
            return bound()

        return started_by_the_coder

    def _reply(self, reply: Reply) -> None:
        if reply.message:
            self._say(reply.message)
        if reply.focus_field:
            self._go_to(self.session.current_path)

    def _grey_out_actions(self) -> None:
        self.form.commit_pending()  # what was typed counts (an edit to undo, say)
        allowed = enabled_actions(self.session)
        for action_id, action in self.actions_by_id.items():
            action.setEnabled(action_id in allowed)

    def _enable_actions(self) -> None:
        for action in self.actions_by_id.values():
            action.setEnabled(True)

    def _make_action(self, spec: ActionSpec, handler: Callable[[], Any]) -> QAction:
        action = QAction(spec.text, self)
        action.setObjectName(spec.id.value)
        action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setAutoRepeat(spec.id not in ONCE_PER_PRESS)
        action.setStatusTip(spec.help)
        action.setCheckable(spec.checkable)
        action.triggered.connect(lambda _checked=False: handler())
        self.actions_by_id[spec.id] = action
        return action

    def action(self, action_id: A) -> QAction:
        """The window's action for a registry id (for tests and screenshots)."""
        return self.actions_by_id[action_id]
