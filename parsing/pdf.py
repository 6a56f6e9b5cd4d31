"""The text layer of a PDF letter, via pypdfium2 (PDFium, the engine inside Chrome).

Chosen over pypdf for speed (see benchmarks/pdf_backends.py) with the same text. Imported
only when a PDF is read.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from .loading import LoadError

# PDFium marks a hyphen it thinks is a soft line-break hyphen with U+FFFE and U+0002.
_PDFIUM_MARKS = str.maketrans({"\ufffe": "-", "\x02": "-", "\x00": ""})


def pdf_text(name: str, data: bytes) -> str:
    """All pages' text, pages joined by a newline. Raises LoadError with the reason."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise LoadError(name, "not a PDF file (it does not start with %PDF)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise LoadError(name, "the PDF is password-protected") from None
        raise LoadError(name, f"the PDF is damaged or truncated ({message})") from None
    try:
        pages: list[str] = []
        for number in range(len(document)):
            try:
                page = document[number]
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range().translate(_PDFIUM_MARKS))
                textpage.close()
                page.close()
            except pdfium.PdfiumError as error:
                raise LoadError(
                    name, f"page {number + 1} of the PDF cannot be read ({error})"
                ) from None
    finally:
        document.close()
    text = "\n".join(pages)
    if not text.strip():
        raise LoadError(
            name,
            f"the PDF has no text layer ({len(pages)} page(s) of images?); run OCR on it first",
        )
    return text
