"""The text layer of a PDF letter, via pypdfium2 (PDFium, the engine inside Chrome).

Chosen over pypdf for speed (see benchmarks/pdf_backends.py) with the same text. Imported
only when a PDF is read. A PDF's page tree may list one page a thousand times: the page count
and the extracted text are limited (MAX_PDF_PAGES, MAX_LETTER_CHARS), checked as pages are read.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from .loading import MAX_LETTER_CHARS, MAX_PDF_PAGES, LoadError

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
        count = len(document)
        if count > MAX_PDF_PAGES:
            raise LoadError(
                name,
                f"the PDF has {count:,} pages; the limit for a letter is {MAX_PDF_PAGES:,} pages",
            )
        pages: list[str] = []
        total = 0
        for number in range(count):
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
            total += len(pages[-1]) + 1
            if total > MAX_LETTER_CHARS:
                raise LoadError(
                    name,
                    f"the PDF's text passes the limit of {MAX_LETTER_CHARS:,} characters for a "
                    f"letter by page {number + 1} of {count:,}",
                )
    finally:
        document.close()
    text = "\n".join(pages)
    if not text.strip():
        raise LoadError(
            name,
            f"the PDF has no text layer ({len(pages)} page(s) of images?); run OCR on it first",
        )
    return text
