"""Dipole Lab: run `python main.py` for the window, `python main.py --help` for the command line."""

import sys

from app.cli import parse_args, run_command


def main(argv: list[str] | None = None, end_process: bool = False) -> int:
    """Open the window (no subcommand) or run a subcommand; `end_process` ends the process as soon as the
    window closes instead of waiting for the interpreter's slow teardown."""
    args = parse_args(argv)
    if args.command is None:
        from ui.startup import exit_now, run  # PySide6 is imported only on the window's path

        status = run(args)
        if end_process and args.screenshot is None:
            exit_now(status)
        return status
    return run_command(args)


def entry_point() -> int:
    """The `dipole-lab` command of an installed copy (pyproject.toml): exactly `python main.py`."""
    return main(end_process=True)


if __name__ == "__main__":
    sys.exit(main(end_process=True))
