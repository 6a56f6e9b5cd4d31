"""Where a span of a PDF letter's text is on its pages: the letter text was made from PDFium's
text layer (parsing/pdf.py: pages joined by a newline, CR LF and CR made LF, NULs dropped), so
each letter offset is one character of one page, whose box PDFium gives (`char_boxes`). And a
page drawn to an image at a given scale (`render_page`). No Qt here.

A file that no longer holds the text the letter was read from (moved, replaced, damaged) gives
a `PageError` with the reason, never a wrong mark.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parsing.loading import MAX_PDF_PAGES

if TYPE_CHECKING:
    import pypdfium2 as pdfium


class PageError(Exception):
    """The letter's PDF cannot be shown or does not match the letter's text."""


@dataclass
class PdfLetter:
    """A PDF letter open for drawing: its pages and, per letter offset, (page, char index)."""

    document: pdfium.PdfDocument
    page_of: array[int]
    char_of: array[int]

    @classmethod
    def open(cls, path: str, text: str) -> PdfLetter:
        if not Path(path).is_file():
            raise PageError(f"the PDF is no longer at {path}")
        import pypdfium2 as pdfium  # loaded when a page is first shown, not at every start

        try:
            document = pdfium.PdfDocument(path)
        except (pdfium.PdfiumError, OSError) as error:
            raise PageError(f"{path} cannot be read as a PDF ({error})") from None
        page_of, char_of = array("l"), array("l")
        try:
            if len(document) > MAX_PDF_PAGES:
                raise PageError(f"{path} has more pages than a letter can have")
            for number in range(len(document)):
                textpage = document[number].get_textpage()
                raw = textpage.get_text_range()
                textpage.close()
                _map_page(raw, number, page_of, char_of)
                page_of.append(number)  # the newline that joins pages
                char_of.append(-1)
        except pdfium.PdfiumError as error:
            document.close()
            raise PageError(f"{path} cannot be read as a PDF ({error})") from None
        if len(page_of) - 1 != len(text):
            document.close()
            raise PageError(f"{path} no longer holds the text this letter was read from")
        return cls(document, page_of, char_of)

    def close(self) -> None:
        self.document.close()

    @property
    def pages(self) -> int:
        return len(self.document)

    def page_at(self, offset: int) -> int:
        return self.page_of[max(0, min(offset, len(self.page_of) - 1))]

    def char_boxes(self, start: int, end: int, page: int) -> list[tuple[float, float, float, float]]:
        """The boxes (left, top, right, bottom; points from the page's top left) of the span's
        characters on ``page``."""
        indexes = [self.char_of[n] for n in range(max(0, start), min(end, len(self.char_of)))
                   if self.page_of[n] == page and self.char_of[n] >= 0]  # fmt: skip
        if not indexes:
            return []
        pdf_page = self.document[page]
        height = pdf_page.get_height()
        textpage = pdf_page.get_textpage()
        boxes = []
        for index in indexes:
            left, bottom, right, top = textpage.get_charbox(index)
            if right > left and top > bottom:  # spaces and line ends have no box
                boxes.append((left, height - top, right, height - bottom))
        textpage.close()
        return boxes

    def render_page(self, page: int, scale: float) -> tuple[bytes, int, int, int]:
        """The page drawn as RGB bytes: (pixels, width, height, bytes per line)."""
        bitmap = self.document[page].render(scale=scale, rev_byteorder=True)
        return bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride


def _map_page(raw: str, number: int, page_of: array[int], char_of: array[int]) -> None:
    """Each character of the page's text as it became letter text, to its char index."""
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\x00":
            index += 1
            continue
        page_of.append(number)
        char_of.append(index)
        index += 2 if char == "\r" and raw[index + 1 : index + 2] == "\n" else 1
