"""Parsing many letter files at once (`imr-review parse`): spread over the CPU cores for large
batches, in this process for small ones, with every result in input order.

Each file becomes one JSON line: the `imr-letter/1` record with its "source" (and its canonical
"text" when asked), or {"source", "error"} for a file that cannot be read. Workers serialise
the records themselves, so the parent only writes lines. A worker process never outlives the
command (Linux: the kernel ends it when its parent dies).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext

from .loading import LoadError, load_file
from .parser import parse_text

IN_PROCESS_BELOW = 24  # fewer files than this are not worth starting worker processes for
_PR_SET_PDEATHSIG = 1

# (the error line for stderr or None, the JSON line for stdout)
Result = tuple[str | None, str]


def chunk_size(files: int, workers: int) -> int:
    """Enough files per task that handing them out costs little, few enough that the workers
    finish together: about eight tasks per worker, 1 to 64 files each."""
    return max(1, min(64, files // (workers * 8)))


def parse_file(path: str, with_text: bool = False) -> Result:
    """One file as a JSON line. Never raises."""
    source = json.dumps(path, ensure_ascii=False)
    try:
        loaded = load_file(path)
    except LoadError as error:
        line = f'{{"source": {source}, "error": {json.dumps(error.reason, ensure_ascii=False)}}}'
        return str(error), line
    record = parse_text(loaded.text).model_dump_json(by_alias=True)
    extra = f', "source": {source}'
    if with_text:
        extra += f', "text": {json.dumps(loaded.text, ensure_ascii=False)}'
    return None, record[:-1] + extra + "}"


def _parse_file_with_text(path: str) -> Result:
    return parse_file(path, True)


def parse_files(
    paths: list[str],
    *,
    with_text: bool = False,
    workers: int | None = None,
    mp_context: BaseContext | None = None,
) -> Iterator[Result]:
    """Every file's result, in input order."""
    workers = workers or os.cpu_count() or 1
    work = _parse_file_with_text if with_text else parse_file
    if workers <= 1 or len(paths) < IN_PROCESS_BELOW:
        yield from map(work, paths)
        return
    with ProcessPoolExecutor(workers, mp_context=mp_context, initializer=die_with_parent) as pool:
        yield from pool.map(work, paths, chunksize=chunk_size(len(paths), workers))


def die_with_parent() -> None:
    """In a worker process: end when the parent process ends, so none is left running after
    the command was killed."""
    parent = os.getppid()
    try:  # Linux: the kernel ends this process when its parent dies
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0 and os.getppid() == parent:
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:  # elsewhere: notice the parent is gone and leave
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
