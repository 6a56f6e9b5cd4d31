"""What the parser reads from an item's two guideline texts: the guideline sources they name and
the pages the reviewer's cites. Used when a letter is parsed and again when a reviewer changes a
guideline text (`parsing/derived.py`)."""

from __future__ import annotations

import re

_SOURCES = (
    (
        "MTUS",
        re.compile(
            r"(?<!Non-)\bMTUS\b|Medical\s+Treatment\s+Utilization\s+Schedule", re.IGNORECASE
        ),
    ),
    ("ACOEM", re.compile(r"\bACOEM\b", re.IGNORECASE)),
    ("ODG", re.compile(r"\bODG\b|Official\s+Disability\s+Guidelines", re.IGNORECASE)),
    ("Non-MTUS", re.compile(r"\bNon-MTUS\b", re.IGNORECASE)),
)
# "based its decision on recommendation(s) outside of the MTUS": a decision not based on it.
_OUTSIDE_MTUS = re.compile(r"\boutside\s+(?:of\s+)?(?:the\s+)?MTUS\b", re.IGNORECASE)
_PAGES = re.compile(
    r"Pages?\s*\(s\)\s*:?\s*(?P<v>\d[\d\s,;&and-]*)|\bpages?\s+(?P<w>\d{1,4}(?:\s*-\s*\d{1,4})?)",
    re.IGNORECASE,
)


def guideline_facts(
    claims_administrator: str | None, reviewer: str | None
) -> tuple[list[str], list[str]]:
    """The guideline sources both guideline texts name, and the pages the reviewer's cites."""
    both = _OUTSIDE_MTUS.sub(" ", " ".join(v for v in (claims_administrator, reviewer) if v))
    sources = [name for name, pattern in _SOURCES if pattern.search(both)]
    return sources, _pages(reviewer or "")


def _pages(guideline: str) -> list[str]:
    pages: list[str] = []
    for match in _PAGES.finditer(guideline):
        raw = match.group("v") or match.group("w") or ""
        for piece in re.split(r"[,;&]|\band\b", raw):
            piece = re.sub(r"\s+", "", piece)
            if piece and piece not in pages:
                pages.append(piece)
    return pages
