"""Loading sqlite-utils without pandas and numpy.

sqlite-utils imports pandas and numpy whenever they are installed, only to map their scalar
types to column types when rows holding them are inserted. The store never inserts such values
(all its writes are SQL over plain Python values), and loading the two costs about half a
second and 60 MB at each start of the review window. So they are kept out while sqlite-utils
loads; code that imports them later (the agreement report, the exports' tests) gets them as
usual.
"""

from __future__ import annotations

import sys

KEPT_OUT = ("pandas", "numpy")


def load() -> None:
    """Import sqlite-utils (once) with `KEPT_OUT` unimportable during its import only."""
    if "sqlite_utils.db" in sys.modules:
        return
    blocked = [name for name in KEPT_OUT if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # "import pandas" raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
