"""The fuzz corpus's second half: mutated file types and names. Letters (mutated as in
test_fuzz_corpus) are written under odd names (undecodable bytes, control characters, markup,
long names) and mixed with FIFOs, device files, links to them, dangling and looping links,
folders named like letters and sparse huge files. The import must finish within its time limit,
name every entry it refused, and store every readable letter."""

from __future__ import annotations

import os
import random
import stat

import pytest
from hostile import EXE, run_capped
from test_fuzz_corpus import mutate

from parsing import printable_path
from storage.store import Store

pytestmark = pytest.mark.stress
CASES = int(os.environ.get("IMR_FUZZ_NAMES", "2000"))
NAME_BITS = [b"\xff", b"\xe9", b"\n", b"\t", b"\x1b[31m", b"<img src=x.png>", b"<b>", b" ",
             b"-", b"\xe2\x80\xae", "Café".encode(), b"'", b'"', b"\\", b"%s", b"&amp;"]  # fmt: skip


def odd_name(rng: random.Random, n: int, suffix: bytes) -> bytes:
    bits = b"".join(rng.choice(NAME_BITS) for _ in range(rng.randint(0, 4)))
    name = b"m%05d" % n + bits
    if rng.random() < 0.05:
        name += b"x" * (250 - len(name) - len(suffix))  # near the 255-byte limit
    return name + suffix


def hostile_entry(folder: bytes, rng: random.Random, n: int) -> str | None:
    """Make one entry that is not a regular letter file; returns what it is (None: not made)."""
    path = os.path.join(folder, odd_name(rng, n, rng.choice([b".txt", b".pdf", b".TXT"])))
    kind = rng.choice(
        ["fifo", "zero", "urandom", "dangling", "loop", "folder", "sparse", "device", "fifo-link"]
    )
    if kind == "fifo":
        os.mkfifo(path)
    elif kind in ("zero", "urandom"):
        os.symlink(f"/dev/{kind}", path)
    elif kind == "dangling":
        os.symlink(b"/nonexistent/letter.txt", path)
    elif kind == "loop":
        os.symlink(path, path)
    elif kind == "folder":
        os.mkdir(path)
    elif kind == "sparse":
        with open(path, "wb") as handle:
            handle.truncate(rng.choice([11, 65, 300]) * 2**20)
    elif kind == "device":
        if os.geteuid() != 0:
            return None
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers
    elif kind == "fifo-link":
        target = path + b".fifo"
        os.mkfifo(target)
        os.symlink(target, path)
    return kind


def test_odd_names_and_file_types_import_without_a_hang(tmp_path, samples_dir):
    rng = random.Random(int(os.environ.get("IMR_FUZZ_SEED", "11")))
    seeds = [p.read_text() for p in sorted(samples_dir.glob("*.txt"))]
    folder = os.fsencode(tmp_path / "corpus")
    os.mkdir(folder)
    letters, hostile = 0, {}
    for n in range(CASES):
        if rng.random() < 0.2:
            kind = hostile_entry(folder, rng, n)
            if kind is not None:
                hostile[n] = kind
            continue
        with open(os.path.join(folder, odd_name(rng, n, b".txt")), "wb") as handle:
            handle.write(mutate(rng.choice(seeds), rng))
        letters += 1
    db = tmp_path / "f.db"
    result = run_capped([str(EXE), "import", "--db", str(db), os.fsdecode(folder)], timeout=900)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), result.stderr[-3000:]
    lines = result.stdout.splitlines()
    failed = [line for line in lines if line.startswith("failed: ")]
    assert all(line.isprintable() for line in lines)  # odd names never break a line
    assert "internal error" not in result.stdout
    for n, kind in hostile.items():  # every hostile entry is named, with its reason
        if kind == "folder":
            continue  # a folder named like a letter is walked like any folder
        prefix = printable_path(os.path.join(os.fsdecode(folder), f"m{n:05d}"))
        assert any(line.startswith(f"failed: {prefix}") for line in failed), (n, kind)
    with Store.open(db, readonly=True) as store:
        stored = store.letter_count()
        for letter_id in store.letter_ids():
            assert store.letter(letter_id).source_path.isprintable()
    print(
        f"\nfuzz names: {CASES} entries, {letters} mutated letters under odd names, "
        f"{len(hostile)} hostile entries ({', '.join(sorted(set(hostile.values())))}); "
        f"{stored} letters stored, {len(failed)} refused with their reason; hangs 0, crashes 0"
    )
