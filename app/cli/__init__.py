"""Command line of Dipole Lab: `python main.py SUBCOMMAND ...` (no Qt is imported here).

Subcommands are a contract other tools rely on; bad input prints one line naming the flag and
the problem on stderr and exits with status 2, with no traceback and no output file left behind.
Each subcommand has its module (simulate, equations, plot and animate, sweep); the flags they share
are in flags.py, the errors in errors.py. None of them imports this module, so there is no cycle.
"""

from __future__ import annotations

import argparse
import sys

from app.cli.engine import FAST_ENGINE_SECONDS, prepare_fast_engine
from app.cli.equations import add_equations
from app.cli.errors import EXIT_USAGE, CliError, Parser, Terminated, sigterm_as_exception
from app.cli.flags import check_output_path
from app.cli.plot import add_animate, add_plot
from app.cli.probe import add_probe
from app.cli.simulate import add_simulate
from app.cli.space import extend_with_space
from app.cli.sweep import add_sweep

__all__ = ["CliError", "EXIT_USAGE", "FAST_ENGINE_SECONDS", "build_parser", "check_output_path", "main", "parse_args",
           "prepare_fast_engine", "run_command"]

COMMANDS = [add_simulate, add_equations, add_plot, add_animate, add_sweep, add_probe]


def program_name() -> str:
    """What the user typed to run us: `dipole-lab` for an installed copy, else `main.py` (usage lines and errors)."""
    import os

    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "dipole-lab" if name.startswith("dipole-lab") else "main.py"


def build_parser() -> Parser:
    parser = Parser(
        prog=program_name(),
        description="Dipole Lab: a charged particle in the field of an electric dipole. "
        "With no subcommand, opens the window.",
    )
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the window offscreen into a PNG and exit")
    parser.add_argument("--preset", metavar="NAME", help="load a preset (window or --screenshot)")
    parser.add_argument("--session", metavar="FILE", help="open a saved session (window or --screenshot)")
    parser.add_argument("--theme", dest="window_theme", metavar="NAME", help="the window's theme: default, presentation or print")
    parser.add_argument("--screen", metavar="WxH", help="with --screenshot: render as maximised on a screen of this size (default 1600x1000)")
    parser.add_argument("--lang", dest="window_language", metavar="LANG",
                        help="the window's language: system, en or zh_CN (default: View > Language's choice, else the system's)")
    parser.add_argument("--panel", dest="window_panels", metavar="NAME", action="append",
                        help="open this analysis panel (repeatable; 'all' opens every one; 'challenge' the challenge's first level)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for add in COMMANDS:
        add(sub)
    extend_with_space(sub)  # the charge in space: --z0 --vz0, z0/vz0 columns, --view 3d (app/cli/space.py)
    return parser


def join_expression_flags(argv: list[str]) -> list[str]:
    """`--U -k/r` → `--U=-k/r`: argparse would take an expression that starts with '-' for a flag."""
    out, i = [], 0
    while i < len(argv):
        if argv[i] in EXPRESSION_FLAGS and i + 1 < len(argv):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


EXPRESSION_FLAGS = ("--U", "--T")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line's arguments; `command` is None when the window is asked for (main.py opens it)."""
    return build_parser().parse_args(join_expression_flags(sys.argv[1:] if argv is None else list(argv)))


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand (the window is main.py's: app/ never imports ui/)."""
    args = parse_args(argv)
    if args.command is None:
        print("main.py: error: give a subcommand (the window opens from main.py)", file=sys.stderr)
        return EXIT_USAGE
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    from app.custom_plotting import unhurried

    try:
        with sigterm_as_exception(), unhurried():  # no window to keep answering: the same drawing on a busy machine
            return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"main.py {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"main.py {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ArithmeticError as exc:
        print(f"main.py {args.command}: error: the numbers are too large to integrate ({exc})", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"main.py {args.command}: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print(f"main.py {args.command}: terminated", file=sys.stderr)
        return 128 + 15
