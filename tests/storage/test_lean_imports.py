"""Opening the store does not load pandas or numpy (sqlite-utils imports them whenever they are
installed, half a second and 60 MB at every start of the window), and both still import
afterwards for the code that needs them (the agreement report)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from storage.store import Store
with Store.open(sys.argv[1]) as store:
    store.letter_count()
print(sorted(m for m in ("pandas", "numpy") if m in sys.modules))
import numpy
print(numpy.__name__)
"""


def test_the_store_opens_without_pandas_or_numpy_which_still_import_later(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "letters.db")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["[]", "numpy"]
