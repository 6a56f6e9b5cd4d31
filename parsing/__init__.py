"""Letter parsing: files in, `imr-letter/1` records out. Pure Python: no Qt, no database."""

from .loading import LoadedLetter, LoadError, letter_files, load_bytes, load_file, printable_path
from .parser import PARSER_VERSION, parse_text, unsure_fields
from .schema import SCHEMA_ID, UNSURE_BELOW, Determination, Item, Layout, Letter, Sex, Span
from .text import canonical_text

__all__ = [
    "PARSER_VERSION",
    "SCHEMA_ID",
    "UNSURE_BELOW",
    "Determination",
    "Item",
    "Layout",
    "Letter",
    "LoadError",
    "LoadedLetter",
    "Sex",
    "Span",
    "canonical_text",
    "letter_files",
    "load_bytes",
    "load_file",
    "parse_text",
    "printable_path",
    "unsure_fields",
]
