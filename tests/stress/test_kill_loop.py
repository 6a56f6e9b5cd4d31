"""SIGKILL a real review window at random moments, many times; nothing confirmed saved is lost,
the database stays sound, and the app reopens on the letter that was open."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from synthetic import random_letter, render

from storage.importer import import_paths
from storage.store import Store

pytestmark = pytest.mark.stress
KILLS = int(os.environ.get("IMR_KILLS", "60"))
DRIVER = Path(__file__).with_name("drive_app.py")


_FIELDS = {
    ("SEND", "edit"): 5,
    ("ACK", "edit"): 5,
    ("ACK", "highlight"): 6,
    ("ACK", "done"): 3,
    ("ACK", "open"): 3,
}


def _complete(line: str) -> bool:
    """A whole driver line (a kill may cut the last one short)."""
    words = line.split()
    return (
        len(words) >= 2
        and len(words) == _FIELDS.get((words[0], words[1]), len(words))
        and "None" not in words
    )


def _collect(process: subprocess.Popen[str], into: list[str]) -> None:
    assert process.stdout is not None
    into.extend(line.strip() for line in process.stdout)


def test_kill_loop(tmp_path, samples_dir):
    db = tmp_path / "g.db"
    ini = tmp_path / "settings.ini"
    letters = tmp_path / "letters"
    letters.mkdir()
    generator = random.Random(7)
    for n in range(12):
        (letters / f"synthetic-{n:02d}.txt").write_text(render(random_letter(generator)))
    with Store.open(db) as store:
        import_paths(store, [str(samples_dir), str(letters)], workers=1)
    rng = random.Random(int(os.environ.get("IMR_KILL_SEED", "2026")))
    # For each (letter, field): the last value confirmed saved, and what was sent after it.
    confirmed: dict[tuple[int, str], str] = {}
    sent_after: dict[tuple[int, str], set[str]] = {}
    highlights: dict[int, tuple[int, int, int]] = {}
    done: set[int] = set()
    last_open: int | None = None
    switch_pending = False
    acks = kills = 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(sys.path)}
    for run in range(KILLS):
        process = subprocess.Popen(
            [sys.executable, str(DRIVER), str(db), str(ini), str(run)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        lines: list[str] = []
        reader = threading.Thread(target=_collect, args=(process, lines))
        reader.start()
        deadline = time.monotonic() + 30
        while not any(line.startswith("READY") for line in lines) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert any(line.startswith("READY") for line in lines), (
            process.stderr.read() if process.poll() is not None else "no READY"
        )
        time.sleep(rng.uniform(0.0, 1.2))  # a random moment mid-work
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join()
        kills += 1
        ready = next(line for line in lines if line.startswith("READY")).split()
        if last_open is not None and not switch_pending:
            assert int(ready[1]) == last_open, (
                f"run {run}: reopened on {ready[1]}, was on {last_open}"
            )
        switch_pending = False
        for line in lines:
            if not _complete(line):
                continue
            word, *rest = line.split()
            if word == "SEND" and rest[0] in ("open", "done"):
                switch_pending = (
                    True  # a switch was asked for; the kill may have come before its ACK
                )
            if word == "SEND" and rest[0] == "edit":
                key = (int(rest[1]), rest[2])
                sent_after.setdefault(key, set()).add(rest[3])
            elif word == "ACK":
                acks += 1
                if rest[0] == "edit":
                    key = (int(rest[1]), rest[2])
                    confirmed[key] = rest[3]
                    sent_after[key] = set()
                elif rest[0] == "highlight":
                    highlights[int(rest[2])] = (int(rest[1]), int(rest[3]), int(rest[4]))
                elif rest[0] == "done":
                    done.add(int(rest[1]))
                elif rest[0] == "open":
                    last_open = int(rest[1])
                    switch_pending = False
        with Store.open(db) as store:
            assert store.integrity_problems() == [], f"run {run}"
            for (letter, field), value in confirmed.items():
                gold = store.gold(letter, "ann")
                assert gold is not None, f"run {run}: letter {letter} lost its gold"
                stored = (
                    gold.record.case_number
                    if field == "case_number"
                    else (
                        gold.record.items[0].determination.value
                        if gold.record.items[0].determination
                        else None
                    )
                )
                assert stored == value or stored in sent_after.get((letter, field), set()), (
                    f"run {run}: {field} of letter {letter} is {stored!r}; {value!r} was confirmed saved"
                )
            stored_highlights = {
                h.id: (h.letter_id, h.start, h.end)
                for i in store.letter_ids()
                for h in store.highlights(i)
            }
            for highlight_id, expected in highlights.items():
                assert stored_highlights.get(highlight_id) == expected, (
                    f"run {run}: highlight {highlight_id} lost"
                )
            for letter in done:
                assert store.gold(letter, "ann").status == "done"
    print(
        f"\nkill loop: {kills} kills, {acks} changes confirmed saved, {len(confirmed)} fields, "
        f"{len(highlights)} highlights, {len(done)} letters done; lost: 0"
    )
    assert kills >= 50 and acks > kills
