"""The `imr-review` command: a thin layer over `parsing` and `storage`.

Each subcommand calls one library function and turns its errors into one clear line.
With no subcommand it opens the review window; only then is Qt imported.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print one JSON object per file (JSON Lines, input order); exit 1 if any failed. Large
    batches are parsed on every CPU core."""
    from parsing.batch import parse_files

    failed = 0
    for error, line in parse_files(args.files, with_text=args.text, workers=args.workers):
        if error is not None:
            failed += 1
            print(f"imr-review parse: {error}", file=err)
        out.write(line + "\n")
    out.flush()
    return EXIT_FAILED if failed else EXIT_OK


def counted(n: int, noun: str) -> str:
    """ "1 letter", "2 letters", "1,000 letters"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _open_store(args: argparse.Namespace, err: TextIO, reading: bool = False) -> Any:
    """Open the database; ``reading`` commands open an existing one read-only (so a read-only
    file serves them, and they never write), unless it first needs a schema upgrade."""
    from pathlib import Path

    from storage.paths import default_db_path
    from storage.store import NeedsUpgradeError, ReadOnlyError, Store, StoreError

    path = Path(args.db or default_db_path()).expanduser()
    store = None
    if reading and not path.exists():
        # A command that only reads never creates a database (a mistyped --db would otherwise
        # give an empty one, and an "ok" or an empty export).
        raise StoreError(f"no database at {path}; give the one to read with --db")
    upgrade: NeedsUpgradeError | None = None
    if reading:
        # An older schema cannot be read as it is: it is opened for writing below, which
        # upgrades it.
        try:
            store = Store.open(path, readonly=True)
        except NeedsUpgradeError as error:
            upgrade = error
    if store is None:
        try:
            store = Store.open(path, make_folder=not args.db)
        except ReadOnlyError:
            if upgrade is None:
                raise
            raise StoreError(
                f"{upgrade}, and it lies where nothing can be written: copy it to a folder you "
                "can write to and open the copy (the original is left as it is)"
            ) from None
    for notice in store.notices:
        print(f"imr-review: {notice}", file=err)
    return store


class _Progress:
    """A one-line progress bar on a terminal; silent when stderr is not one."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.active = err.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.active or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        width = 30
        filled = int(width * done / total) if total else width
        self.err.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        if done >= total:
            self.err.write("\n")
        self.err.flush()


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.importer import import_paths

    with _open_store(args, err) as store:
        summary = import_paths(store, args.paths, workers=args.workers, progress=_Progress(err))
        total = store.letter_count()
    rate = len(summary.imported) / summary.seconds if summary.seconds else 0.0
    speed = f", {rate:,.0f} letters/s" if rate >= 1 else ""
    print(
        f"imported {len(summary.imported)}, skipped {len(summary.duplicates)} as duplicates, "
        f"failed {len(summary.failed)} ({summary.seconds:.1f} s{speed}); "
        f"{counted(total, 'letter')} in {store.path}",
        file=out,
    )
    for path, reason in summary.failed:
        print(f"failed: {path}: {reason}", file=out)
    for path, reason in summary.notes:
        print(f"note: {path}: {reason}", file=out)
    if summary.stopped:
        print(f"imr-review import: stopped (Ctrl+C) after {summary.read} of {summary.files} "
              "files; the letters read are kept: the same command again imports the rest",
              file=err)  # fmt: skip
        return EXIT_INTERRUPTED
    return EXIT_OK if summary.ok else EXIT_FAILED


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.export import export

    with _open_store(args, err, reading=True) as store:
        result = export(
            store,
            args.format,
            args.out,
            status=args.status,
            reviewer=args.reviewer,
            split=args.split,
            seed=args.seed,
        )
    print(
        f"exported {counted(result.letters, 'letter')} as {args.format}: {', '.join(str(p) for p in result.written)}",
        file=out,
    )
    if result.letters == 0 and args.status == "done":
        print("imr-review export: no letter is marked done yet, so there was nothing to export; "
              "--status all exports every letter", file=err)  # fmt: skip
    for problem in result.refused:
        print(f"imr-review export: left out {problem} (see imr-review check)", file=err)
    return EXIT_FAILED if result.refused else EXIT_OK


