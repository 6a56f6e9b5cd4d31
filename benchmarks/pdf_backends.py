"""pypdfium2 against pypdf: time to extract a letter's text layer, and how close the text is.

.venv/bin/python benchmarks/pdf_backends.py      (needs the [test,bench] extras)
"""

from __future__ import annotations

import difflib
import io
import tempfile
import time
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
from _common import ROOT
from fpdf import FPDF

from parsing import canonical_text, parse_text


def make_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, text.encode("latin-1", "replace").decode("latin-1"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "l.pdf"
        pdf.output(str(path))
        return path.read_bytes()


def with_pdfium(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    doc.close()
    return text


def with_pypdf(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def main() -> None:
    for path in sorted((ROOT / "resources" / "samples").glob("*.txt")):
        source = path.read_text().replace(" \n\n", "\n")
        data = make_pdf(source)
        print(f"{path.name}: {len(data) / 1024:.0f} KiB PDF")
        for name, extract in (("pypdfium2", with_pdfium), ("pypdf", with_pypdf)):
            extract(data)
            runs = 20
            start = time.perf_counter()
            for _ in range(runs):
                text = extract(data)
            ms = (time.perf_counter() - start) / runs * 1000
            canon = canonical_text(text)
            ratio = difflib.SequenceMatcher(
                None, " ".join(source.split()), " ".join(canon.split())
            ).ratio()
            items = [i.request for i in parse_text(canon).items]
            print(f"  {name:9s} {ms:6.1f} ms/letter  text similarity {ratio:.4f}  items {items}")


if __name__ == "__main__":
    main()
