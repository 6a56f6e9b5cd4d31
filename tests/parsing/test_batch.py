"""`imr-review parse` on many files: large batches go to worker processes on every core, small
ones stay in this process; either way each file gives one line, in input order, and a file that
cannot be read is one error line that does not stop the rest."""

from __future__ import annotations

import json
import multiprocessing

import pytest
from synthetic import random_letter, render

from parsing import canonical_text, parse_text
from parsing.batch import IN_PROCESS_BELOW, chunk_size, parse_files


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    import random

    folder = tmp_path_factory.mktemp("letters")
    rng = random.Random(3)
    paths = []
    for n in range(IN_PROCESS_BELOW + 16):
        path = folder / f"letter-{n:03d}.txt"
        path.write_text(render(random_letter(rng)), encoding="utf-8")
        paths.append(str(path))
    (folder / "empty.txt").write_bytes(b"")
    paths.insert(17, str(folder / "empty.txt"))
    return paths


@pytest.mark.parametrize("workers", [1, 2])
def test_every_file_gives_one_line_in_input_order(files, workers):
    context = multiprocessing.get_context("fork")
    results = list(parse_files(files, workers=workers, mp_context=context))
    assert len(results) == len(files)
    for path, (error, line) in zip(files, results, strict=True):
        record = json.loads(line)
        assert record["source"] == path
        if path.endswith("empty.txt"):
            assert error is not None and "empty" in error and record["error"]
            continue
        assert error is None
        with open(path, encoding="utf-8") as handle:
            expected = parse_text(canonical_text(handle.read())).to_json_dict()
        assert {k: v for k, v in record.items() if k != "source"} == expected


def test_text_is_included_when_asked(files):
    (error, line), *_ = parse_files(files[:1], with_text=True)
    with open(files[0], encoding="utf-8") as handle:
        expected = canonical_text(handle.read())
    assert error is None and json.loads(line)["text"] == expected


def test_chunks_keep_every_worker_busy():
    assert chunk_size(10, 2) == 1
    assert chunk_size(1000, 2) == 62
    assert chunk_size(100_000, 2) == 64
