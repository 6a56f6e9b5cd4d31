"""Evidence from the letter: a label key on a selection makes a highlight (or relabels the one
under the caret), Delete removes it, Ctrl+E fills the current field from the selection, and the
highlight list jumps to a highlight."""

from __future__ import annotations

from storage.store import StoreError

from ...review import CrossesItems, ReviewError, item_of
from ...review.paths import FieldPath
from ...review.words import field_name, list_text
from .base import WindowParts


class EvidenceKeys(WindowParts):
    """The letter view's label and Delete keys, and filling a field from a selection."""

    def _label_key(self, key: str) -> None:
        label = self.session.label_for_key(key)
        if label is None:
            self._say(f"no label has the key {key}", error=True)
            return
        name = label["name"]
        selected = self.letter_view.selection()
        if selected is None:
            highlight = self.session.highlight_at(self.letter_view.caret())
            if highlight is None:
                self._say(
                    "Select words in the letter first (Shift+arrows), then press a label's number.",
                    error=True,
                )
                return
            self._run(lambda: self.session.relabel_highlight(highlight, name))
            self._say(f"Relabelled as {name}.")
            return
        try:
            made = self.session.label_selection(*selected, name)
        except CrossesItems as crossing:
            self._say(f"{crossing}: press {key} again to label it anyway.", error=True)
            return
        except (ReviewError, StoreError) as error:
            self._say(str(error), error=True)
            return
        # Clear the selection; the caret rests at the new highlight's end.
        self.letter_view.put_caret(made.end)
        item = item_of(made.field) if made.field else None
        where = "the letter" if item is None else f"item {item + 1}"
        self._say(f"Labelled {name} for {where}.")

    def _delete_key(self) -> None:
        highlight = self.session.highlight_near(self.letter_view.caret())
        if highlight is None:
            self._say("The caret is not on a highlight.", error=True)
            return
        def delete() -> bool:
            self.session.delete_highlight(highlight)
            return True

        if self._run(delete):  # not refused, and saved
            self._say(f"Removed the {highlight.label} highlight (Ctrl+Z brings it back).")

    def _caret_moved(self) -> None:
        if not self.letter_view.hasFocus():
            return
        highlight = self.session.highlight_near(self.letter_view.caret())
        if highlight is not None:
            index = item_of(highlight.field)
            where = "the letter as a whole" if index is None else f"item {index + 1}"
            self.statusBar().showMessage(
                f"{highlight.label} · {where} · Delete removes it, a number relabels it", 6000
            )

    def _jump_to_highlight(self, highlight_id: int) -> None:
        highlight = next((h for h in self.session.highlights if h.id == highlight_id), None)
        if highlight is None:
            return
        if item_of(highlight.field) is not None:
            self.session.set_current(highlight.field)
        self.letter_view.scroll_to(highlight.start)
        self.letter_view.setFocus()
        self.letter_view.put_caret(highlight.start)

    def _fill_from_selection(self) -> None:
        selected = self.letter_view.selection()
        if selected is None:
            raise ReviewError("select words in the letter first (Ctrl+L, then Shift+arrows)")
        path = self.session.current_path
        self.session.fill_from_selection(*selected, path=path)
        record = self.session.record
        value = FieldPath.parse(path).read(record) if record is not None else None
        if isinstance(value, list) and len(value) > 1:  # prose read as a list: say how
            self._say(
                f"Filled {field_name(path)} from the selection as {len(value)} elements: "
                f"{list_text(value)}. Commas and “and” in the selection separate elements; "
                "type in the field to change that."
            )
        else:
            self._say(f"Filled {field_name(path)} from the selection.")

    def fill_from_selection(self) -> None:
        self._run(self._fill_from_selection)

    def caret_to_source(self) -> None:
        source = self.session.source_of(self.session.current_path)
        self.letter_view.setFocus()
        if source is not None:
            self.letter_view.put_caret(source.start)
        else:
            self._say("This field has no source in the letter yet; the caret stays where it was.")
