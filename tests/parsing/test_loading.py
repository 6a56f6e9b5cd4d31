"""Loading letter files: encodings, canonical newlines, PDFs, and every way a file can be bad."""

from __future__ import annotations

import os

import pytest
from fpdf import FPDF

from parsing import LoadError, letter_files, load_bytes, load_file, parse_text


def make_pdf(path, text: str | None, encrypt: bool = False) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    if text is not None:
        pdf.multi_cell(0, 5, text)
    else:
        pdf.rect(20, 20, 80, 40, style="F")  # an "image" page with no text layer
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(path))
    return path.read_bytes()


def test_universal_newlines_and_nothing_else(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"line one  \r\nline two\rline three\n\n\ttabbed ")
    assert load_file(path).text == "line one  \nline two\nline three\n\n\ttabbed "


def test_utf8_and_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffCafé – “quoted”".encode())
    loaded = load_file(path)
    assert loaded.text == "Café – “quoted”"
    assert loaded.encoding == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_its_byte_order_mark_is_read(encoding):
    """Windows tools save text as UTF-16 with a byte order mark; its NUL bytes had made it
    "binary"."""
    text = "Case Number: CM16-0213037\r\nDate of Injury: 10/13/2016 – naïve\r\n"
    data = text.encode(encoding)
    if encoding != "utf-16":  # the plain codec writes the mark itself
        data = ("\ufeff" + text).encode(encoding)
    loaded = load_bytes("letter.txt", data)
    assert loaded.text == "Case Number: CM16-0213037\nDate of Injury: 10/13/2016 – naïve\n"
    assert loaded.encoding.startswith("utf-16")


def test_utf16_without_a_mark_is_still_refused_as_binary():
    with pytest.raises(LoadError, match="binary"):
        load_bytes("letter.txt", "Case Number: CM16-0213037\n".encode("utf-16-le"))


def test_cp1252_fallback_never_fails_on_odd_bytes(tmp_path):
    path = tmp_path / "a.txt"
    # \x93/\x94 are cp1252 curly quotes; \x81 is undefined in cp1252 and must not stop the load.
    path.write_bytes(b"Soma \x93350\x94 mg\x81 #30: Upheld\n")
    loaded = load_file(path)
    assert loaded.encoding == "cp1252"
    assert loaded.text == "Soma “350” mg\x81 #30: Upheld\n"


def test_sha256_is_of_the_file_bytes(tmp_path):
    import hashlib

    path = tmp_path / "a.txt"
    path.write_bytes(b"x\r\ny")
    assert load_file(path).sha256 == hashlib.sha256(b"x\r\ny").hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("empty.txt", b"", "empty"),
     ("blank.txt", b" \n\n\t ", "only whitespace"),
     ("binary.txt", bytes(range(256)) * 8, "binary"),
     ("fake.pdf", b"this is not a pdf at all", "not a PDF"),
     ("named.txt", b"%PDF-1.4 rest", "PDF file with a .txt name"),
     ("notes.docx", b"PK\x03\x04", "unsupported file type")],
)  # fmt: skip
def test_bad_files_name_file_and_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError) as caught:
        load_file(path)
    assert reason in caught.value.reason
    assert str(path) in str(caught.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_file(tmp_path / "gone.txt")
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(LoadError, match="folder"):
        load_file(folder)


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("x")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads every file: make the read fail as it would for anyone else
        real_open = os.open

        def refuse(name, *args, **kwargs):
            if str(name) == str(path):
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(LoadError, match="permission denied"):
        load_file(path)


def test_huge_file_is_refused_by_size(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    with pytest.raises(LoadError, match="too large"):
        load_file(path)


def test_pdf_text_layer_parses(tmp_path, seed_text):
    text = seed_text("000").replace(" \n\n", "\n")
    make_pdf(tmp_path / "letter.pdf", text)
    loaded = load_file(tmp_path / "letter.pdf")
    assert loaded.kind == "pdf"
    assert "\r" not in loaded.text
    letter = parse_text(loaded.text)
    assert [i.request for i in letter.items] == [
        "Soma 350 MG #30 with No Refill",
        "Percocet 10 MG #60 with No Refill",
    ]
    assert letter.ur_date is not None


def test_pdf_without_text_layer(tmp_path):
    make_pdf(tmp_path / "scan.pdf", None)
    with pytest.raises(LoadError, match="no text layer"):
        load_file(tmp_path / "scan.pdf")


def test_truncated_pdf(tmp_path):
    data = make_pdf(tmp_path / "whole.pdf", "Soma #30: Upheld")
    with pytest.raises(LoadError, match="damaged or truncated"):
        load_bytes(tmp_path / "cut.pdf", data[: len(data) // 3])


def test_password_protected_pdf(tmp_path):
    make_pdf(tmp_path / "locked.pdf", "Soma #30: Upheld", encrypt=True)
    with pytest.raises(LoadError, match="password"):
        load_file(tmp_path / "locked.pdf")


def test_letter_files_expands_folders_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "c.TXT").write_text("c")
    (tmp_path / "skip.docx").write_text("no")
    single = tmp_path / "single.md"
    single.write_text("given explicitly")
    found = letter_files([str(tmp_path), str(single)])
    names = [os.path.relpath(p, tmp_path) for p in found]
    assert names == ["a.pdf", "c.TXT", os.path.join("b", "z.txt"), "single.md"]
