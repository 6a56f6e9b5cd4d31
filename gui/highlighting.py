"""Painting evidence highlights into the letter, block by block.

A QSyntaxHighlighter formats only the blocks (lines) it is asked about, so a 1 MB letter with
thousands of highlights costs no more per repaint than a short one. Overlapping highlights are
drawn visibly: their colours are mixed and the overlap is underlined in the inner label's colour.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from storage.store import Highlight


class EvidenceHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, label), sorted by start
        self._starts: list[int] = []
        self._longest = 0
        self._colors: dict[str, QColor] = {}
        self._alpha = 110
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}

    def set_colors(self, colors: dict[str, str], dark: bool) -> None:
        self._colors = {name: QColor(value) for name, value in colors.items()}
        self._alpha = 150 if dark else 105
        self._formats.clear()

    def set_highlights(
        self, highlights: Iterable[Highlight], rehighlight: bool = True
    ) -> list[tuple[int, int]]:
        """Use these highlights; repaint only the lines whose highlights changed. Returns the
        ranges that changed."""
        new = sorted((h.start, h.end, h.label) for h in highlights)
        changed = sorted(set(new) ^ set(self._spans))
        self._spans = new
        self._starts = [s for s, _, _ in new]
        self._longest = max((e - s for s, e, _ in new), default=0)
        if rehighlight:
            document = self.document()
            done: set[int] = set()
            for start, end, _ in changed:
                block = document.findBlock(start)
                while block.isValid() and block.position() < max(end, start + 1):
                    if block.blockNumber() not in done:
                        done.add(block.blockNumber())
                        self.rehighlightBlock(block)
                    block = block.next()
        return [(s, e) for s, e, _ in changed]

    def _format(self, labels: tuple[str, ...]) -> QTextCharFormat:
        cached = self._formats.get(labels)
        if cached is not None:
            return cached
        colors = [self._colors.get(label, QColor("#9a70d0")) for label in labels]
        mixed = QColor(
            sum(c.red() for c in colors) // len(colors),
            sum(c.green() for c in colors) // len(colors),
            sum(c.blue() for c in colors) // len(colors),
        )
        mixed.setAlpha(min(255, self._alpha + 45 * (len(colors) - 1)))
        fmt = QTextCharFormat()
        fmt.setBackground(mixed)
        if len(colors) > 1:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colors[-1])
            fmt.setFontUnderline(True)
        self._formats[labels] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        if not self._spans:
            return
        block_start = self.currentBlock().position()
        block_end = block_start + len(text)
        # Candidates start before this block ends and no earlier than the longest span allows.
        lo = bisect.bisect_left(self._starts, block_start - self._longest)
        hi = bisect.bisect_left(self._starts, block_end + 1)
        covering = [
            (s, e, label) for s, e, label in self._spans[lo:hi] if s < block_end and e > block_start
        ]
        if not covering:
            return
        cuts = sorted({block_start, block_end, *(max(s, block_start) for s, _, _ in covering),
                       *(min(e, block_end) for _, e, _ in covering)})  # fmt: skip
        for a, b in itertools.pairwise(cuts):
            if b <= a:
                continue
            labels = tuple(
                label
                for s, e, label in sorted(covering, key=lambda h: -(h[1] - h[0]))
                if s <= a and e >= b
            )
            if labels:
                self.setFormat(a - block_start, b - a, self._format(labels))
