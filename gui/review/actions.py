"""The one registry of review actions: id, menu text, shortcuts, menu, help, the handler that
does it and the rule that says when it can be done.

Declared without Qt, in the shape of an application-model action list: the window builds its
QActions, menus and the F1 sheet from this table and greys out menu entries whose rule says no;
the tests run the session handlers on a bare session. A handler is either a function of the
session (it returns a `Reply` for the status bar) or the name of a method of the window
(`ReviewWindow`) for what only the window can do: dialogs, focus, zoom, the letter's selection.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from . import handlers as h
from .handlers import Handler, Rule
from .session import ReviewSession


class A(StrEnum):
    """Action ids."""

    DONE_NEXT = "done_next"
    ACCEPT_LETTER = "accept_letter"
    CONFIRM_NEXT = "confirm_next"
    RESTORE = "restore"
    FIELD_HISTORY = "field_history"
    NEXT = "next"
    PREVIOUS = "previous"
    NEXT_UNSURE = "next_unsure"
    PREVIOUS_UNSURE = "previous_unsure"
    UPHELD = "upheld"
    OVERTURNED = "overturned"
    SKIP = "skip"
    FLAG = "flag"
    CARET_TO_SOURCE = "caret_to_source"
    BACK_TO_FORM = "back_to_form"
    FILL_FROM_SELECTION = "fill_from_selection"
    UNDO = "undo"
    REDO = "redo"
    ADD_ITEM = "add_item"
    REMOVE_ITEM = "remove_item"
    MOVE_ITEM_UP = "move_item_up"
    MOVE_ITEM_DOWN = "move_item_down"
    NEXT_ITEM = "next_item"
    PREVIOUS_ITEM = "previous_item"
    FIND = "find"
    FIND_NEXT = "find_next"
    FIND_PREVIOUS = "find_previous"
    SEARCH_LETTERS = "search_letters"
    SORT_NEXT = "sort_next"
    SORT_REVERSE = "sort_reverse"
    FOCUS_QUEUE = "focus_queue"
    FOCUS_LETTER = "focus_letter"
    FOCUS_FORM = "focus_form"
    ZOOM_IN = "zoom_in"
    ZOOM_OUT = "zoom_out"
    ZOOM_RESET = "zoom_reset"
    DARK = "dark"
    REFLOW = "reflow"
    PAGE_VIEW = "page_view"
    NEEDS_EVIDENCE = "needs_evidence"
    FOCUS_HIGHLIGHTS = "focus_highlights"
    FOCUS_ADJUDICATION = "focus_adjudication"
    WORD_RIGHT = "word_right"
    SELECT_TOKEN = "select_token"
    GROW_SELECTION = "grow_selection"
    SHRINK_SELECTION = "shrink_selection"
    LABEL = "label"
    DELETE_HIGHLIGHT = "delete_highlight"
    SHORTCUTS = "shortcuts"
    QUIT = "quit"
    PARSER_WARNINGS = "parser_warnings"
    IMPORT_FILES = "import_files"
    IMPORT_FOLDER = "import_folder"


@dataclass(frozen=True)
class ActionSpec:
    id: A
    text: str
    shortcuts: tuple[str, ...]  # Qt key sequence strings; the first is shown in menus
    menu: str
    help: str
    handler: Handler
    enabled: Rule = h.always
    checkable: bool = False
    # "window": a window-wide QAction; "letter": keys the letter handles itself; "form": keys a
    # form field handles itself (both listed on F1, with session handlers the field can call).
    scope: str = "window"


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(A.DONE_NEXT, "Mark done and open next", ("Ctrl+Return", "Ctrl+Enter"), "Letter",
               "Mark this letter done and open the next letter that needs review, focus in the form",
               handler=h.window("done_and_next"), enabled=h.has_letter),
    ActionSpec(A.ACCEPT_LETTER, "Accept the letter as it is", ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
               "Letter", "Confirm every field of this letter, mark it done and open the next letter "
               "that needs review", handler=h.session(h.do_accept), enabled=h.has_letter),
    ActionSpec(A.NEXT, "Next letter", ("Alt+Right",), "Letter", "Open the next letter in the queue (Ctrl+arrows move by words)",
               handler=h.session(h.do_next), enabled=h.has_next),
    ActionSpec(A.PREVIOUS, "Previous letter", ("Alt+Left",), "Letter", "Open the previous letter in the queue",
               handler=h.session(h.do_previous), enabled=h.has_previous),
    ActionSpec(A.SKIP, "Skip letter", ("Ctrl+K",), "Letter",
               "Mark this letter skipped (a done or flagged one stays so) and open the next one",
               handler=h.session(h.do_skip), enabled=h.has_letter),
    ActionSpec(A.FLAG, "Flag letter with a note…", ("Ctrl+Shift+K",), "Letter",
               "Flag this letter for a lead, with a note saying why",
               handler=h.window("flag"), enabled=h.has_letter),
    ActionSpec(A.NEXT_UNSURE, "Next unsure field", ("F8",), "Form",
               "Jump to the next field the parser was unsure of or you have not confirmed, across items",
               handler=h.session(h.do_next_unsure), enabled=h.has_letter),
    ActionSpec(A.PREVIOUS_UNSURE, "Previous unsure field", ("Shift+F8",), "Form", "Jump to the previous unsure field",
               handler=h.session(h.do_previous_unsure), enabled=h.has_letter),
    ActionSpec(A.CONFIRM_NEXT, "Confirm field and go on", ("Return",), "Form",
               "In a field: keep its value as checked and go to the next field", scope="form",
               handler=h.session(h.do_confirm_next), enabled=h.has_letter),
    ActionSpec(A.RESTORE, "Restore the parser's value", ("Ctrl+Shift+R",), "Form",
               "Give the current field back the value the parser found (shown beside a changed field)",
               handler=h.session(h.do_restore), enabled=h.can_restore),
    ActionSpec(A.FIELD_HISTORY, "History of this field…", ("Ctrl+H",), "Form",
               "Show what happened to the current field, from the audit log: who changed, "
               "confirmed or restored it, when, and the value before and after",
               handler=h.window("show_field_history"), enabled=h.has_letter),
    ActionSpec(A.UPHELD, "Determination: Upheld", ("Alt+U",), "Form", "Set the current item's determination to Upheld",
               handler=h.session(h.do_determination("upheld")), enabled=h.has_current_item),
    ActionSpec(A.OVERTURNED, "Determination: Overturned", ("Alt+O",), "Form",
               "Set the current item's determination to Overturned",
               handler=h.session(h.do_determination("overturned")), enabled=h.has_current_item),
    ActionSpec(A.FILL_FROM_SELECTION, "Fill field from selection", ("Ctrl+E",), "Form",
               "Put the words selected in the letter into the current field; they become its source",
               handler=h.window("fill_from_selection"), enabled=h.has_letter),
    ActionSpec(A.ADD_ITEM, "Add item", ("Ctrl+Shift+A",), "Form", "Add a disputed item after the current one",
               handler=h.session(h.do_add_item), enabled=h.has_letter),
    ActionSpec(A.REMOVE_ITEM, "Remove item", ("Ctrl+Shift+Backspace",), "Form", "Remove the current item",
               handler=h.session(h.do_remove_item), enabled=h.has_current_item),
    ActionSpec(A.MOVE_ITEM_UP, "Move item up", ("Alt+Up",), "Form", "Move the current item up",
               handler=h.session(h.do_move_item(-1)), enabled=h.can_move_up),
    ActionSpec(A.MOVE_ITEM_DOWN, "Move item down", ("Alt+Down",), "Form", "Move the current item down",
               handler=h.session(h.do_move_item(+1)), enabled=h.can_move_down),
    ActionSpec(A.NEXT_ITEM, "Next item", ("Ctrl+PgDown",), "Form", "Go to the next item's first field",
               handler=h.session(h.do_go_to_item(+1)), enabled=h.has_items),
    ActionSpec(A.PREVIOUS_ITEM, "Previous item", ("Ctrl+PgUp",), "Form", "Go to the previous item's first field",
               handler=h.session(h.do_go_to_item(-1)), enabled=h.has_items),
    ActionSpec(A.UNDO, "Undo", ("Ctrl+Z",), "Edit", "Undo the last edit or highlight change in this letter, across items",
               handler=h.session(h.do_undo), enabled=h.can_undo),
    ActionSpec(A.REDO, "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit", "Redo what was last undone",
               handler=h.session(h.do_redo), enabled=h.can_redo),
    ActionSpec(A.CARET_TO_SOURCE, "Caret to field source", ("Ctrl+L",), "Edit",
               "Put the keyboard caret in the letter at the current field's source (Shift+arrows select)",
               handler=h.window("caret_to_source"), enabled=h.has_letter),
    ActionSpec(A.BACK_TO_FORM, "Back to the form", ("Escape",), "Edit", "Return from the letter to the current field",
               handler=h.window("back_to_form")),
    ActionSpec(A.FIND, "Find in letter…", ("Ctrl+F",), "Edit", "Search within this letter",
               handler=h.window("show_find"), enabled=h.has_letter),
    ActionSpec(A.FIND_NEXT, "Find next", ("F3",), "Edit", "Next match in this letter",
               handler=h.window("find_next"), enabled=h.has_letter),
    ActionSpec(A.FIND_PREVIOUS, "Find previous", ("Shift+F3",), "Edit", "Previous match in this letter",
               handler=h.window("find_previous"), enabled=h.has_letter),
    ActionSpec(A.SEARCH_LETTERS, "Search all letters…", ("Ctrl+Shift+F",), "View",
               "Filter the queue by words in the letters (full-text search)",
               handler=h.window("focus_search")),
    ActionSpec(A.SORT_NEXT, "Sort the queue by the next column", ("Alt+S",), "View",
               "Sort the queue by its next column (#, status, case number, items, lowest confidence, "
               "reviewers, last change); the open letter stays open", handler=h.window("sort_next")),
    ActionSpec(A.SORT_REVERSE, "Reverse the queue's order", ("Alt+Shift+S",), "View",
               "Sort the queue the other way round (largest or latest first)",
               handler=h.window("sort_reverse")),
    ActionSpec(A.FOCUS_QUEUE, "Go to queue", ("Ctrl+1",), "View", "Put the keyboard focus in the queue",
               handler=h.window("focus_queue")),
    ActionSpec(A.FOCUS_LETTER, "Go to letter", ("Ctrl+2",), "View", "Put the keyboard focus in the letter",
               handler=h.window("focus_letter"), enabled=h.has_letter),
    ActionSpec(A.FOCUS_FORM, "Go to form", ("Ctrl+3",), "View", "Put the keyboard focus in the form",
               handler=h.window("focus_form"), enabled=h.has_letter),
    ActionSpec(A.ZOOM_IN, "Larger letter text", ("Ctrl+=", "Ctrl++"), "View", "Increase the letter's font size",
               handler=h.window("zoom_in")),
    ActionSpec(A.ZOOM_OUT, "Smaller letter text", ("Ctrl+-",), "View", "Decrease the letter's font size",
               handler=h.window("zoom_out")),
    ActionSpec(A.ZOOM_RESET, "Reset letter text size", ("Ctrl+0",), "View", "Reset the letter's font size",
               handler=h.window("zoom_reset")),
    ActionSpec(A.DARK, "Dark palette", ("Ctrl+Shift+D",), "View", "Switch between the light and the dark palette",
               checkable=True,
               handler=h.window("toggle_dark")),
    ActionSpec(A.WORD_RIGHT, "Caret by a word", ("Ctrl+Right", "Ctrl+Left"), "Evidence",
               "In the letter: the next word's end or the previous word's start, across line ends; "
               "with Shift, select by words (a strength such as 10/325mg is one word)", scope="letter",
               handler=h.LETTER_KEYS, enabled=h.has_letter),
    ActionSpec(A.SELECT_TOKEN, "Select the token", ("Ctrl+T",), "Evidence",
               "In the letter: select what the caret is in as a coder means it: a drug with its strength "
               "and quantity (Norco 10/325mg #120), a date, else the word", scope="letter",
               handler=h.LETTER_KEYS, enabled=h.has_letter),
    ActionSpec(A.GROW_SELECTION, "Grow the selection", ("Alt+Shift+Right",), "Evidence",
               "In the letter: select the word, then the token around it, then the whole line",
               scope="letter", handler=h.LETTER_KEYS, enabled=h.has_letter),
    ActionSpec(A.SHRINK_SELECTION, "Shrink the selection", ("Alt+Shift+Left",), "Evidence",
               "In the letter: back to the selection before the last grow", scope="letter",
               handler=h.LETTER_KEYS, enabled=h.has_letter),
    ActionSpec(A.REFLOW, "Reflow paragraphs", ("Ctrl+Shift+L",), "View",
               "Show the letter's paragraphs joined for reading, or its lines as printed in the PDF "
               "(highlights and sources stay on the same words either way)", checkable=True,
               handler=h.window("toggle_reflow")),
    ActionSpec(A.PAGE_VIEW, "Page view of a PDF letter", ("Ctrl+Shift+P",), "View",
               "In the letter's place, the PDF page holding the current field's source, the source "
               "marked on it (again: back to the text)", checkable=True,
               handler=h.window("toggle_page_view"), enabled=h.has_letter),
    ActionSpec(A.LABEL, "Label the selection", ("1 … 9",), "Evidence",
               "In the letter: label the selected words (a number's label is listed below); on a highlight "
               "without a selection, relabel it. Press again to label across two items", scope="letter",
               handler=h.LETTER_KEYS, enabled=h.has_letter),
    ActionSpec(A.DELETE_HIGHLIGHT, "Remove highlight", ("Delete",), "Evidence",
               "In the letter: remove the highlight under the caret", scope="letter",
               handler=h.LETTER_KEYS, enabled=h.has_highlights),
    ActionSpec(A.NEEDS_EVIDENCE, "Item needs evidence", ("Ctrl+Shift+E",), "Evidence",
               "Require at least one highlight for the current item before the letter can be done",
               handler=h.session(h.do_needs_evidence), enabled=h.has_current_item),
    ActionSpec(A.FOCUS_HIGHLIGHTS, "Go to highlights", ("Ctrl+4",), "Evidence",
               "Put the keyboard focus in the list of this letter's highlights (Return jumps to one)",
               handler=h.window("focus_highlights")),
    ActionSpec(A.FOCUS_ADJUDICATION, "Go to disagreements", ("Ctrl+5",), "Evidence",
               "When settling coders' disagreements (imr-review --adjudicate): the list of them",
               handler=h.window("focus_adjudication")),
    ActionSpec(A.SHORTCUTS, "Keyboard shortcuts", ("F1",), "Help", "Show this sheet",
               handler=h.window("show_shortcuts")),
    ActionSpec(A.PARSER_WARNINGS, "Parser warnings…", ("Ctrl+Shift+W",), "Letter",
               "Read what the parser warned about in this letter (plain text, to select and copy)",
               handler=h.window("show_warnings"), enabled=h.has_letter),
    ActionSpec(A.IMPORT_FILES, "Import letter files…", ("Ctrl+O",), "Letter",
               "Import .txt and .pdf letters into this database (already imported files are skipped)",
               handler=h.window("import_files"), enabled=h.writable),
    ActionSpec(A.IMPORT_FOLDER, "Import a folder of letters…", ("Ctrl+Shift+O",), "Letter",
               "Import every .txt and .pdf letter in a folder and its subfolders",
               handler=h.window("import_folder"), enabled=h.writable),
    ActionSpec(A.QUIT, "Quit", ("Ctrl+Q",), "Letter", "Close imr-review (everything is already saved)",
               handler=h.window("close")),
)  # fmt: skip

MENUS = ("Letter", "Form", "Evidence", "Edit", "View", "Help")

# Actions that open another letter: the window refuses them while a field holds typed text that
# cannot be saved (it says so and stays), rather than drop what was typed.
LEAVES_LETTER = frozenset({A.NEXT, A.PREVIOUS, A.DONE_NEXT, A.SKIP, A.ACCEPT_LETTER})

# Actions a held key must not repeat: each press finishes a letter or adds or removes an item,
# so a key held a moment too long would finish letters nobody looked at. (Moving between letters,
# fields and items, undo and zoom repeat as keys do.)
ONCE_PER_PRESS = frozenset(
    {A.DONE_NEXT, A.ACCEPT_LETTER, A.SKIP, A.FLAG, A.ADD_ITEM, A.REMOVE_ITEM, A.IMPORT_FILES,
     A.IMPORT_FOLDER, A.QUIT}
)  # fmt: skip


def shortcut_sheet() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The F1 sheet: per menu, (keys, action, what it does)."""
    return [
        (
            menu,
            [
                (" or ".join(s.shortcuts), s.text.rstrip("…"), s.help)
                for s in ACTIONS
                if s.menu == menu
            ],
        )
        for menu in MENUS
    ]


def enabled_actions(review: ReviewSession) -> set[A]:
    """The actions whose rule allows them now."""
    return {spec.id for spec in ACTIONS if spec.enabled(review)}
