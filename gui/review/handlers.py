"""What the registry's actions do and when they can be done: the session handlers (functions
of the session returning a `Reply`), the window-only handlers (methods of `ReviewWindow`) and
the enabled-rules. No Qt here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .session import ReviewSession
from .statuses import KEPT_BY_SKIP


@dataclass(frozen=True)
class Reply:
    """What a session handler tells the window: a status-bar message, and whether the keyboard
    goes to the session's current field afterwards."""

    message: str = ""
    focus_field: bool = False


@dataclass(frozen=True)
class OnSession:
    """A handler that is a function of the session (it raises ReviewError to refuse)."""

    run: Callable[[ReviewSession], Reply]


@dataclass(frozen=True)
class OnWindow:
    """A handler the window provides: the name of a `ReviewWindow` method."""

    method: str


@dataclass(frozen=True)
class OnLetterKeys:
    """Keys the letter view handles itself (listed on the F1 sheet, not a window action)."""


class ReviewWindow(Protocol):
    """The methods a window offers for the window-only actions of the registry."""

    def done_and_next(self) -> None: ...
    def flag(self) -> None: ...
    def fill_from_selection(self) -> None: ...
    def caret_to_source(self) -> None: ...
    def back_to_form(self) -> None: ...
    def show_find(self) -> None: ...
    def find_next(self) -> None: ...
    def find_previous(self) -> None: ...
    def focus_search(self) -> None: ...
    def sort_next(self) -> None: ...
    def sort_reverse(self) -> None: ...
    def focus_queue(self) -> None: ...
    def focus_letter(self) -> None: ...
    def focus_form(self) -> None: ...
    def focus_highlights(self) -> None: ...
    def focus_adjudication(self) -> None: ...
    def zoom_in(self) -> None: ...
    def zoom_out(self) -> None: ...
    def zoom_reset(self) -> None: ...
    def toggle_dark(self) -> None: ...
    def toggle_reflow(self) -> None: ...
    def toggle_page_view(self) -> None: ...
    def show_shortcuts(self) -> None: ...
    def show_field_history(self) -> None: ...
    def show_warnings(self) -> None: ...
    def import_files(self) -> None: ...
    def import_folder(self) -> None: ...
    def close(self) -> bool: ...


Handler = OnSession | OnWindow | OnLetterKeys
Rule = Callable[[ReviewSession], bool]
LETTER_KEYS = OnLetterKeys()


def session(run: Callable[[ReviewSession], Reply]) -> OnSession:
    return OnSession(run)


def window(method: str) -> OnWindow:
    return OnWindow(method)


# --- when an action can be done ------------------------------------------------------------


def always(_: ReviewSession) -> bool:
    return True


def has_letter(s: ReviewSession) -> bool:
    return s.record is not None


def has_next(s: ReviewSession) -> bool:
    position = s.position
    return bool(s.ids) and (position is None or position + 1 < len(s.ids))


def has_previous(s: ReviewSession) -> bool:
    position = s.position
    return bool(s.ids) and (position is None or position > 0)


def has_items(s: ReviewSession) -> bool:
    return s.record is not None and bool(s.record.items)


def has_current_item(s: ReviewSession) -> bool:
    return s.current_item() is not None


def can_move_up(s: ReviewSession) -> bool:
    index = s.current_item()
    return index is not None and index > 0


def can_move_down(s: ReviewSession) -> bool:
    index = s.current_item()
    return index is not None and s.record is not None and index + 1 < len(s.record.items)


def can_undo(s: ReviewSession) -> bool:
    return s.can_undo()


def can_redo(s: ReviewSession) -> bool:
    return s.can_redo()


def can_restore(s: ReviewSession) -> bool:
    return s.can_restore()


def has_highlights(s: ReviewSession) -> bool:
    return bool(s.highlights)


def writable(s: ReviewSession) -> bool:
    return not s.store.readonly


# --- what the session handlers do ----------------------------------------------------------


def do_next(s: ReviewSession) -> Reply:
    s.next()
    return Reply()


def do_previous(s: ReviewSession) -> Reply:
    s.previous()
    return Reply()


def do_accept(s: ReviewSession) -> Reply:
    opened = s.accept_letter()
    said = "Letter accepted as it is and marked done."
    if opened is None:
        said += " No letter in the queue needs review any more."
    return Reply(said, focus_field=True)


def do_confirm_next(s: ReviewSession) -> Reply:
    s.confirm_and_next()
    return Reply(focus_field=True)


def do_restore(s: ReviewSession) -> Reply:
    return Reply(s.restore(), focus_field=True)


def do_skip(s: ReviewSession) -> Reply:
    letter, status = s.letter_id, s.status
    s.skip()
    if status in KEPT_BY_SKIP:
        return Reply(f"Letter {letter} is {status.value} and stays {status.value}: skipping it "
                     "only moved on.", focus_field=True)  # fmt: skip
    return Reply("Letter skipped.", focus_field=True)


def do_next_unsure(s: ReviewSession) -> Reply:
    s.next_unsure()
    return Reply(focus_field=True)


def do_previous_unsure(s: ReviewSession) -> Reply:
    s.next_unsure(backwards=True)
    return Reply(focus_field=True)


def do_determination(value: str) -> Callable[[ReviewSession], Reply]:
    def run(s: ReviewSession) -> Reply:
        s.set_determination(value)
        return Reply()

    return run


def do_add_item(s: ReviewSession) -> Reply:
    s.add_item()
    return Reply(focus_field=True)


def do_remove_item(s: ReviewSession) -> Reply:
    s.remove_item()
    return Reply(focus_field=True)


def do_move_item(delta: int) -> Callable[[ReviewSession], Reply]:
    def run(s: ReviewSession) -> Reply:
        s.move_item(delta)
        return Reply(focus_field=True)

    return run


def do_go_to_item(delta: int) -> Callable[[ReviewSession], Reply]:
    def run(s: ReviewSession) -> Reply:
        s.go_to_item(delta)
        return Reply(focus_field=True)

    return run


def do_undo(s: ReviewSession) -> Reply:
    before = s.current_path
    said = f"Undone: {s.undo()}"
    return Reply(said, focus_field=s.current_path != before)  # the form follows what came back


def do_redo(s: ReviewSession) -> Reply:
    before = s.current_path
    said = f"Redone: {s.redo()}"
    return Reply(said, focus_field=s.current_path != before)


def do_needs_evidence(s: ReviewSession) -> Reply:
    required = s.toggle_needs_evidence()
    index = s.current_item() or 0
    needs = "needs" if required else "no longer needs"
    return Reply(f"Item {index + 1} {needs} an evidence highlight.")
