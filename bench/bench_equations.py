"""Time of `python main.py equations --U "-k/r"` beside the floor it cannot beat: one process importing sympy.

    python bench/bench_equations.py [--repeats N]

A typed potential is derived in a worker process (physics/safe_derive.py). On Linux the command, which
has one thread and has imported sympy by then, forks it, so the worker needs no sympy import of its own
and the command costs about one sympy import plus the derivation (about 0.35 s of CPU for -k/r). The
goal in issue 12 is under 2 s on a quiet machine; on a busy one the ratio to the floor is the figure to
compare (issue 12: 2.91 before, 1.94 after, in one run at load 4 on two cores). Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    floor_cmd = [sys.executable, "-c", "import sympy"]
    command = [sys.executable, "main.py", "equations", "--U", "-k/r"]
    timed(floor_cmd), timed(command)  # warm the disk cache
    floor, derive = [], []
    for _ in range(args.repeats):
        floor.append(timed(floor_cmd))
        derive.append(timed(command))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    f, d = statistics.median(floor), statistics.median(derive)
    print(f"load average {load:.2f} on {os.cpu_count()} cores, {args.repeats} runs each (medians)")
    print(f"import sympy            {f:.2f} s")
    print(f"equations --U \"-k/r\"    {d:.2f} s   ratio {d / f:.2f}")


if __name__ == "__main__":
    main()
