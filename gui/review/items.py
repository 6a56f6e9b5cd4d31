"""The disputed items: adding, removing and moving one (its evidence moves with it), and going
from item to item."""

from __future__ import annotations

from .commands import AddItem, MoveItem, RemoveItem
from .core import SessionCore
from .errors import ReviewError
from .paths import FieldPath, item_of


class Items(SessionCore):
    def add_item(self) -> int:
        """Add an empty item after the current one (at the end from a letter field)."""
        self._require_letter()
        assert self.record is not None
        current = self.current_item()
        at = len(self.record.items) if current is None else current + 1
        order: list[int | None] = list(range(len(self.record.items)))
        order.insert(at, None)
        self.execute(AddItem(at, self._relinks(order)))
        self._forget_typed_in_items()
        self.current_path = f"items.{at}.request"
        self.notify("field")
        return at

    def remove_item(self) -> None:
        index = self._require_item()
        assert self.record is not None
        order: list[int | None] = [i for i in range(len(self.record.items)) if i != index]
        self.execute(RemoveItem(index, self._relinks(order)))
        self._forget_typed_in_items()
        remaining = len(self.record.items)
        self.current_path = (
            f"items.{min(index, remaining - 1)}.request" if remaining else "case_number"
        )
        self.notify("field")

    def move_item(self, delta: int) -> None:
        index = self._require_item()
        assert self.record is not None
        to = index + delta
        if not 0 <= to < len(self.record.items):
            raise ReviewError("the item cannot move further")
        here = FieldPath.find(self.current_path)
        name = here.name if here is not None and here.item is not None else "request"
        order: list[int | None] = list(range(len(self.record.items)))
        order.insert(to, order.pop(index))
        self.execute(MoveItem(index, to, self._relinks(order)))
        self._forget_typed_in_items()
        self.current_path = f"items.{to}.{name}"
        self.notify("field")

    def _forget_typed_in_items(self) -> None:
        """The items changed places: text typed in an item's field that could not be saved goes
        (the form shows every item again from the record), so it no longer holds up accepting
        the letter, naming a field that may not exist any more."""
        self.unsaved = {p: t for p, t in self.unsaved.items() if item_of(p) is None}

    def _relinks(self, order: list[int | None]) -> dict[int, str]:
        """New field paths for highlights whose item moves (new item i was old item order[i]);
        the evidence of a removed item stays, linked to the letter as a whole."""
        new_index = {old: new for new, old in enumerate(order) if old is not None}
        links: dict[int, str] = {}
        for highlight in self.highlights:
            linked = FieldPath.find(highlight.field)
            if linked is None or linked.item is None:
                continue
            moved = new_index.get(linked.item)
            target = "" if moved is None else str(linked.of_item(moved))
            if target != highlight.field:
                links[highlight.id] = target
        return links

    def go_to_item(self, delta: int) -> None:
        if self.record is None or not self.record.items:
            raise ReviewError("this letter has no items")
        current = item_of(self.current_path)
        last = len(self.record.items) - 1
        target = (0 if delta > 0 else last) if current is None else current + delta
        self.set_current(f"items.{max(0, min(target, last))}.request")
