"""Regenerate the export schema files in a folder: ``python -m storage.export docs``."""

import sys
from pathlib import Path

from .record import docs_files

for name, content in docs_files().items():
    (Path(sys.argv[1] if len(sys.argv) > 1 else "docs") / name).write_text(
        content, encoding="utf-8"
    )
