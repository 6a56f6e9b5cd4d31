"""Painting the letter's marks, block by block: evidence highlights over the current item's
rationale (light) and the current field's source (bold, stronger).

A QSyntaxHighlighter formats only the blocks (lines) it is asked about, so a 1 MB letter with
thousands of highlights costs no more per repaint than a short one. Overlapping highlights are
drawn visibly: their colours are mixed and the overlap is underlined in the inner label's colour.
(Extra selections cannot be used for the marks: Qt paints them over the text's own background,
which would hide the evidence colours.)
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from storage.store import Highlight

from ...review.palette import label_colours
from .offsets import ViewMap


class EvidenceHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, offsets: ViewMap) -> None:
        super().__init__(document)
        self.offsets = offsets  # spans arrive as letter offsets; Qt works in the view's positions
        self._spans: list[tuple[int, int, str]] = []  # (start, end, label), sorted by start
        self._starts: list[int] = []
        self._longest = 0
        self._colors: dict[str, QColor] = {}
        self._underlines: dict[str, QColor] = {}
        self._alpha = 110
        self._formats: dict[tuple[tuple[str, ...], str, bool], QTextCharFormat] = {}
        self._marks: dict[str, tuple[int, int] | None] = {"rationale": None, "source": None}
        self._mark_colors = {"rationale": QColor("#dbe9ff"), "source": QColor("#ffe58a")}
        self._found: list[tuple[int, int]] = []  # the queue search's words, underlined
        self._found_color = QColor("#ff9d5c")

    def set_colors(
        self,
        colors: dict[str, str],
        dark: bool,
        rationale: str = "#dbe9ff",
        source: str = "#ffe58a",
    ) -> None:
        # Each label: an opaque tint light enough for text, and an underline that stands out from
        # the page, the rationale tint and the tint itself (gui.review.palette checks 3:1), so a
        # highlight never vanishes inside the current item's rationale.
        drawn = {name: label_colours(value, dark) for name, value in colors.items()}
        self._colors = {name: QColor(c.tint) for name, c in drawn.items()}
        self._underlines = {name: QColor(c.mark) for name, c in drawn.items()}
        self._mark_colors = {"rationale": QColor(rationale), "source": QColor(source)}
        self._alpha = 255
        self._formats.clear()

    def set_marks(self, source: tuple[int, int] | None, rationale: tuple[int, int] | None) -> None:
        """Mark the current field's source and the current item's rationale; repaint what moved."""

        def qt(span: tuple[int, int] | None) -> tuple[int, int] | None:
            return None if span is None else self.offsets.span_to_qt(*span)

        new = {"rationale": qt(rationale), "source": None if source == rationale else qt(source)}
        old = self._marks
        self._marks = new
        for kind in ("rationale", "source"):
            if old[kind] != new[kind]:
                for span in (old[kind], new[kind]):
                    if span is not None:
                        self._rehighlight_range(span[0], span[1])

    def set_found(self, spans: Iterable[tuple[int, int]], color: str | None = None) -> None:
        """Underline the words the queue was searched for (letter spans); repaint what moved."""
        if color is not None:
            self._found_color = QColor(color)
            self._formats.clear()
        new = sorted(self.offsets.span_to_qt(*span) for span in spans)
        old, self._found = self._found, new
        done: set[int] = set()
        for start, end in sorted(set(old) ^ set(new)):
            self._rehighlight_range(start, end, done)

    def forget_marks(self) -> None:
        """A new text is coming: its marks are set after it."""
        self._marks = {"rationale": None, "source": None}
        self._found = []

    def format_at(self, offset: int) -> QTextCharFormat | None:
        """The format painted at ``offset`` (tests and screenshots check what a reviewer sees)."""
        position = self.offsets.to_qt(offset)
        block = self.document().findBlock(position)
        inside = position - block.position()
        for rng in block.layout().formats():
            if rng.start <= inside < rng.start + rng.length:
                return QTextCharFormat(rng.format)
        return None

    def _rehighlight_range(self, start: int, end: int, done: set[int] | None = None) -> None:
        done = set() if done is None else done
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < max(end, start + 1):
            if block.blockNumber() not in done:
                done.add(block.blockNumber())
                self.rehighlightBlock(block)
            block = block.next()

    def set_highlights(
        self, highlights: Iterable[Highlight], rehighlight: bool = True
    ) -> list[tuple[int, int]]:
        """Use these highlights; repaint only the lines whose highlights changed. Returns the
        ranges that changed."""
        to_qt = self.offsets.span_to_qt
        new = sorted((*to_qt(h.start, h.end), h.label) for h in highlights)
        changed = sorted(set(new) ^ set(self._spans))
        self._spans = new
        self._starts = [s for s, _, _ in new]
        self._longest = max((e - s for s, e, _ in new), default=0)
        if rehighlight:
            done: set[int] = set()
            for start, end, _ in changed:
                self._rehighlight_range(start, end, done)
        from_qt = self.offsets.span_from_qt
        return [from_qt(s, e) for s, e, _ in changed]

    def _format(self, labels: tuple[str, ...], mark: str, found: bool = False) -> QTextCharFormat:
        cached = self._formats.get((labels, mark, found))
        if cached is not None:
            return cached
        fmt = QTextCharFormat()
        if labels:
            colors = [self._colors.get(label, QColor("#e4d8f4")) for label in labels]
            mixed = QColor(
                sum(c.red() for c in colors) // len(colors),
                sum(c.green() for c in colors) // len(colors),
                sum(c.blue() for c in colors) // len(colors),
            )
            mixed.setAlpha(self._alpha)
            fmt.setBackground(mixed)
            fmt.setFontUnderline(True)  # a single label: a line; overlapping labels: dashes
            fmt.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.SingleUnderline
                if len(labels) == 1
                else QTextCharFormat.UnderlineStyle.DashUnderline
            )
            fmt.setUnderlineColor(self._underlines.get(labels[-1], QColor("#6a3fb0")))
        elif mark:
            fmt.setBackground(self._mark_colors[mark])
        if mark == "source":
            fmt.setFontWeight(QFont.Weight.DemiBold)
        if found:  # over whatever else is painted there
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(self._found_color)
            if not labels and not mark:
                fmt.setBackground(QColor(self._found_color.red(), self._found_color.green(),
                                         self._found_color.blue(), 70))  # fmt: skip
        self._formats[(labels, mark, found)] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        marks = [(span[0], span[1], kind) for kind, span in self._marks.items() if span is not None]
        if not self._spans and not marks and not self._found:
            return
        block_start = self.currentBlock().position()
        block_end = block_start + self.currentBlock().length() - 1  # UTF-16 units, like the spans
        covering: list[tuple[int, int, str]] = []
        if self._spans:
            # Candidates start before this block ends and no earlier than the longest span allows.
            lo = bisect.bisect_left(self._starts, block_start - self._longest)
            hi = bisect.bisect_left(self._starts, block_end + 1)
            covering = [
                (s, e, label)
                for s, e, label in self._spans[lo:hi]
                if s < block_end and e > block_start
            ]
        marks = [(s, e, kind) for s, e, kind in marks if s < block_end and e > block_start]
        found = [(s, e, "found") for s, e in self._found if s < block_end and e > block_start]
        if not covering and not marks and not found:
            return
        edges = {block_start, block_end}
        for s, e, _ in (*covering, *marks, *found):
            edges.add(max(s, block_start))
            edges.add(min(e, block_end))
        widest_first = sorted(covering, key=lambda h: -(h[1] - h[0]))
        for a, b in itertools.pairwise(sorted(edges)):
            if b <= a:
                continue
            labels = tuple(label for s, e, label in widest_first if s <= a and e >= b)
            kinds = {kind for s, e, kind in marks if s <= a and e >= b}
            mark = "source" if "source" in kinds else ("rationale" if kinds else "")
            under = any(s <= a and e >= b for s, e, _ in found)
            if labels or mark or under:
                self.setFormat(a - block_start, b - a, self._format(labels, mark, under))
