"""The item fields the form does not show because the parser works them out from others: the
generic name from the treatment, the guideline sources and pages from the guideline texts, the
strength and refills from the request. When a reviewer changes one of the fields they come from,
they are worked out again, so that gold never keeps a value read from what is no longer there
(a treatment corrected to Norco kept "tramadol" as its generic name)."""

from __future__ import annotations

from .drugs import generic_name
from .guidelines import guideline_facts
from .request import read_request
from .schema import Item
from .text import collapse_with_map

# field changed -> the hidden fields worked out from it
DERIVED_FROM = {
    "treatment": ("generic_name",),
    "claims_administrator_guideline": ("guideline_sources",),
    "reviewer_guideline": ("guideline_sources", "guideline_pages"),
    "request": ("strength", "refills"),
}


def rederive(item: Item, changed: str) -> Item:
    """``item`` (a copy the caller owns) with the fields derived from ``changed`` worked out
    again from its current value; the same item when nothing is derived from it."""
    if changed == "treatment":
        item.generic_name = generic_name(item.treatment)[0] if item.treatment else None
    elif changed in ("claims_administrator_guideline", "reviewer_guideline"):
        sources, pages = guideline_facts(
            item.claims_administrator_guideline, item.reviewer_guideline
        )
        item.guideline_sources, item.guideline_pages = sources, pages
    elif changed == "request":
        parts = read_request(collapse_with_map(item.request, 0, len(item.request)))
        item.strength, item.refills = parts.strength, parts.refills
    return item
