"""`naervaer nlu`: print the recognizer's reading of a message as JSON.

`nlu "TEXT"` prints one object; `nlu --batch` reads one message per line from stdin and prints
one object per line, in order, so a labelled file can be checked in one process.
"""

import argparse
import json
import sys
from typing import TextIO

from content.nlu import DEFAULT_LOCALE, Recognizer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="naervaer nlu", description="Recognise intent and entities in a teacher's message."
    )
    parser.add_argument("text", nargs="?", help="the message to recognise")
    parser.add_argument("--batch", action="store_true", help="read one message per stdin line")
    parser.add_argument("--locale", default=DEFAULT_LOCALE, help="message locale (nb-NO, nn-NO)")
    return parser


def _dump(payload: dict[str, object]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def main(
    argv: list[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> int:
    """Exit code 0 on success, 2 on a usage error (argparse's convention)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.batch == (args.text is not None):
        parser.print_usage(sys.stderr)
        sys.stderr.write("naervaer nlu: give either TEXT or --batch\n")
        return 2
    recognizer = Recognizer()
    if args.text is not None:
        stdout.write(_dump(recognizer.recognize(args.text, args.locale).to_json()) + "\n")
        return 0
    for line in stdin:
        text = line.rstrip("\r\n")
        stdout.write(_dump(recognizer.recognize(text, args.locale).to_json()) + "\n")
    stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
