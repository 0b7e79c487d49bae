"""`python main.py sweep`: integrate every launch of a CSV file at once and write their samples (NPZ or CSV).

    python main.py sweep --k K --launches FILE.csv [--t-max 20] [--samples 201] [--r-min 0.05]
        [--r-max 100] [--rtol 1e-10] [--atol 1e-12] [--potential NAME [--param NAME=VALUE ...] | --U TEXT [--T TEXT]]
        --out FILE.npz|FILE.csv [--json]

The launches file has a header with either the columns x0,y0,vx0,vy0 or r0,theta0,vr0,omega0 (θ in
radians, omega = dθ/dt; other columns are ignored). The NPZ holds t, x, y, vx, vy, r, theta, vr,
omega, energy, C of shape (N, samples), each row uniform in t from 0 to that launch's stop, plus
stop_reason (N strings, as in `simulate`), t_end (N), k and a JSON summary (C is NaN, and the summary
names the potential, for potentials other than the point dipole: app/cli/potential.py). A .csv output has one
row per sample: launch (1 = the first row after the header), then those columns (C empty where NaN). Either
is written as the launches are integrated, a chunk at a time (app/files/sweep_file.py). A bad row is refused
with its number (1 = the first row after the header), exit status 2 and no output file.

This module imports nothing heavy at the top: app/cli/__init__.py imports it to register the subcommand.
"""

from __future__ import annotations

from app.cli.errors import CliError
from app.cli.flags import add_integration_flags, check_output_path, dipole_strength, settings_from_args
from app.cli.potential import add_potential_flags

MAX_VALUES = 20_000_000  # launches × samples: each of the 11 columns is held in memory at once
MAX_LAUNCHES = MAX_VALUES // 2  # rows of a launches file (at the fewest samples, 2)
MAX_LINE = 10_000  # characters in one line of a launches file
POLAR = ("r0", "theta0", "vr0", "omega0")
CARTESIAN = ("x0", "y0", "vx0", "vy0")


def add_sweep(sub) -> None:
    p = sub.add_parser(
        "sweep",
        help="integrate many launches from a CSV file at once and write their samples (NPZ or CSV)",
        description="Integrate every launch of a CSV file (columns x0,y0,vx0,vy0 or r0,theta0,vr0,omega0) with the "
        "batch engine and write arrays of shape (launches, samples) to an NPZ file, or one row per sample to a CSV "
        "file, as the launches are integrated. With z0,vz0 columns the launches are in space (NPZ only).",
    )
    p.add_argument("--k", type=dipole_strength, required=True, help="signed dipole strength")
    p.add_argument("--launches", required=True, metavar="FILE.csv", help="CSV file with a header and one launch per row")
    add_integration_flags(p, samples=201)
    add_potential_flags(p)
    p.add_argument("--out", required=True, metavar="FILE.npz|FILE.csv", help="output file (.npz, or .csv: one row per sample)")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.set_defaults(handler=run_sweep)


