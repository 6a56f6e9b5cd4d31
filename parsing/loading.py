"""Reading letter files (.txt and .pdf) into canonical text.

Failures raise `LoadError` naming the file and a reason a coder can act on; nothing else
escapes. Text files decode as UTF-8, falling back to cp1252 (with the five bytes cp1252
leaves undefined read as Latin-1), so odd bytes never stop a load.

Only regular files are read (after following links): a FIFO or a device named .txt is refused
before it can block or stream for ever, and the size limit holds while the bytes are read, so a
file that grows during the read is cut off at the limit. File names that are not valid UTF-8
are kept in a printable form (`printable_path`).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .text import canonical_text

SUFFIXES = (".txt", ".pdf")
MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_PDF_PAGES = 200  # real letters have 2-6 pages
MAX_LETTER_CHARS = 2_000_000  # extracted PDF text; the longest real letter has 16,000
_READ_CHUNK = 1024 * 1024
_BINARY_PROBE = 8192
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b < 32)  # not tab, newline, ..., CR


class LoadError(Exception):
    """A letter file that cannot be read, with the reason."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        name = printable_path(path)
        super().__init__(f"{name}: {reason}")
        self.path = name
        self.reason = reason


def printable_path(path: str | os.PathLike[str]) -> str:
    """The path as text that prints on one line and can be stored: bytes of a name that are not
    valid UTF-8 (kept by Python as lone surrogates) and control characters are written as
    backslash escapes (\\xff, \\x0a)."""
    name = os.fspath(path)
    if name.isprintable():
        return name
    out = []
    for char in name:
        code = ord(char)
        if char.isprintable():
            out.append(char)
        elif 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def _what_it_is(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((what for test, what in kinds if test(mode)), "not a file")


@dataclass(frozen=True)
class LoadedLetter:
    path: str
    text: str  # canonical
    sha256: str
    size: int
    kind: str  # "txt" or "pdf"
    encoding: str


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("imr-latin1-fallback", _latin1_fallback)


def decode_text(data: bytes) -> tuple[str, str]:
    """(decoded text, encoding used)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode(
            "utf-8", errors="imr-latin1-fallback"
        ), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="imr-latin1-fallback"), "cp1252"


def _utf16(data: bytes) -> tuple[str, str] | None:
    """Text saved as UTF-16 with its byte order mark (as Windows tools save it): (text, its
    encoding); None for any other file. Without the mark UTF-16 is not told from binary."""
    for mark, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(mark) and len(data) % 2 == 0:
            try:
                return data[len(mark) :].decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _looks_binary(data: bytes) -> bool:
    probe = data[:_BINARY_PROBE]
    if b"\x00" in probe:
        return True
    control = len(probe) - len(probe.translate(None, _CONTROL_BYTES))
    return control > len(probe) * 0.1


def load_bytes(path: str | os.PathLike[str], data: bytes) -> LoadedLetter:
    """Turn a file's bytes into canonical letter text; the suffix picks the reader."""
    name = os.fspath(path)
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        raise LoadError(name, "the file is empty")
    if name.lower().endswith(".pdf"):
        if len(data) > MAX_PDF_BYTES:
            raise LoadError(
                name,
                f"the PDF is too large ({len(data) / 2**20:.1f} MiB; the limit is {MAX_PDF_BYTES // 2**20} MiB)",
            )
        from .pdf import pdf_text  # pypdfium2 loads only when a PDF is read

        text = pdf_text(name, data)
        return LoadedLetter(name, canonical_text(text), digest, len(data), "pdf", "pdf")
    if len(data) > MAX_TEXT_BYTES:
        raise LoadError(
            name,
            f"the file is too large for a letter ({len(data) / 2**20:.1f} MiB; the limit is {MAX_TEXT_BYTES // 2**20} MiB)",
        )
    if data.startswith(b"%PDF-"):
        raise LoadError(name, "this is a PDF file with a .txt name; rename it to .pdf")
    utf16 = _utf16(data)
    if utf16 is not None:
        text, encoding = utf16
        if _looks_binary(text.encode("utf-8", errors="replace")):
            raise LoadError(name, "the file is binary, not text (it holds NUL or control bytes)")
    elif _looks_binary(data):
        raise LoadError(name, "the file is binary, not text (it holds NUL or control bytes)")
    else:
        text, encoding = decode_text(data)
    if not text.strip():
        raise LoadError(name, "the file holds only whitespace")
    return LoadedLetter(name, canonical_text(text), digest, len(data), "txt", encoding)


def _too_large(size: int, limit: int) -> str:
    return f"the file is too large for a letter ({size / 2**20:.1f} MiB; the limit is {limit // 2**20} MiB)"


def read_regular_file(name: str, limit: int) -> bytes:
    """The bytes of a regular file (links followed), at most ``limit`` of them. Raises LoadError
    for anything else; never blocks on a FIFO or reads a device."""
    info = os.stat(name)  # follows links; refuses special files before they are even opened
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(name, IS_A_FOLDER)
        raise LoadError(name, f"not a regular file (it is {_what_it_is(info.st_mode)}); skipped")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(name, flags)
    try:
        info = os.fstat(fd)  # what was opened, should the name have been swapped meanwhile
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(
                name, f"not a regular file (it is {_what_it_is(info.st_mode)}); skipped"
            )
        if info.st_size > limit:
            raise LoadError(name, _too_large(info.st_size, limit))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_READ_CHUNK, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise LoadError(
                    name,
                    f"the file grew past the limit of {limit // 2**20} MiB while it was read "
                    "(is something still writing it?); import it again when it is complete",
                )
    finally:
        os.close(fd)


IS_A_FOLDER = "is a folder (parse takes files; import takes folders)"


def load_file(path: str | os.PathLike[str]) -> LoadedLetter:
    """Read one letter file. Raises LoadError, never anything else."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if not os.path.lexists(name):
        raise LoadError(name, "no such file")
    if os.path.isdir(name):
        raise LoadError(name, IS_A_FOLDER)
    if suffix not in SUFFIXES:
        raise LoadError(
            name, f"unsupported file type {suffix or '(none)'!r}; letters are .txt or .pdf"
        )
    try:
        data = read_regular_file(name, MAX_PDF_BYTES if suffix == ".pdf" else MAX_TEXT_BYTES)
    except LoadError:
        raise
    except IsADirectoryError:
        raise LoadError(name, IS_A_FOLDER) from None
    except FileNotFoundError:
        raise LoadError(name, "no such file") from None
    except PermissionError:
        raise LoadError(name, "permission denied") from None
    except OSError as error:
        raise LoadError(name, f"cannot read the file ({error.strerror or error})") from None
    return load_bytes(printable_path(name), data)


def letter_files(paths: list[str], problems: list[tuple[str, str]] | None = None) -> list[str]:
    """Expand folders (recursively, sorted) to their .txt and .pdf files; files stay as given.

    Folders that cannot be read, links to folders (not followed) and files of other types are
    added to ``problems`` as (path, reason)."""
    found: list[str] = []
    noted: list[tuple[str, str]] = [] if problems is None else problems

    def unreadable(error: OSError) -> None:
        where = error.filename if error.filename is not None else "?"
        noted.append(
            (
                printable_path(where),
                f"cannot read this folder ({error.strerror or error}); its letters were not imported",
            )
        )

    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path, onerror=unreadable):
                dirs.sort()
                for link in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
                    noted.append(
                        (
                            printable_path(os.path.join(root, link)),
                            "a link to a folder; links are not followed",
                        )
                    )
                for file in sorted(files):
                    if file.lower().endswith(SUFFIXES):
                        found.append(os.path.join(root, file))
                    else:
                        noted.append(
                            (
                                printable_path(os.path.join(root, file)),
                                "not a .txt or .pdf file; skipped",
                            )
                        )
        else:
            found.append(path)
    return found