def cmd_eval(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.evaluate import comparison_markdown, evaluation_markdown

    with _open_store(args, err, reading=True) as store:
        if args.compare:
            old, new = args.compare
            report = comparison_markdown(store, old, new, reviewer=args.reviewer)
        else:
            report = evaluation_markdown(store, args.reviewer)
    write_report(report, args.out, out)
    return EXIT_OK


def write_report(text: str, path: str | None, out: TextIO, bom: bool = False) -> None:
    """A report to its file (``path``; none: to ``out``), written as exports are: whole or not
    at all, never over a file that an earlier report or export did not write. ``bom``: UTF-8
    with a byte-order mark, which Excel needs to read a CSV's accents."""
    if not path:
        out.write(text)
        return
    from storage.export import atomic_file

    with atomic_file(Path(path), guard=True) as handle:
        handle.write(("\ufeff" if bom else "") + text)
    print(f"wrote {path}", file=out)


def cmd_reparse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from parsing import PARSER_VERSION
    from storage.evaluate import reparse_store

    with _open_store(args, err) as store:
        letters, added = reparse_store(store, _Progress(err))
    print(
        f"reparsed {counted(letters, 'letter')}: {counted(added, 'new prediction')} from parser {PARSER_VERSION} "
        "(gold untouched)",
        file=out,
    )
    return EXIT_OK


def cmd_labels(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.labels import read_label_file

    with _open_store(args, err, reading=not args.import_file) as store:
        if args.import_file:
            store.replace_labels(read_label_file(args.import_file))
            print(f"imported the label set from {args.import_file}", file=out)
        for label in store.labels():
            key = label["key"] or "-"
            print(
                f"{key}  {label['color']}  {label['name']}  {label['description']}".rstrip(),
                file=out,
            )
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.verify import gold_problems

    with _open_store(args, err, reading=True) as store:
        problems = store.integrity_problems()
        gold = [] if problems else gold_problems(store)
        count = store.letter_count()
        version = store.schema_version
    if problems or gold:
        for problem in problems:
            print(f"problem: {problem}", file=out)
        for found in gold:
            print(f"gold: {found}", file=out)
        return EXIT_FAILED
    print(
        f"ok: {store.path} is sound ({counted(count, 'letter')}, schema version {version}); every gold "
        "record agrees with its spans and its audit log replays to it",
        file=out,
    )
    return EXIT_OK


def cmd_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from gui.qt.app import run_app  # the only place Qt is imported from the command line

    return run_app(
        db=args.db, reviewer=args.reviewer, samples=not args.no_samples, adjudicate=args.adjudicate
    )


def _expected_errors() -> tuple[type[Exception], ...]:
    """Domain errors that become one clear line instead of a traceback."""
    from parsing.edits import PathError
    from storage.export import ExportError
    from storage.labels import LabelSetError
    from storage.store import StoreError

    return (StoreError, ExportError, LabelSetError, PathError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imr-review",
        description="Review parsed IMR determination letters and keep the corrections as gold data. "
        "With no command, opens the review window.",
    )
    parser.add_argument(
        "--db", help="the database file (default: imr-review/letters.db in the user data folder)"
    )
    parser.add_argument(
        "--reviewer", help="your name, recorded with every change (asked once if not given)"
    )
    parser.add_argument(
        "--no-samples",
        action="store_true",
        help="do not import the bundled sample letters into the default database when it is empty "
        "(a database named with --db never gets them)",
    )
    parser.add_argument(
        "--adjudicate",
        action="store_true",
        help="as a lead: settle where coders disagree (your records are kept as adjudications)",
    )
    parser.set_defaults(handler=cmd_review)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    db_help = "the database file (default: imr-review/letters.db in the user data folder)"

    p = sub.add_parser("parse", help="parse letter files and print imr-letter/1 JSON Lines")
    p.add_argument("files", nargs="+", metavar="FILE", help=".txt or .pdf letter files")
    p.add_argument(
        "--text", action="store_true", help='include the canonical letter text as "text"'
    )
    p.add_argument(
        "--workers", type=int, default=None, help="parsing processes (default: one per CPU core)"
    )
    p.set_defaults(handler=cmd_parse)

    p = sub.add_parser(
        "import", help="import .txt/.pdf letters (files or folders, recursively) into the database"
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.add_argument(
        "--workers", type=int, default=None, help="parsing processes (default: one per CPU core)"
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "export", help="export gold data as jsonl, csv, xlsx, brat, spacy or label-studio"
    )
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.add_argument(
        "--format", required=True, choices=["jsonl", "csv", "xlsx", "brat", "spacy", "label-studio"]
    )
    p.add_argument(
        "--out",
        required=True,
        help="the file (for brat, the folder) to write: a new name or an earlier export of imr-review",
    )
    p.add_argument(
        "--status",
        default="done",
        choices=["done", "all"],
        help="only letters marked done (default), or all",
    )
    p.add_argument(
        "--reviewer",
        default=None,
        help="export this reviewer's gold (default: the newest per letter)",
    )
    p.add_argument(
        "--split", default=None, help="e.g. 80,10,10: train/dev/test parts, each letter in one"
    )
    p.add_argument(
        "--seed", type=int, default=0, help="seed for --split (the same seed gives the same split)"
    )
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "eval", help="score the current parser against the gold data (Markdown report)"
    )
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.add_argument("--out", default=None, help="write the report to this file instead of stdout")
    p.add_argument("--reviewer", default=None, help="only this reviewer's gold")
    p.add_argument(
        "--compare",
        nargs=2,
        metavar=("OLD", "NEW"),
        default=None,
        help="list the letters and fields that got better or worse between two parser versions",
    )
    p.set_defaults(handler=cmd_eval)

    p = sub.add_parser(
        "reparse",
        help="run the current parser over every stored letter and add its predictions (gold untouched)",
    )
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.set_defaults(handler=cmd_reparse)

    p = sub.add_parser(
        "check",
        help="check the database: every page of the file (PRAGMA integrity_check), every gold "
        "record against its spans, and every audit log against the gold it should rebuild",
    )
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("labels", help="list the database's highlight labels, or import a label set")
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        help="an imr-labels/1 JSON file to make the label set",
    )
    p.set_defaults(handler=cmd_labels)

    from gui.team_cli import register

    register(sub, db_help)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.handler
    try:
        return handler(args, out, err)
    except _expected_errors() as error:
        print(f"imr-review: {error}", file=err)
        return EXIT_FAILED
    except sqlite3.Error as error:  # a damaged or locked database found mid-command
        from storage.store import friendly_error

        print(
            f"imr-review: {friendly_error(error, getattr(args, 'db', None) or 'the database')}",
            file=err,
        )
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("imr-review: interrupted", file=err)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
