"""Dipole Lab: run `python main.py` for the window, `python main.py --help` for the command line."""

import sys

from app.cli import parse_args, run_command


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command is None:
        from ui.startup import run  # PySide6 is imported only on the window's path

        return run(args)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
