"""Each letter's undo and redo stacks, bounded: the oldest steps go first.

A letter keeps at most `DEPTH` steps to undo, and only the `LETTERS` letters changed most
recently keep theirs, so a long day of review does not grow memory without end.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .commands import Command

DEPTH = 200
LETTERS = 50


class UndoHistory:
    def __init__(self, depth: int = DEPTH, letters: int = LETTERS) -> None:
        self.depth, self.letters = depth, letters
        self._undo: OrderedDict[int, deque[Command]] = OrderedDict()
        self._redo: dict[int, list[Command]] = {}

    def push(self, letter_id: int, command: Command, merge: bool = False) -> None:
        """Record a command just done; with ``merge``, fold it into the last one if it can."""
        stack = self._undo.get(letter_id)
        if stack is None:
            stack = self._undo[letter_id] = deque(maxlen=self.depth)
        self._undo.move_to_end(letter_id)
        if not (merge and stack and stack[-1].absorb(command)):
            stack.append(command)
        self._redo[letter_id] = []
        while len(self._undo) > self.letters:
            oldest, _ = self._undo.popitem(last=False)
            self._redo.pop(oldest, None)

    def can_undo(self, letter_id: int | None) -> bool:
        return letter_id is not None and bool(self._undo.get(letter_id))

    def can_redo(self, letter_id: int | None) -> bool:
        return letter_id is not None and bool(self._redo.get(letter_id))

    def take(self, letter_id: int, backwards: bool) -> Command | None:
        """Take the last command done (``backwards``) or undone off its stack."""
        stack = (self._undo if backwards else self._redo).get(letter_id)
        return stack.pop() if stack else None

    def put(self, letter_id: int, command: Command, backwards: bool) -> None:
        """Put a command just undone (``backwards``) on the redo stack, or one redone back on
        the undo stack."""
        if backwards:
            self._redo.setdefault(letter_id, []).append(command)
        else:
            self._undo.setdefault(letter_id, deque(maxlen=self.depth)).append(command)

    def steps(self, letter_id: int) -> int:
        """How many steps this letter can undo."""
        return len(self._undo.get(letter_id) or ())
