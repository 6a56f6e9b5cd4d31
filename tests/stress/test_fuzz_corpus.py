"""A corpus of mutated real letters through the importer: cut, duplicated and shuffled sections,
flipped bytes, other encodings, truncation. Zero crashes, zero spans outside their letter."""

from __future__ import annotations

import os
import random
import re

import pytest

from storage.importer import import_paths
from storage.store import Store

pytestmark = pytest.mark.stress
CASES = int(os.environ.get("IMR_FUZZ_FILES", "8000"))
SECTIONS = re.compile(
    r"(?=HOW THE IMR|CLINICAL CASE SUMMARY|IMR ISSUES|Claims Administrator guideline:|MAXIMUS guideline:|Decision rationale:)"
)


def mutate(text: str, rng: random.Random) -> bytes:
    parts = [p for p in SECTIONS.split(text) if p]
    op = rng.choice(["cut", "duplicate", "shuffle", "flip", "truncate", "encode", "splice", "crlf"])
    if op == "cut" and len(parts) > 1:
        del parts[rng.randrange(len(parts))]
    elif op == "duplicate":
        k = rng.randrange(len(parts))
        parts.insert(k, parts[k])
    elif op == "shuffle":
        rng.shuffle(parts)
    joined = "".join(parts)
    if op == "truncate":
        joined = joined[: rng.randrange(len(joined) + 1)]
    if op == "splice":
        a = rng.randrange(len(joined) + 1)
        joined = (
            joined[:a]
            + rng.choice(["Upheld", ": Overturned\n", "#", "Page 2 of 9\n", "😀", "\x0c", "\r"])
            + joined[a:]
        )
    if op == "crlf":
        joined = joined.replace("\n", "\r\n")
    data = joined.encode(
        "utf-8" if op != "encode" else rng.choice(["utf-16", "cp1252", "latin-1"]), errors="replace"
    )
    if op == "flip" and data:
        buffer = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
        data = bytes(buffer)
    return data


def test_mutated_letters_import_without_a_crash_or_a_stray_span(tmp_path, samples_dir):
    rng = random.Random(int(os.environ.get("IMR_FUZZ_SEED", "11")))
    seeds = [p.read_text() for p in sorted(samples_dir.glob("*.txt"))]
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(CASES):
        (folder / f"m{n:05d}.txt").write_bytes(mutate(rng.choice(seeds), rng))
    with Store.open(tmp_path / "f.db") as store:
        summary = import_paths(store, [str(folder)], workers=2)
        internal = [f for f in summary.failed if "internal" in f[1]]
        assert internal == []
        for path, reason in summary.failed:  # only the reader's own refusals
            assert reason.startswith(("the file is", "the file holds only whitespace")), (
                path,
                reason,
            )
        spans = 0
        for letter_id in store.letter_ids():
            text = store.letter(letter_id).text
            prediction = store.prediction(letter_id)
            assert not any(w.startswith("internal parser error") for w in prediction.warnings), (
                letter_id
            )
            for start, end in prediction.spans.values():
                assert 0 <= start <= end <= len(text)
                spans += 1
            for item in prediction.items:
                if item.rationale:
                    assert 0 <= item.rationale.start <= item.rationale.end <= len(text)
    print(
        f"\nfuzz corpus: {CASES} mutated files, {len(summary.imported)} imported, {len(summary.duplicates)} duplicates, "
        f"{len(summary.failed)} refused by the reader, {spans} spans checked; crashes 0"
    )
