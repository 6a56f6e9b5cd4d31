"""`imr-review assign`: split letters among coders, each into a work database of their own.

A chosen number of letters goes to every coder, another to two coders each, the rest to one
coder each; loads are balanced and the split is the same for the same seed. A work database
holds the letters (under the main database's ids, so "letter 12" means one letter to the whole
team), their newest predictions and the label set, and the main database's project id (so
`merge` knows where it belongs); no gold, no highlights, no audit rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

from ..store import Store, StoreError
from .meta import meta, set_meta

CODER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Assignment:
    """Who reviews what: letter id -> the coders it goes to; and where each coder's file is."""

    letters: dict[int, tuple[str, ...]]
    files: dict[str, Path]

    def count(self, coder: str) -> int:
        return sum(coder in coders for coders in self.letters.values())


def parse_count(text: str, total: int) -> int:
    """'10' letters, or '30%' of them."""
    text = text.strip()
    try:
        value = float(text[:-1]) * total / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise StoreError(
            f"{text!r} is neither a number of letters nor a share such as 30%"
        ) from None
    if not 0 <= value <= total or value != value:
        raise StoreError(f"{text!r}: give between 0 and {total} letters (or 0% to 100%)")
    return round(value)


def split(
    ids: list[int], coders: list[str], everyone: int, twice: int, seed: int
) -> dict[int, tuple[str, ...]]:
    """The deterministic split: ``everyone`` letters to all coders, ``twice`` to two each, the
    rest to one each, every coder's load as even as it can be."""
    if everyone + twice > len(ids):
        raise StoreError(
            f"{everyone} letters for everyone and {twice} for two coders is more than the {len(ids)} chosen"
        )
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    load = dict.fromkeys(coders, 0)
    rank = {coder: n for n, coder in enumerate(coders)}
    out: dict[int, tuple[str, ...]] = {}

    def lightest(k: int) -> tuple[str, ...]:
        chosen = sorted(coders, key=lambda c: (load[c], rank[c]))[:k]
        for coder in chosen:
            load[coder] += 1
        return tuple(sorted(chosen, key=rank.__getitem__))

    for n, letter_id in enumerate(order):
        if n < everyone:
            out[letter_id] = tuple(coders)
            for coder in coders:
                load[coder] += 1
        else:
            out[letter_id] = lightest(2 if n < everyone + twice and len(coders) > 1 else 1)
    return out


def choose_letters(
    store: Store, status: str, search: str | None, ids_file: Path | None
) -> list[int]:
    """The letters to assign: all, or those no one has finished (todo); narrowed by a search and
    by a list of letter ids or sha256 hashes (one per line)."""
    ids = store.letter_ids()
    if status == "todo":
        done = store.done_letter_ids()
        ids = [i for i in ids if i not in done]
    elif status != "all":
        raise StoreError(f"--status is todo or all, not {status!r}")
    if search:
        found = set(store.search(search))
        ids = [i for i in ids if i in found]
    if ids_file is not None:
        try:
            wanted = [line.strip() for line in ids_file.read_text(encoding="utf-8").splitlines()]
        except OSError as error:
            raise StoreError(f"cannot read {ids_file}: {error.strerror or error}") from None
        by_sha = {sha: i for i, sha in store.letter_shas().items()}
        picked: set[int] = set()
        for line in filter(None, wanted):
            letter_id = int(line) if line.isdigit() else by_sha.get(line.lower())
            if letter_id is None:
                raise StoreError(f"{ids_file}: {line!r} is neither a letter id nor a known sha256")
            picked.add(letter_id)
        ids = [i for i in ids if i in picked]
    return ids


def assign(
    store: Store,
    coders: list[str],
    out: Path,
    *,
    everyone: str = "0",
    twice: str = "0",
    status: str = "todo",
    search: str | None = None,
    ids_file: Path | None = None,
    seed: int = 0,
) -> Assignment:
    """Write one work database per coder into ``out`` (a new or empty folder) and a CSV of who
    reviews what. Existing files are never overwritten."""
    if not coders:
        raise StoreError("name at least one coder (--coders ann,bob,cy)")
    if len(set(coders)) != len(coders):
        raise StoreError("name each coder once (--coders ann,bob,cy)")
    for coder in coders:
        if not CODER_NAME.match(coder):
            raise StoreError(f"{coder!r} cannot name a coder: use letters, digits, '.', '_' or '-'")
    ids = choose_letters(store, status, search, ids_file)
    if not ids:
        raise StoreError("no letters match; nothing was assigned")
    doubled = parse_count(twice, len(ids))
    if doubled and len(coders) < 2:
        raise StoreError("--twice gives letters to two coders: name at least two coders "
                         "(nothing was assigned)")  # fmt: skip
    plan = split(ids, coders, parse_count(everyone, len(ids)), doubled, seed)
    files = {coder: out / f"{coder}.db" for coder in coders}
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    for path in [*files.values(), out / "assignment.csv"]:
        if path.exists():
            raise StoreError(f"{path} already exists; choose a new folder (nothing was written)")
    project = meta(store)["project_id"]
    labels = store.labels()
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for coder, path in files.items():
        mine = [letter_id for letter_id, who in plan.items() if coder in who]
        with Store.open(path) as work:
            mine.sort()  # each under its id in the main database: "letter 12" is one letter
            work.add_prepared([store.prepared(letter_id) for letter_id in mine], ids=mine)
            work.replace_labels(labels)
            with work.write() as conn:
                set_meta(conn, project_id=project, role="work", coder=coder, assigned_at=stamp,
                         seed=str(seed))  # fmt: skip
    shas = store.letter_shas()
    listing = os.open(out / "assignment.csv", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(listing, "w", encoding="utf-8", newline="") as handle:  # private, like the databases
        writer = csv.writer(handle)
        writer.writerow(["letter_id", "sha256", "coders"])
        for letter_id in sorted(plan):
            writer.writerow([letter_id, shas[letter_id], " ".join(plan[letter_id])])
    return Assignment(plan, files)
