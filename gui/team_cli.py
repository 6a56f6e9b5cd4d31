"""The team commands of `imr-review`: assign, merge, agreement (thin, over `storage.team`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_FAILED = 0, 1


def _open(args: argparse.Namespace, err: TextIO, reading: bool = False) -> Any:
    from gui.cli import _open_store  # the command line's one way of opening the database

    return _open_store(args, err, reading=reading)


def cmd_assign(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.team.assign import assign

    coders = [c.strip() for c in args.coders.split(",") if c.strip()]
    with _open(args, err, reading=True) as store:
        plan = assign(store, coders, Path(args.out), everyone=args.everyone, twice=args.twice,
                      status=args.status, search=args.search,
                      ids_file=Path(args.ids) if args.ids else None, seed=args.seed)  # fmt: skip
    from gui.cli import counted

    print(f"assigned {counted(len(plan.letters), 'letter')} (seed {args.seed}):", file=out)
    for coder, path in plan.files.items():
        print(f"  {coder}: {counted(plan.count(coder), 'letter')} in {path}", file=out)
    print(f"  who reviews what: {Path(args.out) / 'assignment.csv'}", file=out)
    return EXIT_OK


def cmd_merge(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.team.merge import merge

    with _open(args, err) as store:
        results = merge(store, [Path(p) for p in args.files])
    for result in results:
        print(result.summary(), file=err if result.error else out)
    return EXIT_FAILED if any(r.error for r in results) else EXIT_OK


def cmd_agreement(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.team.agreement import agreement, csv_text, markdown

    reviewers = [r.strip() for r in args.reviewers.split(",")] if args.reviewers else None
    with _open(args, err, reading=True) as store:
        result = agreement(store, status=args.status, reviewers=reviewers)
    from gui.cli import write_report
    from storage.export import check_file_target

    for target in (args.out, args.csv):  # both checked before either is written
        if target:
            check_file_target(Path(target))
    write_report(markdown(result), args.out, out)
    if args.csv:
        write_report(csv_text(result), args.csv, out, bom=True)
    return EXIT_OK


def register(sub: Any, db_help: str) -> None:
    """Add the team subcommands to the `imr-review` parser."""
    p = sub.add_parser("assign", help="split letters among coders, one work database each")
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.add_argument("--coders", required=True, help="comma-separated coder names: ann,bob,cy")
    p.add_argument("--out", required=True, help="a new folder for the work databases")
    p.add_argument(
        "--everyone",
        default="0",
        help="letters every coder reviews: a number or a share (10, 30%%)",
    )
    p.add_argument("--twice", default="0", help="letters two coders review: a number or a share")
    p.add_argument("--status", default="todo", choices=["todo", "all"],
                   help="todo (default): letters no one has finished; all: every letter")  # fmt: skip
    p.add_argument("--search", default=None, help="only letters matching these words")
    p.add_argument(
        "--ids", default=None, help="only the letters in this file (ids or sha256, one a line)"
    )
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same split")
    p.set_defaults(handler=cmd_assign)

    p = sub.add_parser("merge", help="bring coders' work databases back into the main database")
    p.add_argument("files", nargs="+", metavar="WORK.db", help="work databases made by assign")
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser(
        "agreement", help="agreement between coders on letters reviewed more than once"
    )
    p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    p.add_argument("--status", default="done", choices=["done", "all"],
                   help="done (default): only finished letters; all: any gold")  # fmt: skip
    p.add_argument("--reviewers", default=None, help="only these coders (comma-separated)")
    p.add_argument("--out", default=None, help="write the Markdown report here instead of stdout")
    p.add_argument("--csv", default=None, help="also write the figures as CSV (UTF-8 with BOM)")
    p.set_defaults(handler=cmd_agreement)