def run_sweep(args) -> int:
    import json
    import threading
    import time

    from app.cli.engine import prepare_fast_engine
    from app.cli.potential import check_finite_start, describe, model_args, prepare_from_args
    from app.cli.progress import SweepProgress
    from app.files.sweep_file import write_sweep
    from physics.integration.batch import sweep

    started = time.perf_counter()
    out = check_output_path(args.out, (".npz", ".csv"))
    settings = settings_from_args(args, method="DOP853")
    launches = read_launches(args.launches, settings.r_min, settings.r_max, max_launches=MAX_VALUES // settings.samples)
    prepared = prepare_from_args(args)  # None: the point dipole
    check_finite_start(prepared, args.k, launches, lambda i: f"--launches {args.launches!r}: row {i + 1}")
    # load (or compile, once per install, saying so) the kernel, and learn which engine runs; the clock runs through it
    engine = prepare_fast_engine(model=prepared and prepared.model, settings=settings)
    info = {
        "launches": len(launches),
        "samples": settings.samples,
        "k": args.k,
        "stop_reasons": None,  # counted as the chunks are written
        "engine": engine,
        "out": str(out),
    }
    if prepared is not None:
        info["potential"] = describe(prepared)
    progress = SweepProgress(len(launches))
    try:
        # a chunk of launches at a time, from the kernel's arrays straight into the file
        stop = threading.Event()  # set if the writing stops early: the engine's threads stop too
        chunks = sweep(launches, args.k, settings, **model_args(prepared), stop=stop, reuse=True)
        counts = write_sweep(out, chunks, len(launches), settings.samples, args.k, info, on_chunk=progress, stop=stop)
    except MemoryError:
        raise CliError(f"not enough memory for {len(launches)} launches × {settings.samples} samples: use fewer") from None
    except OSError as exc:
        raise CliError(f"--out {args.out!r}: cannot write: {exc.strerror or exc}") from None
    finally:
        progress.finish()
    info["stop_reasons"] = counts
    info["wall_time_s"] = round(time.perf_counter() - started, 6)
    if args.json:
        print(json.dumps(info, allow_nan=False))
    else:
        parts = ", ".join(f"{n} {reason}" for reason, n in counts.items())
        print(f"integrated {len(launches)} launches in {info['wall_time_s']:.3g} s ({parts}); wrote {out}")
    return 0


def read_launches(path: str, r_min: float, r_max: float, max_launches: int = MAX_LAUNCHES):
    """The launches of a CSV file as a batch.LaunchRows (a sequence of LaunchStates held as an array of their
    polar values), refusing the first bad row with its number (CliError).

    The file is read as a stream, a line at a time, and refused as soon as a line is longer than
    MAX_LINE characters or it holds more than `max_launches` launches (`--launches /dev/zero` grew
    past 5 GB of memory when the whole file was read first).
    """
    import csv


    where = f"--launches {path!r}"
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return _read_rows(csv.reader(_bounded_lines(handle, where)), where, r_min, r_max, max_launches)
    except OSError as exc:
        raise CliError(f"{where}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CliError(f"{where}: not a CSV text file: {exc}") from None


def _bounded_lines(handle, where: str):
    """The file's lines, refusing a line longer than MAX_LINE characters or one holding a NUL byte."""

    number = 0
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise CliError(f"{where}: line {number} is longer than {MAX_LINE} characters: not a launches file")
        if "\0" in line:
            raise CliError(f"{where}: line {number} holds a NUL byte: not a CSV text file")
        yield line


def _read_rows(reader, where: str, r_min: float, r_max: float, max_launches: int) -> list:
    import math
    from array import array

    import numpy as np

    from app.text import read_number
    from physics.integration.batch import LaunchRows
    from physics.integration.contract import r0_problem
    from physics.launch import MAX_SIZE, LaunchState

    lines = ((number, row) for number, row in enumerate(reader, start=1) if "".join(row).strip())  # skip blank rows
    first = next(lines, None)
    if first is None:
        raise CliError(f"{where}: the file is empty: it needs a header x0,y0,vx0,vy0 or r0,theta0,vr0,omega0")
    header_line, header = first
    names = [cell.strip().lower() for cell in header]
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        raise CliError(f"{where}: the header names column {duplicates[0]!r} twice")
    has_polar = all(n in names for n in POLAR)
    has_cartesian = all(n in names for n in CARTESIAN)
    if has_polar and has_cartesian:
        raise CliError(f"{where}: the header has both polar (r0,theta0,vr0,omega0) and Cartesian (x0,y0,vx0,vy0) columns: keep one set")
    if not has_polar and not has_cartesian:
        wanted = POLAR if sum(n in names for n in POLAR) > sum(n in names for n in CARTESIAN) else CARTESIAN
        missing = next(n for n in wanted if n not in names)
        raise CliError(
            f"{where}: line {header_line}: the header lacks column {missing!r} "
            "(it needs x0,y0,vx0,vy0 or r0,theta0,vr0,omega0)"
        )
    wanted = POLAR if has_polar else CARTESIAN
    positions = [names.index(n) for n in wanted]
    values_read = array("d")  # r0, theta0, vr0, omega0 of each launch in turn: 32 bytes a launch
    q0, q1, q2, q3 = positions
    last, columns = max(positions), len(names)
    for row_number, (line, row) in enumerate(lines, start=1):
        # the usual row, in a few microseconds: four finite numbers that make a launch inside the range;
        # any other row takes the path below, which accepts it as well or names what is wrong with it
        if row_number <= max_launches and last < len(row) <= columns:
            try:
                a, b, c, d = float(row[q0]), float(row[q1]), float(row[q2]), float(row[q3])
            except ValueError:
                a = b = c = d = math.nan
            if has_polar:
                # LaunchState's own bounds (physics/launch.py), with r0 strictly between r_min and r_max
                if r_min < a < r_max and a <= MAX_SIZE and abs(b) <= MAX_SIZE and abs(c) <= MAX_SIZE and abs(a * d) <= MAX_SIZE:
                    values_read.extend((a, b, c, d))
                    continue
            elif math.isfinite(a + b + c + d) and r_min < math.hypot(a, b) < r_max:
                try:
                    launch = LaunchState.from_cartesian(a, b, c, d)
                except ValueError:
                    pass
                else:
                    values_read.extend((launch.r0, launch.theta0, launch.vr0, launch.omega0))
                    continue
        at = f"{where}: row {row_number} (line {line})"
        if row_number > max_launches:
            raise CliError(f"{at}: more than {max_launches} launches (at most {MAX_VALUES} launches × samples): "
                           "split the file or use fewer --samples")
        if len(row) <= max(positions):
            missing = next(name for name, position in zip(wanted, positions) if position >= len(row))
            raise CliError(f"{at}: {len(row)} values for {len(names)} columns: column {missing!r} is missing")
        if len(row) > len(names):
            raise CliError(f"{at}: {len(row)} values for {len(names)} columns")
        values = []
        for name, position in zip(wanted, positions):
            text = row[position].strip()
            try:
                values.append(read_number(text, f"{at}: {name}"))
            except ValueError as exc:
                raise CliError(str(exc)) from None
        r0 = values[0] if has_polar else math.hypot(values[0], values[1])
        if problem := r0_problem(r0, r_min, r_max):
            raise CliError(f"{at}: {problem} (--r-min, --r-max)")
        try:
            launch = LaunchState(*values) if has_polar else LaunchState.from_cartesian(*values)
        except ValueError as exc:
            raise CliError(f"{at}: {exc}") from None
        values_read.extend((launch.r0, launch.theta0, launch.vr0, launch.omega0))
    if not values_read:
        raise CliError(f"{where}: no launches after the header")
    return LaunchRows(np.frombuffer(values_read, dtype=float).reshape(-1, 4))
