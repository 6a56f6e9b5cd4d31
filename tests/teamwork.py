"""A team's day for the tests: three coders, thirty synthetic letters, known disagreements.
(The fixtures `main_db` and `assigned` are in conftest.py.)"""

from __future__ import annotations

from pathlib import Path

from gui.review import ReviewSession
from storage.queue import QueueQuery
from storage.store import Store

CODERS = ["ann", "bob", "cy"]


def main_database(folder: Path, letters: int, items: int, seed: int) -> Path:
    """A main database of ``letters`` synthetic letters with ``items`` items each."""
    import random

    from synthetic import random_letter, render

    from storage.importer import import_paths

    source = folder / "letters"
    source.mkdir()
    rng = random.Random(seed)
    for n in range(letters):
        text = render(random_letter(rng, n_items=items))
        (source / f"letter-{n:04d}.txt").write_text(text, encoding="utf-8")
    path = folder / "main.db"
    with Store.open(path) as store:
        import_paths(store, [str(source)], workers=1)
    return path


def shared_letters(plan) -> list[str]:
    """The sha256 of the letters every coder reviews, in a fixed order."""
    with Store.open(plan.files["ann"], readonly=True) as store:
        shas = dict(store.conn.execute("SELECT id, sha256 FROM letters"))
    return sorted(sha for letter_id, sha in shas.items()
                  if all(sha in _shas(plan.files[c]) for c in CODERS))  # fmt: skip


def _shas(path: Path) -> set[str]:
    with Store.open(path, readonly=True) as store:
        return {r[0] for r in store.conn.execute("SELECT sha256 FROM letters")}


def review(path: Path, coder: str, shared: list[str]) -> None:
    """One coder's day. On shared letter k (0-9): items [Upheld, Overturned] for k < 5, else
    [Upheld, Upheld]; patient age 40; a Conclusion highlight on the first word. Then:
    bob removes item 2 of shared letter 9; cy marks item 1 of shared letters 0 and 1 Overturned,
    gives age 41 on shared letters 0-4, and on 0-2 highlights the first two words instead."""
    with Store.open(path) as store:
        session = ReviewSession(store, coder)
        session.set_query(QueueQuery())
        for letter_id in list(session.ids):
            session.open(letter_id)
            assert session.letter is not None
            sha = session.letter.sha256
            if sha in shared:
                k = shared.index(sha)
                wanted = ["upheld", "overturned" if k < 5 else "upheld"]
                if coder == "cy" and k < 2:
                    wanted[0] = "overturned"
                for index, value in enumerate(wanted):
                    session.edit(f"items.{index}.determination", value, merge=False)
                session.edit("patient_age", 41 if coder == "cy" and k < 5 else 40)
                text = session.letter.text
                first = len(text) - len(text.lstrip())
                words = text[first:].split()
                end = first + len(words[0]) + (len(words[1]) + 1 if coder == "cy" and k < 3 else 0)
                session.set_current("case_number")
                session.add_highlight(first, end, "Conclusion")
                if coder == "bob" and k == 9:
                    session.set_current("items.1.request")
                    session.remove_item()
            session.done_and_next()
