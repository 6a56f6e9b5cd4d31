"""The `imr-review` command: a thin layer over `parsing` and `storage`.

Each subcommand calls one library function and turns its errors into one clear line.
With no subcommand it opens the review window; only then is Qt imported.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print one JSON object per file (JSON Lines, input order); exit 1 if any failed."""
    from parsing import LoadError, load_file, parse_text

    failed = 0
    for path in args.files:
        try:
            loaded = load_file(path)
        except LoadError as error:
            record = {"source": path, "error": error.reason}
            failed += 1
            print(f"imr-review parse: {error}", file=err)
        else:
            record = {**parse_text(loaded.text).to_json_dict(), "source": path}
            if args.text:
                record["text"] = loaded.text
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_FAILED if failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imr-review",
        description="Review parsed IMR determination letters and keep the corrections as gold data.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", help="parse letter files and print imr-letter/1 JSON Lines")
    p.add_argument("files", nargs="+", metavar="FILE", help=".txt or .pdf letter files")
    p.add_argument(
        "--text", action="store_true", help='include the canonical letter text as "text"'
    )
    p.set_defaults(handler=cmd_parse)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] | None = getattr(
        args, "handler", None
    )
    if handler is None:
        parser.print_help(out)
        return EXIT_USAGE
    try:
        return handler(args, out, err)
    except BrokenPipeError:
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("imr-review: interrupted", file=err)
        return 130


if __name__ == "__main__":
    sys.exit(main())
