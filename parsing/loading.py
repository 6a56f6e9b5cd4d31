"""Reading letter files (.txt and .pdf) into canonical text.

Failures raise `LoadError` naming the file and a reason a coder can act on; nothing else
escapes. Text files decode as UTF-8, falling back to cp1252 (with the five bytes cp1252
leaves undefined read as Latin-1), so odd bytes never stop a load.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .text import canonical_text

SUFFIXES = (".txt", ".pdf")
MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 64 * 1024 * 1024
_BINARY_PROBE = 8192


class LoadError(Exception):
    """A letter file that cannot be read, with the reason."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{os.fspath(path)}: {reason}")
        self.path = os.fspath(path)
        self.reason = reason


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


def _looks_binary(data: bytes) -> bool:
    probe = data[:_BINARY_PROBE]
    if b"\x00" in probe:
        return True
    control = sum(1 for b in probe if b < 9 or 13 < b < 32)
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
    if _looks_binary(data):
        raise LoadError(name, "the file is binary, not text (it holds NUL or control bytes)")
    text, encoding = decode_text(data)
    if not text.strip():
        raise LoadError(name, "the file holds only whitespace")
    return LoadedLetter(name, canonical_text(text), digest, len(data), "txt", encoding)


def load_file(path: str | os.PathLike[str]) -> LoadedLetter:
    """Read one letter file. Raises LoadError, never anything else."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(
            name, f"unsupported file type {suffix or '(none)'!r}; letters are .txt or .pdf"
        )
    try:
        size = os.path.getsize(name)
        limit = MAX_PDF_BYTES if suffix == ".pdf" else MAX_TEXT_BYTES
        if size > limit:
            raise LoadError(
                name,
                f"the file is too large for a letter ({size / 2**20:.1f} MiB; the limit is {limit // 2**20} MiB)",
            )
        with open(name, "rb") as handle:
            data = handle.read()
    except LoadError:
        raise
    except IsADirectoryError:
        raise LoadError(name, "this is a folder, not a file") from None
    except FileNotFoundError:
        raise LoadError(name, "no such file") from None
    except PermissionError:
        raise LoadError(name, "permission denied") from None
    except OSError as error:
        raise LoadError(name, f"cannot read the file ({error.strerror or error})") from None
    return load_bytes(name, data)


def letter_files(paths: list[str]) -> list[str]:
    """Expand folders (recursively, sorted) to their .txt and .pdf files; files stay as given."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                found.extend(
                    os.path.join(root, f) for f in sorted(files) if f.lower().endswith(SUFFIXES)
                )
        else:
            found.append(path)
    return found
