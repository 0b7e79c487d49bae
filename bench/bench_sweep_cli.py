"""Benchmark: `python main.py sweep` as users run it (a whole process), against one solve_ivp per launch.

    python bench/bench_sweep_cli.py [--quick] [--repeat 5] [--memory]

The command integrates fans (bench_sweep.fan: k = 1, t_max 20, r_min 0.05, r_max 100, rtol 1e-10,
atol 1e-12, 201 samples) of two sizes, each run `--repeat` times in a new process timed from outside;
the best time of each size is kept (the machine is shared) and the marginal cost per launch is
(T(large) − T(small)) / (large − small), so that start-up, imports and the kernel's load drop out. The
per-launch loop (bench_sweep.NaiveLoop: sympy, lambdify, one solve_ivp RK45 call per launch) is measured in
this same run the same way, in process, on 100 and 1,000 launches, in rounds with the command's runs. Printed beside each: the worst position
error against the closed form (physics.exact), as bench_sweep.worst_error measures it, read back from the
NPZ the command wrote, on the same launches for both (the command's smaller fan is the loop's larger).
Goal: ratio ≥ 100 at a worst error no larger than the loop's. The processor time of each (all threads, the
child's rusage) is printed too: less disturbed than wall time when others share the machine.

--memory: one sweep of 10⁶ launches × 20 samples; prints its peak resident memory (the child's
ru_maxrss) beside the size of the file it wrote. Goal: peak ≤ 1.5 × file.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import numpy as np  # noqa: E402
from bench_sweep import SETTINGS, K, NaiveLoop, fan, worst_error  # noqa: E402

SIZES = (1000, 20000)  # the smaller is the loop's larger: the worst errors are compared on the same launches
LOOP_SIZES = (100, 1000)
GOAL_RATIO = 100.0
MEMORY_LAUNCHES = 1_000_000
MEMORY_SAMPLES = 20
MEMORY_GOAL = 1.5


def write_launches(path: Path, launches) -> None:
    with open(path, "w") as handle:
        handle.write("r0,theta0,vr0,omega0\n")
        for la in launches:
            handle.write(f"{la.r0!r},{la.theta0!r},{la.vr0!r},{la.omega0!r}\n")


def run_sweep(launches_csv: Path, out: Path, samples: int = SETTINGS.samples, root: Path = ROOT) -> tuple[float, int, float]:
    """Wall time of one `main.py sweep` process (of the checkout at `root`), timed from outside, its peak resident
    memory in bytes and the processor time it used (user + system, all its threads)."""
    # the writeback of the runs before (hundreds of MB each) would compete for the disk with this one, by chance more
    # or less: each run starts on a quiet disk, as on a quiet machine (not timed)
    os.sync()
    argv = [sys.executable, str(root / "main.py"), "sweep", "--k", repr(K), "--launches", str(launches_csv), "--out", str(out),
            "--t-max", repr(SETTINGS.t_max), "--samples", str(samples), "--r-min", repr(SETTINGS.r_min),
            "--r-max", repr(SETTINGS.r_max), "--rtol", repr(SETTINGS.rtol), "--atol", repr(SETTINGS.atol)]
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode()
    child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"sweep failed ({child.returncode}): {errors.strip()}")
    return wall, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime  # ru_maxrss is in kilobytes on Linux


def file_error(path: Path, launches) -> float:
    data = np.load(path)
    results = [(t, x, y, str(reason)) for t, x, y, reason in zip(data["t"], data["x"], data["y"], data["stop_reason"])]
    return worst_error(launches, results, K)


def speed(sizes, loop_sizes, repeat: int, roots: dict) -> None:
    """Rounds of: the loop on both its sizes, then each command on both sizes; a burst of load elsewhere hits all alike."""
    with tempfile.TemporaryDirectory(prefix="dipole-lab-bench-cli-") as folder:
        folder = Path(folder)
        fans = {n: fan(n) for n in sizes}
        for n in sizes:
            write_launches(folder / f"fan{n}.csv", fans[n])
        naive = NaiveLoop()
        loop_fans = {n: fan(n) for n in loop_sizes}
        naive.run(loop_fans[loop_sizes[0]][:2], K, SETTINGS)  # warm-up: imports
        for root in roots.values():
            run_sweep(folder / f"fan{sizes[0]}.csv", folder / "warm.npz", root=root)  # the kernel's cache, the files' pages
        loop_best = {n: math.inf for n in loop_sizes}
        loop_cpu = {n: math.inf for n in loop_sizes}
        loop_results = {}
        best = {label: {n: math.inf for n in sizes} for label in roots}
        cpu = {label: {n: math.inf for n in sizes} for label in roots}
        for _ in range(repeat):
            for n in loop_sizes:
                start, start_cpu = time.perf_counter(), time.process_time()
                loop_results[n] = naive.run(loop_fans[n], K, SETTINGS)
                loop_best[n] = min(loop_best[n], time.perf_counter() - start)
                loop_cpu[n] = min(loop_cpu[n], time.process_time() - start_cpu)
            for label, root in roots.items():
                for n in sizes:
                    wall, _, used = run_sweep(folder / f"fan{n}.csv", folder / f"{label[:8]}{n}.npz".replace(" ", "_"), root=root)
                    best[label][n], cpu[label][n] = min(best[label][n], wall), min(cpu[label][n], used)
        loop = (loop_best[loop_sizes[1]] - loop_best[loop_sizes[0]]) / (loop_sizes[1] - loop_sizes[0])
        loop_used = (loop_cpu[loop_sizes[1]] - loop_cpu[loop_sizes[0]]) / (loop_sizes[1] - loop_sizes[0])
        loop_error = worst_error(loop_fans[loop_sizes[1]], loop_results[loop_sizes[1]], K)
        rows = []
        for label in roots:
            command = (best[label][sizes[1]] - best[label][sizes[0]]) / (sizes[1] - sizes[0])
            command_cpu = (cpu[label][sizes[1]] - cpu[label][sizes[0]]) / (sizes[1] - sizes[0])
            error = file_error(folder / f"{label[:8]}{sizes[0]}.npz".replace(" ", "_"), fans[sizes[0]])
            rows.append((label, best[label], command, error, command_cpu))

    print(f"{'':44s} {'sizes':>13s} {'best times (s)':>18s} {'µs/launch':>10s} {'ratio':>7s} {'worst error':>12s}"
          f" {'cpu µs/launch':>14s} {'cpu ratio':>9s}")
    print(f"{'':44s} {'':13s} {'':18s} {'':10s} {'':7s} {'(' + str(loop_sizes[1]) + ' launches)':>12s}")
    print(f"{'per-launch loop (solve_ivp RK45, in process)':44s} {str(loop_sizes):>13s} "
          f"{loop_best[loop_sizes[0]]:8.3f} {loop_best[loop_sizes[1]]:8.3f} {loop * 1e6:10.1f} {1.0:7.1f} {loop_error:12.2e}"
          f" {loop_used * 1e6:14.1f} {1.0:9.1f}")
    for label, best, command, command_error, command_cpu in rows:
        print(f"{label:44s} {str(sizes):>13s} "
              f"{best[sizes[0]]:8.3f} {best[sizes[1]]:8.3f} {command * 1e6:10.1f} {loop / command:7.1f} {command_error:12.2e}"
              f" {command_cpu * 1e6:14.1f} {loop_used / command_cpu:9.1f}")
    label, _, command, command_error, _ = rows[0]
    met = loop / command >= GOAL_RATIO and command_error <= loop_error
    print(f"goal: ratio ≥ {GOAL_RATIO:g} at a worst error ≤ the loop's → {'met' if met else 'not met'} "
          f"(best of {repeat} rounds; the ratios are of figures measured in this run)")


def memory(root: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="dipole-lab-bench-mem-") as folder:
        folder = Path(folder)
        write_launches(folder / "million.csv", fan(MEMORY_LAUNCHES))
        wall, peak, _ = run_sweep(folder / "million.csv", folder / "million.npz", samples=MEMORY_SAMPLES, root=root)
        size = (folder / "million.npz").stat().st_size
        with np.load(folder / "million.npz") as data:
            assert data["x"].shape == (MEMORY_LAUNCHES, MEMORY_SAMPLES)
    print(f"sweep of {MEMORY_LAUNCHES:,} launches × {MEMORY_SAMPLES} samples: {wall:.1f} s, peak resident memory "
          f"{peak / 1e9:.2f} GB, file {size / 1e9:.2f} GB: {peak / size:.2f} × the file "
          f"(goal ≤ {MEMORY_GOAL:g}) → {'met' if peak <= MEMORY_GOAL * size else 'not met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes: 200 and 2,000 launches, the loop on 20 and 200")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of runs of each size; the best counts (default 3)")
    parser.add_argument("--memory", action="store_true", help="only the 10⁶-launch memory figure")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also time the command of another checkout (git archive COMMIT | tar -x -C DIR), in the same run")
    args = parser.parse_args()
    if args.memory:
        memory(args.before or ROOT)
        return 0
    sizes, loop_sizes = ((200, 2000), (20, 200)) if args.quick else (SIZES, LOOP_SIZES)
    print(f"Dipole Lab sweep command benchmark: k = {K}, t_max {SETTINGS.t_max}, r_min {SETTINGS.r_min}, r_max {SETTINGS.r_max}, "
          f"rtol {SETTINGS.rtol}, atol {SETTINGS.atol}, {SETTINGS.samples} samples, {os.cpu_count()} cores")
    roots = {"main.py sweep (whole process, from outside)": ROOT}
    if args.before:
        roots[f"  the same, of {args.before}"] = args.before.resolve()
    speed(sizes, loop_sizes, max(1, args.repeat), roots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
